#!/usr/bin/env bash
# Issue 13: usage event -> figure on an open dashboard, in headless Chromium (Playwright, a MutationObserver in the
# page), against the packaged jar with the README's JVM settings on the local PostgreSQL 15. Prints one line.
#   bench/run-dashboard-benchmark.sh [samples] [warm-up samples]
# Issue 25: GATEWAY_LOAD=<connections> measures twice in the same run, first with the gateway idle, then while wrk -t1
# with ../shared/peers/portkey/chat.lua drives the gateway at that many connections (OpenAI connected to the fast
# local fake, ../shared/peers/portkey/fake-openai.mjs), and prints a Markdown table: the event -> screen figures of
# both, the gateway's calls/s, the CPU each process used and the application's RSS. The gateway calls use Globex's
# key (under a hard monthly budget too large to refuse), not Acme's: the measured dashboard is Acme's, and Acme's own
# gateway calls would change its "Requests today" figure hundreds of times a second, so the page could not tell its
# event from theirs; Globex's calls share everything else (Tomcat, the pools, the group commit, PostgreSQL, the CPUs).
# Environment: TT_JAR (a jar built before; default: target/tokentally-*.jar, packaged when there is none),
# TT_JAVA_OPTS (the README's defaults), GATEWAY_WARMUP (45s of gateway load before the first measurement, so the
# JIT has compiled the gateway's path), TT_PROFILE=1 (with GATEWAY_LOAD: async-profiler's CPU samples of the
# application during the loaded measurement every 10 ms, target/bench-dashboard/loaded.collapsed; its figures then include
# the profiler's cost).
# Needs: JDK 25 (JAVA_HOME), Debian's postgresql-15 and chromium; with GATEWAY_LOAD also Node and wrk.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd); cd "$ROOT"
PORT=18083; FAKE_PORT=18090; OUT=$ROOT/target/bench-dashboard; mkdir -p "$OUT"
PEER=${PEERS:-$ROOT/../shared/peers}/portkey
SAMPLES=${1:-300}; WARMUP_SAMPLES=${2:-50}
GATEWAY_LOAD=${GATEWAY_LOAD:-0}; GATEWAY_WARMUP=${GATEWAY_WARMUP:-45s}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
TT_JAVA_OPTS=${TT_JAVA_OPTS:-$(sed -n "s/^ *<tokentally.jvm>\(.*\)<\/tokentally.jvm>/\1/p" pom.xml | head -1)}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# Started with no inherited descriptors: a server that kept the build lock's (flock) would hold it for good.
pg_lsclusters | grep -Eq '^15 +main .* online' || python3 -c 'import subprocess, sys; sys.exit(subprocess.call(["pg_ctlcluster", "15", "main", "start"], close_fds=True))'
su postgres -c "psql -q -c \"DROP DATABASE IF EXISTS tokentally_dashboard\" -c \"DROP ROLE IF EXISTS tokentally_dash\" \
  -c \"CREATE ROLE tokentally_dash LOGIN PASSWORD 'tokentally'\" -c 'CREATE DATABASE tokentally_dashboard OWNER tokentally_dash'"
JAR=${TT_JAR:-$(ls target/tokentally-*.jar 2>/dev/null | head -1 || true)}
if [ -z "$JAR" ]; then ./mvnw -B -q -o package -DskipTests; JAR=$(ls target/tokentally-*.jar | head -1); fi
./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
KEY=tt_dash_$(date +%s); GW_KEY=tt_dash_gw_$(date +%s)
GATEWAY_ENV=()
if [ "$GATEWAY_LOAD" -gt 0 ]; then
  node "$PEER/fake-openai.mjs" $FAKE_PORT > "$OUT/fake.log" 2>&1 & pids+=($!); FAKE_PID=$!
  GATEWAY_ENV=(TOKENTALLY_PROVIDERS_OPENAI_API_KEY=sk-fake TOKENTALLY_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:$FAKE_PORT/v1)
fi
env DB_URL=jdbc:postgresql://127.0.0.1:5432/tokentally_dashboard DB_USER=tokentally_dash DB_PASSWORD=tokentally \
  TOKENTALLY_DEMO=true TOKENTALLY_DEMO_HISTORY=false TOKENTALLY_DEMO_API_KEYS=acme:$KEY,globex:$GW_KEY \
  TOKENTALLY_SECRET_KEY=$(openssl rand -base64 32) TOKENTALLY_API_RATE_LIMIT_PER_SECOND=1000000 "${GATEWAY_ENV[@]}" \
  "$JAVA" $TT_JAVA_OPTS -jar "$JAR" --server.port=$PORT --logging.level.root=warn > "$OUT/tokentally.log" 2>&1 &
