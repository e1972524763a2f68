#!/usr/bin/env bash
# run.sh - the README's first command: install what is missing, build into build/, start every
# daemon on loopback (ipc:// endpoints under var/run/, data under var/, logs under var/log/),
# wait for each to be ready, and print the health table.
#
#   deploy/run.sh           start, with the demo company (loaded at the first start)
#   deploy/run.sh --stop    stop them all; leaves no process behind
#   deploy/run.sh --reload-demo   start, and load the demo company again over HR's changes
#   deploy/run.sh --no-demo       start without the demo: for a real company, from its first start
#   deploy/run.sh --reset [--no-demo]   stop, move var/ aside to var.demo-TIME (nothing deleted),
#                                 and start from an empty data directory (without the demo too)
#
# The company's settings live in etc/hr/ (untracked: .gitignore), made at the first start from
# deploy/config (the shipped examples, tracked by git) and always started from there, so a git
# pull of a new version never meets the company's edits. etc/hr/.shipped/ keeps the shipped files
# each was made from: when a new version ships a changed file, the company's file is never
# overwritten - the new one is written beside it as FILE.new, what the shipped file changed as
# FILE.new.diff, and every start says so until both are gone (as deploy/systemd/install.sh does
# with /etc/hr). An install of before (deploy/config edited in place) has its working tree's
# deploy/config copied as it is, edits included, at the first start of this version.
#
# The demo company is loaded once, at the first start (var/demo-loaded records when): a restart
# never imports it again, so what HR changed in the demo's directory stays. A data directory
# first started with --no-demo records that in var/demo-loaded, and no later start loads or adds
# any demo person to it. --reset leaves a demo: it moves a directory with the demo aside, never
# one started with --no-demo (a company's own data).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
SERVICES=(workflow evidence analytics notify assistant gateway)
READY_TIMEOUT_S=20
STOP_TIMEOUT_S=10
CONF=etc/hr              # the company's configs (two levels down: hrctl finds var/ from them)
SHIPPED=$CONF/.shipped   # the shipped deploy/config files they were made from

# The pid of a running daemon of ours, or nothing.
running_pid() {
    local s=$1 pidfile="var/run/$1.pid" pid
    [[ -f $pidfile ]] || return 0
    pid=$(<"$pidfile")
    if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
        [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == "$root/build/bin/hr-$s"* ]]; then
        echo "$pid"
    fi
}

