/*  hr-assistant - interview preparation sheet and live prompts during the interview.
 *
 *  Today the daemon stands on the platform alone: it starts from its config file, opens its
 *  store, answers sys.Ping and sys.Status on its ROUTER and stops cleanly on SIGTERM.
 */
#include "hr.h"

int main(int argc, char **argv)
{
    static const hr_service_t service = {.name = "assistant", .schema_version = 1};
    return hr_daemon_main(&service, NULL, argc, argv);
}
