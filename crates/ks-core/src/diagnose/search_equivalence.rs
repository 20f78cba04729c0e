//! The search that stops hashing once a message reproduced the claim finds exactly what the
//! search that hashes every candidate finds (the same reproduced messages, each named by the
//! same recipe): planted mistakes, pairs of them, another KS, lossy readings and unexplained
//! claims, under each of the server's hash types.

use super::claimed::read_targets;
use super::explain_hits::found;
use super::invisible_chars;
use super::recipe::Parts;
use super::search::run_with;
use super::value_forms::{ks_forms, token_forms};
use crate::digest::{HashType, digest_parts, hmac_digest};
use crate::ks::{Generator, KsSpec, Randomness, generate};
use base64::Engine as _;

const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const TOKEN_ID: &str = "0_abc123xy";

fn widget_ks(v2: bool, n: u8) -> String {
    let random = if v2 {
        Randomness::V2Random([n; 16])
    } else {
        Randomness::V1Rand(format!("1700000000.{n}"))
    };
    let spec = KsSpec::widget(1_234_567, 1_900_000_000);
    generate(
        &spec,
        "0123456789abcdef0123456789abcdef",
        Generator::Server,
        &random,
    )
    .ks
}

fn hex(ht: HashType, parts: &[&[u8]]) -> String {
    digest_parts(ht, parts).to_hex().as_str().to_string()
}

/// Claims a client could send for this KS (another KS issued to the partner is `older`),
/// each with whether some recipe must reproduce it.
fn claims(ht: HashType, ks: &str, older: &str) -> Vec<(&'static str, String, bool)> {
    let (k, t) = (ks.as_bytes(), TOKEN.as_bytes());
    let other = if ht == HashType::Sha1 {
        HashType::Sha256
    } else {
        HashType::Sha1
    };
    let utf16: Vec<u8> = format!("{ks}{TOKEN}")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let newline = digest_parts(ht, &[k, t, b"\n"]);
    vec![
        ("newline", hex(ht, &[k, t, b"\n"]), true),
        ("swapped", hex(ht, &[t, k]), true),
        ("other algorithm", hex(other, &[k, t]), true),
        ("uppercase", hex(ht, &[k, t]).to_uppercase(), true),
        (
            "base64",
            base64::engine::general_purpose::STANDARD.encode(digest_parts(ht, &[k, t]).as_bytes()),
            true,
        ),
        ("utf-16le", hex(ht, &[&utf16]), true),
        ("separator", hex(ht, &[k, b":", t]), true),
        ("token id", hex(ht, &[k, TOKEN_ID.as_bytes()]), true),
        ("token only", hex(ht, &[t]), true),
        ("older ks", hex(ht, &[older.as_bytes(), t]), true),
        (
            "swapped + newline + uppercase",
            hex(ht, &[t, k, b"\n"]).to_uppercase(),
            true,
        ),
        // Written by two recipes: a UTF-8 BOM, and U+FEFF copied in front of the KS.
        ("utf-8 bom", hex(ht, &[b"\xEF\xBB\xBF", k, t]), true),
        (
            "zero width space",
            hex(ht, &[k, "\u{200B}".as_bytes(), t]),
            true,
        ),
        (
            "hmac",
            hmac_digest(ht, t, k).to_hex().as_str().to_string(),
            true,
        ),
        (
            "sha1sum suffix",
            format!("{}  -", hex(ht, &[k, t, b"\n"])),
            true,
        ),
        (
            "raw digest as text",
            String::from_utf8_lossy(newline.as_bytes()).into_owned(),
            false,
        ),
        ("nothing", hex(ht, &[b"no mistake makes this"]), false),
        ("not a digest", "hello world".to_string(), false),
    ]
}

#[test]
fn stopping_after_the_proof_finds_exactly_the_same_hits() {
    let mut fewer = 0;
    for (v2, n) in [(false, 1), (true, 2), (true, 3)] {
        let ks = widget_ks(v2, n);
        let older = widget_ks(v2, n + 10);
        let others = vec![older.clone()];
        for ht in HashType::ALL {
            for (name, claim, planted) in claims(ht, &ks, &older) {
                let targets = read_targets(&claim);
                let mut kf = ks_forms(&ks, &others, Some(1_234_567));
                let mut tf = token_forms(TOKEN, Some(TOKEN_ID), None);
                for f in invisible_chars::find(&ks, TOKEN, &targets) {
                    match f.role.as_str() {
                        "ks" => kf.push(f),
                        _ => tf.push(f),
                    }
                }
                let parts = Parts {
                    ks: &ks,
                    token: TOKEN,
                    ks_forms: &kf,
                    token_forms: &tf,
                };
                let (full, hashed_full) = run_with(&parts, &targets, &[ht], false);
                let (fast, hashed_fast) = run_with(&parts, &targets, &[ht], true);
                let show = |hits: Vec<super::search::Hit>| format!("{:?}", found(hits, &parts));
                let planted_found = !full.is_empty();
                assert_eq!(show(fast), show(full), "{name} under {ht}, v2 {v2}");
                assert!(hashed_fast <= hashed_full);
                if planted {
                    assert!(planted_found, "{name} under {ht}: nothing reproduced it");
                }
                if hashed_fast < hashed_full {
                    fewer += 1;
                }
            }
        }
    }
    // The shortcut is taken: most planted claims are proven after a fraction of the digests.
    assert!(
        fewer >= 3 * 4 * 10,
        "the search stopped hashing early {fewer} times"
    );
}

