#!/usr/bin/env bash
# Runs the real-Synapse suite (tests/synapse/*.test.ts): builds or reuses the sandbox, starts Synapse
# on a free loopback port, registers this run's users, runs vitest with tests/synapse/vitest.config.ts,
# and always stops Synapse afterwards. A sandbox that cannot exist here (no root, no Debian mirror)
# prints `SKIPPED: ...` and exits 0. Extra arguments go to vitest.
#
# Usage: npm run test:synapse [-- vitest args]
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SCRIPTS="$REPO_ROOT/scripts/synapse"
cd "$REPO_ROOT"

# A port nobody answers on, so start.sh does not refuse it (it checks again itself).
port=""
for _ in $(seq 1 20); do
  candidate=$((20000 + RANDOM % 20000))
  if ! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$candidate/"; then
    port="$candidate"
    break
  fi
done
[[ -n "$port" ]] || { echo "synapse suite: no free port found" >&2; exit 1; }
export SYNAPSE_PORT="$port"

set +e
setup_out="$("$SCRIPTS/setup.sh")"
setup_rc=$?
set -e
if ((setup_rc == 3)); then
  echo "${setup_out:-SKIPPED: Synapse sandbox unavailable}" | grep -m1 '^SKIPPED:' || echo "SKIPPED: Synapse sandbox unavailable"
  exit 0
fi
((setup_rc == 0)) || { echo "synapse suite: setup.sh failed (exit $setup_rc)" >&2; exit "$setup_rc"; }

# Stop Synapse however this script ends.
trap '"$SCRIPTS/stop.sh" >/dev/null 2>&1 || true' EXIT

# The suite owns the sandbox while it runs: a Synapse left running (on whatever port) is stopped,
# so the config setup.sh just wrote (this port) is the one Synapse and register.sh use.
"$SCRIPTS/stop.sh" >/dev/null 2>&1 || true
url="$("$SCRIPTS/start.sh" | sed -n 's/^SYNAPSE_URL=//p')"
[[ -n "$url" ]] || { echo "synapse suite: start.sh printed no URL" >&2; exit 1; }

# Users are unique to this run: the sandbox keeps its database between runs.
run_id="r$(date +%s)$((RANDOM % 1000))"
password="$(openssl rand -hex 16)"
for user in bot lena ana ben; do
  "$SCRIPTS/register.sh" "$run_id$user" "$password" >/dev/null
done

export PL_SYNAPSE_URL="$url"
export PL_SYNAPSE_RUN="$run_id"
export PL_SYNAPSE_PASSWORD="$password"
export PL_SYNAPSE_DATA="$REPO_ROOT/.synapse/data"
started=$SECONDS
set +e
npx vitest run --config tests/synapse/vitest.config.ts "$@"
rc=$?
set -e
echo "synapse suite: vitest finished in $((SECONDS - started)) s (exit $rc)" >&2
exit "$rc"
