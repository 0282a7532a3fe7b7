#!/usr/bin/env bash
# Runs the usage-ledger benchmark of issue #4 and prints a Markdown report.
#   bench/run-ledger-benchmark.sh [events per write path] [ledger size for query timings]
# Defaults: 1,000,000 and 10,000,000. Needs JDK 25 (JAVA_HOME) and ~10 GB of free disk; takes a while.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx4g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.tokentally.bench.LedgerBenchmark "${1:-1000000}" "${2:-10000000}" target/tokentally-0.1.0-SNAPSHOT.jar
