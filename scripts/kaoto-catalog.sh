#!/usr/bin/env bash
# Builds the Kaoto catalog library for kantata-users (see docs/PLATFORMS.md#kaoto):
#   target/kaoto-catalog/camel-catalog/           index.json (format version 3) + Camel Main 4.22.1, 4.18.4, 4.14.9
#   target/camel-kantata-users-<version>-kaoto-catalog.zip   the same, zipped (or the path given as $1)
# Kaoto's published catalogs come from the npm package @kaoto/camel-catalog (npm's cache serves it after the first
# download); our entries come from the generated catalog JSON and the Kamelets in src/main/resources/kamelets.
# `mvn package -Pkaoto-catalog` runs this script and attaches the zip (classifier kaoto-catalog).
set -euo pipefail
cd "$(dirname "$0")/.."
KAOTO_CATALOG_VERSION=0.10.4
VERSION=$(sed -n '0,/<version>/s/.*<version>\(.*\)<\/version>.*/\1/p' pom.xml)
ZIP=${1:-target/camel-kantata-users-$VERSION-kaoto-catalog.zip}
WORK=target/kaoto-catalog
PKG=$WORK/npm/package/dist/camel-catalog

if [[ ! -f "$PKG/index.json" || "$(cat "$WORK/npm/version" 2>/dev/null)" != "$KAOTO_CATALOG_VERSION" ]]; then
  rm -rf "$WORK/npm" && mkdir -p "$WORK/npm"
  (cd "$WORK/npm" && npm pack --silent --prefer-offline "@kaoto/camel-catalog@$KAOTO_CATALOG_VERSION" >/dev/null \
     && tar xzf kaoto-camel-catalog-$KAOTO_CATALOG_VERSION.tgz && rm kaoto-camel-catalog-*.tgz)
  echo "$KAOTO_CATALOG_VERSION" > "$WORK/npm/version"
fi

python3 scripts/kaoto_catalog.py --kaoto-catalog "$PKG" \
  --component-json src/generated/resources/META-INF/io/github/camelkantata/users/kantata-users.json \
  --kamelets src/main/resources/kamelets \
  --out "$WORK/camel-catalog" --zip "$ZIP"
