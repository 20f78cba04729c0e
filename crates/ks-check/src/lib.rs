//! `ksdiag check`: runs the user's own tokenHash program and says what it gets wrong, grouped
//! by the proven cause (spec `docs/serve.md`, "ksdiag check").
//!
//! Two ways to run it:
//! - [`check`] over [`Options`]: the program runs once per known-answer case
//!   ([`known_answers`]: widget KS as `session.startWidgetSession` issues them, tokens as
//!   `appToken.add` does, the correct `H(ks + token)`), or once for all with `--lines`; each
//!   wrong answer is diagnosed (`ks_core::diagnose`) and the [`Report`] groups them by cause.
//! - [`serve::check`] over [`serve::Options`]: the whole program runs against a server in this
//!   process (`ks_serve::embedded`), once per hash type; it passes when it got a session from
//!   `appToken.startSession` and exited 0.
//!
//! The binary reads its flags into the options and prints with the renderers
//! ([`report_human`], [`report_json`], [`serve_report`], [`serve_json`], [`junit`]), which write to any
//! `impl Write` or return the value. The words of causes and fixes are `ks-report`'s
//! (`cause_words::describe`, `render_fix_code`), the same the CLI's `diagnose` prints.
//! Programs run with [`run`]: a time limit, their children stopped with them, Ctrl-C
//! stopping them all. Nothing here knows clap or the binary (`.ci/check-deps.sh`).
//!
//! ```no_run
//! let options = ks_check::Options {
//!     cmd: vec!["python3".into(), "token_hash.py".into()],
//!     hash_type: None,
//!     count: 25,
//!     seed: 1,
//!     lines: false,
//!     timeout: std::time::Duration::from_secs(30),
//! };
//! let report = ks_check::check(&options)?;
//! ks_check::report_human::write(&mut std::io::stdout(), &report)?;
//! std::process::exit(if report.passed() { 0 } else { 1 });
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

mod answers;
mod check;
mod command_line;
mod error;
mod grade;
pub mod junit;
pub mod known_answers;
pub mod report_human;
pub mod report_json;
pub mod run;
pub mod serve;
pub mod serve_json;
pub mod serve_report;

pub use check::{HardCoded, Mode, Options, Report, check};
pub use command_line::command_line;
pub use error::Error;
pub use grade::{Group, GroupKind};
