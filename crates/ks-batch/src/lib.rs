//! JSON Lines batches on all cores: `ksdiag verify --batch` (one hash checked per line) and
//! `ksdiag diagnose --batch` (one diagnosis per line).
//!
//! Pure apart from the [`std::io::Read`] and [`std::io::Write`] the caller hands in: no files,
//! environment, clock or command line (the caller opens the input, reads the clock once and
//! passes the call's time). `.ci/check-deps.sh` keeps clap and the binary out of its
//! dependencies.
//!
//! - [`engine`]: blocks of whole lines read in order, answered in parallel, written in order.
//! - [`verify`]: the answer to a `verify --batch` line, read by the fast scanner
//!   ([`verify_line`]) and hashed without allocating.
//! - [`diagnose`]: the answer to a `diagnose --batch` line: the line's fields read into what
//!   the user gave, diagnosed, and written as the JSON diagnosis.
//! - [`json_line`]: a line read into its typed fields, with errors that name the field.
#![warn(missing_docs)]

pub mod diagnose;
pub mod engine;
pub mod json_line;
pub mod verify;
pub mod verify_line;

pub use engine::{Error, run};