pid=$!; pids+=($pid)
for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break; sleep 0.5; done
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"; }
# measure <tag>: one DashboardLatencyBenchmark run (its own Chromium, signed in anew); its two lines in $OUT/<tag>.txt
measure() {
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$JAVA" -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    dev.tokentally.bench.DashboardLatencyBenchmark "http://127.0.0.1:$PORT" "$KEY" "$SAMPLES" "$WARMUP_SAMPLES" "$1" | tee "$OUT/$1.txt"
}
if [ "$GATEWAY_LOAD" -eq 0 ]; then
  measure idle
  echo "Application RSS after it: $(rss) MB ($TT_JAVA_OPTS)"
  exit 0
fi

# --- issue 25: the same samples with the gateway idle and under load -----------------------------------------------
su postgres -c "psql -q -d tokentally_dashboard -c \"insert into budget (organization_id, name, scope, period, amount, thresholds, enforcement)
  select id, 'Benchmark hard limit', 'ORGANIZATION', 'MONTHLY', 100000000, '80,100', 'HARD' from organization where slug = 'globex'\""
first_call() { curl -sf -o /dev/null -H "Authorization: Bearer $GW_KEY" -H 'Content-Type: application/json' \
  -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}' "http://127.0.0.1:$PORT/v1/chat/completions"; }
for _ in $(seq 1 60); do first_call && break; sleep 0.5; done
first_call || { echo "Tokentally's gateway refused Globex's first call" >&2; exit 1; }
gateway() { KEY=$GW_KEY wrk -t1 -c"$GATEWAY_LOAD" -d"$1" -s "$PEER/chat.lua" "http://127.0.0.1:$PORT" > "$OUT/$2.txt"; }
gateway "$GATEWAY_WARMUP" gateway-warmup

# CPU used (clock ticks): a process's own, PostgreSQL's (all its processes) and the machine's (all but idle, iowait).
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pg_ticks() { for p in $(pgrep -u postgres); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}'; }
all_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
HZ=$(getconf CLK_TCK)
# cpu_start / cpu_end <tag> [wrk pid]: cores used during a measurement by the application, PostgreSQL, wrk, the fake
# and the rest (Chromium, the Playwright harness, the machine's other work), as "app pg wrk fake rest"
cpu_start() { T0=$(date +%s.%N); A0=$(ticks $pid); P0=$(pg_ticks); F0=$(ticks "$FAKE_PID"); M0=$(all_ticks); W0=${1:+$(ticks "$1")}; }
cpu_end() {
  local w=0; [ -n "${1:-}" ] && w=$(( $(ticks "$1") - W0 ))
  awk -v s="$(echo "$(date +%s.%N) - $T0" | bc)" -v hz="$HZ" -v a=$(( $(ticks $pid) - A0 )) -v p=$(( $(pg_ticks) - P0 )) \
    -v f=$(( $(ticks "$FAKE_PID") - F0 )) -v m=$(( $(all_ticks) - M0 )) -v w=$w \
    'BEGIN { d = s * hz; printf "%.2f %.2f %.2f %.2f %.2f", a / d, p / d, w / d, f / d, (m - a - p - w - f) / d }'
}

# Tomcat's sessions (Micrometer's tomcat.sessions.*, read as the demo's platform admin): a signed-in page that lost
# its session under load showed the sign-in page; these say whether sessions expired or were made in numbers.
sessions() {
  local m out=
  for m in active.current created expired rejected; do
    out+="$m $(curl -sf -u root@tokentally.test:demo "http://127.0.0.1:$PORT/actuator/metrics/tomcat.sessions.$m" \
      | grep -o '"value":[0-9.E]*' | cut -d: -f2 || echo n/a), "
  done
  echo "${out%, }"
}
cpu_start; measure idle; CPU_IDLE=$(cpu_end); RSS_IDLE=$(rss); SESSIONS_IDLE=$(sessions)
KEY=$GW_KEY wrk -t1 -c"$GATEWAY_LOAD" -d1h -s "$PEER/chat.lua" "http://127.0.0.1:$PORT" > "$OUT/gateway-loaded.txt" &
WRK_PID=$!; pids+=($WRK_PID); sleep 2
if [ "${TT_PROFILE:-}" = 1 ]; then
  # async-profiler (tools.profiler:async-profiler:4.1 on Maven Central), loaded into the running JVM by jcmd.
  AP_JAR=$HOME/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar
  [ -f "$AP_JAR" ] || ./mvnw -q dependency:get -Dartifact=tools.profiler:async-profiler:4.1 -Dtransitive=false
  mkdir -p "$OUT/ap" && unzip -qo "$AP_JAR" 'linux-x64/*' -d "$OUT/ap"
  AP=$OUT/ap/linux-x64/libasyncProfiler.so; JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
  "$JCMD" $pid JVMTI.agent_load "$AP" "\"start,event=cpu,interval=10ms\"" > /dev/null
