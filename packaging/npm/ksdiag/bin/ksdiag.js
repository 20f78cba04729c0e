#!/usr/bin/env node
// The `ksdiag` command for npm users: finds the prebuilt binary in the platform package that
// npm installed as an optional dependency (the esbuild/biome layout: one package per
// platform, each with `os`/`cpu`/`libc`, so npm fetches only the one that fits) and runs it
// with the same arguments, standard streams, exit status and signals.
// KSDIAG_BINARY_PATH runs another binary instead (a local build, an unsupported platform).
"use strict";

const { spawn } = require("node:child_process");
const { existsSync } = require("node:fs");
const { constants } = require("node:os");

// `${process.platform}-${process.arch}` -> the package holding that platform's binary.
// The Linux binaries are static (no libc needed): the same package serves glibc and musl.
const PLATFORM_PACKAGES = {
  "linux-x64": "@ksdiag/linux-x64",
  "linux-arm64": "@ksdiag/linux-arm64",
  "win32-x64": "@ksdiag/win32-x64",
};
const BINARY = process.platform === "win32" ? "ksdiag.exe" : "ksdiag";

// Same shape as ksdiag's own errors: what, then a hint; exit status 2.
function fail(what, hint) {
  process.stderr.write(`Error: ${what}; hint: ${hint}\n`);
  process.exit(2);
}

function binaryPath() {
  const override = process.env.KSDIAG_BINARY_PATH;
  if (override) return override;
  const platform = `${process.platform}-${process.arch}`;
  const pkg = PLATFORM_PACKAGES[platform];
  if (!pkg) {
    fail(
      `the ksdiag npm package has no binary for ${platform} (it has ${Object.keys(PLATFORM_PACKAGES).join(", ")})`,
      "on macOS or another platform, build it with Rust from ksdiag's source (cargo install --path . --locked, in a clone) " +
        "and set KSDIAG_BINARY_PATH to it, or run one of these binaries (pip install ksdiag has the same ones, " +
        "and a Linux container or VM runs the linux one); or, with no install at all, open the page: " +
        "ksdiag-page-VERSION.zip (scripts/build-page.sh makes it), unzipped, index.html opened in any browser, " +
        "diagnoses pasted values offline",
    );
  }
  try {
    return require.resolve(`${pkg}/bin/${BINARY}`);
  } catch {
    const version = require("../package.json").optionalDependencies[pkg];
    return fail(
      `the package ${pkg}, which holds ksdiag's binary for ${platform}, is not installed`,
      `npm installs it as an optional dependency: install again without --omit=optional or --no-optional, or add ${pkg}@${version} yourself`,
    );
  }
}

const binary = binaryPath();
const child = spawn(binary, process.argv.slice(2), { stdio: "inherit" });

// Pass signals on, so `npx ksdiag serve` stops on Ctrl-C or a process manager's SIGTERM.
const forwarded = ["SIGINT", "SIGTERM", "SIGHUP"];
for (const signal of forwarded) {
  process.on(signal, () => child.kill(signal));
}

// `npx ksdiag serve & kill $!` signals npm, which passes it to the `sh -c` it runs us in; the
// shell dies of it without passing it on, and we would be left running with the server. So
// when the process that started us is gone (on Linux we are handed to another parent; on
// Windows the old pid no longer answers), stop the binary as that SIGTERM would have.
const parent = process.ppid;
const parentWatch = setInterval(() => {
  let gone = process.ppid !== parent;
  if (!gone) {
    try {
      process.kill(parent, 0);
    } catch (err) {
      gone = err.code === "ESRCH";
    }
  }
  if (gone) {
    clearInterval(parentWatch);
    child.kill("SIGTERM");
  }
}, 250);
parentWatch.unref();

child.on("error", (err) => {
  let hint = "check that the file is an executable ksdiag binary";
  if (!existsSync(binary)) {
    hint = process.env.KSDIAG_BINARY_PATH
      ? "KSDIAG_BINARY_PATH names no file: fix or unset it"
      : "reinstall the ksdiag package";
  } else if (err.code === "ENOENT") {
    // The file is there but the kernel found no loader for it: a binary for another system.
    hint = "the file is not a binary this system can run; set KSDIAG_BINARY_PATH to a ksdiag built here";
  }
  fail(`cannot run ${binary}: ${err.code || err.message}`, hint);
});

child.on("exit", (code, signal) => {
  if (signal) {
    // Die of the same signal, so the caller sees what the binary saw.
    clearInterval(parentWatch);
    for (const s of forwarded) process.removeAllListeners(s);
    process.kill(process.pid, signal);
    // A signal Node ignores (SIGPIPE) does not end us: exit as a shell reports it.
    setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 100);
    return;
  }
  clearInterval(parentWatch);
  process.exit(code ?? 2);
});
