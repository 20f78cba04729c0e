//! Text for people that names what the user gave: a message is made of parts, plain text and
//! typed references to a [`Field`] or a [`Source`]. ks-core knows no command line and no
//! JSON body; each front end words the references (`ks_report::source_words`: the CLI as
//! flags, `--now`, `--ks (2nd)`; the server and the page as fields, `now`, `other_ks[0]`).
//!
//! ```
//! use ks_core::source::Field;
//! use ks_core::message::{Message, Part};
//! let m: Message = ks_core::words!["pass ", Field::Now, " to say when the call was made"];
//! assert_eq!(m.parts()[1], Part::Field(Field::Now));
//! assert_eq!(m.to_string(), "pass {now} to say when the call was made");
//! ```

use crate::source::{Field, Source};

/// One part of a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Words said the same way by every front end.
    Text(String),
    /// A thing the user can give (a flag, a JSON field, a box of the page).
    Field(Field),
    /// Where a value came from.
    Source(Source),
    /// The verb that asks the user to give something (`pass` on a command line, `send` to an
    /// API).
    Give,
    /// `pass it with` / `send it as`: the verb for handing a value in as another field.
    GiveItAs,
    /// The last resort when nothing holds a KS: the built-in example on a command line, a
    /// document that holds it for an API.
    OrTryExample,
    /// How to check a KS's signature against an admin secret (`ksdiag decode KS
    /// --admin-secret env:SECRET` on a command line).
    CheckSignature,
}

/// Text made of [`Part`]s; see the module documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message(Vec<Part>);

impl Message {
    /// The parts, in order.
    pub fn parts(&self) -> &[Part] {
        &self.0
    }

    /// Adds a part (or another message's parts).
    pub fn push(&mut self, more: impl Into<Message>) {
        for p in more.into().0 {
            match (self.0.last_mut(), p) {
                (Some(Part::Text(a)), Part::Text(b)) => a.push_str(&b),
                (_, Part::Text(b)) if b.is_empty() => {}
                (_, p) => self.0.push(p),
            }
        }
    }

    /// The message with a part added.
    pub fn and(mut self, p: impl Into<Message>) -> Message {
        self.push(p);
        self
    }

    /// True when some text part contains `needle` (references are not text).
    pub fn contains(&self, needle: &str) -> bool {
        self.to_string().contains(needle)
    }

    /// The sources the message names.
    pub fn sources(&self) -> impl Iterator<Item = Source> + '_ {
        self.0.iter().filter_map(|p| match p {
            Part::Source(s) => Some(*s),
            _ => None,
        })
    }
}

impl std::fmt::Display for Message {
    /// A neutral wording for tests and logs: references as `{field}`; front ends word them
    /// with `ks_report::source_words`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for p in &self.0 {
            match p {
                Part::Text(t) => f.write_str(t)?,
                Part::Field(x) => write!(f, "{{{}}}", x.key())?,
                Part::Source(s) => write!(f, "{{{s:?}}}")?,
                Part::Give => f.write_str("{give}")?,
                Part::CheckSignature => f.write_str("{check_signature}")?,
                Part::GiveItAs => f.write_str("{give_it_as}")?,
                Part::OrTryExample => f.write_str("{or_try_example}")?,
            }
        }
        Ok(())
    }
}

impl From<&str> for Part {
    fn from(t: &str) -> Part {
        Part::Text(t.to_string())
    }
}

impl From<String> for Part {
    fn from(t: String) -> Part {
        Part::Text(t)
    }
}

impl From<&String> for Part {
    fn from(t: &String) -> Part {
        Part::Text(t.clone())
    }
}

impl From<Field> for Part {
    fn from(f: Field) -> Part {
        Part::Field(f)
    }
}

impl From<Source> for Part {
    fn from(s: Source) -> Part {
        Part::Source(s)
    }
}

impl From<&Source> for Part {
    fn from(s: &Source) -> Part {
        Part::Source(*s)
    }
}

impl From<Part> for Message {
    fn from(p: Part) -> Message {
        Message(vec![p])
    }
}

macro_rules! message_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Message {
            fn from(p: $t) -> Message {
                Message(vec![Part::from(p)])
            }
        }
    )*};
}
message_from!(&str, String, &String, Field, Source, &Source);

/// A [`Message`] from parts: `words!["pass ", Field::Now, " to …"]`.
#[macro_export]
macro_rules! words {
    ($($p:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut m = $crate::message::Message::default();
        $( m.push($p); )*
        m
    }};
}
