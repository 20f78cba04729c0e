//! A decoded KS and what was read around it: the view `decode`'s renderers (human and JSON)
//! and `POST /ksdiag/decode` share.

use crate::redact::Redactor;
use crate::source_words::Voice;
use ks_core::intake::pasted_ks::{Taken, extract};
use ks_core::ks::{
    Inspection, KsError, ParsedKs, PrivilegeNote, SignatureStatus, V2Rejected, describe_privileges,
    parse,
};
use ks_core::message::{Message, Part};
use ks_core::words;
use serde_json::{Map, Value, json};

/// A KS that does not parse: the parser's error, what was taken from the pasted text first,
/// and what could still be read. Typed, so each front end words it ([`CannotDecode::words`]):
/// the hint's verb is `pass` on a command line and `send` to an API. There is no `Display`,
/// so no front end gets another's words by accident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannotDecode {
    /// Why the server's `kSessionBase::parseKS` would reject it.
    pub error: KsError,
    /// What was taken away from the pasted text before parsing.
    pub taken: Vec<Taken>,
    /// What can be read before the error (v1's signed fields, v2's header), if anything.
    pub readable: Option<String>,
}

impl CannotDecode {
    /// The error as a message: references for the front end to word.
    pub fn message(&self) -> Message {
        let mut m = Message::from("cannot parse the KS");
        if !self.taken.is_empty() {
            let steps: Vec<String> = self.taken.iter().map(|t| t.to_string()).collect();
            m.push(format!(
                " (after reading the pasted text: {})",
                steps.join("; ")
            ));
        }
        m.push(format!(": {}", self.error));
        // The parser's own hint says what is wrong with the text; else the usual slip.
        if self.error.hint().is_none() && !self.error.to_string().contains("hint:") {
            m.push(words![
                "; hint: ",
                Part::Give,
                " the KS exactly as the API returned it (the ks value, URL-decoded, without quotes)",
            ]);
        }
        if let Some(shown) = &self.readable {
            m.push(format!("\n  readable before the error: {shown:?}"));
        }
        m
    }

    /// The error in the words of `voice`.
    pub fn words(&self, voice: Voice) -> String {
        crate::source_words::message(&self.message(), voice)
    }
}

/// Reads a pasted KS as the server does and hands the result to `f` (decode's renderers,
/// and `POST /ksdiag/decode` of `ksdiag serve`).
pub fn with_decoded<R>(
    ks: &str,
    secret: Option<&str>,
    now: i64,
    f: impl FnOnce(&Decoded<'_>) -> R,
) -> Result<R, CannotDecode> {
    let pasted = extract(ks);
    let text = pasted.ks.as_str();
    let parsed = parse(text).map_err(|error| CannotDecode {
        error,
        readable: salvage(text),
        taken: pasted.taken.clone(),
    })?;
    let seen = parsed.inspect(secret);
    let view = Decoded {
        parsed: &parsed,
        seen: &seen,
        taken: &pasted.taken,
        now,
        secrets: secret.map(|s| s.split(',').count()),
        signature_case_only: secret.is_some_and(|s| parsed.signature_matches_only_ignoring_case(s)),
    };
    Ok(f(&view))
}

/// A decoded KS and what was read around it, for the renderers.
pub struct Decoded<'a> {
    /// The KS as parsed.
    pub parsed: &'a ParsedKs,
    /// What the server would read in it (with the admin secrets given).
    pub seen: &'a Inspection,
    /// What was taken away from the pasted text.
    pub taken: &'a [Taken],
    /// The clock expiry is judged against (unix seconds).
    pub now: i64,
    /// How many admin secrets were given (`None`: no --admin-secret).
    pub secrets: Option<usize>,
    /// The v1 signature matches a secret given only when case is ignored.
    pub signature_case_only: bool,
}

