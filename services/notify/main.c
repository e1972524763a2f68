/*  hr-notify - email, SMS and IM messages that arrive, with superiors in copy: a persistent
 *  send queue with Postfix-style retries (services/notify/README.md).
 *
 *  curl_global_init() runs here, once, before any sender thread starts (it is not thread-safe).
 */
#include "nt.h"

int main(int argc, char **argv)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
        fprintf(stderr, "hr-notify: curl_global_init failed\n");
        return 1;
    }
    nt_server_t self = {0};
    int rc = hr_daemon_main(&nt_service, &self, argc, argv);
    curl_global_cleanup();
    return rc;
}
