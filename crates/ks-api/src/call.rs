//! One API call being answered: its parameters, the KS it carries, and how it fails.

use crate::config::Config;
use crate::entropy::Entropy;
use crate::error::ApiError;
use crate::start_with::StartWith;
use crate::state::State;
use ks_core::ks::ServerFields;
use serde_json::{Map, Value};

/// Everything a rejected tokenHash needs for a proof: the KS sent, the stored token and
/// hashType, the hash that came in, and the KS this server issued to that partner lately.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashCheck {
    /// The `ks` parameter, exactly as received.
    pub ks: String,
    /// The `tokenHash` parameter, exactly as received.
    pub token_hash: String,
    /// The stored app token (token, hashType, status, expiry, …).
    pub app_token: ks_core::app_token::AppToken,
    /// KS strings issued to the partner in the last hour, newest first (without `ks`), at
    /// most [`crate::MAX_CANDIDATES`]; [`HashCheck::candidates`] picks the diagnosis's.
    pub issued: Vec<String>,
    /// Which call of this server issued each KS of `issued`, and the sent one if this server
    /// issued it (newest first).
    pub origins: Vec<crate::state::IssuedKs>,
    /// The clock of the call.
    pub now: i64,
}

impl HashCheck {
    /// Which call of this server issued `ks`, if one did.
    pub fn origin(&self, ks: &str) -> Option<&crate::state::IssuedKs> {
        self.origins.iter().find(|o| o.ks == ks)
    }

    /// The KS the diagnosis takes as candidates for `different_ks`, newest first: the newest
    /// [`crate::ALWAYS_TRIED`] issued, and older ones whose plain hash (either order, any
    /// hashType) gives the claim. Computed here, not while the emulator answers, so that it
    /// costs the server's lock nothing.
    pub fn candidates(&self) -> Vec<String> {
        let token = self.app_token.token.as_deref().unwrap_or("");
        crate::candidates::candidates(&self.issued, token, &self.token_hash)
    }

    /// Runs ks-core's diagnosis over this call's inputs, with [`HashCheck::candidates`].
    pub fn diagnose(&self) -> ks_core::diagnose::Diagnosis {
        self.diagnose_with(&self.candidates())
    }

    /// Runs ks-core's diagnosis with `other_ks` as the candidates (the sent KS aside).
    pub fn diagnose_with(&self, other_ks: &[String]) -> ks_core::diagnose::Diagnosis {
        use ks_core::diagnose::{Case, diagnose};
        let token = self.app_token.token.as_deref().unwrap_or("");
        let case = Case {
            ks: &self.ks,
            token,
            claimed: &self.token_hash,
            hash_type: None,
            token_id: self.app_token.id.as_deref(),
            partner_id: self.app_token.partner_id,
            app_token: Some(&self.app_token),
            other_ks,
            // The emulator answers the call as it happens: its clock is the call's time.
            call_time: Some(ks_core::diagnose::CallTime::exact(
                self.now,
                ks_core::source::Source::TheCall,
            )),
            today: Some(self.now),
            sent_without_ks: false,
            request_partner_id: None,
            // The server received exactly this text: nothing to clean.
            ks_verbatim: true,
            hash_verbatim: true,
            // The server knows which KS came in.
            sent_ks_unknown: false,
            server_error: None,
        };
        diagnose(&case)
    }
}

/// A failed call: the error the client sees and why, for the log and the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What the client receives.
    pub error: ApiError,
    /// A short reason code, e.g. `other_partner`, `ks_signature` (`X-Ksdiag-Diagnosis` for
    /// errors other than INVALID_APP_TOKEN_HASH).
    pub reason_code: &'static str,
    /// One sentence saying why.
    pub reason: String,
    /// For INVALID_APP_TOKEN_HASH: the inputs of the proof.
    pub hash_check: Option<Box<HashCheck>>,
    /// What the server could be started with so that the call would be answered (a partner
    /// it does not know), for the front end to word.
    /// (Boxed: a failure travels in every `Result` of the emulation, and is rarely one.)
    pub start_with: Option<Box<StartWith>>,
}

impl Failure {
    /// A failure with its reason.
    pub fn new(error: ApiError, reason_code: &'static str, reason: impl Into<String>) -> Failure {
        Failure {
            error,
            reason_code,
            reason: reason.into(),
            hash_check: None,
            start_with: None,
        }
    }

    /// The failure with what the server could be started with to answer the call.
    pub fn needs(mut self, s: StartWith) -> Failure {
        self.start_with = Some(Box::new(s));
        self
    }
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Failure {
        let reason_code = match error.code {
            "MISSING_MANDATORY_PARAMETER" => "missing_parameter",
            "INVALID_ENUM_VALUE" => "invalid_enum",
            "PROPERTY_VALIDATION_NOT_UPDATABLE" => "readonly_property",
            _ => "error",
        };
        let reason = error.message.clone();
        Failure::new(error, reason_code, reason)
    }
}

