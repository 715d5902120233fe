#!/usr/bin/env bash
# The Camel Quarkus example, packaged and run in JVM (prod) mode twice on one state file: each run answers
# /users/me, /users/42 and /users (list) from the embedded sandbox, and the consumer emits every user on the first
# run and nobody on the second (its stateFile survived the restart), and each run stops cleanly on SIGTERM.
# scripts/quarkus-dev-smoke.sh runs this when dev mode cannot start here. Needs the extension installed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/quarkus/target/example-check"
APP="$WORK/app"
read -r -a MVN_ARGS <<<"${MVN_ARGS:-}"
rm -rf "$WORK" && mkdir -p "$APP"
(cd "$ROOT/examples/quarkus" && tar --exclude=./target -cf - .) | (cd "$APP" && tar -xf -)

fail() { echo "quarkus-example-check: FAIL: $*" >&2; [ -n "${LOG:-}" ] && tail -n 60 "$LOG" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d$1)"; }

T0=$SECONDS
(cd "$APP" && mvn -B "${MVN_ARGS[@]}" package -DskipTests >"$WORK/package.log" 2>&1) || { LOG="$WORK/package.log"; fail "mvn package"; }
echo "quarkus-example-check: packaged in $((SECONDS - T0))s"

APP_PID=
stop_app() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID"
    for _ in $(seq 1 60); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$APP_PID" 2>/dev/null && { kill -KILL "$APP_PID"; fail "the application did not stop on SIGTERM"; }
  fi
  APP_PID=
}
trap stop_app EXIT

# One sandbox port for both runs: a restart talks to the same Kantata. The consumer's state belongs to the account its
# base URL names, port included (StateIdentity; StateScopeTest), so a sandbox on another port is another account
# whose users are all new: with a free port per run, the second run emitted every user again.
SANDBOX_PORT=$(free_port)

run() { # run N: start, check, stop; prints the number of users the consumer emitted
  local n=$1 http sandbox=$SANDBOX_PORT base end
  http=$(free_port); base="http://127.0.0.1:$http"; LOG="$WORK/run-$n.log"
  (cd "$APP" && exec java -Dquarkus.http.port="$http" -Dkantata.sandbox.port="$sandbox" \
      -jar target/quarkus-app/quarkus-run.jar >"$LOG" 2>&1) &
  APP_PID=$!
  end=$((SECONDS + 120))
  until curl -fsS "$base/diagnostics" >/dev/null 2>&1; do
    kill -0 "$APP_PID" 2>/dev/null || fail "run $n exited before serving"
    [ $SECONDS -lt $end ] || fail "run $n: not serving after 120s"
    sleep 1
  done
  local me; me=$(curl -fsS "$base/users/me")
  [ "$(echo "$me" | field '["fullName"]')" = "Ada Admin" ] || fail "run $n: /users/me returned $me"
  [ "$(curl -fsS "$base/users/42" | field '["id"]')" = 42 ] || fail "run $n: /users/42"
  # two polls: the second starts after the first has emitted everything it found
  end=$((SECONDS + 90))
  until d=$(curl -fsS "$base/diagnostics") && [ "$(echo "$d" | field '["sandboxPolls"]')" -ge 2 ] \
      && [ "$(echo "$d" | field '["consumerStatus"]')" = Started ]; do
    [ $SECONDS -lt $end ] || fail "run $n: the consumer did not poll twice in 90s: $d"
    sleep 1
  done
  local listed; listed=$(curl -fsS "$base/users?search=a" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  [ "$listed" -gt 0 ] || fail "run $n: /users?search=a listed nobody"
  EMITTED=$(curl -fsS "$base/diagnostics" | field '["emitted"]')
  stop_app
  grep -q "Error\|Exception" "$LOG" && grep -E "ERROR|Exception" "$LOG" | head -5 >&2 && fail "run $n logged errors"
  grep -q "stopped in" "$LOG" || fail "run $n: no clean Quarkus shutdown in the log"
  echo "quarkus-example-check: run $n: me, get, list answered; consumer emitted $EMITTED users; stopped cleanly"
}

run 1; FIRST=$EMITTED
[ "$FIRST" -gt 0 ] || fail "the first run emitted nobody"
run 2
[ "$EMITTED" = 0 ] || fail "the second run emitted $EMITTED users again: the state file did not carry over"
echo "quarkus-example-check: OK in $((SECONDS - T0))s"
