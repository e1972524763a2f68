# Sourced by the tests that drive deploy/run.sh (test_run_sh.sh, test_run_sh_config.sh): a copy
# of the tree in $root (mktemp under $TMPDIR, named after $1) whose build/bin holds this build's
# daemons from $bin and whose install-deps.sh and build are no-ops, so the repository's run.sh,
# load.sh and configs run for real and nothing is installed or built; the copy's daemons are
# stopped and it is removed on exit (their last log lines shown when the test failed). Needs
# $src and $bin. Gives fail, run (deploy/run.sh ARGS in the copy: output in $out, exit code in
# $rc, the last $RUN_TAIL lines echoed) and contains (the last run's output holds $1).

root=$(mktemp -d "${TMPDIR:-/tmp}/$1-XXXXXX")
cleanup() {
    local rc=$?
    (cd "$root" && deploy/run.sh --stop >/dev/null 2>&1) || true
    if [[ $rc -ne 0 ]]; then
        for log in "$root"/var/log/*.log; do
            [[ -f $log ]] && { echo "--- $log" && tail -n 20 "$log"; }
        done
    fi
    rm -rf "$root"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
RUN_TAIL=${RUN_TAIL:-8}
run() {
    rc=0
    out=$(cd "$root" && deploy/run.sh "$@" 2>&1) || rc=$?
    echo "=== deploy/run.sh $* -> $rc"
    echo "$out" | tail -n "$RUN_TAIL"
}
contains() {
    [[ $out == *"$1"* ]] || fail "deploy/run.sh output lacks '$1'"
}

mkdir -p "$root/deploy" "$root/build/bin"
cp -a "$src/deploy/run.sh" "$src/deploy/demo" "$src/deploy/config" "$root/deploy/"
printf '#!/bin/sh\nexit 0\n' >"$root/deploy/install-deps.sh"
chmod +x "$root/deploy/install-deps.sh"
printf 'cmake_minimum_required(VERSION 3.25)\nproject(run_sh_copy NONE)\n' >"$root/CMakeLists.txt"
for b in hr-workflow hr-evidence hr-analytics hr-notify hr-assistant hr-gateway hrctl; do
    cp "$bin/$b" "$root/build/bin/"
done
