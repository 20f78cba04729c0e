#!/usr/bin/env bash
# Builds what a user without Rust installs, from one release build of the binary:
#   target/package/dist/ksdiag-VERSION-py3-none-PLATFORM.whl  (pip install / pipx run / uvx)
#   target/package/dist/ksdiag-VERSION.tgz                    (npm launcher, `npx ksdiag`)
#   target/package/dist/ksdiag-linux-x64-VERSION.tgz          (npm package with the binary)
# The version is the one in Cargo.toml. maturin comes from PyPI into target/package/build-venv.
# Usage: scripts/build-packages.sh            Needs: cargo, python3, npm. Test: scripts/test-packages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
MATURIN_VERSION=1.16.0
out=target/package
dist=$out/dist
venv=$out/build-venv

die() { echo "error: $1; hint: $2" >&2; exit 2; }
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) npm_platform=linux-x64 ;;
  *) die "npm packaging is set up for linux-x64 only, not $(uname -s)-$(uname -m)" \
         "add packaging/npm/PLATFORM and its entry in packaging/npm/ksdiag/bin/ksdiag.js" ;;
esac
for tool in cargo python3 node npm; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH" "install it; this script needs cargo, python3 and npm"
done

if ! "$venv/bin/maturin" --version 2>/dev/null | grep -qxF "maturin $MATURIN_VERSION"; then
  echo "== maturin $MATURIN_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "maturin==$MATURIN_VERSION"
fi

version=$(cargo metadata --no-deps --format-version 1 --locked |
  python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "ksdiag"))')
rm -rf "$dist" "$out/npm"
mkdir -p "$dist"

echo "== wheel $version (cargo's release profile: slow the first time, then reused)"
"$venv/bin/maturin" build --release --locked --out "$dist"
wheels=("$dist"/ksdiag-"$version"-*.whl)
[ "${#wheels[@]}" -eq 1 ] && [ -f "${wheels[0]}" ] || die "expected one wheel in $dist, found: ${wheels[*]}" "look at maturin's output above"

echo "== npm packages $version"
# The npm binary is the wheel's, byte for byte: one build, two package managers.
stage_pkg() { # stage_pkg SRC_DIR DEST_DIR
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
launcher=$out/npm/ksdiag
platform=$out/npm/$npm_platform
stage_pkg packaging/npm/ksdiag "$launcher"
install -D -m 755 packaging/npm/ksdiag/bin/ksdiag.js "$launcher/bin/ksdiag.js"
stage_pkg "packaging/npm/$npm_platform" "$platform"
mkdir -p "$platform/bin"
python3 - "${wheels[0]}" "ksdiag-$version.data/scripts/ksdiag" "$platform/bin/ksdiag" <<'PY'
import shutil, sys, zipfile
wheel, member, dest = sys.argv[1:]
with zipfile.ZipFile(wheel) as z, z.open(member) as src, open(dest, "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
chmod 755 "$platform/bin/ksdiag"
abs_dist=$(cd "$dist" && pwd)
for pkg in "$platform" "$launcher"; do
  (cd "$pkg" && npm pack --silent --pack-destination "$abs_dist" >/dev/null)
done

echo "== built"
ls -l "$dist"
