#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Builds a Debian sid root folder with matrix-synapse in DIR (default <repo>/.synapse) and writes
# a test homeserver config. Idempotent: a second run reuses the built root and only rewrites the
# config. Exit 3 with one "SKIPPED: ..." line when Debian's mirror cannot be reached or we are
# not root, so callers can skip the Synapse tests instead of failing.
#
# Usage: scripts/synapse/setup.sh [DIR]      env: SYNAPSE_PORT (default 8008)
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=mirror.sh
source "$SYNAPSE_SCRIPTS/mirror.sh"
# shellcheck source=config.sh
source "$SYNAPSE_SCRIPTS/config.sh"

require_root
mkdir -p "${1:-$REPO_ROOT/.synapse}"
init_paths "${1:-}"

# Markers written only after a step fully succeeded, so an interrupted run starts that step over.
BOOTSTRAPPED="$ROOT/.porchlight-debootstrap-done"
INSTALLED="$ROOT/.porchlight-synapse-installed"

# Runs a command inside the chroot with a clean environment (the host's variables mean nothing there).
in_chroot() {
  chroot "$ROOT" /usr/bin/env -i \
    PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

# Fetches the host release's debootstrap package with apt (signature-checked) and unpacks it into
# a temp folder: nothing is installed on the host. Prints that folder.
fetch_debootstrap() {
  local tmp
  tmp="$(mktemp -d)"
  # apt drops privileges to _apt for downloads; let it (and only it) write here.
  chown _apt "$tmp" 2>/dev/null || true
  if ! (cd "$tmp" && apt-get download -q debootstrap >&2); then
    say "apt-get download debootstrap failed; refreshing the host's package lists once"
    apt-get update -q >&2 || true
    (cd "$tmp" && apt-get download -q debootstrap >&2) || { rm -rf "$tmp"; return 1; }
  fi
  dpkg-deb -x "$tmp"/debootstrap_*.deb "$tmp/unpacked"
  echo "$tmp"
}

# Stage one: a minimal sid system from the machine's own Debian mirror.
bootstrap_root() {
  local mirror tmp include=()
  # Leftover mounts from a killed run would make the rm below reach into the host's /dev.
  unmount_chroot_fs
  assert_nothing_mounted
  # A root without the marker is a leftover of an interrupted run; --one-file-system guards the host.
  rm -rf --one-file-system "$ROOT"

  mirror="$(pick_debian_mirror)" || skip "$mirror"
  tmp="$(fetch_debootstrap)" || skip "could not download debootstrap from the configured apt sources"
  say "bootstrapping Debian sid from the configured mirror (about 1 minute)"
  # An https mirror needs CA certificates inside the root for apt's later downloads.
  if [[ "$mirror" == https://* ]]; then include=(--include=ca-certificates); fi
  if ! DEBOOTSTRAP_DIR="$tmp/unpacked/usr/share/debootstrap" \
    "$tmp/unpacked/usr/sbin/debootstrap" --variant=minbase "${include[@]}" sid "$ROOT" "$mirror" >&2; then
    tail -n 20 "$ROOT/debootstrap/debootstrap.log" >&2 2>/dev/null || true
    rm -rf "$tmp"
    die "debootstrap failed (log above)"
  fi
  rm -rf "$tmp"
  touch "$BOOTSTRAPPED"
}

# Stage two: apt inside the root installs matrix-synapse without starting any service.
install_synapse() {
  trap unmount_chroot_fs EXIT
  mount_chroot_fs
  # No init system here: policy-rc.d tells maintainer scripts not to start services.
  printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
  chmod 0755 "$ROOT/usr/sbin/policy-rc.d"
  # The configured mirror may be a frozen snapshot whose Release file is past its Valid-Until;
  # signatures are still checked. Recommends would add ~100 MB the sandbox never uses.
  cat >"$ROOT/etc/apt/apt.conf.d/99porchlight-sandbox" <<'EOF'
Acquire::Check-Valid-Until "false";
APT::Install-Recommends "false";
Acquire::Languages "none";
EOF
  # Name resolution inside the root uses the host's resolver settings.
  rm -f "$ROOT/etc/resolv.conf"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  # Answers the package's install questions; our own homeserver.yaml is written separately.
  in_chroot debconf-set-selections <<'EOF'
matrix-synapse matrix-synapse/server-name string localhost
matrix-synapse matrix-synapse/report-stats boolean false
EOF
  say "installing matrix-synapse inside the root"
  in_chroot apt-get update -q >&2
  # Finishes a package configuration cut short by an interrupted earlier run; no-op otherwise.
  in_chroot dpkg --configure -a >&2
  in_chroot apt-get install -y -q matrix-synapse >&2
  in_chroot apt-get clean
  unmount_chroot_fs
  trap - EXIT
  # shellcheck disable=SC2016 # ${Version} is a dpkg-query format field, not a shell variable
  in_chroot dpkg-query -W -f '${Version}\n' matrix-synapse >"$INSTALLED"
}

started_at=$SECONDS
if [[ ! -f "$INSTALLED" ]]; then
  [[ -f "$BOOTSTRAPPED" ]] || bootstrap_root
  install_synapse
  say "built in $((SECONDS - started_at)) s, disk use $(du -sh --one-file-system "$DIR" | cut -f1)"
else
  say "reusing the built root in $DIR"
fi
write_homeserver_config
ensure_signing_key
say "matrix-synapse $(cat "$INSTALLED") ready in $DIR (port $PORT); start it with scripts/synapse/start.sh"
echo "SYNAPSE_DIR=$DIR"
