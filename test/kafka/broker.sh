#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft, broker and controller in one JVM) on
# 127.0.0.1 for the project's tests and CI, built from Maven Central jars: no Docker,
# no Kafka download, only Java 17 and Maven.
#
#   test/kafka/broker.sh deps                    resolve the broker's jars (cached)
#   test/kafka/broker.sh start   [--port 9092]   fresh data dir, start, wait until ready
#   test/kafka/broker.sh stop    [--port 9092]   SIGTERM and wait (data dir kept)
#   test/kafka/broker.sh restart [--port 9092]   stop and start again on the same data
#   test/kafka/broker.sh status  [--port 9092]   exit 0 if running and accepting clients
#
# `start` is idempotent: a broker already running on the port is left alone.
# The controller listens on port + 1, so two brokers need ports at least 2 apart.
# Everything lives under .kafka/ in the repository (gitignored):
#   libs/<version>/  jars    data-<port>/  KRaft log dir    broker-<port>.{pid,log,properties}
#
# Environment: SENDWH_KAFKA_VERSION (default 3.9.2; 4.x uses the pom's kafka4 profile),
# SENDWH_KAFKA_STATE_DIR (default <repo>/.kafka), SENDWH_KAFKA_START_TIMEOUT (s, default 90),
# SENDWH_KAFKA_STOP_TIMEOUT (s, default 30), SENDWH_KAFKA_HEAP (default 512m),
# SENDWH_KAFKA_JVM_OPTS (default -XX:+UseSerialGC -XX:TieredStopAtLevel=1).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
KAFKA_VERSION="${SENDWH_KAFKA_VERSION:-3.9.2}"
STATE_DIR="${SENDWH_KAFKA_STATE_DIR:-$REPO_ROOT/.kafka}"
LIBS_DIR="$STATE_DIR/libs/$KAFKA_VERSION"
START_TIMEOUT="${SENDWH_KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${SENDWH_KAFKA_STOP_TIMEOUT:-30}"
HEAP="${SENDWH_KAFKA_HEAP:-512m}"
# C1 only and the serial collector: a test broker lives for minutes on 2 cores, where
# start-up CPU matters more than peak throughput.
read -r -a JVM_OPTS <<<"${SENDWH_KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

