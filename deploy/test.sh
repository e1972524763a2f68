#!/usr/bin/env bash
# test.sh - the README's second command: install what is missing, build with warnings as errors
# and sanitizers on, run every CTest test. Exits non-zero on any failure.
#
#   deploy/test.sh                 everything
#   deploy/test.sh -L law          extra arguments go to ctest
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

deploy/install-deps.sh

if [[ -x .ci/checksrc ]]; then
    .ci/checksrc
fi

build="$root/build-test"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHR_WERROR=ON -DHR_SANITIZE=ON \
    -DHR_FUZZ="${HR_FUZZ:-OFF}" >/dev/null
cmake --build "$build" -j "$(nproc)"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
cd "$build"
ctest --output-on-failure -j "$(nproc)" --timeout 600 "$@"
