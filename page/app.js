// The local page of `ksdiag serve`: paste, see why; nothing leaves the machine.
// Plain ES modules, no framework, nothing loaded from elsewhere (CSP default-src 'self').
// Nothing is written to localStorage, sessionStorage, cookies or IndexedDB.
(function (ksdiag) {
  "use strict";
  const { $, wireRevealButtons } = ksdiag;
  const { wireDiagnose, useLogFile, markStale } = ksdiag;
  const { wireDecoder } = ksdiag;
  const { wireLive } = ksdiag;
  const { wireFix } = ksdiag;
  const { loadExplanations } = ksdiag;
  const { readLogFile } = ksdiag;

  async function takeFile(file) {
    if (!file) return;
    markStale();
    $("log-file-status").textContent = `Reading ${file.name}…`;
    try {
      const { text, note } = await readLogFile(file);
      useLogFile(file.name, text, note);
    } catch (e) {
      useLogFile("", "", e.message);
    }
  }

  function wireFiles() {
    const chooser = $("log-file");
    chooser.addEventListener("change", () => takeFile(chooser.files[0]));
    $("log-clear").addEventListener("click", () => {
      chooser.value = "";
      useLogFile("", "", "File removed.");
      $("log").focus();
    });
    // A file dropped anywhere on the page is the log or HAR file.
    const overlay = $("drop-overlay");
    let depth = 0;
    const hasFiles = (e) => Array.from(e.dataTransfer?.types ?? []).includes("Files");
    document.addEventListener("dragenter", (e) => {
      if (!hasFiles(e)) return;
      depth++;
      overlay.hidden = false;
    });
    document.addEventListener("dragleave", () => {
      depth = Math.max(0, depth - 1);
      if (!depth) overlay.hidden = true;
    });
    document.addEventListener("dragover", (e) => {
      if (hasFiles(e)) e.preventDefault();
    });
    document.addEventListener("drop", (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      overlay.hidden = true;
      takeFile(e.dataTransfer.files[0]);
    });
  }

  wireRevealButtons();
  wireFiles();
  wireFix();
  loadExplanations().then(() => {
    wireDiagnose();
    wireDecoder();
    wireLive();
  });
})((window.ksdiag = window.ksdiag || {}));
