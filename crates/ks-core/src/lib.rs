//! Pure core of ksdiag: the Kaltura Session (KS) codec, app-token digests and the
//! tokenHash diagnosis engine. No I/O, no printing, no clock: callers inject time and randomness.
//!
//! The whole job in a few lines: read what the client sent, find the mistake, prove it.
//!
//! ```
//! use ks_core::diagnose::{diagnose, Case, Verdict};
//! use ks_core::intake::request;
//!
//! // The failing request, as copied from the browser's network tab.
//! let req = request::parse(
//!     "https://www.kaltura.com/api_v3/service/appToken/action/startSession\
//!      ?ks=djJ8MTIzNHxzb21lLWNpcGhlcnRleHQ%3D&id=0_s9x2kq7w\
//!      &tokenHash=4C0D8B5E2C2A6A1F1D1E6A3F2D6C7B9E0A1B2C3D",
//! ).unwrap();
//! let token = "0123456789abcdef0123456789abcdef";
//! let ks = req.ks.as_deref().unwrap();
//! let claimed = req.token_hash.as_deref().unwrap();
//! let d = diagnose(&Case::new(ks, token, claimed));
//! // A made-up hash: nothing reproduces it, and the engine says so instead of guessing.
//! assert_eq!(d.verdict, Verdict::Unexplained);
//! assert_eq!(d.expected_hash.len(), 40);
//! ```
#![warn(missing_docs)]

pub mod api_error;
pub mod app_token;
pub mod diagnose;
pub mod digest;
pub mod intake;
pub mod json_text;
pub mod kaltura_errors;
pub mod ks;
pub mod message;
pub mod source;
#[cfg(feature = "proptest")]
pub mod testing;
pub mod unix_time;
mod xml_text;
