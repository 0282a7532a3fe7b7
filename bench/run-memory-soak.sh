#!/usr/bin/env bash
# Issue 25: resident memory of the gateway under a steady load for MINUTES minutes, with the launch settings the
# Docker image ships (its JAVA_TOOL_OPTIONS, read from docker/Dockerfile, and `java -jar`). The packaged jar on
# PostgreSQL 15, metering on, Acme under a hard monthly budget too large to refuse (every call reserved and recorded),
# OpenAI connected to the fast local fake (../shared/peers/portkey/fake-openai.mjs); wrk -t1 -c$CONNECTIONS with
# bench/gateway/steady.lua (each connection pauses DELAY ms before each call). Every 10 s the process's VmRSS from
# /proc/<pid>/status goes into target/bench-soak/rss.csv; at the end it prints the curve, start/end/max and calls/s.
#   bench/run-memory-soak.sh
# Needs: JDK 25 (JAVA_HOME), Node, wrk, Debian's postgresql-15.
# Environment: MINUTES (10), CONNECTIONS (10), DELAY (10 ms: about 700 calls/s on 2 cores), TT_JAR (a jar built
# before; default: package the code as it is), JAVA_TOOL_OPTIONS_SOAK (default: the Dockerfile's JAVA_TOOL_OPTIONS).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEER=${PEERS:-$ROOT/../shared/peers}/portkey
MINUTES=${MINUTES:-10}; CONNECTIONS=${CONNECTIONS:-10}; DELAY=${DELAY:-10}
FAKE_PORT=18091; TT_PORT=18084; DB=tokentally_soak
OPTS=${JAVA_TOOL_OPTIONS_SOAK:-$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"$/\1/p' "$ROOT/docker/Dockerfile")}
[ -n "$OPTS" ] || { echo "no JAVA_TOOL_OPTIONS in docker/Dockerfile" >&2; exit 1; }
OUT=$ROOT/target/bench-soak; mkdir -p "$OUT"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

node "$PEER/fake-openai.mjs" $FAKE_PORT > "$OUT/fake.log" 2>&1 & pids+=($!)
pg_lsclusters | grep -Eq '^15 +main .* online' || python3 -c 'import subprocess, sys; sys.exit(subprocess.call(["pg_ctlcluster", "15", "main", "start"], close_fds=True))'
su postgres -c "psql -q -c \"DROP DATABASE IF EXISTS $DB\" -c \"DROP ROLE IF EXISTS tt_soak\" \
  -c \"CREATE ROLE tt_soak LOGIN PASSWORD 'tt_soak'\" -c 'CREATE DATABASE $DB OWNER tt_soak'"
JAR=${TT_JAR:-}
if [ -z "$JAR" ]; then (cd "$ROOT" && ./mvnw -B -q -o package -DskipTests); JAR=$(ls "$ROOT"/target/tokentally-*.jar | head -1); fi
TT_KEY=tt_soak_$(date +%s)
JAVA_TOOL_OPTIONS="$OPTS" DB_URL=jdbc:postgresql://127.0.0.1:5432/$DB DB_USER=tt_soak DB_PASSWORD=tt_soak \
  TOKENTALLY_DEMO=true TOKENTALLY_DEMO_HISTORY=false TOKENTALLY_DEMO_API_KEYS=acme:$TT_KEY \
  TOKENTALLY_SECRET_KEY=$(openssl rand -base64 32) \
  TOKENTALLY_PROVIDERS_OPENAI_API_KEY=sk-fake TOKENTALLY_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:$FAKE_PORT/v1 \
  "$JAVA" -jar "$JAR" --server.port=$TT_PORT --logging.level.root=warn > "$OUT/tokentally.log" 2>&1 &
TT_PID=$!; pids+=($TT_PID)
wait_for() { for _ in $(seq 1 600); do curl -s ${2:-} -o /dev/null "$1" && return 0; sleep 0.5; done; echo "timed out waiting for $1" >&2; exit 1; }
wait_for "http://127.0.0.1:$TT_PORT/actuator/health" -f
wait_for "http://127.0.0.1:$FAKE_PORT/"
su postgres -c "psql -q -d $DB -c \"insert into budget (organization_id, name, scope, period, amount, thresholds, enforcement)
  select id, 'Soak hard limit', 'ORGANIZATION', 'MONTHLY', 100000000, '80,100', 'HARD' from organization where slug = 'acme'\""
first_call() { curl -sf -o /dev/null -H "Authorization: Bearer $TT_KEY" -H 'Content-Type: application/json' \
  -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}' "http://127.0.0.1:$TT_PORT/v1/chat/completions"; }
for _ in $(seq 1 60); do first_call && break; sleep 0.5; done
first_call || { echo "Tokentally's gateway refused the first call" >&2; exit 1; }

# --- the soak: wrk in the background, VmRSS every 10 s (the first sample as the load starts) ----------------------
rss_mb() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$TT_PID/status"; }
START=$(date -u +%Y-%m-%dT%H:%MZ)
KEY=$TT_KEY DELAY=$DELAY wrk -t1 -c"$CONNECTIONS" -d"${MINUTES}m" --timeout 10s -s "$ROOT/bench/gateway/steady.lua" \
  "http://127.0.0.1:$TT_PORT" > "$OUT/wrk.txt" & WRK=$!; pids+=($WRK)
echo "seconds,rss_mb" > "$OUT/rss.csv"
t0=$(date +%s)
while kill -0 $WRK 2>/dev/null; do
  echo "$(( $(date +%s) - t0 )),$(rss_mb)" >> "$OUT/rss.csv"
  for _ in $(seq 1 10); do kill -0 $WRK 2>/dev/null && sleep 1; done
done
wait $WRK || true
echo "$(( $(date +%s) - t0 )),$(rss_mb)" >> "$OUT/rss.csv"
EVENTS=$(su postgres -c "psql -tA -d $DB -c \"select count(*) from usage_event where source = 'GATEWAY'\"")

# --- report -------------------------------------------------------------------------------------------------------
echo "Run from $START on $(nproc) cores: JAVA_TOOL_OPTIONS=\"$OPTS\", java -jar $(basename "$JAR"), PostgreSQL 15,"
echo "wrk -t1 -c$CONNECTIONS for ${MINUTES} min, $DELAY ms pause per call per connection; VmRSS every 10 s ($OUT/rss.csv)."
echo "Calls/s: $(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt"), $(grep -o 'p50=.*' "$OUT/wrk.txt"), non-2xx: $(awk '/Non-2xx/ {print $5}' "$OUT/wrk.txt" | grep . || echo 0),"
echo "socket errors: $(grep -o 'Socket errors:.*' "$OUT/wrk.txt" || echo none); gateway events in the ledger: $EVENTS."
echo
# The curve: one bar per sample, 1 # per 8 MB.
awk -F, 'NR > 1 {printf "%5ss %4s MB  ", $1, $2; for (i = 0; i < $2 / 8; i++) printf "#"; print ""}' "$OUT/rss.csv"
echo
awk -F, 'NR == 2 {s = $2} NR > 1 {e = $2; if ($2 > m) m = $2} END {printf "RSS start %s MB, end %s MB, max %s MB\n", s, e, m}' "$OUT/rss.csv"
