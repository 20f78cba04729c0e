// The live list: GET /ksdiag/requests (newest first, at most 500), polled while the page is
// visible. Each call expands to its diagnosis; open ones stay open across refreshes.
(function (ksdiag) {
  "use strict";
  const { $, el, clear } = ksdiag;
  const { getJson } = ksdiag;
  const { compact } = ksdiag;
  const { errorText } = ksdiag;

  const POLL_MS = 1500;
  let paused = false;
  let lastText = "";
  const open = new Set();

  // A request that never reached the API (NOT_SERVED, CORS_REFUSED) has no service: its path.
  function nameOf(call) {
    return call.service ? `${call.service}.${call.action}` : call.path ?? "?";
  }

  function keyOf(call, indexFromEnd) {
    return `${indexFromEnd}:${call.time}:${nameOf(call)}`;
  }

  function clock(unix) {
    const d = new Date(unix * 1000);
    return d.toLocaleTimeString(undefined, { hour12: false });
  }

  function summaryOf(call) {
    const d = call.diagnosis;
    const status = call.ok
      ? el("span", { class: "st-ok" }, "ok")
      : el("span", { class: "st-bad" }, call.code ?? "failed");
    let why = null;
    if (d) {
      why =
        d.verdict === "explained"
          ? d.explanations[0].causes.map((c) => c.code).join(" + ")
          : d.verdict;
    }
    return el(
      "summary",
      {},
      el("span", { class: "when" }, el("time", { datetime: new Date(call.time * 1000).toISOString() }, clock(call.time))),
      el("span", { class: "call" }, nameOf(call)),
      status,
      why ? el("span", { class: "why" }, `why: ${why}`) : null,
      call.service ? el("span", { class: "hint" }, `format ${call.format}`) : null,
    );
  }

  function bodyOf(call) {
    const box = el("div", { class: "live-body" });
    if (call.diagnosis) box.append(compact(call.diagnosis));
    else if (!call.service && call.reason) box.append(el("p", {}, call.reason));
    else if (!call.ok && call.code) {
      const t = errorText(call.code);
      box.append(el("p", {}, t ? `${t.title}. ${t.meaning}` : `The server answered ${call.code}.`));
    } else box.append(el("p", {}, "The call succeeded."));
    return box;
  }

  function render(calls) {
    const list = clear($("live-list"));
    if (!calls.length) {
      list.append(el("li", { class: "live-empty" }, "No calls yet. Run your program against this server and they appear here."));
      return;
    }
    calls.forEach((call, i) => {
      const key = keyOf(call, calls.length - i);
      const details = el("details", { dataset: { key } }, summaryOf(call));
      details.addEventListener("toggle", () => {
        if (details.open) {
          if (!details.querySelector(".live-body")) details.append(bodyOf(call));
          open.add(key);
        } else open.delete(key);
      });
      if (open.has(key)) {
        details.open = true;
        details.append(bodyOf(call));
      }
      list.append(el("li", { dataset: { ok: String(call.ok), code: call.code ?? "" } }, details));
    });
  }

  async function poll() {
    if (!paused && document.visibilityState === "visible") {
      try {
        const calls = await getJson("/ksdiag/requests");
        const text = JSON.stringify(calls);
        if (text !== lastText) {
          lastText = text;
          render(Array.isArray(calls) ? calls : []);
        }
        $("live-status").textContent = `${Array.isArray(calls) ? calls.length : 0} calls; updated ${new Date().toLocaleTimeString(undefined, { hour12: false })}`;
      } catch (e) {
        $("live-status").textContent = `Not updated: ${e.message}`;
      }
    }
    setTimeout(poll, POLL_MS);
  }

  function wireLive() {
    // Only a server receives calls: opened from a file or a static host there is no list.
    if (ksdiag.host() !== "serve") return;
    for (const id of ["live", "live-nav", "offline-serve"]) $(id).hidden = false;
    $("offline-static").hidden = true;
    $("service-url").textContent = location.origin;
    const b = $("live-pause");
    b.addEventListener("click", () => {
      paused = !paused;
      b.setAttribute("aria-pressed", String(paused));
      b.textContent = paused ? "Resume" : "Pause";
      $("live-status").textContent = paused ? "Paused." : "Resumed.";
    });
    poll();
  }

  Object.assign(ksdiag, { wireLive });
})((window.ksdiag = window.ksdiag || {}));
