#!/usr/bin/env bash
# Runs the whole Wangge system on this machine with demo data, from nothing but a JDK 17:
#   deploy/run-local.sh                  build what is missing, start everything, load the Changning demo and
#                                        play its week, then wait (Ctrl-C stops everything)
#   deploy/run-local.sh --no-week        the same with the demo town loaded but its week not played
#   deploy/run-local.sh stop             stop everything a run started
#   deploy/run-local.sh stop <service>   stop one service of a running system (e.g. party-points-service) ...
#   deploy/run-local.sh start <service>  ... and start it again: it catches up on what it missed from Kafka
#   deploy/run-local.sh redrive <topic> [event-id ...]
#                                        publish the dead letters of <topic>.dlq again once their cause is fixed
#   deploy/run-local.sh reset            remove every run's data (PostgreSQL, Kafka, Keycloak logins, logs)
#   WANGGE_CLOCK_OFFSET=P29DT11H deploy/run-local.sh
#                                        move the services' domain clock (and the demo week's) to rehearse a date;
#                                        tokens, Kafka and PostgreSQL keep real time
#   WANGGE_DURABLE=1 deploy/run-local.sh PostgreSQL writes with fsync on, as in production (for benchmarks)
# PostgreSQL 17 and Kafka come from deploy/devstack, Keycloak 26.7.3 from Maven Central (downloaded once into
# $WANGGE_HOME, default ~/.wangge), the four services from their production jars.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WANGGE_HOME=${WANGGE_HOME:-$HOME/.wangge}
RUN_DIR=$WANGGE_HOME/run
LOG_DIR=$WANGGE_HOME/logs
KEYCLOAK_VERSION=26.7.3
KEYCLOAK_HOME=$WANGGE_HOME/keycloak-$KEYCLOAK_VERSION
# Every port can be moved, e.g. when another program holds 8081: WANGGE_GRID_PORT=9081 deploy/run-local.sh.
# The running system's ports are remembered, so "start <service>" later finds them without being told again
# (a variable set for that command still wins).
PORTS_FILE=$WANGGE_HOME/run/ports.env
case "${1:-}" in
    start|stop|redrive) if [ -f "$PORTS_FILE" ]; then . "$PORTS_FILE"; fi ;;
esac
KEYCLOAK_PORT=${WANGGE_KEYCLOAK_PORT:-8180}
KEYCLOAK_URL=http://127.0.0.1:$KEYCLOAK_PORT
# Keycloak's management interface (its health checks) listens apart from its API
KEYCLOAK_MANAGEMENT_PORT=${WANGGE_KEYCLOAK_MANAGEMENT_PORT:-9000}
PG_PORT=${WANGGE_PG_PORT:-15432}
KAFKA_PORT=${WANGGE_KAFKA_PORT:-19092}
# The broker asks every client for SCRAM credentials (made on its first start): one user per service, "county"
# (read-only, for county systems) and "admin" (the operator's); a client settings file per user lives here.
KAFKA_HOME=$WANGGE_HOME/devstack/kafka
KAFKA_CLIENTS=$KAFKA_HOME/clients
SERVICES=(grid-service:${WANGGE_GRID_PORT:-8081} task-service:${WANGGE_TASK_PORT:-8082}
    report-service:${WANGGE_REPORT_PORT:-8083} party-points-service:${WANGGE_POINTS_PORT:-8084})
GRID_URL=http://127.0.0.1:${WANGGE_GRID_PORT:-8081}
# the demo's own programs (DemoWeek, DemoLogins) find the services where this run put them
DEMO_URLS=(-Dwangge.grid.url="$GRID_URL" -Dwangge.task.url="http://127.0.0.1:${WANGGE_TASK_PORT:-8082}"
    -Dwangge.report.url="http://127.0.0.1:${WANGGE_REPORT_PORT:-8083}"
    -Dwangge.points.url="http://127.0.0.1:${WANGGE_POINTS_PORT:-8084}")
GRID_OPTIONS=(-Dwangge.demo.enabled=true) # POST /api/demo/changning exists only when asked for
CLOCK_OFFSET=${WANGGE_CLOCK_OFFSET:-PT0S}
DEMO_PASSWORD=wangge
STARTED=$(date +%s)

say() { printf '[%4ds] %s\n' $(( $(date +%s) - STARTED )) "$*"; }
fail() {
    say "FAILED: $*"
    trap - EXIT
    [ -d "$RUN_DIR" ] && stop_all quiet
    exit 1
}

