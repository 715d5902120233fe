#!/usr/bin/env bash
# Runs the whole test suite: starts a throwaway PostgreSQL (installed from Debian's packages if missing)
# for the JDBC state-repository and cluster tests, runs the Maven build with every test, then stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/postgres.sh start
trap 'scripts/postgres.sh stop || true' EXIT
export KANTATA_PG_URL="${KANTATA_PG_URL:-jdbc:postgresql://127.0.0.1:${KANTATA_PG_PORT:-55432}/kantata}"
mvn -B verify
