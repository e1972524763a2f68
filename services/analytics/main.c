/*  hr-analytics - facts from the company's attendance, performance and training data, with
 * provenance; process metrics; early warnings (issue 6).
 *
 *  Today the daemon stands on the platform alone: it starts from its config file, opens its
 *  store, answers sys.Ping and sys.Status on its ROUTER and stops cleanly on SIGTERM.
 */
#include "hr.h"

int main(int argc, char **argv)
{
    static const hr_service_t service = {.name = "analytics", .schema_version = 1};
    return hr_daemon_main(&service, NULL, argc, argv);
}
