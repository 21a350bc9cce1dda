# dev/lib.sh -- shared by dev/up, dev/down, dev/test and bench/run.
#
# A "stack" is a directory holding a private MariaDB data directory, the
# FastCGI program's socket and configuration, an nginx configuration and
# the logs; every server it starts listens on 127.0.0.1 or a unix socket
# and is stopped by the pid this file records in STACK/run/*.pid.
# Nothing here touches the system's MariaDB or nginx services.

IPDESK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Debian packages the project needs, by the command or file that shows
# each is there.
ipdesk_requirements() {
	cat <<'LIST'
gcc build-essential
make build-essential
autoreconf autoconf
automake automake
pkg-config pkg-config
/usr/include/fcgiapp.h libfcgi-dev
/usr/include/mariadb/mysql.h libmariadb-dev
/usr/include/json-c/json.h libjson-c-dev
/usr/include/x86_64-linux-gnu/curl/curl.h libcurl4-openssl-dev
/usr/include/openssl/evp.h libssl-dev
/usr/include/crypt.h libcrypt-dev
mariadbd mariadb-server
mariadb mariadb-client
nginx nginx-light
python3 python3
node nodejs
npm npm
chromium chromium
wrk wrk
valgrind valgrind
clang clang
/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev
curl curl
openssl openssl
/usr/share/fonts/truetype/wqy/wqy-microhei.ttc fonts-wqy-microhei
LIST
}

