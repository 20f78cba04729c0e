//! Every word a ksdiag user reads, in one place: the CLI, `ksdiag serve` and the page all
//! speak through this crate, so they say the same thing in the same words.
//!
//! Pure like `ks-core`: no files, environment, clock or sockets. Renderers write into any
//! [`std::io::Write`] the caller hands them; the caller decides where the bytes go.
//!
//! - [`verdict_words`], [`cause_words`]: a verdict, a cause and the KS names in words.
//! - [`api_body`]: the body of `POST /ksdiag/diagnose` (and the page's engine) read into a `Given`.
//! - [`provenance`]: where each input came from, and a diagnosis as the front ends show it.
//! - [`redact`]: what is a secret and how it is shown (`--show-secrets` off by default).
//! - [`timefmt`]: times as users read them.
//! - [`render_human`], [`render_markdown`], [`render_json`], [`render_fix_code`]: a diagnosis
//!   as a terminal report, a Markdown issue comment, the JSON wire format, the fix in code;
//!   [`render_report`]: what `diagnose` prints, in the form asked.
//! - [`decoded`], [`decode_human`]: a decoded KS, as JSON and for a terminal.
//! - [`source_words`]: what the user gave (a flag, a JSON field, a log line), per front end.
//! - [`page_words`]: the sentences the page shows around the JSON it renders.
//! - [`explain_codes`]: Kaltura's error codes in plain words; [`explain`]: what a code names
//!   (an error, a cause, a finding, a privilege, a permission); [`render_explain`]: it in
//!   words (terminal, JSON); [`catalogue`]: every code in words as one object (for the page).
#![warn(missing_docs)]

pub mod api_body;
pub mod catalogue;
pub mod cause_words;
pub mod decode_human;
pub mod decoded;
pub mod explain;
pub mod explain_codes;
pub mod page_words;
pub mod provenance;
pub mod redact;
pub mod render_explain;
pub mod render_fix_code;
pub mod render_human;
pub mod render_json;
pub mod render_markdown;
pub mod render_report;
pub mod source_words;
pub mod timefmt;
pub mod verdict_words;
