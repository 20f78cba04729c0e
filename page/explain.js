// What each cause and finding code means, from `ksdiag explain` (GET /ksdiag/explain answers
// the whole catalogue at once: the engine's own tables, so the page and the CLI say the same),
// and the page's own sentences around the JSON it renders (`words`, ks-report's page_words.rs):
// the page holds no copy of a sentence the report crate says.
(function (ksdiag) {
  "use strict";
  const { getJson } = ksdiag;

  let catalogue = null;

  async function loadExplanations() {
    if (catalogue) return catalogue;
    try {
      catalogue = await getJson("/ksdiag/explain");
    } catch {
      catalogue = { causes: {}, findings: {}, errors: {}, words: {} };
    }
    return catalogue;
  }

  /** {summary, fix} of a cause code, or null. */
  function causeText(code) {
    return catalogue?.causes?.[code] ?? null;
  }

  /** {summary} of a finding code, or null. */
  function findingText(code) {
    return catalogue?.findings?.[code] ?? null;
  }

  /** {title, meaning, check} of a Kaltura error code, or null. */
  function errorText(code) {
    return catalogue?.errors?.[String(code).toUpperCase()] ?? null;
  }

  /**
   * A sentence of the catalogue's `words` by its path ("decode.expired"), `{name}` filled from
   * `values`; "" when the catalogue could not be read.
   */
  function words(path, values = {}) {
    let t = catalogue?.words;
    for (const k of path.split(".")) t = t?.[k];
    if (typeof t !== "string") return "";
    return t.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  }

  function capitalized(s) {
    return s ? s[0].toUpperCase() + s.slice(1) : s;
  }

  Object.assign(ksdiag, { loadExplanations, causeText, findingText, errorText, words, capitalized });
})((window.ksdiag = window.ksdiag || {}));
