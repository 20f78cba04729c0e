//! The error the server answered (a `KalturaAPIException`), and where in the server's order
//! of checks it stopped. Read from what users paste by [`crate::intake::read_error`].

/// A reported API error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The code, e.g. `INVALID_APP_TOKEN_HASH`, `INVALID_KS`.
    pub code: String,
    /// The message, when given.
    pub message: Option<String>,
    /// The KS the server quoted back (INVALID_KS names it), when present.
    pub ks: Option<String>,
    /// The KS error inside INVALID_KS, e.g. `-1,INVALID_STR` or `-5,EXPIRED`.
    pub ks_error: Option<String>,
}

/// The server's order of checks in appToken.startSession (server-facts.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// The KS was rejected: nothing after it was checked.
    Ks,
    /// The app token id was not found for the KS's partner.
    TokenId,
    /// The app token is not active.
    TokenStatus,
    /// The tokenHash was compared and rejected: the KS and the id were accepted.
    Hash,
    /// Checked after the hash (APP_TOKEN_EXPIRED): the hash was accepted.
    AfterHash,
    /// An error from elsewhere (e.g. SERVICE_FORBIDDEN on a later call).
    Other,
}

impl ApiError {
    /// Which check failed.
    pub fn stage(&self) -> Stage {
        // Logs print the KS error as a pair, `-1,INVALID_STR` or `-5,EXPIRED`: its first part.
        let code = self.code.to_ascii_uppercase();
        let code = code.split(',').next().unwrap_or_default().trim();
        match code {
            "INVALID_KS" | "EXPIRED" | "-1" | "-5" | "INVALID_STR" | "KS_EXPIRED" => Stage::Ks,
            "APP_TOKEN_ID_NOT_FOUND" => Stage::TokenId,
            "APP_TOKEN_NOT_ACTIVE" => Stage::TokenStatus,
            "INVALID_APP_TOKEN_HASH" => Stage::Hash,
            "APP_TOKEN_EXPIRED" => Stage::AfterHash,
            _ => Stage::Other,
        }
    }
}
