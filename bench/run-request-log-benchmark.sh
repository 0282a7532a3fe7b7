#!/usr/bin/env bash
# Issue 29: the Requests view's page queries on a request log of 1,000,000 rows of one organization; prints Markdown.
#   bench/run-request-log-benchmark.sh [rows] [page size] [samples]
# Needs JDK 25 (JAVA_HOME). Uses the tests' PostgreSQL (DB_URL/DB_USER/DB_PASSWORD when set, else Testcontainers or an embedded one).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.tokentally.requests.RequestLogBenchmark "${1:-1000000}" "${2:-50}" "${3:-50}"
