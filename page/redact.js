// The page's own rendering of the values it holds, redacted like `ksdiag diagnose --json`
// without --show-secrets (crates/ksdiag/redact.rs): a KS by its ends, a token by its length
// and a fingerprint (the first 8 hex digits of its SHA-256).
(function (ksdiag) {
  "use strict";
  function utf8Length(s) {
    return new TextEncoder().encode(s).length;
  }

  function redactKs(ks) {
    const chars = Array.from(ks);
    if (chars.length <= 24) return ks;
    return `${chars.slice(0, 12).join("")}…${chars.slice(-8).join("")} (${chars.length} chars)`;
  }

  async function fingerprint(secret) {
    if (!globalThis.crypto?.subtle) return null; // not a secure context (non-loopback bind)
    const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(secret));
    return Array.from(new Uint8Array(d).slice(0, 4), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function redactToken(token, label = "token") {
    const fp = await fingerprint(token);
    const n = Array.from(token).length;
    return fp ? `<${label}: ${n} chars, fp ${fp}>` : `<${label}: ${n} chars>`;
  }

  Object.assign(ksdiag, { utf8Length, redactKs, fingerprint, redactToken });
})((window.ksdiag = window.ksdiag || {}));
