#!/usr/bin/env bash
# Runs the four user projects (Camel 4.14.0 and 4.18.0, each with and without the Camel BOM) against the
# camel-kantata-users jar that the main build installed into the local repository (mvn install): they are
# resolved as a user's project is, and nothing here rebuilds the component.
#
#   src/it/user-projects/run.sh                                # all four
#   PROJECTS="camel-4.14-no-bom" src/it/user-projects/run.sh   # one
#
# Each project prints its runtime class path (mvn dependency:list) and runs UserProjectCheck (../app) in a JVM of
# its own: a file: route and kantata-users calls against the embedded sandbox, with assertions; a failed check
# fails the script.
set -euo pipefail
cd "$(dirname "$0")"
VERSION=${KANTATA_USERS_VERSION:-$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' ../../../pom.xml | head -1)}
PROJECTS=${PROJECTS:-"camel-4.14-bom camel-4.14-no-bom camel-4.18-bom camel-4.18-no-bom"}
MVN="mvn -B -q ${MAVEN_OFFLINE:+-o}"

for p in $PROJECTS; do
  echo "=== user project $p (camel-kantata-users $VERSION from the local repository) ==="
  start=$(date +%s)
  rm -rf "$p/target"
  (cd "$p" && $MVN -Dkantata-users.version="$VERSION" compile \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:list -DincludeScope=runtime -Dsort=true \
      -DoutputFile=target/dependency-list.txt -DoutputAbsoluteArtifactFilename=false \
      exec:exec)
  echo "--- mvn dependency:list ($p, runtime scope) ---"
  sed -e '/^$/d' -e 's/ -- module.*//' "$p/target/dependency-list.txt"
  echo "user project $p passed in $(( $(date +%s) - start )) s"
done
