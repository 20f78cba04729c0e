//! Code to paste: the tokenHash function, a whole raw-HTTP program and the official-client
//! flow, in the languages Kaltura users write, plus the table of lines people write instead.
//!
//! The templates are data files (`snippets/<flow>/<lang>.<ext>`), embedded here; the app
//! token's hashType is the only thing substituted. Every template runs in its real
//! interpreter in the project's tests (`tests/snippets.rs`).
//!
//! ```
//! use ks_core::digest::HashType;
//! use ks_snippets::{snippet, Flow, Lang};
//! let code = snippet("python".parse().unwrap(), Flow::Hash, HashType::Sha256).unwrap();
//! assert!(code.contains("hashlib.sha256((ks + token).encode(\"utf-8\")).hexdigest()"));
//! // The official clients exist for some languages only.
//! assert!(snippet(Lang::Go, Flow::Client, HashType::Sha1).is_none());
//! ```
#![warn(missing_docs)]

mod fixes;
mod guess;
mod lang;

pub use fixes::{Fix, fixes, fixes_for};
pub use guess::guess;
pub use lang::{Flow, Lang, UnknownFlow, UnknownLang};

use ks_core::digest::HashType;

/// The template of `lang` for `flow`, before the hashType is substituted; `None` when the
/// flow does not exist for the language (`client` is python, node and php; `raw-typed` php).
pub fn template(lang: Lang, flow: Flow) -> Option<&'static str> {
    use Lang::*;
    Some(match flow {
        Flow::Hash => match lang {
            Bash => include_str!("../snippets/hash/bash.sh"),
            Python => include_str!("../snippets/hash/python.py"),
            Node => include_str!("../snippets/hash/node.js"),
            Php => include_str!("../snippets/hash/php.php"),
            Ruby => include_str!("../snippets/hash/ruby.rb"),
            Go => include_str!("../snippets/hash/go.go"),
            Java => include_str!("../snippets/hash/java.java"),
            Csharp => include_str!("../snippets/hash/csharp.cs"),
            Perl => include_str!("../snippets/hash/perl.pl"),
        },
        Flow::Raw => match lang {
            Bash => include_str!("../snippets/raw/bash.sh"),
            Python => include_str!("../snippets/raw/python.py"),
            Node => include_str!("../snippets/raw/node.js"),
            Php => include_str!("../snippets/raw/php.php"),
            Ruby => include_str!("../snippets/raw/ruby.rb"),
            Go => include_str!("../snippets/raw/go.go"),
            Java => include_str!("../snippets/raw/java.java"),
            Csharp => include_str!("../snippets/raw/csharp.cs"),
            Perl => include_str!("../snippets/raw/perl.pl"),
        },
        Flow::RawTyped => match lang {
            Php => include_str!("../snippets/raw-typed/php.php"),
            _ => return None,
        },
        Flow::Client => match lang {
            Python => include_str!("../snippets/client/python.py"),
            Node => include_str!("../snippets/client/node.js"),
            Php => include_str!("../snippets/client/php.php"),
            _ => return None,
        },
    })
}

/// Substitutes the hashType into a template (or a table line): `{{hash}}` becomes `sha256`,
/// `{{HASH}}` `SHA256` (the Kaltura spelling), `{{HASH_DASH}}` `SHA-256` (Java, Perl's
/// `Digest`).
pub fn render(template: &str, hash_type: HashType) -> String {
    let dash = match hash_type {
        HashType::Md5 => "MD5",
        HashType::Sha1 => "SHA-1",
        HashType::Sha256 => "SHA-256",
        HashType::Sha512 => "SHA-512",
    };
    template
        .replace("{{hash}}", hash_type.cli_name())
        .replace("{{HASH}}", hash_type.kaltura_name())
        .replace("{{HASH_DASH}}", dash)
}

/// The code of `lang` for `flow` with `hash_type` substituted (for `raw` and `client`, the
/// default of `KALTURA_HASH_TYPE`).
pub fn snippet(lang: Lang, flow: Flow, hash_type: HashType) -> Option<String> {
    template(lang, flow).map(|t| render(t, hash_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_hash_and_raw_snippets_without_placeholders_left() {
        for lang in Lang::ALL {
            for flow in [Flow::Hash, Flow::Raw] {
                for h in HashType::ALL {
                    let code = snippet(lang, flow, h).unwrap_or_default();
                    assert!(!code.is_empty(), "{lang} {flow}");
                    assert!(!code.contains("{{"), "{lang} {flow} {h}: {code}");
                }
            }
        }
    }
}
