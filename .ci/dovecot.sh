#!/usr/bin/env bash
# A throw-away Dovecot IMAP server for the tests of techconsole's IMAP source.
#
#   eval "$(.ci/dovecot.sh [DIR])"   start it (or find it running) and export its address
#   .ci/dovecot.sh stop [DIR]         stop it
#
# Everything lives in DIR (default /tmp/techconsole-dovecot): its own configuration
# (never /etc/dovecot), its own base_dir, a certificate authority and a server
# certificate made with openssl, a passwd-file with the test user tecnico / segreto,
# the user's Maildir and the log (DIR/dovecot.log). It listens on 127.0.0.1 only, on
# two free ports: IMAPS (implicit TLS) and IMAP with STARTTLS. Run as root on Debian it
# installs dovecot-imapd when missing; run as another user it needs Dovecot installed
# and runs every process as that user.
#
# Only the `export` lines go to standard output (for eval); the rest goes to stderr.
# Running it again while the server runs prints the same lines: it is idempotent.
set -euo pipefail

MODE=start
if [[ "${1:-}" == "stop" || "${1:-}" == "start" ]]; then
    MODE=$1
    shift
fi
DIR=${1:-/tmp/techconsole-dovecot}
DIR=$(realpath -m "$DIR")
CONF=$DIR/dovecot.conf
USER_NAME=tecnico
USER_PASSWORD=segreto
DEADLINE_SECONDS=${TECHCONSOLE_DOVECOT_DEADLINE:-60}

say() { echo "dovecot.sh: $*" >&2; }
fail() {
    say "$*"
    [[ -f $DIR/dovecot.log ]] && tail -n 20 "$DIR/dovecot.log" >&2
    exit 1
}

master_pid() {
    # the pid of our running master process, or nothing
    local pid
    [[ -f $DIR/run/master.pid ]] || return 0
    pid=$(<"$DIR/run/master.pid")
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        echo "$pid"
    fi
}

stop() {
    local pid deadline
    pid=$(master_pid)
    if [[ -z $pid ]]; then
        say "no Dovecot running in $DIR"
        return 0
    fi
    kill -TERM "$pid"
    deadline=$((SECONDS + DEADLINE_SECONDS))
    while kill -0 "$pid" 2>/dev/null; do
        ((SECONDS < deadline)) || fail "Dovecot (pid $pid) did not stop within ${DEADLINE_SECONDS}s"
        sleep 0.1
    done
    say "stopped Dovecot (pid $pid) in $DIR"
}

free_port() {
    python3 - <<'PY'
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
PY
}

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

print_env() {
    # shellcheck disable=SC1091
    . "$DIR/ports"
    cat <<EOF
export TECHCONSOLE_TEST_IMAP_URL=imaps://$USER_NAME@127.0.0.1:$IMAPS_PORT/INBOX
export TECHCONSOLE_TEST_IMAP_STARTTLS_URL=imap+starttls://$USER_NAME@127.0.0.1:$IMAP_PORT/INBOX
export TECHCONSOLE_TEST_IMAP_PASSWORD=$USER_PASSWORD
export TECHCONSOLE_TEST_IMAP_CA=$DIR/tls/ca.pem
export TECHCONSOLE_TEST_IMAP_MAILDIR=$DIR/home/$USER_NAME/Maildir
EOF
}

install_dovecot() {
    command -v dovecot >/dev/null && return 0
    [[ $(id -u) -eq 0 ]] || fail "Dovecot is not installed, and only root can install it (apt-get install dovecot-imapd)"
    command -v apt-get >/dev/null || fail "Dovecot is not installed and this is not Debian (no apt-get)"
    say "installing dovecot-imapd"
    # the package's own service must not start: only our instance runs
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q dovecot-imapd >&2 ||
        { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q dovecot-imapd >&2; } ||
        fail "cannot install dovecot-imapd"
}

make_certificates() {
    local tls=$DIR/tls
    [[ -f $tls/server.pem && -f $tls/ca.pem ]] && return 0
    mkdir -p "$tls"
    # a certificate authority of our own, and the server's certificate signed by it
    # (a self-signed leaf would fail the strict X.509 checks of newer Pythons)
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
        -keyout "$tls/ca.key" -out "$tls/ca.pem" -subj "/CN=techconsole test CA" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -sha256 -keyout "$tls/server.key" \
        -out "$tls/server.csr" -subj "/CN=127.0.0.1" 2>/dev/null
    cat >"$tls/server.ext" <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EOF
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" \
        -CAcreateserial -days 3650 -sha256 -extfile "$tls/server.ext" \
        -out "$tls/server.pem" 2>/dev/null
    chmod 600 "$tls/ca.key" "$tls/server.key"
}

