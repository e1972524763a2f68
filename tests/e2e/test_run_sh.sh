#!/usr/bin/env bash
# e2e.run_sh - deploy/run.sh itself, for a real company: --no-demo, a restart after it, and
# leaving the demo with --reset --no-demo (the adoption review's D3). The repository's run.sh,
# load.sh and configs run in a copy of the tree whose build/bin holds this build's daemons (the
# real ones, over ipc:// under the copy's var/run); install-deps.sh and the build are no-ops
# there, so nothing is installed or built.
#
#   tests/e2e/test_run_sh.sh SOURCE_DIR BIN_DIR
set -euo pipefail
[[ $# -eq 2 ]] || {
    echo "usage: test_run_sh.sh SOURCE_DIR BIN_DIR" >&2
    exit 2
}
src=$1
bin=$2
# shellcheck source=run_sh_copy.sh
source "$(dirname "$0")/run_sh_copy.sh" hr-run-sh
has_person() {
    (cd "$root" && build/bin/hrctl person show "$1" --config-dir deploy/config >/dev/null 2>&1)
}

# A real company's first start: no demo, recorded before the daemons start.
run --no-demo
[[ $rc -eq 0 ]] || fail "run.sh --no-demo exited $rc"
contains "not loaded, now or at any later start"
grep -q '^none ' "$root/var/demo-loaded" || fail "var/demo-loaded does not record none"
has_person E0001 && fail "E0001 (the demo) is in the directory after --no-demo"

# The README's restart: plain deploy/run.sh loads nothing of the demo, ever.
run
[[ $rc -eq 0 ]] || fail "run.sh exited $rc"
contains "started with --no-demo on 20"
has_person E0001 && fail "a restart loaded the demo"
has_person E0225 && fail "a restart added E0225"
# --reset leaves a company's own data alone; --reload-demo loads nothing into it.
run --reset
[[ $rc -eq 1 ]] || fail "run.sh --reset over --no-demo data exited $rc"
contains "--reset refused"
[[ -f $root/var/demo-loaded ]] || fail "--reset moved a company's data"
run --reload-demo
[[ $rc -eq 1 ]] || fail "run.sh --reload-demo refused over --no-demo data exited $rc"
contains "without the demo company"
contains "the system is up, but the demo company was not loaded as asked"
has_person E0001 && fail "--reload-demo loaded the demo into a --no-demo directory"
run --bogus
[[ $rc -eq 2 ]] || fail "an unknown option exited $rc"

# Trying the demo, then leaving it.
run --stop
rm -rf "$root/var"
run
[[ $rc -eq 0 ]] || fail "run.sh (demo) exited $rc"
has_person E0117 || fail "the demo did not load"
run --no-demo
[[ $rc -eq 1 ]] || fail "run.sh --no-demo over the demo exited $rc"
contains "--reset --no-demo"
run --reset --no-demo
[[ $rc -eq 0 ]] || fail "run.sh --reset --no-demo exited $rc"
contains "moved var/ aside to var.demo-"
contains "nothing was deleted"
aside=$(cd "$root" && ls -d var.demo-*)
[[ $(wc -l <<<"$aside") -eq 1 ]] || fail "not one var.demo-* directory: $aside"
grep -q '^directory ' "$root/$aside/demo-loaded" || fail "$aside lacks the demo's marker"
[[ -d $root/$aside/workflow && -f $root/$aside/keys/evidence.key ]] ||
    fail "$aside lacks the demo's store or key"
grep -q '^none ' "$root/var/demo-loaded" || fail "the new var/ does not record none"
has_person E0117 && fail "the demo is still in the directory after --reset --no-demo"
cmp -s "$root/$aside/keys/evidence.key" "$root/var/keys/evidence.key" &&
    fail "the new var/ reuses the demo's evidence key"
run
has_person E0001 && fail "a restart after --reset --no-demo loaded the demo"
echo "e2e.run_sh: ok"
