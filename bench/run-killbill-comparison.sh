#!/usr/bin/env bash
# Issue 13: single-event usage ingest of Tokentally beside Kill Bill 0.22.26, in one run, on one local
# PostgreSQL 15, with the same load generator and flags (wrk -t2 -c8, 10 s warm-up, 30 s measured), then
# both from 1 to 64 connections, then both with batches of 1,000 events a request (2 connections), with
# each one's CPU per event and RSS. Prints a Markdown report.
#   bench/run-killbill-comparison.sh
# Needs: JDK 25 (JAVA_HOME) and a JDK 17 beside it (Kill Bill), Debian's postgresql-15 and wrk, and the
# Kill Bill peer prepared once with ../shared/peers/killbill/setup.sh (it downloads from Maven Central).
# Environment: TT_JAR (a jar built before; default: target/tokentally-*.jar, packaged when missing), DURATION (30s), WARMUP (10s), JIT_WARMUP (60s before the warm-up), STEP (6s per connection count), CONNECTIONS ("1 2 4 8 16 32 64"),
# BATCH_DURATION (20s, batches of 1,000 at 2 connections; 0 leaves the batch phase out),
# TT_JAVA_OPTS (the README's defaults), TT_PROFILE=1 to record async-profiler's CPU samples of a 20 s 8-connection run (target/bench-killbill/*.collapsed).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEERS=${PEERS:-$ROOT/../shared/peers}
KB_DIR=${KB_DIR:-$HOME/.cache/tokentally-peers/killbill}
DURATION=${DURATION:-30s}; WARMUP=${WARMUP:-10s}; STEP=${STEP:-6s}; BATCH_DURATION=${BATCH_DURATION:-20s}; JIT_WARMUP=${JIT_WARMUP:-60s}; CONNECTIONS=${CONNECTIONS:-1 2 4 8 16 32 64}
KB_PORT=18081; TT_PORT=18082
TT_JAVA_OPTS=${TT_JAVA_OPTS:-$(sed -n "s/^ *<tokentally.jvm>\(.*\)<\/tokentally.jvm>/\1/p" "$ROOT/pom.xml" | head -1)}
OUT=$ROOT/target/bench-killbill; mkdir -p "$OUT"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# --- PostgreSQL 15 for both -------------------------------------------------------------------------------
# Started with no inherited descriptors: a server that kept the build lock's (flock) would hold it for good.
pg_lsclusters | grep -Eq '^15 +main .* online' || python3 -c 'import subprocess, sys; sys.exit(subprocess.call(["pg_ctlcluster", "15", "main", "start"], close_fds=True))'
[ -f "$KB_DIR/killbill.properties" ] || bash "$PEERS/killbill/setup.sh"
su postgres -c "psql -q -c \"DROP DATABASE IF EXISTS tokentally_bench\" -c \"DROP ROLE IF EXISTS tokentally\" \
  -c \"CREATE ROLE tokentally LOGIN PASSWORD 'tokentally'\" -c 'CREATE DATABASE tokentally_bench OWNER tokentally'"
PG_VERSION=$(su postgres -c "psql -tAc 'show server_version'")

# --- Kill Bill ----------------------------------------------------------------------------------------------
KB_PORT=$KB_PORT bash "$PEERS/killbill/start.sh" > "$OUT/killbill.log" 2>&1 &
pids+=($!)
# --- Tokentally: the packaged jar with the README's JVM settings --------------------------------------------
JAR=${TT_JAR:-$(ls "$ROOT"/target/tokentally-*.jar 2>/dev/null | head -1 || true)}
if [ -z "$JAR" ]; then (cd "$ROOT" && ./mvnw -B -q -o package -DskipTests); JAR=$(ls "$ROOT"/target/tokentally-*.jar | head -1); fi
TT_KEY=tt_bench_$(date +%s)
DB_URL=jdbc:postgresql://127.0.0.1:5432/tokentally_bench DB_USER=tokentally DB_PASSWORD=tokentally \
  TOKENTALLY_DEMO=true TOKENTALLY_DEMO_API_KEYS=acme:$TT_KEY TOKENTALLY_SECRET_KEY=$(openssl rand -base64 32) \
  TOKENTALLY_API_RATE_LIMIT_PER_SECOND=1000000 \
  "$JAVA" $TT_JAVA_OPTS -jar "$JAR" --server.port=$TT_PORT --logging.level.root=warn > "$OUT/tokentally.log" 2>&1 &
TT_PID=$!; pids+=($TT_PID)

