//! Reading values by the cli.md conventions: a literal, `@PATH` (the file's bytes, nothing
//! trimmed), `@-` (standard input, once), or `env:NAME`.

use anyhow::{Context, Result, bail};
use std::io::Read;

/// Largest value accepted from any source; a KS is a few hundred bytes.
pub use ks_core::intake::given::MAX_VALUE_BYTES;

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Literal,
    File,
    Stdin,
    Env,
}

/// A value and where it came from.
#[derive(Debug, Clone)]
pub struct Value {
    pub text: String,
    pub source: Source,
}

/// How a document flag's value names its source: `-` or `@-` is standard input, `@PATH` or a
/// bare PATH a file, `env:NAME` a variable, and a value that starts like JSON or XML (`{`,
/// `<`) is the document itself. `literal_ok` also takes any other value literally when no
/// file of that name exists (an error code). Returns the value in `read`'s conventions.
fn document_source(raw: &str, literal_ok: bool) -> std::borrow::Cow<'_, str> {
    let t = raw.trim_start();
    if t.starts_with('{') || t.starts_with('<') || raw.starts_with('@') || raw.starts_with("env:") {
        return raw.into();
    }
    if raw == "-" {
        return "@-".into();
    }
    if literal_ok && !std::path::Path::new(raw).exists() {
        return raw.into();
    }
    format!("@{raw}").into()
}

/// What to try when the file a flag names cannot be read: fitted to what the flag takes.
fn missing_file_hint(flag: &str) -> &'static str {
    match flag {
        "--ks" | "--sent-ks" | "KS" => {
            "check the path, or pass the KS itself (a literal, env:NAME or @- from standard input; a literal value must not start with @)"
        }
        "--token" => {
            "check the path, or pass the app token's `token` value as env:NAME (not on the command line)"
        }
        "--hash" => "check the path, or pass the tokenHash that was sent as it is",
        "--admin-secret" => "check the path, or pass the partner's admin secret as env:NAME",
        "--url" => {
            "check the path, or paste the failing request itself: its URL, body or curl command"
        }
        "--log" => {
            "name the log file: a HAR file saved from the browser, a `curl -v` trace, or kaltura_api_v3.log"
        }
        "--app-token" => {
            "name the file holding the appToken.get (or add) response, or paste the JSON itself"
        }
        "--widget-response" => {
            "name the file holding the startWidgetSession response, or paste the JSON itself"
        }
        "--error" => {
            "name the file holding the error response, or pass just its code (e.g. INVALID_APP_TOKEN_HASH)"
        }
        _ => "check the path (a literal value must not start with @)",
    }
}

/// Reads values, refusing a second use of standard input.
#[derive(Default)]
pub struct Reader {
    stdin_taken_by: Option<String>,
}

/// What to do with bytes that are not UTF-8.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NotUtf8 {
    /// Refuse the value (the default: a KS or token is text).
    Refuse,
    /// Replace them with U+FFFD (logs: a KS is plain ASCII).
    Replace,
    /// Keep every byte, one char each (Latin-1): a claimed hash a program wrote as raw digest
    /// bytes (PHP `sha1($m, true)`) is evidence for the engine's `raw_digest`, not an error.
    Bytes,
}

fn utf8(bytes: Vec<u8>, what: &str, mode: NotUtf8) -> Result<String> {
    match (mode, std::str::from_utf8(&bytes).is_ok()) {
        (NotUtf8::Replace, _) => return Ok(String::from_utf8_lossy(&bytes).into_owned()),
        (NotUtf8::Bytes, false) => return Ok(bytes.iter().map(|&b| b as char).collect()),
        _ => {}
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        anyhow::anyhow!(
            "{what} is not valid UTF-8 (bad byte at offset {at}); hint: save it as UTF-8 text"
        )
    })
}

