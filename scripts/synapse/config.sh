# shellcheck shell=bash
# Writes the sandbox's homeserver.yaml and its secrets. Sourced by setup.sh and start.sh, never run.
# Needs init_paths (lib.sh) first.

# A rate limit no test will reach: Synapse's defaults (0.2 messages/s per account, a few logins
# per minute) would make a fan-out test wait minutes or fail with M_LIMIT_EXCEEDED.
RC_HIGH='{per_second: 1000, burst_count: 10000}'

# Creates the data folder, the shared registration secret (once: register.sh reads it from the
# host) and writes homeserver.yaml for the current PORT. Safe to run again; only the port can change.
write_homeserver_config() {
  local owner secret_file="$HOST_DATA/registration_shared_secret"
  owner="$(synapse_owner)"
  mkdir -p "$HOST_DATA/media_store" "$(dirname "$HOST_CONFIG")"
  if [[ ! -s "$secret_file" ]]; then
    (umask 077 && openssl rand -hex 32 >"$secret_file")
  fi
  chown -R "$owner" "$HOST_DATA"
  # A relative link, so DIR can be moved; tests search DIR/data/homeserver.db*.
  ln -sfn "root$CHROOT_DATA" "$DIR/data"

  cat >"$HOST_CONFIG" <<EOF
# Written by scripts/synapse/config.sh: a throwaway homeserver for tests. Do not edit; rerun setup.sh.
server_name: "localhost"
public_baseurl: "http://127.0.0.1:$PORT/"
pid_file: "$CHROOT_DATA/homeserver.pid"
report_stats: false

listeners:
  - port: $PORT
    bind_addresses: ["127.0.0.1"]
    type: http
    tls: false
    x_forwarded: false
    resources:
      - names: [client]
        compress: false

# SQLite, so a test can search the database files for text that must not be stored in clear.
database:
  name: sqlite3
  args:
    database: "$CHROOT_DATA/homeserver.db"

media_store_path: "$CHROOT_DATA/media_store"
signing_key_path: "$CHROOT_DATA/localhost.signing.key"
registration_shared_secret_path: "$CHROOT_DATA/registration_shared_secret"
enable_registration: false

# No outside world: no key servers, no federation, no previews, no phoning home.
trusted_key_servers: []
suppress_key_server_warning: true
federation_domain_whitelist: []
url_preview_enabled: false
enable_metrics: false

presence:
  enabled: false

rc_message: $RC_HIGH
rc_registration: $RC_HIGH
rc_registration_token_validity: $RC_HIGH
rc_login:
  address: $RC_HIGH
  account: $RC_HIGH
  failed_attempts: $RC_HIGH
rc_admin_redaction: $RC_HIGH
rc_joins:
  local: $RC_HIGH
  remote: $RC_HIGH
rc_joins_per_room: $RC_HIGH
rc_3pid_validation: $RC_HIGH
rc_invites:
  per_room: $RC_HIGH
  per_user: $RC_HIGH
  per_issuer: $RC_HIGH
rc_third_party_invite: $RC_HIGH
rc_key_requests: $RC_HIGH
rc_room_creation: $RC_HIGH
rc_media_create: $RC_HIGH
rc_reports: $RC_HIGH
rc_user_directory: $RC_HIGH
rc_delayed_event_mgmt: $RC_HIGH
rc_presence:
  per_user: $RC_HIGH
EOF
}

# Creates the homeserver's signing key once, with Synapse's own generator, as the synapse user.
ensure_signing_key() {
  [[ -s "$HOST_DATA/localhost.signing.key" ]] && return 0
  say "generating the signing key"
  chroot --userspec="$(synapse_owner)" "$ROOT" \
    /usr/bin/python3 -m synapse.app.homeserver --config-path "$CHROOT_CONFIG" --generate-keys >&2
}
