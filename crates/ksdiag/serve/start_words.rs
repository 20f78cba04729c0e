//! What `ks_serve::start` tells the operator about the start, in this command's words: the
//! flags (`--partner`, `--app-token`, `--state`) that gave each partner and app token. Never a
//! secret or a token of the state file's; the secrets printed are the ones made for this run.

use ks_api::{StartWith, State, StoredToken};
use ks_serve::start::{Note, Placed};
use std::path::Path;

fn status_name(status: i64) -> String {
    match status {
        1 => "1 (DISABLED)".into(),
        2 => "2 (ACTIVE)".into(),
        3 => "3 (DELETED)".into(),
        n => n.to_string(),
    }
}

/// The stderr lines for `note`; `state` is the state served (for the token added), `path`
/// the --state file.
pub fn lines(note: &Note, state: &State, path: &Path) -> Vec<String> {
    let path = path.display();
    match note {
        Note::PartnerDiffers { id } => vec![format!(
            "warning: --partner {id}: the --state file {path} holds partner {id} with another admin secret; the state file's secret is kept; to start over from the flags, delete {path}, or use another partner id"
        )],
        Note::TokenDiffers {
            id,
            fields,
            status_in_file,
        } => {
            let what = if fields == &["status"] {
                format!("status: {} in the file", status_name(*status_in_file))
            } else {
                fields.join(", ")
            };
            vec![format!(
                "warning: --app-token {id}: the --state file {path} holds app token {id} with another {what}; the state file's version is kept (changes made through the API, such as appToken.update or appToken.delete, survive restarts); to start over from the flags, delete {path}, or give the token another id"
            )]
        }
        Note::TokenAdded { id, had_id, placed } => state
            .token(id)
            .map(|t| odd_token(t, *had_id, *placed))
            .unwrap_or_default(),
        Note::PartnerMade {
            token_id,
            partner_id,
            admin_secret,
        } => vec![format!(
            "ksdiag serve: app token {token_id} names partner {partner_id}, which was not given: added it with admin secret {admin_secret}"
        )],
        Note::DemoPartner { id, admin_secret } => vec![format!(
            "ksdiag serve: no --partner given: demo partner {id}, admin secret {admin_secret}"
        )],
    }
}

/// Warnings about an app token a user would not get from appToken.add: a token that is not 32
/// lowercase hex characters, no partnerId, no id. It is served all the same.
fn odd_token(t: &StoredToken, had_id: bool, placed: Option<Placed>) -> Vec<String> {
    let mut out = Vec::new();
    let which = format!("--app-token {}: the token", t.id);
    if let Some(f) = ks_core::diagnose::token_shape(&t.token, &which) {
        out.push(format!(
            "warning: {}; it is served as given: a tokenHash must hash exactly these characters",
            f.message
        ));
    }
    if let Some(placed) = placed {
        let placed = match placed {
            Placed::FirstPartner(p) => format!(
                "added to partner {p} (the first --partner, or else the state file's lowest partner id); add \"partnerId\" to choose"
            ),
            Placed::PartnerZero => "added to partner 0, which is made with a generated admin secret (below); add \"partnerId\" or --partner to choose".to_string(),
        };
        out.push(format!(
            "warning: --app-token {}: no partnerId: {placed}",
            t.id
        ));
    }
    if !had_id {
        out.push(format!(
            "warning: --app-token: no id: it is served as {}; with --state, give it an id, or each start adds another copy",
            t.id
        ));
    }
    out
}

/// What the server could be started with, as the flag of `ksdiag serve` that sets it: the
/// operator's stderr line ends with it ("start ksdiag serve with --partner 77:ADMIN_SECRET").
pub fn flag_words(s: &StartWith) -> String {
    match s {
        StartWith::Partner(Some(id)) => {
            format!("start ksdiag serve with --partner {id}:ADMIN_SECRET")
        }
        StartWith::Partner(None) => "start ksdiag serve with --partner ID:ADMIN_SECRET".into(),
        StartWith::CorsOrigin(o) => format!("start it with --cors-origin {o}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ks_api::Partner;

    fn state_with(t: StoredToken) -> State {
        let mut s = State::default();
        s.add_token(t);
        s
    }

    #[test]
    fn a_deleted_token_in_the_file_is_named_with_its_status_not_its_token() {
        let note = Note::TokenDiffers {
            id: "0_abc".into(),
            fields: vec!["status"],
            status_in_file: 3,
        };
        let w = lines(&note, &State::default(), Path::new("s.json")).join("\n");
        assert!(
            w.starts_with("warning: --app-token 0_abc: the --state file s.json holds app token 0_abc with another status: 3 (DELETED) in the file;"),
            "{w}"
        );
    }

    #[test]
    fn another_admin_secret_warns_without_either_secret() {
        let mut state = State::default();
        state.add_partner(Partner {
            id: 5,
            admin_secret: "held-secret".into(),
            user_secret: None,
        });
        let w = lines(&Note::PartnerDiffers { id: 5 }, &state, Path::new("s.json")).join("\n");
        assert!(
            w.contains("partner 5") && w.contains("delete s.json"),
            "{w}"
        );
        assert!(!w.contains("held-secret"), "{w}");
    }

    #[test]
    fn an_odd_token_added_gets_a_line_for_each_oddity() {
        let t = StoredToken::active("0_x", "NOT-HEX", 0, 0);
        let note = Note::TokenAdded {
            id: "0_x".into(),
            had_id: false,
            placed: Some(Placed::PartnerZero),
        };
        let w = lines(&note, &state_with(t), Path::new(""));
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(
            w[0].starts_with("warning: --app-token 0_x: the token"),
            "{w:?}"
        );
        assert!(w[1].contains("no partnerId: added to partner 0"), "{w:?}");
        assert!(w[2].contains("no id: it is served as 0_x"), "{w:?}");
    }
}
