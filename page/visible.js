// Invisible characters and whitespace shown as visible marks, the way `ksdiag diagnose` prints
// them (\n, \r, \t, ␠, \x00, <U+200B>), each in its own highlighted span with a name for
// screen readers and a tooltip.
(function (ksdiag) {
  "use strict";
  const { el } = ksdiag;

  const NAMES = {
    0x0a: ["\\n", "line feed (newline)"],
    0x0d: ["\\r", "carriage return"],
    0x09: ["\\t", "tab"],
    0x20: ["␠", "space"],
    0xa0: ["<U+00A0>", "no-break space"],
    0x200b: ["<U+200B>", "zero-width space"],
    0x200c: ["<U+200C>", "zero-width non-joiner"],
    0x200d: ["<U+200D>", "zero-width joiner"],
    0x2060: ["<U+2060>", "word joiner"],
    0xfeff: ["<U+FEFF>", "byte order mark / zero-width no-break space"],
  };

  function markFor(cp) {
    if (NAMES[cp]) return NAMES[cp];
    if (cp < 0x20 || cp === 0x7f) {
      return [`\\x${cp.toString(16).padStart(2, "0")}`, `control character ${cp}`];
    }
    if (cp > 0x7e) {
      const hex = cp.toString(16).toUpperCase().padStart(4, "0");
      return [`<U+${hex}>`, `character U+${hex}`];
    }
    return null;
  }

  /** A fragment with text as-is and each invisible or non-ASCII character as a mark. */
  function visible(text) {
    const frag = document.createDocumentFragment();
    let plain = "";
    for (const ch of String(text)) {
      const m = markFor(ch.codePointAt(0));
      if (!m) {
        plain += ch;
        continue;
      }
      if (plain) frag.append(plain);
      plain = "";
      frag.append(el("span", { class: "mark", title: m[1], "aria-label": m[1] }, m[0]));
    }
    if (plain) frag.append(plain);
    return frag;
  }

  /** The same marks as plain text (for copying and for tests). */
  function visibleText(text) {
    let out = "";
    for (const ch of String(text)) {
      const m = markFor(ch.codePointAt(0));
      out += m ? m[0] : ch;
    }
    return out;
  }

  Object.assign(ksdiag, { visible, visibleText });
})((window.ksdiag = window.ksdiag || {}));
