# Sourced by scripts/build-packages.sh, scripts/test-packages.sh and scripts/compare-static.sh:
# the platforms ksdiag ships a binary for, and how to build each one here.
#
#   npm platform  Rust target                 wheel tags
#   linux-x64     x86_64-unknown-linux-gnu    manylinux_2_17 + manylinux2014 + musllinux_1_1 (x86_64)
#   linux-arm64   aarch64-unknown-linux-gnu   the same for aarch64
#   win32-x64     x86_64-win7-windows-gnu     win_amd64
#
# Linux: glibc's static-pie (`-C target-feature=+crt-static`): no loader, no libc, no /etc
# needed, so one binary runs on any distribution, musl ones (Alpine) and distroless included;
# that is why its wheel carries both manylinux and musllinux tags (as ruff's do) and its npm
# package has no `libc` field. A musl target would need a libunwind built for musl, which
# Debian does not ship.
# Windows: the win7 target, whose std gets random numbers from RtlGenRandom (advapi32) rather
# than ProcessPrng (bcryptprimitives.dll, which std for x86_64-pc-windows-gnu imports since
# Rust 1.78 and Wine 8 lacks): the binary we test under Wine is the one we ship, and it runs on
# Windows 7 through 11.
#
# Each binary is built the plain way when the toolchain has the target's std (rustup: `rustup
# target add`), else with -Zbuild-std from a rustc that has its library source (Debian's
# rustc-web + rust-web-src: /usr/bin/rustc, /usr/bin/cargo), RUSTC_BOOTSTRAP=1. The win7 target
# is tier 3, so it is always built with build-std. build_binary says which way it took.
# shellcheck shell=bash

ALL_PLATFORMS=(linux-x64 linux-arm64 win32-x64)

rust_target() {
  case "$1" in
    linux-x64) echo x86_64-unknown-linux-gnu ;;
    linux-arm64) echo aarch64-unknown-linux-gnu ;;
    win32-x64) echo x86_64-win7-windows-gnu ;;
    *) return 1 ;;
  esac
}
# The wheel's platform tags, dot-joined and sorted as `wheel pack` names the file.
wheel_tags() {
  case "$1" in
    linux-x64) echo manylinux2014_x86_64.manylinux_2_17_x86_64.musllinux_1_1_x86_64 ;;
    linux-arm64) echo manylinux2014_aarch64.manylinux_2_17_aarch64.musllinux_1_1_aarch64 ;;
    win32-x64) echo win_amd64 ;;
  esac
}
exe_name() { case "$1" in win32-*) echo ksdiag.exe ;; *) echo ksdiag ;; esac; }
binary_path() { echo "target/$(rust_target "$1")/release/$(exe_name "$1")"; }

# The platform this machine is, or nothing.
host_platform() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo linux-x64 ;;
    Linux-aarch64) echo linux-arm64 ;;
    MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) echo win32-x64 ;;
  esac
}

# A command that runs this platform's binary here, or nothing: natively, under qemu-aarch64
# (Debian qemu-user) or under Wine (Debian wine).
runner_for() {
  local host
  host=$(host_platform)
  if [ "$1" = "$host" ]; then echo native; return; fi
  case "$host-$1" in
    linux-x64-linux-arm64) command -v qemu-aarch64 >/dev/null && echo qemu-aarch64 ;;
    linux-x64-win32-x64) command -v wine >/dev/null && echo wine ;;
  esac
}

_die() { echo "error: $1; hint: $2" >&2; exit 2; }

# The rustc/cargo pair for a build-std build, as "RUSTC CARGO", or nothing.
_build_std_toolchain() {
  local rustc cargo sysroot
  for rustc in "${KSDIAG_BUILD_STD_RUSTC:-}" /usr/bin/rustc "$(command -v rustc)"; do
    [ -n "$rustc" ] && [ -x "$rustc" ] || continue
    sysroot=$("$rustc" --print sysroot 2>/dev/null) || continue
    [ -f "$sysroot/lib/rustlib/src/rust/library/std/Cargo.toml" ] || continue
    cargo=$(dirname "$rustc")/cargo
    [ -x "$cargo" ] || cargo=$(command -v cargo)
    echo "$rustc $cargo"
    return
  done
}

# build_binary PLATFORM: the release binary for PLATFORM at $(binary_path PLATFORM).
build_binary() {
  local platform=$1 target how start rustflags="" tc rustc cargo_bin
  target=$(rust_target "$platform") || _die "no platform '$platform'" "one of ${ALL_PLATFORMS[*]}"
  local upper=${target//-/_}
  upper=${upper^^}
  case "$platform" in
    linux-*) rustflags="-C target-feature=+crt-static" ;;
  esac
  # Cross linkers and C compilers (mimalloc is C), unless the caller chose others.
  case "$platform" in
    linux-arm64)
      [ "$(host_platform)" = linux-arm64 ] || {
        command -v aarch64-linux-gnu-gcc >/dev/null ||
          _die "aarch64-linux-gnu-gcc is not installed" "apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
        export "CARGO_TARGET_${upper}_LINKER=${CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER:-aarch64-linux-gnu-gcc}"
        export "CC_${target//-/_}=${CC_aarch64_unknown_linux_gnu:-aarch64-linux-gnu-gcc}"
      } ;;
    win32-x64)
      command -v x86_64-w64-mingw32-gcc >/dev/null ||
        _die "x86_64-w64-mingw32-gcc is not installed" "apt-get install gcc-mingw-w64-x86-64"
      export "CARGO_TARGET_${upper}_LINKER=${CARGO_TARGET_X86_64_WIN7_WINDOWS_GNU_LINKER:-x86_64-w64-mingw32-gcc}"
      export "CC_${target//-/_}=${CC_x86_64_win7_windows_gnu:-x86_64-w64-mingw32-gcc}"
      export "AR_${target//-/_}=${AR_x86_64_win7_windows_gnu:-x86_64-w64-mingw32-gcc-ar}" ;;
  esac
  start=$(date +%s)
  if [ "$platform" != win32-x64 ] && { ls "$(rustc --print target-libdir --target "$target" 2>/dev/null)"/libstd-*.rlib >/dev/null 2>&1 ||
    { command -v rustup >/dev/null && rustup target add "$target" >/dev/null 2>&1; }; }; then
    how="plain ($(rustc --version))"
    echo "== binary $platform: $target, $how"
    RUSTFLAGS="$rustflags" cargo build --release --locked --quiet --target "$target" --bin ksdiag
  else
    tc=$(_build_std_toolchain)
    [ -n "$tc" ] || _die "no Rust std for $target and no rustc with its library source for -Zbuild-std" \
      "with rustup: rustup component add rust-src (and rustup target add $target for a tier-2 target); on Debian: apt-get install rustc-web rust-web-src cargo-web"
    read -r rustc cargo_bin <<<"$tc"
    how="-Zbuild-std ($("$rustc" --version) at $rustc)"
    echo "== binary $platform: $target, $how"
    RUSTC_BOOTSTRAP=1 RUSTC="$rustc" RUSTFLAGS="$rustflags" "$cargo_bin" build -Zbuild-std=std,panic_abort \
      --release --locked --quiet --target "$target" --bin ksdiag
  fi
  echo "   $(binary_path "$platform"): $(stat -c %s "$(binary_path "$platform")") bytes, $(($(date +%s) - start)) s"
}
