#!/usr/bin/env bash
# Installs what scripts/build-packages.sh made the way a user without Rust would, and checks it,
# for this machine's platform and, after `build-packages.sh --all`, every other one
# (scripts/platforms.sh): each wheel's tags are what pip on that platform accepts (glibc and
# musl for Linux), `pip install --platform` picks it, and the installed binary runs here
# natively, under qemu-aarch64 or under Wine: `diagnose --example`, the CLI snapshots and
# `serve`, the Linux ones in an empty chroot (no libc, no /etc). The npm platform packages:
# contents, `npm install --os --cpu` picks each. Then, for this machine's platform:
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
# shellcheck source=platforms.sh
source scripts/platforms.sh
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
host=$(host_platform)
wheel_of() { echo "$dist/ksdiag-$version-py3-none-$(wheel_tags "$1").whl"; }
npm_of() { echo "$dist/ksdiag-$1-$version.tgz"; }
launcher_tgz=$dist/ksdiag-$version.tgz
platforms=()
for p in "${ALL_PLATFORMS[@]}"; do
  [ -f "$(wheel_of "$p")" ] && [ -f "$(npm_of "$p")" ] && platforms+=("$p")
done
extra=$(find "$dist" -maxdepth 1 -name '*.whl' | wc -l)
if [ -z "$host" ] || [ ! -f "$(wheel_of "$host")" ] || [ ! -f "$launcher_tgz" ] || [ ! -f "$(npm_of "$host")" ]; then
  echo "error: no packages of version $version for ${host:-this platform} in target/package/dist; hint: run scripts/build-packages.sh first" >&2
  exit 2
fi
if [ "$extra" -ne "${#platforms[@]}" ]; then
  echo "error: target/package/dist has $extra wheels, ${#platforms[@]} of them with their npm package; hint: run scripts/build-packages.sh again" >&2
  exit 2
fi
echo "platforms packaged: ${platforms[*]}"
if [ "${CI:-}" = true ] && [ "${#platforms[@]}" -ne "${#ALL_PLATFORMS[@]}" ]; then
  echo "FAIL: under CI=true every platform must be packaged (${ALL_PLATFORMS[*]}); hint: scripts/build-packages.sh --all" >&2
  exit 1
fi
wheel=$(wheel_of "$host")
platform_tgz=$(npm_of "$host")
reference=$root/$(binary_path "$host") # the binary build-packages.sh built, for comparisons
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
check "npm launcher: version $version, licence, keywords, no invented URL, one optional dependency per platform" \
  node - "$launcher_tgz" "$version" "${ALL_PLATFORMS[@]}" <<'JS'
