/*  nt_test - the notify unit tests' store: a temp directory holding a real LMDB environment with
 *  notify's dbs, and an arena; opened by a test's setup, closed by its teardown.
 */
#ifndef NT_TEST_H
#define NT_TEST_H

#include "nt.h"
#include "hr_test.h"

// Opens a store under a new temp dir named after name: 0, or -1 (cmocka's setup failure) when
// the store does not open. *dir_out, *store_out and *arena_out are owned by the caller (close
// them with nt_test_store_close, also after a failure).
static inline int nt_test_store_open(const char *name, char **dir_out, hr_store_t **store_out,
                                     hr_arena_t **arena_out)
{
    *dir_out = hr_test_tmpdir(name);
    hr_store_opts_t opts = {.dir = *dir_out, .mapsize_mb = 16, .dbs = nt_dbs, .schema_version = 1};
    char *err = NULL;
    *store_out = hr_store_open(&opts, &err);
    hr_free(err);
    *arena_out = hr_arena_new(0);
    return *store_out ? 0 : -1;
}

static inline void nt_test_store_close(char **dir, hr_store_t **store, hr_arena_t **arena)
{
    hr_store_destroy(store);
    hr_arena_destroy(arena);
    hr_test_rmdir(*dir);
    hr_free(*dir);
    *dir = NULL;
}

#endif
