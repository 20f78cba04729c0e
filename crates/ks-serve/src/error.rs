//! What can stop the server from starting or serving, in the server's words. The front end
//! says which of its inputs it was (the CLI prefixes `--state: ` or `--cors-origin `, and adds
//! its `--port` hint to [`Error::Listen`]); no flag is named here.

use std::net::IpAddr;
use std::path::PathBuf;

/// Why the server could not start, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The async runtime could not be made (threads, file descriptors).
    #[error("cannot start the async runtime")]
    Runtime(#[source] std::io::Error),
    /// A handler for SIGINT or SIGTERM could not be installed.
    #[error("cannot handle {signal}")]
    Signal {
        /// `SIGINT` or `SIGTERM`.
        signal: &'static str,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The address and port cannot be bound (in use, not this machine's, not allowed).
    #[error("cannot listen on {bind}:{port}")]
    Listen {
        /// The address asked for.
        bind: IpAddr,
        /// The port asked for.
        port: u16,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// Writing to stdout or reading the bound address failed.
    #[error("cannot announce the address listened on")]
    Announce(#[source] std::io::Error),
    /// The state file exists but cannot be read.
    #[error("cannot read {}; hint: give a path to a file this user can read and write", path.display())]
    StateUnreadable {
        /// The state file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a state file (not JSON, not an object, no `version`, wrong shape).
    #[error("{} is not a ksdiag state file; hint: give another path, or move this file away (it is left untouched){}", path.display(), no_version.then_some(" (it has no \"version\")").unwrap_or(""))]
    NotAStateFile {
        /// The state file.
        path: PathBuf,
        /// The file is JSON without a `version`.
        no_version: bool,
        /// Why it does not read as a state file, when JSON said.
        #[source]
        source: Option<serde_json::Error>,
    },
    /// A state file of a version this ksdiag does not read.
    #[error("{} is a state file of version {found}, and this ksdiag reads version {} only; hint: use the ksdiag that wrote it, or give another path (the file is left untouched)", path.display(), ks_api::SNAPSHOT_VERSION)]
    StateVersion {
        /// The state file.
        path: PathBuf,
        /// Its `version`, as written in it.
        found: String,
    },
    /// The state file cannot be written.
    #[error("cannot write {}; hint: its folder must exist and be writable by this user", path.display())]
    StateUnwritable {
        /// The state file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// An origin to answer is not an origin (a path, a `*`, no scheme).
    #[error(
        "{value:?} is not an origin; hint: write it as the browser sends it in the Origin header, scheme://host[:port], e.g. http://dev.example.test:3000 (no path, no *)"
    )]
    NotAnOrigin {
        /// The value given.
        value: String,
    },
}

impl Error {
    /// True for the errors of the state file (the CLI names its `--state` flag for them).
    pub fn is_state_file(&self) -> bool {
        matches!(
            self,
            Error::StateUnreadable { .. }
                | Error::NotAStateFile { .. }
                | Error::StateVersion { .. }
                | Error::StateUnwritable { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    /// The front end names its own inputs: the server's words carry no flag.
    #[test]
    fn startup_errors_name_the_file_or_value_and_no_flag() {
        let dir = std::env::temp_dir().join(format!("ks-serve-error-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut seen = Vec::new();
        for (name, text) in [
            ("notes.txt", "hello"),
            ("no-version.json", r#"{"a":1}"#),
            ("v7.json", r#"{"version":7}"#),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            let e = crate::persist::Persist::new(path.clone())
                .load()
                .unwrap_err();
            assert!(e.is_state_file(), "{e}");
            let words = e.to_string();
            assert!(words.contains(path.to_str().unwrap()), "{words}");
            assert!(words.contains("hint: "), "{words}");
            seen.push(words);
        }
        assert!(seen[1].contains("no \"version\""), "{}", seen[1]);
        assert!(seen[2].contains("version 7"), "{}", seen[2]);
        let origin = crate::parse_origins(&["*".into()]).unwrap_err();
        assert!(!origin.is_state_file());
        seen.push(origin.to_string());
        for words in &seen {
            assert!(
                !words.contains("--"),
                "a flag in the server's words: {words}"
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
