//! What the emulated server remembers: partners, app tokens (persisted), and the sessions it
//! issued or ended (memory only, bounded).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet, VecDeque};

/// How long an issued KS stays a `different_ks` candidate: "the last hour".
pub const CANDIDATE_WINDOW_SECS: i64 = 3600;
/// At most this many issued KS per partner are kept as candidates (the newest), so a busy
/// server's diagnoses stay fast and its memory flat.
pub const MAX_CANDIDATES: usize = 32;
/// At most this many ended sessions are remembered for `LOGOUT` (the oldest are forgotten).
pub const MAX_ENDED: usize = 100_000;

/// A partner: id and secrets. `ksMaxExpiryInSeconds` is Kaltura's default, 86400.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    /// Partner id (negative ids are Kaltura's system partners).
    pub id: i64,
    /// The admin secret: signs every KS of this partner.
    pub admin_secret: String,
    /// The user secret: `session.start` with a type other than ADMIN accepts it too.
    #[serde(default)]
    pub user_secret: Option<String>,
}

/// An app token as the server stores it (`alpha/lib/model/AppToken.php`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredToken {
    /// `<dc>_<8 chars>`.
    pub id: String,
    /// 32 lowercase hex characters when made by add.
    pub token: String,
    /// The owning partner.
    pub partner_id: i64,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub updated_at: i64,
    /// 1 DISABLED, 2 ACTIVE, 3 DELETED.
    pub status: i64,
    /// Absolute unix seconds, or none.
    pub expiry: Option<i64>,
    /// 0 USER, 2 ADMIN, or none.
    pub session_type: Option<i64>,
    /// The user of the sessions it starts, or none.
    pub session_user_id: Option<String>,
    /// Seconds.
    pub session_duration: Option<i64>,
    /// Privileges merged into the sessions it starts.
    pub session_privileges: Option<String>,
    /// `MD5`, `SHA1`, `SHA256`, `SHA512`; none reads as SHA1.
    pub hash_type: Option<String>,
    /// Free text.
    pub description: Option<String>,
}

impl StoredToken {
    /// An ACTIVE app token with nothing else set (no expiry, hashType, session settings or
    /// description), created and updated at `now`: what `AppTokenService::addAction` starts
    /// from before it applies the request's fields.
    pub fn active(
        id: impl Into<String>,
        token: impl Into<String>,
        partner_id: i64,
        now: i64,
    ) -> StoredToken {
        StoredToken {
            id: id.into(),
            token: token.into(),
            partner_id,
            created_at: now,
            updated_at: now,
            status: 2,
            expiry: None,
            session_type: None,
            session_user_id: None,
            session_duration: None,
            session_privileges: None,
            hash_type: None,
            description: None,
        }
    }

    /// The hashType the server uses (`getFromCustomData` default SHA1).
    pub fn hash_type_name(&self) -> &str {
        self.hash_type.as_deref().unwrap_or("SHA1")
    }

    /// As ks-core's app token, for the diagnosis.
    pub fn to_core(&self) -> ks_core::app_token::AppToken {
        use ks_core::app_token::{AppToken, AppTokenStatus};
        AppToken {
            id: Some(self.id.clone()),
            token: Some(self.token.clone()),
            partner_id: Some(self.partner_id),
            hash_type: self.hash_type_name().parse().ok(),
            status: Some(AppTokenStatus::from_code(self.status)),
            expiry: self.expiry,
            created_at: Some(self.created_at),
            session_type: self.session_type,
            session_user_id: self.session_user_id.clone(),
            session_duration: self.session_duration,
            session_privileges: self.session_privileges.clone(),
            description: self.description.clone(),
        }
    }
}

/// The [`Snapshot::version`] this crate writes and reads; a file with another one is not read.
pub const SNAPSHOT_VERSION: u32 = 1;

/// What `--state` writes: partners and app tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Format version of this file.
    pub version: u32,
    /// Partners by id.
    pub partners: Vec<Partner>,
    /// App tokens, deleted ones included (status 3).
    pub app_tokens: Vec<StoredToken>,
}

impl Snapshot {
    /// What in this snapshot the server could never have stored, one sentence each (empty
    /// when nothing): a hashType other than the four `AppTokenHashType` values, an app token
    /// of a partner the file does not hold, an id held twice, a status other than 1-3. A
    /// file like that was edited by hand; serving it would give answers Kaltura never gives.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut partners = std::collections::BTreeSet::new();
        for p in &self.partners {
            if !partners.insert(p.id) {
                out.push(format!("partner {} is held twice", p.id));
            }
        }
        let mut ids = HashSet::new();
        for t in &self.app_tokens {
            if !ids.insert(t.id.as_str()) {
                out.push(format!("app token {} is held twice", t.id));
            }
            if let Some(h) = &t.hash_type
                && !ks_core::digest::HashType::ALL
                    .iter()
                    .any(|k| k.kaltura_name() == h)
            {
                out.push(format!(
                    "app token {} has hashType {h:?}; the server stores MD5, SHA1, SHA256 or SHA512",
                    t.id
                ));
            }
            if !partners.contains(&t.partner_id) {
                out.push(format!(
                    "app token {} belongs to partner {}, which the file does not hold",
                    t.id, t.partner_id
                ));
            }
            if !(1..=3).contains(&t.status) {
                out.push(format!(
                    "app token {} has status {}; the server stores 1 (DISABLED), 2 (ACTIVE) or 3 (DELETED)",
                    t.id, t.status
                ));
            }
        }
        out
    }
}

