//! A command line as a shell takes it back (`shlex`, the crate cc and bindgen use): how every
//! check report and error names the user's program.

/// Each argument quoted where it needs it (`sh -c 'sleep 100'`, not `sh -c sleep 100`, which
/// names another command). An argument no shell can carry (a NUL byte) is shown as Rust's
/// debug text.
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
    fn command_with_a_spaced_argument_is_shown_quoted() {
        let argv = ["sh", "-c", "sleep 100"].map(String::from);
        assert_eq!(command_line(&argv), "sh -c 'sleep 100'");
        let plain = ["python3", "token_hash.py"].map(String::from);
        assert_eq!(command_line(&plain), "python3 token_hash.py");
    }
}