const { execFileSync } = require("child_process");
const [tgz, v, ...platforms] = process.argv.slice(2);
const l = JSON.parse(execFileSync("tar", ["-xzOf", tgz, "package/package.json"])), problems = [];
if (l.version !== v || l.license !== "MIT OR Apache-2.0" || !l.description) problems.push("version/license/description");
if (l.homepage || l.repository || l.bugs) problems.push("has a URL field"); // none exists yet: none invented
for (const k of ["kaltura", "apptoken", "ks", "tokenHash"]) if (!(l.keywords || []).includes(k)) problems.push(`keyword ${k}`);
if (l.name !== "ksdiag" || l.bin?.ksdiag !== "bin/ksdiag.js") problems.push("name/bin");
const want = Object.fromEntries(platforms.map((p) => [`@ksdiag/${p}`, v]));
if (JSON.stringify(l.optionalDependencies) !== JSON.stringify(want)) problems.push(`optionalDependencies ${JSON.stringify(l.optionalDependencies)}`);
for (const x of problems) console.log("  launcher package.json:", x);
process.exit(problems.length ? 1 : 0);
JS
# platform_contents PLATFORM: the wheel and the npm package hold exactly the binary
# build-packages.sh built for it (byte for byte), with the tags, os and cpu of that platform.
platform_contents() {
  local p=$1 exe w n
  exe=$(exe_name "$p"); w=$(wheel_of "$p"); n=$(npm_of "$p")
  python3 - "$w" "$version" "$exe" "$(wheel_tags "$p")" <<'PY' || return 1
import sys, zipfile
wheel, v, exe, tags = sys.argv[1:]
z = zipfile.ZipFile(wheel)
names = sorted(z.namelist())
di = f"ksdiag-{v}.dist-info/"
expected = sorted([f"ksdiag-{v}.data/scripts/{exe}", di + "METADATA", di + "WHEEL", di + "RECORD",
                   di + "licenses/LICENSE-MIT", di + "licenses/LICENSE-APACHE"])
got_tags = sorted(l[5:] for l in z.read(di + "WHEEL").decode().splitlines() if l.startswith("Tag: "))
want_tags = sorted(f"py3-none-{t}" for t in tags.split("."))
print("  wheel:", *names, "tags: " + " ".join(got_tags), sep="\n    ")
sys.exit(names != expected or got_tags != want_tags)
PY
  expect_tar "$n" "bin/$exe" LICENSE-MIT LICENSE-APACHE README.md package.json || return 1
  node - "$n" "$version" "$p" <<'JS' || return 1
const { execFileSync } = require("child_process");
const [tgz, v, platform] = process.argv.slice(2);
const p = JSON.parse(execFileSync("tar", ["-xzOf", tgz, "package/package.json"])), problems = [];
const [os, cpu] = platform.split("-");
if (p.name !== `@ksdiag/${platform}` || p.version !== v || p.os?.join() !== os || p.cpu?.join() !== cpu || p.bin)
  problems.push(`name/version/os/cpu/bin ${JSON.stringify(p)}`);
// The Linux binaries are static: no libc field, so npm installs them on musl too.
if (p.libc) problems.push(`libc ${p.libc}`);
if (p.license !== "MIT OR Apache-2.0" || !p.description || p.homepage || p.repository) problems.push("license/description/URL");
for (const k of ["kaltura", "apptoken", "ks", "tokenHash"]) if (!(p.keywords || []).includes(k)) problems.push(`keyword ${k}`);
for (const x of problems) console.log("  package.json:", x);
process.exit(problems.length ? 1 : 0);
JS
  mkdir -p "$tmp/unpacked-$p"
  tar -xzf "$n" -C "$tmp/unpacked-$p"
  python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
    "$w" "ksdiag-$version.data/scripts/$exe" >"$tmp/wheel-$exe-$p"
  sha256sum "$(binary_path "$p")" "$tmp/wheel-$exe-$p" "$tmp/unpacked-$p/package/bin/$exe" | sed 's/^/  /'
  cmp -s "$(binary_path "$p")" "$tmp/wheel-$exe-$p" && cmp -s "$(binary_path "$p")" "$tmp/unpacked-$p/package/bin/$exe"
}
for p in "${platforms[@]}"; do
  check "$p: wheel and npm package hold only $(binary_path "$p") (byte for byte), licences, metadata; its tags, os, cpu" \
    platform_contents "$p"
done

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
  # Under Wine a Unix signal ends the Windows process from outside: no exit status of ours.
  [ -n "$url" ] && { [ "$status" = 0 ] || [ "${serve_any_exit:-}" = yes ]; }
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
check "npm picked the platform package's binary, executable" test -x "$proj/node_modules/@ksdiag/$host/bin/$(exe_name "$host")"
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
# descendants PID: every process under PID, deepest last.
descendants() {
  local c
  for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do echo "$c"; descendants "$c"; done
}
# `npx ksdiag serve & kill $!`: npm passes SIGTERM to its `sh -c`, which dies without passing
# it on; the launcher sees its parent go and stops the server.
npx_serve_killed() {
  local out=$tmp/npx-serve.out pid url="" procs p left=""
  (cd "$proj" && exec env PATH="$user_path" npx ksdiag serve --port 0 >"$out" 2>/dev/null) &
  pid=$!
  for _ in $(seq 100); do
    url=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$out")
    [ -n "$url" ] && break
    sleep 0.1
  done
  procs=$(descendants "$pid")
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  for _ in $(seq 30); do
    left=""
    for p in $procs; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
    [ -z "$left" ] && break
    sleep 0.1
  done
  echo "  served at ${url:-nothing}; under npx: $(echo $procs); still running after 3 s:${left:- none}"
  for p in $left; do kill "$p" 2>/dev/null || true; done
  [ -n "$url" ] && [ -n "$procs" ] && [ -z "$left" ] && ! python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$url/ksdiag/requests" 2>/dev/null
}
check "npx ksdiag serve & kill \$!: the server stops too" npx_serve_killed
check "npm launcher: ksdiag serve starts, answers, stops on SIGTERM" \
  serve_start_stop "$proj/node_modules/.bin/ksdiag"

