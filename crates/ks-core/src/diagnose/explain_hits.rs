//! Turning the search's hits into explanations, under the hashType readings still open.

use super::algorithm::Algorithm;
use super::cause::{Cause, CauseCode};
use super::recipe::Parts;
use super::search::{Hit, Method};
use super::{Explanation, HashedMessage};
use crate::digest::HashType;

/// A reproduced message before it is placed under a reading: its causes say how the message
/// and the rendering were made, not which algorithm the app token wants.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub causes: Vec<Cause>,
    /// The algorithm that produced the claimed hash.
    pub hash_type: Algorithm,
    pub produced_digest: String,
    pub hashed: Option<HashedMessage>,
}

/// One `Found` per distinct (message, algorithm, method), in search order.
pub(crate) fn found(hits: Vec<Hit>, parts: &Parts<'_>) -> Vec<Found> {
    let mut seen: Vec<(Vec<u8>, Algorithm, Method)> = Vec::new();
    let mut buf = Vec::new();
    let mut out = Vec::new();
    for hit in hits {
        hit.recipe.write(parts, &mut buf);
        if seen
            .iter()
            .any(|(m, h, k)| *m == buf && *h == hit.algorithm && *k == hit.method)
        {
            continue;
        }
        seen.push((buf.clone(), hit.algorithm, hit.method));
        let mut causes = hit.recipe.causes(parts);
        let mut segments = hit.recipe.segments(parts);
        let mut byte_len = buf.len();
        let method = match hit.method {
            Method::Plain => "plain".to_string(),
            Method::Hmac {
                key_is_token,
                whole,
            } => {
                let key = if key_is_token { "token" } else { "ks" };
                let mut cause = Cause::new(CauseCode::Hmac).with("key", key);
                // The message as it was: the KS alone, the token alone, or both.
                let keep = match (key_is_token, whole) {
                    (true, false) => "ks",
                    (false, _) => "token",
                    (true, true) => "",
                };
                if !keep.is_empty() {
                    segments.retain(|s| s.role == keep);
                    byte_len = segments.iter().map(|s| s.text.len()).sum();
                    cause = cause.with("message", keep);
                } else {
                    cause = cause.with("message", "ks + token");
                }
                causes.push(cause);
                format!("hmac(key={key})")
            }
            Method::Double { inner } => {
                causes.push(Cause::new(CauseCode::DoubleHash).with("inner", inner.cli_name()));
                format!(
                    "{}(hex({}(...)))",
                    hit.algorithm.cli_name(),
                    inner.cli_name()
                )
            }
        };
        causes.extend(hit.render.iter().cloned());
        out.push(Found {
            causes,
            hash_type: hit.algorithm,
            produced_digest: hit.digest.to_hex().as_str().to_string(),
            hashed: Some(HashedMessage {
                segments,
                encoding: hit.recipe.encoding.name(),
                byte_len,
                method,
            }),
        });
    }
    out
}

/// The causes of `f` when the app token's hashType is `reading`.
pub(crate) fn causes_under(f: &Found, reading: HashType) -> Vec<Cause> {
    let mut causes = f.causes.clone();
    if f.hash_type != reading {
        causes.insert(
            0,
            Cause::new(CauseCode::WrongHashType)
                .with("used", f.hash_type.cli_name())
                .with("expected", reading.cli_name()),
        );
    }
    causes
}

/// Places `f` under the readings still open: under its own algorithm when that is one of
/// them (then the explanation rests on that reading alone), else as `wrong_hash_type` under
/// every open reading.
pub(crate) fn place(f: &Found, readings: &[HashType], claimed: &str) -> Explanation {
    let hash_types = match f.hash_type.server() {
        Some(h) if readings.contains(&h) => vec![h],
        _ => readings.to_vec(),
    };
    let reading = hash_types
        .first()
        .copied()
        .or(f.hash_type.server())
        .unwrap_or(HashType::SERVER_DEFAULT);
    let causes = causes_under(f, reading);
    let note = (f.hash_type != reading && f.hash_type == HashType::Sha1).then(|| {
        format!(
            "two readings: the client used SHA1 where the app token says {}; or, if your client library or server release predates hashType, it always uses SHA1 and then the server is the one using the wrong algorithm (check the server version)",
            hash_types
                .iter()
                .map(|h| h.kaltura_name())
                .collect::<Vec<_>>()
                .join(" or ")
        )
    });
    Explanation {
        causes,
        hash_type: f.hash_type,
        reproduced_hash: claimed.to_string(),
        produced_digest: f.produced_digest.clone(),
        hashed: f.hashed.clone(),
        note,
        hash_types,
    }
}
