// The cases the page is checked on, taken from the CLI's own fixtures: one recorded real
// mistake per cause code (fixtures/cases), the CLI snapshot cases (tests/cmd/*.toml and their
// .in folders: artifacts, a curl command, a HAR file, XML app token, a log), chains computed
// here with node:crypto (not by ksdiag), and bad input. Keys are the page's field labels.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./harness.mjs";

const read = (...p) => fs.readFileSync(path.join(ROOT, ...p), "utf8");
const CMD = (name, file) => read("tests/cmd", `${name}.in`, file);

// The KS and token of tests/cmd/diagnose-{match,unexplained,uppercase-json}.toml.
const KS140 =
  "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
const TOKEN21 = "f973211b7115b849cc0b5";
// crates/ksdiag/example.rs, the README's example.
const EX_TOKEN = "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e";
const EX_APP_TOKEN = `{"id":"0_s9x2kq7w","token":"${EX_TOKEN}","partnerId":1234567,"hashType":"SHA256","status":2,"expiry":0,"sessionType":0,"objectType":"KalturaAppToken"}`;

const hex = (alg, text) => crypto.createHash(alg).update(text, "utf8").digest("hex");

function causeCases() {
  const dir = path.join(ROOT, "fixtures/cases");
  return fs
    .readdirSync(dir)
    .filter((d) => fs.statSync(path.join(dir, d)).isDirectory())
    .sort()
    .map((d) => {
      const c = JSON.parse(read("fixtures/cases", d, "case.json"));
      const out = read("fixtures/cases", d, "output.txt");
      // What the user pastes: the printed line, without print's own newline (tests/cases.rs).
      // As tests/cases.rs runs it: a given_token is what the user passed, beside the app
      // token that holds the real one.
      const fields = { KS: c.ks, Token: c.given_token ?? c.token, tokenHash: out.replace(/\n$/, ""), "Hash type": c.hash_type, "Call time (unix seconds)": "1764000100" };
      if (c.given_token) fields["App token JSON"] = JSON.stringify({ token: c.token });
      if (c.token_id) fields["App token id"] = c.token_id;
      if (c.other_ks) fields["Other KS, one a line"] = c.other_ks.join("\n");
      return { name: `fixtures/cases/${d}`, fields, want: c.verdict ?? "explained" };
    });
}

/**
 * A player log over 1 MiB with the failing call at its end: the first startWidgetSession on
 * line 2, then a player's chatter (no KS in it), then the second KS and the startSession call
 * hashed over the first (tests/cmd/diagnose-artifacts.in/player.log, different_ks). A page
 * that cut the file (the served page once sent at most 900 KB) would miss the call.
 */
function bigLog() {
  const lines = CMD("diagnose-artifacts", "player.log").split("\n");
  const chatter = [];
  let size = 0;
  for (let i = 0; size < 1.25 * 1024 * 1024; i++) {
    const line = `2023-11-14 22:13:${String(20 + (i % 40)).padStart(2, "0")} DEBUG player: buffered segment ${i} of entry 0_k7c0a4xq (bitrate 1200 kbps, 4.0 s)`;
    chatter.push(line);
    size += line.length + 1;
  }
  const text = [...lines.slice(0, 2), ...chatter, ...lines.slice(2)].join("\n");
  if (text.length <= 1024 * 1024) throw new Error(`the big log is only ${text.length} bytes`);
  return text;
}

