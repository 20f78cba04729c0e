//! Why a check could not be made at all (the CLI exits 2): the program did not start, failed
//! on every case without an answer, or the in-process server did not start.

use crate::command_line;

/// A check that could not be made. Each message says what, about which command, and a hint.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The program could not be started (not found, not executable, no command given).
    #[error(
        "cannot run `{}`: {reason}; hint: give the program and its arguments after --, e.g. `{}`",
        command_line(.cmd),
        if *.serve { "ksdiag check --serve -- python3 login.py" } else { "ksdiag check -- python3 token_hash.py" }
    )]
    CannotRun {
        /// The program and its arguments, as given (placeholders not replaced).
        cmd: Vec<String>,
        /// Why it did not start: its text is part of the message, not a `source` that
        /// `{:#}` would print a second time.
        reason: std::io::Error,
        /// `check --serve` (the hint's example differs).
        serve: bool,
    },
    /// It exited with a failure on every case and printed no answer: a usage problem (the
    /// program was not run as it expects), not wrong hashes.
    #[error(
        "`{}` failed on every case ({message}); hint: run it by hand with KALTURA_KS, KALTURA_APP_TOKEN and KALTURA_HASH_TYPE set{}",
        command_line(.cmd),
        if *.lines { ", one KS<TAB>TOKEN<TAB>HASH_TYPE line on stdin" } else { "" }
    )]
    FailedEveryCase {
        /// The program and its arguments, as given.
        cmd: Vec<String>,
        /// Its exit status and last lines of stderr on the first case.
        message: String,
        /// `--lines` (the hint says what it reads).
        lines: bool,
    },
    /// `check --serve`: the in-process server did not start.
    #[error(transparent)]
    Server(#[from] ks_serve::Error),
}
