/*  hr-workflow - the dismissal case from the manager's request to the closing documents: directory,
 * templates, calendar, cases, steps, deadlines and escalation (issue 4).
 *
 *  Today the daemon stands on the platform alone: it starts from its config file, opens its
 *  store, answers sys.Ping and sys.Status on its ROUTER and stops cleanly on SIGTERM.
 */
#include "hr.h"

int main(int argc, char **argv)
{
    static const hr_service_t service = {.name = "workflow", .schema_version = 1};
    return hr_daemon_main(&service, NULL, argc, argv);
}
