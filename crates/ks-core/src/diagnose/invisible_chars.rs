//! Invisible characters inside a value, not at its ends: a wiki or rich-text editor that
//! breaks long words with a zero-width space (U+200B), a soft hyphen (U+00AD) or a word joiner
//! (U+2060), or an NBSP typed in place of nothing. The clean value was pasted to ksdiag, the
//! dirty copy was hashed.
//!
//! Every position of the token and the KS is tried with every invisible character, alone or
//! with a trailing newline, on running hash states so that each candidate hashes only the
//! rest of the message. A hit becomes one more [`Form`] for the main search, which then
//! reproduces it (and reports it) like any other form.

use super::algorithm::{Algorithm, AnyHasher};
use super::cause::{Cause, CauseCode};
use super::claimed::Target;
use super::message_variants::{INVISIBLE, char_name};
use super::recipe::Parts;
use super::search::{Hit, Method, matches};
use super::value_forms::Form;

/// Whitespace hashed along at the end of the message, next to the invisible character.
const TRAILS: [&str; 3] = ["", "\n", "\r\n"];

/// Inside the long KS, only what pages put inside words (ZWSP, soft hyphen, word joiner)
/// with at most a newline: every position costs a hash of the rest of the message.
const KS_CHARS: [char; 3] = ['\u{200B}', '\u{00AD}', '\u{2060}'];
const KS_TRAILS: [&str; 2] = ["", "\n"];

/// Longest value searched position by position (a KS is a few hundred bytes).
const MAX_VALUE_LEN: usize = 4096;

fn form(value: &str, at: usize, c: char, field: &str) -> Form {
    let mut text = String::with_capacity(value.len() + 4);
    text.push_str(&value[..at]);
    text.push(c);
    text.push_str(&value[at..]);
    let offset = value[..at].chars().count();
    Form {
        text,
        causes: vec![
            Cause::new(CauseCode::NonAsciiChar)
                .with("field", field.to_string())
                .with("side", "inside")
                .with("char", format!("U+{:04X}", c as u32))
                .with("offset", offset.to_string())
                .with("name", char_name(c)),
        ],
        common: false,
        role: field.to_string(),
    }
}

/// Scans `before ‖ value[..i] ‖ c ‖ value[i..] ‖ after ‖ trail` for every interior `i`.
#[allow(clippy::too_many_arguments)] // one scan, two callers with different tables
fn scan(
    chars: &[char],
    trails: &[&str],
    start: &AnyHasher,
    value: &str,
    after: &[u8],
    targets: &[&Target],
    field: &str,
    out: &mut Vec<Form>,
) {
    let mut running = start.clone();
    let mut last = 0;
    let mut utf8 = [0u8; 4];
    for (i, _) in value.char_indices().skip(1) {
        running.update(&value.as_bytes()[last..i]);
        last = i;
        for &c in chars {
            let mut h = running.clone();
            h.update(c.encode_utf8(&mut utf8).as_bytes());
            h.update(&value.as_bytes()[i..]);
            h.update(after);
            for trail in trails {
                let mut t = h.clone();
                t.update(trail.as_bytes());
                let d = t.finalize();
                if targets.iter().any(|t| matches(t, &d, None)) {
                    out.push(form(value, i, c, field));
                    return;
                }
            }
        }
    }
}

/// Whether [`find`] could add a form that changes the search's hits. Not once the search
/// proved a message M exactly (no lossy reading of the claim) and M has none of these
/// characters: a form found here writes a different message, and a different message
/// reproducing the same claim would be a collision of the digests.
pub(crate) fn may_add(hits: &[Hit], targets: &[Target], parts: &Parts<'_>) -> bool {
    if hits.is_empty() || !targets.iter().all(Target::is_exact) || super::search::exhaustive() {
        return true;
    }
    let mut buf = Vec::new();
    let mut utf8 = [0u8; 4];
    hits.iter().filter(|h| h.method == Method::Plain).any(|h| {
        h.recipe.write(parts, &mut buf);
        INVISIBLE
            .iter()
            .filter_map(|i| i.text.chars().next())
            .chain(KS_CHARS)
            .any(|c| {
                let c = c.encode_utf8(&mut utf8).as_bytes();
                buf.windows(c.len()).any(|w| w == c)
            })
    })
}

/// Forms of the token and the KS with an invisible character inside that reproduce a target.
pub(crate) fn find(ks: &str, token: &str, targets: &[Target]) -> Vec<Form> {
    let mut out = Vec::new();
    if ks.len() > MAX_VALUE_LEN || token.len() > MAX_VALUE_LEN {
        return out;
    }
    let mut algos: Vec<Algorithm> = targets
        .iter()
        .filter(|t| t.needs_message.is_none())
        .map(|t| t.algorithm)
        .collect();
    algos.sort();
    algos.dedup();
    let token_chars: Vec<char> = INVISIBLE
        .iter()
        .filter_map(|i| i.text.chars().next())
        .collect();
    for a in algos {
        let mine: Vec<&Target> = targets
            .iter()
            .filter(|t| t.algorithm == a && t.needs_message.is_none())
            .collect();
        let mut with_ks = AnyHasher::new(a);
        with_ks.update(ks.as_bytes());
        scan(
            &token_chars,
            &TRAILS,
            &with_ks,
            token,
            b"",
            &mine,
            "token",
            &mut out,
        );
        // The KS is long: only the server's algorithms (a wrong_hash_type chain of two).
        if a.server().is_some() {
            scan(
                &KS_CHARS,
                &KS_TRAILS,
                &AnyHasher::new(a),
                ks,
                token.as_bytes(),
                &mine,
                "ks",
                &mut out,
            );
        }
    }
    out
}
