// The page's engine (crates/ks-wasm as built by scripts/build-page.sh) under Node, through the
// same JSON interface the page uses (ks_input / ks_call / ks_answer_ptr): a few vectors, each
// checked against what the CLI prints for the same values. Run: node --test tests/page/wasm.test.mjs
// after bash scripts/build-page.sh and cargo build. Under CI=true a missing build fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { ROOT, BIN, CI } from "./harness.mjs";

const ENGINE = path.join(ROOT, "target/page/engine-wasm.js");
const missing = [ENGINE, BIN].filter((p) => !fs.existsSync(p));
const reason = missing.length ? `not built: ${missing.join(", ")} (bash scripts/build-page.sh; cargo build)` : "";
if (reason && CI) throw new Error(`the engine tests cannot run under CI=true: ${reason}`);

// The engine exactly as the page gets it: the classic script that sets ksdiag.wasmBase64.
function engineBytes() {
  const sandbox = { window: {} };
  vm.runInNewContext(fs.readFileSync(ENGINE, "utf8"), sandbox);
  return Buffer.from(sandbox.window.ksdiag.wasmBase64, "base64");
}

let x = null;
async function call(request) {
  if (!x) x = (await WebAssembly.instantiate(engineBytes(), {})).instance.exports;
  const bytes = typeof request === "string" ? Buffer.from(request) : Buffer.from(JSON.stringify(request));
  const ptr = x.ks_input(bytes.length);
  new Uint8Array(x.memory.buffer, ptr, bytes.length).set(bytes);
  const len = x.ks_call();
  return JSON.parse(Buffer.from(x.memory.buffer, x.ks_answer_ptr(), len).toString("utf8"));
}

