#!/usr/bin/env bash
# Builds and tests the Spring Boot starter (spring-boot-starter/, its own pom) against the component installed in
# the local repository:
#   1. its generated sources match the catalog JSON (scripts/gen-starter.py --check);
#   2. Spring Boot 3.5.7 on camel-spring-boot-bom 4.17.0 alone (no camel-bom): mvn install, which also compiles the
#      jar users get and writes its spring-configuration-metadata.json;
#   3. the same classes on Spring Boot 4.0.7 with camel-spring-boot-bom 4.22.0 (profile boot4);
# before 2 and 3, that every Camel module of the class path is on the BOM's line (scripts/check-camel-line.sh).
# SKIP_INSTALL=1 skips installing the component first (scripts/test.sh has just done it).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="mvn -B ${MAVEN_OFFLINE:+-o}"
if [[ "${SKIP_INSTALL:-}" != "1" ]]; then
  $MVN -q install -DskipTests
fi
if command -v python3 >/dev/null; then
  python3 scripts/gen-starter.py --check
else
  echo "python3 not found: skipping the generated-sources check (MetadataMatchesCatalogTest still compares the metadata with the catalog)"
fi
echo "--- every Camel module on the BOM's line: 4.17.0, and 4.22.0 with -Pboot4 ---"
scripts/check-camel-line.sh spring-boot-starter 4.17.0
scripts/check-camel-line.sh spring-boot-starter 4.22.0 -Pboot4
cd spring-boot-starter
echo "--- starter on Spring Boot 3.5.7 / camel-spring-boot-bom 4.17.0 ---"
$MVN install
echo "--- starter on Spring Boot 4.0.7 / camel-spring-boot-bom 4.22.0 ---"
$MVN test -Pboot4
