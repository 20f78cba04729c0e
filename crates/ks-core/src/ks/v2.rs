//! KS v2: `b64url("v2|" + partner + "|" + AES-128-CBC(sha1(R+Q) + R + Q + zero padding))`.
//!
//! Key = first 16 bytes of `SHA1(admin_secret)`, IV = 16 zero bytes, no PKCS#7 (zero padding
//! that the server strips with `rtrim("\0")`). Sources: `kSessionBase::generateKsV2`,
//! `parseKsV2`, `matchAdminSecretV2`, `aesDecrypt` (spec ks-format.md section 3).

use super::error::KsError;
use super::fields::{Privilege, ServerFields};
use super::php;
use crate::digest::{HashType, digest_parts};
use aes::Aes128;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};

/// Size of the random prefix R.
pub const RANDOM_SIZE: usize = 16;
const SHA1_SIZE: usize = 20;
const BLOCK: usize = 16;

/// The clear part of a v2 KS: readable without the admin secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KsV2Envelope {
    /// The partner id from the clear header (not authenticated by the inner SHA-1).
    pub partner_id: String,
    /// The AES-128-CBC ciphertext.
    pub ciphertext: Vec<u8>,
}

/// A v2 KS decrypted and checked with the admin secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KsV2 {
    /// The decrypted plaintext, zero padding included.
    pub plaintext: Vec<u8>,
    /// The 16 random bytes R (fewer if the plaintext was short).
    pub random: Vec<u8>,
    /// The field query Q as bytes.
    pub query: Vec<u8>,
    /// Members as the server reads them.
    pub fields: ServerFields,
}

/// Why a v2 KS did not decrypt to a valid session with the given secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum V2Rejected {
    /// The ciphertext is not a whole number of 16-byte blocks.
    #[error("the ciphertext length {0} is not a multiple of 16 (truncated?)")]
    CiphertextLength(usize),
    /// The inner SHA-1 does not match: wrong admin secret, or a damaged KS.
    #[error("the inner SHA-1 does not match: wrong admin secret, or a damaged KS")]
    HashMismatch,
    /// A field name contains `[...]`: PHP `parse_str` makes an array and the server's
    /// `parseKsV2` dies with a TypeError (PHP 8).
    #[error("a field name contains '[...]': the server's parser would crash on it (PHP TypeError)")]
    ServerWouldCrash,
}

/// Splits decoded v2 bytes into header and ciphertext (`explode('|', $ks, 3)`).
pub(crate) fn parse_envelope(decoded: &[u8]) -> Result<KsV2Envelope, KsError> {
    let mut parts = decoded.splitn(3, |&b| b == b'|');
    let (Some(_version), Some(partner), Some(ct)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(KsError::V2Header);
    };
    Ok(KsV2Envelope {
        partner_id: String::from_utf8_lossy(partner).into_owned(),
        ciphertext: ct.to_vec(),
    })
}

fn key_for(admin_secret: &str) -> [u8; 16] {
    let d = digest_parts(HashType::Sha1, &[admin_secret.as_bytes()]);
    let mut key = [0u8; 16];
    key.copy_from_slice(&d.as_bytes()[..16]);
    key
}

fn each_block(buf: &mut [u8], mut f: impl FnMut(&mut aes::Block)) {
    for chunk in buf.chunks_exact_mut(BLOCK) {
        if let Ok(block) = <&mut aes::Block>::try_from(chunk) {
            f(block);
        }
    }
}

