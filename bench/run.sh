#!/usr/bin/env bash
# Reproducible benchmark of Voronka on PostgreSQL with the big demo data set.
#
#   bench/run.sh              fresh database, 1,000,000 deals, then all benchmarks
#   BENCH_REUSE=1 bench/run.sh   keep the loaded database (and its token) from a previous run
#   bench/run.sh load         only (re)load the data set
#   bench/run.sh list|move|jdbc|create|automation|board|analytics|mass   only the named benchmarks (comma separated)
#
# Settings (environment): BENCH_DEALS (1000000), BENCH_DB (voronka_bench), BENCH_PG_HOST (127.0.0.1),
# BENCH_PG_PORT (5432), BENCH_PG_USER (postgres), BENCH_PORT (18080), BENCH_CLIENTS (8),
# BENCH_SECONDS (30 per throughput run), BENCH_APP_OPTS (-Xms1g -Xmx1g), BENCH_AUTOMATION_RATE (200 moves/s offered),
# BENCH_AUTOMATION_SENDERS (32 connections offering them), BENCH_AUTOMATION_MASS (10000 deals in the mass move) for the
# automation benchmark, BENCH_MASS (100000)
# for the mass action benchmark, BENCH_ADMIN_EMAIL / BENCH_ADMIN_PASSWORD for the pages.
# Needs a JDK 17+, Maven, psql and a PostgreSQL 15+ the user may create databases on.
set -euo pipefail
cd "$(dirname "$0")/.."

DEALS=${BENCH_DEALS:-1000000}
DB=${BENCH_DB:-voronka_bench}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
PORT=${BENCH_PORT:-18080}
APP_OPTS=${BENCH_APP_OPTS:--Xms1g -Xmx1g}
WHAT=${1:-list,move,jdbc,create}
WORK=bench/.work
mkdir -p "$WORK"
PSQL=(psql -X -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER")
JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB"

echo "== build"
mvn -q -B -DskipTests package
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test >/dev/null
JAR=$(ls target/voronka-*.jar | grep -v original | head -1)

fresh=1
if [[ "${BENCH_REUSE:-0}" == 1 && -s "$WORK/token" ]] \
        && "${PSQL[@]}" -Atc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
    fresh=0
fi
if [[ "$WHAT" == load ]]; then fresh=1; fi
if [[ $fresh == 1 ]]; then
    echo "== fresh database $DB"
    "${PSQL[@]}" -c "drop database if exists $DB" -c "create database $DB"
    rm -f "$WORK/token"
fi

echo "== start the application (demo data: $DEALS deals, seed 42)"
VORONKA_DB_URL="$JDBC_URL?reWriteBatchedInserts=true" VORONKA_DB_USER="$PG_USER" \
    java $APP_OPTS -jar "$JAR" --server.port="$PORT" --voronka.demo.enabled=true --voronka.demo.deals="$DEALS" \
    --voronka.demo.seed=42 --voronka.demo.parties=false --voronka.setup.admin-password=bench-admin-password >"$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
started=$(date +%s)
until grep -qE "Demo data ready|already has deals" "$WORK/app.log"; do
    if ! kill -0 $APP 2>/dev/null; then echo "the application stopped; see $WORK/app.log"; tail -30 "$WORK/app.log"; exit 1; fi
    sleep 5
    # a server with autovacuum off (or slow to start it) leaves the loader's updated rows dead in every index it reads:
    # the load then slows down more with each batch, and stale statistics of the analytics projection make the
    # planner drive its per-batch statements from the whole table instead of from the batch's deals
    if [[ $fresh == 1 && $(( ($(date +%s) - started) % 60 )) -lt 5 ]]; then
        "${PSQL[@]}" -d "$DB" -c "vacuum analyze deals" -c "vacuum analyze tasks" -c "vacuum analyze stage_transitions" \
            -c "vacuum analyze analytics_entries" -c "vacuum analyze analytics_stays" >/dev/null 2>&1 || true
    fi
done
grep -E "Demo data ready" "$WORK/app.log" | sed 's/.*Demo data/Demo data/' || true
if [[ $fresh == 1 ]]; then
    echo "   load took $(( $(date +%s) - started )) s (application start included)"
    grep -A1 "API token" "$WORK/app.log" | tail -1 | tr -d ' ' >"$WORK/token"
    echo "== vacuum analyze"
    "${PSQL[@]}" -d "$DB" -c "vacuum analyze"
fi
"${PSQL[@]}" -d "$DB" -Atc "select 'deals ' || count(*) from deals" -c "select 'stage_transitions ' || count(*) from stage_transitions" \
    -c "select 'events ' || count(*) from events" -c "select 'database size ' || pg_size_pretty(pg_database_size('$DB'))"
if [[ "$WHAT" == load ]]; then exit 0; fi

echo "== machine"
echo "nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | sed 's/\t//'); memory $(free -g | awk '/Mem:/{print $2}') GB"
"${PSQL[@]}" -Atc "select version()"
"${PSQL[@]}" -Atc "select string_agg(name || '=' || current_setting(name), ' ' order by name) from pg_settings
    where name in ('shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'autovacuum', 'random_page_cost', 'effective_cache_size', 'work_mem')"
java -version 2>&1 | head -1

echo "== benchmarks"
java -Xmx512m -cp "target/test-classes:target/classes:$(cat "$WORK/classpath.txt")" org.voronka.bench.ApiBenchmark \
    --base "http://127.0.0.1:$PORT" --token "$(cat "$WORK/token")" --jdbc "$JDBC_URL" --jdbc-user "$PG_USER" \
    --clients "${BENCH_CLIENTS:-8}" --seconds "${BENCH_SECONDS:-30}" --run "$WHAT"
