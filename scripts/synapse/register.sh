#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Registers a user on the running sandbox Synapse through the shared registration secret, with
# Synapse's own synapse_register_new_matrix_user run inside the chroot (it computes the HMAC).
# Prints MATRIX_USER_ID=@USER:localhost on stdout.
#
# Usage: scripts/synapse/register.sh USER PASSWORD [--admin] [--exists-ok]
#   --exists-ok: succeed when the user already exists (its password is then left unchanged)
#   env: SYNAPSE_DIR (default <repo>/.synapse); the port is read from the sandbox's config
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  echo "usage: $0 USER PASSWORD [--admin] [--exists-ok]" >&2
  exit 2
}

(($# >= 2)) || usage
user="$1"
password="$2"
shift 2
flags=(--no-admin)
for flag in "$@"; do
  case "$flag" in
    --admin) flags[0]=--admin ;;
    --exists-ok) flags+=(--exists-ok) ;;
    *) usage ;;
  esac
done
# Matrix localparts: lower-case letters, digits and ._=-/ only; checked here for a clear message.
[[ "$user" =~ ^[a-z0-9._=/-]+$ ]] || die "user name must match [a-z0-9._=/-]+"
[[ -n "$password" ]] || die "password must not be empty"

require_root
init_paths "${SYNAPSE_DIR:-}"
synapse_running || die "Synapse is not running: run scripts/synapse/start.sh first"

# The password goes through a private file rather than the command line, which any local
# process can read in /proc. The tool strips surrounding whitespace from it.
owner="$(synapse_owner)"
password_file="$(umask 077 && mktemp "$ROOT/tmp/register.XXXXXX")"
trap 'rm -f "$password_file"' EXIT
printf '%s\n' "$password" >"$password_file"
chown "$owner" "$password_file"

# The shared secret is read from the file named in homeserver.yaml (registration_shared_secret_path).
chroot --userspec="$owner" "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 \
  synapse_register_new_matrix_user --config "$CHROOT_CONFIG" --user "$user" \
  --password-file "/tmp/$(basename "$password_file")" "${flags[@]}" "http://127.0.0.1:$(configured_port)" >&2
echo "MATRIX_USER_ID=@$user:localhost"
