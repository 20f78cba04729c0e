//! One appToken.startSession call as a log shows it: what every log reader (lines, HAR,
//! Kaltura's API log, printed values) gives.

use crate::api_error::ApiError;

/// One startSession request seen in a log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenRequest {
    /// Where: `line 12` or `HAR entry 3`.
    pub place: String,
    /// The KS sent.
    pub ks: Option<String>,
    /// The app token id sent.
    pub token_id: Option<String>,
    /// The tokenHash sent.
    pub token_hash: Option<String>,
    /// The response body, when the log keeps it (HAR files do).
    pub response: Option<String>,
    /// The error the server logged for this call (Kaltura's own API log).
    pub error: Option<ApiError>,
}