const cli = (...args) => {
  const r = spawnSync(BIN, args, { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

// The README's example (crates/ksdiag/example.rs).
const KS =
  "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
const TOKEN = "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e";
const HASH = "8e25a09e0eab280200d5079ad24a70692724abba";
const NOW = 1700003600;
const README = { ks: KS, token: TOKEN, hash: HASH, hash_type: "sha256", now: NOW };
const README_ARGS = ["--ks", KS, "--token", `env:T`, "--hash", HASH, "--hash-type", "sha256", "--now", String(NOW)];
const cliJson = (...args) => {
  const r = spawnSync(BIN, ["diagnose", "--json", ...args], { encoding: "utf8", env: { ...process.env, T: TOKEN } });
  return JSON.parse(r.stdout);
};

// What the page compares with the CLI: verdict, causes, findings, the correct hash, the headline.
const essentials = (d) => ({
  verdict: d.verdict,
  causes: d.verdict === "explained" ? d.explanations[0].causes.map((c) => c.code) : [],
  findings: d.findings.map((f) => f.code),
  expected_hash: d.expected_hash,
  headline: d.headline,
  call_accepted: d.call_accepted,
});

test("diagnose: the README example gives the CLI's verdict, causes, findings and hash", { skip: reason || false }, async () => {
  const a = await call({ op: "diagnose", ...README });
  assert.equal(a.error, undefined, a.error);
  assert.deepEqual(a.ok.explanations[0].causes.map((c) => c.code), ["wrong_hash_type", "whitespace"]);
  assert.deepEqual(essentials(a.ok), essentials(cliJson(...README_ARGS)));
});

test("diagnose: no hashType known, each reading tried, as the CLI does", { skip: reason || false }, async () => {
  const body = { ks: KS, token: "f973211b7115b849cc0b5", hash: "0123456789abcdef0123456789abcdef01234567", now: 1700000000 };
  const a = await call({ op: "diagnose", ...body });
  assert.equal(a.ok.verdict, "unexplained");
  const r = spawnSync(BIN, ["diagnose", "--json", "--ks", KS, "--token", "env:T2", "--hash", body.hash, "--now", "1700000000"], {
    encoding: "utf8",
    env: { ...process.env, T2: body.token },
  });
  assert.deepEqual(essentials(a.ok), essentials(JSON.parse(r.stdout)));
  assert.ok(a.ok.readings.length >= 4, `${a.ok.readings.length} readings`);
});

// The artifacts the page reads from disk too (tests/cmd/*.in): the same intake as the CLI
// (ks_core::intake::gather), so the same verdict, causes, findings and correct hash, and a
// source named for the same fields. One row per kind of artifact; the CLI reads the same files.
const IN = (name, file) => path.join(ROOT, "tests/cmd", `${name}.in`, file);
const text = (name, file) => fs.readFileSync(IN(name, file), "utf8");
const appToken = (name) => JSON.parse(text(name, "app-token.json"));
const TOKEN21 = "f973211b7115b849cc0b5";
const ARTIFACT_ROWS = [
  {
    name: "a request URL and the server's error (tests/cmd/diagnose-url-expired-json)",
    body: {
      url: `https://www.kaltura.com/api_v3/service/appToken/action/startSession?ks=${KS}&id=0_abcd1234&tokenHash=FD805F3EF7844B22C8C4AF730DA0BCA6C0929E3A`,
      token: TOKEN21,
      error: "APP_TOKEN_EXPIRED",
      now: 1700000000,
    },
    args: (b) => ["--url", b.url, "--token", "env:T", "--error", b.error, "--now", String(b.now)],
    env: { T: TOKEN21 },
    verdict: "explained",
  },
  {
    name: "a log, a curl command, a widget answer and an error JSON (tests/cmd/diagnose-artifacts)",
    body: {
      url: text("diagnose-artifacts", "request.sh"),
      app_token: appToken("diagnose-artifacts"),
      log: text("diagnose-artifacts", "player.log"),
      widget_response: text("diagnose-artifacts", "widget.json"),
      error: text("diagnose-artifacts", "error.json"),
      now: 1700000100,
    },
    args: () => {
      const f = (n) => IN("diagnose-artifacts", n);
      return ["--url", "@" + f("request.sh"), "--app-token", f("app-token.json"), "--log", f("player.log"), "--widget-response", f("widget.json"), "--error", "@" + f("error.json"), "--now", "1700000100"];
    },
    verdict: "explained",
  },
  {
    name: "a log with no request in it (tests/cmd/diagnose-log-without-request)",
    body: {
      log: text("diagnose-log-without-request", "widget-only.log"),
      token: TOKEN,
      hash: "c4fff46b199f11b06c2b32edfaa3a1d72a991104a6d4ccd5f9c23308b7a2cf67",
      hash_type: "sha256",
      now: 1700000100,
    },
    args: (b) => ["--log", IN("diagnose-log-without-request", "widget-only.log"), "--token", "env:T", "--hash", b.hash, "--hash-type", "sha256", "--now", "1700000100"],
    env: { T: TOKEN },
    verdict: "match",
  },
  {
    name: "a HAR file (tests/cmd/diagnose-har)",
    body: { log: text("diagnose-har", "session.har"), app_token: appToken("diagnose-har"), now: 1700000100 },
    args: () => ["--log", IN("diagnose-har", "session.har"), "--app-token", IN("diagnose-har", "app-token.json"), "--now", "1700000100"],
    verdict: "explained",
  },
];

for (const row of ARTIFACT_ROWS) {
  test(`diagnose: ${row.name} gives the CLI's verdict and correct hash`, { skip: reason || false }, async () => {
    const a = await call({ op: "diagnose", ...row.body });
    assert.equal(a.error, undefined, a.error);
    const r = spawnSync(BIN, ["diagnose", "--json", ...row.args(row.body)], { encoding: "utf8", env: { ...process.env, ...row.env } });
    assert.ok(r.status === 0 || r.status === 1, `the CLI: ${r.status} ${r.stderr}`);
    const want = JSON.parse(r.stdout);
    assert.equal(want.verdict, row.verdict, "the CLI's verdict (fixture drift?)");
    const { headline: _h, ...got } = essentials(a.ok);
    const { headline: _w, ...cli } = essentials(want);
    assert.deepEqual(got, cli);
    assert.match(a.ok.expected_hash, /^[0-9a-f]{40,64}$/);
    // The same fields were found, each in an artifact (the page names them by its own words).
    assert.deepEqual(Object.keys(a.ok.inputs).sort(), Object.keys(want.inputs).sort());
    // Each cause in the words the CLI's report prints after its code.
    const human = spawnSync(BIN, ["diagnose", "--color", "never", ...row.args(row.body)], { encoding: "utf8", env: { ...process.env, ...row.env } });
    for (const c of a.ok.explanations[0]?.causes ?? []) assertCauseLine(human.stdout, c);
  });
}

// A cause as the page shows it (the engine's `words`) is the CLI's line for it: `N. code  words`.
function assertCauseLine(stdout, c) {
  assert.ok(c.words, `${c.code} has words`);
  const line = stdout.split("\n").find((l) => new RegExp(`^  \\d+\\. ${c.code} +`).test(l));
  assert.ok(line, `${c.code} in the CLI's report:\n${stdout}`);
  // Where a candidate KS came from is worded per front end (`--log line 41`, `log line 41`).
  const unsourced = (t) => t.replace(/source [^,)]*/g, "source …");
  assert.equal(unsourced(line.replace(/^  \d+\. \S+ +/, "")), unsourced(c.words));
}

test("diagnose: each cause in the CLI's words, not the wire's details (the README example)", { skip: reason || false }, async () => {
  const a = await call({ op: "diagnose", ...README });
  const r = spawnSync(BIN, ["diagnose", "--color", "never", ...README_ARGS], { encoding: "utf8", env: { ...process.env, T: TOKEN } });
  const causes = a.ok.explanations[0].causes;
  assert.equal(causes.length, 2);
  for (const c of causes) assertCauseLine(r.stdout, c);
  assert.equal(causes[1].words, "extra whitespace was hashed along: a trailing newline after the token");
});

test("report: the redacted Markdown of diagnose --format markdown, no secret in it", { skip: reason || false }, async () => {
  const a = await call({ op: "report", ...README });
  const r = spawnSync(BIN, ["diagnose", "--format", "markdown", ...README_ARGS], { encoding: "utf8", env: { ...process.env, T: TOKEN } });
  assert.equal(a.ok, r.stdout);
  assert.ok(!a.ok.includes(TOKEN));
});

test("fix: fix_code of diagnose --lang bash --json", { skip: reason || false }, async () => {
  const a = await call({ op: "fix", ...README, lang: "bash" });
  const want = cliJson(...README_ARGS, "--lang", "bash").fix_code;
  assert.deepEqual(a.ok, want);
  assert.match(a.ok.code, /sha256sum/);
  const bad = await call({ op: "fix", ...README, lang: "cobol" });
  assert.match(bad.error, /lang/);
});

test("decode: what decode --json prints", { skip: reason || false }, async () => {
  const a = await call({ op: "decode", ks: KS, now: NOW });
  const r = cli("decode", "--json", "--now", String(NOW), KS);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(a.ok, JSON.parse(r.stdout));
  const bad = await call({ op: "decode", ks: "not a ks", now: NOW });
  assert.match(bad.error, /cannot parse the KS/);
});

test("explain: every cause has its summary and fix, INVALID_APP_TOKEN_HASH its meaning", { skip: reason || false }, async () => {
  const a = await call({ op: "explain" });
  const causes = Object.entries(a.ok.causes);
  assert.ok(causes.length >= 20, `${causes.length} causes`);
  for (const [code, c] of causes) assert.ok(c.summary && c.fix, code);
  assert.match(a.ok.errors.INVALID_APP_TOKEN_HASH.meaning, /tokenHash/);
});

// The page words causes and findings from this catalogue: it must say what `ksdiag explain CODE`
// says, for every code the CLI lists (sentence case and the final period are the renderer's).
test("explain: every cause and finding in the CLI's words (ksdiag explain CODE)", { skip: reason || false }, async () => {
  const a = await call({ op: "explain" });
  const listed = cli("explain").stdout;
  const sentence = (s) => s.replace(/\s+/g, " ").trim().toLowerCase().replace(/\.(?= |$)/g, "");
  let checked = 0;
  for (const [kind, table] of [["cause", a.ok.causes], ["finding", a.ok.findings]]) {
    for (const [code, e] of Object.entries(table)) {
      assert.match(listed, new RegExp(`^  ${code} `, "m"), `${kind} ${code} is in ksdiag explain's list`);
      const r = cli("explain", code);
      assert.equal(r.status, 0, r.stderr);
      const said = sentence(r.stdout);
      assert.ok(said.includes(sentence(e.summary)), `${code}: ${e.summary} / ${r.stdout}`);
      if (kind === "cause") assert.ok(said.includes(sentence(e.fix)), `${code}: ${e.fix} / ${r.stdout}`);
      checked++;
    }
  }
  // Every code the CLI lists as a cause or finding is in the page's catalogue.
  const section = (title) => listed.split(/\n(?=\S)/).find((p) => p.startsWith(title)) ?? "";
  const cliCodes = [section("Causes ("), section("Findings (")].flatMap((p) =>
    [...p.matchAll(/^  ([a-z][a-z0-9_]+) /gm)].map((m) => m[1]),
  );
  assert.ok(cliCodes.length >= 50, `${cliCodes.length} codes listed`);
  for (const code of cliCodes) assert.ok(a.ok.causes[code] || a.ok.findings[code], `${code} is in the page's catalogue`);
  assert.ok(checked >= 50, `${checked} codes`);
});

test("bad requests are answered in words, and the engine keeps answering", { skip: reason || false }, async () => {
  assert.match((await call("{")).error, /not JSON/);
  assert.match((await call({ op: "guess" })).error, /unknown op/);
  assert.match((await call({ op: "diagnose", ks: KS })).error, /no token given/);
  assert.match((await call({ op: "diagnose", ks: KS, token: TOKEN, hash: HASH, hash_type: "sha3" })).error, /hash_type/);
  assert.match((await call({ op: "diagnose", ks: 5 })).error, /invalid type/);
  assert.equal((await call({ op: "diagnose", ...README })).ok.verdict, "explained");
});
