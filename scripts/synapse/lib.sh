# shellcheck shell=bash
# Shared paths and helpers for the Synapse sandbox scripts. Sourced, never run.
#
# Layout of the sandbox folder DIR (default: <repo>/.synapse, git-ignored):
#   DIR/root/            Debian sid root folder (chroot) with matrix-synapse installed
#   DIR/data ->          symlink to root/var/lib/porchlight-synapse: homeserver.db(-wal), media, keys
#   DIR/synapse.log      Synapse's own log (stdout and stderr)
#   DIR/synapse.pid      pid of the running homeserver (while started)

# The folder of these scripts and the repository root, whatever the caller's working folder.
SYNAPSE_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SYNAPSE_SCRIPTS/../.." && pwd)"

# Paths as seen from inside the chroot.
CHROOT_DATA=/var/lib/porchlight-synapse
CHROOT_CONFIG=/etc/porchlight-synapse/homeserver.yaml

# Exit code that callers (test setup, CI) turn into a skip rather than a failure.
EXIT_SKIPPED=3

# Prints an error to stderr and exits 1.
die() {
  echo "synapse: error: $*" >&2
  exit 1
}

# Prints progress to stderr so stdout stays machine-readable (SYNAPSE_URL=..., MATRIX_USER_ID=...).
say() {
  echo "synapse: $*" >&2
}

# Prints the one-line skip notice callers look for and exits with EXIT_SKIPPED.
skip() {
  echo "SKIPPED: Synapse sandbox unavailable: $*"
  exit "$EXIT_SKIPPED"
}

# Sets DIR, ROOT and friends from an optional folder argument (which must exist), made absolute.
# shellcheck disable=SC2034 # the paths are used by the scripts that source this file
init_paths() {
  local wanted="${1:-$REPO_ROOT/.synapse}"
  [[ -d "$wanted" ]] || die "no sandbox folder $wanted: run scripts/synapse/setup.sh first"
  DIR="$(cd "$wanted" && pwd)"
  ROOT="$DIR/root"
  HOST_DATA="$ROOT$CHROOT_DATA"
  HOST_CONFIG="$ROOT$CHROOT_CONFIG"
  LOG_FILE="$DIR/synapse.log"
  PID_FILE="$DIR/synapse.pid"
  PORT="${SYNAPSE_PORT:-8008}"
  [[ "$PORT" =~ ^[0-9]+$ ]] || die "SYNAPSE_PORT must be a number, got '$PORT'"
}

# chroot, mount and apt inside the root folder all need root.
require_root() {
  [[ "$(id -u)" == 0 ]] || skip "needs root (chroot and mounts)"
}

# Mount points under ROOT, deepest first, read from the kernel rather than from our own bookkeeping,
# so a crashed run's leftovers are found too.
mounts_under_root() {
  awk -v root="$ROOT" '$2 == root || index($2, root "/") == 1 { print $2 }' /proc/self/mounts | sort -r
}

# Mounts what Synapse and apt need inside the chroot; each mount only once (safe to repeat).
mount_chroot_fs() {
  mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
  mountpoint -q "$ROOT/dev" || mount --bind /dev "$ROOT/dev"
  mountpoint -q "$ROOT/dev/pts" || mount --bind /dev/pts "$ROOT/dev/pts"
}

# Unmounts everything under ROOT. A lazy unmount is the fallback for a mount still busy, so the
# folder never stays linked to the host's /dev (which would make deleting it dangerous).
unmount_chroot_fs() {
  local point
  while read -r point; do
    [[ -n "$point" ]] || continue
    umount "$point" 2>/dev/null || umount -l "$point" || say "could not unmount $point"
  done < <(mounts_under_root)
}

# Refuses to go on if anything is mounted under ROOT: `rm -rf` there would delete host devices.
assert_nothing_mounted() {
  local leftover
  leftover="$(mounts_under_root)"
  [[ -z "$leftover" ]] || die "still mounted under $ROOT: $leftover (run stop.sh first)"
}

# Numeric uid:gid of the matrix-synapse system user inside the chroot (created by the package).
synapse_owner() {
  local uid gid
  uid="$(awk -F: '$1 == "matrix-synapse" { print $3 }' "$ROOT/etc/passwd")"
  gid="$(awk -F: '$1 == "matrix-synapse" { print $4 }' "$ROOT/etc/passwd")"
  [[ -n "$uid" && -n "$gid" ]] || die "no matrix-synapse user in $ROOT/etc/passwd (run setup.sh)"
  echo "$uid:$gid"
}

# True when the pid file names a live homeserver process (not a recycled pid).
synapse_running() {
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'synapse.app.homeserver'
}

# The port the homeserver listens on, read back from its config (start.sh may have changed it).
configured_port() {
  awk '$1 == "-" && $2 == "port:" { print $3; exit }' "$HOST_CONFIG"
}
