/*  replay - feeds every file of a corpus directory to LLVMFuzzerTestOneInput once.
 *
 *  Built with any compiler, so CI replays each corpus under ASan/UBSan even without clang's
 *  libFuzzer. Usage: fuzz_replay_<name> DIR. Exits non-zero if DIR holds no file (an empty
 *  corpus would make the test pass without testing anything); a crash is a sanitizer abort.
 */
#include "fuzz.h"
#include "hr_base.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define S_MAX_INPUT (4 * 1024 * 1024) // a seed larger than this is a mistake in the corpus

static int s_replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    uint8_t *buf = hr_alloc(S_MAX_INPUT);
    size_t n = fread(buf, 1, S_MAX_INPUT, f);
    int rc = ferror(f) ? -1 : 0;
    fclose(f);
    if (!rc)
        LLVMFuzzerTestOneInput(buf, n);
    hr_free(buf);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    DIR *d = opendir(argv[1]);
    if (!d) {
        fprintf(stderr, "cannot open %s\n", argv[1]);
        return 1;
    }
    int count = 0, failed = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *path = hr_strfmt("%s/%s", argv[1], e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            if (s_replay_file(path)) {
                fprintf(stderr, "cannot read %s\n", path);
                failed++;
            }
            count++;
        }
        hr_free(path);
    }
    closedir(d);
    printf("replayed %d inputs from %s\n", count, argv[1]);
    return count == 0 || failed ? 1 : 0;
}