alone=$tmp/npm-launcher-only
mkdir -p "$alone"
launcher_alone() {
  npm_install "$alone" "$launcher_tgz" 2>/dev/null || return 1
  local status=0
  (cd "$alone" && npx ksdiag --version) 2>"$tmp/alone.err" || status=$?
  echo "  exit $status: $(cat "$tmp/alone.err")"
  [ "$status" = 2 ] && grep -q "@ksdiag/$host.*is not installed; hint:" "$tmp/alone.err"
}
check "npm launcher without its platform package: exit 2 and what to install" launcher_alone
# macOS has no binary (none can be built or tested here): the launcher says what to do there.
launcher_unsupported() {
  local status=0
  node -e 'Object.defineProperty(process, "platform", { value: "darwin" });
    Object.defineProperty(process, "arch", { value: "arm64" });
    process.argv = [process.argv[0], "ksdiag", "--version"];
    require(process.env.LAUNCHER);' 2>"$tmp/unsupported.err" || status=$?
  echo "  exit $status: $(cut -c1-160 "$tmp/unsupported.err")…"
  [ "$status" = 2 ] && grep -q "no binary for darwin-arm64 (it has linux-x64, linux-arm64, win32-x64); hint: .*cargo install --path . --locked" "$tmp/unsupported.err"
}
LAUNCHER=$proj/node_modules/ksdiag/bin/ksdiag.js \
  check "npm launcher on macOS (faked): exit 2, names cargo install and the platforms it has" launcher_unsupported

