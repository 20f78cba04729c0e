// The KS decoder: POST /ksdiag/decode answers what `ksdiag decode --json` prints.
(function (ksdiag) {
  "use strict";
  const { $, el, clear, debounce } = ksdiag;
  const { postJson, ServerError } = ksdiag;

  let seq = 0;

  const TYPES = { 0: "0 (USER)", 2: "2 (ADMIN)" };

  function relative(until, nowMs) {
    const s = Math.round(until - nowMs / 1000);
    const abs = Math.abs(s);
    const span =
      abs < 90 ? `${abs} s` : abs < 5400 ? `${Math.round(abs / 60)} min` : abs < 172800 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86400)} days`;
    return s >= 0 ? `in ${span}` : `${span} ago`;
  }

  function timeCell(unix) {
    if (typeof unix !== "number") return String(unix ?? "(absent)");
    const d = new Date(unix * 1000);
    const local = d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "long" });
    const utc = d.toISOString().replace(".000Z", "Z");
    return el(
      "span",
      {},
      el("strong", {}, local),
      el("br"),
      `${utc} UTC · unix ${unix} · ${relative(unix, Date.now())}`,
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
    if (k.expired) warn("Expired: its valid_until has passed, so the server answers INVALID_KS (EXPIRED, -5). Start a new widget session right before appToken.startSession.", true);
    if (k.signature === "invalid") warn(k.signature_message ?? "The signature does not check with this admin secret: the KS was signed with another secret, or changed after signing.", true);
    if (k.widget === false) warn("Not a widget KS: appToken.startSession expects the KS of session.startWidgetSession (type USER, no user id, privileges with widget:1).", false);
    if (k.encrypted) warn("A v2 KS is encrypted: without the partner's admin secret only its version and partner are readable.", false);
    if (k.signature === "valid") out.push(el("p", { class: "good" }, "Signature valid for this admin secret."));
    for (const w of k.warnings ?? []) warn(w, true);
    for (const t of k.taken_from_input ?? []) warn(`Read from what was pasted: ${t.message}`, t.server_rejects_as_pasted);
    for (const i of k.irregularities ?? []) warn(`Note: ${i}`, false);

    const rows = [row("version", `v${k.version}`), row("partner id", show(k.partner_id))];
    if ("valid_until" in k) {
      rows.push(row("valid until", timeCell(k.valid_until)));
      rows.push(row("type", TYPES[k.type] ?? show(k.type)));
      rows.push(row("user id", show(k.user_id)));
      rows.push(row("privileges", privilegesCell(k.privileges, k.privileges_explained)));
      rows.push(row("widget session", k.widget ? "yes" : "no"));
      rows.push(row("master partner id", show(k.master_partner_id)));
      rows.push(row("additional data", show(k.additional_data)));
      rows.push(row("rand", show(k.rand)));
      if ("partner_pattern" in k) rows.push(row("partner pattern", show(k.partner_pattern)));
      if ("signature_hex" in k) rows.push(row("signature", `${k.signature_hex} (shortened)`));
    }
    rows.push(row("signature check", k.signature === "unchecked" ? "unchecked: give the admin secret to check it" : k.signature));
    out.push(el("table", {}, el("caption", { class: "offscreen" }, "KS fields"), el("tbody", {}, rows)));
    return out;
  }

  async function run() {
    const ks = $("decode-ks").value;
    const secret = $("admin-secret").value;
    const out = $("decoded");
    const mine = ++seq;
    if (!ks.trim()) {
      clear(out).append(el("p", { class: "hint" }, "Paste a KS to read its fields: partner, expiry in local time and UTC, privileges, and with the admin secret its signature."));
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