impl KsV2Envelope {
    /// Decrypts and checks with `admin_secret`, as `matchAdminSecretV2` then `parseKsV2`.
    pub fn decrypt(&self, admin_secret: &str) -> Result<KsV2, V2Rejected> {
        if !self.ciphertext.len().is_multiple_of(BLOCK) {
            return Err(V2Rejected::CiphertextLength(self.ciphertext.len()));
        }
        let mut plaintext = self.ciphertext.clone();
        let mut dec =
            cbc::Decryptor::<Aes128>::new(&key_for(admin_secret).into(), &[0u8; 16].into());
        each_block(&mut plaintext, |b| dec.decrypt_block(b));
        let trimmed_len = plaintext.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
        let trimmed = &plaintext[..trimmed_len];
        let (hash, rest) = trimmed.split_at(trimmed.len().min(SHA1_SIZE));
        if hash != digest_parts(HashType::Sha1, &[rest]).as_bytes() {
            return Err(V2Rejected::HashMismatch);
        }
        let (random, query) = rest.split_at(rest.len().min(RANDOM_SIZE));
        let mut fields = fields_from_query(query)?;
        fields.partner_id = Some(self.partner_id.clone());
        fields.hash = hex::encode(hash);
        fields.rand = Some(hex::encode(random));
        Ok(KsV2 {
            random: random.to_vec(),
            query: query.to_vec(),
            fields,
            plaintext,
        })
    }
}

