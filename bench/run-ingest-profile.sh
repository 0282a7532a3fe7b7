#!/usr/bin/env bash
# Issue 13: where Tokentally's CPU goes on the single-event path. Tokentally alone (the packaged jar with the
# README's JVM settings, on the local PostgreSQL 15), wrk -t2 -c8 for WARM (90s), then MEASURE (20s) measured
# (events/s, latencies, application and PostgreSQL CPU per event, events per recording transaction, RSS), then
# MEASURE again under async-profiler (tools.profiler:async-profiler:4.1), whose collapsed stacks go to
# target/bench-profile/profile.collapsed (flame graphs: any collapsed-stack viewer).
#   bench/run-ingest-profile.sh        Environment: WARM, MEASURE, TT_JAVA_OPTS, PROFILE=0 to measure only.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd); OUT=$ROOT/target/bench-profile; mkdir -p "$OUT"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java; JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd; PORT=18084
TT_JAVA_OPTS=${TT_JAVA_OPTS:-$(sed -n "s/^ *<tokentally.jvm>\(.*\)<\/tokentally.jvm>/\1/p" "$ROOT/pom.xml" | head -1)}
# Started with no inherited descriptors: a server that kept the build lock's (flock) would hold it for good.
pg_lsclusters | grep -Eq '^15 +main .* online' || python3 -c 'import subprocess, sys; sys.exit(subprocess.call(["pg_ctlcluster", "15", "main", "start"], close_fds=True))'
su postgres -c "psql -q -c \"DROP DATABASE IF EXISTS tokentally_profile\" -c \"DROP ROLE IF EXISTS tokentally_profile\" \
  -c \"CREATE ROLE tokentally_profile LOGIN PASSWORD 'tokentally'\" -c 'CREATE DATABASE tokentally_profile OWNER tokentally_profile'"
JAR=$(ls "$ROOT"/target/tokentally-*.jar 2>/dev/null | head -1 || true)
if [ -z "$JAR" ]; then (cd "$ROOT" && ./mvnw -B -q -o package -DskipTests); JAR=$(ls "$ROOT"/target/tokentally-*.jar | head -1); fi
KEY=tt_profile_$(date +%s)
DB_URL=jdbc:postgresql://127.0.0.1:5432/tokentally_profile DB_USER=tokentally_profile DB_PASSWORD=tokentally \
  TOKENTALLY_DEMO=true TOKENTALLY_DEMO_HISTORY=false TOKENTALLY_DEMO_API_KEYS=acme:$KEY TOKENTALLY_SECRET_KEY=$(openssl rand -base64 32) \
  TOKENTALLY_API_RATE_LIMIT_PER_SECOND=1000000 "$JAVA" $TT_JAVA_OPTS -jar "$JAR" --server.port=$PORT --logging.level.root=warn > "$OUT/app.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break; sleep 0.5; done
load() { KEY=$KEY TAG="$1-$(date +%s%N)" wrk -t2 -c8 -d"$2" -s "$ROOT/bench/wrk/tokentally-usage.lua" "http://127.0.0.1:$PORT" > "$OUT/$1.txt"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pg_ticks() { local t=0; for p in $(pgrep -u postgres postgres); do t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $t; }
sql() { PGPASSWORD=tokentally psql -h 127.0.0.1 -U tokentally_profile -d tokentally_profile -tAc "$1"; }
load warmup "${WARM:-90s}"
e0=$(sql "select count(*) from usage_event"); x0=$(sql "select count(distinct xmin::text) from usage_event"); a0=$(ticks $PID); g0=$(pg_ticks)
load measured "${MEASURE:-20s}"
e1=$(sql "select count(*) from usage_event"); x1=$(sql "select count(distinct xmin::text) from usage_event"); a1=$(ticks $PID); g1=$(pg_ticks)
hz=$(getconf CLK_TCK); n=$(awk '/requests in/ {print $1}' "$OUT/measured.txt")
echo "wrk -t2 -c8 ${MEASURE:-20s} after ${WARM:-90s}: $(awk '/Requests\/sec/ {print $2}' "$OUT/measured.txt") events/s, $(grep -o 'p50=.*' "$OUT/measured.txt"), $(awk '/Non-2xx/ {print $5}' "$OUT/measured.txt") non-2xx"
awk -v a=$((a1 - a0)) -v g=$((g1 - g0)) -v n="$n" -v e=$((e1 - e0)) -v x=$((x1 - x0)) -v hz="$hz" 'BEGIN { printf "application %.2f ms, PostgreSQL %.2f ms CPU per event; %.2f events per recording transaction\n", a * 1000 / hz / n, g * 1000 / hz / n, e / x }'
echo "RSS $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$PID/status") MB ($TT_JAVA_OPTS)"
[ "${PROFILE:-1}" = 1 ] || exit 0
AP_JAR=$HOME/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar
[ -f "$AP_JAR" ] || "$ROOT/mvnw" -q dependency:get -Dartifact=tools.profiler:async-profiler:4.1 -Dtransitive=false
mkdir -p "$OUT/ap" && unzip -qo "$AP_JAR" 'linux-x64/*' -d "$OUT/ap"
# jcmd takes an argument with '=' for a named one: the agent's options go in quotes of their own.
"$JCMD" $PID JVMTI.agent_load "$OUT/ap/linux-x64/libasyncProfiler.so" "\"start,event=cpu,interval=1ms\"" > /dev/null
load profiled "${MEASURE:-20s}"
"$JCMD" $PID JVMTI.agent_load "$OUT/ap/linux-x64/libasyncProfiler.so" "\"stop,collapsed,file=$OUT/profile.collapsed\"" > /dev/null
echo "profiled: $(awk '/Requests\/sec/ {print $2}' "$OUT/profiled.txt") events/s; stacks in $OUT/profile.collapsed"
