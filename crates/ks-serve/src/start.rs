//! The state the server starts from: what the state file holds wins, and the partners and
//! app tokens the operator gives only add ids it lacks, so a token deleted with
//! appToken.delete stays deleted and one changed by appToken.update keeps its change across
//! restarts. What the operator should hear about it comes back as typed [`Note`]s, in order:
//! the binary words them with its flags (`crates/ksdiag/serve/`), never a secret or a token
//! of the file's.

use crate::setup::secret;
use ks_api::{Entropy, Partner, State, StoredToken};
use ks_core::app_token::{AppToken, AppTokenStatus, ExpiryReading};

/// The partner made when no partner is given and the file holds none.
pub const DEMO_PARTNER: i64 = 100_000;

/// Where an app token given without a partnerId was put.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// With the first partner given, or else the state file's lowest partner id.
    FirstPartner(i64),
    /// With partner 0, made with a generated admin secret (no partner anywhere).
    PartnerZero,
}

/// What the operator should hear about the start, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A partner the state file holds with another admin secret: the file's secret is kept.
    PartnerDiffers {
        /// The partner's id.
        id: i64,
    },
    /// An app token the state file holds and the given one describes otherwise: the file's
    /// version is kept.
    TokenDiffers {
        /// The app token's id.
        id: String,
        /// What differs, by appToken's field names ([`token_differences`]).
        fields: Vec<&'static str>,
        /// The status the file holds (1 DISABLED, 2 ACTIVE, 3 DELETED).
        status_in_file: i64,
    },
    /// An app token added to the state (served as given).
    TokenAdded {
        /// The app token's id (made up when it had none).
        id: String,
        /// Whether the operator gave it an id.
        had_id: bool,
        /// Where it was put when it had no partnerId.
        placed: Option<Placed>,
    },
    /// A partner an app token names that was not given: made with a generated admin secret.
    PartnerMade {
        /// The app token that names it.
        token_id: String,
        /// The partner's id.
        partner_id: i64,
        /// Its generated admin secret (the operator needs it to sign KS).
        admin_secret: String,
    },
    /// No partner at all: the demo partner [`DEMO_PARTNER`] with a generated admin secret.
    DemoPartner {
        /// Its id.
        id: i64,
        /// Its generated admin secret.
        admin_secret: String,
    },
}

/// An app token that cannot be served: it has no `token` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoTokenValue {
    /// Which of the given app tokens (0-based).
    pub index: usize,
}

/// The state to start from: `held` (the state file's, or empty) with the `partners` and
/// `tokens` it lacks, and what the operator should hear.
pub fn starting_state(
    held: State,
    partners: Vec<Partner>,
    tokens: Vec<AppToken>,
    now: i64,
    rng: &mut impl Entropy,
) -> Result<(State, Vec<Note>), NoTokenValue> {
    let mut state = held.clone();
    let mut notes = Vec::new();
    let first_given = partners.first().map(|p| p.id);
    for p in partners {
        match held.partner(p.id) {
            Some(h) if h.admin_secret != p.admin_secret => {
                notes.push(Note::PartnerDiffers { id: p.id });
            }
            Some(_) => {}
            None => state.add_partner(p),
        }
    }
    let first_partner = first_given.or_else(|| state.partners().next().map(|p| p.id));
    for (index, t) in tokens.into_iter().enumerate() {
        let (had_id, had_partner) = (t.id.is_some(), t.partner_id.is_some());
        let in_file = t.id.as_deref().and_then(|id| held.token(id));
        // A relative expiry and a missing createdAt count from when the file's copy was stored.
        let base = in_file.map_or(now, |h| h.created_at);
        let mut stored = stored_token(t, base, rng).ok_or(NoTokenValue { index })?;
        let mut placed = None;
        if !had_partner {
            stored.partner_id = first_partner.unwrap_or(0);
            placed = Some(first_partner.map_or(Placed::PartnerZero, Placed::FirstPartner));
        }
        if let Some(h) = in_file {
            stored.updated_at = h.updated_at;
            let fields = token_differences(h, &stored);
            if !fields.is_empty() {
                notes.push(Note::TokenDiffers {
                    id: h.id.clone(),
                    fields,
                    status_in_file: h.status,
                });
            }
            continue;
        }
        notes.push(Note::TokenAdded {
            id: stored.id.clone(),
            had_id,
            placed,
        });
        if state.partner(stored.partner_id).is_none() {
            let admin_secret = secret(rng);
            notes.push(Note::PartnerMade {
                token_id: stored.id.clone(),
                partner_id: stored.partner_id,
                admin_secret: admin_secret.clone(),
            });
            state.add_partner(Partner {
                id: stored.partner_id,
                admin_secret,
                user_secret: None,
            });
        }
        state.add_token(stored);
    }
    if state.partners().next().is_none() {
        let admin_secret = secret(rng);
        notes.push(Note::DemoPartner {
            id: DEMO_PARTNER,
            admin_secret: admin_secret.clone(),
        });
        state.add_partner(Partner {
            id: DEMO_PARTNER,
            admin_secret,
            user_secret: None,
        });
    }
    Ok((state, notes))
}

