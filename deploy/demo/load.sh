#!/usr/bin/env bash
# load.sh - the demo company (deploy/demo/README.md), loaded through the services' own messages.
#
#   deploy/demo/load.sh HRCTL CONFIG_DIR [--marker FILE [--reload | --no-demo]]
#
# HRCTL is the hrctl binary, CONFIG_DIR the daemons' config directory (etc/hr for
# deploy/run.sh; the test's own for e2e.demo). Loads the directory (departments, people) into
# hr-workflow, opens the reference case for E0117 once, imports the analytics feeds that
# gen_analytics.py writes (the same bytes every run), and stores the company rules (rules.txt)
# in hr-evidence under the reference case.
#
# Loaded once. With --marker FILE (deploy/run.sh passes var/demo-loaded), FILE records when the
# directory was imported, which demo people it imported, and when the whole demo was in: a run
# that finds the demo complete does nothing ("demo company already loaded on DATE; not loaded
# again"), and the directory is never imported a second time - its rows would replace whatever
# HR has changed since (a protected status, a manager, a wage). A directory that already holds
# the demo's first person without a marker (a store from before the marker) counts as imported.
# --reload imports everything again on purpose: the demo's rows replace HR's changes to the demo
# people, and the import lists every protected status it adds or removes. When the demo was
# imported, the people a newer version of the demo added (in people.csv, not among those the
# marker says were imported) are imported alone (add_new_people), touching no one else; nobody
# else is ever added, whoever the directory lacks. --no-demo records in FILE that this data
# directory has no demo (deploy/run.sh --no-demo, before the daemons start): every later run
# with that marker loads nothing, and --reload is refused. Without --marker every run imports
# the directory again (the case, the feeds and the rules are added only when missing, either
# way). Exits 0 when everything is in, 1 (naming what failed) otherwise, 2 for bad usage.
set -euo pipefail