/// PHP `parse_str` name mangling: leading spaces dropped, ` ` and `.` become `_`, an unmatched
/// `[` becomes `_` and ends the mangling. `None` when the name makes an array.
fn mangle_name(raw: &str) -> Option<String> {
    let name = raw.trim_start_matches(' ');
    let mut out = String::with_capacity(name.len());
    for (i, c) in name.char_indices() {
        match c {
            ' ' | '.' => out.push('_'),
            '[' => {
                if name[i..].contains(']') {
                    return None;
                }
                out.push('_');
                out.push_str(&name[i + 1..]);
                return Some(out);
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// `parse_str` then the member mapping of `parseKsV2`.
fn fields_from_query(query: &[u8]) -> Result<ServerFields, V2Rejected> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for item in query.split(|&b| b == b'&') {
        if item.is_empty() {
            continue;
        }
        let (k, v) = match item.iter().position(|&b| b == b'=') {
            Some(i) => (&item[..i], &item[i + 1..]),
            None => (item, &b""[..]),
        };
        let key = String::from_utf8_lossy(&php::urldecode(k)).into_owned();
        let Some(key) = mangle_name(&key) else {
            return Err(V2Rejected::ServerWouldCrash);
        };
        if key.is_empty() {
            continue;
        }
        let value = String::from_utf8_lossy(&php::urldecode(v)).into_owned();
        match pairs.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => pairs.push((key, value)),
        }
    }
    let mut f = ServerFields::default();
    let mut privileges = Vec::new();
    for (name, value) in pairs {
        match name.as_str() {
            "_e" => f.valid_until = Some(value),
            "_t" => f.ks_type = Some(value),
            "_u" => f.user = Some(value),
            "_m" => f.master_partner_id = Some(value),
            "_d" => f.additional_data = Some(value),
            _ => {
                if value.is_empty() {
                    privileges.push(name.clone());
                    f.parsed_privileges.push(Privilege {
                        name,
                        values: vec![],
                    });
                } else {
                    privileges.push(format!("{name}:{value}"));
                    let values = value.split('/').map(str::to_string).collect();
                    f.parsed_privileges.push(Privilege { name, values });
                }
            }
        }
    }
    let joined = privileges.join(",");
    f.privileges = Some(if joined == "all:*" {
        "*".to_string()
    } else {
        joined
    });
    Ok(f)
}

/// Which generator's query encoding and privilege trimming to reproduce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryDialect {
    /// PHP `http_build_query` (server, PHP client): `~` as `%7E`, `trim`, drops `"0"`.
    Php,
    /// Python `urlencode` (official Python client): `~` raw, `str.strip()`, keeps `"0"`.
    Python,
}

/// Builds the field query Q as the generators do (ordered map, overwrite keeps position).
pub(crate) fn build_query(
    dialect: QueryDialect,
    privileges: &str,
    expiry: i64,
    ks_type: i64,
    user: Option<&str>,
    master_partner_id: Option<&str>,
    additional_data: Option<&str>,
) -> String {
    let mut fields: Vec<(String, Option<String>)> = Vec::new();
    let mut set = |k: &str, v: Option<String>| match fields.iter_mut().find(|(n, _)| n == k) {
        Some(slot) => slot.1 = v,
        None => fields.push((k.to_string(), v)),
    };
    for raw in privileges.split(',') {
        let item = match dialect {
            QueryDialect::Php => php::trim(raw),
            QueryDialect::Python => raw.trim(),
        };
        let skip = match dialect {
            QueryDialect::Php => !php::is_truthy(item),
            QueryDialect::Python => item.is_empty(),
        };
        if skip {
            continue;
        }
        let item = if item == "*" { "all:*" } else { item };
        match item.split_once(':') {
            Some((n, v)) => set(n, Some(v.to_string())),
            None => set(item, Some(String::new())),
        }
    }
    set("_e", Some(expiry.to_string()));
    set("_t", Some(ks_type.to_string()));
    match dialect {
        QueryDialect::Php => {
            set("_u", user.map(str::to_string));
            set("_m", master_partner_id.map(str::to_string));
            set("_d", additional_data.map(str::to_string));
        }
        // The Python client writes `str(userId)` (None as "None") and never _m/_d.
        QueryDialect::Python => set("_u", Some(user.unwrap_or("None").to_string())),
    }
    let mut q = String::new();
    let py = dialect == QueryDialect::Python;
    for (k, v) in fields {
        let Some(v) = v else { continue }; // http_build_query skips nulls
        if !q.is_empty() {
            q.push('&');
        }
        php::urlencode_into(&mut q, k.as_bytes(), py);
        q.push('=');
        php::urlencode_into(&mut q, v.as_bytes(), py);
    }
    q
}

/// Encrypts `random + query` under `admin_secret` and encodes the KS (URL-safe, padded).
pub(crate) fn encode(
    admin_secret: &str,
    partner_id: &str,
    random: &[u8; 16],
    query: &str,
) -> String {
    use base64::Engine as _;
    let mut inner = Vec::with_capacity(SHA1_SIZE + RANDOM_SIZE + query.len() + BLOCK);
    inner.extend_from_slice(random);
    inner.extend_from_slice(query.as_bytes());
    let hash = digest_parts(HashType::Sha1, &[&inner]);
    let mut plaintext = hash.as_bytes().to_vec();
    plaintext.extend_from_slice(&inner);
    let pad = (BLOCK - plaintext.len() % BLOCK) % BLOCK;
    plaintext.resize(plaintext.len() + pad, 0);
    let mut enc = cbc::Encryptor::<Aes128>::new(&key_for(admin_secret).into(), &[0u8; 16].into());
    each_block(&mut plaintext, |b| enc.encrypt_block(b));
    let mut decoded = format!("v2|{partner_id}|").into_bytes();
    decoded.extend_from_slice(&plaintext);
    base64::engine::general_purpose::URL_SAFE.encode(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_str_name_mangling() {
        assert_eq!(mangle_name("a.b c").as_deref(), Some("a_b_c"));
        assert_eq!(mangle_name("  x").as_deref(), Some("x"));
        assert_eq!(mangle_name("a[b").as_deref(), Some("a_b"));
        assert_eq!(mangle_name("a[b]"), None);
    }

    #[test]
    fn query_dialects_differ_only_where_the_clients_do() {
        let php = build_query(
            QueryDialect::Php,
            " view:* ,0,~x:1",
            5,
            0,
            Some("a~b"),
            None,
            None,
        );
        let py = build_query(
            QueryDialect::Python,
            " view:* ,0,~x:1",
            5,
            0,
            Some("a~b"),
            None,
            None,
        );
        assert_eq!(php, "view=%2A&%7Ex=1&_e=5&_t=0&_u=a%7Eb");
        assert_eq!(py, "view=%2A&0=&~x=1&_e=5&_t=0&_u=a~b");
    }
}