/// An app token as the server stored it (`AppTokenService::addAction`): a relative expiry
/// counts from createdAt (or `now`), status ACTIVE unless given, an id made up when there is
/// none; partnerId 0 stands for "not given" until the caller places it. `None` without a
/// `token` value.
pub fn stored_token(t: AppToken, now: i64, rng: &mut impl Entropy) -> Option<StoredToken> {
    let expiry = match t.expiry_reading() {
        ExpiryReading::Never => None,
        ExpiryReading::At(at) => Some(at),
        ExpiryReading::Relative { at: Some(at), .. } => Some(at),
        ExpiryReading::Relative { seconds, at: None } => Some(now + seconds),
    };
    let token = t.token.filter(|t| !t.is_empty())?;
    let id = t.id.unwrap_or_else(|| {
        let mut b = [0u8; 4];
        rng.fill(&mut b);
        format!("0_{}", hex::encode(b))
    });
    let status = match t.status {
        None => 2,
        Some(AppTokenStatus::Disabled) => 1,
        Some(AppTokenStatus::Active) => 2,
        Some(AppTokenStatus::Deleted) => 3,
        Some(AppTokenStatus::Other(n)) => n,
    };
    Some(StoredToken {
        id,
        token,
        partner_id: t.partner_id.unwrap_or(0),
        created_at: t.created_at.unwrap_or(now),
        updated_at: now,
        status,
        expiry,
        session_type: t.session_type,
        session_user_id: t.session_user_id,
        session_duration: t.session_duration,
        session_privileges: t.session_privileges,
        hash_type: t.hash_type.map(|h| h.kaltura_name().to_string()),
        description: t.description,
    })
}

