/*  hr-evidence - files and records that hold up afterwards: content-addressed encrypted blobs,
 *  a hash-chained audit log, signatures, retention and legal hold (services/evidence/README.md).
 */
#include "ev.h"

int main(int argc, char **argv)
{
    ev_server_t self = {0};
    return hr_daemon_main(&ev_service, &self, argc, argv);
}
