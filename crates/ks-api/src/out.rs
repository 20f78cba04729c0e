//! What an action returns, before it is written in a response format.
//!
//! One small value model for the three serializers (server `KalturaJsonSerializer`,
//! `KalturaXmlSerializer`, `KalturaPhpSerializer`), so each action builds its answer once.

use crate::error::ApiError;

/// A result value, as the server's serializers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Out {
    /// PHP null: a void action (`appToken.delete`), or a null property.
    Null,
    /// A boolean (XML writes 1 or 0).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string (a bare KS for `session.start`).
    Str(String),
    /// A `KalturaObject`: its API class and its properties in declaration order, parent first.
    Object(&'static str, Vec<(&'static str, Out)>),
    /// A typed array (`objects` of a list response, a multirequest's results).
    Array(Vec<Out>),
    /// A `KalturaAPIException`.
    Error(ApiError),
}

impl Out {
    /// A string property; `None` becomes null.
    pub fn opt_str(v: Option<&str>) -> Out {
        v.map_or(Out::Null, |s| Out::Str(s.to_string()))
    }

    /// An integer property; `None` becomes null.
    pub fn opt_int(v: Option<i64>) -> Out {
        v.map_or(Out::Null, Out::Int)
    }

    /// The property `name` of an object, if any.
    pub fn get(&self, name: &str) -> Option<&Out> {
        match self {
            Out::Object(_, props) => props.iter().find(|(n, _)| *n == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as text, the way a `{N:result:prop}` reference substitutes it.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Out::Str(s) => Some(s.clone()),
            Out::Int(i) => Some(i.to_string()),
            Out::Bool(b) => Some(if *b { "1" } else { "0" }.to_string()),
            _ => None,
        }
    }
}
