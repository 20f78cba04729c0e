// Speed and size of the page without a server (a measurement, not a test): opens
// target/page/index.html of scripts/build-page.sh in headless Chromium (Debian's, through the
// tests' playwright-core) and prints the engine's size, the time to the first verdict after
// opening the page, and how long after the last keystroke the worst case shows its verdict
// (an unexplained hash with no hashType known: four readings searched), debounce included.
// Run: bash .ci/install.d/50-page.sh && bash scripts/build-page.sh && node scripts/bench-page.mjs
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import vm from "node:vm";
import { pathToFileURL } from "node:url";
import { ROOT, launchBrowser } from "../tests/page/harness.mjs";

const PAGE = path.join(ROOT, "target/page/index.html");
const sandbox = { window: {} };
vm.runInNewContext(fs.readFileSync(path.join(ROOT, "target/page/engine-wasm.js"), "utf8"), sandbox);
const wasm = Buffer.from(sandbox.window.ksdiag.wasmBase64, "base64");
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`engine: ${kib(wasm.length)} .wasm, ${kib(zlib.gzipSync(wasm, { level: 9 }).length)} gzip -9, ${kib(zlib.brotliCompressSync(wasm).length)} brotli`);

const KS =
  "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
const browser = await launchBrowser();
const context = await browser.newContext();
await context.route((u) => u.protocol !== "file:", (r) => r.abort());
const page = await context.newPage();
const verdictAfter = (last) =>
  page.evaluate(
    (last) =>
      new Promise((resolve) => {
        const v = document.getElementById("verdict");
        const start = performance.now();
        const done = () => v.dataset.verdict && document.getElementById("hash").value.endsWith(last);
        new MutationObserver((_, o) => {
          if (done()) {
            o.disconnect();
            resolve(performance.now() - start);
          }
        }).observe(v, { attributes: true, childList: true, subtree: true });
      }),
    last,
  );

const t0 = Date.now();
await page.goto(pathToFileURL(PAGE).href);
await page.fill("#ks", KS);
await page.fill("#token", "f973211b7115b849cc0b5");
await page.fill("#hash", "0123456789abcdef0123456789abcdef0123456");
await page.waitForSelector("[data-testid=verdict][data-verdict]");
console.log(`first verdict after opening the page: ${Date.now() - t0} ms (load, engine compile, fill, debounce, diagnosis)`);

const runs = [];
for (let i = 0; i < 10; i++) {
  const last = String(i);
  await page.focus("#hash");
  await page.keyboard.press("Backspace");
  await page.waitForSelector("[data-testid=verdict][data-verdict]");
  const w = verdictAfter(last);
  await page.keyboard.type(last);
  runs.push(await w);
}
runs.sort((a, b) => a - b);
const verdict = await page.evaluate(() => document.getElementById("verdict").dataset.verdict);
console.log(`worst case (${verdict}, no hashType: four readings): verdict ${runs[5].toFixed(0)} ms after the last keystroke (median of 10; max ${runs[9].toFixed(0)} ms), debounce included`);

// A large log dropped on the page (the page suite's 1.3 MiB case: the call at its end), read
// whole in the browser: from the drop to its verdict.
const { allCases } = await import("../tests/page/cases.mjs");
const big = allCases().find((c) => c.drop && c.drop.text.length > 1024 * 1024);
const logPage = await context.newPage();
await logPage.goto(pathToFileURL(PAGE).href);
await logPage.fill("#app-token", big.fields["App token JSON"]);
await logPage.click("text=More inputs");
await logPage.fill("#now", big.fields["Call time (unix seconds)"]);
const dropped = await logPage.evaluate(async ({ name, text }) => {
  const v = document.getElementById("verdict");
  const start = performance.now();
  const seen = new Promise((resolve) =>
    new MutationObserver((_, o) => {
      if (v.dataset.verdict && v.dataset.verdict !== "error" && document.getElementById("log-file-status").textContent.startsWith(name)) {
        o.disconnect();
        resolve(performance.now() - start);
      }
    }).observe(v, { attributes: true, childList: true, subtree: true }),
  );
  const dt = new DataTransfer();
  dt.items.add(new File([text], name, { type: "text/plain" }));
  for (const type of ["dragenter", "dragover", "drop"]) {
    document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }
  return { ms: await seen, verdict: v.dataset.verdict };
}, big.drop);
console.log(`a ${kib(big.drop.text.length)} log dropped on the page: ${dropped.verdict} ${dropped.ms.toFixed(0)} ms after the drop (read, debounce, intake, diagnosis)`);
await browser.close();
