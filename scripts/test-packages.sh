#!/usr/bin/env bash
# Installs what scripts/build-packages.sh made the way a user without Rust would, and checks it:
#  - the wheel: its platform tag is one this machine's pip accepts; it holds only the binary,
#    the licences and the README (as METADATA's description) with the registry's metadata;
#    `pip install` into a fresh venv, then `ksdiag --version`, `ksdiag diagnose --example` and
#    `ksdiag serve` start-and-stop from the installed entry point, PATH without cargo; the
#    same wheel through `uvx` and `pipx run`;
#  - the npm tarballs: only the binary (or launcher), licences, README and package.json;
#    installed together into an empty folder with an empty cache, offline; `npx ksdiag
#    diagnose --example`; a global install; the launcher's exit status, signals, and its
#    error without the platform package;
#  - both installed commands pass the CLI snapshots (tests/cmd, via KSDIAG_TEST_BIN).
# Usage: scripts/build-packages.sh && scripts/test-packages.sh
# Outside CI a missing python3/node/npm skips with a reason; under CI=true it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dist=$root/target/package/dist
passed=0
failed=0
ok() { echo "ok: $1"; passed=$((passed + 1)); }
bad() { echo "FAIL: $1" >&2; failed=$((failed + 1)); }
# check DESCRIPTION COMMAND...: one line per check, the run goes on after a failure.
check() { local d=$1; shift; if "$@"; then ok "$d"; else bad "$d"; fi; }

for tool in python3 node npm cargo; do
  if ! command -v "$tool" >/dev/null; then
    if [ "${CI:-}" = true ]; then echo "FAIL: $tool is not installed (needed under CI=true)" >&2; exit 1; fi
    echo "skip: package tests need $tool, which is not installed"; exit 0
  fi
done

version=$(cargo metadata --no-deps --format-version 1 --locked |
  python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "ksdiag"))')
wheels=("$dist"/ksdiag-"$version"-*.whl)
launcher_tgz=$dist/ksdiag-$version.tgz
platform_tgz=$dist/ksdiag-linux-x64-$version.tgz
if [ "${#wheels[@]}" -ne 1 ] || [ ! -f "${wheels[0]}" ] || [ ! -f "$launcher_tgz" ] || [ ! -f "$platform_tgz" ]; then
  echo "error: no packages of version $version in target/package/dist; hint: run scripts/build-packages.sh first" >&2
  exit 2
