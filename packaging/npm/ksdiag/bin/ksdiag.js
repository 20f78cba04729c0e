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
const PLATFORM_PACKAGES = {
  "linux-x64": "@ksdiag/linux-x64",
};

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
      "build ksdiag from source with Rust (cargo install --path . --locked) and set KSDIAG_BINARY_PATH to it",
    );
  }
  try {
    return require.resolve(`${pkg}/bin/ksdiag`);
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

child.on("error", (err) => {
  let hint = "check that the file is an executable ksdiag binary";
  if (!existsSync(binary)) {
    hint = process.env.KSDIAG_BINARY_PATH
      ? "KSDIAG_BINARY_PATH names no file: fix or unset it"
      : "reinstall the ksdiag package";
  } else if (err.code === "ENOENT") {
    // The file is there but the kernel found no loader for it: a glibc build on musl.
    hint = "this build needs glibc (it does not run on musl, such as Alpine); set KSDIAG_BINARY_PATH to a binary built here";
  }
  fail(`cannot run ${binary}: ${err.code || err.message}`, hint);
});

child.on("exit", (code, signal) => {
  if (signal) {
    // Die of the same signal, so the caller sees what the binary saw.
    for (const s of forwarded) process.removeAllListeners(s);
    process.kill(process.pid, signal);
    // A signal Node ignores (SIGPIPE) does not end us: exit as a shell reports it.
    setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 100);
    return;
  }
  process.exit(code ?? 2);
});
