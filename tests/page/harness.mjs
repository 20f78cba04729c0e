// Shared set-up of the page tests: the ksdiag binary, `ksdiag serve --port 0`, Debian's
// Chromium through playwright-core, and `ksdiag diagnose --json` as the reference.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BIN = process.env.KSDIAG_BIN ?? path.join(ROOT, "target/debug/ksdiag");
// The server to test; another binary only while the real `serve` is being built.
const SERVE_BIN = process.env.KSDIAG_SERVE_BIN ?? BIN;
export const CHROMIUM = process.env.KSDIAG_CHROMIUM ?? "/usr/bin/chromium";
export const SHOTS = path.join(ROOT, "target/page-screenshots");
const NPM = path.join(ROOT, "target/page-npm");
export const CI = process.env.CI === "true";

/**
 * Why the browser tests cannot run here, or "" when they can. Under CI=true every missing
 * piece is a failure (the caller throws), elsewhere the tests skip with this reason.
 */
export function missingPieces() {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push(`no browser at ${CHROMIUM} (apt install chromium)`);
  if (!fs.existsSync(path.join(NPM, "node_modules/playwright-core"))) {
    missing.push("playwright-core is not installed (bash .ci/install.d/50-page.sh)");
  }
  if (!fs.existsSync(BIN)) missing.push(`no ksdiag binary at ${BIN} (cargo build)`);
  return missing.join("; ");
}

const requireNpm = createRequire(path.join(NPM, "package.json"));
export const loadPlaywright = () => requireNpm("playwright-core");
export const axeSource = () => fs.readFileSync(requireNpm.resolve("axe-core/axe.min.js"), "utf8");

/** Starts `ksdiag serve --port 0 ARGS`; resolves to {url, proc, stderr()}. */
export function startServer(args = []) {
  return new Promise((resolve, reject) => {
    const proc = spawn(SERVE_BIN, ["serve", "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`ksdiag serve printed no URL in 20 s; stderr: ${err}`)), 20000);
    proc.stderr.on("data", (d) => (err += d));
    proc.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/^listening on (http:\/\/\S+)\n/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], proc, stderr: () => err });
      }
    });
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`ksdiag serve exited with ${code}; stderr: ${err}`));
    });
  });
}

export async function stopServer(s) {
  if (!s || s.proc.exitCode !== null) return;
  const done = new Promise((r) => s.proc.once("exit", r));
  s.proc.kill("SIGTERM");
  await done;
}

export async function launchBrowser() {
  const { chromium } = loadPlaywright();
  // Root in a container: Chromium's sandbox needs user namespaces it may not get.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
}

/**
 * The reference: `ksdiag diagnose --json` on the same values the page was given.
 * `fields` uses the page's labels; each value goes through a file so its bytes are exact.
 * Answers {status, json, stderr}.
 */
export function cliDiagnose(fields) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksdiag-page-"));
  const file = (name, text) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const a = ["diagnose", "--json"];
  const v = (label) => fields[label];
  if (v("KS")) a.push("--ks", "@" + file("ks", v("KS")));
  for (const o of (v("Other KS, one a line") ?? "").split("\n").map((s) => s.trim()).filter(Boolean)) a.push("--ks", o);
  if (v("Token")) a.push("--token", "@" + file("token", v("Token")));
  if (v("tokenHash")) a.push("--hash", "@" + file("hash", v("tokenHash")));
  if (v("Hash type")) a.push("--hash-type", v("Hash type"));
  if (v("App token id")) a.push("--token-id", v("App token id"));
  if (v("App token JSON")) a.push("--app-token", file("app-token", v("App token JSON")));
  if (v("Request")) a.push("--url", "@" + file("request", v("Request")));
  if (v("startWidgetSession response")) a.push("--widget-response", file("widget", v("startWidgetSession response")));
  if (v("Server error")) a.push("--error", "@" + file("error", v("Server error")));
  if (v("Log or HAR")) a.push("--log", file("log", v("Log or HAR")));
  if (v("Call time (unix seconds)")) a.push("--now", v("Call time (unix seconds)"));
  const r = spawnSync(BIN, a, { encoding: "utf8" });
  fs.rmSync(dir, { recursive: true, force: true });
  let json = null;
  if (r.status === 0 || r.status === 1) json = JSON.parse(r.stdout);
  return { status: r.status, json, stderr: r.stderr };
}

export function ensureDir(d) {
  fs.mkdirSync(d, { recursive: true });
  return d;
}
