//! What the user gave, in the words of the front end they gave it to: ks-core names a
//! [`Field`] or a [`Source`] as a type, and only this module says it. The CLI says its
//! flags (`--ks (2nd)`, `--url`, `--log line 3`, `pass --now`); the server says the JSON
//! field (`other_ks[0]`, `url`, `log line 3`, `send "now"`); the page says the box the user
//! filled, by its label (`the Other KS box (1st)`, `the Log or HAR box, line 3`).

use ks_core::message::{Message, Part};
use ks_core::source::{Field, Source};

/// Who the user is talking to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Voice {
    /// `ksdiag diagnose` and its flags.
    #[default]
    Cli,
    /// `POST /ksdiag/diagnose` and the server's other JSON answers: JSON fields.
    Api,
    /// The page (`crates/ks-wasm`'s engine): the boxes the user filled, by their labels.
    Page,
}

/// The flag of `ksdiag diagnose` that takes `f`.
pub fn flag(f: Field) -> &'static str {
    match f {
        Field::Ks => "--ks",
        Field::SentKs => "--sent-ks",
        Field::Token => "--token",
        Field::Hash => "--hash",
        Field::HashType => "--hash-type",
        Field::TokenId => "--token-id",
        Field::PartnerId => "--partner-id",
        Field::AppToken => "--app-token",
        Field::Request => "--url",
        Field::Error => "--error",
        Field::WidgetResponse => "--widget-response",
        Field::Log => "--log",
        Field::Now => "--now",
        Field::Example => "--example",
    }
}

/// The JSON field of `POST /ksdiag/diagnose` (and the page's box) that takes `f`.
pub fn json_field(f: Field) -> &'static str {
    f.key()
}

/// The label of the page's box that takes `f` (the page's index.html); the fields the page
/// has no box for are named in words.
pub fn page_box(f: Field) -> &'static str {
    match f {
        Field::Ks => "KS",
        Field::SentKs => "sent KS",
        Field::Token => "Token",
        Field::Hash => "tokenHash",
        Field::HashType => "Hash type",
        Field::TokenId => "App token id",
        Field::PartnerId => "partner id",
        Field::AppToken => "App token JSON",
        Field::Request => "Request",
        Field::Error => "Server error",
        Field::WidgetResponse => "startWidgetSession response",
        Field::Log => "Log or HAR",
        Field::Now => "Call time",
        Field::Example => "example",
    }
}