fn limited(mut r: impl Read, what: &str, limit: usize) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    r.by_ref()
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .with_context(|| format!("cannot read {what}"))?;
    if buf.len() > limit {
        if limit == MAX_VALUE_BYTES {
            bail!(
                "{what} is larger than {} KiB; hint: pass the value itself, not a whole log or capture (use --log for those)",
                limit / 1024
            );
        }
        bail!(
            "{what} is larger than {} MiB; hint: cut the log down to the session that failed",
            limit / (1024 * 1024)
        );
    }
    Ok(buf)
}

impl Reader {
    /// Reads the value given to `flag`: a literal, `@PATH`, `@-` or `-`, `env:NAME`. A
    /// literal that names an existing file is refused: the user most likely meant `@PATH`,
    /// and hashing the file's name would give a confident wrong answer.
    pub fn read(&mut self, flag: &str, raw: &str) -> Result<Value> {
        self.read_mode(flag, raw, NotUtf8::Refuse)
    }

    /// Reads a claimed hash: like [`Reader::read`], but bytes that are not UTF-8 are kept one
    /// char per byte (the raw digest a program wrote), for the engine to diagnose.
    pub fn read_claimed(&mut self, flag: &str, raw: &str) -> Result<Value> {
        self.read_mode(flag, raw, NotUtf8::Bytes)
    }

    fn read_mode(&mut self, flag: &str, raw: &str, mode: NotUtf8) -> Result<Value> {
        if raw == "-" {
            return self.read_limited(flag, "@-", MAX_VALUE_BYTES, mode);
        }
        let plain = !raw.starts_with('@') && !raw.starts_with("env:");
        if plain && !raw.is_empty() && std::path::Path::new(raw).is_file() {
            bail!(
                "{flag} {raw:?} names an existing file, but a plain value is used as typed; did you mean @{raw}? (hint: @PATH reads the file's bytes; to pass the text itself, pass it in env:NAME)"
            );
        }
        self.read_limited(flag, raw, MAX_VALUE_BYTES, mode)
    }

    /// Reads a log (--log): like a document, but bytes that are not UTF-8 (a compressed
    /// body in a `curl -v` trace) become U+FFFD instead of failing: a KS is plain ASCII.
    pub fn read_log(&mut self, flag: &str, raw: &str, limit: usize) -> Result<Value> {
        self.read_limited(flag, &document_source(raw, false), limit, NotUtf8::Replace)
    }

    /// Reads a document flag (--app-token, --widget-response, --error): see
    /// [`document_source`] for how the value names its source.
    pub fn read_document(
        &mut self,
        flag: &str,
        raw: &str,
        limit: usize,
        literal_ok: bool,
    ) -> Result<Value> {
        self.read_limited(
            flag,
            &document_source(raw, literal_ok),
            limit,
            NotUtf8::Refuse,
        )
    }