impl Decoded<'_> {
    /// When a secret was given and does not match: why, in words a user knows.
    pub fn secret_mismatch(&self) -> Option<String> {
        if self.seen.signature != SignatureStatus::Invalid {
            return None;
        }
        let which = match self.secrets {
            Some(n) if n > 1 => format!("none of these {n} admin secrets"),
            _ => "this admin secret".to_string(),
        };
        if self.signature_case_only {
            return Some("the signature is upper-case hex: it matches this admin secret only when case is ignored, and the server compares lowercase hex strictly (kSessionBase::matchAdminSecretV1), so it answers INVALID_KS \"-1,INVALID_STR\"; something upper-cased the KS's decoded text after it was made".to_string());
        }
        if let Some(V2Rejected::CiphertextLength(_)) = self.seen.v2_rejected {
            return Some(format!(
                "the KS cannot be decrypted with {which} or any other: it was cut short"
            ));
        }
        let expired = self
            .seen
            .fields
            .as_ref()
            .is_some_and(|f| f.is_expired(self.now));
        let made = if self.parsed.version() == 2 {
            "encrypted"
        } else {
            "signed"
        };
        let usual = if expired {
            "; it has also expired"
        } else {
            "; for a KS that parses and has not expired, that is the usual reason the server answers INVALID_KS \"-1,INVALID_STR\""
        };
        // System partners (-1 batch, -2 admin console, -5 media server, ...) have their own
        // admin secrets in the partner table, distinct from any publisher's.
        let system = match self.seen.partner_id.trim().parse::<i64>() {
            Ok(p) if p < 0 => format!(
                " (partner {p} is a system partner: its KS are signed with partner {p}'s own admin secret, as the server's partner table holds it)"
            ),
            _ => String::new(),
        };
        Some(format!(
            "the signature does not match {which}: the KS was {made} with another admin secret (a rotated or stale secret, or another partner's){usual}{system}"
        ))
    }

    /// Warnings about the KS itself: signs that it was cut short.
    pub fn warnings(&self) -> Vec<String> {
        // A signature that checks out means nothing was lost, however odd the shape.
        if self.seen.signature == SignatureStatus::Valid {
            return Vec::new();
        }
        self.parsed
            .cut_short()
            .iter()
            .map(|c| c.to_string())
            .collect()
    }

    /// Each privilege in words, when the fields are readable.
    pub fn privileges(&self) -> Vec<PrivilegeNote> {
        self.seen
            .fields
            .as_ref()
            .map(|f| describe_privileges(&f.parsed_privileges))
            .unwrap_or_default()
    }
}

/// What can still be read before the error (the signed fields of a v1 KS, the v2 header).
fn salvage(text: &str) -> Option<String> {
    let prefix: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '-' | '_'))
        .collect();
    let usable = &prefix[..prefix.len() / 4 * 4];
    use base64::Engine as _;
    let norm = usable.replace('-', "+").replace('_', "/");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(norm)
        .ok()?;
    let shown = if bytes.starts_with(b"v2|") {
        let header: Vec<u8> = bytes
            .iter()
            .copied()
            .take(3)
            .chain(
                bytes[3..]
                    .iter()
                    .copied()
                    .take_while(|b| b.is_ascii_digit()),
            )
            .collect();
        String::from_utf8_lossy(&header).into_owned()
    } else if let Some(bar) = bytes.iter().position(|&b| b == b'|') {
        String::from_utf8_lossy(&bytes[bar + 1..])
            .chars()
            .filter(|c| !c.is_control())
            .collect()
    } else {
        return None;
    };
    (!shown.is_empty()).then_some(shown)
}

/// A KS member as JSON: integer when the server's text is an integer, else text; null when
/// empty or absent.
fn typed(v: &Option<String>) -> Value {
    match v.as_deref() {
        None | Some("") => Value::Null,
        Some(s) => s
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::from(s)),
    }
}

fn text_or_null(v: &Option<String>) -> Value {
    match v.as_deref() {
        None | Some("") => Value::Null,
        Some(s) => Value::from(s),
    }
}

