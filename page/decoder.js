// The KS decoder: POST /ksdiag/decode answers what `ksdiag decode --json` prints.
(function (ksdiag) {
  "use strict";
  const { $, el, clear, debounce } = ksdiag;
  const { postJson, ServerError, words } = ksdiag;

  let seq = 0;

  // `relative` is decode's valid_until_relative: the CLI's words against the same clock.
  function timeCell(unix, relative) {
    if (typeof unix !== "number") return String(unix ?? "(absent)");
    const d = new Date(unix * 1000);
    const local = d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "long" });
    const utc = d.toISOString().replace(".000Z", "Z");
    return el(
      "span",
      {},
      el("strong", {}, local),
      el("br"),
      [`${utc} UTC`, `unix ${unix}`, relative].filter(Boolean).join(" · "),
    );
  }

  // Each privilege in words: decode's privileges_explained (ks-core's table of the server's
  // PRIVILEGE_* names), with its warning when the server would read it otherwise.
  function privilegesCell(p, explained) {
    if (!p) return "(empty)";
    return el(
      "span",
      {},
      el("code", {}, p),
      el(
        "ul",
        { class: "privs" },
        (explained ?? []).map((x) =>
          el(
            "li",
            {},
            el("code", {}, x.values?.length ? `${x.name}:${x.values.join("/")}` : x.name),
            `: ${x.meaning ?? "not a privilege the server names"}`,
            x.warning ? el("strong", {}, ` (${x.warning})`) : null,
          ),
        ),
      ),
    );
  }

  function row(name, value) {
    return el("tr", {}, el("th", { scope: "row" }, name), el("td", {}, value));
  }

  const show = (v) => (v === null || v === undefined ? "(empty)" : v === "" ? "(empty)" : String(v));

  function renderDecoded(k) {
    const out = [];
    const warn = (text, bad) => out.push(el("p", { class: bad ? "warn bad" : "warn" }, text));
    const say = (key) => words(`decode.${key}`);
    if (k.expired) warn(say("expired"), true);
    if (k.signature === "invalid") warn(k.signature_message ?? say("signature_invalid"), true);
    if (k.widget === false) warn(say("not_widget"), false);
    if (k.encrypted) warn(say("encrypted"), false);
    if (k.signature === "valid") out.push(el("p", { class: "good" }, say("signature_valid")));
    for (const w of k.warnings ?? []) warn(w, true);
    for (const t of k.taken_from_input ?? []) warn(`Read from what was pasted: ${t.message}`, t.server_rejects_as_pasted);
    for (const i of k.irregularities ?? []) warn(`Note: ${i}`, false);

    const rows = [row("version", `v${k.version}`), row("partner id", show(k.partner_id))];
    if ("valid_until" in k) {
      rows.push(row("valid until", timeCell(k.valid_until, k.valid_until_relative)));
      rows.push(row("type", words(`ks_type.${k.type}`) || show(k.type)));
      rows.push(row("user id", show(k.user_id)));
      rows.push(row("privileges", privilegesCell(k.privileges, k.privileges_explained)));
      rows.push(row("widget session", k.widget ? "yes" : "no"));
      rows.push(row("master partner id", show(k.master_partner_id)));
      rows.push(row("additional data", show(k.additional_data)));
      rows.push(row("rand", show(k.rand)));
      if ("partner_pattern" in k) rows.push(row("partner pattern", show(k.partner_pattern)));
      if ("signature_hex" in k) rows.push(row("signature", `${k.signature_hex} (shortened)`));
    }
    rows.push(row("signature check", k.signature === "unchecked" ? say("signature_unchecked") : k.signature));
    out.push(el("table", {}, el("caption", { class: "offscreen" }, "KS fields"), el("tbody", {}, rows)));
    return out;
  }

  async function run() {
    const ks = $("decode-ks").value;
    const secret = $("admin-secret").value;
    const out = $("decoded");
    const mine = ++seq;
    if (!ks.trim()) {
      clear(out).append(el("p", { class: "hint" }, words("decode.empty")));
      delete out.dataset.state;
      return;
    }
    const body = { ks };
    if (secret) body.admin_secret = secret;
    try {
      const k = await postJson("/ksdiag/decode", body);
      if (mine !== seq) return;
      clear(out).append(...renderDecoded(k));
      out.dataset.state = "decoded";
    } catch (e) {
      if (mine !== seq) return;
      clear(out).append(el("p", { class: "warn bad" }, e instanceof ServerError ? e.message : String(e)));
      out.dataset.state = "error";
    }
  }

  const decodeSoon = debounce(run, 250);

  function wireDecoder() {
    $("decode-form").addEventListener("input", () => decodeSoon());
    $("decode-form").addEventListener("submit", (e) => {
      e.preventDefault();
      decodeSoon.now();
    });
    $("decode-from-above").addEventListener("click", () => {
      $("decode-ks").value = $("ks").value;
      decodeSoon.now();
    });
    run();
  }

  Object.assign(ksdiag, { renderDecoded, decodeSoon, wireDecoder });
})((window.ksdiag = window.ksdiag || {}));
