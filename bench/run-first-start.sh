#!/bin/bash
# First start on an empty data directory (issue 15), ROUNDS times (3 unless set), from one of the README's commands:
# the milliseconds from the command until "Started", the login page answering, the demo history committed and health
# UP. Run from the project's root, holding the build lock: flock /tmp/tt-build.lock bench/run-first-start.sh MODE
#   run  ./mvnw spring-boot:run (after a build, so that Maven has nothing to compile)
#   aot  the packaged jar with its AOT cache (after ./mvnw package)
#   jar  the plain packaged jar (after ./mvnw package)
set -u
MODE=${1:-aot}
ROUNDS=${ROUNDS:-3}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JVM="-Xmx256m -Xss512k -XX:MaxMetaspaceSize=256m -XX:ReservedCodeCacheSize=96m -XX:MaxDirectMemorySize=64m -XX:+UseCompactObjectHeaders"
case "$MODE" in
  run) RUN="./mvnw -q spring-boot:run" ;;
  aot) RUN="$JAVA $JVM -XX:AOTCache=target/tokentally/tokentally.aot -jar target/tokentally/tokentally-0.1.0-SNAPSHOT.jar" ;;
  *) RUN="$JAVA $JVM -jar target/tokentally-0.1.0-SNAPSHOT.jar" ;;
esac
DATA=$(mktemp -d)
PORT=18089
for round in $(seq "$ROUNDS"); do
  rm -rf "$DATA"/*
  LOG="$DATA/../first-start-$round.log"
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  # A session of its own, so that stopping it also stops the JVM that spring-boot:run forks.
  TOKENTALLY_DATA_DIR="$DATA/postgres" PORT=$PORT setsid $RUN > "$LOG" 2>&1 &
  pid=$!
  ms() { echo $(( ($(date +%s%N) - t0) / 1000000 )); }
  started=; login=; history=; health=
  while kill -0 $pid 2>/dev/null; do
    [ -z "$started" ] && grep -q "Started Tokentally" "$LOG" && started=$(ms)
    [ -z "$history" ] && grep -q "Loaded seed data 'demo-history'" "$LOG" && history=$(ms)
    [ -n "$started" ] && [ -z "$login" ] && curl -sf -o /dev/null "http://localhost:$PORT/login" && login=$(ms)
    [ -n "$started" ] && [ -z "$health" ] && curl -s "http://localhost:$PORT/actuator/health" | grep -q '"UP"' && health=$(ms)
    [ -n "$history" ] && [ -n "$login" ] && [ -n "$health" ] && break
    sleep 0.1
  done
  echo "$MODE round $round: started ${started}ms, login page ${login}ms, demo history ${history}ms, health UP ${health}ms ($LOG)"
  kill -- -$pid; wait $pid 2>/dev/null   # the embedded PostgreSQL stops with the application
  while pgrep -s $pid >/dev/null; do sleep 0.2; done
done
rm -rf "$DATA"