export function allCases() {
  return [
    ...causeCases(),
    {
      name: "README example (app token JSON, wrong_hash_type + whitespace)",
      fields: { KS: KS140, tokenHash: "8e25a09e0eab280200d5079ad24a70692724abba", "App token JSON": EX_APP_TOKEN, "Call time (unix seconds)": "1700003600" },
      want: "explained",
    },
    {
      name: "tests/cmd/diagnose-match",
      fields: { KS: KS140, Token: TOKEN21, tokenHash: "fd805f3ef7844b22c8c4af730da0bca6c0929e3a", "Call time (unix seconds)": "1700000000" },
      want: "match",
    },
    {
      name: "tests/cmd/diagnose-unexplained",
      fields: { KS: KS140, Token: TOKEN21, tokenHash: "0123456789abcdef0123456789abcdef01234567", "Hash type": "sha1", "Call time (unix seconds)": "1700000000" },
      want: "unexplained",
    },
    {
      name: "tests/cmd/diagnose-uppercase-json",
      fields: { KS: KS140, Token: TOKEN21, tokenHash: "FD805F3EF7844B22C8C4AF730DA0BCA6C0929E3A", "Hash type": "sha1", "Call time (unix seconds)": "1700000000" },
      want: "explained",
    },
    {
      name: "tests/cmd/diagnose-url-expired-json (URL, error code, expired KS)",
      fields: {
        Request: `https://www.kaltura.com/api_v3/service/appToken/action/startSession?ks=${KS140}&id=0_abcd1234&tokenHash=FD805F3EF7844B22C8C4AF730DA0BCA6C0929E3A`,
        Token: TOKEN21,
        "Server error": "APP_TOKEN_EXPIRED",
        "Call time (unix seconds)": "1700000000",
      },
      want: "explained",
    },
    {
      name: "tests/cmd/diagnose-artifacts (curl command, log, widget response, error JSON)",
      fields: {
        Request: CMD("diagnose-artifacts", "request.sh"),
        "App token JSON": CMD("diagnose-artifacts", "app-token.json"),
        "Log or HAR": CMD("diagnose-artifacts", "player.log"),
        "startWidgetSession response": CMD("diagnose-artifacts", "widget.json"),
        "Server error": CMD("diagnose-artifacts", "error.json"),
        "Call time (unix seconds)": "1700000100",
      },
      want: "explained",
    },
    {
      name: "tests/cmd/diagnose-har (HAR file dropped on the page)",
      fields: { "App token JSON": CMD("diagnose-har", "app-token.json"), "Call time (unix seconds)": "1700000100" },
      drop: { name: "session.har", text: CMD("diagnose-har", "session.har") },
      want: "explained",
    },
    {
      name: "a log file over 1 MiB dropped on the page, the call at its end (read whole, no cut-off)",
      fields: { "App token JSON": CMD("diagnose-artifacts", "app-token.json"), "Call time (unix seconds)": "1700000100" },
      drop: { name: "player-big.log", text: bigLog() },
      want: "explained",
    },
    {
      name: "tests/cmd/diagnose-app-token-xml",
      fields: { KS: KS140, tokenHash: "8e25a09e0eab280200d5079ad24a70692724abba", "App token JSON": CMD("diagnose-app-token-xml", "app-token.xml"), "Call time (unix seconds)": "1700003600" },
      want: "explained",
    },
    {
      name: "tests/cmd/diagnose-log-without-request (sent_ks_assumed)",
      fields: {
        "Log or HAR": CMD("diagnose-log-without-request", "widget-only.log"),
        Token: EX_TOKEN,
        tokenHash: "c4fff46b199f11b06c2b32edfaa3a1d72a991104a6d4ccd5f9c23308b7a2cf67",
        "Hash type": "sha256",
        "Call time (unix seconds)": "1700000100",
      },
      want: "match",
    },
    {
      name: "chain: swapped_order + hex_case (node:crypto)",
      fields: { KS: KS140, Token: TOKEN21, tokenHash: hex("sha1", TOKEN21 + KS140).toUpperCase(), "Hash type": "sha1", "Call time (unix seconds)": "1700000000" },
      want: "explained",
    },
    {
      name: "chain: wrong_hash_type + swapped_order (node:crypto)",
      fields: { KS: KS140, Token: EX_TOKEN, tokenHash: hex("sha1", EX_TOKEN + KS140), "Hash type": "sha256", "Call time (unix seconds)": "1700000000" },
      want: "explained",
    },
    {
      name: "expired KS finding (ks_expired), correct hash",
      fields: { KS: KS140, Token: TOKEN21, tokenHash: hex("sha1", KS140 + TOKEN21), "Hash type": "sha1", "Call time (unix seconds)": "1800000000" },
      want: "match",
    },
    // Issue 19: verdicts that rest on evidence, never on today's clock; the same ✓/✗.
    {
      name: "old report: a KS expired since, no call time, correct hash (match, ✓)",
      fields: { KS: KS140, Token: TOKEN21, tokenHash: hex("sha1", KS140 + TOKEN21), "Hash type": "sha1" },
      want: "match",
    },
    {
      name: "a KS of another partner than the app token: APP_TOKEN_ID_NOT_FOUND (match, ✗)",
      fields: {
        KS: KS140,
        tokenHash: hex("sha256", KS140 + EX_TOKEN),
        "App token JSON": EX_APP_TOKEN.replace('"partnerId":1234567', '"partnerId":7654321'),
      },
      want: "match",
    },
    {
      name: "a startSession request without ks: wrong_request, SERVICE_FORBIDDEN (match, ✗)",
      fields: {
        Request: `https://www.kaltura.com/api_v3/service/appToken/action/startSession?id=0_abcd1234&tokenHash=${hex("sha1", KS140 + TOKEN21)}`,
        "startWidgetSession response": `{"partnerId":1234567,"ks":"${KS140}","userId":0}`,
        Token: TOKEN21,
        "Hash type": "sha1",
      },
      want: "match",
    },
    {
      name: "tests/cmd/diagnose-url-not-a-request (bad input)",
      fields: { Request: "hello world", Token: TOKEN21 },
      want: "error",
    },
    {
      name: "tests/cmd/diagnose-widget-response-is-error (bad input)",
      fields: { KS: "abc", Token: TOKEN21, tokenHash: "00", "startWidgetSession response": '{"code":"INVALID_KS","message":"Invalid KS"}' },
      want: "error",
    },
  ];
}

/** Fields that live inside the closed "More inputs" group. */
export const MORE_INPUTS = new Set(["App token id", "startWidgetSession response", "Server error", "Other KS, one a line", "Call time (unix seconds)"]);
