// The fix: what to change, in words, and the code in the user's language: for the proven
// causes the line they most likely wrote beside the line to write, then the whole corrected
// tokenHash function (POST /ksdiag/fix?lang=LANG with the diagnose body: what
// `diagnose --lang LANG --json` puts in fix_code, from `ksdiag snippet`'s templates).
(function (ksdiag) {
  "use strict";
  const { $, el, clear, copyText } = ksdiag;
  const { postJson, words } = ksdiag;

  const cache = new Map();
  let body = null;
  let ask = 0;

  function show(fix) {
    const lines = clear($("fix-lines"));
    for (const l of fix.lines ?? []) {
      lines.append(
        el("p", { class: "fix-label" }, `You probably wrote (${l.causes.join(" + ")}):`),
        el("pre", { class: "snippet wrote", tabindex: "0" }, l.wrote),
        el("p", { class: "fix-label" }, "Write instead:"),
        el("pre", { class: "snippet write", tabindex: "0" }, l.write),
      );
    }
    $("fix-whole").textContent = `The whole function, ${fix.lang}, ${String(fix.hash_type).toUpperCase()}:`;
    $("fix-snippet").textContent = fix.code ?? "";
    $("fix-code-area").hidden = false;
  }

  async function loadFix() {
    if (!body) return;
    const lang = $("fix-lang").value;
    const key = `${lang}\n${JSON.stringify(body)}`;
    const mine = ++ask;
    if (!cache.has(key)) {
      $("fix-snippet").textContent = "Loading…";
      try {
        cache.set(key, await postJson(`/ksdiag/fix?lang=${encodeURIComponent(lang)}`, body));
      } catch {
        // A server without `ksdiag snippet`: the fix in words above stands.
        if (mine === ask) $("fix-code-area").hidden = true;
        return;
      }
    }
    if (mine === ask) show(cache.get(key));
  }

  /** Shows the fix for the diagnosis of `forBody` (the diagnose request it answered). */
  function showFix(fixes, forBody) {
    const list = clear($("fix-list"));
    list.append(...fixes.map((f) => el("li", {}, f)));
    if (!fixes.length) {
      list.append(el("li", {}, words("fix_default")));
    }
    $("fix-block").hidden = false;
    body = forBody;
    loadFix();
  }

  function hideFix() {
    $("fix-block").hidden = true;
  }

  function wireFix() {
    $("fix-lang").addEventListener("change", loadFix);
    $("copy-fix").addEventListener("click", () =>
      copyText($("fix-snippet").textContent, $("copy-status"), `the ${$("fix-lang").selectedOptions[0].text} code`),
    );
  }

  Object.assign(ksdiag, { showFix, hideFix, wireFix });
})((window.ksdiag = window.ksdiag || {}));