    /// Reads `raw` by the value conventions; `lossy` says what becomes of bytes that are not
    /// UTF-8.
    fn read_limited(
        &mut self,
        flag: &str,
        raw: &str,
        limit: usize,
        lossy: NotUtf8,
    ) -> Result<Value> {
        if raw == "@-" {
            if let Some(first) = &self.stdin_taken_by {
                bail!(
                    "{flag} and {first} both read standard input (@-); only one value may; hint: put one of them in a file (@PATH) or env:NAME"
                );
            }
            self.stdin_taken_by = Some(flag.to_string());
            let bytes = limited(
                std::io::stdin().lock(),
                &format!("{flag} from standard input"),
                limit,
            )?;
            return Ok(Value {
                text: utf8(bytes, &format!("{flag} from standard input"), lossy)?,
                source: Source::Stdin,
            });
        }
        if let Some(path) = raw.strip_prefix('@') {
            let what = format!("{flag} file '{path}'");
            let meta = std::fs::metadata(path).map_err(|e| {
                anyhow::anyhow!(
                    "cannot read {what}: {}; hint: {}",
                    crate::io_words::reason(&e),
                    missing_file_hint(flag)
                )
            })?;
            if meta.is_dir() {
                bail!("{what} is a directory; hint: name a file");
            }
            let file = std::fs::File::open(path).map_err(|e| {
                anyhow::anyhow!("cannot read {what}: {}", crate::io_words::reason(&e))
            })?;
            let bytes = limited(file, &what, limit)?;
            return Ok(Value {
                text: utf8(bytes, &what, lossy)?,
                source: Source::File,
            });
        }
        if let Some(name) = raw.strip_prefix("env:") {
            let text = std::env::var(name).map_err(|e| match e {
                std::env::VarError::NotPresent => anyhow::anyhow!(
                    "{flag}: environment variable {name} is not set; hint: export {name}=... first"
                ),
                std::env::VarError::NotUnicode(_) => {
                    anyhow::anyhow!("{flag}: environment variable {name} is not valid UTF-8")
                }
            })?;
            if text.len() > limit {
                bail!(
                    "{flag}: environment variable {name} is larger than {} KiB",
                    limit / 1024
                );
            }
            return Ok(Value {
                text,
                source: Source::Env,
            });
        }
        if raw.len() > limit {
            bail!("{flag} is larger than {} KiB", limit / 1024);
        }
        Ok(Value {
            text: raw.to_string(),
            source: Source::Literal,
        })
    }
}

/// A flag that names one of a few things (a hashType, a language, a flow, a session type):
/// parsed by the type's own `FromStr` (one parser, aliases and any case included), listed by
/// its canonical names in help, completions and errors.
pub trait Choice:
    std::str::FromStr<Err: std::fmt::Display> + Clone + Send + Sync + 'static
{
    /// The canonical names.
    fn names() -> Vec<&'static str>;
}

impl Choice for ks_core::digest::HashType {
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|h| h.cli_name()).collect()
    }
}

impl Choice for ks_snippets::Lang {
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|l| l.name()).collect()
    }
}

impl Choice for ks_snippets::Flow {
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|f| f.name()).collect()
    }
}

/// The clap parser of a [`Choice`] flag: `env:NAME` and `@PATH` are read first, as for every
/// value flag (trimmed: a file written with echo ends in a newline), then the type parses.
#[derive(Clone)]
pub struct ChoiceParser<T>(std::marker::PhantomData<T>);

/// The parser of a [`Choice`] flag, for `#[arg(value_parser = choice::<T>())]`.
pub fn choice<T: Choice>() -> ChoiceParser<T> {
    ChoiceParser(std::marker::PhantomData)
}

/// A small value given as `env:NAME` or `@PATH`, read; any other text as it is. Standard
/// input is for the larger values (a KS, a log), so `@-` is refused here.
fn resolve_small(raw: &str) -> std::result::Result<String, String> {
    if raw == "-" || raw == "@-" {
        return Err(
            "this flag is not read from standard input; pass the value itself, env:NAME or @PATH"
                .into(),
        );
    }
    if let Some(name) = raw.strip_prefix("env:") {
        return std::env::var(name)
            .map(|v| v.trim().to_string())
            .map_err(|_| format!("environment variable {name} is not set (or not UTF-8); hint: export {name}=... first"));
    }
    if let Some(path) = raw.strip_prefix('@') {
        let file = std::fs::File::open(path)
            .map_err(|e| format!("cannot read file '{path}': {}", crate::io_words::reason(&e)))?;
        let bytes = limited(file, &format!("file '{path}'"), 4096).map_err(|e| e.to_string())?;
        return String::from_utf8(bytes)
            .map(|t| t.trim().to_string())
            .map_err(|_| format!("file '{path}' is not UTF-8 text"));
    }
    Ok(raw.to_string())
}

