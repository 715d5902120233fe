# Shared by scripts/karaf-test.sh and examples/karaf/run.sh (source it from the project root): prepares Apache Karaf
# 4.4.10 from the local Maven repository, runs it offline, talks to its shell and runs the sandbox beside it.
#
#   karaf_prepare            mvn -f src/test-karaf/pom.xml package: Karaf unpacked into target/karaf-test/, the jars
#                            the shell installs in the local repository, both features files filtered, the example's
#                            route bundle built; then every mvn: URL of the features files checked (and fetched) in
#                            the local repository
#   karaf_configure          offline pax-url-mvn, SSH on 127.0.0.1 with user karaf, an empty data/
#   karaf_start / karaf_stop bin/start, wait for the shell / bin/stop, wait for the JVM to end
#   karaf_shell              runs the commands on its stdin through bin/client -b; prints their output
#   sandbox_start / _stop    the embedded Kantata sandbox (a separate JVM) on $SANDBOX_PORT
# Ports: KARAF_SSH_PORT, KARAF_RMI_REGISTRY_PORT, KARAF_RMI_SERVER_PORT, SANDBOX_PORT (default: free ones).

KARAF_VERSION=4.4.10
KARAF_STAGE=${KARAF_STAGE:-$PWD/target/karaf-test}
KARAF_HOME=$KARAF_STAGE/apache-karaf-$KARAF_VERSION
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
KARAF_SSH_PORT=${KARAF_SSH_PORT:-$(free_port)}
KARAF_RMI_REGISTRY_PORT=${KARAF_RMI_REGISTRY_PORT:-$(free_port)}
KARAF_RMI_SERVER_PORT=${KARAF_RMI_SERVER_PORT:-$(free_port)}
SANDBOX_PORT=${SANDBOX_PORT:-$(free_port)}
M2_REPO=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
KARAF_MVN="mvn -B -q ${MAVEN_OFFLINE:+-o} ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}"
SANDBOX_PID=

karaf_prepare() {
  rm -rf "$KARAF_HOME"
  $KARAF_MVN -f src/test-karaf/pom.xml package
  karaf_fetch_feature_bundles
}

