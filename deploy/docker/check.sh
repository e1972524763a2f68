#!/usr/bin/env bash
# check.sh - the container deployment's round trip, for real, on a machine with a Docker engine:
# build the image, start docker-compose.yml, wait until every daemon answers, talk to them with
# hrctl (directory, a case, evidence put and read back, an email, a backup), restart containers
# and check the data stayed, `down` and `up` again and check it once more, then `down -v`.
# It prints each step and the figures (image size, build time, time to healthy).
#
#   deploy/docker/check.sh [--keep]     (--keep: leave the containers and volumes up at the end)
#
# Not part of deploy/test.sh or .ci/run: CI machines may have no Docker. It runs as its own
# compose project (HR_CHECK_PROJECT, default hr-dismissal-check) with the image hr-dismissal:check
# and the gateway on 127.0.0.1:18080, so a deployment of the same file is left alone; its
# volumes are removed at the end, the image is left (docker rmi hr-dismissal:check).
# Needs the debian:12 image: pulled from Docker Hub, or made by deploy/docker/base-image.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."

KEEP=0
if [[ ${1:-} == --keep && $# -eq 1 ]]; then
    KEEP=1
elif [[ $# -gt 0 ]]; then
    echo "usage: deploy/docker/check.sh [--keep]" >&2
    exit 2
fi
HEALTHY_TIMEOUT_S=60
DEMO_CASE_EMPLOYEE=E0117 # deploy/demo/README.md: the reference scenario
DEMO_CASE_MANAGER=E0101
export COMPOSE_PROJECT_NAME=${HR_CHECK_PROJECT:-hr-dismissal-check}
export HR_IMAGE_TAG=check HR_GATEWAY_PORT=${HR_GATEWAY_PORT:-18080}

if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
elif command -v docker-compose >/dev/null; then
    compose=(docker-compose)
else
    echo "check.sh: neither 'docker compose' nor docker-compose is installed" >&2
    exit 1
fi
log=$(mktemp /tmp/hr-docker-check.XXXXXX)
started=0 # set once `up -d` ran: from then on a failure shows the daemons' logs
step() { printf '\n== %s\n' "$*"; }
fail() {
    echo "check.sh: FAILED: $*" >&2
    echo "check.sh: the last lines of the compose and hrctl output ($log):" >&2
    tail -n 30 "$log" >&2
    if ((started)); then
        echo "check.sh: the daemons' last log lines:" >&2
        "${compose[@]}" logs --no-color --tail=10 >&2 2>&1 || true
    fi
    exit 1
}
# hrctl in a one-off container of the `hrctl` service (tools profile): stdout is its answer,
# stderr (compose's progress, hrctl's log lines) goes to the log.
hrctl() {
    echo "+ hrctl $*" >&2
    "${compose[@]}" run --rm --no-deps -T -v "$PWD/deploy/demo:/demo:ro" hrctl "$@" 2>>"$log"
}
# Until hrctl health exits 0 (all six answered sys.Status); waited_s says how long it took.
wait_healthy() {
    local start=$SECONDS
    until hrctl health >/dev/null 2>&1; do
        ((SECONDS - start < HEALTHY_TIMEOUT_S)) ||
            fail "the daemons were not all up ${HEALTHY_TIMEOUT_S}s after start: $("${compose[@]}" ps 2>&1)"
        sleep 0.5
    done
    waited_s=$((SECONDS - start))
}

if ! docker info >/dev/null 2>&1; then
    echo "check.sh: no Docker engine answers (dockerd running? permission on /var/run/docker.sock?)" >&2
    exit 1
fi
if ! docker image inspect debian:12 >/dev/null 2>&1; then
    echo "check.sh: no debian:12 image here: the build pulls it from Docker Hub; without Docker Hub" \
        "make it first with deploy/docker/base-image.sh" >&2
fi
cleanup() {
    local status=$?
    if ((KEEP)); then
        echo "check.sh: --keep: project $COMPOSE_PROJECT_NAME left up (${compose[*]} -p $COMPOSE_PROJECT_NAME down -v)"
    else
        "${compose[@]}" down -v --remove-orphans >>"$log" 2>&1 || true
    fi
    ((status != 0)) || rm -f "$log"
}
trap cleanup EXIT

step "build (${compose[*]} build, image hr-dismissal:check)"
start=$SECONDS
"${compose[@]}" build >>"$log" 2>&1 || fail "the image did not build"
build_s=$((SECONDS - start))
size=$(docker image inspect -f '{{.Size}}' hr-dismissal:check)
echo "built in ${build_s}s; image $((size / 1000000)) MB"

step "up -d, wait until hrctl health says all six are up"
start=$SECONDS
started=1
"${compose[@]}" up -d >>"$log" 2>&1 || fail "up -d failed"
wait_healthy
healthy_s=$((SECONDS - start))
echo "all up ${healthy_s}s after 'up -d' (the keys made on the way)"
hrctl health || fail "hrctl health"

step "the demo's directory (compose loads no demo: imported here by hand) and a case"
hrctl import departments /demo/departments.csv || fail "import departments"
hrctl import people /demo/people.csv || fail "import people"
opened=$(hrctl case open "$DEMO_CASE_EMPLOYEE" A39_1 --as "$DEMO_CASE_MANAGER") || fail "case open"
echo "$opened"
case_id=$(grep -o 'case [0-9A-Z]\{26\}' <<<"$opened" | cut -d' ' -f2)
[[ -n $case_id ]] || fail "no case id in: $opened"

step "evidence: put the company rules under the case, read them back, verify"
ev_id=$(hrctl evidence put /demo/rules.txt --case "$case_id" --kind rule_document) || fail "evidence put"
echo "$ev_id"
want=$(sha256sum <deploy/demo/rules.txt | cut -d' ' -f1)
[[ $ev_id == "$want" ]] || fail "evidence id $ev_id is not the file's sha256 $want"
got=$(hrctl evidence get "$ev_id" | sha256sum | cut -d' ' -f1)
[[ $got == "$want" ]] || fail "evidence get gave other bytes (sha256 $got)"
echo "evidence get: the same $(wc -c <deploy/demo/rules.txt) bytes"
hrctl verify || fail "verify"

step "notify: a test email lands in the notify-mail volume (email goes to file/dir)"
hrctl notify test --to hr@example.com || fail "notify test"
for _ in $(seq 50); do
    n=$("${compose[@]}" exec -T notify sh -c 'ls /var/lib/hr/mail | grep -c "\.eml$"' 2>>"$log" || true)
    ((${n:-0} >= 1)) && break
    sleep 0.2
done
((${n:-0} >= 1)) || fail "no .eml in /var/lib/hr/mail"
echo "$n .eml file(s) in /var/lib/hr/mail"

step "restart workflow, evidence and analytics: the case and the evidence stay"
"${compose[@]}" restart workflow evidence analytics >>"$log" 2>&1 || fail "restart"
wait_healthy
echo "all up again in ${waited_s}s"
hrctl case list | grep "$case_id" || fail "case $case_id gone after a restart"
hrctl evidence list --case "$case_id" | grep "$ev_id" || fail "evidence $ev_id gone after a restart"

step "backup (the backup service, profile tools) into the backups volume"
out=$("${compose[@]}" run --rm --no-deps -T backup /var/backups/hr/check 2>>"$log") || fail "backup: $out"
echo "$out"
grep -qx '/var/backups/hr/check: complete' <<<"$out" || fail "the backup is not complete"

step "down (volumes kept), up -d: the same data, the same evidence key and curve keys"
"${compose[@]}" down >>"$log" 2>&1 || fail "down"
start=$SECONDS
"${compose[@]}" up -d >>"$log" 2>&1 || fail "up -d after down"
wait_healthy
echo "all up $((SECONDS - start))s after 'up -d'"
hrctl case list | grep "$case_id" || fail "case $case_id gone after down/up"
got=$(hrctl evidence get "$ev_id" | sha256sum | cut -d' ' -f1)
[[ $got == "$want" ]] || fail "evidence $ev_id unreadable after down/up"
hrctl verify || fail "verify after down/up"

step "summary"
echo "image hr-dismissal:check $((size / 1000000)) MB; build ${build_s}s; all daemons up ${healthy_s}s after the first 'up -d'"
echo "check.sh: OK"
