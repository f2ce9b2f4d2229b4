# shellcheck shell=bash
# Finds a Debian mirror that carries sid, using only the machine's own apt configuration: the
# sandbox must not reach any host the machine is not already configured to use.
# Sourced by setup.sh, never run.

# Every archive URI apt is configured with, one per line, in apt's reading order: the classic
# one-line format (sources.list, *.list) and the deb822 format (*.sources). Files with other
# endings (for example *.disabled) are ignored, as apt ignores them.
apt_source_uris() {
  local file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$file" ]] || continue
    # deb [options] URI suite components...; the options block is optional.
    sed -E 's/#.*//; s/\[[^]]*\]//' "$file" | awk '$1 == "deb" { print $2 }'
  done
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$file" ]] || continue
    awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' "$file"
  done
}

# True when URI/dists/sid/Release answers and says it is Debian unstable.
carries_sid() {
  local release
  release="$(curl -fsSL --max-time 20 "${1%/}/dists/sid/Release" 2>/dev/null)" || return 1
  grep -q '^Origin: Debian$' <<<"$release" && grep -q '^Suite: unstable$' <<<"$release"
}

# Prints the first configured mirror that carries sid (or SYNAPSE_DEBIAN_MIRROR when set, for a
# machine whose apt points at a local proxy). When none does, prints the reason instead and returns 1.
pick_debian_mirror() {
  local uri tried=()
  if [[ -n "${SYNAPSE_DEBIAN_MIRROR:-}" ]]; then
    carries_sid "$SYNAPSE_DEBIAN_MIRROR" || { echo "SYNAPSE_DEBIAN_MIRROR does not answer with Debian sid"; return 1; }
    echo "${SYNAPSE_DEBIAN_MIRROR%/}"
    return 0
  fi
  while read -r uri; do
    [[ "$uri" == http://* || "$uri" == https://* ]] || continue
    tried+=("$uri")
    if carries_sid "$uri"; then
      echo "${uri%/}"
      return 0
    fi
  done < <(apt_source_uris | awk '!seen[$0]++')
  if ((${#tried[@]} == 0)); then
    echo "no http(s) Debian mirror in /etc/apt/sources.list*"
  else
    echo "no configured apt mirror answered with Debian sid (tried ${#tried[@]})"
  fi
  return 1
}