await_exit() { # pid: given 30 s to stop after TERM, then killed
    for _ in $(seq 1 60); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.5
    done
    kill -KILL "$1" 2>/dev/null || true
}

stop_all() {
    local any=0 pidfile name pid
    for pidfile in "$RUN_DIR"/*.pid; do
        [ -e "$pidfile" ] || continue
        name=$(basename "$pidfile" .pid)
        pid=$(cat "$pidfile")
        if kill -0 "$pid" 2>/dev/null; then
            any=1
            say "stopping $name (pid $pid)"
            kill -TERM "$pid" 2>/dev/null || true
        fi
    done
    for pidfile in "$RUN_DIR"/*.pid; do
        [ -e "$pidfile" ] || continue
        await_exit "$(cat "$pidfile")"
        rm -f "$pidfile"
    done
    if [ "$any" = 1 ]; then say "stopped"; elif [ "${1:-}" != quiet ]; then say "nothing was running"; fi
}

port_of() { # service name -> its port, or nothing
    local entry
    for entry in "${SERVICES[@]}"; do
        [ "${entry%%:*}" = "$1" ] && echo "${entry##*:}"
    done
    return 0
}

start() { # name logfile command...
    local name=$1 log=$2
    shift 2
    [ -f "$log" ] && mv "$log" "$log.previous"
    "$@" >"$log" 2>&1 &
    echo $! >"$RUN_DIR/$name.pid"
}

alive() { kill -0 "$(cat "$RUN_DIR/$1.pid" 2>/dev/null)" 2>/dev/null; }

wait_for() { # name url seconds [started-at]
    local name=$1 url=$2 limit=$3 begin=${4:-$(date +%s)}
    until curl -fsS -o /dev/null "$url" 2>/dev/null; do
        alive "$name" || fail "$name exited; see $LOG_DIR/$name.log"
        [ $(( $(date +%s) - begin )) -lt "$limit" ] || fail "$name not ready after ${limit}s; see $LOG_DIR/$name.log"
        sleep 1
    done
    say "$name ready ($(( $(date +%s) - begin ))s)"
}

kafka_password() { # user -> its SCRAM password
    sed -n "s/^$1=//p" "$KAFKA_HOME/credentials.properties"
}

database_of() { # service name -> its database on the devstack's PostgreSQL
    case "$1" in
        party-points-service) echo points ;;
        *) echo "${1%-service}" ;;
    esac
}

start_service() { # name
    local name=$1 options=()
    [ "$name" = grid-service ] && options=("${GRID_OPTIONS[@]}")
    say "$name (:$(port_of "$name")) starting"
    # the password goes by the environment, not the command line, where any local user could read it
    start "$name" "$LOG_DIR/$name.log" env WANGGE_KAFKA_PASSWORD="$(kafka_password "$name")" \
        java -Xmx384m -XX:+UseSerialGC -Dquarkus.profile=local ${options[@]+"${options[@]}"} \
        -Dquarkus.http.port="$(port_of "$name")" -Dkafka.bootstrap.servers="127.0.0.1:$KAFKA_PORT" \
        -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/$(database_of "$name")" \
        -Dquarkus.oidc.auth-server-url="$KEYCLOAK_URL/realms/wangge" -Dwangge.clock.offset="$CLOCK_OFFSET" \
        -jar "$ROOT/$name/target/quarkus-app/quarkus-run.jar"
}

case "${1:-}" in
    stop)
        if [ -z "${2:-}" ]; then
            stop_all
            exit 0
        fi
        [ -n "$(port_of "$2")" ] || { echo "no such service: $2" >&2; exit 2; }
        [ -f "$RUN_DIR/$2.pid" ] || { echo "$2 is not running" >&2; exit 1; }
        # The pid file goes first, so that the running system's watch does not take this stop for a crash.
        mv "$RUN_DIR/$2.pid" "$RUN_DIR/$2.stopping"
        pid=$(cat "$RUN_DIR/$2.stopping")
        kill -TERM "$pid" 2>/dev/null || true
        await_exit "$pid"
        rm -f "$RUN_DIR/$2.stopping"
        say "$2 stopped"
        exit 0
        ;;
    start)
        [ -n "$(port_of "${2:-}")" ] || { echo "usage: deploy/run-local.sh start <service>" >&2; exit 2; }
        alive "$2" && { echo "$2 is already running" >&2; exit 1; }
        fail() { say "FAILED: $*"; exit 1; }
        start_service "$2"
        wait_for "$2" "http://127.0.0.1:$(port_of "$2")/q/health/ready" 180
        exit 0
        ;;
    redrive)
        [ -n "${2:-}" ] || { echo "usage: deploy/run-local.sh redrive <topic> [event-id ...]" >&2; exit 2; }
        shift
        exec java -cp "$ROOT/deploy/devstack/target/devstack.jar:$ROOT/deploy/devstack/target/lib/*" \
            io.wangge.devstack.DeadLetters "$KAFKA_CLIENTS/admin.properties" "$@"
        ;;
    reset)
        # Everything a run made (data, logins, logs); the downloads and the unpacked Keycloak stay.
        stop_all quiet
        rm -rf "$WANGGE_HOME/devstack" "$KEYCLOAK_HOME/data" "$RUN_DIR" "$LOG_DIR"
        say "reset: removed the data of PostgreSQL, Kafka and Keycloak under $WANGGE_HOME; the next run starts afresh"
        exit 0
        ;;
    --no-week) PLAY_WEEK=0 ;;
    "") PLAY_WEEK=1 ;;
    *) echo "usage: deploy/run-local.sh [--no-week | stop [<service>] | start <service> | redrive <topic> [id ...]"\
            "| reset]" >&2
       exit 2 ;;
esac

command -v java >/dev/null || fail "java (17 or newer) is needed"
command -v curl >/dev/null || fail "curl is needed"
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')
[ "${java_major:-0}" -ge 17 ] || fail "java 17 or newer is needed (found ${java_major:-none})"
mkdir -p "$RUN_DIR" "$LOG_DIR"
for pidfile in "$RUN_DIR"/*.pid; do
    [ -e "$pidfile" ] || continue
    if kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        fail "already running ($(basename "$pidfile" .pid)); use: deploy/run-local.sh stop"
    fi
    rm -f "$pidfile"
done
# Every port the run needs must be free: name what holds one instead of failing later with "exited".
holder() { # port -> the process listening on it, if this machine can tell (ss on Linux, lsof on macOS)
    if command -v ss >/dev/null; then
        ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\("[^"]*",pid=[0-9]*\).*/\1/p' | head -1
    elif command -v lsof >/dev/null; then
        lsof -nP -iTCP:"$1" -sTCP:LISTEN 2>/dev/null | awk 'NR == 2 { printf "\"%s\",pid=%s\n", $1, $2 }'
    fi
    return 0
}
for setting in WANGGE_KEYCLOAK_PORT=$KEYCLOAK_PORT WANGGE_KEYCLOAK_MANAGEMENT_PORT=$KEYCLOAK_MANAGEMENT_PORT \
        WANGGE_PG_PORT=$PG_PORT WANGGE_KAFKA_PORT=$KAFKA_PORT WANGGE_GRID_PORT=$(port_of grid-service) \
        WANGGE_TASK_PORT=$(port_of task-service) WANGGE_REPORT_PORT=$(port_of report-service) \
        WANGGE_POINTS_PORT=$(port_of party-points-service); do
    port=${setting#*=}
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        who=$(holder "$port")
        fail "port $port is in use${who:+ by $who}; stop it (or an earlier run: deploy/run-local.sh stop), or move" \
            "the run with ${setting%%=*}=<free port>, and try again"
    fi
done
cat >"$PORTS_FILE" <<PORTS
: "\${WANGGE_KEYCLOAK_PORT:=$KEYCLOAK_PORT}" "\${WANGGE_PG_PORT:=$PG_PORT}" "\${WANGGE_KAFKA_PORT:=$KAFKA_PORT}"
: "\${WANGGE_KEYCLOAK_MANAGEMENT_PORT:=$KEYCLOAK_MANAGEMENT_PORT}"
: "\${WANGGE_GRID_PORT:=$(port_of grid-service)}" "\${WANGGE_TASK_PORT:=$(port_of task-service)}"
: "\${WANGGE_REPORT_PORT:=$(port_of report-service)}" "\${WANGGE_POINTS_PORT:=$(port_of party-points-service)}"
PORTS
trap 'echo; stop_all; exit 0' INT TERM
# Whatever ends the run unexpectedly (a failing command under set -e) still stops what it started.
trap 'code=$?; if [ "$code" != 0 ]; then say "FAILED (exit $code)"; stop_all quiet; fi' EXIT

# 1. Build what is missing or older than its sources.
stale() { # jar source-dir...
    local jar=$1
    shift
    [ -f "$jar" ] || return 0
    [ -n "$(find "$@" -newer "$jar" -print -quit 2>/dev/null)" ]
}
missing=0
stale "$ROOT/deploy/devstack/target/devstack.jar" "$ROOT/deploy/devstack/src" && missing=1
for entry in "${SERVICES[@]}"; do
    name=${entry%%:*}
    stale "$ROOT/$name/target/quarkus-app/quarkus-run.jar" "$ROOT/$name/src/main" "$ROOT/platform/src/main" \
        && missing=1
done
if [ "$missing" = 1 ]; then
    say "building (the first build downloads Maven and the dependencies: a few minutes)"
    (cd "$ROOT" && ./mvnw -B -q -DskipTests package >"$LOG_DIR/build.log" 2>&1) \
        || fail "build failed; see $LOG_DIR/build.log"
    say "built"
fi

# 2. Keycloak: downloaded and built once, the realm imported on first start. It needs nothing else, so it boots
#    while PostgreSQL, Kafka and the services do; the services reach it on their first request.
if [ ! -x "$KEYCLOAK_HOME/bin/kc.sh" ]; then
    zip="$WANGGE_HOME/downloads/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
    if [ ! -f "$zip" ]; then
        say "downloading Keycloak $KEYCLOAK_VERSION from Maven Central (177 MB, once: a minute or two)"
        (cd "$ROOT" && ./mvnw -B -q dependency:copy \
            -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
            -DoutputDirectory="$WANGGE_HOME/downloads" >"$LOG_DIR/keycloak-download.log" 2>&1) \
            || fail "Keycloak download failed; see $LOG_DIR/keycloak-download.log"
    fi
    say "unpacking and building Keycloak (once, about a minute)"
    rm -rf "$KEYCLOAK_HOME.tmp" && mkdir -p "$KEYCLOAK_HOME.tmp"
    (cd "$KEYCLOAK_HOME.tmp" && jar xf "$zip") || fail "cannot unpack $zip"
    mv "$KEYCLOAK_HOME.tmp/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_HOME" && rm -rf "$KEYCLOAK_HOME.tmp"
    chmod +x "$KEYCLOAK_HOME"/bin/*.sh
    "$KEYCLOAK_HOME/bin/kc.sh" build --db=dev-file --health-enabled=true >"$LOG_DIR/keycloak-build.log" 2>&1 \
        || fail "Keycloak build failed; see $LOG_DIR/keycloak-build.log"
fi
mkdir -p "$KEYCLOAK_HOME/data/import"
cp "$ROOT/deploy/keycloak/wangge-realm.json" "$KEYCLOAK_HOME/data/import/"
first_start=""
[ -d "$KEYCLOAK_HOME/data/h2" ] || first_start=" (the first start imports the realm: one to two minutes)"
say "keycloak (:$KEYCLOAK_PORT) starting$first_start"
# Keycloak reads every KC_* variable as an option: only its own are set, and only for it.
start keycloak "$LOG_DIR/keycloak.log" env JAVA_OPTS="-Xms64m -Xmx512m -XX:+UseSerialGC" \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$KEYCLOAK_HOME/bin/kc.sh" start --optimized --import-realm --http-enabled=true \
    --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" \
    --hostname="$KEYCLOAK_URL"
keycloak_started=$(date +%s)

# 3. PostgreSQL 17 and Kafka.
say "devstack (PostgreSQL 17 :$PG_PORT, Kafka :$KAFKA_PORT) starting"
# PostgreSQL skips fsync on the local run (a laptop's demo, rebuilt by reset); WANGGE_DURABLE=1 writes as production
# does, for figures that count.
start devstack "$LOG_DIR/devstack.log" java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Ddevstack.durable="$([ "${WANGGE_DURABLE:-0}" = 1 ] && echo true || echo false)" \
    -cp "$ROOT/deploy/devstack/target/devstack.jar:$ROOT/deploy/devstack/target/lib/*" \
    io.wangge.devstack.DevstackMain --home "$WANGGE_HOME/devstack" \
    --postgres-port "$PG_PORT" --kafka-port "$KAFKA_PORT" --databases grid,task,report,points
begin=$(date +%s)
until grep -q "devstack ready" "$LOG_DIR/devstack.log" 2>/dev/null; do
    alive devstack || fail "devstack exited; see $LOG_DIR/devstack.log"
    [ $(( $(date +%s) - begin )) -lt 180 ] || fail "devstack not ready after 180s"
    sleep 1
done
say "devstack ready ($(( $(date +%s) - begin ))s)"

# 4. The four services, as their production jars.
for entry in "${SERVICES[@]}"; do
    start_service "${entry%%:*}"
done
for entry in "${SERVICES[@]}"; do
    wait_for "${entry%%:*}" "http://127.0.0.1:${entry##*:}/q/health/ready" 180
done
wait_for keycloak "$KEYCLOAK_URL/realms/wangge/.well-known/openid-configuration" 300 "$keycloak_started"
# Swagger UI signs in as wangge-web and fetches its token from the page's own origin: the realm lets exactly this
# run's service origins do that (CORS), wherever the ports were moved, also for a realm imported by an earlier run.
web_origins() {
    local origins="" entry
    for entry in "${SERVICES[@]}"; do
        origins="$origins\"http://127.0.0.1:${entry##*:}\",\"http://localhost:${entry##*:}\","
    done
    printf '[%s]' "${origins%,}"
}
admin_token=$(curl -fsS "$KEYCLOAK_URL/realms/master/protocol/openid-connect/token" -d grant_type=password \
    -d client_id=admin-cli -d username=admin -d password=admin 2>/dev/null \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' || true)
web_client=""
[ -z "$admin_token" ] || web_client=$(curl -fsS -H "Authorization: Bearer $admin_token" \
    "$KEYCLOAK_URL/admin/realms/wangge/clients?clientId=wangge-web" 2>/dev/null \
    | sed -n 's/^\[{"id":"\([^"]*\)".*/\1/p' || true)
if [ -z "$web_client" ] || ! curl -fsS -X PUT -H "Authorization: Bearer $admin_token" \
        -H "Content-Type: application/json" -d "{\"webOrigins\":$(web_origins)}" \
        "$KEYCLOAK_URL/admin/realms/wangge/clients/$web_client" >/dev/null 2>&1; then
    say "note: could not sign in to Keycloak as admin/admin to let this run's origins use Swagger UI's login;" \
        "the realm's own list (ports 8081-8084) stands"
fi

# 5. The Changning demo.
token() { # username
    curl -fsS "$KEYCLOAK_URL/realms/wangge/protocol/openid-connect/token" \
        -d grant_type=password -d client_id=wangge-demo -d username="$1" -d password="$DEMO_PASSWORD" \
        | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
field() { # json name -> first string or number value of "name"
    printf '%s' "$1" | sed -n "s/.*\"$2\":\"\{0,1\}\([^\",}]*\).*/\1/p" | head -1
}
ADMIN_TOKEN=$(token province.admin) # the demo founds a county, as only the province's operator does
[ -n "$ADMIN_TOKEN" ] || fail "no token from Keycloak for province.admin"
say "loading the Changning demo (30 villages, 611 micro-grids, ~15,000 households)"
status=$(curl -s -o "$LOG_DIR/demo-load.json" -w '%{http_code}' -X POST \
    -H "Authorization: Bearer $ADMIN_TOKEN" "$GRID_URL/api/demo/changning")
case "$status" in
    200) say "loaded: $(cat "$LOG_DIR/demo-load.json")" ;;
    409) say "the Changning demo was loaded by an earlier run" ;;
    *) fail "demo load answered $status: $(cat "$LOG_DIR/demo-load.json")" ;;
