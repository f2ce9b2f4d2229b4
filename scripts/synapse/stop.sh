#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Stops the sandbox Synapse and unmounts everything mounted under its chroot. Safe to run twice,
# and safe when nothing was ever started.
#
# Usage: scripts/synapse/stop.sh [DIR]
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_root
if [[ ! -d "${1:-$REPO_ROOT/.synapse}" ]]; then
  say "no sandbox folder, nothing to stop"
  exit 0
fi
init_paths "${1:-}"

# Waits up to $2 tenths of a second for process $1 to go away.
wait_gone() {
  local tenths=0
  while [[ -d "/proc/$1" ]] && ((tenths < $2)); do
    sleep 0.1
    tenths=$((tenths + 1))
  done
  [[ ! -d "/proc/$1" ]]
}

if synapse_running; then
  pid="$(cat "$PID_FILE")"
  # SIGTERM lets Synapse close its database cleanly (checkpointing the WAL); SIGKILL only if stuck.
  kill -TERM "$pid"
  if ! wait_gone "$pid" 150; then
    say "Synapse (pid $pid) ignored SIGTERM for 15 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 50 || die "Synapse (pid $pid) did not exit"
  fi
  say "stopped (pid $pid)"
else
  say "not running"
fi
rm -f "$PID_FILE"
unmount_chroot_fs
