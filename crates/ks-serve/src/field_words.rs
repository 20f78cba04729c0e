//! The command line's error messages in the words of an HTTP caller: `POST /ksdiag/diagnose`
//! and `/ksdiag/decode` run the same checks as `diagnose` and `decode`, whose messages name
//! flags (`pass --ks VALUE …, or try --example`); a caller of these routes sends JSON fields,
//! so each flag becomes its field (`send "ks" …`). The one place that knows the mapping.

/// Each flag a route's field is passed as, and the field (longest flags first, so that
/// `--token-id` is not read as `--token`).
const FIELDS: &[(&str, &str)] = &[
    ("--widget-response", "widget_response"),
    ("--admin-secret", "admin_secret"),
    ("--app-token", "app_token"),
    ("--hash-type", "hash_type"),
    ("--token-id", "token_id"),
    ("--sent-ks", "ks"),
    ("--token", "token"),
    ("--error", "error"),
    ("--hash", "hash"),
    ("--url", "url"),
    ("--log", "log"),
    ("--now", "now"),
    ("--ks", "ks"),
];

/// Command-line phrases with no HTTP counterpart, and what an HTTP caller reads instead.
const PHRASES: &[(&str, &str)] = &[
    (
        ", or try --example",
        ", or a \"log\" or \"widget_response\" that holds it",
    ),
    ("pass --", "send --"),
    ("add --", "send --"),
    ("pass it with --", "send it as --"),
    ("a --log that", "a \"log\" that"),
];

/// Placeholders that follow a flag in a hint (`--ks VALUE`, clap's `--now <NOW>`).
const PLACEHOLDERS: &[&str] = &[" VALUE", " JSON"];

/// `msg` with every flag of these routes named as its JSON field.
///
/// `--ks (1st)` is the field `ks`, `--ks (2nd)` the first of `other_ks` (the route passes
/// `ks` first, then each `other_ks`); flags the routes do not take stay as they are.
pub(super) fn http_words(msg: &str) -> String {
    let mut text = msg.strip_prefix("error: ").unwrap_or(msg).to_string();
    for (cli, http) in PHRASES {
        text = text.replace(cli, http);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("--") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let name_len = 2 + after[2..]
            .find(|c: char| !(c.is_ascii_lowercase() || c == '-'))
            .unwrap_or(after.len() - 2);
        let name = after[..name_len].trim_end_matches('-');
        let Some((_, field)) = FIELDS.iter().find(|(flag, _)| *flag == name) else {
            out.push_str(&after[..name_len]);
            rest = &after[name_len..];
            continue;
        };
        rest = &after[name.len()..];
        match ks_position(name, rest) {
            Some((1, len)) => {
                out.push_str("\"ks\"");
                rest = &rest[len..];
            }
            Some((n, len)) => {
                out.push_str(&format!("\"other_ks\"[{}]", n - 2));
                rest = &rest[len..];
            }
            None => out.push_str(&format!("\"{field}\"")),
        }
        rest = skip_placeholder(rest);
    }
    out.push_str(rest);
    out
}

/// `--ks (2nd)`: which `--ks` (1-based) and the length of ` (2nd)`.
fn ks_position(name: &str, rest: &str) -> Option<(usize, usize)> {
    if name != "--ks" {
        return None;
    }
    let inner = rest.strip_prefix(" (")?;
    let close = inner.find(')')?;
    let digits = inner[..close].trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let n = digits.parse::<usize>().ok().filter(|n| *n >= 1)?;
    Some((n, 2 + close + 1))
}

fn skip_placeholder(rest: &str) -> &str {
    for p in PLACEHOLDERS {
        if let Some(r) = rest.strip_prefix(p) {
            return r;
        }
    }
    if let Some(inner) = rest.strip_prefix(" <")
        && let Some(close) = inner.find('>')
        && inner[..close]
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_')
    {
        return &inner[close + 1..];
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::http_words;

    #[test]
    fn flags_become_fields() {
        assert_eq!(
            http_words(
                "no KS given; hint: pass --ks VALUE (the KS sent with appToken.startSession), --url with the failing request, or try --example"
            ),
            "no KS given; hint: send \"ks\" (the KS sent with appToken.startSession), \"url\" with the failing request, or a \"log\" or \"widget_response\" that holds it"
        );
        assert_eq!(
            http_words(
                "no token given; hint: pass --token VALUE (the app token's `token`, not its id) or --app-token JSON"
            ),
            "no token given; hint: send \"token\" (the app token's `token`, not its id) or \"app_token\""
        );
        assert_eq!(
            http_words("--token-id and --hash-type <TYPE> and --widget-response: x"),
            "\"token_id\" and \"hash_type\" and \"widget_response\": x"
        );
    }

    #[test]
    fn the_nth_ks_is_ks_or_other_ks() {
        assert_eq!(http_words("--ks (1st) is bad"), "\"ks\" is bad");
        assert_eq!(http_words("--ks (3rd) is bad"), "\"other_ks\"[1] is bad");
    }

    #[test]
    fn other_flags_and_dashes_stay() {
        assert_eq!(
            http_words("curl's --data-raw -- and --x"),
            "curl's --data-raw -- and --x"
        );
    }
}
