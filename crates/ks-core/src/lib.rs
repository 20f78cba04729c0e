//! Pure core of ksdiag: the Kaltura Session (KS) codec, app-token digests and the
//! tokenHash diagnosis engine. No I/O, no printing, no clock: callers inject time and randomness.
#![warn(missing_docs)]

pub mod app_token;
pub mod diagnose;
pub mod digest;
pub mod intake;
pub mod ks;
#[cfg(feature = "proptest")]
pub mod testing;
