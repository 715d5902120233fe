#!/usr/bin/env bash
# Asserts that a Maven project's resolved dependencies hold every Camel module (groupId org.apache.camel and
# org.apache.camel.springboot) at one version: the application's Camel line. Maven picks the nearest version of a
# module, so a library that declares a Camel module itself can put its own build line beside the application's
# (camel-http-base 4.22.0 next to camel-http-common 4.17.0); this reads `mvn dependency:tree` and fails on any such mix.
#   scripts/check-camel-line.sh <project dir> <expected version> [extra mvn arguments, e.g. -Pboot4]
set -euo pipefail
dir=$1
expected=$2
shift 2
MVN="mvn -B ${MAVEN_OFFLINE:+-o} ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
(cd "$dir" && $MVN -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:tree -DoutputType=text \
  -DoutputFile="$out" "$@" >/dev/null)
# lines such as "+- org.apache.camel:camel-http-base:jar:4.17.0:compile"
camel=$(grep -oE 'org\.apache\.camel(\.springboot)?:[A-Za-z0-9_.-]+:jar:[^:]+:[a-z]+' "$out" | sort -u)
if [[ -z "$camel" ]]; then
  echo "check-camel-line: no Camel module in the dependency tree of $dir" >&2
  exit 1
fi
wrong=$(echo "$camel" | awk -F: -v v="$expected" '$4 != v')
if [[ -n "$wrong" ]]; then
  echo "check-camel-line: Camel modules off the application's line $expected in $dir:" >&2
  echo "$wrong" >&2
  exit 1
fi
echo "check-camel-line: $(echo "$camel" | wc -l) Camel modules in $dir, all at $expected"