fi
wheel=${wheels[0]}
reference=$root/target/release/ksdiag # the binary build-packages.sh built, for comparisons
tmp=$(mktemp -d)
serve_pids=()
cleanup() {
  for p in "${serve_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
node_dir=$(dirname "$(command -v node)")
# What a user without Rust has: no cargo, no ~/.cargo/bin.
user_path="$node_dir:/usr/local/bin:/usr/bin:/bin"

echo "== contents"
check "wheel has only the binary, licences and metadata" python3 - "$wheel" "$version" <<'PY'
import sys, zipfile
wheel, v = sys.argv[1:]
names = sorted(zipfile.ZipFile(wheel).namelist())
di = f"ksdiag-{v}.dist-info/"
expected = sorted([f"ksdiag-{v}.data/scripts/ksdiag", di + "METADATA", di + "WHEEL", di + "RECORD",
                   di + "licenses/LICENSE-MIT", di + "licenses/LICENSE-APACHE"])
print("  wheel:", *names, sep="\n    ")
sys.exit(names != expected)
PY
check "wheel METADATA: summary, licence, keywords, classifiers, no invented URL, README as description" \
  python3 - "$wheel" "$version" "$root/README.md" <<'PY'
import sys, zipfile
from email.parser import HeaderParser
wheel, v, readme = sys.argv[1:]
text = zipfile.ZipFile(wheel).read(f"ksdiag-{v}.dist-info/METADATA").decode()
m = HeaderParser().parsestr(text)
problems = []
def want(cond, what):
    if not cond: problems.append(what)
want(m["Name"] == "ksdiag" and m["Version"] == v, f"name/version {m['Name']} {m['Version']}")
want("Kaltura" in (m["Summary"] or ""), "Summary")
want(m["License-Expression"] == "MIT OR Apache-2.0", f"License-Expression {m['License-Expression']}")
want(sorted(m.get_all("License-File") or []) == ["LICENSE-APACHE", "LICENSE-MIT"], "License-File")
kw = (m["Keywords"] or "").split(",")
want(all(k in kw for k in ["kaltura", "apptoken", "ks", "tokenHash"]), f"Keywords {kw}")
cls = m.get_all("Classifier") or []
want("Programming Language :: Rust" in cls and "Environment :: Console" in cls, f"Classifier {cls}")
# ksdiag has no public address yet: no URL at all rather than a placeholder.
want(not m.get_all("Project-URL") and not m["Home-page"], f"URLs {m.get_all('Project-URL')} {m['Home-page']}")
want((m["Description-Content-Type"] or "").startswith("text/markdown"), "Description-Content-Type")
want(m.get_payload().strip() == open(readme, encoding="utf-8").read().strip(), "description != README.md")
for p in problems: print("  METADATA:", p)
sys.exit(bool(problems))
PY
tar_names() { tar -tzf "$1" | sort | tr '\n' ' '; }
expect_tar() { # expect_tar TARBALL FILE...: exactly these files
  local got want
  got=$(tar_names "$1")
  want=$(printf 'package/%s\n' "${@:2}" | sort | tr '\n' ' ')
  echo "  $(basename "$1"): $got"
  [ "$got" = "$want" ]
}
check "npm launcher tarball has only the launcher, licences, README, package.json" \
  expect_tar "$launcher_tgz" bin/ksdiag.js LICENSE-MIT LICENSE-APACHE README.md package.json
check "npm platform tarball has only the binary, licences, README, package.json" \
  expect_tar "$platform_tgz" bin/ksdiag LICENSE-MIT LICENSE-APACHE README.md package.json
check "npm package.json: version $version, licence, keywords, no invented URL, os/cpu, optional dependency" \
  node - "$launcher_tgz" "$platform_tgz" "$version" <<'JS'
const { execFileSync } = require("child_process");
const [launcherTgz, platformTgz, v] = process.argv.slice(2);
const read = (tgz) => JSON.parse(execFileSync("tar", ["-xzOf", tgz, "package/package.json"]));
const l = read(launcherTgz), p = read(platformTgz), problems = [];
for (const pkg of [l, p]) {
  if (pkg.version !== v) problems.push(`${pkg.name} version ${pkg.version}`);
  if (pkg.license !== "MIT OR Apache-2.0") problems.push(`${pkg.name} license`);
  if (!pkg.description) problems.push(`${pkg.name} description`);
  // No public address yet: leave the fields out rather than invent one.
  if (pkg.homepage || pkg.repository || pkg.bugs) problems.push(`${pkg.name} has a URL field`);
  for (const k of ["kaltura", "apptoken", "ks", "tokenHash"])
    if (!(pkg.keywords || []).includes(k)) problems.push(`${pkg.name} keyword ${k}`);
}
if (l.name !== "ksdiag" || l.bin?.ksdiag !== "bin/ksdiag.js") problems.push("launcher name/bin");
if (l.optionalDependencies?.[p.name] !== v) problems.push(`optionalDependencies ${JSON.stringify(l.optionalDependencies)}`);
if (p.name !== "@ksdiag/linux-x64" || p.os?.join() !== "linux" || p.cpu?.join() !== "x64" || p.bin)
  problems.push(`platform package name/os/cpu/bin ${JSON.stringify(p)}`);
for (const x of problems) console.log("  package.json:", x);
process.exit(problems.length ? 1 : 0);
JS
same_binary() {
  mkdir -p "$tmp/unpacked"
  tar -xzf "$platform_tgz" -C "$tmp/unpacked"
  python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
    "$wheel" "ksdiag-$version.data/scripts/ksdiag" >"$tmp/wheel-ksdiag"
  sha256sum "$reference" "$tmp/wheel-ksdiag" "$tmp/unpacked/package/bin/ksdiag" | sed 's/^/  /'
  cmp -s "$reference" "$tmp/wheel-ksdiag" && cmp -s "$reference" "$tmp/unpacked/package/bin/ksdiag"
}
check "wheel and npm hold target/release/ksdiag byte for byte" same_binary

echo "== wheel: $(basename "$wheel")"
python3 -m venv "$tmp/venv"
venv_bin=$tmp/venv/bin
check "this pip accepts the wheel's platform tag" "$venv_bin/python" - "$wheel" <<'PY'
import os, sys
from pip._vendor.packaging.tags import sys_tags
from pip._vendor.packaging.utils import parse_wheel_filename
tags = parse_wheel_filename(os.path.basename(sys.argv[1]))[3]
supported = list(sys_tags())
hits = [str(t) for t in tags if t in supported]
print("  wheel tags:", *sorted(map(str, tags)), "| accepted here:", *hits or ["none"])
sys.exit(not hits)
PY
check "pip install the wheel into a fresh venv, offline" \
  "$venv_bin/pip" install --quiet --no-index --disable-pip-version-check "$wheel"
installed=$venv_bin/ksdiag

# same_run LABEL COMMAND...: stdout and exit status equal the reference binary's.
same_run() {
  local label=$1 out status ref_out ref_status
  shift
  out=$(export PATH="$venv_bin:$user_path" npm_config_offline=true; "$@" 2>"$tmp/stderr") && status=0 || status=$?
  ref_out=$("$reference" "${@:2}" 2>/dev/null) && ref_status=0 || ref_status=$?
  echo "  $label: exit $status (reference $ref_status), $(printf '%s' "$out" | head -1)"
  [ "$status" = "$ref_status" ] && [ "$out" = "$ref_out" ] && [ -n "$out" ]
}
check "installed: ksdiag --version prints ksdiag $version" \
  test "$(env PATH="$venv_bin:$user_path" ksdiag --version)" = "ksdiag $version"
check "installed: ksdiag diagnose --example, as the release binary" same_run venv "$installed" diagnose --example

# serve_start_stop COMMAND...: starts `COMMAND serve --port 0`, asks it for /ksdiag/requests
# and the page, sends SIGTERM, and wants exit status 0.
serve_start_stop() {
  local out=$tmp/serve.out pid status=0 url=""
  : >"$out"
  # From another folder than the clone: the page and everything else must be in the binary.
  (cd "$tmp" && exec env PATH="$venv_bin:$user_path" "$@" serve --port 0 >"$out" 2>"$tmp/serve.err") &
  pid=$!
  serve_pids+=("$pid")
  for _ in $(seq 100); do
    url=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$out")
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "  serve said: $(head -1 "$out")"
  if [ -n "$url" ]; then
    python3 -c 'import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/ksdiag/requests", timeout=10) as r:
    ok = isinstance(json.load(r), list)
with urllib.request.urlopen(sys.argv[1] + "/", timeout=10) as r:
    ok = ok and r.status == 200 and b"<html" in r.read().lower()
sys.exit(not ok)' "$url" || { echo "  GET $url/ksdiag/requests or / (the page) failed"; url=""; }
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || status=$?
  echo "  after SIGTERM: exit $status"
  [ -n "$url" ] && [ "$status" = 0 ]
}
# uvx and pipx run the same wheel (their own tools venv under target/package, from PyPI).
tools=$root/target/package/test-venv
if ! "$tools/bin/uvx" --version 2>/dev/null | grep -qF "uvx 0.13.8 " ||
  ! "$tools/bin/pipx" --version 2>/dev/null | grep -qxF 1.18.4; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check uv==0.13.8 pipx==1.18.4
fi
uvx_run() { UV_CACHE_DIR=$tmp/uv-cache UV_TOOL_DIR=$tmp/uv-tools "$tools/bin/uvx" --offline --from "$wheel" ksdiag "$@"; }
pipx_run() { PIPX_HOME=$tmp/pipx PIPX_BIN_DIR=$tmp/pipx-bin "$tools/bin/pipx" run --spec "$wheel" ksdiag "$@"; }
check "uvx ksdiag diagnose --example (the wheel, offline), as the release binary" same_run uvx uvx_run diagnose --example
check "pipx run ksdiag diagnose --example (the wheel), as the release binary" same_run pipx pipx_run diagnose --example

check "installed: ksdiag serve starts, answers, stops on SIGTERM" serve_start_stop "$installed"
# snapshots_pass BINARY: tests/cmd against BINARY (trycmd's log in a file, shown on failure).
snapshots_pass() {
  local log=$tmp/cli.log
  if KSDIAG_TEST_BIN="$1" cargo test --quiet --locked --test cli -- --nocapture >"$log" 2>&1 &&
    grep -qF "cli cases run against $1" "$log"; then
    echo "  $(grep -c '^Testing .* ok' "$log") cases ok against $1"
  else
    cat "$log"
    return 1
  fi
}
check "installed: the CLI snapshots (tests/cmd) pass" snapshots_pass "$installed"

echo "== npm: $(basename "$launcher_tgz") + $(basename "$platform_tgz")"
proj=$tmp/npm-project
mkdir -p "$proj"
npm_install() { # npm_install DIR TARBALL...: offline, from an empty cache
  (cd "$1" && npm install --offline --cache "$tmp/npm-cache-$RANDOM" --no-audit --no-fund --loglevel=error "${@:2}")
}
check "npm install both tarballs into an empty folder, offline" npm_install "$proj" "$platform_tgz" "$launcher_tgz"
check "npm picked the platform package's binary, executable" test -x "$proj/node_modules/@ksdiag/linux-x64/bin/ksdiag"
npx_run() { (cd "$proj" && PATH="$user_path" npx ksdiag "$@"); }
check "npx ksdiag diagnose --example, as the release binary" same_run npx npx_run diagnose --example
check "npx ksdiag --version prints ksdiag $version" test "$(npx_run --version)" = "ksdiag $version"
check "npm launcher: the CLI snapshots (tests/cmd) pass" snapshots_pass "$proj/node_modules/.bin/ksdiag"

global_install() {
  npm install --global --prefix "$tmp/npm-global" --offline --cache "$tmp/npm-cache-global" \
    --no-audit --no-fund --loglevel=error "$platform_tgz" "$launcher_tgz" >/dev/null &&
    test "$(PATH="$tmp/npm-global/bin:$user_path" ksdiag --version)" = "ksdiag $version"
}
check "npm install --global: ksdiag on PATH runs" global_install

# The launcher dies of the signal that ended the binary, and passes SIGTERM on to it.
signal_forwarded() {
  local fifo=$tmp/fifo pid child status=0
  mkfifo "$fifo"
  "$proj/node_modules/.bin/ksdiag" verify --batch "$fifo" &
  pid=$!
  for _ in $(seq 50); do
    child=$(cat /proc/"$pid"/task/*/children 2>/dev/null | tr -s ' ' '\n' | grep -m1 . || true)
    [ -n "$child" ] && break
    sleep 0.1
  done
  sleep 0.3
  kill -TERM "$pid"
  wait "$pid" || status=$?
  sleep 0.2
  echo "  launcher exit $status after SIGTERM; binary pid ${child:-none} $(kill -0 "${child:-0}" 2>/dev/null && echo 'still running' || echo 'gone')"
  [ "$status" = 143 ] && [ -n "$child" ] && ! kill -0 "$child" 2>/dev/null
}
check "npm launcher passes SIGTERM to the binary and exits as it did" signal_forwarded
check "npm launcher: ksdiag serve starts, answers, stops on SIGTERM" \
  serve_start_stop "$proj/node_modules/.bin/ksdiag"

alone=$tmp/npm-launcher-only
mkdir -p "$alone"
launcher_alone() {
  npm_install "$alone" "$launcher_tgz" 2>/dev/null || return 1
  local status=0
  (cd "$alone" && npx ksdiag --version) 2>"$tmp/alone.err" || status=$?
  echo "  exit $status: $(cat "$tmp/alone.err")"
  [ "$status" = 2 ] && grep -q "@ksdiag/linux-x64.*is not installed; hint:" "$tmp/alone.err"
}
check "npm launcher without its platform package: exit 2 and what to install" launcher_alone

echo "packages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