# Every mvn: URL the two features files name must be in the local repository, where pax-url-mvn looks offline:
# the Camel jars come with src/test-karaf/pom.xml, and a bundle added to src/main/feature later (a third-party
# library such as org.xerial/sqlite-jdbc) is fetched here with dependency:get, so nothing else needs to list it.
karaf_fetch_feature_bundles() {
  local url gav g a v type classifier path missing= unfiltered
  # a property src/test-karaf/pom.xml does not define stays as ${...} and names no artifact: say which
  unfiltered=$(grep -Hno '\${[^}]*}' "$KARAF_STAGE"/features/*.xml || true)
  if [[ -n "$unfiltered" ]]; then
    echo "karaf: the features files name properties src/test-karaf/pom.xml does not define (add them there):" >&2
    echo "$unfiltered" >&2
    return 1
  fi
  while read -r url; do
    IFS=/ read -r g a v type classifier <<< "$url"
    type=${type:-jar}
    path=$M2_REPO/${g//.//}/$a/$v/$a-$v${classifier:+-$classifier}.$type
    [[ -f "$path" ]] && continue
    gav=$g:$a:$v:$type${classifier:+:$classifier}
    echo "karaf: $gav (named by a features file) is not in $M2_REPO: fetching it"
    $KARAF_MVN dependency:get -Dtransitive=false -Dartifact="$gav" || true
    [[ -f "$path" ]] || missing="$missing $gav"
  done < <(python3 - "$KARAF_STAGE"/features/*.xml <<'PY'
import re, sys
urls = set()
for f in sys.argv[1:]:
    xml = re.sub(r'<!--.*?-->', '', open(f).read(), flags=re.S)  # the headers name mvn: URLs as examples
    for b in re.findall(r'<bundle[^>]*>([^<]+)</bundle>', xml):
        m = re.search(r'mvn:([^$\s]+)', b)
        if m:
            urls.add(m.group(1))
print('\n'.join(sorted(urls)))
PY
)
  if [[ -n "$missing" ]]; then
    echo "karaf: not in the local repository, so Karaf cannot install them offline:$missing" >&2
    return 1
  fi
}

karaf_configure() {
  local etc=$KARAF_HOME/etc
  # KANTATA_BUNDLE_JAR: a component jar to use instead of the local repository's (a repository listed before the
  # local one; pax-url-mvn looks through them in order), e.g. the one target/ holds after mvn package
  local override=
  if [[ -n "${KANTATA_BUNDLE_JAR:-}" ]]; then
    local repo=$KARAF_STAGE/override-repository
    local dir=$repo/io/github/camelkantata/camel-kantata-users/0.1.0-SNAPSHOT
    rm -rf "$repo" && mkdir -p "$dir"
    cp "$KANTATA_BUNDLE_JAR" "$dir/camel-kantata-users-0.1.0-SNAPSHOT.jar"
    override="file:$repo@id=override@snapshots, \\
    "
  fi
  # offline: every mvn: URL from the local repository (system/ and kar/ stay for Karaf's own features)
  cat > "$etc/org.ops4j.pax.url.mvn.cfg" <<EOF
org.ops4j.pax.url.mvn.offline=true
org.ops4j.pax.url.mvn.useFallbackRepositories=false
org.ops4j.pax.url.mvn.localRepository=$M2_REPO
org.ops4j.pax.url.mvn.defaultRepositories=\\
    \${karaf.home.uri}\${karaf.default.repository}@id=system.repository@snapshots, \\
    \${karaf.data.uri}kar@id=kar.repository@multi@snapshots, \\
    \${karaf.base.uri}\${karaf.default.repository}@id=child.system.repository@snapshots, \\
    ${override}file:$M2_REPO@id=local@snapshots
org.ops4j.pax.url.mvn.repositories=
EOF
  # the shell's admin user (both lines: without the group line the login fails with "No more authentication methods")
  sed -i -e 's/^#karaf = karaf,_g_:admingroup/karaf = karaf,_g_:admingroup/' \
         -e 's/^#_g_\\:admingroup = /_g_\\:admingroup = /' "$etc/users.properties"
  sed -i -e "s/^sshHost = .*/sshHost = 127.0.0.1/" -e "s/^sshPort = .*/sshPort = $KARAF_SSH_PORT/" \
    "$etc/org.apache.karaf.shell.cfg"
  sed -i -e "s/^rmiRegistryPort = .*/rmiRegistryPort = $KARAF_RMI_REGISTRY_PORT/" \
         -e "s/^rmiServerPort = .*/rmiServerPort = $KARAF_RMI_SERVER_PORT/" "$etc/org.apache.karaf.management.cfg"
  # a failed install followed by a refresh once left stale wirings: every run starts from an empty data/
  rm -rf "$KARAF_HOME/data"
}

karaf_start() {
  "$KARAF_HOME/bin/start"
  local i
  # each client attempt is a JVM: wait for the SSH port first
  for i in $(seq 1 180); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$KARAF_SSH_PORT") 2>/dev/null; then
      break
    fi
    sleep 0.5
  done
  for i in $(seq 1 90); do
    if echo "bundle:list -t 0 | head -1" | karaf_shell >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  echo "Karaf's shell did not answer within 90 s; see $KARAF_HOME/data/log/karaf.log" >&2
  return 1
}

karaf_shell() {
  "$KARAF_HOME/bin/client" -u karaf -p karaf -a "$KARAF_SSH_PORT" -h 127.0.0.1 -b
}

karaf_pid() {
  pgrep -f "karaf.home=$KARAF_HOME" | head -1 || true
}

karaf_stop() {
  [[ -d "$KARAF_HOME" ]] || return 0
  local pid
  pid=$(karaf_pid)
  [[ -n "$pid" ]] || return 0
  "$KARAF_HOME/bin/stop" >/dev/null 2>&1 || true
  local i
  for i in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 1
  done
  echo "Karaf (pid $pid) did not stop within 30 s: killing it" >&2
  kill -9 "$pid" 2>/dev/null || true
}

sandbox_start() {
  local log=$1
  # the sandbox runs from a copy of the component jar: a jar replaced under a running JVM (mvn install) breaks it
  local cp jar
  cp=$(cat "$KARAF_STAGE/sandbox.classpath")
  jar=$(tr ':' '\n' <<< "$cp" | grep '/camel-kantata-users-[^/]*\.jar$' | head -1)
  cp "${KANTATA_BUNDLE_JAR:-$jar}" "$KARAF_STAGE/sandbox-component.jar"
  java -cp "${cp/$jar/$KARAF_STAGE/sandbox-component.jar}" io.github.camelkantata.users.sandbox.KantataSandbox \
    "$SANDBOX_PORT" > "$log" 2>&1 &
  SANDBOX_PID=$!
  local i
  for i in $(seq 1 60); do
    if grep -q '^baseUrl: ' "$log"; then
      return 0
    fi
    kill -0 "$SANDBOX_PID" 2>/dev/null || break
    sleep 0.5
  done
  echo "the sandbox did not start; see $log" >&2
  return 1
}

sandbox_base_url() {
  echo "http://127.0.0.1:$SANDBOX_PORT/api/v1"
}

sandbox_stop() {
  if [[ -n "$SANDBOX_PID" ]]; then
    kill "$SANDBOX_PID" 2>/dev/null || true
    wait "$SANDBOX_PID" 2>/dev/null || true
    SANDBOX_PID=
  fi
}
