#!/usr/bin/env bash
# Three consumer nodes, one ZooKeeper, one PostgreSQL, on this machine, with one command:
#   examples/cluster/run.sh [users]      (default 3,000 users)
# ZooKeeper runs in-process (curator-test's TestingServer), PostgreSQL is scripts/postgres.sh's throwaway server,
# the account is the embedded sandbox. The leader is killed with SIGKILL in the middle of its first sync; another node
# takes over from the committed state. Logs: target/examples/cluster/.
set -euo pipefail
cd "$(dirname "$0")/../.."
MVN="mvn -B -q ${MAVEN_OFFLINE:+-o}"
# PostgreSQL is left running (other runs and tests may share it): scripts/postgres.sh stop ends it
scripts/postgres.sh start >/dev/null
$MVN test-compile -DskipTests
$MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/examples-cluster-classpath.txt >/dev/null
ZK_JAR="$HOME/.m2/repository/org/apache/camel/camel-zookeeper/4.22.1/camel-zookeeper-4.22.1.jar"
CP="target/test-classes:target/classes:$(cat target/examples-cluster-classpath.txt):$ZK_JAR"
java -Dsun.net.httpserver.nodelay=true -Dlog4j2.configurationFile="$PWD/scripts/bench-log4j2.xml" -cp "$CP" \
  io.github.camelkantata.users.consumer.ClusterExampleMain "$@"
