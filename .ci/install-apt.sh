#!/usr/bin/env bash
# Installs the Debian packages listed in .ci/apt.d/*.txt that are not installed yet.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t pkgs < <(cat .ci/apt.d/*.txt 2>/dev/null | sed 's/#.*//' | tr -s ' \t' '\n' | grep -v '^$' | sort -u)
[ "${#pkgs[@]}" -eq 0 ] && exit 0
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && { echo "apt: all ${#pkgs[@]} packages present"; exit 0; }
echo "apt: installing ${missing[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
