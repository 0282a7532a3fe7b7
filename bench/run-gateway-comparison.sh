#!/usr/bin/env bash
# Issue 14: the gateway's overhead beside Portkey's open-source gateway (@portkey-ai/gateway 1.15.2), in ONE run:
# the same fast local fake of OpenAI (../shared/peers/portkey/fake-openai.mjs), the same load generator (wrk -t1 with
# ../shared/peers/portkey/chat.lua, as ../shared/peers/portkey/bench.sh runs it), called directly, through Portkey
# and through Tokentally (the packaged jar with the README's JVM settings, metering on, Acme under a hard monthly
# budget, so every call is reserved against it and recorded in the ledger). Prints a Markdown report.
#   bench/run-gateway-comparison.sh
# Needs: JDK 25 (JAVA_HOME), Node, wrk, Debian's postgresql-15, Portkey installed under PORTKEY_DIR
# (~/.cache/tokentally-peers/portkey; bench.sh installs it with npm when missing).
# Environment: TT_JAR (a jar built before; default: package the code as it is), WARMUP (120s per system at 10 connections, not reported: the JVM's C2 compiler is still busy after 60 s on 2 cores), DURATION (10s per measurement),
# STREAMS (300 streamed calls for the time to first chunk), TT_JAVA_OPTS (the README's defaults),
# TT_PROFILE=1 to record async-profiler's CPU samples of a 10 s 10-connection run (target/bench-gateway/*.collapsed).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEER=${PEERS:-$ROOT/../shared/peers}/portkey
PK_DIR=${PORTKEY_DIR:-$HOME/.cache/tokentally-peers/portkey}
WARMUP=${WARMUP:-120s}; DURATION=${DURATION:-10s}; STREAMS=${STREAMS:-300}
FAKE_PORT=18090; PK_PORT=8787; TT_PORT=18083
TT_JAVA_OPTS=${TT_JAVA_OPTS:-$(sed -n "s/^ *<tokentally.jvm>\(.*\)<\/tokentally.jvm>/\1/p" "$ROOT/pom.xml" | head -1)}
OUT=$ROOT/target/bench-gateway; mkdir -p "$OUT"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# --- the fake provider and Portkey -------------------------------------------------------------------------------
[ -d "$PK_DIR/node_modules/@portkey-ai/gateway" ] || { mkdir -p "$PK_DIR" && cp "$PEER/package.json" "$PK_DIR/" \
  && (cd "$PK_DIR" && npm install --no-audit --no-fund > /dev/null 2>&1); }
node "$PEER/fake-openai.mjs" $FAKE_PORT > "$OUT/fake.log" 2>&1 & pids+=($!)
node "$PK_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" --port $PK_PORT > "$OUT/portkey.log" 2>&1 & pids+=($!)
PK_PID=$!
PK_VERSION=$(node -p "require('$PK_DIR/node_modules/@portkey-ai/gateway/package.json').version")

# --- Tokentally on PostgreSQL 15, OpenAI connected to the fake from the environment -------------------------------
pg_lsclusters | grep -Eq '^15 +main .* online' || python3 -c 'import subprocess, sys; sys.exit(subprocess.call(["pg_ctlcluster", "15", "main", "start"], close_fds=True))'
su postgres -c "psql -q -c \"DROP DATABASE IF EXISTS tokentally_gwbench\" -c \"DROP ROLE IF EXISTS tt_gwbench\" \
  -c \"CREATE ROLE tt_gwbench LOGIN PASSWORD 'tt_gwbench'\" -c 'CREATE DATABASE tokentally_gwbench OWNER tt_gwbench'"
