// Renders what `ksdiag diagnose --json` prints (docs/diagnosis.schema.json) as page elements.
// Used for the main result and, compact, for each call in the live list.
(function (ksdiag) {
  "use strict";
  const { el } = ksdiag;
  const { visible } = ksdiag;
  const { causeText, findingText, words, capitalized } = ksdiag;

  const HASH_NAMES = { md5: "MD5", sha1: "SHA1", sha256: "SHA256", sha512: "SHA512" };
  const hashName = (t) => HASH_NAMES[t] ?? String(t ?? "").toUpperCase();

  const hashTypeSource = (s) => words(`hash_type_source.${s}`) || s;

  /** The verdict in one sentence, as the CLI's first line says it. */
  const MARKS = { match: "✓", explained: "✗", unexplained: "?" };

  function headline(d) {
    // The CLI's own sentence (the wire format's headline), with what the verdict rests on.
    // The CLI's mark too: ✗ whenever a check stops the call, even for a correct hash.
    const mark = d.stop || (d.verdict === "match" && d.call_accepted === false) ? "✗" : (MARKS[d.verdict] ?? "");
    return `${mark} ${d.headline ?? d.verdict}`.trim();
  }

  const VISIBLE_KEYS = new Set(["text", "prefix", "suffix"]);

  /** A cause's details, "(used sha1, expected sha256)", invisible characters made visible. */
  function causeDetails(c) {
    const keys = Object.keys(c).filter((k) => k !== "code");
    // A candidate KS named by its source needs no index (as the CLI prints it).
    const shown = keys.filter((k) => !(k === "which" && "source" in c));
    if (!shown.length) return null;
    const span = el("span", { class: "cause-detail" }, " (");
    shown.forEach((k, i) => {
      if (i) span.append(", ");
      span.append(`${k.replace(/_/g, " ")} `);
      if (VISIBLE_KEYS.has(k)) span.append("“", visible(c[k]), "”");
      else span.append(String(c[k]));
    });
    span.append(")");
    return span;
  }

  function causeItem(c) {
    const t = causeText(c.code);
    // The engine words each cause as the CLI's report does (`words`); the summary and the
    // wire's details are the fallback for an answer without them (a server built without the
    // engine).
    const said = c.words ? el("span", { class: "cause-words" }, ` ${c.words}`) : null;
    return el(
      "li",
      { dataset: { code: c.code } },
      el("code", { class: "code-name cause-code" }, c.code),
      said ?? (t ? ` ${t.summary}` : null),
      said ? null : causeDetails(c),
      t?.fix ? el("p", { class: "explain" }, el("strong", {}, "Fix: "), t.fix) : null,
    );
  }

  function findingItem(f) {
    const t = findingText(f.code);
    return el(
      "li",
      { dataset: { code: f.code } },
      el("code", { class: "code-name" }, f.code),
      `: ${f.message}`,
      t?.summary && t.summary !== f.message ? el("p", { class: "explain" }, capitalized(t.summary)) : null,
    );
  }

  const ROLE_WORDS = { ks: "ks", token: "token", token_id: "token id", extra: "" };

  /** The segments of a hashed message as colored chips: [ks …][token …][\n]. */
  function segments(segs) {
    const frag = document.createDocumentFragment();
    for (const s of segs) {
      const base = s.role.startsWith("ks") ? "ks" : s.role;
      const word = ROLE_WORDS[base] ?? s.role;
      const label = s.role.startsWith("ks#") ? s.role.replace("#", " #") : word;
      frag.append(
        el(
          "span",
          { class: `seg seg-${base}`, title: `${s.role}: ${s.length} bytes` },
          label ? el("span", { class: "role" }, label) : null,
          base === "extra" ? visible(s.text) : s.text,
        ),
      );
    }
    return frag;
  }

  function bytesRow(label, meta, content) {
    return [
      el("div", { class: "row-label" }, label),
      el("div", {}, el("span", { class: "row-meta" }, meta), content),
    ];
  }

  /**
   * The bytes hashed against the bytes that should have been.
   * `should` is {segments, byteLen} built from the inputs, or null when the page does not know
   * the exact KS and token (they came from a request, a log or the app token JSON).
   */
  function bytes(d, e, should) {
    const rows = [];
    if (e.hashed) {
      const h = e.hashed;
      const how = h.method && h.method !== "plain" ? `, as ${h.method}` : "";
      rows.push(
        ...bytesRow("hashed", `${hashName(e.hash_type)}, ${h.byte_len} bytes, ${h.encoding}${how}`, segments(h.segments)),
      );
    }
    if (should) {
      rows.push(...bytesRow("should be", `${hashName(d.hash_type)}, ${should.byteLen} bytes, UTF-8`, segments(should.segments)));
    } else {
      rows.push(
        ...bytesRow(
          "should be",
          `${hashName(d.hash_type)}, UTF-8`,
          el("span", {}, el("span", { class: "seg seg-ks" }, el("span", { class: "role" }, "ks"), "the KS exactly as sent"),
            el("span", { class: "seg seg-token" }, el("span", { class: "role" }, "token"), "the app token's token")),
        ),
      );
    }
    rows.push(...bytesRow("claimed", "the tokenHash sent", el("code", { class: "hash" }, e.reproduced_hash)));
    if (e.produced_digest && e.produced_digest !== e.reproduced_hash) {
      rows.push(...bytesRow("digest", "before it was rendered as text", el("code", { class: "hash" }, e.produced_digest)));
    }
    rows.push(...bytesRow("correct", `lowercase hex of ${hashName(d.hash_type)}(KS + token)`, el("code", { class: "hash" }, d.expected_hash)));
    return rows;
  }

  /** A whole diagnosis in a small space (the live list): headline, causes, hash, findings. */
  function compact(d) {
    const box = el("div", { class: "compact", dataset: { verdict: d.verdict } });
    box.append(el("p", { class: "headline" }, el("strong", {}, headline(d))));
    if (d.verdict === "explained") {
      const e = d.explanations[0];
      box.append(el("ol", { class: "causes" }, e.causes.map(causeItem)));
      if (e.hashed) {
        box.append(el("div", { class: "bytes" }, bytes(d, e, null)));
      }
      if (e.note) box.append(el("p", { class: "hint" }, `Note: ${e.note}`));
    } else if (d.verdict === "unexplained") {
      box.append(el("ul", { class: "evidence" }, (d.evidence ?? []).map((x) => el("li", {}, x))));
    }
    if (d.verdict !== "match") {
      box.append(
        el("p", {}, `Correct tokenHash (${hashName(d.hash_type)}, ${hashTypeSource(d.hash_type_source)}): `,
          el("code", { class: "hash" }, d.expected_hash)),
      );
    }
    if (d.findings?.length) {
      box.append(el("h4", {}, "Findings"), el("ul", { class: "findings" }, d.findings.map(findingItem)));
    }
    return box;
  }

  Object.assign(ksdiag, { HASH_NAMES, hashName, hashTypeSource, headline, causeDetails, causeItem, findingItem, segments, bytes, compact });
})((window.ksdiag = window.ksdiag || {}));