fi
# A failed measurement still stops wrk with its report, and the table shows what there is.
cpu_start $WRK_PID; measure loaded || echo "The measurement under load failed" >&2; CPU_LOADED=$(cpu_end $WRK_PID); RSS_LOADED=$(rss); SESSIONS_LOADED=$(sessions)
[ "${TT_PROFILE:-}" = 1 ] && "$JCMD" $pid JVMTI.agent_load "$AP" "\"stop,collapsed,file=$OUT/loaded.collapsed\"" > /dev/null
# wrk stops at SIGINT and reports the calls it made until then.
kill -INT $WRK_PID; wait $WRK_PID || true

# --- report -------------------------------------------------------------------------------------------------------
# figures <tag>: "p50 p95 p99 max missed answer-p50 answer-p95 answer-p99" of a measurement
figures() { grep -o '[0-9.]* ms\|within 5 s: [0-9]*' "$OUT/$1.txt" | grep -o '[0-9.]*$\|^[0-9.]*' | tr '\n' ' '; }
field() { echo "$1" | awk -v i="$2" '{print $i}'; }
GW_RPS=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$OUT/gateway-loaded.txt")
GW_LAT=$(grep -o 'p50=.*' "$OUT/gateway-loaded.txt" | sed 's/=/ /g; s/ms/ ms/g')
GW_BAD=$(awk '/Non-2xx/ {print $5}' "$OUT/gateway-loaded.txt"); GW_BAD=${GW_BAD:-0}
GW_WARM=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$OUT/gateway-warmup.txt")
echo
echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, JVM: $TT_JAVA_OPTS. Acme's dashboard in headless Chromium, $SAMPLES samples"
echo "after $WARMUP_SAMPLES warm-up each; the gateway warmed up $GATEWAY_WARMUP at $GATEWAY_LOAD connections first ($GW_WARM calls/s),"
echo "then measured idle, then under wrk -t1 -c$GATEWAY_LOAD (Globex's key, chat.lua, the Node fake) for the whole measurement."
echo
echo "| gateway | samples (page reloads) | event → screen p50 | p95 | p99 | max | not shown in 5 s | API answer p50 / p95 / p99 | gateway calls/s | CPU cores: app / PostgreSQL / wrk / fake / rest | RSS after |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for tag in idle loaded; do
  f=$(figures $tag || true)
  # "N" or "N, cut short" (a measurement that failed prints what it had), and the times the page loaded anew
  n=$(grep -o '^\(cut short: \)\?Event.* \([0-9]*\) samples after\|page reloads: [0-9]*' "$OUT/$tag.txt" | grep -o '[0-9]*' | tr '\n' ' ' || true)
  grep -q '^cut short' "$OUT/$tag.txt" && n="$(field "$n" 1), cut short ($(field "$n" 2))" || n="$(field "$n" 1) ($(field "$n" 2))"
  if [ $tag = idle ]; then cpu=$CPU_IDLE; rss=$RSS_IDLE; gw="idle | –"; else cpu=$CPU_LOADED; rss=$RSS_LOADED; gw="$GATEWAY_LOAD connections | $GW_RPS ($GW_LAT, non-2xx $GW_BAD)"; fi
  echo "| ${gw%% |*} | $n | $(field "$f" 1) ms | $(field "$f" 2) ms | $(field "$f" 3) ms | $(field "$f" 4) ms | $(field "$f" 5) | $(field "$f" 6) / $(field "$f" 7) / $(field "$f" 8) ms | ${gw#* | } | $(echo "$cpu" | sed 's| | / |g') | $rss MB |"
done
echo
echo "Tomcat sessions after the idle measurement: $SESSIONS_IDLE; after the loaded one: $SESSIONS_LOADED."
