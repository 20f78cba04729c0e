//! What the server could be started with so that a refused call would be answered: a typed
//! value beside a failure's reason. The emulation and the server know no command line; the
//! front end that starts the server words it as its own setting (the binary names its flag,
//! `ksdiag serve --partner ID:ADMIN_SECRET`), on the operator's stderr only. Every other
//! reader (the feed, a refusal's body) gets the neutral words of [`StartWith`]'s `Display`.

use std::fmt;

/// A setting the server lacks for a call it refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartWith {
    /// A partner and its admin secret; the id when the call named one as a number.
    Partner(Option<i64>),
    /// An origin, beyond the loopback ones, whose pages may call the API (CORS).
    CorsOrigin(String),
}

impl fmt::Display for StartWith {
    /// Words that name no front end's setting.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartWith::Partner(Some(id)) => {
                write!(f, "start the server with partner {id} and its admin secret")
            }
            StartWith::Partner(None) => {
                f.write_str("start the server with that partner and its admin secret")
            }
            StartWith::CorsOrigin(o) => write!(f, "start the server allowing the origin {o}"),
        }
    }
}

/// The words of a [`StartWith`] for the operator's stderr: a front end hands its own in
/// (`ks_serve::Setup::start_with_words`); the neutral ones are the default.
pub type StartWithWords = fn(&StartWith) -> String;

/// The neutral words ([`StartWith`]'s `Display`).
pub fn neutral_words(s: &StartWith) -> String {
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::StartWith;
    use crate::{Emulator, Entropy, HttpRequest, Partner};

    struct Fixed;
    impl Entropy for Fixed {
        fn fill(&mut self, buf: &mut [u8]) {
            buf.fill(7);
        }
    }

    fn start(partner: &str) -> crate::Failure {
        let mut api = Emulator::default();
        api.state.add_partner(Partner {
            id: 123,
            admin_secret: "s3cret".into(),
            user_secret: None,
        });
        let body = format!(r#"{{"secret":"x","partnerId":{partner},"format":1}}"#);
        let req = HttpRequest {
            method: "POST",
            path: "/api_v3/service/session/action/start",
            query: "",
            content_type: Some("application/json"),
            body: body.as_bytes(),
        };
        let answer = api.handle(&req, 1_700_000_000, &mut Fixed);
        answer.calls[0].failure.clone().expect("refused")
    }

    /// The leak class of issue 21: "start ksdiag serve with --partner ID:ADMIN_SECRET" was
    /// the emulation's reason, read by the feed and the page.
    #[test]
    fn an_unknown_partner_is_a_typed_setting_not_a_flag_in_the_reason() {
        let f = start("999");
        assert_eq!(f.reason_code, "unknown_partner");
        assert_eq!(
            f.start_with.as_deref(),
            Some(&StartWith::Partner(Some(999)))
        );
        assert_eq!(
            f.reason,
            "partnerId \"999\" is not a partner this server knows"
        );
        assert_eq!(f.error.code, "SERVICE_FORBIDDEN_CONTENT_BLOCKED");
        let f = start("\"abc\"");
        assert_eq!(f.start_with.as_deref(), Some(&StartWith::Partner(None)));
        assert_eq!(
            StartWith::Partner(Some(999)).to_string(),
            "start the server with partner 999 and its admin secret"
        );
    }
}
