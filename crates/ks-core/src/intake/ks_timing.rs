//! When a KS was made and until when it is valid, as far as its text tells offline.

use crate::ks::{KsBody, parse};

/// What a KS says about its own time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KsTiming {
    /// The partner id in the KS.
    pub partner_id: String,
    /// `valid_until`, unix seconds (v1 only: v2 needs the admin secret).
    pub valid_until: Option<i64>,
    /// When the server made it: a server-made v1 KS stores `microtime(true)` in its rand
    /// field. `None` for client-made KS (a small random integer there) and for v2.
    pub created: Option<i64>,
}

/// Reads the timing of `ks`; `None` when it does not parse.
///
/// ```
/// use ks_core::intake::ks_timing::timing;
/// let ks = "MGJlMDk1Y2I3MGY0ZmNiMTg4OGZkYjQwZmQyMGQ3ZjVmNjc0MzcyYXwxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
/// let t = timing(ks).unwrap();
/// assert_eq!((t.valid_until, t.created), (Some(1_700_086_400), Some(1_700_000_000)));
/// ```
pub fn timing(ks: &str) -> Option<KsTiming> {
    let parsed = parse(ks).ok()?;
    let partner_id = parsed.partner_id().trim().to_string();
    let KsBody::V1(v) = &parsed.body else {
        return Some(KsTiming {
            partner_id,
            valid_until: None,
            created: None,
        });
    };
    let valid_until = v.fields.valid_until_unix();
    let created = v.fields.rand.as_deref().and_then(|r| {
        let (secs, frac) = r.split_once('.').unwrap_or((r, "0"));
        let plausible = secs.len() >= 9
            && secs.bytes().all(|c| c.is_ascii_digit())
            && frac.bytes().all(|c| c.is_ascii_digit());
        let t: i64 = secs.parse().ok().filter(|_| plausible)?;
        valid_until.is_none_or(|u| t <= u).then_some(t)
    });
    Some(KsTiming {
        partner_id,
        valid_until,
        created,
    })
}