# Installs what is missing (needs root or sudo; apt-get only).
ensure_packages() {
	local missing="" what pkg
	while read -r what pkg; do
		if [[ $what == /* ]]; then
			[[ -e $what ]] && continue
		else
			command -v "$what" >/dev/null 2>&1 && continue
			[[ -x /usr/sbin/$what ]] && continue
		fi
		case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
	done < <(ipdesk_requirements)
	[[ -z $missing ]] && return 0
	say "installing Debian packages:$missing"
	local sudo=""
	[[ $(id -u) -eq 0 ]] || sudo="sudo"
	$sudo apt-get update -qq >&2 || die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
	    --no-install-recommends $missing >&2 || die "apt-get install failed"
	# Debian starts the services it installs; ipdesk never uses them.
	for svc in mariadb nginx; do
		if command -v systemctl >/dev/null && systemctl is-active -q "$svc" 2>/dev/null; then
			$sudo systemctl stop "$svc" >/dev/null 2>&1 || true
		fi
	done
}

# Builds into BUILD (a directory) with configure options "$@".
build_into() {
	local build=$1; shift
	if [[ ! -x $IPDESK_ROOT/configure || $IPDESK_ROOT/configure.ac -nt $IPDESK_ROOT/configure ||
	    $IPDESK_ROOT/Makefile.am -nt $IPDESK_ROOT/Makefile.in ]]; then
		(cd "$IPDESK_ROOT" && autoreconf -fi >&2) || die "autoreconf failed"
	fi
	mkdir -p "$build"
	local stamp="$build/.configure-args" want="$*"
	if [[ ! -f $build/Makefile || ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
		(cd "$build" && "$IPDESK_ROOT/configure" --prefix=/usr --sysconfdir=/etc \
		    "$@" >configure.out 2>&1) || { tail -30 "$build/configure.out" >&2; die "configure failed"; }
		printf '%s' "$want" >"$stamp"
	fi
	make -C "$build" -j"$(nproc)" >&2 || die "build failed"
}

# A free TCP port on 127.0.0.1.
free_port() {
	python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

rand_hex() { openssl rand -hex "${1:-32}"; }

# Waits up to $2 seconds for command $1 to succeed.
wait_for() {
	local cmd=$1 secs=${2:-30} i
	for ((i = 0; i < secs * 10; i++)); do
		eval "$cmd" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Stops the process whose pid is in file $1 (TERM, then KILL after $2 s).
stop_pid() {
	local pidfile=$1 secs=${2:-20} pid i
	[[ -f $pidfile ]] || return 0
	pid=$(cat "$pidfile")
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for ((i = 0; i < secs * 10; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$pidfile"
}

# ---- MariaDB ----------------------------------------------------------------

mariadb_cnf() {
	local s=$1
	cat >"$s/my.cnf" <<CNF
[mariadbd]
datadir=$s/db
socket=$s/run/mysqld.sock
pid-file=$s/run/mariadb.pid
log-error=$s/log/mariadb.err
skip-networking
skip-name-resolve
skip-log-bin
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
innodb_buffer_pool_size=256M
innodb_log_file_size=128M
innodb_flush_log_at_trx_commit=1
max_connections=300
CNF
}

start_mariadb() {
	local s=$1
	mariadb_cnf "$s"
	if [[ ! -d $s/db/mysql ]]; then
		mariadb-install-db --defaults-file="$s/my.cnf" --user="$(id -un)" \
		    --auth-root-authentication-method=socket \
		    --auth-root-socket-user="$(id -un)" --skip-test-db \
		    >"$s/log/mariadb-install.log" 2>&1 ||
		    { tail -20 "$s/log/mariadb-install.log" >&2; die "mariadb-install-db failed"; }
	fi
	if pid_alive "$s/run/mariadb.pid"; then return 0; fi
	mariadbd --defaults-file="$s/my.cnf" --user="$(id -un)" </dev/null >/dev/null 2>&1 &
	wait_for "mariadb-admin --socket='$s/run/mysqld.sock' -u root ping" 60 ||
	    { tail -20 "$s/log/mariadb.err" >&2; die "MariaDB did not start"; }
}

sql_root() { mariadb --socket="$STACK/run/mysqld.sock" -u root "$@"; }

# Creates the database and the application's account.  The account gets
# table-level rights: case events may be read and appended, never changed.
setup_database() {
	local s=$1 pw=$2
	sql_root <<SQL
CREATE DATABASE IF NOT EXISTS ipdesk CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'ipdesk'@'localhost' IDENTIFIED BY '$pw';
ALTER USER 'ipdesk'@'localhost' IDENTIFIED BY '$pw';
SQL
}

grant_app_user() {
	local t
	for t in $(sql_root -N -e "SELECT table_name FROM information_schema.tables WHERE table_schema = 'ipdesk'"); do
		case $t in
		case_event) sql_root -e "GRANT SELECT, INSERT ON ipdesk.\`$t\` TO 'ipdesk'@'localhost'" ;;
		schema_migration) sql_root -e "GRANT SELECT ON ipdesk.\`$t\` TO 'ipdesk'@'localhost'" ;;
		*) sql_root -e "GRANT SELECT, INSERT, UPDATE, DELETE ON ipdesk.\`$t\` TO 'ipdesk'@'localhost'" ;;
		esac
	done
}

# ---- ipdesk ----------------------------------------------------------------

write_config() {
	local s=$1 pw=$2 workers=$3
	cat >"$s/ipdesk.conf" <<CONF
# written by dev/lib.sh for the stack in $s
listen = $s/run/ipdesk.sock
workers = $workers
pid_file = $s/run/ipdesk.pid
log_file = $s/log/ipdesk.log
db_socket = $s/run/mysqld.sock
db_name = ipdesk
db_user = ipdesk
db_password = $pw
db_admin_user = root
evidence_dir = $s/evidence
secret = $(rand_hex 32)
refresh_seconds = ${IPDESK_REFRESH:-2}
debug_clock = ${IPDESK_DEBUG_CLOCK:-off}
CONF
	chmod 600 "$s/ipdesk.conf"
}

start_ipdesk() {
	local s=$1 build=$2
	"$build/ipdesk-fcgi" -c "$s/ipdesk.conf" </dev/null >/dev/null 2>>"$s/log/ipdesk.log" &
	wait_for "[[ -S '$s/run/ipdesk.sock' && -f '$s/run/ipdesk.pid' ]]" 30 ||
	    { tail -20 "$s/log/ipdesk.log" >&2; die "ipdesk-fcgi did not start"; }
}

# ---- nginx ------------------------------------------------------------------

write_nginx() {
	local s=$1 port=$2 www=${3:-$IPDESK_ROOT/www}
	mkdir -p "$s/nginx/tmp"
	sed -e "s|^\( *\)# @trusted|\1127.0.0.1 1;|" \
	    -e "s|unix:/run/ipdesk/ipdesk.sock;.*|unix:$s/run/ipdesk.sock;|" \
	    -e "s|listen 80;.*|listen 127.0.0.1:$port;|" \
	    -e "s|access_log /var/log/nginx/ipdesk.access.log ipdesk;.*|access_log $s/log/nginx-access.log ipdesk;|" \
	    -e "s|root /usr/share/ipdesk/www;.*|root $www;|" \
	    -e "s|alias /var/lib/ipdesk/evidence/;.*|alias $s/evidence/;|" \
	    "$IPDESK_ROOT/nginx/ipdesk.conf" >"$s/nginx/ipdesk.conf"
	cp "$IPDESK_ROOT/nginx/ipdesk-fastcgi.conf" "$IPDESK_ROOT/nginx/ipdesk-headers.conf" "$s/nginx/"
	local user=""
	[[ $(id -u) -eq 0 ]] && user="user root root;"
	cat >"$s/nginx/nginx.conf" <<NGX
# written by dev/lib.sh; the site itself is nginx/ipdesk.conf
$user
worker_processes 1;
pid $s/run/nginx.pid;
error_log $s/log/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 30;
    client_body_temp_path $s/nginx/tmp/body;
    proxy_temp_path $s/nginx/tmp/proxy;
    fastcgi_temp_path $s/nginx/tmp/fastcgi;
    uwsgi_temp_path $s/nginx/tmp/uwsgi;
    scgi_temp_path $s/nginx/tmp/scgi;
    include $s/nginx/ipdesk.conf;
}
NGX
}

start_nginx() {
	local s=$1 port=$2
	nginx -p "$s/nginx" -c "$s/nginx/nginx.conf" -t -q 2>"$s/log/nginx-test.log" ||
	    { cat "$s/log/nginx-test.log" >&2; die "nginx configuration test failed"; }
	nginx -p "$s/nginx" -c "$s/nginx/nginx.conf" -g "daemon on;" </dev/null >/dev/null 2>>"$s/log/nginx-error.log" ||
	    die "nginx did not start"
	wait_for "curl -fsS http://127.0.0.1:$port/_nginx/ok" 20 || die "nginx does not answer on $port"
}

# ---- the provincial credit platform (its simulator) ------------------------

# The simulator of shared/credit-sim: IPDESK_CREDIT_SIM, else the one
# beside this checkout (../shared), else the verbatim copy in tests/.
credit_sim_path() {
	local beside=$IPDESK_ROOT/../shared/credit-sim/credit-sim
	if [[ -n ${IPDESK_CREDIT_SIM:-} ]]; then
		printf '%s' "$IPDESK_CREDIT_SIM"
	elif [[ -f $beside ]]; then
		printf '%s' "$beside"
	else
		printf '%s' "$IPDESK_ROOT/tests/credit-sim/credit-sim"
	fi
}

# start_credit_sim DIR [FLAGS...]: the simulator on a free port with its
# state in DIR/credit-sim and the app key ipdesk-dev; sets CREDIT_URL.
start_credit_sim() {
	local s=$1; shift
	local secret out=$s/log/credit-sim.out port
	mkdir -p "$s/credit-sim" "$s/run" "$s/log"
	[[ -f $s/credit.secret ]] || { rand_hex 24 >"$s/credit.secret"; chmod 600 "$s/credit.secret"; }
	secret=$(cat "$s/credit.secret")
	stop_pid "$s/run/credit-sim.pid" 10
	: >"$out"
	python3 -u "$(credit_sim_path)" --port 0 --data "$s/credit-sim" \
	    --app "ipdesk-dev:$secret" "$@" </dev/null >"$out" 2>>"$s/log/credit-sim.log" &
	echo $! >"$s/run/credit-sim.pid"
	wait_for "grep -q '^listening ' '$out'" 20 || die "the credit platform simulator did not start"
	port=$(sed -n 's/^listening 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out" | head -1)
	CREDIT_URL=http://127.0.0.1:$port
}

# credit_config DIR: (re)writes the platform settings of DIR/ipdesk.conf
# for the simulator started last; test stacks get short timeouts.
credit_config() {
	local s=$1 conf=$1/ipdesk.conf
	sed -i '/^credit_\|^sync_log_file/d' "$conf"
	cat >>"$conf" <<CONF
credit_url = $CREDIT_URL
credit_app_key = ipdesk-dev
credit_secret = $(cat "$s/credit.secret")
credit_sjbm_prefix = HZIPO
credit_connect_ms = 2000
credit_timeout_ms = ${IPDESK_CREDIT_TIMEOUT_MS:-15000}
credit_lease_s = ${IPDESK_CREDIT_LEASE_S:-60}
credit_backoff_ms = 200
credit_backoff_max_ms = ${IPDESK_CREDIT_BACKOFF_MAX_MS:-5000}
credit_poll_ms = 500
sync_log_file = $s/log/ipdesk-sync.log
CONF
}

# ---- the whole stack ------------------------------------------------------

# start_stack DIR PORT BUILD [WORKERS]: everything up, migrations applied.
start_stack() {
	STACK=$1
	local port=$2 build=$3 workers=${4:-8} pw
	mkdir -p "$STACK"/{db,run,log,evidence}
	start_mariadb "$STACK"
	if [[ -f $STACK/db.password ]]; then
		pw=$(cat "$STACK/db.password")
	else
		pw=$(rand_hex 16)
		printf '%s' "$pw" >"$STACK/db.password"
		chmod 600 "$STACK/db.password"
	fi
	setup_database "$STACK" "$pw"
	[[ -f $STACK/ipdesk.conf ]] || write_config "$STACK" "$pw" "$workers"
	start_credit_sim "$STACK"
	credit_config "$STACK"
	"$build/ipdesk-admin" -c "$STACK/ipdesk.conf" migrate -d "$IPDESK_ROOT/sql" >&2 ||
	    die "migrations failed"
	grant_app_user
	start_ipdesk "$STACK" "$build"
	write_nginx "$STACK" "$port"
	start_nginx "$STACK" "$port"
	cat >"$STACK/dev.env" <<ENV
IPDESK_URL=http://127.0.0.1:$port
IPDESK_DB_SOCKET=$STACK/run/mysqld.sock
IPDESK_ADMIN=$build/ipdesk-admin
IPDESK_FCGI=$build/ipdesk-fcgi
IPDESK_CONFIG=$STACK/ipdesk.conf
IPDESK_STACK=$STACK
IPDESK_LOG=$STACK/log/ipdesk.log
IPDESK_SYNC=$build/ipdesk-sync
IPDESK_CREDIT_URL=$CREDIT_URL
IPDESK_CREDIT_SIM=$(credit_sim_path)
IPDESK_CREDIT_APP=ipdesk-dev:$(cat "$STACK/credit.secret")
ENV
}

# stop_stack DIR: the sync worker (its request in flight finishes), nginx,
# ipdesk (requests in flight finish), the simulator, then MariaDB.
stop_stack() {
	local s=$1
	stop_pid "$s/run/ipdesk-sync.pid" 70
	[[ -f $s/run/nginx.pid ]] && stop_pid "$s/run/nginx.pid" 10
	stop_pid "$s/run/ipdesk.pid" 40
	stop_pid "$s/run/credit-sim.pid" 10
	stop_pid "$s/run/mariadb.pid" 60
	return 0
}