/// Two recipes that write the same message, the dearer one first in the table: the report
/// still names the table's first, as the search that hashes everything does.
#[test]
fn hits_keep_the_tables_order_when_a_cheaper_recipe_comes_later() {
    use super::cause::{Cause, CauseCode};
    use super::value_forms::Form;
    let ks = widget_ks(true, 4);
    let form = |text: &str| Form {
        text: text.to_string(),
        causes: vec![Cause::new(CauseCode::Quoted)],
        common: true,
        role: "extra".to_string(),
    };
    // KS form = the token and token form = the KS: ks_form + token_form (two causes) writes
    // token + KS, as the cheaper swapped order (one cause) further down the table does.
    let (kf, tf) = (vec![form(TOKEN)], vec![form(&ks)]);
    let parts = Parts {
        ks: &ks,
        token: TOKEN,
        ks_forms: &kf,
        token_forms: &tf,
    };
    let claim = hex(HashType::Sha1, &[TOKEN.as_bytes(), ks.as_bytes()]);
    let targets = read_targets(&claim);
    let (full, _) = run_with(&parts, &targets, &[HashType::Sha1], false);
    let (fast, _) = run_with(&parts, &targets, &[HashType::Sha1], true);
    assert_eq!(full.len(), 2);
    assert_eq!(full[0].recipe.cost, 2);
    assert_eq!(fast.len(), 1);
    assert_eq!(fast[0].recipe.cost, 2);
    assert_eq!(
        format!("{:?}", found(fast, &parts)),
        format!("{:?}", found(full, &parts))
    );
}

/// The length the shortcut compares is the length `write` writes, for every recipe and
/// encoding, non-ASCII forms included.
#[test]
fn a_recipes_length_is_known_without_writing_it() {
    use super::table::Table;
    let ks = widget_ks(false, 5);
    let kf = ks_forms(&ks, &[widget_ks(true, 6)], Some(1_234_567));
    let mut tf = token_forms("tökén\u{200B}😀", Some(TOKEN_ID), None);
    tf.extend(token_forms(TOKEN, None, Some("0123456789abcdef")));
    let parts = Parts {
        ks: &ks,
        token: "tökén\u{200B}😀",
        ks_forms: &kf,
        token_forms: &tf,
    };
    let mut buf = Vec::new();
    let all = Table::new(&parts).all();
    assert!(all.len() > 1000);
    for (r, len) in all {
        r.write(&parts, &mut buf);
        assert_eq!(len, buf.len(), "{r:?}");
    }
}

/// The whole diagnosis, shortcuts on, equals the diagnosis with every candidate hashed and
/// every invisible character tried inside the token and the KS (only the count of digests
/// differs), for each planted claim, with an app token, another KS issued, and invisible
/// characters planted inside the values.
#[test]
fn a_diagnosis_with_shortcuts_equals_the_exhaustive_one() {
    use super::search::EXHAUSTIVE;
    use super::{Case, diagnose};
    use crate::app_token::AppToken;
    let mut explained = 0;
    for (v2, n) in [(false, 7), (true, 8)] {
        let ks = widget_ks(v2, n);
        let older = widget_ks(v2, n + 10);
        let others = vec![older.clone()];
        for ht in HashType::ALL {
            let app_token = AppToken {
                id: Some(TOKEN_ID.into()),
                token: Some(TOKEN.into()),
                partner_id: Some(1_234_567),
                hash_type: Some(ht),
                ..AppToken::default()
            };
            let mut all = claims(ht, &ks, &older);
            let zwsp_token = format!("{}\u{200B}{}", &TOKEN[..5], &TOKEN[5..]);
            let shy_ks = format!("{}\u{00AD}{}", &ks[..40], &ks[40..]);
            all.push((
                "zwsp in the token",
                hex(ht, &[ks.as_bytes(), zwsp_token.as_bytes()]),
                true,
            ));
            all.push((
                "soft hyphen in the ks",
                hex(ht, &[shy_ks.as_bytes(), TOKEN.as_bytes()]),
                true,
            ));
            for (name, claim, _) in all {
                let case = Case {
                    app_token: Some(&app_token),
                    token_id: Some(TOKEN_ID),
                    other_ks: &others,
                    today: Some(1_800_000_000),
                    ks_verbatim: true,
                    ..Case::new(&ks, TOKEN, &claim)
                };
                let run = |exhaustive: bool| {
                    EXHAUSTIVE.with(|e| e.set(exhaustive));
                    let mut d = diagnose(&case);
                    EXHAUSTIVE.with(|e| e.set(false));
                    let tried = d.candidates_tried;
                    d.candidates_tried = 0;
                    (d, tried)
                };
                let (reference, all_tried) = run(true);
                let (quick, tried) = run(false);
                assert_eq!(quick, reference, "{name} under {ht}, v2 {v2}");
                assert!(tried <= all_tried, "{name}");
                if reference.verdict == super::Verdict::Explained {
                    explained += 1;
                }
            }
        }
    }
    assert!(explained >= 2 * 4 * 15, "only {explained} explained");
}
