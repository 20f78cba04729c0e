//! Where a value came from, as a type: the value the user gave for a [`Field`], the n-th of
//! several given, a place in the log. ks-core never words a source; each front end does
//! (`ks_report::source_words`: the CLI names its flag, `--ks (2nd)`, `--log line 3`; the
//! server and the page name the JSON field or box, `other_ks[0]`, `log line 3`).

/// One thing a user can give for a diagnosis: a flag of `ksdiag diagnose`, a field of
/// `POST /ksdiag/diagnose`, a box of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The KS (the first is the one sent, the others candidates).
    Ks,
    /// The KS stated as the one sent.
    SentKs,
    /// The app token's `token`.
    Token,
    /// The tokenHash that was sent.
    Hash,
    /// The declared hash type.
    HashType,
    /// The app token id.
    TokenId,
    /// The partner id.
    PartnerId,
    /// The app token object (appToken.get's answer or a print of it).
    AppToken,
    /// The failing request: URL, body, curl command or a print of its parameters.
    Request,
    /// The server's error: its code, message or answer.
    Error,
    /// startWidgetSession's answer.
    WidgetResponse,
    /// A log, HAR file or curl trace.
    Log,
    /// When the call was made.
    Now,
    /// The built-in example case.
    Example,
}

impl Field {
    /// The field's key: snake_case, one per field. The neutral wording of a message
    /// ([`crate::message::Message`]'s `Display`) shows it, and the API's JSON field takes it
    /// as its name (`ks_report::source_words::json_field`), so the two never drift apart.
    pub fn key(self) -> &'static str {
        match self {
            Field::Ks => "ks",
            Field::SentKs => "sent_ks",
            Field::Token => "token",
            Field::Hash => "hash",
            Field::HashType => "hash_type",
            Field::TokenId => "token_id",
            Field::PartnerId => "partner_id",
            Field::AppToken => "app_token",
            Field::Request => "url",
            Field::Error => "error",
            Field::WidgetResponse => "widget_response",
            Field::Log => "log",
            Field::Now => "now",
            Field::Example => "example",
        }
    }
}

/// A place in a log: a line of text, or an entry of a HAR file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogPlace {
    /// Line N (1-based).
    Line(usize),
    /// HAR entry N (1-based).
    HarEntry(usize),
}

impl LogPlace {
    /// Reads `line N` or `HAR entry N`, as [`crate::intake::seen_request::SeenRequest::place`]
    /// names it.
    pub fn parse(place: &str) -> Option<LogPlace> {
        if let Some(n) = place.strip_prefix("HAR entry ") {
            return n.trim().parse().ok().map(LogPlace::HarEntry);
        }
        place
            .strip_prefix("line ")?
            .trim()
            .parse()
            .ok()
            .map(LogPlace::Line)
    }
}

impl std::fmt::Display for LogPlace {
    /// `line 3`, `HAR entry 2`: the same words in every front end.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LogPlace::Line(n) => write!(f, "line {n}"),
            LogPlace::HarEntry(n) => write!(f, "HAR entry {n}"),
        }
    }
}

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// The value given for the field (the one value, or the only one of its kind).
    Given(Field),
    /// The n-th value given for a field that takes several (0-based): the KS given first is
    /// `GivenNth(Ks, 0)`.
    GivenNth(Field, usize),
    /// A place in the log given.
    Log(LogPlace),
    /// A request that carried no KS: the empty KS the client may have hashed.
    RequestWithoutKs,
    /// The call being answered (the emulator's own clock at the call).
    TheCall,
    /// A field of a JSON line or body, named as the field whatever the front end
    /// (`diagnose --batch` lines).
    JsonField(Field),
}

impl Source {
    /// The field the value was given in (the log for a place in it).
    pub fn field(&self) -> Option<Field> {
        match self {
            Source::Given(f) | Source::GivenNth(f, _) | Source::JsonField(f) => Some(*f),
            Source::Log(_) => Some(Field::Log),
            Source::RequestWithoutKs => Some(Field::Request),
            Source::TheCall => None,
        }
    }
}