say() { printf '[kafka-broker] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

usage() {
  sed -n '6,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

now_ms() { date +%s%3N; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Resolves the jars once per version; the marker file makes later calls free and offline.
ensure_deps() {
  [[ -f "$LIBS_DIR/.complete" ]] && return 0
  command -v mvn >/dev/null || die "mvn not found: install Maven (Debian: apt-get install -y maven)"
  local profile=kafka4
  [[ "$KAFKA_VERSION" == 3.* ]] && profile=kafka3
  say "resolving Kafka $KAFKA_VERSION jars into $LIBS_DIR"
  local t0; t0=$(now_ms)
  rm -rf "$LIBS_DIR"
  mkdir -p "$STATE_DIR"
  local mvn_log="$STATE_DIR/mvn-$KAFKA_VERSION.log"
  if ! mvn -B -q -f "$HERE/pom.xml" "-P$profile" \
      "-Dkafka.version=$KAFKA_VERSION" "-Dkafka.libs.dir=$LIBS_DIR" \
      dependency:copy-dependencies >"$mvn_log" 2>&1; then
    tail -n 40 "$mvn_log" >&2
    die "mvn dependency:copy-dependencies failed for Kafka $KAFKA_VERSION (log: $mvn_log)"
  fi
  compgen -G "$LIBS_DIR/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null || die "mvn did not produce kafka_2.13-$KAFKA_VERSION.jar in $LIBS_DIR"
  touch "$LIBS_DIR/.complete"
  say "jars resolved in $(( $(now_ms) - t0 )) ms"
}

check_java() {
  command -v "$JAVA" >/dev/null || die "java not found: install a JDK 17+ (Debian: apt-get install -y openjdk-17-jre-headless)"
}

# Per-port file names; set by set_port.
set_port() {
  PORT="$1"
  if ! [[ "$PORT" =~ ^[0-9]+$ ]] || (( PORT < 1 || PORT > 65534 )); then
    die "bad port: $PORT"
  fi
  CONTROLLER_PORT=$((PORT + 1))
  DATA_DIR="$STATE_DIR/data-$PORT"
  PID_FILE="$STATE_DIR/broker-$PORT.pid"
  LOG_FILE="$STATE_DIR/broker-$PORT.log"
  CONF_FILE="$STATE_DIR/broker-$PORT.properties"
  LOCK_FILE="$STATE_DIR/broker-$PORT.lock"
}

# Serialises start/stop/restart on one port: several vitest workers may ask at once.
take_lock() {
  mkdir -p "$STATE_DIR"
  exec 9>"$LOCK_FILE"
  flock -w $((START_TIMEOUT + STOP_TIMEOUT + 60)) 9 || die "timed out waiting for the lock $LOCK_FILE"
}

# Prints the broker's pid if the pid file names a live Kafka broker for this port.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid; pid="$(<"$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  # the pid may have been reused by an unrelated process since the broker died
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "kafka.Kafka $CONF_FILE" || return 1
  echo "$pid"
}

log_tail() {
  if [[ -f "$LOG_FILE" ]]; then
    say "last 40 lines of $LOG_FILE:"
    tail -n 40 "$LOG_FILE" >&2
  fi
}

write_config() {
  sed -e "s|@PORT@|$PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" -e "s|@LOG_DIR@|$DATA_DIR|g" \
    "$HERE/server.properties.template" >"$CONF_FILE"
}

# Kafka cluster ids are 16 random bytes in URL-safe base64 without padding; a leading '-'
# is avoided as Kafka's own generator does (it reads as a command-line flag).
cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" != -* ]] && break
  done
  echo "$id"
}

log_opts() {
  # both systems set: 3.x reads the reload4j one, 4.x the log4j2 one
  echo "-Dlog4j.configuration=file:$HERE/$1.properties" "-Dlog4j2.configurationFile=$HERE/$2.properties"
}

format_storage() {
  rm -rf "$DATA_DIR"
  mkdir -p "$DATA_DIR"
  local id; id="$(cluster_id)"
  # shellcheck disable=SC2046
  "$JAVA" -Xmx256m "${JVM_OPTS[@]}" $(log_opts tools-log4j log4j2-tools) -cp "$LIBS_DIR/*" kafka.tools.StorageTool \
    format -t "$id" -c "$CONF_FILE" >>"$LOG_FILE" 2>&1 \
    || { log_tail; die "formatting $DATA_DIR failed"; }
}

launch() {
  local t0; t0=$(now_ms)
  # setsid: the broker outlives the shell or test worker that started it; fd 9 (the lock)
  # and stdio are closed/redirected so callers waiting on our pipes are not held open.
  # shellcheck disable=SC2046,SC2016
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
    "$JAVA" "-Xmx$HEAP" -Xms128m "${JVM_OPTS[@]}" -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true $(log_opts log4j log4j2) -cp "$LIBS_DIR/*" kafka.Kafka "$CONF_FILE" \
    </dev/null >>"$LOG_FILE" 2>&1 9>&- &
  local pid=$!
  local deadline=$(( $(date +%s) + START_TIMEOUT ))
  while :; do
    # the pid file is the truth: setsid forks first when it happens to lead a process group
    [[ -s "$PID_FILE" ]] && pid="$(<"$PID_FILE")"
    if port_open "$PORT"; then
      pid="$(running_pid)" || die "port $PORT opened but the broker process is gone"
      say "broker ready on 127.0.0.1:$PORT (pid $pid, Kafka $KAFKA_VERSION) in $(( $(now_ms) - t0 )) ms"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log_tail
      rm -f "$PID_FILE"
      die "the broker exited during start-up (log: $LOG_FILE)"
    fi
    if (( $(date +%s) >= deadline )); then
      log_tail
      kill -TERM "$pid" 2>/dev/null || true
      sleep 2
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$PID_FILE"
      die "the broker did not accept connections on 127.0.0.1:$PORT within ${START_TIMEOUT}s (log: $LOG_FILE)"
    fi
    sleep 0.2
  done
}

# $1 = fresh | keep: whether the KRaft log dir is formatted anew.
do_start() {
  local mode="$1" pid
  if pid="$(running_pid)"; then
    if port_open "$PORT"; then
      say "already running on 127.0.0.1:$PORT (pid $pid)"
      return 0
    fi
    die "broker pid $pid is alive but 127.0.0.1:$PORT is closed: run '$0 stop --port $PORT' and retry"
  fi
  rm -f "$PID_FILE"
  port_open "$PORT" && die "127.0.0.1:$PORT is in use by another process (not a broker started by this script)"
  port_open "$CONTROLLER_PORT" && die "controller port 127.0.0.1:$CONTROLLER_PORT is in use by another process"
  check_java
  ensure_deps
  write_config
  if [[ "$mode" == fresh || ! -f "$DATA_DIR/meta.properties" ]]; then
    : >"$LOG_FILE"
    format_storage
  else
    printf '\n==== restart on the existing data in %s ====\n' "$DATA_DIR" >>"$LOG_FILE"
  fi
  launch
}

do_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    say "not running on 127.0.0.1:$PORT"
    return 0
  fi
  local t0; t0=$(now_ms)
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$(( $(date +%s) + STOP_TIMEOUT ))
  while kill -0 "$pid" 2>/dev/null; do
    if (( $(date +%s) >= deadline )); then
      say "broker pid $pid ignored SIGTERM for ${STOP_TIMEOUT}s: sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  rm -f "$PID_FILE"
  say "stopped broker on 127.0.0.1:$PORT (pid $pid) in $(( $(now_ms) - t0 )) ms"
}

do_status() {
  local pid
  if pid="$(running_pid)" && port_open "$PORT"; then
    echo "running: 127.0.0.1:$PORT pid $pid (log: $LOG_FILE)"
    return 0
  fi
  echo "not running: 127.0.0.1:$PORT"
  return 1
}

cmd="${1:-}"
[[ -n "$cmd" ]] || usage
shift
port="${SENDWH_KAFKA_PORT:-9092}"
while (( $# )); do
  case "$1" in
    --port) [[ $# -ge 2 ]] || die "--port needs a value"; port="$2"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    *) die "unknown argument: $1" ;;
  esac
done
set_port "$port"

case "$cmd" in
  deps) check_java; ensure_deps ;;
  start) take_lock; do_start fresh ;;
  stop) take_lock; do_stop ;;
  restart) take_lock; do_stop; do_start keep ;;
  status) do_status ;;
  *) usage ;;
esac