impl<T: Choice> clap::builder::TypedValueParser for ChoiceParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> std::result::Result<T, clap::Error> {
        let flag = arg
            .and_then(|a| a.get_long().map(|l| format!("--{l}")))
            .unwrap_or_else(|| "the value".to_string());
        let fail = |why: String| {
            let mut cmd = cmd.clone();
            cmd.error(
                clap::error::ErrorKind::InvalidValue,
                format!("{flag}: {why}"),
            )
        };
        let raw = value
            .to_str()
            .ok_or_else(|| fail("the value is not valid UTF-8".to_string()))?;
        let text = resolve_small(raw).map_err(|why| {
            fail(format!(
                "{why}\n  [possible values: {}]",
                T::names().join(", ")
            ))
        })?;
        // The type's own error lists its values.
        text.parse::<T>().map_err(|e| fail(e.to_string()))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            T::names()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

/// The clap parser of every other value flag (a number, a time, an address): `env:NAME` and
/// `@PATH` are read first, as for a [`Choice`], then `inner` (the type's own clap parser)
/// parses the text. A literal goes to `inner` as typed, so its errors are clap's own.
#[derive(Clone)]
pub struct Resolved<P>(P);

/// `#[arg(value_parser = resolved(unix_seconds))]`: `inner` after `env:NAME`/`@PATH`.
pub fn resolved<P: clap::builder::TypedValueParser>(inner: P) -> Resolved<P> {
    Resolved(inner)
}

/// `#[arg(value_parser = number::<u64>())]`: the number's own clap parser, after
/// `env:NAME`/`@PATH`.
pub fn number<T: clap::builder::ValueParserFactory>() -> Resolved<T::Parser> {
    Resolved(T::value_parser())
}

impl<P: clap::builder::TypedValueParser> clap::builder::TypedValueParser for Resolved<P> {
    type Value = P::Value;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> std::result::Result<P::Value, clap::Error> {
        let Some(raw) = value
            .to_str()
            .filter(|r| r.starts_with("env:") || r.starts_with('@'))
        else {
            return self.0.parse_ref(cmd, arg, value);
        };
        let text = resolve_small(raw).map_err(|why| {
            let flag = arg
                .and_then(|a| a.get_long().map(|l| format!("--{l}")))
                .unwrap_or_else(|| "the value".to_string());
            cmd.clone().error(
                clap::error::ErrorKind::InvalidValue,
                format!("{flag}: {why}"),
            )
        })?;
        self.0.parse_ref(cmd, arg, std::ffi::OsStr::new(&text))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        self.0.possible_values()
    }
}

/// Parses a `--now` value, unix seconds. A value of 13 digits (or 16, 19) is a clock read in
/// milliseconds (JavaScript's `Date.now()`, Java's `System.currentTimeMillis()`; micro- and
/// nanoseconds): taken as seconds it lands in the year 50000 and every KS looks valid, so it
/// is refused with the value in seconds to pass instead.
pub fn unix_seconds(raw: &str) -> std::result::Result<i64, String> {
    let n: i64 = raw.trim().parse().map_err(|_| {
        format!("{raw:?} is not a number of seconds since 1970 (unix time, e.g. 1700000100)")
    })?;
    ks_core::unix_time::seconds(n).map_err(|e| {
        ks_report::source_words::message(&e.message(), ks_report::source_words::Voice::Cli)
    })
}

#[cfg(test)]
mod tests {
    use super::unix_seconds;

    #[test]
    fn now_in_milliseconds_is_refused_with_the_seconds() {
        let e = unix_seconds("1700000100000").unwrap_err();
        assert!(e.contains("milliseconds (13 digits)"), "{e}");
        assert!(e.ends_with("pass seconds: 1700000100"), "{e}");
        assert!(
            unix_seconds("1700000100000000")
                .unwrap_err()
                .contains("microseconds")
        );
        assert_eq!(unix_seconds("1700000100"), Ok(1_700_000_100));
        assert_eq!(unix_seconds("0"), Ok(0));
        assert!(unix_seconds("soon").is_err());
    }
}
