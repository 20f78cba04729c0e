//! Words about the system, the same everywhere. Why a file could not be opened: the OS's
//! own text differs (Linux "No such file or directory (os error 2)", Windows "The system cannot find
//! the path specified. (os error 3)" for the same missing path), and users compare messages.

use std::io::{Error, ErrorKind};

/// The reason, for the kinds a user can fix; the OS's text for the rest.
pub fn reason(e: &Error) -> String {
    match e.kind() {
        ErrorKind::NotFound => "no such file".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
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
}
