#!/usr/bin/env bash
# Issue 13: usage event -> figure on an open dashboard, in headless Chromium (Playwright, a MutationObserver in the
# page), against the packaged jar with the README's JVM settings on the local PostgreSQL 15. Prints one line.
#   bench/run-dashboard-benchmark.sh [samples] [warm-up samples]
# Needs: JDK 25 (JAVA_HOME), Debian's postgresql-15 and chromium. Builds the jar when there is none.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd); cd "$ROOT"
PORT=18083; OUT=$ROOT/target/bench-dashboard; mkdir -p "$OUT"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
TT_JAVA_OPTS=${TT_JAVA_OPTS:-$(sed -n "s/^ *<tokentally.jvm>\(.*\)<\/tokentally.jvm>/\1/p" pom.xml | head -1)}
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

# Started with no inherited descriptors: a server that kept the build lock's (flock) would hold it for good.
pg_lsclusters | grep -Eq '^15 +main .* online' || python3 -c 'import subprocess, sys; sys.exit(subprocess.call(["pg_ctlcluster", "15", "main", "start"], close_fds=True))'
su postgres -c "psql -q -c \"DROP DATABASE IF EXISTS tokentally_dashboard\" -c \"DROP ROLE IF EXISTS tokentally_dash\" \
  -c \"CREATE ROLE tokentally_dash LOGIN PASSWORD 'tokentally'\" -c 'CREATE DATABASE tokentally_dashboard OWNER tokentally_dash'"
JAR=$(ls target/tokentally-*.jar 2>/dev/null | head -1 || true)
if [ -z "$JAR" ]; then ./mvnw -B -q -o package -DskipTests; JAR=$(ls target/tokentally-*.jar | head -1); fi
./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
KEY=tt_dash_$(date +%s)
DB_URL=jdbc:postgresql://127.0.0.1:5432/tokentally_dashboard DB_USER=tokentally_dash DB_PASSWORD=tokentally \
  TOKENTALLY_DEMO=true TOKENTALLY_DEMO_HISTORY=false TOKENTALLY_DEMO_API_KEYS=acme:$KEY TOKENTALLY_SECRET_KEY=$(openssl rand -base64 32) \
  TOKENTALLY_API_RATE_LIMIT_PER_SECOND=1000000 "$JAVA" $TT_JAVA_OPTS -jar "$JAR" --server.port=$PORT --logging.level.root=warn > "$OUT/tokentally.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break; sleep 0.5; done
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$JAVA" -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.tokentally.bench.DashboardLatencyBenchmark "http://127.0.0.1:$PORT" "$KEY" "${1:-300}" "${2:-50}"
echo "Application RSS after it: $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status") MB ($TT_JAVA_OPTS)"
