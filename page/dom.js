// Small DOM helpers. Text always goes in through textContent: nothing the user pastes or the
// server answers is ever parsed as HTML.
(function (ksdiag) {
  "use strict";
  /** el("li", {class: "x", dataset: {code: "y"}}, "text", childNode) */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "dataset") Object.assign(node.dataset, v);
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    append(node, children);
    return node;
  }

  /** Appends strings (as text) and nodes; skips null/undefined/false. */
  function append(node, children) {
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function clear(node) {
    node.replaceChildren();
    return node;
  }

  const $ = (id) => document.getElementById(id);

  /** Copies text to the clipboard and says so in the status element (a live region). */
  async function copyText(text, statusEl, what) {
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      // Clipboard API refused (no permission, not focused): fall back to a hidden textarea.
      const ta = el("textarea", { class: "offscreen", "aria-hidden": "true" });
      ta.value = text;
      document.body.append(ta);
      ta.select();
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
      ta.remove();
    }
    statusEl.textContent = ok
      ? `Copied ${what} to the clipboard.`
      : `Could not copy ${what}: select it and press Ctrl+C.`;
    return ok;
  }

  /** Calls fn after the input has been quiet for ms milliseconds. */
  function debounce(fn, ms) {
    let t = 0;
    const wrapped = (...args) => {
      clearTimeout(t);
      t = setTimeout(() => fn(...args), ms);
    };
    wrapped.now = (...args) => {
      clearTimeout(t);
      fn(...args);
    };
    return wrapped;
  }

  /** "Show"/"Hide" toggles for password fields: secrets stay masked unless asked for. */
  function wireRevealButtons() {
    for (const b of document.querySelectorAll("button.reveal")) {
      const input = $(b.dataset.reveal);
      b.setAttribute("aria-controls", input.id);
      b.addEventListener("click", () => {
        const show = input.type === "password";
        input.type = show ? "text" : "password";
        b.textContent = show ? "Hide" : "Show";
        b.setAttribute("aria-pressed", String(show));
      });
    }
  }

  Object.assign(ksdiag, { el, append, clear, $, copyText, debounce, wireRevealButtons });
})((window.ksdiag = window.ksdiag || {}));