/// `f` in running text: `--now`, `"now"`, or `the Call time box`.
pub fn field(f: Field, voice: Voice) -> String {
    match voice {
        Voice::Cli => flag(f).to_string(),
        Voice::Api => format!("\"{}\"", json_field(f)),
        Voice::Page => format!("the {} box", page_box(f)),
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, ... for naming a repeated flag's values.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Where a value came from: `--ks (2nd)`, `--log HAR entry 2`; `other_ks[0]`, `log HAR entry 2`.
pub fn source(s: Source, voice: Voice) -> String {
    match (s, voice) {
        (Source::Given(f), Voice::Cli) => flag(f).to_string(),
        (Source::GivenNth(f, i), Voice::Cli) => format!("{} ({})", flag(f), ordinal(i + 1)),
        (Source::Log(p), Voice::Cli) => format!("--log {p}"),
        (Source::Given(f) | Source::GivenNth(f, 0), Voice::Api) | (Source::JsonField(f), _) => {
            json_field(f).to_string()
        }
        // The API takes `ks` and then `other_ks`: the 2nd KS is `other_ks[0]`.
        (Source::GivenNth(Field::Ks, i), Voice::Api) => format!("other_ks[{}]", i - 1),
        (Source::GivenNth(f, i), Voice::Api) => format!("{}[{i}]", json_field(f)),
        (Source::Log(p), Voice::Api) => format!("log {p}"),
        (Source::Given(f) | Source::GivenNth(f, 0), Voice::Page) => field(f, Voice::Page),
        // The page has a KS box and an Other KS box, one KS a line: the 2nd KS is its 1st.
        (Source::GivenNth(Field::Ks, i), Voice::Page) => {
            format!("the Other KS box ({})", ordinal(i))
        }
        (Source::GivenNth(f, i), Voice::Page) => {
            format!("{} ({})", field(f, Voice::Page), ordinal(i + 1))
        }
        (Source::Log(p), Voice::Page) => format!("{}, {p}", field(Field::Log, Voice::Page)),
        (Source::RequestWithoutKs, _) => "the request (no ks)".to_string(),
        (Source::TheCall, _) => "the call".to_string(),
    }
}

/// One part in words.
pub fn part(p: &Part, voice: Voice) -> String {
    match (p, voice) {
        (Part::Text(t), _) => t.clone(),
        (Part::Field(f), v) => field(*f, v),
        (Part::Source(s), v) => source(*s, v),
        (Part::Give, Voice::Cli) => "pass".to_string(),
        (Part::Give, Voice::Api) => "send".to_string(),
        (Part::Give, Voice::Page) => "fill in".to_string(),
        (Part::GiveItAs, Voice::Cli) => "pass it with".to_string(),
        (Part::GiveItAs, Voice::Api) => "send it as".to_string(),
        (Part::GiveItAs, Voice::Page) => "put it in".to_string(),
        (Part::OrTryExample, Voice::Cli) => ", or try --example".to_string(),
        (Part::OrTryExample, Voice::Api) => {
            ", or a \"log\" or \"widget_response\" that holds it".to_string()
        }
        (Part::OrTryExample, Voice::Page) => {
            ", or paste a log or a startWidgetSession response that holds it".to_string()
        }
        (Part::CheckSignature, Voice::Cli) => "ksdiag decode KS --admin-secret env:SECRET".into(),
        (Part::CheckSignature, Voice::Api) => {
            "POST /ksdiag/decode with the \"ks\" and the \"admin_secret\"".into()
        }
        (Part::CheckSignature, Voice::Page) => "the KS decoder below, with the admin secret".into(),
    }
}

/// A reference as the value of a JSON detail: a field bare (`--hash-type`, `hash_type`).
pub fn detail(p: &Part, voice: Voice) -> String {
    match (p, voice) {
        (Part::Field(f), Voice::Cli) => flag(*f).to_string(),
        (Part::Field(f), Voice::Api) => json_field(*f).to_string(),
        (Part::Field(f), Voice::Page) => page_box(*f).to_string(),
        (p, v) => part(p, v),
    }
}

/// A message in words.
pub fn message(m: &Message, voice: Voice) -> String {
    m.parts().iter().map(|p| part(p, voice)).collect()
}

/// The key of a `diagnose --batch` line that takes `f`: the API's field, except the
/// server's error, which a line calls `server_error`.
pub fn line_field(f: Field) -> &'static str {
    match f {
        Field::Error => "server_error",
        f => json_field(f),
    }
}

/// A message about a `diagnose --batch` line: a field it names is the line's key
/// (`server_error: …`); the rest as the command line says it (the batch is a command: pass,
/// `--now`).
pub fn line_message(m: &Message) -> String {
    m.parts()
        .iter()
        .map(|p| match p {
            Part::Field(f) | Part::Source(Source::Given(f) | Source::JsonField(f))
                if *f != Field::Now =>
            {
                line_field(*f).to_string()
            }
            Part::Source(Source::GivenNth(Field::Ks, 0)) => "ks".to_string(),
            Part::Source(Source::GivenNth(Field::Ks, i)) => format!("other_ks[{}]", i - 1),
            p => part(p, Voice::Cli),
        })
        .collect()
}

/// The words of a front end, for renderers that take one value (`words.message(&m)`).
impl Voice {
    /// A message in this voice.
    pub fn message(self, m: &Message) -> String {
        message(m, self)
    }

    /// A source in this voice.
    pub fn source(self, s: Source) -> String {
        source(s, self)
    }

    /// A field in this voice.
    pub fn field(self, f: Field) -> String {
        field(f, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ks_core::source::LogPlace;

    #[test]
    fn the_cli_words_sources_as_its_flags_and_the_api_as_its_fields() {
        let cases = [
            (Source::GivenNth(Field::Ks, 0), "--ks (1st)", "ks"),
            (Source::GivenNth(Field::Ks, 1), "--ks (2nd)", "other_ks[0]"),
            (
                Source::GivenNth(Field::Ks, 10),
                "--ks (11th)",
                "other_ks[9]",
            ),
            (Source::Given(Field::Request), "--url", "url"),
            (Source::Log(LogPlace::Line(3)), "--log line 3", "log line 3"),
            (
                Source::Log(LogPlace::HarEntry(2)),
                "--log HAR entry 2",
                "log HAR entry 2",
            ),
            (Source::JsonField(Field::Now), "now", "now"),
        ];
        for (s, cli, api) in cases {
            assert_eq!(source(s, Voice::Cli), cli);
            assert_eq!(source(s, Voice::Api), api);
        }
    }

    #[test]
    fn the_page_words_sources_as_the_boxes_the_user_filled() {
        let cases = [
            (Source::GivenNth(Field::Ks, 0), "the KS box"),
            (Source::GivenNth(Field::Ks, 1), "the Other KS box (1st)"),
            (Source::GivenNth(Field::Ks, 3), "the Other KS box (3rd)"),
            (Source::Given(Field::Request), "the Request box"),
            (
                Source::Given(Field::WidgetResponse),
                "the startWidgetSession response box",
            ),
            (Source::Log(LogPlace::Line(5)), "the Log or HAR box, line 5"),
            (
                Source::Log(LogPlace::HarEntry(2)),
                "the Log or HAR box, HAR entry 2",
            ),
        ];
        for (s, page) in cases {
            assert_eq!(source(s, Voice::Page), page);
        }
        let m = ks_core::words![Part::Give, " ", Field::HashType, " or ", Field::AppToken];
        assert_eq!(
            message(&m, Voice::Page),
            "fill in the Hash type box or the App token JSON box"
        );
    }

    #[test]
    fn a_batch_line_s_fields_are_its_keys_and_the_server_error_is_server_error() {
        let m = ks_core::words![
            Field::Error,
            ": bad; ",
            Source::GivenNth(Field::Ks, 2),
            " and ",
            Source::Given(Field::Now)
        ];
        assert_eq!(line_message(&m), "server_error: bad; other_ks[1] and --now");
    }

    #[test]
    fn a_message_names_fields_per_voice() {
        let m = ks_core::words![Part::Give, " ", Field::HashType, " or ", Field::AppToken];
        assert_eq!(message(&m, Voice::Cli), "pass --hash-type or --app-token");
        assert_eq!(
            message(&m, Voice::Api),
            "send \"hash_type\" or \"app_token\""
        );
    }
}
