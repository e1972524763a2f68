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

stop_all() {
    local s pid waited
    for s in "${SERVICES[@]}"; do
        pid=$(running_pid "$s")
        [[ -n $pid ]] && kill -TERM "$pid"
    done
    for s in "${SERVICES[@]}"; do
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
    # Anything of ours still around (started by hand from this tree) goes too.
    pkill -TERM -f "^$root/build/bin/hr-" 2>/dev/null || true
    echo "run.sh: all daemons stopped"
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
# --no-demo is recorded before any daemon starts, so no later start loads the demo here.
if [[ -n $no_demo ]]; then
    deploy/demo/load.sh build/bin/hrctl deploy/config "${demo_args[@]}" --no-demo || exit 1
fi
# The evidence master key: outside the store (var/evidence), 0600, made once and never replaced.
if [[ ! -f var/keys/evidence.key ]]; then
    mkdir -p var/keys && chmod 700 var/keys
    (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >var/keys/evidence.key.new &&
        echo >>var/keys/evidence.key.new && mv var/keys/evidence.key.new var/keys/evidence.key)
fi

for s in "${SERVICES[@]}"; do
    if [[ -n $(running_pid "$s") ]]; then
        pid=$(running_pid "$s")
        if [[ $(readlink "/proc/$pid/exe") == *"(deleted)" ]]; then
            echo "run.sh: hr-$s already running (pid $pid) from an older build;" \
                "deploy/run.sh --stop, then deploy/run.sh, to run the new one"
        else
            echo "run.sh: hr-$s already running (pid $pid)"
        fi
        continue
    fi
    rm -f "var/run/$s.ready"
    # --ready-fd 3: the daemon writes one READY line to var/run/<s>.ready once it serves.
    setsid "$root/build/bin/hr-$s" --config "deploy/config/$s.cfg" --ready-fd 3 \
        3>"var/run/$s.ready" </dev/null >>"var/log/$s.log" 2>&1 &
    echo $! >"var/run/$s.pid"
done

for s in "${SERVICES[@]}"; do
    waited=0
    until grep -q '^READY' "var/run/$s.ready" 2>/dev/null; do
        if [[ -z $(running_pid "$s") ]]; then
            echo "run.sh: hr-$s exited during start-up; the end of var/log/$s.log:" >&2
            tail -n 20 "var/log/$s.log" >&2
            exit 1
        fi
        if ((waited >= READY_TIMEOUT_S * 10)); then
            echo "run.sh: hr-$s not ready after ${READY_TIMEOUT_S}s; see var/log/$s.log" >&2
            exit 1
        fi
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
    if ! deploy/demo/load.sh build/bin/hrctl deploy/config "${demo_args[@]}"; then
        demo_rc=1
        echo "run.sh: the system is up, but the demo company was not loaded as asked (see above)" >&2
    fi
    echo
    build/bin/hrctl case list || true
fi
exit $demo_rc
