#!/usr/bin/env bash
# e2e.run_sh_config, e2e.run_sh_adopt, e2e.run_sh_failstart - deploy/run.sh across an upgrade (the upgrade
# review): the company's settings in etc/hr (untracked), never overwritten by a new version's
# shipped file (FILE.new beside it, and a warning with what changed); an install of before whose
# deploy/config was edited in place keeps its edits; and a start where one daemon fails leaves
# no daemon running. The repository's run.sh and configs run in a copy of the tree whose
# build/bin holds this build's daemons, as in test_run_sh.sh (no install, no build).
#
#   tests/e2e/test_run_sh_config.sh SOURCE_DIR BIN_DIR config|adopt|failstart
set -euo pipefail
[[ $# -eq 3 ]] || {
    echo "usage: test_run_sh_config.sh SOURCE_DIR BIN_DIR config|adopt|failstart" >&2
    exit 2
}
src=$1
bin=$2
part=$3
RUN_TAIL=12
# shellcheck source=run_sh_copy.sh
source "$(dirname "$0")/run_sh_copy.sh" hr-run-sh-config
# The pids of this copy's daemons still running.
ours() {
    pgrep -f "^$root/build/bin/hr-" || true
}
wage='    local_average_monthly_wage_2023 = 12307'
grep -qx "$wage" "$root/deploy/config/workflow.cfg" || fail "the shipped workflow.cfg lacks '$wage'"

case $part in
config)
    # The first start makes etc/hr from deploy/config, and the daemons run from there.
    run --no-demo
    [[ $rc -eq 0 ]] || fail "the first start exited $rc"
    contains "made etc/hr/ from deploy/config"
    for f in workflow.cfg evidence.cfg analytics.cfg notify.cfg assistant.cfg gateway.cfg \
        calendar.txt template-default.txt documents/notice.zh.txt; do
        [[ -f $root/etc/hr/$f ]] || fail "etc/hr/$f was not made"
        cmp -s "$root/deploy/config/$f" "$root/etc/hr/.shipped/$f" ||
            fail "etc/hr/.shipped/$f is not the shipped file"
    done
    grep -q '"etc/hr/calendar.txt"' "$root/etc/hr/analytics.cfg" ||
        fail "etc/hr/analytics.cfg does not read the calendar from etc/hr"
    pid=$(<"$root/var/run/workflow.pid")
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--config etc/hr/workflow.cfg" ||
        fail "hr-workflow was not started with etc/hr/workflow.cfg"

    # The company sets its own figure; a new version ships a changed workflow.cfg. (The daemons
    # stay up between these starts: run.sh reads etc/hr before it starts any, and a test that
    # restarted them each time would take minutes.)
    sed -i "s/^$wage\$/    local_average_monthly_wage_2023 = 12434/" "$root/etc/hr/workflow.cfg"
    echo '# shipped in the next version' >>"$root/deploy/config/workflow.cfg"
    echo '# a shipped change to a file the company never edited' >>"$root/deploy/config/evidence.cfg"
    run --no-demo
    grep -q 'the company never edited' "$root/etc/hr/evidence.cfg" ||
        fail "an unedited company file was not updated to the new shipped one"
    [[ ! -e $root/etc/hr/evidence.cfg.new ]] || fail "an unedited company file got a .new"
    contains "etc/hr/evidence.cfg: updated to this version's shipped file"
    # The daemons kept running with what they read at their start: run.sh says which and how to
    # apply the change (the arbitration review edited etc/hr and ran run.sh again to no effect).
    contains "hr-workflow runs with the settings it read when it started; changed since: etc/hr/workflow.cfg -"
    contains "hr-evidence runs with the settings it read when it started; changed since: etc/hr/evidence.cfg -"
    [[ $out != *"hr-notify runs with the settings"* ]] || fail "an unchanged daemon was said to need a restart"
    [[ $rc -eq 0 ]] || fail "the start after the upgrade exited $rc"
    grep -q '= 12434$' "$root/etc/hr/workflow.cfg" || fail "the company's figure was overwritten"
    grep -q 'shipped in the next version' "$root/etc/hr/workflow.cfg" &&
        fail "the company's workflow.cfg was overwritten with the shipped one"
    [[ -f $root/etc/hr/workflow.cfg.new ]] || fail "no etc/hr/workflow.cfg.new"
    grep -q 'shipped in the next version' "$root/etc/hr/workflow.cfg.new" ||
        fail "etc/hr/workflow.cfg.new is not the new shipped file"
    grep -qx "$wage" "$root/etc/hr/workflow.cfg.new" || fail "workflow.cfg.new lacks '$wage'"
    contains "WARNING: this version ships a changed deploy/config/workflow.cfg"
    contains "etc/hr/workflow.cfg.new"
    contains "+# shipped in the next version"
    grep -q '^+# shipped in the next version' "$root/etc/hr/workflow.cfg.new.diff" ||
        fail "etc/hr/workflow.cfg.new.diff lacks what the shipped file changed"
    [[ ! -e $root/etc/hr/notify.cfg.new ]] || fail "an unchanged shipped file got a .new"
    # Every later start says so until it is merged.
    run --no-demo
    [[ $rc -eq 0 ]] || fail "a restart exited $rc"
    contains "etc/hr/workflow.cfg waits to be merged"
    rm "$root/etc/hr/workflow.cfg.new" "$root/etc/hr/workflow.cfg.new.diff"
    run --no-demo
    [[ $out != *"waits to be merged"* ]] || fail "a merged file is still said to wait"
    ;;
adopt)
    # An install of before: deploy/config edited in place (a git checkout), no etc/hr. Its
    # first start of this version copies the working tree's files, edits included.
    (cd "$root" && git init -q && git add deploy/config &&
        git -c user.name=t -c user.email=t@example.com commit -qm shipped) ||
        fail "git commit in the copy"
    sed -i "s/^$wage\$/    local_average_monthly_wage_2023 = 12434/" \
        "$root/deploy/config/workflow.cfg"
    run --no-demo
    [[ $rc -eq 0 ]] || fail "the first start of an edited install exited $rc"
    contains "your edits included"
    contains "workflow.cfg"
    grep -q '= 12434$' "$root/etc/hr/workflow.cfg" || fail "the edit in place was not kept"
    grep -qx "$wage" "$root/etc/hr/.shipped/workflow.cfg" ||
        fail "etc/hr/.shipped/workflow.cfg is not git's shipped file"
    ;;
failstart)
    # One daemon (hr-notify, the fourth) refuses its config: run.sh says why and stops the rest.
    printf 'bogus\n    key = 1\n' >>"$root/deploy/config/notify.cfg"
    run --no-demo
    [[ $rc -eq 1 ]] || fail "a start with hr-notify failing exited $rc"
    contains "hr-notify exited during start-up"
    contains "bogus"
    left=$(ours)
    [[ -z $left ]] || fail "daemons left running after a failed start: $(ps -o args= -p "${left//$'\n'/,}")"
    ;;
*)
    fail "unknown part $part"
    ;;
esac
echo "e2e.run_sh_$part: ok"
