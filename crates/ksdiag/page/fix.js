// The fix: what to change, in words, and the corrected code in the user's language
// (`ksdiag snippet --lang LANG --hash-type T`, through GET /ksdiag/snippet).
import { $, el, clear, copyText } from "./dom.js";
import { getText } from "./api.js";

const cache = new Map();
let hashType = "sha1";
let ask = 0;

async function loadSnippet() {
  const lang = $("fix-lang").value;
  const key = `${lang}/${hashType}`;
  const pre = $("fix-snippet");
  const mine = ++ask;
  if (!cache.has(key)) {
    pre.textContent = "Loading…";
    try {
      const q = new URLSearchParams({ lang, hash_type: hashType, flow: "hash" });
      cache.set(key, await getText(`/ksdiag/snippet?${q}`));
    } catch {
      // A server without `ksdiag snippet` (or a language it lacks): the words above stand.
      if (mine === ask) $("fix-code-area").hidden = true;
      return;
    }
  }
  if (mine === ask) {
    pre.textContent = cache.get(key);
    $("fix-code-area").hidden = false;
  }
}

export function showFix(fixes, type) {
  const list = clear($("fix-list"));
  list.append(...fixes.map((f) => el("li", {}, f)));
  if (!fixes.length) {
    list.append(el("li", {}, "Compute lowercase hex of the hash of the KS exactly as sent followed by the token, UTF-8, nothing else; the code below does."));
  }
  const changed = type !== hashType;
  hashType = type || "sha1";
  $("fix-block").hidden = false;
  if (changed || !$("fix-snippet").textContent) loadSnippet();
}

export function hideFix() {
  $("fix-block").hidden = true;
}

export function wireFix() {
  $("fix-lang").addEventListener("change", loadSnippet);
  $("copy-fix").addEventListener("click", () =>
    copyText($("fix-snippet").textContent, $("copy-status"), `the ${$("fix-lang").selectedOptions[0].text} code`),
  );
}
