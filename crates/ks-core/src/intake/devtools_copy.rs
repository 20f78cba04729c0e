//! The other forms a browser's network tab copies a request in, besides cURL: "Copy as
//! fetch" (`fetch("url", {"body": "…", …})`) and "Copy as PowerShell"
//! (`Invoke-WebRequest -Uri "url" … -Body "…"`). Each gives a URL and maybe a body.

/// The URL and body of a copied request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Copied {
    pub url: String,
    pub body: Option<String>,
}

/// `fetch("https://…", { … "body": "ks=…", … })` (also `await fetch(…)`).
pub(crate) fn from_fetch(text: &str) -> Option<Copied> {
    let start = text.find("fetch(")? + "fetch(".len();
    let rest = &text[start..];
    let (url, after) = json_string_at(rest, rest.find('"')?)?;
    let body = rest[after..]
        .find("\"body\"")
        .and_then(|at| {
            let tail = &rest[after + at + "\"body\"".len()..];
            let colon = tail.find(':')?;
            let value = tail[colon + 1..].trim_start();
            value
                .starts_with('"')
                .then(|| json_string_at(value, 0))
                .flatten()
        })
        .map(|(b, _)| b);
    Some(Copied { url, body })
}

/// Reads the JSON string literal starting at `at` (a `"`); returns it and the index after.
fn json_string_at(text: &str, at: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => {
                let value = serde_json::from_str::<String>(&text[at..=i]).ok()?;
                return Some((value, i + 1));
            }
            _ => i += 1,
        }
    }
    None
}

/// `Invoke-WebRequest -Uri "https://…" … -Body "ks=…"` or `Invoke-RestMethod`; the body
/// may be wrapped as `([System.Text.Encoding]::UTF8.GetBytes("…"))`.
pub(crate) fn from_powershell(text: &str) -> Option<Copied> {
    let lower = text.to_ascii_lowercase();
    let start = ["invoke-webrequest", "invoke-restmethod"]
        .iter()
        .filter_map(|w| lower.find(w))
        .min()?;
    let cmd = &text[start..];
    let url = quoted_after(cmd, "-Uri")?;
    let body = quoted_after(cmd, "-Body");
    Some(Copied { url, body })
}

/// The first quoted PowerShell string after the parameter `name` (case-insensitive).
fn quoted_after(cmd: &str, name: &str) -> Option<String> {
    let lower = cmd.to_ascii_lowercase();
    let at = lower.find(&format!("{} ", name.to_ascii_lowercase()))? + name.len();
    let rest = &cmd[at..];
    let open = rest.find(['"', '\''])?;
    let quote = rest[open..].chars().next()?;
    let mut out = String::new();
    let mut chars = rest[open + 1..].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // Backtick escapes in double quotes: `" `` `n …
            '`' if quote == '"' => match chars.next()? {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                '0' => out.push('\0'),
                other => out.push(other),
            },
            // A doubled quote is a literal quote.
            c if c == quote && chars.peek() == Some(&quote) => {
                out.push(quote);
                chars.next();
            }
            c if c == quote => return Some(out),
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_copy_as_fetch() {
        let t = r#"fetch("https://www.kaltura.com/api_v3/service/appToken/action/startSession", {
  "headers": {"content-type": "application/x-www-form-urlencoded"},
  "body": "ks=djJ8MTIz%2Fx&id=0_a&tokenHash=ab\u0026x=1",
  "method": "POST"
});"#;
        let c = from_fetch(t).unwrap();
        assert_eq!(
            c.url,
            "https://www.kaltura.com/api_v3/service/appToken/action/startSession"
        );
        assert_eq!(
            c.body.as_deref(),
            Some("ks=djJ8MTIz%2Fx&id=0_a&tokenHash=ab&x=1")
        );
        assert_eq!(
            from_fetch(r#"await fetch("https://x/a?ks=1", {"body": null});"#)
                .unwrap()
                .body,
            None
        );
    }

    #[test]
    fn chrome_copy_as_powershell() {
        let t = "$session = New-Object Microsoft.PowerShell.Commands.WebRequestSession\n\
                 Invoke-WebRequest -UseBasicParsing -Uri \"https://x/api_v3/service/appToken/action/startSession\" `\n\
                 -Method \"POST\" `\n\
                 -WebSession $session `\n\
                 -ContentType \"application/x-www-form-urlencoded\" `\n\
                 -Body \"ks=abc&id=0_a&tokenHash=`\"q`\"\"";
        let c = from_powershell(t).unwrap();
        assert_eq!(
            c.url,
            "https://x/api_v3/service/appToken/action/startSession"
        );
        assert_eq!(c.body.as_deref(), Some("ks=abc&id=0_a&tokenHash=\"q\""));
        let wrapped = "Invoke-RestMethod -Uri 'https://x/y' -Body ([System.Text.Encoding]::UTF8.GetBytes(\"ks=k\"))";
        assert_eq!(
            from_powershell(wrapped).unwrap().body.as_deref(),
            Some("ks=k")
        );
    }
}
