#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Empties the sandbox homeserver's state (database and media) so the next start.sh begins with
# no users and no rooms. Keeps the built root, the signing key and the registration secret.
# Refuses while Synapse runs: deleting a live SQLite database corrupts it.
#
# Usage: scripts/synapse/reset.sh [DIR]
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_root
init_paths "${1:-}"
! synapse_running || die "Synapse is running: run scripts/synapse/stop.sh first"
rm -f "$HOST_DATA"/homeserver.db "$HOST_DATA"/homeserver.db-wal "$HOST_DATA"/homeserver.db-shm
rm -rf "${HOST_DATA:?}/media_store"
mkdir -p "$HOST_DATA/media_store"
chown "$(synapse_owner)" "$HOST_DATA/media_store"
say "state emptied in $HOST_DATA"