esac
# Every member of the town's staff gets a login, once per Keycloak database (the marker lives in it).
if [ -f "$KEYCLOAK_HOME/data/wangge-demo-logins.done" ]; then
    say "logins for the town's staff: made by an earlier run"
else
    say "logins for the town's staff (about 700: a minute)"
    java "${DEMO_URLS[@]}" -cp "$ROOT/deploy/devstack/target/devstack.jar:$ROOT/deploy/devstack/target/lib/*" \
        io.wangge.devstack.DemoLogins "$KEYCLOAK_URL" "$DEMO_PASSWORD" admin admin >"$LOG_DIR/demo-logins.log" 2>&1 \
        || fail "creating the demo logins failed; see $LOG_DIR/demo-logins.log"
    touch "$KEYCLOAK_HOME/data/wangge-demo-logins.done"
    say "$(grep "demo logins:" "$LOG_DIR/demo-logins.log")"
fi
# The week is played once (key work cast, tasks done, cases, reports filed, points earned); later runs only
# read its summary back.
: >"$LOG_DIR/demo-week.log"
if [ "$PLAY_WEEK" = 1 ]; then
    say "the demo week (played once, about a minute)"
    java -Dwangge.clock.offset="$CLOCK_OFFSET" "${DEMO_URLS[@]}" \
        -cp "$ROOT/deploy/devstack/target/devstack.jar:$ROOT/deploy/devstack/target/lib/*" \
        io.wangge.devstack.DemoWeek "$KEYCLOAK_URL" "$DEMO_PASSWORD" >"$LOG_DIR/demo-week.log" 2>&1 \
        || fail "the demo week failed; see $LOG_DIR/demo-week.log"
    grep "demo week:" "$LOG_DIR/demo-week.log" | while read -r line; do say "$line"; done || true
