#!/usr/bin/env bash
# The official Kaltura clients for the end-to-end tests (tests/e2e), inside the build
# directory so nothing is installed system-wide:
#   target/e2e-venv   Python venv with KalturaApiClient (XML answers), lxml, and pycryptodome
#                     (the client needs it for generateSessionV2)
#   target/e2e-npm    npm folder with kaltura-client (JSON answers)
# Idempotent: a second run checks the imports and returns in about a second.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/e2e-venv
npmdir=target/e2e-npm
py_pkgs=(KalturaApiClient==23.10.0 lxml pycryptodome)
npm_pkg=kaltura-client@21.20.0

mkdir -p target
if ! "$venv/bin/python" -c 'import KalturaClient, lxml, Crypto.Cipher.AES' 2>/dev/null; then
  echo "clients: creating $venv with ${py_pkgs[*]}"
  rm -rf "$venv"
  if ! python3 -m venv "$venv"; then
    # Debian's own python3 has no venv module until python3-venv is installed.
    echo "clients: python3 -m venv failed; installing Debian's python3-venv"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${py_pkgs[@]}"
  "$venv/bin/python" -c 'import KalturaClient, lxml, Crypto.Cipher.AES'
else
  echo "clients: $venv ready"
fi

if [ ! -f "$npmdir/node_modules/kaltura-client/package.json" ]; then
  echo "clients: installing $npm_pkg into $npmdir"
  mkdir -p "$npmdir"
  [ -f "$npmdir/package.json" ] || echo '{"name":"ksdiag-e2e","private":true}' > "$npmdir/package.json"
  npm install --prefix "$npmdir" --no-audit --no-fund --loglevel=error "$npm_pkg"
else
  echo "clients: $npmdir ready"
fi
node -e "require('$PWD/$npmdir/node_modules/kaltura-client')"
