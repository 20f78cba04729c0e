// Where the page's answers come from. With the engine built in (engine-wasm.js, made by
// scripts/build-page.sh), the ksdiag routes are answered here, in the browser, by ks-core and
// ks-report compiled to WebAssembly: the same code and words as the CLI, no server needed.
// Without it (a binary built before the page), they go to the `ksdiag serve` that sent the
// page. Routes only a server has (the live list of calls) always go there.
// Every request goes to this page's own origin (relative URLs), nothing else.
(function (ksdiag) {
  "use strict";

  /** An answer that is not a result: the message to show. */
  class ServerError extends Error {}

  // ---- the engine in the browser (crates/ks-wasm; its interface is its lib.rs doc) ----

  let engine = null; // a Promise of {call(request) -> answer object}

  function base64Bytes(b64) {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  async function startEngine() {
    // Compiled once; a new instance after a trap (a bug in the engine must not stick).
    const module = await WebAssembly.compile(base64Bytes(ksdiag.wasmBase64));
    let instance = await WebAssembly.instantiate(module, {});
    const enc = new TextEncoder();
    const dec = new TextDecoder();
    function callOnce(request) {
      const x = instance.exports;
      const bytes = enc.encode(JSON.stringify(request));
      const ptr = x.ks_input(bytes.length);
      new Uint8Array(x.memory.buffer, ptr, bytes.length).set(bytes);
      const len = x.ks_call();
      const at = x.ks_answer_ptr();
      return JSON.parse(dec.decode(new Uint8Array(x.memory.buffer, at, len)));
    }
    return {
      async call(request) {
        try {
          return callOnce(request);
        } catch (e) {
          instance = await WebAssembly.instantiate(module, {});
          return { error: `the engine failed (${e.message}); this is a bug in ksdiag, please report it` };
        }
      },
    };
  }

  /** True when the engine runs in this page (no server needed for a diagnosis). */
  function inBrowser() {
    return typeof ksdiag.wasmBase64 === "string" && ksdiag.wasmBase64.length > 0;
  }

  const unixNow = () => Math.floor(Date.now() / 1000);

  // The engine request for a ksdiag route, or null when only a server answers it. The page's
  // voice: what the user gave is named by the box it was pasted in ("the Log or HAR box,
  // line 5"), where the server's answers name JSON fields ("log line 5").
  function engineRequest(path, body) {
    const [route, query] = path.split("?");
    const params = new URLSearchParams(query ?? "");
    const voice = "page";
    switch (route) {
      case "/ksdiag/diagnose":
        // `today` is the browser's clock: what has expired since. The call's time is `now`.
        return { ...body, op: "diagnose", today: unixNow(), voice };
      case "/ksdiag/report":
        return { ...body, op: "report", today: unixNow(), voice };
      case "/ksdiag/fix":
        return { ...body, op: "fix", lang: params.get("lang") ?? "", today: unixNow(), voice };
      case "/ksdiag/decode":
        return { ...body, op: "decode", now: body.now ?? unixNow(), voice };
      case "/ksdiag/explain":
        return { op: "explain" };
      default:
        return null;
    }
  }

  async function local(path, body) {
    const request = inBrowser() ? engineRequest(path, body ?? {}) : null;
    if (!request) return null;
    engine ??= startEngine();
    const answer = await (await engine).call(request);
    if (typeof answer.error === "string") throw new ServerError(answer.error);
    return { value: answer.ok };
  }

  // ---- the server ----

  async function readError(res) {
    const text = await res.text();
    try {
      const j = JSON.parse(text);
      const msg = j.error ?? j.message ?? (j.result && j.result.message) ?? text;
      return typeof msg === "string" ? msg : JSON.stringify(msg);
    } catch {
      return text.trim() || `HTTP ${res.status} ${res.statusText}`;
    }
  }

  async function send(path, init) {
    let res;
    try {
      res = await fetch(path, { credentials: "same-origin", cache: "no-store", ...init });
    } catch (e) {
      if (e.name === "AbortError") throw e;
      throw new ServerError("the ksdiag server does not answer: is `ksdiag serve` still running?");
    }
    if (!res.ok) throw new ServerError(await readError(res));
    return res;
  }

  // POST of a JSON body; the answer as it came.
  function post(path, body, signal) {
    return send(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
  }

  async function postJson(path, body, signal) {
    const mine = await local(path, body);
    if (mine) return mine.value;
    const res = await post(path, body, signal);
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ServerError(`the server's answer is not JSON: ${text.slice(0, 200)}`);
    }
    // An error object in a 200 answer (Kaltura style) is still an error.
    if (json && typeof json === "object" && !Array.isArray(json) && typeof json.error === "string" && !json.verdict) {
      throw new ServerError(json.error);
    }
    return json;
  }

  async function postText(path, body, signal) {
    const mine = await local(path, body);
    if (mine) return mine.value;
    const res = await post(path, body, signal);
    return res.text();
  }

  async function getJson(path, signal) {
    const mine = await local(path, null);
    if (mine) return mine.value;
    const res = await send(path, { signal });
    return res.json();
  }

  async function getText(path, signal) {
    const res = await send(path, { signal });
    return res.text();
  }

  /** Where the page runs: "serve" (sent by `ksdiag serve`) or "static" (a file, any host). */
  const host = () => (ksdiag.hostKind === "serve" ? "serve" : "static");

  Object.assign(ksdiag, { ServerError, postJson, postText, getJson, getText, inBrowser, host });
})((window.ksdiag = window.ksdiag || {}));
