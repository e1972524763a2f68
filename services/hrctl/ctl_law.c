/*  ctl_law - `hrctl law check` and `hrctl law grounds` (contracts/law-check.md).
 *
 *  Placeholder until the legality engine lands: refuses with exit 2 and says so.
 */
#include "ctl.h"

int ctl_law_main(int argc, char **argv)
{
    HR_UNUSED(argc);
    HR_UNUSED(argv);
    fprintf(stderr, "hrctl law: not built yet\n");
    return CTL_EXIT_USAGE;
}