# The jar of the code as it is (TT_JAR: one built before).
JAR=${TT_JAR:-}
if [ -z "$JAR" ]; then (cd "$ROOT" && ./mvnw -B -q -o package -DskipTests); JAR=$(ls "$ROOT"/target/tokentally-*.jar | head -1); fi
TT_KEY=tt_gwbench_$(date +%s)
DB_URL=jdbc:postgresql://127.0.0.1:5432/tokentally_gwbench DB_USER=tt_gwbench DB_PASSWORD=tt_gwbench \
  TOKENTALLY_DEMO=true TOKENTALLY_DEMO_HISTORY=false TOKENTALLY_DEMO_API_KEYS=acme:$TT_KEY \
  TOKENTALLY_SECRET_KEY=$(openssl rand -base64 32) \
  TOKENTALLY_PROVIDERS_OPENAI_API_KEY=sk-fake TOKENTALLY_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:$FAKE_PORT/v1 \
  "$JAVA" $TT_JAVA_OPTS -jar "$JAR" --server.port=$TT_PORT --logging.level.root=warn > "$OUT/tokentally.log" 2>&1 &
TT_PID=$!; pids+=($TT_PID)
# wait_for <url> [curl option]: until it answers (-f: with a 2xx; Tokentally's health is UP once its data is loaded)
wait_for() { for _ in $(seq 1 600); do curl -s ${2:-} -o /dev/null "$1" && return 0; sleep 0.5; done; echo "timed out waiting for $1" >&2; exit 1; }
wait_for "http://127.0.0.1:$TT_PORT/actuator/health" -f
wait_for "http://127.0.0.1:$PK_PORT/"
wait_for "http://127.0.0.1:$FAKE_PORT/"
# Budgets on: a hard monthly budget for Acme, large enough never to refuse during the run.
su postgres -c "psql -q -d tokentally_gwbench -c \"insert into budget (organization_id, name, scope, period, amount, thresholds, enforcement)
  select id, 'Benchmark hard limit', 'ORGANIZATION', 'MONTHLY', 100000000, '80,100', 'HARD' from organization where slug = 'acme'\""
first_call() { curl -sf -o /dev/null -H "Authorization: Bearer $TT_KEY" -H 'Content-Type: application/json' \
  -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}' "http://127.0.0.1:$TT_PORT/v1/chat/completions"; }
for _ in $(seq 1 60); do first_call && break; sleep 0.5; done
first_call || { echo "Tokentally's gateway refused the first call" >&2; exit 1; }