# Stops the daemons named (of ours, by their pid files) and waits for each.
stop_these() {
    local s pid waited
    for s in "$@"; do
        pid=$(running_pid "$s")
        [[ -n $pid ]] && kill -TERM "$pid"
    done
    for s in "$@"; do
        pid=$(running_pid "$s")
        waited=0
        while [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; do
            if ((waited >= STOP_TIMEOUT_S * 10)); then
                echo "run.sh: hr-$s (pid $pid) did not stop in ${STOP_TIMEOUT_S}s; killing it" >&2
                kill -KILL "$pid" 2>/dev/null || true
                break
            fi
            sleep 0.1
            waited=$((waited + 1))
        done
        rm -f "var/run/$s.pid" "var/run/$s.ready"
    done
}

stop_all() {
    stop_these "${SERVICES[@]}"
    # Anything of ours still around (started by hand from this tree) goes too.
    pkill -TERM -f "^$root/build/bin/hr-" 2>/dev/null || true
    echo "run.sh: all daemons stopped"
}

# A shipped file as it reads in etc/hr: a config's paths into deploy/config point at etc/hr.
conf_adapt() {
    if [[ $1 == *.cfg ]]; then sed -e "s|\"deploy/config/|\"$CONF/|g" "$1"; else cat "$1"; fi
}

# The files deploy/config ships (calendar, templates, documents/ too), relative to it.
conf_shipped_files() {
    (cd deploy/config && find . -type f ! -name '.*' ! -name '*.new' ! -name '*.new.diff' |
        sed 's|^\./||' | LC_ALL=C sort)
}

# The shipped version of deploy/config/$1 that the working tree was checked out from (git's
# HEAD), else the working tree's (no git: a tarball).
conf_pristine() {
    git -C "$root" show "HEAD:deploy/config/$1" 2>/dev/null || cat "deploy/config/$1"
}

# etc/hr: made at the first start, then kept up to date with the shipped files without ever
# overwriting the company's (FILE.new beside it, and FILE.new.diff: what the shipped one changed).
config_setup() {
    local f tmp edited=() fresh=" "
    local marked
    marked=$(cd deploy/config && grep -rl '^<<<<<<< \|^>>>>>>> ' . | sed 's|^\./||') || true
    if [[ ! -d $CONF ]]; then
        if [[ -n $marked ]]; then
            echo "run.sh: deploy/config has unresolved merge conflicts (<<<<<<< lines) in:" \
                "${marked//$'\n'/ }" "- resolve them (your settings against the new version's), then start" \
                "again" >&2
            exit 1
        fi
        mkdir -p "$(dirname "$CONF")"
        tmp=$(mktemp -d "$CONF.tmp-XXXXXX")
        mkdir -p "$tmp/.shipped"
        while IFS= read -r f; do
            mkdir -p "$(dirname "$tmp/$f")" "$(dirname "$tmp/.shipped/$f")"
            conf_adapt "deploy/config/$f" >"$tmp/$f"
            conf_pristine "$f" >"$tmp/.shipped/$f"
            cmp -s "deploy/config/$f" "$tmp/.shipped/$f" || edited+=("$f")
        done < <(conf_shipped_files)
        mv "$tmp" "$CONF"
        if [[ ${#edited[@]} -gt 0 ]]; then
            echo "run.sh: the company's settings now live in $CONF/ (not tracked by git): copied" \
                "from deploy/config as it is in the working tree, your edits included (changed" \
                "from the shipped version: ${edited[*]}). From now on edit $CONF/, not" \
                "deploy/config; \`git checkout -- deploy/config\` puts the shipped files back," \
                "and a git pull of a new version no longer meets your edits"
        else
            echo "run.sh: made $CONF/ from deploy/config: the company's settings (not tracked by" \
                "git) - edit them there, never in deploy/config (README, \"A real company\")"
        fi
        return 0
    fi
    mkdir -p "$SHIPPED"
    # Nothing shipped changed since the last start (the usual case): one diff, not a file each.
    local same=
    diff -rq deploy/config "$SHIPPED" >/dev/null 2>&1 && same=1
    [[ -n $same ]] || while IFS= read -r f; do
        local shipped=deploy/config/$f base=$SHIPPED/$f mine=$CONF/$f
        if [[ ! -e $mine && ! -e $base ]]; then
            mkdir -p "$(dirname "$mine")" "$(dirname "$base")"
            conf_adapt "$shipped" >"$mine"
            cp "$shipped" "$base"
            echo "run.sh: $mine: new in this version, added"
            continue
        fi
        cmp -s "$shipped" "$base" && continue
        mkdir -p "$(dirname "$base")"
        if [[ -e $mine ]] && cmp -s <(conf_adapt "$shipped") "$mine"; then
            cp "$shipped" "$base" # yours is the new shipped one already
            continue
        fi
        # Never edited by the company (it reads as the shipped one it was made from): the new
        # shipped one replaces it, as a package manager updates an untouched conffile.
        if [[ -e $mine && -e $base ]] && cmp -s <(conf_adapt "$base") "$mine"; then
            conf_adapt "$shipped" >"$mine"
            cp "$shipped" "$base"
            echo "run.sh: $mine: updated to this version's shipped file (it had not been edited)"
            continue
        fi
        conf_adapt "$shipped" >"$mine.new"
        local before=/dev/null
        [[ -e $base ]] && before=$base
        diff -u --label "$f (shipped before)" --label "$f (shipped now)" "$before" "$shipped" \
            >"$mine.new.diff" || true
        cp "$shipped" "$base"
        fresh+="$mine.new "
        echo "run.sh: WARNING: this version ships a changed deploy/config/$f. Yours, $mine, is" \
            "kept and still used; the new shipped one is $mine.new. Merge what the shipped file" \
            "changed (below, and in $mine.new.diff) into $mine, then delete $mine.new and" \
            "$mine.new.diff and restart (deploy/run.sh --stop; deploy/run.sh):" >&2
        sed 's/^/    /' "$mine.new.diff" >&2
    done < <(conf_shipped_files)
    # What an earlier start wrote and nobody merged yet: said at every start until it is gone.
    while IFS= read -r f; do
        [[ $fresh == *" $f "* ]] && continue
        echo "run.sh: WARNING: ${f%.new} waits to be merged: $f is the new shipped version" \
            "(what changed: $f.diff); merge it into ${f%.new}, then delete $f and $f.diff" >&2
    done < <(find "$CONF" -path "$SHIPPED" -prune -o -type f -name '*.new' -print | LC_ALL=C sort)
}

demo_args=(--marker var/demo-loaded)
no_demo=
reset=
usage() {
    echo "usage: deploy/run.sh [--stop | --reload-demo | --no-demo | --reset [--no-demo]]" >&2
    exit 2
}
if [[ ${1:-} == --stop && $# -eq 1 ]]; then
    stop_all
    exit 0
fi
while [[ $# -gt 0 ]]; do
    case $1 in
    --reload-demo) [[ ${#demo_args[@]} -eq 2 ]] && demo_args+=(--reload) || usage ;;
    --no-demo) no_demo=1 ;;
    --reset) reset=1 ;;
    *) usage ;;
    esac
    shift
done
[[ -z $no_demo || ${#demo_args[@]} -eq 2 ]] || usage
[[ -z $reset || ${#demo_args[@]} -eq 2 ]] || usage

# --reset: the data directory of a demo goes aside whole (stores, evidence, its key, logs, the
# marker) and the start below begins from an empty one. Never a directory started --no-demo.
if [[ -n $reset && -e var ]]; then
    if [[ -f var/demo-loaded ]] && grep -q '^none ' var/demo-loaded; then
        since=$(awk '$1 == "none" { print $2; exit }' var/demo-loaded)
        echo "run.sh: --reset refused: var/ was started with --no-demo on $since: it holds a" \
            "company's own data, not the demo. Move it yourself if you mean it" \
            "(deploy/run.sh --stop; mv var var.old)" >&2
        exit 1
    fi
    stop_all
    aside=var.demo-$(date -u +%Y%m%dT%H%M%SZ)
    [[ ! -e $aside ]] || {
        echo "run.sh: $aside exists already; try again in a second" >&2
        exit 1
    }
    mv var "$aside"
    echo "run.sh: moved var/ aside to $aside/ - the demo's directory, cases, evidence, logs and" \
        "its evidence key (var/keys/evidence.key); nothing was deleted. Starting from an empty" \
        "var/${no_demo:+ without the demo}. Remove $aside/ when you no longer need it."
fi

deploy/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)"

mkdir -p var/run var/log
chmod 700 var var/run
config_setup
# --no-demo is recorded before any daemon starts, so no later start loads the demo here.
if [[ -n $no_demo ]]; then
    deploy/demo/load.sh build/bin/hrctl "$CONF" "${demo_args[@]}" --no-demo || exit 1
fi
# The evidence master key: outside the store (var/evidence), 0600, made once and never replaced.
if [[ ! -f var/keys/evidence.key ]]; then
    mkdir -p var/keys && chmod 700 var/keys
    (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >var/keys/evidence.key.new &&
        echo >>var/keys/evidence.key.new && mv var/keys/evidence.key.new var/keys/evidence.key)
fi

# The company's files under etc/hr changed after daemon $1 started (its pid file's time): its own
# <daemon>.cfg and the shared ones (calendar, templates, documents), not another daemon's .cfg
# nor what an upgrade left beside them. A daemon reads them at its start only.
settings_changed() {
    local s=$1
    [[ -f var/run/$s.pid ]] || return 0
    find "$CONF" -type f -newer "var/run/$s.pid" ! -path "$CONF/.shipped/*" ! -name '*.new' \
        ! -name '*.diff' \( -path "$CONF/$s.cfg" -o ! -name '*.cfg' \) | sort | tr '\n' ' ' |
        sed 's/ $//'
}

started=()
for s in "${SERVICES[@]}"; do
    if [[ -n $(running_pid "$s") ]]; then
        pid=$(running_pid "$s")
        if [[ $(readlink "/proc/$pid/exe") == *"(deleted)" ]]; then
            echo "run.sh: hr-$s already running (pid $pid) from an older build;" \
                "deploy/run.sh --stop, then deploy/run.sh, to run the new one"
        else
            echo "run.sh: hr-$s already running (pid $pid)"
        fi
        changed=$(settings_changed "$s")
        if [[ -n $changed ]]; then
            echo "run.sh: WARNING: hr-$s runs with the settings it read when it started; changed" \
                "since: $changed - deploy/run.sh --stop, then deploy/run.sh, to apply them"
        fi
        continue
    fi
    rm -f "var/run/$s.ready"
    # --ready-fd 3: the daemon writes one READY line to var/run/<s>.ready once it serves.
    setsid "$root/build/bin/hr-$s" --config "$CONF/$s.cfg" --ready-fd 3 \
        3>"var/run/$s.ready" </dev/null >>"var/log/$s.log" 2>&1 &
    echo $! >"var/run/$s.pid"
    started+=("$s")
done

# A daemon that did not come up: its log's end, and what this start started goes again (no half
# a system left running: a restart after the cause is fixed starts them all).
start_failed() {
    local s=$1 why=$2
    echo "run.sh: hr-$s $why; the end of var/log/$s.log:" >&2
    tail -n 20 "var/log/$s.log" >&2
    if [[ ${#started[@]} -gt 0 ]]; then
        echo "run.sh: stopping what this start started (${started[*]}); fix the cause above," \
            "then deploy/run.sh again" >&2
        stop_these "${started[@]}"
    fi
    exit 1
}

for s in "${SERVICES[@]}"; do
    waited=0
    until grep -q '^READY' "var/run/$s.ready" 2>/dev/null; do
        [[ -n $(running_pid "$s") ]] || start_failed "$s" "exited during start-up"
        ((waited < READY_TIMEOUT_S * 10)) || start_failed "$s" "not ready after ${READY_TIMEOUT_S}s"
        sleep 0.1
        waited=$((waited + 1))
    done
done

echo
build/bin/hrctl health
echo
echo "Logs: var/log/<daemon>.log    Stop: deploy/run.sh --stop"

# The demo company (deploy/demo/README.md): the directory, the reference case - a key account
# manager one month into probation whose sales manager opens a request with no evidence - its
# attendance, KPI and training feeds and the company rules, loaded through the services' own
# messages - once (var/demo-loaded); --reload-demo loads it again. A directory started with
# --no-demo gets none of it (load.sh reads the marker and says so).
# The system stays up either way; a demo that did not load, or a --reload-demo refused, makes
# the exit status 1 so that a script sees what a person reads above.
demo_rc=0
if [[ -x deploy/demo/load.sh && -z $no_demo ]]; then
    echo
    if ! deploy/demo/load.sh build/bin/hrctl "$CONF" "${demo_args[@]}"; then
        demo_rc=1
        echo "run.sh: the system is up, but the demo company was not loaded as asked (see above)" >&2
    fi
    echo
    build/bin/hrctl case list || true
fi
exit $demo_rc
