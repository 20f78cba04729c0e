//! A candidate message: which forms, in which order, with what inserted, in which encoding.

use super::cause::{Cause, CauseCode};
use super::message_variants::{Encoding, Insert, Place};
use super::value_forms::Form;

/// Which parts are hashed, in which order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    KsToken,
    TokenKs,
    KsOnly,
    TokenOnly,
}

/// One candidate message, described rather than built (built only when hashed or reported).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Recipe {
    /// How many message causes the recipe stands for.
    pub cost: u8,
    pub order: Order,
    /// `None`: the canonical KS; `Some(i)`: `ks_forms[i]`.
    pub ks: Option<usize>,
    /// `None`: the token; `Some(i)`: `token_forms[i]`.
    pub token: Option<usize>,
    pub lead: Option<Insert>,
    pub between: Option<Insert>,
    pub trail: Option<Insert>,
    pub encoding: Encoding,
}

/// The labelled parts of a message, for showing exactly what was hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// `ks`, `token`, `token_id`, `ks#N` (another candidate KS) or `extra`.
    pub role: String,
    /// The text of this part.
    pub text: String,
}

pub(crate) struct Parts<'a> {
    pub ks: &'a str,
    pub token: &'a str,
    pub ks_forms: &'a [Form],
    pub token_forms: &'a [Form],
}

impl Recipe {
    pub fn base() -> Recipe {
        Recipe {
            cost: 0,
            order: Order::KsToken,
            ks: None,
            token: None,
            lead: None,
            between: None,
            trail: None,
            encoding: Encoding::Utf8,
        }
    }

    /// True when the message starts with the canonical KS bytes (the shared hashing prefix).
    pub fn starts_with_canonical_ks(&self) -> bool {
        matches!(self.order, Order::KsToken | Order::KsOnly)
            && self.ks.is_none()
            && self.lead.is_none()
            && self.encoding == Encoding::Utf8
    }

    #[allow(clippy::type_complexity)] // two (text, role) pairs, read once below
    fn pieces<'a>(
        &self,
        p: &'a Parts<'a>,
    ) -> (Option<(&'a str, &'a str)>, Option<(&'a str, &'a str)>) {
        let ks = match self.ks {
            None => (p.ks, "ks"),
            Some(i) => (p.ks_forms[i].text.as_str(), p.ks_forms[i].role.as_str()),
        };
        let token = match self.token {
            None => (p.token, "token"),
            Some(i) => (
                p.token_forms[i].text.as_str(),
                p.token_forms[i].role.as_str(),
            ),
        };
        match self.order {
            Order::KsToken => (Some(ks), Some(token)),
            Order::TokenKs => (Some(token), Some(ks)),
            Order::KsOnly => (Some(ks), None),
            Order::TokenOnly => (Some(token), None),
        }
    }

    /// The labelled text segments (before encoding).
    pub fn segments(&self, p: &Parts<'_>) -> Vec<Segment> {
        let mut out = Vec::new();
        let extra = |out: &mut Vec<Segment>, i: Option<Insert>| {
            if let Some(i) = i {
                out.push(Segment {
                    role: "extra".into(),
                    text: i.text.into(),
                });
            }
        };
        let (first, second) = self.pieces(p);
        extra(&mut out, self.lead);
        if let Some((t, r)) = first {
            out.push(Segment {
                role: r.into(),
                text: t.into(),
            });
        }
        if second.is_some() {
            extra(&mut out, self.between);
        }
        if let Some((t, r)) = second {
            out.push(Segment {
                role: r.into(),
                text: t.into(),
            });
        }
        extra(&mut out, self.trail);
        out
    }

    /// Writes the message bytes into `out` (cleared first).
    pub fn write(&self, p: &Parts<'_>, out: &mut Vec<u8>) {
        out.clear();
        out.extend_from_slice(self.encoding.bom());
        let (first, second) = self.pieces(p);
        let put = |s: &str, out: &mut Vec<u8>| self.encoding.encode_into(s, out);
        if let Some(i) = self.lead {
            put(i.text, out);
        }
        if let Some((t, _)) = first {
            put(t, out);
        }
        if let Some((t, _)) = second {
            if let Some(i) = self.between {
                put(i.text, out);
            }
            put(t, out);
        }
        if let Some(i) = self.trail {
            put(i.text, out);
        }
    }

    /// The causes this recipe stands for, in reading order.
    pub fn causes(&self, p: &Parts<'_>) -> Vec<Cause> {
        let mut out = Vec::new();
        match self.order {
            Order::KsToken => {}
            Order::TokenKs => out.push(Cause::new(CauseCode::SwappedOrder)),
            Order::KsOnly => out.push(Cause::new(CauseCode::KsOnly)),
            Order::TokenOnly => out.push(Cause::new(CauseCode::TokenOnly)),
        }
        if let Some(i) = self.ks {
            out.extend(p.ks_forms[i].causes.iter().cloned());
        }
        if let Some(i) = self.token {
            out.extend(p.token_forms[i].causes.iter().cloned());
        }
        let first = match self.order {
            Order::TokenKs | Order::TokenOnly => "token",
            _ => "ks",
        };
        if let Some(i) = self.lead {
            out.push(i.cause(Place::Leading, first));
        }
        if let Some(i) = self.between {
            out.push(i.cause(Place::Between, first));
        }
        if let Some(i) = self.trail {
            out.push(i.cause(Place::Trailing, first));
        }
        if self.encoding != Encoding::Utf8 {
            out.push(Cause::new(CauseCode::TextEncoding).with("encoding", self.encoding.name()));
        }
        out
    }
}
