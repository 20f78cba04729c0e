// Dropped logs and HAR files, read with Blob.text() (which works from file://, unlike fetch).
// With the engine in the page the file is read whole up to the CLI's own limit, so the verdict
// is the CLI's. A browser's HAR holds every image and script the page loaded, often megabytes:
// above that limit, or for a server without the engine (it takes 1 MiB a request), the bodies
// that cannot hold a KS or a tokenHash (images, fonts, media, scripts, style sheets) are left out.
// What is left is what `ksdiag diagnose --log` reads: request URLs and bodies, and the text
// answers (startWidgetSession's KS, the startSession error).
(function (ksdiag) {
  "use strict";
  const MAX_LOG_BYTES = 900 * 1024;
  // With the engine in the browser nothing is sent: the CLI's own limit (gather.rs MAX_LOG_BYTES).
  const MAX_LOCAL_LOG_BYTES = 16 * 1024 * 1024;

  const TEXTUAL = /json|xml|text\/plain|x-www-form-urlencoded|php/i;

  function shrinkHar(text) {
    let har;
    try {
      har = JSON.parse(text);
    } catch {
      return null;
    }
    const entries = har?.log?.entries;
    if (!Array.isArray(entries)) return null;
    let dropped = 0;
    for (const e of entries) {
      const c = e?.response?.content;
      if (c && typeof c.text === "string" && !TEXTUAL.test(c.mimeType ?? "")) {
        delete c.text;
        dropped++;
      }
      for (const k of Object.keys(e ?? {})) if (k.startsWith("_")) delete e[k];
      if (e) delete e.timings;
      if (e) delete e.cache;
    }
    if (har.log.pages) delete har.log.pages;
    return { text: JSON.stringify(har), dropped, entries: entries.length };
  }

  function sizeWords(n) {
    if (n < 1024) return `${n} bytes`;
    if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
    return `${(n / 1024 / 1024).toFixed(1)} MB`;
  }

  /**
   * Reads a File into {text, note} or throws an Error with the message to show.
   */
  async function readLogFile(file) {
    let text = await file.text();
    let note = `${file.name}: ${sizeWords(file.size)}`;
    const limit = ksdiag.inBrowser() ? MAX_LOCAL_LOG_BYTES : MAX_LOG_BYTES;
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > limit) {
      const small = shrinkHar(text);
      if (small) {
        text = small.text;
        const kept = sizeWords(new TextEncoder().encode(text).length);
        note += `, ${small.entries} requests; ${small.dropped} image, script and other bodies left out (${kept} ${ksdiag.inBrowser() ? "read" : "sent"})`;
      }
    }
    if (new TextEncoder().encode(text).length > limit) {
      throw new Error(
        `${file.name} is ${sizeWords(file.size)}: the page reads at most ${sizeWords(limit)}. ` +
          "Cut it to the lines around the appToken.startSession call and try again.",
      );
    }
    return { text, note };
  }

  Object.assign(ksdiag, { MAX_LOG_BYTES, shrinkHar, sizeWords, readLogFile });
})((window.ksdiag = window.ksdiag || {}));
