/*  ctl_keys - `hrctl keys DIR`: a CURVE key directory for a bus over tcp:// (hr_curve.h).
 *
 *  DIR/<name>.key (0600) for each of the six daemons and for hrctl, and DIR/public/<name>.pub
 *  for each: give every host the public/ directory and the .key files of the parties it runs,
 *  and set keys/curve_dir to DIR in each daemon's config. Existing keys are never overwritten
 *  (exit 1); a new party or a changed key means a new directory and a restart of the daemons.
 */
#include "ctl.h"
#include "hr.h"

int ctl_keys_main(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: hrctl keys DIR   (CURVE keys for the six daemons and hrctl)\n");
        return CTL_EXIT_USAGE;
    }
    const char *names[16];
    size_t n = 0;
    for (size_t i = 0; ctl_services[i] && n < 14; i++)
        names[n++] = ctl_services[i];
    names[n++] = "hrctl";
    names[n] = NULL;
    char *err = NULL;
    if (hr_curve_make_keys(argv[1], names, &err)) {
        fprintf(stderr, "hrctl keys: %s\n", err);
        hr_free(err);
        return CTL_EXIT_FAIL;
    }
    printf("%s: keys for %zu parties; public keys in %s/public\n"
           "set keys/curve_dir = \"%s\" in every daemon's config (tcp:// endpoints)\n",
           argv[1], n, argv[1], argv[1]);
    return CTL_EXIT_OK;
}
