#!/usr/bin/env bash
# Runs the chat benchmark of issue #5 and prints a Markdown report.
#   bench/run-chat-benchmark.sh [answers] [open chat sessions]
# Defaults: 3,000 and 20. Needs JDK 25 (JAVA_HOME) and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx1g ${BENCH_JAVA_OPTS:-} \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.tokentally.bench.ChatBenchmark "${1:-3000}" "${2:-20}"
