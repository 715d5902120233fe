#!/usr/bin/env bash
# Runs every example's one-line command against the embedded sandbox and checks that it printed what it should:
# the Java DSL demo, the CSV lookup (scripts/lookup-example.sh), the standalone sandbox, the YAML, Camel Main and Kamelet examples
# (scripts/run-example.sh), and the three-node ZooKeeper cluster (examples/cluster/run.sh, needs scripts/postgres.sh's PostgreSQL).
# The Spring Boot example has its own script (scripts/spring-boot-example.sh); Karaf is not runnable here
# (examples/karaf/README.md). Exits non-zero at the first example that fails; logs are in target/examples/.
#
#   scripts/examples.sh                 # installs the component first
#   SKIP_INSTALL=1 scripts/examples.sh  # uses the one already in ~/.m2
set -euo pipefail
cd "$(dirname "$0")/.."
unset KANTATA_TOKEN KANTATA_BASE_URL KANTATA_ALLOW_WRITES   # always the sandbox, never a real account
MVN="mvn -B -q ${MAVEN_OFFLINE:+-o} ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}"
LOGS=target/examples
mkdir -p "$LOGS"
start=$SECONDS

if [[ "${SKIP_INSTALL:-}" != "1" ]]; then
  echo "--- installing the component (mvn install -DskipTests)"
  $MVN install -DskipTests
fi
export SKIP_INSTALL=1

# expect LOG LINE...: every LINE (a fixed string) must appear in LOG, and no SLF4J "no provider" warning
expect() {
  local log=$1; shift
  local missing=0
  for line in "$@"; do
    if ! grep -qF -- "$line" "$log"; then
      echo "    MISSING: $line"
      missing=1
    fi
  done
  if grep -qF 'No SLF4J providers' "$log"; then
    echo "    UNEXPECTED: SLF4J has no provider"
    missing=1
  fi
  return $missing
}

# run NAME COMMAND... then the expected lines after a "--"
run() {
  local name=$1; shift
  local cmd=()
  while [[ $1 != "--" ]]; do cmd+=("$1"); shift; done
  shift
  local log="$LOGS/$name.log" t0=$SECONDS rc=0
  echo "--- $name: ${cmd[*]}"
  "${cmd[@]}" >"$log" 2>&1 || rc=$?
  if [[ $rc -ne 0 ]] || ! expect "$log" "$@"; then
    echo "FAILED: $name (exit $rc, $((SECONDS - t0)) s); its output:"
    tail -n 60 "$log"
    exit 1
  fi
  echo "    ok in $((SECONDS - t0)) s"
}

run demo scripts/demo.sh -- \
  "kantata-users demo against the embedded sandbox" "list " "me        Ada Admin" "photo     reset, HTTP 204" "demo OK"

run lookup-csv scripts/lookup-example.sh examples/demo/employees.csv target/examples/lookup -- \
  "lookup example against the embedded sandbox" "E-1002,Bruno Eriksen,BRUNO.ERIKSEN.3@example.com,3" \
  "E-1004,Nora New-Hire,nora.newhire@example.com," "typo.person(at)example.com,invalid" \
  "the sandbox received 1 request(s): [GET /api/v1/users]" "lookup example OK"

# the standalone sandbox: start it, call it as any client would, stop it
port=${SANDBOX_PORT:-18089}
log="$LOGS/sandbox.log"
echo "--- sandbox: scripts/sandbox.sh $port"
t0=$SECONDS
scripts/sandbox.sh "$port" >"$log" 2>&1 &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  grep -q '^baseUrl:' "$log" && break
  kill -0 $sandbox_pid 2>/dev/null || break
  sleep 1
done
me=$(curl -sf -H 'Authorization: Bearer sandbox-token' "http://127.0.0.1:$port/api/v1/users/me" || true)
kill $sandbox_pid 2>/dev/null || true
wait $sandbox_pid 2>/dev/null || true
trap - EXIT
if ! expect "$log" "Kantata sandbox running" "baseUrl: http://127.0.0.1:$port/api/v1" "token: sandbox-token" \
   || [[ "$me" != *'"full_name":"Ada Admin"'* ]]; then
  echo "FAILED: sandbox (GET /users/me answered: ${me:-nothing}); its output:"
  cat "$log"
  exit 1
fi
echo "    ok in $((SECONDS - t0)) s (GET /users/me answered Ada Admin)"

run yaml scripts/run-example.sh yaml -- \
  "runs against the embedded sandbox" "list: " "me: the token belongs to Ada Admin" "get: user 3 is" \
  "update: user 3 now has the headline 'Set by the YAML example'" "capacity: user 3 can work" \
  "photo: uploaded for user 3" "photo: reset to the default avatar (HTTP 204" "consumer: new user" "Example yaml done"

run camel-main scripts/run-example.sh camel-main -- \
  "runs against the embedded sandbox" "me: the token belongs to Ada Admin" "users on the account" "Example camel-main done"

run kamelets scripts/run-example.sh kamelets -- \
  "runs against the embedded sandbox" "source: io.github.camelkantata.users.new for user" 'capacity action: {"userId":"3"' \
  "update sink: user 3 now has the headline" "Example kamelets done"

# examples/cluster: ZooKeeper, PostgreSQL and three nodes; the leader killed mid first sync (about 60 s here)
run cluster examples/cluster/run.sh -- \
  "three nodes started" ">>> kill -9 node-" ">>> every user arrived" "users emitted more than once (in flight on the killed leader): "
echo "=== every example ran and printed what it should ($((SECONDS - start)) s) ==="
