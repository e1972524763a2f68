/*  hr-workflow - the dismissal case from the manager's request to the closing documents:
 *  directory, templates, calendar, cases, steps, deadlines and escalation (issue 4).
 *
 *  Everything lives in wf_core (wf_server.c describes the service); main only hands it to the
 *  platform's daemon loop.
 */
#include "wf.h"

int main(int argc, char **argv)
{
    wf_server_t self = {0};
    return hr_daemon_main(&wf_service, &self, argc, argv);
}