wait_for() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "timed out waiting for $1" >&2; exit 1; }
wait_for "http://127.0.0.1:$TT_PORT/actuator/health"
wait_for "http://127.0.0.1:$KB_PORT/1.0/healthcheck"
KB_PID=$(pgrep -f "jetty-runner.*--port $KB_PORT" | head -1)

# Kill Bill's tenant, catalog, account and subscription (its README's calls).
KB="http://127.0.0.1:$KB_PORT/1.0/kb"; AUTH=(-u admin:password -H "X-Killbill-CreatedBy: bench")
TENANT=(-H "X-Killbill-ApiKey: probe" -H "X-Killbill-ApiSecret: probe-secret")
curl -sf "${AUTH[@]}" -H 'Content-Type: application/json' -d '{"apiKey":"probe","apiSecret":"probe-secret"}' "$KB/tenants" -o /dev/null || true
curl -sf "${AUTH[@]}" "${TENANT[@]}" -H 'Content-Type: text/xml' --data-binary @"$PEERS/killbill/usage-catalog.xml" "$KB/catalog/xml" -o /dev/null || true
ACCOUNT=$(curl -sf -D - -o /dev/null "${AUTH[@]}" "${TENANT[@]}" -H 'Content-Type: application/json' \
  -d "{\"name\":\"a\",\"externalKey\":\"a$(date +%s)\",\"currency\":\"USD\",\"billCycleDayLocal\":1}" "$KB/accounts" | sed -n 's#^Location: .*/accounts/\([0-9a-f-]*\).*#\1#p' | tr -d '\r')
SUB=$(curl -sf -D - -o /dev/null "${AUTH[@]}" "${TENANT[@]}" -H 'Content-Type: application/json' \
  -d "{\"accountId\":\"$ACCOUNT\",\"planName\":\"api-usage-monthly\"}" "$KB/subscriptions" | sed -n 's#^Location: .*/subscriptions/\([0-9a-f-]*\).*#\1#p' | tr -d '\r')
[ -n "$SUB" ] || { echo "Kill Bill refused the subscription" >&2; exit 1; }

# --- measuring ----------------------------------------------------------------------------------------------
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pg_ticks() { local t=0; for p in $(pgrep -u postgres postgres); do t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $t; }
rss_mb() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }
# run <system> <connections> <duration> <tag> [usage|batch]: prints "events/s p50 p95 p99 app-ms/event pg-ms/event max-rss-MB non-2xx"
# (a batch request carries 1,000 events; its latencies are per request)
run() {
  local system=$1 c=$2 d=$3 tag=$4 kind=${5:-usage} url script pid per=1
  [ "$kind" = batch ] && per=1000
  if [ "$system" = tokentally ]; then url="http://127.0.0.1:$TT_PORT"; script=tokentally-$kind.lua; pid=$TT_PID
  else url="http://127.0.0.1:$KB_PORT"; script=killbill-$kind.lua; pid=$KB_PID; fi
  local threads=$(( c < 2 ? 1 : 2 )) app0 pg0 max=0
  app0=$(ticks $pid); pg0=$(pg_ticks)
  BATCH=$per KEY=$TT_KEY SUB=$SUB TAG="$tag-$(date +%s%N)" wrk -t$threads -c$c -d$d -s "$ROOT/bench/wrk/$script" "$url" > "$OUT/$system-$tag.txt" &
  local wrk_pid=$!
  while kill -0 $wrk_pid 2>/dev/null; do r=$(rss_mb $pid); [ "$r" -gt "$max" ] && max=$r; sleep 1; done
  wait $wrk_pid
  local app1 pg1 rps events
  app1=$(ticks $pid); pg1=$(pg_ticks)
  rps=$(awk -v per=$per '/Requests\/sec/ {print $2 * per}' "$OUT/$system-$tag.txt")
  events=$(awk -v per=$per '/requests in/ {print $1 * per}' "$OUT/$system-$tag.txt")
  local bad; bad=$(awk '/Non-2xx/ {print $5}' "$OUT/$system-$tag.txt"); bad=${bad:-0}
  local p; p=$(grep -o 'p50=.*' "$OUT/$system-$tag.txt" | sed 's/p[0-9]*=//g; s/ms//g')
  awk -v rps="$rps" -v ev="$events" -v a=$((app1 - app0)) -v g=$((pg1 - pg0)) -v hz="$(getconf CLK_TCK)" -v max="$max" -v bad="$bad" -v p="$p" \
    'BEGIN { split(p, q, " "); printf "%.0f %s %s %s %.2f %.2f %d %s\n", rps, q[1], q[2], q[3], a * 1000 / hz / ev, g * 1000 / hz / ev, max, bad }'
}