echo "== every platform: pip and npm pick its package; its binary runs here (natively, qemu, Wine)"
export WINEDEBUG=-all WINEPREFIX=$root/target/wine-prefix
# The systems each wheel must install on, as pip there computes its platform tags (pip's
# _manylinux/_musllinux: every glibc 2.N from the system's own down to 2.17 and the legacy
# aliases; every musl 1.N down to 1.0): CentOS 7 (glibc 2.17), Ubuntu 24.04 (glibc 2.39),
# Alpine 3 (musl 1.2); Windows' own tag.
pip_systems() {
  case "$1" in
    linux-*) echo glibc-2.17 glibc-2.39 musl-1.2 ;;
    win32-x64) echo windows ;;
  esac
}
pip_platform_args() { # pip_platform_args PLATFORM SYSTEM: --platform TAG for each tag it accepts
  local arch=x86_64 n
  [ "$1" = linux-arm64 ] && arch=aarch64
  case "$2" in
    glibc-2.*)
      for n in $(seq "${2#glibc-2.}" -1 17); do echo "--platform manylinux_2_${n}_$arch"; done
      echo "--platform manylinux2014_$arch --platform linux_$arch" ;;
    musl-1.*)
      for n in $(seq "${2#musl-1.}" -1 0); do echo "--platform musllinux_1_${n}_$arch"; done
      echo "--platform linux_$arch" ;;
    windows) echo "--platform win_amd64" ;;
  esac
}
# pip_picks PLATFORM SYSTEM: `pip install --platform ...` (pip's own tag matching, for a system
# that is not this one) installs exactly this platform's binary, from a folder with every wheel.
pip_picks() {
  local dir=$tmp/pip-$1-$2 exe
  exe=$(exe_name "$1")
  # shellcheck disable=SC2046 # one word per flag and tag
  "$venv_bin/pip" install --quiet --disable-pip-version-check --no-index --find-links "$dist" \
    --only-binary=:all: $(pip_platform_args "$1" "$2") --python-version 3.12 --implementation cp \
    --target "$dir" "ksdiag==$version" 2>&1 | sed 's/^/  /'
  echo "  $2: installed $(ls "$dir/bin" 2>/dev/null || echo nothing)"
  cmp -s "$dir/bin/$exe" "$(binary_path "$1")"
}
# npm_picks PLATFORM: `npm install --os --cpu` of the launcher alone installs this platform's
# package as its optional dependency, and no other (overrides point the three at the tarballs).
npm_picks() {
  local dir=$tmp/npm-for-$1 os=${1%-*} cpu=${1#*-} got
  mkdir -p "$dir"
  node -e '
    const [dir, dist, v, ...platforms] = process.argv.slice(1);
    const overrides = Object.fromEntries(platforms.map((p) => [`@ksdiag/${p}`, `file:${dist}/ksdiag-${p}-${v}.tgz`]));
    require("fs").writeFileSync(`${dir}/package.json`, JSON.stringify({ name: "t", private: true, overrides }));
  ' "$dir" "$dist" "$version" "${platforms[@]}"
  npm_install "$dir" --os="$os" --cpu="$cpu" "$launcher_tgz" >/dev/null || return 1
  got=$(ls "$dir/node_modules/@ksdiag" | tr '\n' ' ')
  echo "  npm --os=$os --cpu=$cpu installed: $got"
  [ "$got" = "$1 " ] && cmp -s "$dir/node_modules/@ksdiag/$1/bin/$(exe_name "$1")" "$(binary_path "$1")"
}
# runner_script PLATFORM BINARY EMPTY: a script that runs BINARY as this machine can; with
# EMPTY=yes in an empty root: a chroot holding only the binary (Linux x86-64; root only),
# qemu-aarch64 with an empty -L root and an empty environment (arm64).
runner_script() {
  local p=$1 bin=$2 empty=$3 how script
  how=$(runner_for "$p")
  script=$tmp/run-$p-$empty
  case "$how-$empty" in
    native-no) printf '#!/bin/sh\nexec "%s" "$@"\n' "$bin" ;;
    native-yes)
      mkdir -p "$tmp/root-$p"; cp "$bin" "$tmp/root-$p/ksdiag"
      printf '#!/bin/sh\nexec env -i /usr/sbin/chroot "%s" /ksdiag "$@"\n' "$tmp/root-$p" ;;
    qemu-aarch64-no) printf '#!/bin/sh\nexec qemu-aarch64 "%s" "$@"\n' "$bin" ;;
    qemu-aarch64-yes)
      mkdir -p "$tmp/root-$p"; cp "$bin" "$tmp/root-$p/ksdiag"
      printf '#!/bin/sh\nexec env -i "%s" -L "%s" "%s/ksdiag" "$@"\n' "$(command -v qemu-aarch64)" "$tmp/root-$p" "$tmp/root-$p" ;;
    wine-*) printf '#!/bin/sh\nexec wine "%s" "$@"\n' "$bin" ;;
  esac >"$script"
  chmod 755 "$script"
  echo "$script"
}
for p in "${platforms[@]}"; do
  for sys in $(pip_systems "$p"); do
    check "$p: pip install for a $sys system picks its wheel" pip_picks "$p" "$sys"
  done
  check "$p: npm install --os --cpu picks @ksdiag/$p" npm_picks "$p"
  how=$(runner_for "$p")
  if [ -z "$how" ]; then
    if [ "${CI:-}" = true ]; then bad "$p: nothing here runs its binary (qemu-user or wine missing)"; continue; fi
    echo "skip: $p binary not run: install qemu-user (arm64) or wine (Windows)"; continue
  fi
  # The binary pip installed for a musl (or Windows) system.
  installed_p=$tmp/pip-$p-$(pip_systems "$p" | tr ' ' '\n' | tail -1)/bin/$(exe_name "$p")
  empty=yes
  [ "$how" = wine ] && empty=no
  [ "$how" = native ] && [ "$(id -u)" != 0 ] && { echo "  (not root: no chroot; the $p binary runs in this system)"; empty=no; }
  run_p=$(runner_script "$p" "$installed_p" "$empty")
  where=$how
  [ "$empty" = yes ] && where="$how, empty root"
  check "$p ($where): diagnose --example, as the release binary" same_run "$p" "$run_p" diagnose --example
  # This machine's own binary passed them above, installed by pip and by npm.
  [ "$how" = native ] ||
    KSDIAG_TEST_BIN_OS=$([ "$p" = win32-x64 ] && echo windows || echo linux) \
      check "$p ($how): the CLI snapshots (tests/cmd) pass" snapshots_pass "$(runner_script "$p" "$installed_p" no)"
  serve_any_exit=no
  [ "$how" = wine ] && serve_any_exit=yes
  check "$p ($where): serve starts, answers, stops on SIGTERM" serve_start_stop "$run_p"
  serve_any_exit=no
done

echo "packages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
