/*  hr-analytics - facts from the company's attendance, performance and training data, with
 *  provenance (issue 6). The service is described in an_server.c; README.md is its manual.
 */
#include "an.h"

int main(int argc, char **argv)
{
    an_server_t self = {0};
    return hr_daemon_main(&an_service, &self, argc, argv);
}
