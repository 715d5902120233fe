#!/usr/bin/env bash
# Runs examples/demo's CSV lookup: reads examples/demo/employees.csv, finds each employee in Kantata by e-mail address
# with kantata-users:lookup as an enrich step, and writes examples/demo/target/lookup/employees-with-kantata-ids.csv.
# Against the embedded sandbox unless KANTATA_TOKEN is set. Arguments: [in.csv [out-folder]].
# Installs the component first (SKIP_INSTALL=1 skips that; MAVEN_OFFLINE=1 runs Maven offline).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="mvn -B -q ${MAVEN_OFFLINE:+-o} ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}"
if [[ "${SKIP_INSTALL:-}" != "1" ]]; then
  $MVN install -DskipTests
fi
args="${1:-examples/demo/employees.csv} ${2:-examples/demo/target/lookup}"
$MVN -f examples/demo/pom.xml compile exec:java -Ddemo.main=io.github.camelkantata.demo.EmployeeIdsFromCsv \
  -Dexec.args="$args"
