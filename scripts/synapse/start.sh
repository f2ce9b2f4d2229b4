#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Starts the sandbox Synapse (built by setup.sh) in the background inside its chroot and waits
# until the client API answers. Prints SYNAPSE_URL=http://127.0.0.1:PORT on stdout.
# Already running: prints the URL again and exits 0.
#
# Usage: scripts/synapse/start.sh [DIR]
#   env: SYNAPSE_PORT (default 8008), SYNAPSE_START_TIMEOUT seconds (default 60)
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=config.sh
source "$SYNAPSE_SCRIPTS/config.sh"

require_root
init_paths "${1:-}"
TIMEOUT="${SYNAPSE_START_TIMEOUT:-60}"

[[ -f "$ROOT/.porchlight-synapse-installed" ]] || die "no sandbox in $DIR: run scripts/synapse/setup.sh first"

if synapse_running; then
  say "already running (pid $(cat "$PID_FILE"))"
  echo "SYNAPSE_URL=http://127.0.0.1:$(configured_port)"
  exit 0
fi

# Something else on the port would answer our readiness probe and pass for Synapse.
if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
  die "port $PORT on 127.0.0.1 is already in use; choose another with SYNAPSE_PORT"
fi

# Rewrites the config so SYNAPSE_PORT given here takes effect without another setup run.
write_homeserver_config
ensure_signing_key
mount_chroot_fs
rm -f "$PID_FILE" "$HOST_DATA/homeserver.pid"

# setsid: Synapse gets its own session, so the caller's terminal or test runner ending does not
# signal it; stop.sh does. chroot and python exec in place, so $! is Synapse's own pid.
# The log goes to the host side of DIR, readable even if the chroot is gone.
: >"$LOG_FILE"
setsid chroot --userspec="$(synapse_owner)" "$ROOT" /usr/bin/env -i \
  PATH=/usr/bin:/bin HOME="$CHROOT_DATA" LC_ALL=C.UTF-8 \
  /usr/bin/python3 -m synapse.app.homeserver --config-path "$CHROOT_CONFIG" \
  </dev/null >>"$LOG_FILE" 2>&1 &
pid=$!
echo "$pid" >"$PID_FILE"

# Alive and not a zombie: our own child stays in /proc as a zombie after exiting, until we exit.
alive() {
  [[ -r "/proc/$pid/stat" ]] && [[ "$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f1)" != Z ]]
}

url="http://127.0.0.1:$PORT"
deadline=$((SECONDS + TIMEOUT))
until curl -fsS --max-time 2 "$url/_matrix/client/versions" >/dev/null 2>&1; do
  if ! alive; then
    tail -n 30 "$LOG_FILE" >&2
    rm -f "$PID_FILE"
    unmount_chroot_fs
    die "Synapse exited during start-up (log tail above, full log: $LOG_FILE)"
  fi
  if ((SECONDS >= deadline)); then
    tail -n 30 "$LOG_FILE" >&2
    "$SYNAPSE_SCRIPTS/stop.sh" "$DIR" >&2
    die "Synapse did not answer on $url within ${TIMEOUT} s (log tail above, full log: $LOG_FILE); stopped it"
  fi
  sleep 0.3
done

say "running (pid $pid), log: $LOG_FILE"
echo "SYNAPSE_URL=$url"
