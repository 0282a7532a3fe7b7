#!/usr/bin/env bash
# Issue 25: what a call refused by a hard budget costs. The packaged jar with the README's JVM settings, Acme under a
# hard monthly budget of 0.01 that a few calls use up, then wrk (../shared/peers/portkey/chat.lua, as the Portkey
# comparison runs it) against Acme's key, every answer a 429 (the script checks that none was admitted).
#   bench/run-refused-benchmark.sh
# Needs: JDK 25 (JAVA_HOME), Node, wrk, Debian's postgresql-15.
# Environment: TT_JAR (a jar built before; default: package the code as it is), WARMUP (60s at 10 connections, not
# reported), DURATION (10s per measurement), TT_JAVA_OPTS (the README's defaults), TT_PROFILE=1 to record
# async-profiler's CPU samples of a 10 s 10-connection run (target/bench-refused/tokentally-profile.collapsed).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEER=${PEERS:-$ROOT/../shared/peers}/portkey
WARMUP=${WARMUP:-60s}; DURATION=${DURATION:-10s}
FAKE_PORT=18092; TT_PORT=18085
TT_JAVA_OPTS=${TT_JAVA_OPTS:-$(sed -n "s/^ *<tokentally.jvm>\(.*\)<\/tokentally.jvm>/\1/p" "$ROOT/pom.xml" | head -1)}
OUT=$ROOT/target/bench-refused; mkdir -p "$OUT"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

node "$PEER/fake-openai.mjs" $FAKE_PORT > "$OUT/fake.log" 2>&1 & pids+=($!)
pg_lsclusters | grep -Eq '^15 +main .* online' || python3 -c 'import subprocess, sys; sys.exit(subprocess.call(["pg_ctlcluster", "15", "main", "start"], close_fds=True))'
su postgres -c "psql -q -c \"DROP DATABASE IF EXISTS tokentally_refbench\" -c \"DROP ROLE IF EXISTS tt_refbench\" \
  -c \"CREATE ROLE tt_refbench LOGIN PASSWORD 'tt_refbench'\" -c 'CREATE DATABASE tokentally_refbench OWNER tt_refbench'"
JAR=${TT_JAR:-}
if [ -z "$JAR" ]; then (cd "$ROOT" && ./mvnw -B -q -o package -DskipTests); JAR=$(ls "$ROOT"/target/tokentally-*.jar | head -1); fi
TT_KEY=tt_refbench_$(date +%s)
DB_URL=jdbc:postgresql://127.0.0.1:5432/tokentally_refbench DB_USER=tt_refbench DB_PASSWORD=tt_refbench \
  TOKENTALLY_DEMO=true TOKENTALLY_DEMO_HISTORY=false TOKENTALLY_DEMO_API_KEYS=acme:$TT_KEY \
  TOKENTALLY_SECRET_KEY=$(openssl rand -base64 32) \
  TOKENTALLY_PROVIDERS_OPENAI_API_KEY=sk-fake TOKENTALLY_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:$FAKE_PORT/v1 \
  "$JAVA" $TT_JAVA_OPTS -jar "$JAR" --server.port=$TT_PORT --logging.level.root=warn > "$OUT/tokentally.log" 2>&1 &
TT_PID=$!; pids+=($TT_PID)
wait_for() { for _ in $(seq 1 600); do curl -s ${2:-} -o /dev/null "$1" && return 0; sleep 0.5; done; echo "timed out waiting for $1" >&2; exit 1; }
wait_for "http://127.0.0.1:$TT_PORT/actuator/health" -f
wait_for "http://127.0.0.1:$FAKE_PORT/"
su postgres -c "psql -q -d tokentally_refbench -c \"insert into budget (organization_id, name, scope, period, amount, thresholds, enforcement)
  select id, 'Benchmark small hard limit', 'ORGANIZATION', 'MONTHLY', 0.01, '80,100', 'HARD' from organization where slug = 'acme'\""
call() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TT_KEY" -H 'Content-Type: application/json' \
  -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"max_tokens":50}' "http://127.0.0.1:$TT_PORT/v1/chat/completions"; }
# Calls until the budget is used up: each admitted one is booked, and the refusals after it say "used up".
admitted=0
for _ in $(seq 1 5000); do code=$(call); [ "$code" = 429 ] && break; admitted=$((admitted + 1)); done
[ "$code" = 429 ] || { echo "the budget never refused (last answer $code)" >&2; exit 1; }
# run <connections> <duration> <tag>: prints "calls/s p50 p99 admitted"
run() {
  KEY=$TT_KEY wrk -t1 -c$1 -d$2 -s "$PEER/chat.lua" "http://127.0.0.1:$TT_PORT" > "$OUT/$3.txt"
  local rps total bad p
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/$3.txt")
  total=$(awk '/requests in/ {print $1}' "$OUT/$3.txt")
  bad=$(awk '/Non-2xx/ {print $5}' "$OUT/$3.txt"); bad=$(( total - ${bad:-0} ))
  p=$(grep -o 'p50=.*' "$OUT/$3.txt" | sed 's/p[0-9]*=//g; s/ms//g')
  echo "$rps $p $bad" | awk '{printf "%.0f %s %s %s\n", $1, $2, $3, $4}'
}
run 10 "$WARMUP" warmup > /dev/null
C1=$(run 1 "$DURATION" c1)
C10=$(run 10 "$DURATION" c10)
CPU=$(ps -o times= -p $TT_PID)
if [ "${TT_PROFILE:-}" = 1 ]; then
  # async-profiler (tools.profiler:async-profiler:4.1 on Maven Central), loaded into the running JVM by jcmd.
  AP_JAR=$HOME/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar
  [ -f "$AP_JAR" ] || (cd "$ROOT" && ./mvnw -q dependency:get -Dartifact=tools.profiler:async-profiler:4.1 -Dtransitive=false)
  mkdir -p "$OUT/ap" && unzip -qo "$AP_JAR" 'linux-x64/*' -d "$OUT/ap"
  AP=$OUT/ap/linux-x64/libasyncProfiler.so; JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
  "$JCMD" $TT_PID JVMTI.agent_load "$AP" "\"start,event=cpu,interval=1ms\"" > /dev/null
  run 10 10s profiled > "$OUT/profiled.txt"
  "$JCMD" $TT_PID JVMTI.agent_load "$AP" "\"stop,collapsed,file=$OUT/tokentally-profile.collapsed\"" > /dev/null
fi
TT_RSS=$(( $(ps -o rss= -p $TT_PID) / 1024 ))
SPENT=$(su postgres -c "psql -tA -d tokentally_refbench -c \"select coalesce(sum(billed_cost), 0) || ' billed in ' || count(*) || ' events' from usage_event\"")
field() { echo "$1" | awk -v i="$2" '{print $i}'; }
echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores (JVM: $TT_JAVA_OPTS; PostgreSQL 15); $admitted calls admitted before"
echo "the budget refused, then $WARMUP warm-up at 10 connections, then $DURATION at 1 and at 10 connections, every call refused."
echo
echo "| | calls/s | p50 | p99 | admitted (2xx) |"
echo "| --- | --- | --- | --- | --- |"
echo "| 1 connection | $(field "$C1" 1) | $(field "$C1" 2) ms | $(field "$C1" 3) ms | $(field "$C1" 4) |"
echo "| 10 connections | $(field "$C10" 1) | $(field "$C10" 2) ms | $(field "$C10" 3) ms | $(field "$C10" 4) |"
echo
echo "Ledger: $SPENT (budget 0.01); Tokentally CPU time $CPU s, RSS $TT_RSS MB."