# Both JVMs first compile their hot paths (JIT_WARMUP at 8 connections, not reported), then the 10 s warm-up.
for system in killbill tokentally; do run $system 8 "$JIT_WARMUP" jit > /dev/null; run $system 8 "$WARMUP" warmup > /dev/null; done
KB8=$(run killbill 8 "$DURATION" c8); TT8=$(run tokentally 8 "$DURATION" c8)
if [ "${TT_PROFILE:-}" = 1 ]; then
  # async-profiler (tools.profiler:async-profiler:4.1 on Maven Central), loaded into the running JVM by jcmd.
  AP_JAR=$HOME/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar
  [ -f "$AP_JAR" ] || mvn -q dependency:get -Dartifact=tools.profiler:async-profiler:4.1 -Dtransitive=false
  mkdir -p "$OUT/ap" && unzip -qo "$AP_JAR" 'linux-x64/*' -d "$OUT/ap"
  AP=$OUT/ap/linux-x64/libasyncProfiler.so; JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
  # jcmd takes an argument with '=' for a named one: the agent's options go in quotes of their own.
  "$JCMD" $TT_PID JVMTI.agent_load "$AP" "\"start,event=cpu,interval=1ms\"" > /dev/null
  run tokentally 8 20s profiled > "$OUT/profiled.txt"
  "$JCMD" $TT_PID JVMTI.agent_load "$AP" "\"stop,collapsed,file=$OUT/tokentally-profile.collapsed\"" > /dev/null
fi
declare -A SCALE
for c in $CONNECTIONS; do
  for system in killbill tokentally; do SCALE[$system-$c]=$(run $system $c "$STEP" "scale$c"); done
done
if [ "$BATCH_DURATION" != 0 ]; then
  KBB=$(run killbill 2 "$BATCH_DURATION" batch batch); TTB=$(run tokentally 2 "$BATCH_DURATION" batch batch)
fi

# --- report -------------------------------------------------------------------------------------------------
field() { echo "$1" | awk -v i="$2" '{print $i}'; }
echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, PostgreSQL $PG_VERSION (synchronous_commit on), wrk -t2; Tokentally JVM: $TT_JAVA_OPTS"
echo
echo "| 8 connections, ${DURATION} after ${JIT_WARMUP} + ${WARMUP} warm-up | events/s | p50 | p95 | p99 | app CPU ms/event | PostgreSQL CPU ms/event | max RSS | non-2xx |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for s in "Kill Bill 0.22.26:$KB8" "Tokentally:$TT8"; do
  v=${s#*:}; echo "| ${s%%:*} | $(field "$v" 1) | $(field "$v" 2) ms | $(field "$v" 3) ms | $(field "$v" 4) ms | $(field "$v" 5) | $(field "$v" 6) | $(field "$v" 7) MB | $(field "$v" 8) |"
done
echo
echo "Ratio Tokentally / Kill Bill at 8 connections: $(awk -v a="$(field "$TT8" 1)" -v b="$(field "$KB8" 1)" 'BEGIN { printf "%.1f", a / b }')×"
echo
echo "| connections | Kill Bill events/s | p99 | app CPU ms/event | Tokentally events/s | p99 | app CPU ms/event | PostgreSQL CPU ms/event | RSS |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for c in $CONNECTIONS; do
  k=${SCALE[killbill-$c]}; t=${SCALE[tokentally-$c]}
  echo "| $c | $(field "$k" 1) | $(field "$k" 4) ms | $(field "$k" 5) | $(field "$t" 1) | $(field "$t" 4) ms | $(field "$t" 5) | $(field "$t" 6) | $(field "$t" 7) MB |"
done
if [ "$BATCH_DURATION" != 0 ]; then
  echo
  echo "| batches of 1,000 events, 2 connections, ${BATCH_DURATION} | events/s | p50 per request | p99 per request | app CPU ms/event | PostgreSQL CPU ms/event | max RSS | non-2xx |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for s in "Kill Bill 0.22.26:$KBB" "Tokentally:$TTB"; do
    v=${s#*:}; echo "| ${s%%:*} | $(field "$v" 1) | $(field "$v" 2) ms | $(field "$v" 4) ms | $(field "$v" 5) | $(field "$v" 6) | $(field "$v" 7) MB | $(field "$v" 8) |"
  done
fi