/// The fields in which `given` differs from `held`, by their appToken names. `given` was
/// built as if stored when `held` was (same createdAt base), so a relative expiry compares
/// equal.
pub fn token_differences(held: &StoredToken, given: &StoredToken) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |differs: bool, name: &'static str| {
        if differs {
            out.push(name);
        }
    };
    check(held.token != given.token, "token");
    check(held.partner_id != given.partner_id, "partnerId");
    check(held.status != given.status, "status");
    check(held.expiry != given.expiry, "expiry");
    check(held.hash_type_name() != given.hash_type_name(), "hashType");
    check(held.session_type != given.session_type, "sessionType");
    check(
        held.session_user_id != given.session_user_id,
        "sessionUserId",
    );
    check(
        held.session_duration != given.session_duration,
        "sessionDuration",
    );
    check(
        held.session_privileges != given.session_privileges,
        "sessionPrivileges",
    );
    check(held.description != given.description, "description");
    check(held.created_at != given.created_at, "createdAt");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Counter(u8);
    impl Entropy for Counter {
        fn fill(&mut self, buf: &mut [u8]) {
            for b in buf {
                self.0 = self.0.wrapping_add(1);
                *b = self.0;
            }
        }
    }

    fn token() -> StoredToken {
        StoredToken {
            hash_type: Some("SHA256".into()),
            ..StoredToken::active("0_abc", "4f1c3a9e8b7d6c5b4a39281706f5e4d3", 7, 100)
        }
    }

    fn given(json: &str) -> AppToken {
        AppToken::parse(json).unwrap()
    }

    #[test]
    fn a_deleted_token_differs_in_status_only() {
        let held = StoredToken {
            status: 3,
            updated_at: 500,
            ..token()
        };
        assert_eq!(token_differences(&held, &token()), ["status"]);
    }

    #[test]
    fn an_unset_hash_type_reads_as_sha1() {
        let held = StoredToken {
            hash_type: Some("SHA1".into()),
            ..token()
        };
        let flag = StoredToken {
            hash_type: None,
            ..token()
        };
        assert!(token_differences(&held, &flag).is_empty());
    }

    #[test]
    fn the_files_partner_and_token_win_and_the_notes_say_so() {
        let mut held = State::default();
        held.add_partner(Partner {
            id: 7,
            admin_secret: "held-secret".into(),
            user_secret: None,
        });
        held.add_token(StoredToken {
            status: 3,
            ..token()
        });
        let partners = vec![Partner {
            id: 7,
            admin_secret: "flag-secret".into(),
            user_secret: None,
        }];
        let tokens = vec![
            given(
                r#"{"id":"0_abc","token":"4f1c3a9e8b7d6c5b4a39281706f5e4d3","partnerId":7,"hashType":"SHA256","createdAt":100}"#,
            ),
            given(r#"{"token":"0123456789abcdef0123456789abcdef"}"#),
        ];
        let (state, notes) =
            starting_state(held, partners, tokens, 1_000, &mut Counter(0)).unwrap();
        assert_eq!(state.partner(7).unwrap().admin_secret, "held-secret");
        assert_eq!(state.token("0_abc").unwrap().status, 3);
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert_eq!(notes[0], Note::PartnerDiffers { id: 7 });
        assert_eq!(
            notes[1],
            Note::TokenDiffers {
                id: "0_abc".into(),
                fields: vec!["status"],
                status_in_file: 3,
            }
        );
        let Note::TokenAdded {
            id, had_id, placed, ..
        } = &notes[2]
        else {
            panic!("{notes:?}");
        };
        assert_eq!((*had_id, *placed), (false, Some(Placed::FirstPartner(7))));
        assert_eq!(state.token(id).unwrap().partner_id, 7);
    }

    #[test]
    fn no_partner_anywhere_makes_partner_zero_for_a_token_or_else_the_demo_partner() {
        let tokens = vec![given(r#"{"id":"0_x","token":"t"}"#)];
        let (state, notes) =
            starting_state(State::default(), Vec::new(), tokens, 1_000, &mut Counter(0)).unwrap();
        assert!(matches!(
            &notes[..],
            [
                Note::TokenAdded {
                    placed: Some(Placed::PartnerZero),
                    ..
                },
                Note::PartnerMade { partner_id: 0, .. }
            ]
        ));
        assert!(state.partner(0).is_some());
        let (state, notes) =
            starting_state(State::default(), Vec::new(), Vec::new(), 0, &mut Counter(0)).unwrap();
        assert!(matches!(
            &notes[..],
            [Note::DemoPartner {
                id: DEMO_PARTNER,
                ..
            }]
        ));
        assert!(state.partner(DEMO_PARTNER).is_some());
    }

    #[test]
    fn a_token_without_its_value_is_refused_by_its_place() {
        let tokens = vec![
            given(r#"{"id":"0_x","token":"t"}"#),
            given(r#"{"id":"0_y"}"#),
        ];
        assert_eq!(
            starting_state(State::default(), Vec::new(), tokens, 0, &mut Counter(0)).err(),
            Some(NoTokenValue { index: 1 })
        );
    }
}