/// A KS that parsed and whose signature checked (KalturaDispatcher step 2).
#[derive(Debug, Clone)]
pub struct KsSeen {
    /// The text as received.
    pub text: String,
    /// The partner it belongs to.
    pub partner_id: i64,
    /// Its members.
    pub fields: ServerFields,
}

/// One call in progress.
pub struct Call<'a> {
    /// The state, changed by the action.
    pub state: &'a mut State,
    /// Server settings.
    pub cfg: &'a Config,
    /// The clock, unix seconds.
    pub now: i64,
    /// Randomness for ids, tokens and KS.
    pub rng: &'a mut dyn Entropy,
    /// The call's parameters.
    pub params: &'a Map<String, Value>,
    /// The KS, parsed and signature-checked, if one was sent.
    pub ks: Option<KsSeen>,
    /// Lowercase service name.
    pub service: &'a str,
    /// The action name as the server spells it in `@action` (camelCase).
    pub action: &'static str,
}

impl Call<'_> {
    /// A parameter as a string (PHP cast).
    pub fn text(&self, name: &str) -> Option<String> {
        crate::request::text(self.params, name)
    }

    /// A required string parameter.
    pub fn required(&self, name: &str) -> Result<String, Failure> {
        match self.text(name) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(ApiError::missing_parameter(name).into()),
        }
    }

    /// An integer parameter; absent or empty gives `default` (castSimpleType), a number
    /// written as text is read as PHP's `(int)` does.
    pub fn int(&self, name: &str, default: i64) -> i64 {
        match self.text(name) {
            None => default,
            Some(v) if v.trim().is_empty() => default,
            Some(v) => php_int(&v),
        }
    }

    /// A `KalturaSessionType` parameter (0 USER, 2 ADMIN).
    pub fn session_type(&self, name: &str) -> Result<Option<i64>, Failure> {
        match self.text(name) {
            None => Ok(None),
            Some(v) if v.trim().is_empty() => Ok(None),
            Some(v) => match v.trim().parse::<i64>() {
                Ok(n @ (0 | 2)) => Ok(Some(n)),
                _ => Err(ApiError::invalid_enum(&v, name, "KalturaSessionType").into()),
            },
        }
    }

    /// An object parameter (`appToken`, `filter`, `pager`).
    pub fn object(&self, name: &str) -> Option<&Map<String, Value>> {
        self.params.get(name).and_then(Value::as_object)
    }

    /// `name` as the server prints it in SERVICE_FORBIDDEN: `apptoken->add`.
    pub fn forbidden(&self, why: &'static str, reason: impl Into<String>) -> Failure {
        Failure::new(
            ApiError::service_forbidden(self.service, self.action),
            why,
            reason,
        )
    }

    /// Requires an ADMIN KS (PARTNER_ADMIN_ROLE), as appToken CRUD does.
    pub fn require_admin(&self) -> Result<&KsSeen, Failure> {
        match &self.ks {
            None => Err(self.forbidden(
                "no_ks",
                format!("{}.{} needs an ADMIN KS (type 2) in the ks parameter, and none was sent", self.service, self.action),
            )),
            Some(k) if !k.fields.is_admin() => Err(self.forbidden(
                "not_admin_ks",
                format!(
                    "{}.{} needs an ADMIN KS (type 2); this KS is of type {} ({}); start one with session.start and the admin secret, type 2",
                    self.service,
                    self.action,
                    k.fields.ks_type.as_deref().unwrap_or("null"),
                    if k.fields.is_widget_session() { "a widget session" } else { "a USER session" }
                ),
            )),
            Some(k) => Ok(k),
        }
    }

    /// Requires any KS, as appToken.startSession and session.end do.
    pub fn require_ks(&self) -> Result<&KsSeen, Failure> {
        self.ks.as_ref().ok_or_else(|| {
            self.forbidden(
                "no_ks",
                format!(
                    "{}.{} needs a KS in the ks parameter (for startSession, the one startWidgetSession returned), and none was sent",
                    self.service, self.action
                ),
            )
        })
    }
}

/// PHP's `(int)` of a numeric string: leading digits, else 0.
pub fn php_int(v: &str) -> i64 {
    let t = v.trim_start();
    let (sign, digits) = match t.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, t.strip_prefix('+').unwrap_or(t)),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse::<i64>().map_or(0, |n| sign * n)
}

/// One call answered (a multirequest has one per item).
#[derive(Debug, Clone)]
pub struct CallRecord {
    /// Lowercase service, e.g. `apptoken`.
    pub service: String,
    /// Action as the server spells it, e.g. `startSession`.
    pub action: String,
    /// Why it failed, if it did.
    pub failure: Option<Failure>,
}