/// One KS this server issued.
#[derive(Debug, Clone)]
struct Issued {
    at: i64,
    ks: String,
    call: &'static str,
    ks_type: i64,
}

/// Where a KS came from: the call of this server that issued it, so that a diagnosis can say
/// "the KS session.start issued at 14:37:07 (ADMIN)", not only "another KS".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedKs {
    /// The KS.
    pub ks: String,
    /// When it was issued, unix seconds.
    pub at: i64,
    /// The call: `session.start`, `session.startWidgetSession`, `appToken.startSession`.
    pub call: &'static str,
    /// Its type: 0 USER, 2 ADMIN.
    pub ks_type: i64,
    /// How many KS the same call issued to the partner after this one: 0 for the last one,
    /// 1 for the one before the last.
    pub later: usize,
}

/// Everything the emulation knows.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub(crate) partners: BTreeMap<i64, Partner>,
    pub(crate) tokens: BTreeMap<String, StoredToken>,
    /// KS strings ended by `session.end` (for LOGOUT), oldest first.
    ended_order: VecDeque<String>,
    ended: HashSet<String>,
    /// KS issued per partner, newest last.
    issued: BTreeMap<i64, VecDeque<Issued>>,
    /// Bumped on every change to partners or tokens.
    pub(crate) revision: u64,
}

impl State {
    /// A state holding `snapshot`'s partners and tokens.
    pub fn from_snapshot(snapshot: Snapshot) -> State {
        let mut s = State::default();
        for p in snapshot.partners {
            s.partners.insert(p.id, p);
        }
        for t in snapshot.app_tokens {
            s.tokens.insert(t.id.clone(), t);
        }
        s
    }

    /// Partners and tokens, for `--state`.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            version: SNAPSHOT_VERSION,
            partners: self.partners.values().cloned().collect(),
            app_tokens: self.tokens.values().cloned().collect(),
        }
    }

    /// Bumped on every change that `snapshot` would show.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Adds or replaces a partner.
    pub fn add_partner(&mut self, partner: Partner) {
        self.partners.insert(partner.id, partner);
        self.revision += 1;
    }

    /// Adds or replaces an app token.
    pub fn add_token(&mut self, token: StoredToken) {
        self.tokens.insert(token.id.clone(), token);
        self.revision += 1;
    }

    /// A partner by id.
    pub fn partner(&self, id: i64) -> Option<&Partner> {
        self.partners.get(&id)
    }

    /// All partners.
    pub fn partners(&self) -> impl Iterator<Item = &Partner> {
        self.partners.values()
    }

    /// An app token by id, whatever its partner or status.
    pub fn token(&self, id: &str) -> Option<&StoredToken> {
        self.tokens.get(id)
    }

    pub(crate) fn end_session(&mut self, ks: &str) {
        if self.ended.insert(ks.to_string()) {
            self.ended_order.push_back(ks.to_string());
            if self.ended_order.len() > MAX_ENDED
                && let Some(old) = self.ended_order.pop_front()
            {
                self.ended.remove(&old);
            }
        }
    }

    pub(crate) fn is_ended(&self, ks: &str) -> bool {
        self.ended.contains(ks)
    }

    pub(crate) fn remember_issued(
        &mut self,
        partner: i64,
        now: i64,
        ks: &str,
        call: &'static str,
        ks_type: i64,
    ) {
        let list = self.issued.entry(partner).or_default();
        list.push_back(Issued {
            at: now,
            ks: ks.to_string(),
            call,
            ks_type,
        });
        while list.len() > MAX_CANDIDATES
            || list
                .front()
                .is_some_and(|i| i.at < now - CANDIDATE_WINDOW_SECS)
        {
            list.pop_front();
        }
    }

    /// The KS issued to `partner` in the last hour (newest first, at most [`MAX_CANDIDATES`]),
    /// without `except`.
    pub fn issued_candidates(&self, partner: i64, now: i64, except: &str) -> Vec<String> {
        self.issued_origins(partner, now)
            .into_iter()
            .filter(|i| i.ks != except)
            .map(|i| i.ks)
            .collect()
    }

    /// Every KS issued to `partner` in the last hour, newest first, with the call that issued
    /// it.
    pub fn issued_origins(&self, partner: i64, now: i64) -> Vec<IssuedKs> {
        let Some(list) = self.issued.get(&partner) else {
            return Vec::new();
        };
        let mut seen: Vec<(&'static str, usize)> = Vec::new();
        list.iter()
            .rev()
            .filter(|i| i.at >= now - CANDIDATE_WINDOW_SECS)
            .map(|i| {
                let later = match seen.iter_mut().find(|(c, _)| *c == i.call) {
                    Some((_, n)) => {
                        *n += 1;
                        *n - 1
                    }
                    None => {
                        seen.push((i.call, 1));
                        0
                    }
                };
                IssuedKs {
                    ks: i.ks.clone(),
                    at: i.at,
                    call: i.call,
                    ks_type: i.ks_type,
                    later,
                }
            })
            .collect()
    }
}
