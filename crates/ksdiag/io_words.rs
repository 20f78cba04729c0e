//! Words about the system, the same everywhere. Why a file could not be opened: the OS's
//! own text differs (Linux "No such file or directory (os error 2)", Windows "The system cannot find
//! the path specified. (os error 3)" for the same missing path), and users compare messages.
//! A command line, quoted as a shell takes it back (`shlex`, the crate cc and bindgen use).

use std::io::{Error, ErrorKind};

/// The reason, for the kinds a user can fix; the OS's text for the rest.
pub fn reason(e: &Error) -> String {
    match e.kind() {
        ErrorKind::NotFound => "no such file".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// A command line as a shell would take it back: each argument quoted where it needs it
/// (`sh -c 'sleep 100'`, not `sh -c sleep 100`, which names another command). An argument
/// no shell can carry (a NUL byte) is shown as Rust's debug text.
pub fn command_line(argv: &[String]) -> String {
    argv.iter()
        .map(|a| match shlex::try_quote(a) {
            Ok(q) => q.into_owned(),
            Err(_) => format!("{a:?}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_path_reads_the_same_on_every_system() {
        // Windows reports a missing folder as os error 3, a missing file as 2: both NotFound.
        for code in [2, 3] {
            let e = Error::from_raw_os_error(code);
            if e.kind() == ErrorKind::NotFound {
                assert_eq!(reason(&e), "no such file");
            }
        }
        assert_eq!(reason(&Error::from(ErrorKind::NotFound)), "no such file");
        assert_eq!(
            reason(&Error::from(ErrorKind::PermissionDenied)),
            "permission denied"
        );
    }

    #[test]
    fn command_with_a_spaced_argument_is_shown_quoted() {
        let argv = ["sh", "-c", "sleep 100"].map(String::from);
        assert_eq!(command_line(&argv), "sh -c 'sleep 100'");
        let plain = ["python3", "token_hash.py"].map(String::from);
        assert_eq!(command_line(&plain), "python3 token_hash.py");
    }
}
