#!/usr/bin/env bash
# Runs the benchmark harness (src/bench/java, docs/PERFORMANCE.md) outside the test suite.
#
#   scripts/bench.sh            full run (about 8-10 minutes on 2 CPUs); results in target/bench/results.md
#   scripts/bench.sh --smoke    tiny sizes, one short iteration: proves the harness works (< 60 s); for CI
#   scripts/bench.sh --only=get,scale,inflight,consumer,memory,changes,state,pgsync   run some sections only
#
# It builds with -Pbench (the profile that adds src/bench/java and JMH), then runs the driver in a plain JVM so
# that JMH can fork and the bench server runs in its own process.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${BENCH_NO_BUILD:-}" ]]; then
  mvn -B -q -Pbench -DskipTests -Dmaven.javadoc.skip=true process-test-classes
fi
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
HEAP="-Xmx3g"
[[ " $* " == *" --smoke "* ]] && HEAP="-Xmx512m"
# production-like logging (INFO): the test suite's log4j2-test.xml, first on this class path, logs DEBUG
LOG="-Dlog4j2.configurationFile=$PWD/scripts/bench-log4j2.xml"
exec java $HEAP -XX:+UseG1GC -Dsun.net.httpserver.nodelay=true "$LOG" -cp "$CP" \
  io.github.camelkantata.users.bench.BenchMain "$@"
