//! Splits a pasted command line (a `curl ...` copied from a terminal, a browser's
//! "Copy as cURL", or a script) into words.
//!
//! Hand-written rather than taken from a crate because pasted commands mix dialects that no
//! single shell-words crate reads: bash quoting (`'…'`, `"…"`, `\`), ANSI-C `$'…'` (what
//! Chrome's "Copy as cURL (bash)" writes for bodies with special characters), and line
//! continuations from bash (`\`), Windows cmd (`^`) and PowerShell (`` ` ``). Variables
//! and command substitutions are not expanded: they are kept as written.

use super::IntakeError;

/// Splits `text` into words the way a shell would (without expansion).
pub(crate) fn split(text: &str) -> Result<Vec<String>, IntakeError> {
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            // Line continuations: the marker and the line break vanish.
            '\\' | '^' | '`' if is_line_break_at(&chars, i + 1) => {
                i += 1;
                if chars.get(i) == Some(&'\r') {
                    i += 1;
                }
                i += 1;
                continue;
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                let end = find(&chars, i + 1, '\'').ok_or_else(|| unclosed(&chars, i, '\''))?;
                word.extend(&chars[i + 1..end]);
                i = end;
            }
            '$' if chars.get(i + 1) == Some(&'\'') => {
                in_word = true;
                i = ansi_c(&chars, i + 2, &mut word)?;
            }
            '"' => {
                in_word = true;
                let mut j = i + 1;
                loop {
                    match chars.get(j) {
                        None => return Err(unclosed(&chars, i, '"')),
                        Some('"') => break,
                        Some('\\') if matches!(chars.get(j + 1), Some('"' | '\\' | '$' | '`')) => {
                            word.push(chars[j + 1]);
                            j += 2;
                        }
                        Some('\\') if is_line_break_at(&chars, j + 1) => j += 2,
                        Some(&other) => {
                            word.push(other);
                            j += 1;
                        }
                    }
                }
                i = j;
            }
            '\\' => {
                in_word = true;
                if let Some(&next) = chars.get(i + 1) {
                    word.push(next);
                    i += 1;
                }
            }
            other => {
                in_word = true;
                word.push(other);
            }
        }
        i += 1;
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

fn is_line_break_at(chars: &[char], i: usize) -> bool {
    match chars.get(i) {
        Some('\n') => true,
        Some('\r') => chars.get(i + 1) == Some(&'\n'),
        _ => false,
    }
}

fn find(chars: &[char], from: usize, c: char) -> Option<usize> {
    chars[from.min(chars.len())..]
        .iter()
        .position(|&x| x == c)
        .map(|p| p + from)
}

fn unclosed(chars: &[char], at: usize, quote: char) -> IntakeError {
    let offset: usize = chars[..at].iter().map(|c| c.len_utf8()).sum();
    IntakeError::new(
        format!("the command line has an unclosed {quote} quote"),
        format!("byte {offset}"),
        "paste the whole command, or only the URL",
    )
}

/// Reads the body of `$'…'` from `i` (just after the opening quote); returns the index of
/// the closing quote.
fn ansi_c(chars: &[char], mut i: usize, out: &mut String) -> Result<usize, IntakeError> {
    let start = i.saturating_sub(2);
    loop {
        match chars.get(i) {
            None => return Err(unclosed(chars, start, '\'')),
            Some('\'') => return Ok(i),
            Some('\\') => {
                let Some(&e) = chars.get(i + 1) else {
                    return Err(unclosed(chars, start, '\''));
                };
                i += 2;
                match e {
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    '0' => out.push('\0'),
                    'x' | 'u' | 'U' => {
                        let max = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let digits: String = chars[i..]
                            .iter()
                            .take(max)
                            .take_while(|c| c.is_ascii_hexdigit())
                            .collect();
                        i += digits.len();
                        match u32::from_str_radix(&digits, 16)
                            .ok()
                            .and_then(char::from_u32)
                        {
                            Some(c) => out.push(c),
                            None => {
                                out.push('\\');
                                out.push(e);
                                out.push_str(&digits);
                            }
                        }
                    }
                    other => {
                        if !matches!(other, '\\' | '\'' | '"' | '?') {
                            out.push('\\');
                        }
                        out.push(other);
                    }
                }
            }
            Some(&c) => {
                out.push(c);
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn bash_quoting_and_continuations() {
        let w = split("curl 'https://x/a?b=1&c=2' \\\n  -H \"Accept: */*\" --data-raw $'ks=a\\nb'")
            .unwrap();
        assert_eq!(
            w,
            [
                "curl",
                "https://x/a?b=1&c=2",
                "-H",
                "Accept: */*",
                "--data-raw",
                "ks=a\nb"
            ]
        );
    }

    #[test]
    fn cmd_and_powershell_continuations() {
        assert_eq!(split("curl ^\r\n  x `\n y").unwrap(), ["curl", "x", "y"]);
    }

    #[test]
    fn backslash_escapes_outside_quotes() {
        assert_eq!(
            split(r#"a\ b "c\"d" e\\f"#).unwrap(),
            ["a b", "c\"d", "e\\f"]
        );
    }

    #[test]
    fn unclosed_quote_is_an_error_with_its_offset() {
        let e = split("curl 'abc").unwrap_err();
        assert_eq!(e.place, "byte 5");
    }
}
