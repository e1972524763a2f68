#!/usr/bin/env bash
# bench_analytics.sh - the analytics bench (tests/bench/bench_analytics.c) beside PostgreSQL 15
# on the same 10-million-punch file, in one run (issue 6 "Measure").
#
#   tests/bench/bench_analytics.sh [BUILD_DIR]      (default /tmp/build-analytics-bench; run as root)
#
# Installs Debian's `postgresql` package by name when it is missing (the bench only, never the
# tests), builds a Release bench_analytics, runs it (generate the CSV, import + aggregate three
# times into fresh LMDB stores, facts p50/p99), then starts PostgreSQL 15 at its defaults on
# loopback in a temporary directory as the postgres user and times COPY of the same file and the
# equivalent GROUP BY, three times each, and prints the medians and the ratio.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-/tmp/build-analytics-bench}
CSV=/tmp/hr-bench-punches.csv
PGBIN=/usr/lib/postgresql/15/bin
PORT=54329

if ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed"; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql
fi

cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" --target bench_analytics -j2 >/dev/null
echo "== hr-analytics (Release, $(nproc) CPUs)"
"$BUILD/bench/bench_analytics" --csv "$CSV" | tee /tmp/hr-bench-ours.txt
ours=$(sed -n 's/^RESULT ours_import_aggregate_s=//p' /tmp/hr-bench-ours.txt)
chmod 644 "$CSV"

echo "== PostgreSQL 15 at defaults, same file"
PGDIR=$(mktemp -d /tmp/hr-bench-pg-XXXXXX)
chown postgres "$PGDIR"
cleanup() {
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PGDIR"
}
trap cleanup EXIT
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
    -o "-h 127.0.0.1 -p $PORT -k $PGDIR" start >/dev/null
psql_t() { runuser -u postgres -- psql -h 127.0.0.1 -p $PORT -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
ms() { sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -n 1; }
copies=(); queries=(); totals=()
for run in 1 2 3; do
    psql_t -c "DROP TABLE IF EXISTS punches; CREATE TABLE punches (pin text, t timestamp, state int, device int);"
    c=$(printf '\\timing on\nCOPY punches FROM %s WITH (FORMAT csv, HEADER true);\n' "'$CSV'" | psql_t | ms)
    q=$(printf '\\timing on\n%s\n' "SELECT count(*) AS person_days, count(*) FILTER (WHERE first > time '09:00') AS late, count(*) FILTER (WHERE first > time '10:00') AS late60 FROM (SELECT pin, t::date AS d, min(t::time) AS first FROM punches GROUP BY pin, t::date) s;" | psql_t | tee /tmp/hr-bench-pg-q.txt | ms)
    res=$(grep -E '^ +[0-9]+ \|' /tmp/hr-bench-pg-q.txt | tr -s ' ' || true)
    echo "run $run COPY: $(awk "BEGIN{printf \"%.3f\", $c/1000}") s, GROUP BY: $(awk "BEGIN{printf \"%.3f\", $q/1000}") s (person_days | late | late60:$res)"
    copies+=("$c"); queries+=("$q"); totals+=("$(awk "BEGIN{print $c+$q}")")
done
med() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
pc=$(med "${copies[@]}"); pq=$(med "${queries[@]}"); pt=$(med "${totals[@]}")
echo "median of 3: COPY $(awk "BEGIN{printf \"%.3f\", $pc/1000}") s, GROUP BY $(awk "BEGIN{printf \"%.3f\", $pq/1000}") s, COPY+GROUP BY $(awk "BEGIN{printf \"%.3f\", $pt/1000}") s"
echo "== ratio: PostgreSQL COPY+GROUP BY / ours import+aggregate = $(awk "BEGIN{printf \"%.2f\", ($pt/1000)/$ours}")x (target >= 3x)"
