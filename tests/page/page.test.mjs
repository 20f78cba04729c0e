// The page in a real browser, Debian's Chromium driven by playwright-core, twice: opened from
// disk (target/page/index.html of scripts/build-page.sh, every network request refused: the
// engine runs in the browser) and as `ksdiag serve --port 0` started here sends it (the same
// build embedded, plus the live list of calls). Run: node --test tests/page/ (after
// bash .ci/install.d/50-page.sh, bash scripts/build-page.sh and cargo build). Under CI=true a
// missing browser, package or build fails; elsewhere the tests skip and say why.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  CI, ROOT, SHOTS, missingPieces, startServer, stopServer, launchBrowser, cliDiagnose, axeSource, ensureDir,
} from "./harness.mjs";
import { allCases, MORE_INPUTS } from "./cases.mjs";

const PAGE = path.join(ROOT, "target/page/index.html");
const reason = missingPieces() || (fs.existsSync(PAGE) ? "" : `no page at ${PAGE} (bash scripts/build-page.sh)`);
if (reason && CI) throw new Error(`the page tests cannot run under CI=true: ${reason}`);
if (reason) console.log(`# page tests skipped: ${reason}`);

// An app token the server knows from the start, for the live list.
/**
 * The CLI's headline in the page's words: the page names a KS by the box it came from
 * (ks_report::source_words, Voice::Page: `the Log or HAR box, line 2`, `the
 * startWidgetSession response box`, `the Other KS box (1st)`), the CLI by its flag (`--log
 * line 2`, `--widget-response`, `--ks (2nd)`). The boxes are the page's labels.
 */