usage() {
    echo "usage: deploy/demo/load.sh HRCTL CONFIG_DIR [--marker FILE [--reload | --no-demo]]" >&2
    exit 2
}
[[ $# -ge 2 ]] || usage
marker=
reload=
no_demo=
args=("$1" "$2")
shift 2
while [[ $# -gt 0 ]]; do
    case $1 in
    --marker)
        [[ $# -ge 2 && -n $2 ]] || usage
        marker=$2
        shift 2
        ;;
    --reload)
        reload=1
        shift
        ;;
    --no-demo)
        no_demo=1
        shift
        ;;
    *) usage ;;
    esac
done
[[ -z $reload$no_demo || -n $marker ]] || usage
[[ -z $reload || -z $no_demo ]] || usage
set -- "${args[@]}"
here=$(cd "$(dirname "$0")" && pwd)
REFERENCE=E0117
# The first day of the demo's feed history (gen_analytics.py: MONTHS from 2026-08): the people
# import dates its departments from it.
HISTORY_FROM=2026-08-01

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

# The marker's record of a stage ("directory", "people", "complete", or "none" for a data
# directory without the demo): its date, or nothing.
marked() {
    [[ -n $marker && -f $marker ]] || return 0
    awk -v stage="$1" '$1 == stage { print $2; exit }' "$marker"
}
# Adds a stage to the marker, written whole to a new file and renamed over the old one.
mark() {
    [[ -n $marker ]] || return 0
    local now
    now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    {
        if [[ -f $marker ]]; then grep -v "^$1 " "$marker" || true; fi
        echo "$1 $now${2:+ $2}"
    } >"$marker.new" && mv "$marker.new" "$marker" || fail "could not write $marker"
}

# Who the marker says the demo imported (one a line), or nothing (no marker, or one written
# before it recorded them).
marked_people() {
    [[ -n $marker && -f $marker ]] || return 0
    awk '$1 == "people" { for (i = 3; i <= NF; i++) print $i; exit }' "$marker"
}
# Records that every person of this version's people.csv is in (imported, or there already).
mark_people() {
    mark people "$(tail -n +2 "$here/people.csv" | tr -d '\r' | cut -d, -f1 | tr '\n' ' ' |
        sed 's/ $//')"
}
# The people later versions of the demo added. A marker written before it recorded whom the
# demo imported came from a version without them: E0225 came in stop 16, E0008 (the payroll
# office) in stop 29.
LATER_PEOPLE=(E0225 E0008)

# A data directory started without the demo (deploy/run.sh --no-demo): recorded before its first
# start, and from then on nothing of the demo is ever loaded into it.
none_on=$(marked none)
if [[ -n $no_demo ]]; then
    loaded_on=$(marked directory)
    [[ -z $loaded_on ]] || fail "the demo company is loaded in this data directory (its people" \
        "imported on $loaded_on); --no-demo does not take it out: start from an empty data" \
        "directory (deploy/run.sh --reset --no-demo moves var/ aside, deleting nothing)"
    if [[ -n $none_on ]]; then
        echo "demo company: none in this data directory (--no-demo since $none_on)"
    else
        mark none "(deploy/run.sh --no-demo: this directory never gets the demo company)"
        echo "demo company: not loaded, now or at any later start ($marker records it)"
    fi
    exit 0
fi
if [[ -n $none_on ]]; then
    [[ -z $reload ]] || fail "this data directory was started without the demo company" \
        "(--no-demo on $none_on): the demo is not loaded into it; try the demo in another" \
        "checkout or data directory"
    echo "demo company: none in this data directory (started with --no-demo on $none_on);" \
        "nothing loaded"
    exit 0
fi

if [[ -n $reload ]]; then
    rm -f "$marker"
    echo "demo company: loading it again (--reload): its rows replace changes made to the demo people"
fi
# A demo directory imported by an earlier version lacks the people a later version added (E0225
# came in stop 16): they are imported alone - rows overwrite by key, so a file of only their
# rows touches no one HR may have changed. Only when the demo's directory was imported here
# (marker: directory), and only people this version has that the marker does not list as
# imported: a demo person HR changed, or one never imported, is nobody to add. A person counts
# as missing only when hr-workflow says so ("no person"); any other failure stops here rather
# than import a row over an edit.
add_new_people() {
    [[ -n $marker && -n $(marked directory) ]] || return 0
    local no loaded missing=() err newer=0
    loaded=$(marked_people)
    if [[ -z $loaded ]]; then
        loaded=$(tail -n +2 "$here/people.csv" | tr -d '\r' | cut -d, -f1 |
            grep -vxF -f <(printf '%s\n' "${LATER_PEOPLE[@]}") || true)
    fi
    while IFS=, read -r no _; do
        grep -qxF -- "$no" <<<"$loaded" && continue
        newer=$((newer + 1))
        if ! err=$("$hrctl" person show "$no" 2>&1 >/dev/null </dev/null); then
            [[ $err == *"no person '$no'"* ]] || fail "could not look up $no: $err"
            missing+=("$no")
        fi
    done < <(tail -n +2 "$here/people.csv" | tr -d '\r')
    if [[ ${#missing[@]} -gt 0 ]]; then
        {
            head -n 1 "$here/people.csv"
            for no in "${missing[@]}"; do grep "^$no," "$here/people.csv"; done
        } >"$tmp/people-new.csv"
        "$hrctl" import people "$tmp/people-new.csv" >/dev/null ||
            fail "the new demo people did not import"
        echo "demo directory: added ${#missing[@]} demo people new in this version" \
            "(${missing[*]}); no one else changed"
    fi
    [[ $newer -eq 0 ]] || mark_people
}

done_on=$(marked complete)
if [[ -n $done_on && -z $(marked directory) ]]; then
    echo "demo company: $marker says complete on $done_on but no demo directory was imported" \
        "here; nothing loaded (deploy/run.sh --no-demo records a directory without the demo)"
    exit 0
elif [[ -n $done_on ]]; then
    add_new_people
    echo "demo company already loaded on $done_on; not loaded again" \
        "(deploy/run.sh --reload-demo loads it again over HR's changes)"
    exit 0
fi

# The directory (hr-workflow), once: a second import would undo HR's changes to these people.
first=$(awk -F, 'NR == 2 { print $1; exit }' "$here/people.csv")
if [[ -n $marker && -z $reload && -z $(marked directory) ]] &&
    "$hrctl" person show "$first" >/dev/null 2>&1; then
    mark directory "(found in the directory: $first)"
fi
imported_on=$(marked directory)
if [[ -n $imported_on ]]; then
    echo "demo directory already imported on $imported_on; not imported again"
    add_new_people
else
    "$hrctl" import departments "$here/departments.csv" || fail "the departments did not import"
    "$hrctl" import people "$here/people.csv" || fail "the people did not import"
    mark directory
    mark_people
fi

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
# The people feed first, its departments dated from the start of the demo's history (the
# attendance from 2026-08-03: gen_analytics.py's MONTHS) - imported today without that, every
# fact before today would be compared with "today's department" and say so (README "Team").
"$hrctl" import pins --effective-from "$HISTORY_FROM" "$tmp/pins.csv" ||
    fail "the pins feed did not import"
for feed in attendance performance training; do
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
mark complete
