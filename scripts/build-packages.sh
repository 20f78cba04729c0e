#!/usr/bin/env bash
# Builds what a user without Rust installs, one release binary per platform shared by both
# package managers (scripts/platforms.sh has the platforms and how each is built):
#   target/package/dist/ksdiag-VERSION-py3-none-TAGS.whl      a wheel per platform (pip, pipx, uvx)
#   target/package/dist/ksdiag-VERSION.tgz                    the npm launcher (`npx ksdiag`)
#   target/package/dist/ksdiag-PLATFORM-VERSION.tgz           the npm package with PLATFORM's binary
# Usage: scripts/build-packages.sh [--all]
#   without --all: this machine's platform only; --all: linux-x64, linux-arm64 and win32-x64.
# The version is the one in Cargo.toml. The wheels' METADATA is maturin's (from pyproject.toml,
# `maturin pep517 write-dist-info`), packed around each binary by `wheel pack`; both come from
# PyPI into target/package/build-venv. Needs: cargo, python3, node, npm (and for --all the cross
# tools: see scripts/platforms.sh). Test: scripts/test-packages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=platforms.sh
source scripts/platforms.sh
MATURIN_VERSION=1.16.0
WHEEL_VERSION=0.48.0
out=target/package
dist=$out/dist
venv=$out/build-venv

die() { echo "error: $1; hint: $2" >&2; exit 2; }
case "${1:-}" in
  --all) platforms=("${ALL_PLATFORMS[@]}") ;;
  "")
    host=$(host_platform)
    [ -n "$host" ] || die "no package is set up for $(uname -s)-$(uname -m)" \
      "build the others with --all, or add the platform to scripts/platforms.sh and packaging/npm"
    platforms=("$host") ;;
  *) die "unknown argument '$1'" "scripts/build-packages.sh [--all]" ;;
esac
for tool in cargo python3 node npm; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH" "install it; this script needs cargo, python3, node and npm"
done

if ! "$venv/bin/maturin" --version 2>/dev/null | grep -qxF "maturin $MATURIN_VERSION" ||
  ! "$venv/bin/wheel" version 2>/dev/null | grep -qF "wheel $WHEEL_VERSION"; then
  echo "== maturin $MATURIN_VERSION and wheel $WHEEL_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "maturin==$MATURIN_VERSION" "wheel==$WHEEL_VERSION"
fi

version=$(cargo metadata --no-deps --format-version 1 --locked |
  python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "ksdiag"))')
rm -rf "$dist" "$out/npm" "$out/wheel"
mkdir -p "$dist"
abs_dist=$(cd "$dist" && pwd)

echo "== binaries (cargo's release profile: slow the first time, then reused)"
for p in "${platforms[@]}"; do build_binary "$p"; done

echo "== wheel metadata $version"
"$venv/bin/maturin" pep517 write-dist-info --metadata-directory "$out/wheel/meta" >/dev/null 2>&1 ||
  "$venv/bin/maturin" pep517 write-dist-info --metadata-directory "$out/wheel/meta"
dist_info=$out/wheel/meta/ksdiag-$version.dist-info
[ -f "$dist_info/METADATA" ] || die "maturin wrote no $dist_info/METADATA" "look at maturin's output above"

# stage_pkg SRC_DIR DEST_DIR: package.json with the version, and the README and licences.
stage_pkg() {
  mkdir -p "$2"
  node -e '
    const fs = require("fs");
    const [src, dst, version] = process.argv.slice(1);
    const pkg = JSON.parse(fs.readFileSync(src));
    pkg.version = version;
    for (const dep of Object.keys(pkg.optionalDependencies || {})) pkg.optionalDependencies[dep] = version;
    fs.writeFileSync(dst, JSON.stringify(pkg, null, 2) + "\n");
  ' "$1/package.json" "$2/package.json" "$version"
  cp README.md LICENSE-MIT LICENSE-APACHE "$2/"
}

for p in "${platforms[@]}"; do
  bin=$(binary_path "$p")
  exe=$(exe_name "$p")
  echo "== packages for $p: $bin"
  # The wheel: the binary as a script (pip puts it on PATH), maturin's METADATA, our tags.
  tree=$out/wheel/$p/ksdiag-$version
  mkdir -p "$tree/ksdiag-$version.data/scripts"
  install -m 755 "$bin" "$tree/ksdiag-$version.data/scripts/$exe"
  cp -r "$dist_info" "$tree/"
  python3 - "$tree/ksdiag-$version.dist-info/WHEEL" "$(wheel_tags "$p")" <<'PY'
import sys
path, tags = sys.argv[1:]
lines = [l for l in open(path, encoding="utf-8").read().splitlines() if l and not l.startswith("Tag:")]
lines += [f"Tag: py3-none-{t}" for t in tags.split(".")]
open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
  "$venv/bin/wheel" pack --dest-dir "$dist" "$tree" >/dev/null
  # The npm package: the same bytes.
  stage_pkg "packaging/npm/$p" "$out/npm/$p"
  install -D -m 755 "$bin" "$out/npm/$p/bin/$exe"
  (cd "$out/npm/$p" && npm pack --silent --pack-destination "$abs_dist" >/dev/null)
done

launcher=$out/npm/ksdiag
stage_pkg packaging/npm/ksdiag "$launcher"
install -D -m 755 packaging/npm/ksdiag/bin/ksdiag.js "$launcher/bin/ksdiag.js"
(cd "$launcher" && npm pack --silent --pack-destination "$abs_dist" >/dev/null)

echo "== built"
ls -l "$dist"