fi

TOWN_TOKEN=$(token changning.admin)
me=$(curl -fsS -H "Authorization: Bearer $TOWN_TOKEN" "$GRID_URL/api/me")
town_id=$(field "$me" nodeId)
grids=$(field "$(curl -fsS -H "Authorization: Bearer $TOWN_TOKEN" \
    "$GRID_URL/api/grids/$town_id/subtree?level=MICRO_GRID&size=1")" total)
villages=$(field "$(curl -fsS -H "Authorization: Bearer $TOWN_TOKEN" \
    "$GRID_URL/api/grids/$town_id/children?size=1")" total)
households=$(field "$(curl -fsS -H "Authorization: Bearer $TOWN_TOKEN" \
    "$GRID_URL/api/grids/$town_id/households?size=1")" total)

cat <<SUMMARY

================================================================================
 Wangge (网格) is running: started in $(( $(date +%s) - STARTED ))s
================================================================================
 Swagger UI   grid-service          http://127.0.0.1:$(port_of grid-service)/q/swagger-ui
              task-service          http://127.0.0.1:$(port_of task-service)/q/swagger-ui
              report-service        http://127.0.0.1:$(port_of report-service)/q/swagger-ui
              party-points-service  http://127.0.0.1:$(port_of party-points-service)/q/swagger-ui
 Events       the contract (AsyncAPI) http://127.0.0.1:$(port_of task-service)/asyncapi/asyncapi.yaml
 Keycloak     $KEYCLOAK_URL  (admin console: admin / admin; realm "wangge")
 Kafka        127.0.0.1:$KAFKA_PORT  (wangge.grid, wangge.task, wangge.report, wangge.points; SASL SCRAM-SHA-512)
              county systems (read-only): $KAFKA_CLIENTS/county.properties
              operator (topics, ACLs, re-driving): $KAFKA_CLIENTS/admin.properties
 PostgreSQL   jdbc:postgresql://127.0.0.1:$PG_PORT/{grid,task,report,points}  (postgres / postgres)
 Logs         $LOG_DIR

 Demo logins (password: $DEMO_PASSWORD)
   province.admin   province admin (every county; founds counties, appoints county cadres)
   county.admin     county admin of 武功县 (its county only)
   changning.admin  town admin of 长宁镇
   majia.cadre      village cadre of 马家村
   majia.worker     grid worker of 马家村第一微网格
   majia.member     party member of 马家村党支部
   and every other member of staff by place: changning.cadre1, village07.cadre, village07.grid012, ...

 Try it:
   TOKEN=\$(curl -s $KEYCLOAK_URL/realms/wangge/protocol/openid-connect/token \\
       -d grant_type=password -d client_id=wangge-demo -d username=changning.admin -d password=$DEMO_PASSWORD \\
       | sed -n 's/.*"access_token":"\\([^"]*\\)".*/\\1/p')
   curl -s -H "Authorization: Bearer \$TOKEN" $GRID_URL/api/me

 长宁镇 now: ${villages:-?} villages, ${grids:-?} micro-grids, ${households:-?} households.
$(grep -v "demo week:" "$LOG_DIR/demo-week.log" | grep -v '^$')
 Ctrl-C (or deploy/run-local.sh stop) stops everything.
================================================================================
SUMMARY

while true; do
    for pidfile in "$RUN_DIR"/*.pid; do
        [ -e "$pidfile" ] || continue
        name=$(basename "$pidfile" .pid)
        # a pid file gone by now is a service stopped on purpose (deploy/run-local.sh stop <service>)
        if ! alive "$name" && [ -e "$pidfile" ]; then
            say "$name stopped unexpectedly; see $LOG_DIR/$name.log"
            stop_all
            exit 1
        fi
    done
    sleep 5
done
