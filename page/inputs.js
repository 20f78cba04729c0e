// Reads the form into the body of POST /ksdiag/diagnose: the fields of a `diagnose --batch`
// line (ks, token, hash, hash_type, token_id, app_token, other_ks, now) plus url,
// widget_response, error and log as text. Values go as typed: trimming them silently would
// hide the very whitespace mistakes ksdiag is there to find.
(function (ksdiag) {
  "use strict";
  const { $ } = ksdiag;

  /** The dropped or chosen log file, kept in memory only (never in storage). */
  const logFile = { name: "", text: "" };

  const val = (id) => $(id).value;

  function readInputs() {
    const body = {};
    const put = (key, v) => {
      if (v !== "" && v !== undefined) body[key] = v;
    };
    put("ks", val("ks"));
    put("token", val("token"));
    put("hash", val("hash"));
    put("hash_type", val("hash-type"));
    put("token_id", val("token-id").trim());
    const at = val("app-token");
    if (at.trim()) {
      // JSON goes as the object (as in a batch line); XML goes as text.
      try {
        body.app_token = JSON.parse(at);
      } catch {
        body.app_token = at;
      }
    }
    put("url", val("request"));
    put("widget_response", val("widget-response"));
    put("error", val("error"));
    const log = logFile.text || val("log");
    put("log", log);
    const others = val("other-ks").split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
    if (others.length) body.other_ks = others;
    const now = val("now").trim();
    if (now) body.now = /^-?\d+$/.test(now) ? Number(now) : now;
    return body;
  }

  /** What is still needed before a diagnosis can run, in words; empty when nothing is. */
  function stillNeeded(body) {
    const need = [];
    if (!("ks" in body || "url" in body || "log" in body || "widget_response" in body)) need.push("the KS");
    if (!("token" in body || "app_token" in body)) need.push("the token (or the app token JSON)");
    if (!("hash" in body || "url" in body || "log" in body)) need.push("the tokenHash (or the request)");
    return need;
  }

  function isEmpty(body) {
    return Object.keys(body).length === 0;
  }

  /** Problems the page can name before asking the server. */
  function localProblems(body) {
    if ("now" in body && typeof body.now !== "number") {
      return "Call time: not a whole number of unix seconds (like 1700000000); leave it empty when you do not know it.";
    }
    return "";
  }

  Object.assign(ksdiag, { logFile, readInputs, stillNeeded, isEmpty, localProblems });
})((window.ksdiag = window.ksdiag || {}));