const BOX = {
  ks: "KS", token: "Token", "token-id": "App token id", hash: "tokenHash", url: "Request", error: "Server error",
  "widget-response": "startWidgetSession response", "app-token": "App token JSON", log: "Log or HAR",
};
function inPageWords(cli) {
  return cli
    .replace(/--ks \(1st\)/g, "the KS box")
    .replace(/--ks \((\d+)(st|nd|rd|th)\)/g, (_, n) => `the Other KS box (${ordinal(Number(n) - 1)})`)
    .replace(/--log /g, "the Log or HAR box, ")
    .replace(/--(ks|token-id|token|hash|url|error|widget-response|app-token|log)(?![\w-])/g, (_, f) => `the ${BOX[f]} box`);
}
const ordinal = (n) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : { 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th"}`;

const LIVE = { id: "0_pagetest", token: "5b1e8f0c2d4a6e8b0c1d3f5a7b9c0e2d", partnerId: 1234567, hashType: "SHA1" };
const README_KS =
  "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
const README_HASH = "8e25a09e0eab280200d5079ad24a70692724abba";
const README_TOKEN = "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e";

// Where the page comes from: `ksdiag serve` (with the live list), or the built folder on disk.
const TARGETS = [
  { name: "the page served by ksdiag serve", served: true },
  { name: "the page opened from disk (target/page), no network", served: false },
];

for (const target of TARGETS) describe(target.name, { skip: Boolean(reason) }, () => {
  let server;
  let url;
  let origin;
  let browser;
  let context;
  const requests = [];
  const pages = [];

  before(async () => {
    server = await startServer(["--app-token", JSON.stringify({ ...LIVE, status: 2, expiry: 0, sessionType: 0 })]);
    url = target.served ? server.url : pathToFileURL(PAGE).href;
    origin = target.served ? new URL(server.url).origin : "file://";
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], target.served ? { origin: server.url } : {});
    context.on("request", (r) => requests.push(r.url()));
    // From disk nothing may go out: every request but the folder's own files is refused.
    if (!target.served) await context.route((u) => u.protocol !== "file:", (r) => r.abort());
    // CSP violations are collected by the page itself, reported at the end.
    await context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
  });

  after(async () => {
    await browser?.close();
    await stopServer(server);
  });

  async function open(scheme = "light") {
    const page = await context.newPage();
    pages.push(page);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(url);
    if (target.served) await page.waitForFunction(() => document.getElementById("live-status").textContent !== "");
    else await page.waitForFunction(() => window.ksdiag?.wireDiagnose && document.readyState === "complete");
    return page;
  }

  async function fill(page, fields) {
    if (Object.keys(fields).some((k) => MORE_INPUTS.has(k))) await page.getByText("More inputs", { exact: true }).click();
    for (const [label, value] of Object.entries(fields)) {
      const input = page.getByLabel(label, { exact: true });
      if (label === "Hash type") await input.selectOption(value);
      else await input.fill(value);
    }
  }

  async function drop(page, file) {
    await page.evaluate(({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: "application/json" }));
      for (const type of ["dragenter", "dragover", "drop"]) {
        document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    }, file);
    await page.waitForFunction((n) => document.getElementById("log-file-status").textContent.startsWith(n + ":"), file.name);
  }

  async function result(page) {
    await page.waitForSelector("[data-testid=verdict][data-verdict]", { timeout: 20000 });
    return page.evaluate(() => ({
      verdict: document.querySelector("[data-testid=verdict]").dataset.verdict,
      headline: document.getElementById("headline").textContent,
      message: document.getElementById("subline").textContent,
      causes: [...document.querySelectorAll("[data-testid=causes] [data-code]")].map((e) => e.dataset.code),
      causesText: document.querySelector("[data-testid=causes]").innerText,
      causesShown: document.querySelector("[data-testid=causes]").checkVisibility(),
      expected: document.querySelector("[data-testid=expected-hash]").textContent,
      expectedShown: document.querySelector("[data-testid=expected-hash]").checkVisibility(),
      findings: [...document.querySelectorAll("#findings [data-code]")].map((e) => e.dataset.code),
      sources: [...document.querySelectorAll("#sources dd")].map((e) => e.textContent),
    }));
  }

  test("GET / is the page, with a Content-Security-Policy of its own origin only", { skip: !target.served }, async () => {
    const res = await fetch(server.url + "/");
    assert.equal(res.status, 200);
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'self'/, `CSP: ${csp}`);
    // 'wasm-unsafe-eval' compiles the engine; no eval of text, nothing inline, no wildcard.
    assert.doesNotMatch(csp.replaceAll("'wasm-unsafe-eval'", ""), /unsafe-inline|unsafe-eval|\*/, `CSP: ${csp}`);
    assert.equal(res.headers.get("access-control-allow-origin"), null);
    const html = await res.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "an inline script");
    assert.doesNotMatch(html, /\sstyle=|<style/, "an inline style");
    assert.doesNotMatch(html, /https?:\/\//, "a URL to elsewhere");
  });

  test("shows the same verdict, causes, findings and expected hash as diagnose --json", async (t) => {
    const cases = allCases();
    assert.ok(cases.length >= 12, `${cases.length} cases`);
    const seen = new Set();
    for (const c of cases) {
      await t.test(c.name, async () => {
        const want = cliDiagnose({ ...c.fields, ...(c.drop ? { "Log or HAR": c.drop.text } : {}) });
        const page = await open();
        await fill(page, c.fields);
        if (c.drop) await drop(page, c.drop);
        const got = await result(page);
        seen.add(got.verdict);
        if (c.want === "error") {
          assert.equal(want.status, 2, `the CLI takes it: ${JSON.stringify(want.json)}`);
          assert.equal(got.verdict, "error", got.headline);
          assert.ok(got.message.length > 10, `a message that says what is wrong: ${got.message}`);
        } else {
          assert.equal(want.json.verdict, c.want, `the CLI's verdict (fixture drift?) ${want.stderr}`);
          assert.equal(got.verdict, want.json.verdict, got.message);
          const causes = want.json.verdict === "explained" ? want.json.explanations[0].causes.map((x) => x.code) : [];
          assert.deepEqual(got.causes, causes);
          for (const code of causes) assert.ok(got.causesText.includes(code), `${code} in ${got.causesText}`);
          assert.equal(got.causesShown, causes.length > 0);
          assert.equal(got.expected, want.json.expected_hash);
          assert.ok(got.expectedShown);
          assert.deepEqual(got.findings, want.json.findings.map((f) => f.code));
          // The CLI's mark: ✓ exactly when the server would accept the call (exit 0).
          const refused = want.json.stop || (want.json.verdict === "match" && !want.json.call_accepted);
          const mark = refused ? "✗" : { match: "✓", explained: "✗", unexplained: "?" }[want.json.verdict];
          assert.ok(got.headline.startsWith(mark), `${mark} for ${got.headline}`);
          assert.equal(got.headline.startsWith("✓"), want.status === 0, got.headline);
          assert.equal(want.json.call_accepted, want.status === 0);
          const headline = inPageWords(want.json.headline);
          assert.equal(got.headline.includes(headline), true, `${headline} in ${got.headline}`);
          // Where the KS, hash and token came from, by the boxes the user filled.
          const from = want.json.inputs;
          const sources = [from.ks, from.hash, from.token, from.token_id].filter(Boolean).map(inPageWords);
          if (from.other_ks?.length) sources.push(from.other_ks.map(inPageWords).join("; "));
          assert.deepEqual(got.sources, sources);
        }
        await page.close();
      });
    }
    const kinds = ["error", "explained", "match", "unexplained"];
    assert.deepEqual([...seen].sort().filter((k) => kinds.includes(k)), kinds);
  });

  test("keyboard alone: tab to the fields, type, read the verdict, copy the hash", async () => {
    const page = await open();
    const unfocusable = [];
    async function tabTo(id) {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press("Tab");
        const f = await page.evaluate(() => {
          const a = document.activeElement;
          const s = getComputedStyle(a);
          return { id: a.id, tag: a.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth) };
        });
        if (f.outline === "none" || f.width < 2) unfocusable.push(`${f.tag}#${f.id}`);
        if (f.id === id) return;
      }
      throw new Error(`Tab never reached #${id}`);
    }
    await tabTo("ks");
    await page.keyboard.insertText(README_KS);
    await tabTo("token");
    await page.keyboard.insertText(README_TOKEN);
    await tabTo("hash");
    await page.keyboard.insertText(README_HASH);
    await tabTo("hash-type");
    // not known -> MD5 -> SHA1 -> SHA256
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
    assert.equal(await page.locator("#hash-type").inputValue(), "sha256");
    const got = await result(page);
    assert.equal(got.verdict, "explained");
    assert.deepEqual(got.causes, ["wrong_hash_type", "whitespace"]);
    await tabTo("copy-hash");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.getElementById("copy-status").textContent.startsWith("Copied"));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), got.expected);
    assert.deepEqual(unfocusable, [], "every focused control shows a focus outline");
    // The token stays masked unless asked for.
    assert.equal(await page.locator("#token").getAttribute("type"), "password");
    await page.close();
  });

  test("the redacted Markdown report is one click, and holds no secret", async () => {
    const page = await open();
    await stateExplained(page);
    await page.getByRole("button", { name: "Copy a redacted Markdown report" }).click();
    await page.waitForFunction(() => document.getElementById("copy-status").textContent.startsWith("Copied"));
    const md = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(md, /^### ksdiag report: .*wrong_hash_type \+ whitespace/);
    assert.ok(!md.includes(README_TOKEN), "the token is not in the report");
    assert.ok(!md.includes(README_KS), "the whole KS is not in the report");
    await page.close();
  });

  test("the fix as code in the chosen language: the line people write, and the whole function", async () => {
    const page = await open();
    await stateExplained(page);
    await page.waitForFunction(() => !document.getElementById("fix-code-area").hidden, null, { timeout: 20000 });
    await page.getByLabel("Code in", { exact: true }).selectOption("bash");
    await page.waitForFunction(() => document.getElementById("fix-whole").textContent.includes("bash"));
    const fix = await page.evaluate(() => ({
      lines: document.getElementById("fix-lines").innerText,
      code: document.getElementById("fix-snippet").textContent,
    }));
    assert.match(fix.lines, /echo/, "the bash line that hashes echo's newline");
    assert.match(fix.code, /sha256sum/, "the whole function for the token's SHA256");
    await page.getByLabel("Code in", { exact: true }).selectOption("go");
    await page.waitForFunction(() => document.getElementById("fix-whole").textContent.includes("go"));
    assert.match(await page.evaluate(() => document.getElementById("fix-snippet").textContent), /sha256/);
    await page.close();
  });

  async function makeLiveCalls() {
    const api = (p, form) =>
      fetch(`${server.url}/api_v3/service/${p}`, { method: "POST", body: new URLSearchParams({ ...form, format: "1" }) }).then((r) => r.json());
    const w = await api("session/action/startWidgetSession", { widgetId: `_${LIVE.partnerId}` });
    assert.ok(w.ks, `startWidgetSession: ${JSON.stringify(w)}`);
    const wrong = crypto.createHash("sha1").update(`${w.ks}${LIVE.token}\n`).digest("hex");
    const e = await api("appToken/action/startSession", { ks: w.ks, id: LIVE.id, tokenHash: wrong });
    assert.equal(e.code, "INVALID_APP_TOKEN_HASH", JSON.stringify(e));
  }

  test("the live list shows the calls the server received, each with its diagnosis", { skip: !target.served }, async () => {
    await makeLiveCalls();
    const page = await open();
    const item = page.locator("#live-list > li[data-code=INVALID_APP_TOKEN_HASH]").first();
    await item.waitFor({ timeout: 10000 });
    await item.locator("summary").click();
    const text = await item.innerText();
    assert.match(text, /apptoken\.startSession/i);
    assert.match(text, /whitespace/);
    assert.doesNotMatch(text, new RegExp(LIVE.token), "the token is redacted");
    await page.close();
  });

  async function stateExplained(page) {
    await fill(page, { KS: README_KS, Token: README_TOKEN, tokenHash: README_HASH, "Hash type": "sha256" });
    await result(page);
  }

  async function stateDecoder(page) {
    await page.getByLabel("KS to decode", { exact: true }).fill(README_KS);
    await page.getByLabel("Admin secret", { exact: true }).fill("0123456789abcdef0123456789abcdef");
    await page.waitForSelector("#decoded[data-state=decoded] .good");
  }

  async function stateLive(page) {
    if (!target.served) {
      assert.ok(await page.locator("#live").isHidden(), "no live list without a server");
      return;
    }
    const item = page.locator("#live-list > li[data-code=INVALID_APP_TOKEN_HASH]").first();
    await item.waitFor({ timeout: 10000 });
    await item.locator("summary").click();
  }

  test("axe-core finds no serious or critical violation, light and dark", async () => {
    const axe = axeSource();
    for (const scheme of ["light", "dark"]) {
      const page = await open(scheme);
      await page.getByText("More inputs", { exact: true }).click();
      await stateExplained(page);
      await stateDecoder(page);
      await stateLive(page);
      await page.evaluate(axe);
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
      });
      const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert.deepEqual(bad, [], `${scheme}: ${JSON.stringify(bad, null, 1)}`);
      await page.close();
    }
  });

  test("readable at 200% zoom: nothing wider than the window", async () => {
    const page = await context.newPage();
    pages.push(page);
    // 200% zoom of a 1280-pixel window leaves 640 CSS pixels.
    await page.setViewportSize({ width: 640, height: 450 });
    await page.goto(url);
    await stateExplained(page);
    const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(over <= 0, `the page scrolls sideways by ${over} px`);
    await page.screenshot({ path: path.join(ensureDir(SHOTS), `${target.served ? "" : "file-"}zoom200-light.png`), fullPage: true });
    await page.close();
  });

  test("screenshots of the main states, light and dark, under target/page-screenshots", async () => {
    ensureDir(SHOTS);
    for (const scheme of ["light", "dark"]) {
      const shot = (page, name, opts = {}) => page.screenshot({ path: path.join(SHOTS, `${target.served ? "" : "file-"}${name}-${scheme}.png`), ...opts });
      let page = await open(scheme);
      await shot(page, "empty");
      await stateExplained(page);
      await shot(page, "explained");
      await page.close();
      page = await open(scheme);
      await fill(page, { KS: README_KS, Token: "f973211b7115b849cc0b5", tokenHash: "0123456789abcdef0123456789abcdef01234567", "Hash type": "sha1" });
      await result(page);
      await shot(page, "unexplained");
      await stateDecoder(page);
      await page.locator("section.decoder").screenshot({ path: path.join(SHOTS, `${target.served ? "" : "file-"}decoder-${scheme}.png`) });
      await stateLive(page);
      if (target.served) await page.locator("section.live").screenshot({ path: path.join(SHOTS, `live-${scheme}.png`) });
      await page.close();
    }
  });

  test("every request went to the page's own origin; nothing stored; no CSP violation", async () => {
    assert.ok(requests.length > 20, `${requests.length} requests recorded`);
    const elsewhere = requests.filter((u) => (target.served ? new URL(u).origin !== origin : !u.startsWith("file:")));
    assert.deepEqual(elsewhere, []);
    // Served, the engine runs in the page too: the server is asked only for what it alone has,
    // the live list of calls (a diagnosis sent to it would mean the engine was not embedded).
    const asked = [...new Set(requests.map((u) => new URL(u).pathname).filter((p) => p.startsWith("/ksdiag/")))];
    assert.deepEqual(asked, target.served ? ["/ksdiag/requests"] : []);
    const page = await open();
    await stateExplained(page);
    const stored = await page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookie: document.cookie,
      idb: (await indexedDB.databases()).length,
    }));
    assert.deepEqual(stored, { local: 0, session: 0, cookie: "", idb: 0 });
    for (const p of pages) {
      if (p.isClosed()) continue;
      assert.deepEqual(await p.evaluate(() => window.__csp), []);
    }
    const csp = await page.evaluate(() => window.__csp);
    assert.deepEqual(csp, []);
    await page.close();
  });
});
