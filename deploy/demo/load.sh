#!/usr/bin/env bash
# load.sh - the demo company (deploy/demo/README.md), loaded through the services' own messages.
#
#   deploy/demo/load.sh HRCTL CONFIG_DIR
#
# HRCTL is the hrctl binary, CONFIG_DIR the daemons' config directory (deploy/config for
# deploy/run.sh; the test's own for e2e.demo). Loads the directory (departments, people) into
# hr-workflow, opens the reference case for E0117 once, imports the analytics feeds that
# gen_analytics.py writes (the same bytes every run), and stores the company rules (rules.txt)
# in hr-evidence under the reference case. Safe to run twice: the directory imports overwrite by
# employee number, the case is opened only when E0117 has none, a feed file already imported
# changes nothing, and the rules are stored only when the case does not hold them yet.
# Exits 0 when everything is in, 1 (naming what failed) otherwise, 2 for bad usage.
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: deploy/demo/load.sh HRCTL CONFIG_DIR" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
REFERENCE=E0117

fail() {
    echo "load.sh: $*" >&2
    exit 1
}

[[ -x $1 && -f $1 ]] || fail "$1 is not an executable (build first)"
[[ -d $2 ]] || fail "$2 is not a directory"
hrctl=$1
# Every hrctl command below reads its endpoints from here. Stay in the caller's directory: the
# endpoints in deploy/config are relative (ipc://var/run/...) to where the daemons were started.
export HR_CONFIG_DIR=$2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hr-demo-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The directory (hr-workflow).
"$hrctl" import departments "$here/departments.csv" || fail "the departments did not import"
"$hrctl" import people "$here/people.csv" || fail "the people did not import"

# The reference case: E0117's sales manager asks to let him go one month into probation, with
# no evidence yet. Opened only when E0117 has no case.
case_of_reference() {
    "$hrctl" case list >"$tmp/cases" || fail "the cases could not be listed"
    awk -v emp="$REFERENCE" '$3 == emp { print $1; exit }' "$tmp/cases"
}
case_id=$(case_of_reference)
if [[ -z $case_id ]]; then
    "$hrctl" case open "$REFERENCE" A39_1 --as E0101 \
        --reason "试用期一个月，部门认为不合适 / One month into probation; the department wants to let go" \
        >/dev/null || fail "the reference case did not open"
    case_id=$(case_of_reference)
    [[ -n $case_id ]] || fail "the reference case was opened but is not listed"
fi
echo "reference case: $case_id ($REFERENCE)"

# The analytics feeds (hr-analytics): PINs, attendance, KPI, training.
/usr/bin/python3 "$here/gen_analytics.py" "$tmp" || fail "gen_analytics.py failed"
for feed in pins attendance performance training; do
    "$hrctl" import "$feed" "$tmp/$feed.csv" || fail "the $feed feed did not import"
done

# The company rules (hr-evidence), under the reference case. The id is the SHA-256 of the file:
# stored once, and not put again when the case already lists it.
rules_id=$(sha256sum "$here/rules.txt" | cut -d' ' -f1)
"$hrctl" evidence list --case "$case_id" >"$tmp/evidence" || fail "the evidence could not be listed"
if grep -q "^$rules_id " "$tmp/evidence"; then
    echo "rules document: $rules_id (already stored)"
else
    put_id=$("$hrctl" evidence put "$here/rules.txt" --case "$case_id" --kind rule_document \
        --type "text/plain") || fail "the rules document was not stored"
    [[ $put_id == "$rules_id" ]] || fail "the rules document came back as $put_id, not $rules_id"
    echo "rules document: $rules_id (stored)"
fi
