#!/usr/bin/env bash
# Replay the date-sensitive tests at awkward instants and in machine time zones far from UTC, so a
# test that secretly depends on the hour, the date or the machine's zone fails here rather than at
# 23:30 on some CI run. Each line: the instant the tests start at (PORCHLIGHT_TEST_NOW), then TZ.
set -euo pipefail
cd "$(dirname "$0")/.."

FILES=(
  tests/clock
  tests/e2e/console.test.ts
  tests/e2e/canvass-console.test.ts
  tests/unit/when.test.ts
  tests/unit/date-table.test.ts
  tests/unit/when-confirm.test.ts
  tests/unit/shifts.test.ts
  tests/alerts/intake.test.ts
  tests/privacy/retention.test.ts
)

while read -r instant zone why; do
  [ -n "$instant" ] || continue
  echo "== clock at $instant, TZ=$zone ($why)"
  PORCHLIGHT_TEST_NOW="$instant" TZ="$zone" npx vitest run "${FILES[@]}"
done <<'INSTANTS'
2026-12-31T23:45:00-06:00 Pacific/Kiritimati      New Year's Eve, late, in Chicago; the machine at UTC+14
2027-03-14T01:00:00-06:00 Pacific/Pago_Pago       the hour before clocks spring forward in Chicago; the machine at UTC-11
2026-11-01T01:00:00-05:00 Asia/Kathmandu          the hour before clocks fall back in Chicago; the machine at UTC+5:45
2026-12-01T23:45:00Z      Australia/Lord_Howe     the hour around midnight UTC that once failed CI
INSTANTS
