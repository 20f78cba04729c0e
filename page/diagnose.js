// The diagnose panel: the form in, the verdict out, as the user types (debounced).
(function (ksdiag) {
  "use strict";
  const { $, el, clear, debounce, copyText } = ksdiag;
  const { postJson, postText, ServerError } = ksdiag;
  const { readInputs, stillNeeded, isEmpty, localProblems, logFile } = ksdiag;
  const { headline, causeItem, findingItem, bytes, hashName, hashTypeSource } = ksdiag;
  const { causeText, loadExplanations, words } = ksdiag;
  const { redactKs, redactToken, utf8Length } = ksdiag;
  const { showFix, hideFix } = ksdiag;

  let seq = 0;
  let inFlight = null;
  let last = null; // {body, diagnosis} of the result on screen

  const verdictEl = () => $("verdict");

  function setVerdict(kind, head, sub) {
    const v = verdictEl();
    if (kind) v.dataset.verdict = kind;
    else delete v.dataset.verdict;
    $("headline").textContent = head;
    $("subline").textContent = sub ?? "";
  }

  function busy(on) {
    $("result").setAttribute("aria-busy", String(on));
    // A stale verdict must not be read as the answer to the new input.
    if (on) delete verdictEl().dataset.verdict;
  }

  function neutral(head, sub) {
    last = null;
    setVerdict(null, head, sub);
    $("result-body").hidden = true;
    hideFix();
  }

  function inputError(message) {
    last = null;
    setVerdict("error", "The input could not be read", message);
    $("result-body").hidden = true;
    hideFix();
  }

  async function shouldBe(body, d) {
    // Only when the page holds the exact KS and token the server compared against.
    if (typeof body.ks !== "string" || typeof body.token !== "string") return null;
    if (!d.inputs || !/ks/i.test(d.inputs.ks ?? "ks") || !/token/i.test(d.inputs.token ?? "token")) return null;
    return {
      segments: [
        { role: "ks", length: utf8Length(body.ks), text: redactKs(body.ks) },
        { role: "token", length: utf8Length(body.token), text: await redactToken(body.token) },
      ],
      byteLen: utf8Length(body.ks) + utf8Length(body.token),
    };
  }

  function sourceRows(inputs) {
    const rows = [];
    const names = { ks: "KS", hash: "tokenHash", token: "token", token_id: "app token id" };
    for (const [k, label] of Object.entries(names)) {
      if (inputs[k]) rows.push(el("dt", {}, label), el("dd", {}, inputs[k]));
    }
    if (inputs.other_ks?.length) rows.push(el("dt", {}, "other KS"), el("dd", {}, inputs.other_ks.join("; ")));
    return rows;
  }

  async function showDiagnosis(body, d) {
    last = { body, diagnosis: d };
    const sub = words(`verdict.${d.verdict}`, { hash: hashName(d.hash_type), source: hashTypeSource(d.hash_type_source) });
    setVerdict(d.verdict, headline(d), sub);

    const top = d.verdict === "explained" ? d.explanations[0] : null;
    clear($("causes")).append(...(top ? top.causes.map(causeItem) : []));
    $("causes-block").hidden = !top;

    $("bytes-block").hidden = !top;
    if (top) {
      const bytesEl = clear($("bytes"));
      bytesEl.append(...bytes(d, top, await shouldBe(body, d)));
      if (top.note) bytesEl.append(el("p", { class: "hint full" }, `Note: ${top.note}`));
    }

    $("expected-h").textContent = `Correct tokenHash (${hashName(d.hash_type)})`;
    $("expected-hash").textContent = d.expected_hash;

    const un = d.verdict === "unexplained";
    $("unexplained-block").hidden = !un;
    if (un) {
      $("tried").textContent = d.candidates_tried
        ? `${words("tried", { n: d.candidates_tried, families: d.families_tried.join(", ") })} ${words("tried_after")}`
        : words("tried_none");
      clear($("evidence")).append(...(d.evidence ?? []).map((x) => el("li", {}, x)));
    }

    const notTried = un ? d.not_tried ?? [] : [];
    $("not-tried-h").hidden = notTried.length === 0;
    clear($("not-tried")).append(...notTried.map((x) => el("li", {}, x)));

    const readings = d.readings ?? [];
    $("readings-block").hidden = readings.length < 2;
    clear($("readings").tBodies[0]).append(
      ...readings.map((r) =>
        el(
          "tr",
          { dataset: { outcome: r.outcome } },
          el("td", {}, hashName(r.hash_type)),
          el("td", {}, r.sent_ks),
          el("td", {}, [r.outcome.replace("_", " "), r.causes?.length ? `: ${r.causes.join(" + ")}` : ""].join("")),
          el("td", {}, el("code", { class: "hash" }, r.expected_hash)),
        ),
      ),
    );

    const more = d.verdict === "explained" ? d.explanations.slice(1) : [];
    $("also-block").hidden = more.length === 0;
    clear($("also")).append(
      ...more.map((e) => el("li", {}, e.causes.map((c) => c.code).join(" + "), ` (${hashName(e.hash_type)})`)),
    );

    $("findings-block").hidden = !(d.findings?.length);
    clear($("findings")).append(...(d.findings ?? []).map(findingItem));

    const sources = sourceRows(d.inputs ?? {});
    $("sources-block").hidden = sources.length === 0;
    clear($("sources")).append(...sources);

    $("result-body").hidden = false;
    if (d.verdict === "match") hideFix();
    else {
      const fixes = top ? top.causes.map((c) => causeText(c.code)?.fix).filter(Boolean) : [];
      showFix(fixes, body);
    }
  }

  async function run() {
    const body = readInputs();
    const mine = ++seq;
    inFlight?.abort();
    inFlight = null;
    if (isEmpty(body)) {
      busy(false);
      neutral("Paste a KS, the token and the tokenHash to see why it was rejected.");
      return;
    }
    const problem = localProblems(body);
    if (problem) {
      busy(false);
      inputError(problem);
      return;
    }
    const need = stillNeeded(body);
    if (need.length) {
      busy(false);
      neutral(`Still needed: ${need.join(", ")}.`);
      return;
    }
    const ctl = new AbortController();
    inFlight = ctl;
    busy(true);
    try {
      await loadExplanations();
      const d = await postJson("/ksdiag/diagnose", body, ctl.signal);
      if (mine !== seq) return;
      await showDiagnosis(body, d);
    } catch (e) {
      if (e.name === "AbortError" || mine !== seq) return;
      inputError(e instanceof ServerError ? e.message : String(e));
    } finally {
      if (mine === seq) busy(false);
    }
  }

  // With the engine in the browser a diagnosis takes milliseconds: wait only for the typing to
  // pause (a verdict within 100 ms of the last keystroke); a server is asked less often.
  const diagnoseSoon = debounce(run, ksdiag.inBrowser() ? 40 : 250);

  async function copyReport() {
    const status = $("copy-status");
    if (!last) {
      status.textContent = "Nothing to report yet.";
      return;
    }
    try {
      const md = await postText("/ksdiag/report", last.body);
      await copyText(md, status, "the redacted Markdown report");
    } catch (e) {
      status.textContent = `Could not make the report: ${e.message}`;
    }
  }

  function wireDiagnose() {
    const form = $("diagnose-form");
    // Mark the result stale at once, so nothing reads the old verdict as the new answer.
    const changed = () => {
      markStale();
      diagnoseSoon();
    };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      diagnoseSoon.now();
    });
    $("copy-hash").addEventListener("click", () =>
      copyText($("expected-hash").textContent, $("copy-status"), "the correct tokenHash"),
    );
    $("copy-report").addEventListener("click", copyReport);
    diagnoseSoon.now();
  }

  /** The inputs changed: the verdict on screen no longer answers them. */
  function markStale() {
    ++seq;
    inFlight?.abort();
    busy(true);
  }

  /** Replaces the log with a file's text (from the file chooser or a drop). */
  function useLogFile(name, text, note) {
    logFile.name = name;
    logFile.text = text;
    const ta = $("log");
    ta.value = "";
    ta.disabled = Boolean(name);
    ta.placeholder = name ? `Using the file ${name}` : "";
    $("log-file-status").textContent = note ?? "";
    $("log-clear").hidden = !name;
    diagnoseSoon.now();
  }

  Object.assign(ksdiag, { diagnoseSoon, wireDiagnose, markStale, useLogFile });
})((window.ksdiag = window.ksdiag || {}));