write_config() {
    local mail_uid mail_gid login_user internal_user
    if [[ $(id -u) -eq 0 ]]; then
        # Dovecot never accesses mail as root: the mailbox belongs to nobody
        mail_uid=$(id -u nobody)
        mail_gid=$(id -g nobody)
        login_user=dovenull
        internal_user=dovecot
    else
        mail_uid=$(id -u)
        mail_gid=$(id -g)
        login_user=$(id -un)
        internal_user=$login_user
    fi
    IMAPS_PORT=$(free_port)
    IMAP_PORT=$(free_port)
    while [[ $IMAP_PORT == "$IMAPS_PORT" ]]; do IMAP_PORT=$(free_port); done
    printf 'IMAPS_PORT=%s\nIMAP_PORT=%s\n' "$IMAPS_PORT" "$IMAP_PORT" >"$DIR/ports"

    mkdir -p "$DIR/run" "$DIR/state" "$DIR/home/$USER_NAME"
    chmod 755 "$DIR" "$DIR/run" "$DIR/home"
    chown -R "$mail_uid:$mail_gid" "$DIR/home/$USER_NAME"
    printf '%s:{PLAIN}%s:%s:%s::%s::\n' "$USER_NAME" "$USER_PASSWORD" "$mail_uid" "$mail_gid" \
        "$DIR/home/$USER_NAME" >"$DIR/users"
    chmod 644 "$DIR/users"

    cat >"$CONF" <<EOF
# techconsole's throw-away test server: written by .ci/dovecot.sh, never /etc/dovecot
instance_name = techconsole-test
base_dir = $DIR/run
state_dir = $DIR/state
protocols = imap
listen = 127.0.0.1
log_path = $DIR/dovecot.log
default_login_user = $login_user
default_internal_user = $internal_user
first_valid_uid = 1
last_valid_uid = 0
auth_failure_delay = 0
auth_mechanisms = plain
disable_plaintext_auth = yes
ssl = required
ssl_cert = <$DIR/tls/server.pem
ssl_key = <$DIR/tls/server.key
ssl_min_protocol = TLSv1.2
mail_location = maildir:~/Maildir
mail_max_userip_connections = 200
imap_idle_notify_interval = 1 secs
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DIR/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $DIR/users
}
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
  process_min_avail = 0
}
# no growing delay after the tests' wrong passwords (the auth penalty)
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service stats {
  inet_listener http {
    port = 0
  }
}
EOF
}

start() {
    local deadline
    if [[ -n $(master_pid) && -f $DIR/ports ]]; then
        # shellcheck disable=SC1091
        . "$DIR/ports"
        if accepts "$IMAPS_PORT" && accepts "$IMAP_PORT"; then
            say "Dovecot already running in $DIR"
            print_env
            return 0
        fi
        stop
    fi
    install_dovecot
    command -v openssl >/dev/null || fail "openssl is needed to make the test certificates"
    mkdir -p "$DIR"
    make_certificates
    write_config
    rm -f "$DIR/dovecot.log"
    dovecot -c "$CONF" || fail "Dovecot did not start (configuration $CONF)"
    deadline=$((SECONDS + DEADLINE_SECONDS))
    until accepts "$IMAPS_PORT" && accepts "$IMAP_PORT"; do
        ((SECONDS < deadline)) ||
            fail "Dovecot does not accept connections on 127.0.0.1:$IMAPS_PORT after ${DEADLINE_SECONDS}s"
        sleep 0.1
    done
    check_login
    say "Dovecot running in $DIR (IMAPS port $IMAPS_PORT, STARTTLS port $IMAP_PORT, log $DIR/dovecot.log)"
    print_env
}

check_login() {
    # a real login over TLS, verifying the certificate: the server is usable, not just up
    IMAPS_PORT=$IMAPS_PORT CA=$DIR/tls/ca.pem USER_NAME=$USER_NAME USER_PASSWORD=$USER_PASSWORD \
        python3 - <<'PY' || fail "cannot log in to the test Dovecot"
import imaplib, os, ssl, sys
context = ssl.create_default_context(cafile=os.environ["CA"])
try:
    with imaplib.IMAP4_SSL("127.0.0.1", int(os.environ["IMAPS_PORT"]), ssl_context=context,
                           timeout=30) as imap:
        imap.login(os.environ["USER_NAME"], os.environ["USER_PASSWORD"])
        imap.select("INBOX")
except Exception as exc:
    sys.exit(f"login check failed: {exc}")
PY
}

case $MODE in
start) start ;;
stop) stop ;;
esac