/// `decode --json`'s object (docs/cli.md).
pub fn to_json(d: &Decoded<'_>, redact: &Redactor) -> Value {
    let (parsed, seen, now) = (d.parsed, d.seen, d.now);
    let mut o = Map::new();
    o.insert("version".into(), json!(parsed.version()));
    o.insert("partner_id".into(), typed(&Some(seen.partner_id.clone())));
    if let Some(f) = &seen.fields {
        o.insert("valid_until".into(), typed(&f.valid_until));
        // In words against the same clock as `expired` ("expires in 3 h"), so the page says
        // what the CLI says (timefmt) instead of counting units of its own.
        if let Some(t) = f.valid_until_unix() {
            let words = crate::timefmt::relative_expiry(t, now);
            o.insert("valid_until_relative".into(), json!(words));
        }
        o.insert("type".into(), typed(&f.ks_type));
        o.insert("user_id".into(), json!(f.user.clone().unwrap_or_default()));
        o.insert(
            "privileges".into(),
            json!(f.privileges.clone().unwrap_or_default()),
        );
        o.insert("master_partner_id".into(), typed(&f.master_partner_id));
        o.insert("additional_data".into(), text_or_null(&f.additional_data));
        o.insert("rand".into(), text_or_null(&f.rand));
        o.insert("widget".into(), json!(f.is_widget_session()));
        o.insert("expired".into(), json!(f.is_expired(now)));
        o.insert("admin".into(), json!(f.is_admin()));
        if parsed.version() == 1 {
            o.insert("partner_pattern".into(), text_or_null(&f.partner_pattern));
            o.insert("signature_hex".into(), json!(redact.signature(&f.hash)));
        }
        let explained: Vec<Value> = d
            .privileges()
            .iter()
            .map(|p| json!({"name": p.name, "values": p.values, "meaning": p.meaning, "warning": p.warning}))
            .collect();
        o.insert("privileges_explained".into(), json!(explained));
    }
    o.insert("signature".into(), json!(seen.signature.as_str()));
    if let Some(why) = d.secret_mismatch() {
        o.insert("signature_message".into(), json!(why));
    }
    o.insert("encrypted".into(), json!(seen.encrypted));
    let irregular: Vec<String> = parsed
        .irregularities()
        .iter()
        .map(|i| i.to_string())
        .collect();
    o.insert("irregularities".into(), json!(irregular));
    o.insert("warnings".into(), json!(d.warnings()));
    let taken: Vec<Value> = d
        .taken
        .iter()
        .map(|t| json!({"code": t.code(), "message": t.to_string(), "server_rejects_as_pasted": t.server_rejects_as_pasted()}))
        .collect();
    o.insert("taken_from_input".into(), json!(taken));
    Value::Object(o)
}

#[cfg(test)]
mod cannot_decode_tests {
    use super::*;

    #[test]
    fn a_ks_that_does_not_parse_is_worded_by_each_front_end() {
        let Err(e) = with_decoded("", None, 0, |_| ()) else {
            panic!("an empty KS parsed");
        };
        assert_eq!(e.error, KsError::Empty);
        assert_eq!(
            e.words(Voice::Cli),
            "cannot parse the KS: the KS is empty; hint: pass the KS exactly as the API returned it (the ks value, URL-decoded, without quotes)"
        );
        assert_eq!(
            e.words(Voice::Api),
            "cannot parse the KS: the KS is empty; hint: send the KS exactly as the API returned it (the ks value, URL-decoded, without quotes)"
        );
    }

    #[test]
    fn what_was_taken_and_what_is_readable_are_said_around_the_hint() {
        // The README's v1 KS, quoted and cut inside its fields: the quotes are taken away, the
        // signed fields before the cut are readable.
        let ks = "'ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDsw%'";
        let Err(e) = with_decoded(ks, None, 0, |_| ()) else {
            panic!("a cut KS parsed");
        };
        assert_eq!(e.taken, [Taken::Quotes('\'')]);
        assert_eq!(e.readable.as_deref(), Some("1234567;1234567;1700086400;0"));
        let api = e.words(Voice::Api);
        assert!(
            api.starts_with("cannot parse the KS (after reading the pasted text: removed the surrounding ' quotes): byte '%'"),
            "{api}"
        );
        assert!(api.contains("; hint: send the KS exactly"), "{api}");
        assert!(
            api.ends_with("readable before the error: \"1234567;1234567;1700086400;0\""),
            "{api}"
        );
        assert_eq!(e.words(Voice::Cli), api.replace("hint: send", "hint: pass"));
    }
}