# --- measuring ----------------------------------------------------------------------------------------------------
# system <name>: the URL and environment chat.lua and first-chunk.mjs need for it
declare -A URL=([direct]=http://127.0.0.1:$FAKE_PORT [portkey]=http://127.0.0.1:$PK_PORT [tokentally]=http://127.0.0.1:$TT_PORT)
declare -A HDRS=([direct]= [portkey]="x-portkey-provider=openai;x-portkey-custom-host=http://127.0.0.1:$FAKE_PORT/v1" [tokentally]=)
declare -A KEYS=([direct]=sk-fake [portkey]=sk-fake [tokentally]=$TT_KEY)
# run <system> <connections> <duration> <tag>: prints "calls/s p50 p99 non-2xx"
run() {
  local s=$1 c=$2 d=$3 tag=$4
  KEY=${KEYS[$s]} HDRS=${HDRS[$s]} wrk -t1 -c$c -d$d -s "$PEER/chat.lua" "${URL[$s]}" > "$OUT/$s-$tag.txt"
  local rps bad p
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/$s-$tag.txt")
  bad=$(awk '/Non-2xx/ {print $5}' "$OUT/$s-$tag.txt"); bad=${bad:-0}
  p=$(grep -o 'p50=.*' "$OUT/$s-$tag.txt" | sed 's/p[0-9]*=//g; s/ms//g')
  echo "$rps $p $bad" | awk '{printf "%.0f %s %s %s\n", $1, $2, $3, $4}'
}
# A system whose streamed calls fail (Portkey 1.15.2 answered 500 to streams to a custom host here) gets "failed".
first_chunk() { node "$ROOT/bench/gateway/first-chunk.mjs" "${URL[$1]}" "${KEYS[$1]}" "$STREAMS" "${HDRS[$1]}" 2> "$OUT/$1-first-chunk.err" \
  | sed 's/p[0-9]*=//g; s/ms//g; s/n=.*//' | grep . || echo "failed failed"; }

declare -A C1 C10 FC
for s in direct portkey tokentally; do
  run $s 10 "$WARMUP" warmup > /dev/null
  C1[$s]=$(run $s 1 "$DURATION" c1)
  C10[$s]=$(run $s 10 "$DURATION" c10)
  FC[$s]=$(first_chunk $s)
done
# Tokentally's resident memory at the end of its measurements (the issue's limit: 512 MB with the shipped settings).
TT_RSS=$(( $(ps -o rss= -p $TT_PID) / 1024 ))
EVENTS=$(su postgres -c "psql -tA -d tokentally_gwbench -c \"select count(*) || ' events, ' || count(*) filter (where billed_cost > 0) || ' billed' from usage_event where source = 'GATEWAY'\"")
if [ "${TT_PROFILE:-}" = 1 ]; then
  # async-profiler (tools.profiler:async-profiler:4.1 on Maven Central), loaded into the running JVM by jcmd.
  AP_JAR=$HOME/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar
  [ -f "$AP_JAR" ] || (cd "$ROOT" && ./mvnw -q dependency:get -Dartifact=tools.profiler:async-profiler:4.1 -Dtransitive=false)
  mkdir -p "$OUT/ap" && unzip -qo "$AP_JAR" 'linux-x64/*' -d "$OUT/ap"
  AP=$OUT/ap/linux-x64/libasyncProfiler.so; JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
  # jcmd takes an argument with '=' for a named one: the agent's options go in quotes of their own.
  "$JCMD" $TT_PID JVMTI.agent_load "$AP" "\"start,event=cpu,interval=1ms\"" > /dev/null
  run tokentally 10 10s profiled > "$OUT/profiled.txt"
  "$JCMD" $TT_PID JVMTI.agent_load "$AP" "\"stop,collapsed,file=$OUT/tokentally-profile.collapsed\"" > /dev/null
fi

# --- report -------------------------------------------------------------------------------------------------------
field() { echo "$1" | awk -v i="$2" '{print $i}'; }
added() { awk -v a="$(field "$1" "$3")" -v b="$(field "$2" "$3")" 'BEGIN { printf "%.2f", a - b }'; }
echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores: fake, Portkey $PK_VERSION (Node $(node --version)), Tokentally"
echo "(JVM: $TT_JAVA_OPTS; PostgreSQL 15, synchronous_commit on) and wrk -t1 share the machine; each system $WARMUP warm-up"
echo "at 10 connections, then $DURATION at 1 and at 10 connections, then $STREAMS streamed calls one after another."
echo
echo "| | calls/s, 1 conn. | p50 | p99 | added p50 | added p99 | calls/s, 10 conn. | p50 | p99 | first chunk p50 | p99 | non-2xx |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for s in direct portkey tokentally; do
  a=${C1[$s]}; b=${C10[$s]}; f=${FC[$s]}
  echo "| $s | $(field "$a" 1) | $(field "$a" 2) ms | $(field "$a" 3) ms | $(added "$a" "${C1[direct]}" 2) ms | $(added "$a" "${C1[direct]}" 3) ms | $(field "$b" 1) | $(field "$b" 2) ms | $(field "$b" 3) ms | $(field "$f" 1) ms | $(field "$f" 2) ms | $(( $(field "$a" 4) + $(field "$b" 4) )) |"
done
echo
echo "Tokentally / Portkey calls/s at 10 connections: $(awk -v a="$(field "${C10[tokentally]}" 1)" -v b="$(field "${C10[portkey]}" 1)" 'BEGIN { printf "%.1f", a / b }')×;" \
  "first chunk vs direct: +$(added "${FC[tokentally]}" "${FC[direct]}" 1) ms at p50; ledger: $EVENTS; Tokentally RSS $TT_RSS MB."
