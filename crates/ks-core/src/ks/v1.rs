//! KS v1: `base64(sha1_hex(admin_secret + info) + "|" + info)`, info = `;`-joined fields.
//!
//! Parsing follows `kSessionBase::parseKsV1` (split on the first `|`, then on every `;`),
//! generation `kSessionBase::generateKsV1` (9 fields) or the official clients (7 fields).

use super::error::{Hint, KsError};
use super::fields::ServerFields;
use super::privileges::parse_privileges;
use crate::digest::{HashType, digest_parts};
use base64::Engine as _;

/// A parsed v1 KS: its signature text and signed info, and the members the server reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KsV1 {
    /// The text before the first `|` (a lowercase hex SHA-1 when well formed).
    pub signature: String,
    /// The signed bytes after the first `|`.
    pub info: Vec<u8>,
    /// Members as the server reads them.
    pub fields: ServerFields,
    /// How many `;`-separated fields the info has.
    pub field_count: usize,
}

/// Parses decoded v1 bytes.
pub(crate) fn parse(decoded: &[u8]) -> Result<KsV1, KsError> {
    let Some(bar) = decoded.iter().position(|&b| b == b'|') else {
        let hint = if decoded.len() < 48 {
            Some(Hint::NotAKs)
        } else {
            None
        };
        return Err(KsError::NoSeparator { hint });
    };
    let signature = String::from_utf8_lossy(&decoded[..bar]).into_owned();
    let info = decoded[bar + 1..].to_vec();
    let text = String::from_utf8_lossy(&info);
    let parts: Vec<&str> = text.split(';').collect();
    if parts.len() < 3 {
        return Err(KsError::TooFewFields { found: parts.len() });
    }
    let get = |i: usize| parts.get(i).map(|s| s.to_string());
    let privileges = get(6);
    let fields = ServerFields {
        partner_id: get(0),
        partner_pattern: get(1),
        valid_until: get(2),
        ks_type: get(3),
        rand: get(4),
        user: get(5),
        parsed_privileges: parse_privileges(privileges.as_deref()),
        privileges,
        master_partner_id: get(7),
        additional_data: get(8),
        hash: signature.clone(),
    };
    Ok(KsV1 {
        signature,
        field_count: parts.len(),
        info,
        fields,
    })
}

/// The v1 signature: lowercase hex of `SHA1(admin_secret + info)`.
pub fn sign(admin_secret: &str, info: &[u8]) -> String {
    digest_parts(HashType::Sha1, &[admin_secret.as_bytes(), info])
        .to_hex()
        .as_str()
        .to_string()
}

impl KsV1 {
    /// `kSessionBase::matchAdminSecretV1`: the strict compare `sha1(secret . info) === hash`,
    /// so an uppercase signature is invalid.
    pub fn signature_matches(&self, admin_secret: &str) -> bool {
        sign(admin_secret, &self.info) == self.signature
    }
}

/// Encodes signature and info as a v1 KS (standard base64 with padding, as every generator).
pub(crate) fn encode(admin_secret: &str, info: &str) -> String {
    let mut decoded = sign(admin_secret, info.as_bytes()).into_bytes();
    decoded.push(b'|');
    decoded.extend_from_slice(info.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(decoded)
}
