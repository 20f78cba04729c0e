// What each cause and finding code means, from `ksdiag explain` (GET /ksdiag/explain answers
// the whole catalogue at once: the engine's own tables, so the page and the CLI say the same).
(function (ksdiag) {
  "use strict";
  const { getJson } = ksdiag;

  let catalogue = null;

  async function loadExplanations() {
    if (catalogue) return catalogue;
    try {
      catalogue = await getJson("/ksdiag/explain");
    } catch {
      catalogue = { causes: {}, findings: {}, errors: {} };
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

  function capitalized(s) {
    return s ? s[0].toUpperCase() + s.slice(1) : s;
  }

  Object.assign(ksdiag, { loadExplanations, causeText, findingText, errorText, capitalized });
})((window.ksdiag = window.ksdiag || {}));
