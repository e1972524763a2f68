/*  fuzz.h - the libFuzzer entry point every tests/fuzz/fuzz_<name>.c defines.
 *
 *  The same function is linked either into a libFuzzer binary (HR_FUZZ=ON, clang) or into the
 *  corpus replay driver (replay.c), so a target must not keep state between calls, must free
 *  everything it allocates, and must return 0.
 */
#ifndef HR_FUZZ_H
#define HR_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
