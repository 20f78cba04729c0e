//! The command line (spec cli.md). Raw clap args here; checked values are built in `cmd_*`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use ks_core::digest::HashType;
use ks_snippets::{Flow, Lang};

const VALUES: &str = "Every VALUE is a literal, @PATH (the file's bytes; diagnose trims whitespace such as a final newline around the KS, token and hash, and says so), @- or - (standard input; one value at most) or env:NAME. Prefer env: or @PATH for secrets: they stay out of shell history. The full contract (values, exit status, the JSON output and its schema): docs/cli.md and docs/diagnosis.schema.json in ksdiag's source (the README that came with the package says where to start; ksdiag has no website).";

/// Explains why a Kaltura app-token tokenHash is rejected (INVALID_APP_TOKEN_HASH); decodes,
/// generates and verifies KS strings. Offline: ksdiag makes no network calls.
#[derive(Debug, Parser)]
#[command(name = "ksdiag", version, about, after_help = VALUES)]
#[command(
    after_long_help = "Exit status: 0 success or correct hash; 1 mismatch (diagnose, verify); 2 usage or input error. The full contract (values, exit status, the JSON output and its schema, cause codes): docs/cli.md, docs/diagnosis.schema.json and docs/causes.md in ksdiag's source; `ksdiag man` and `ksdiag explain` need nothing else (ksdiag has no website)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find the exact mistake that reproduces a rejected tokenHash.
    Diagnose(DiagnoseArgs),
    /// Print the correct tokenHash: lowercase_hex(H(KS + token)).
    Hash(HashArgs),
    /// Read a KS: every v1 field; v2 header, or everything given the admin secret.
    Decode(DecodeArgs),
    /// Generate a KS (v1 or v2) that the server and the official clients accept.
    Generate(GenerateArgs),
    /// Check tokenHash values silently (exit 0 correct, 1 not), one or a JSON Lines batch.
    Verify(VerifyArgs),
    /// Print deterministic known-answer cases for any language's tests.
    Vectors(VectorsArgs),
    /// Explain a Kaltura error code, or a ksdiag cause or finding code, in plain words.
    Explain(ExplainArgs),
    /// Run a local stand-in for Kaltura's app-token API that says why each call failed.
    Serve(ServeArgs),
    /// Print tokenHash code to paste: a function, a whole raw-HTTP program, or the client flow.
    Snippet(SnippetArgs),
    /// Test your own tokenHash program, in any language, on known-answer cases.
    Check(CheckArgs),
    /// Write sample files to try `diagnose` on: a recorded failing session and its HAR file.
    Example(ExampleArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print a man page (roff): ksdiag(1), or one subcommand's, e.g. `ksdiag man diagnose`.
    Man(ManArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Human,
    Markdown,
}

#[derive(Debug, Args)]
#[command(after_help = VALUES)]
pub struct DiagnoseArgs {
    /// The KS sent with appToken.startSession. Repeat for candidate KS strings: the first is
    /// the one sent unless --sent-ks names it.
    #[arg(long, value_name = "VALUE")]
    pub ks: Vec<String>,
    /// The KS that was sent, when several --ks are candidates.
    #[arg(long, value_name = "VALUE")]
    pub sent_ks: Option<String>,
    /// The app token's `token` value (may come from --app-token).
    #[arg(long, value_name = "VALUE")]
    pub token: Option<String>,
    /// The tokenHash that was sent (the claim to explain).
    #[arg(long = "hash", value_name = "VALUE")]
    pub hash: Option<String>,
    /// The app token's hashType (any case). Default: from
    /// --app-token, else unknown: each type is a reading and the verdict names the one it
    /// rests on.
    #[arg(long, value_name = "T", value_parser = crate::input::choice::<HashType>())]
    pub hash_type: Option<HashType>,
    /// The app token id that was sent.
    #[arg(long, value_name = "ID")]
    pub token_id: Option<String>,
    /// The partner id you expect the KS to belong to.
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = crate::input::number::<i64>())]
    pub partner_id: Option<i64>,
    /// appToken.add/get response (JSON or XML, or a print of it: print_r, var_dump, Python,
    /// Node): PATH, @PATH, - (stdin) or the literal text.
    #[arg(long, value_name = "JSON")]
    pub app_token: Option<String>,
    /// The failing startSession request: a URL (query or path parameters), a form or JSON
    /// body, a whole curl command, or a print of its parameters (PHP var_export/print_r,
    /// Python, Node); ks, id and tokenHash are taken from it.
    #[arg(long, value_name = "VALUE")]
    pub url: Option<String>,
    /// The session.startWidgetSession response (JSON or XML): PATH, @PATH, - or literal.
    #[arg(long, value_name = "JSON")]
    pub widget_response: Option<String>,
    /// The error the server answered (KalturaAPIException JSON or XML, its code, the client's
    /// exception text or the server's message).
    #[arg(long, value_name = "JSON|CODE")]
    pub error: Option<String>,
    /// A log, HAR file, curl trace or your program's output (print_r, var_dump, var_export,
    /// Python's print, Node's console.log, Monolog): every KS in it is a candidate the client
    /// may have hashed, a startSession request in it gives the KS sent, the id and the
    /// tokenHash, and an error printed after it is the server's answer.
    #[arg(long, value_name = "PATH")]
    pub log: Option<String>,
    /// When the call was made, unix seconds: a KS or app token expired then stops it.
    /// Default: what a HAR file or stamped log shows, else not known (no expiry decides).
    #[arg(long, allow_negative_numbers = true, value_name = "UNIX", value_parser = crate::input::resolved(crate::input::unix_seconds))]
    pub now: Option<i64>,
    /// Print one JSON object (docs/cli.md contract).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Human report, or a redacted Markdown report safe to paste in a forum post.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// Print tokens, KS strings and signatures in full.
    #[arg(long)]
    pub show_secrets: bool,
    /// Color: auto (only on a terminal; NO_COLOR honored), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Run on a built-in sample case; no other input needed.
    // The example is its own case: a value given beside it would be ignored, so it is refused.
    #[arg(long, conflicts_with_all = ["ks", "sent_ks", "token", "hash", "hash_type", "token_id", "partner_id", "app_token", "url", "widget_response", "error", "log", "batch"])]
    pub example: bool,
    /// JSON Lines in (PATH or -), one JSON diagnosis per line out.
    // Each line is its own case (its own fields): values for one case, or a report form other
    // than JSON Lines, would be ignored, so they are refused.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["ks", "sent_ks", "token", "hash", "hash_type", "token_id", "partner_id", "app_token", "url", "widget_response", "error", "log", "format"])]
    pub batch: Option<String>,
    /// Show the fix as code in this language, with the line you most likely wrote beside
    /// the line to write.
    #[arg(long, value_name = "LANG", conflicts_with = "batch", value_parser = crate::input::choice::<Lang>())]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args)]
#[command(after_help = VALUES)]
pub struct HashArgs {
    /// The KS exactly as sent.
    #[arg(long, value_name = "VALUE")]
    pub ks: String,
    /// The app token's `token` value.
    #[arg(long, value_name = "VALUE")]
    pub token: String,
    /// The app token's hashType (any case).
    #[arg(long, value_name = "T", default_value = "sha1", value_parser = crate::input::choice::<HashType>())]
    pub hash_type: HashType,
}

#[derive(Debug, Args)]
#[command(after_help = VALUES)]
pub struct DecodeArgs {
    /// The KS to read.
    #[arg(value_name = "KS")]
    pub ks: String,
    /// The partner's admin secret (several: comma-separated): checks a v1 signature, decrypts v2.
    #[arg(long, value_name = "VALUE")]
    pub admin_secret: Option<String>,
    /// Clock for "expired", unix seconds (default: the system clock).
    #[arg(long, allow_negative_numbers = true, value_name = "UNIX", value_parser = crate::input::resolved(crate::input::unix_seconds))]
    pub now: Option<i64>,
    /// Print one JSON object (cli.md contract).
    #[arg(long)]
    pub json: bool,
    /// Print the signature in full.
    #[arg(long)]
    pub show_secrets: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Style {
    /// kSessionBase (what startWidgetSession returns): 9 v1 fields.
    Server,
    /// The official PHP client: 7 v1 fields.
    Php,
    /// The official Python client: 7 v1 fields, `~` unencoded in v2.
    Python,
}

#[derive(Debug, Args)]
#[command(after_help = VALUES)]
pub struct GenerateArgs {
    /// Partner id (system partners are negative: -1, -2, -5).
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = crate::input::number::<i64>())]
    pub partner_id: i64,
    /// The partner's admin secret (signs v1, encrypts v2).
    #[arg(long, value_name = "VALUE")]
    pub admin_secret: String,
    /// Session type: user (0) or admin (2).
    #[arg(long = "type", value_name = "TYPE", default_value = "user", value_parser = crate::input::choice::<SessionType>())]
    pub ks_type: SessionType,
    /// User id (default: empty; --widget: 0).
    #[arg(long, value_name = "ID")]
    pub user_id: Option<String>,
    /// Lifetime in seconds from now.
    #[arg(long, allow_negative_numbers = true, value_name = "SECONDS", default_value_t = 86_400, value_parser = crate::input::number::<i64>())]
    pub expiry: i64,
    /// Privileges, e.g. "view:*,widget:1" (default: empty; --widget: view:*,widget:1).
    #[arg(long, value_name = "LIST")]
    pub privileges: Option<String>,
    /// KS version.
    #[arg(long, value_name = "1|2", default_value_t = 1, value_parser = crate::input::resolved(clap::value_parser!(u8).range(1..=2)))]
    pub version: u8,
    /// Whose exact output to reproduce.
    #[arg(long, value_enum, default_value_t = Style::Php)]
    pub style: Style,
    /// The widget KS shape startWidgetSession returns (USER, user 0, view:*,widget:1, server style).
    #[arg(long)]
    pub widget: bool,
    /// Master partner id (server style only).
    #[arg(long, value_name = "N")]
    pub master_partner_id: Option<String>,
    /// Additional data (server style only).
    #[arg(long, value_name = "TEXT")]
    pub additional_data: Option<String>,
    /// Clock, unix seconds (default: the system clock).
    #[arg(long, allow_negative_numbers = true, value_name = "UNIX", value_parser = crate::input::resolved(crate::input::unix_seconds))]
    pub now: Option<i64>,
    /// v1 rand field text (default: random, as the chosen style makes it).
    #[arg(long, value_name = "TEXT")]
    pub rand: Option<String>,
    /// v2 random prefix, 32 hex digits (default: from the OS).
    #[arg(long, value_name = "HEX")]
    pub random_hex: Option<String>,
    /// Print a JSON object with the KS and warnings.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = VALUES)]
pub struct VerifyArgs {
    /// The KS as sent.
    #[arg(long, value_name = "VALUE", required_unless_present = "batch")]
    pub ks: Option<String>,
    /// The app token's `token`.
    #[arg(long, value_name = "VALUE", required_unless_present = "batch")]
    pub token: Option<String>,
    /// The tokenHash to check.
    #[arg(long = "hash", value_name = "VALUE", required_unless_present = "batch")]
    pub hash: Option<String>,
    /// The app token's hashType (any case).
    #[arg(long, value_name = "T", default_value = "sha1", value_parser = crate::input::choice::<HashType>())]
    pub hash_type: HashType,
    /// JSON Lines {"ks","token","hash","hash_type"?} from PATH or - ; one result line each.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["ks", "token", "hash"])]
    pub batch: Option<String>,
    /// Worker threads for --batch (default: all cores).
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = crate::input::resolved(str::parse::<usize>))]
    pub threads: Option<usize>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum VectorFormat {
    Jsonl,
    Csv,
}

#[derive(Debug, Args)]
pub struct VectorsArgs {
    /// How many cases.
    #[arg(long, allow_negative_numbers = true, default_value_t = 10, value_parser = crate::input::number::<u64>())]
    pub count: u64,
    /// Only this hashType (any case); default: all four in turn.
    #[arg(long, value_name = "T", value_parser = crate::input::choice::<HashType>())]
    pub hash_type: Option<HashType>,
    /// Seed: the same seed gives the same cases on every machine.
    #[arg(long, allow_negative_numbers = true, default_value_t = 1, value_parser = crate::input::number::<u64>())]
    pub seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = VectorFormat::Jsonl)]
    pub format: VectorFormat,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Languages: bash, python, node, php, ruby, go, java, csharp, perl. --flow raw reads KALTURA_SERVICE_URL (default https://www.kaltura.com), KALTURA_PARTNER_ID, KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN, KALTURA_HASH_TYPE (default: --hash-type) and KALTURA_USER_ID (optional); it prints the new KS on stdout (exit 0), or the Kaltura error code and message on stderr (exit 1). --flow raw-typed (php) reads KALTURA_ADMIN_SECRET instead of KALTURA_HASH_TYPE and asks appToken.get for the token's hashType. --flow client for php needs Kaltura's KalturaClient.php (KALTURA_PHP_CLIENT: its path)."
)]
pub struct SnippetArgs {
    /// The language (any case; py, js, sh, rb, golang, c# and the like are taken too).
    #[arg(long, value_name = "LANG", value_parser = crate::input::choice::<Lang>())]
    pub lang: Lang,
    /// hash: the tokenHash function; raw: a whole program, standard library only, that starts
    /// the app-token session; raw-typed: the same, reading the app token's hashType with
    /// appToken.get first (php); client: the same with the official client (python, node,
    /// php).
    #[arg(long, value_name = "FLOW", default_value = "hash", value_parser = crate::input::choice::<Flow>())]
    pub flow: Flow,
    /// The app token's hashType (any case).
    #[arg(long, value_name = "T", default_value = "sha1", value_parser = crate::input::choice::<HashType>())]
    pub hash_type: HashType,
}

#[derive(Debug, Args)]
#[command(after_long_help = CHECK_HELP)]
pub struct CheckArgs {
    /// Test this hashType only (any case). Default: all four;
    /// with --serve, the app token's type (default sha1).
    #[arg(long, value_name = "T", value_parser = crate::input::choice::<HashType>())]
    pub hash_type: Option<HashType>,
    /// Cases per hashType.
    #[arg(long, allow_negative_numbers = true, value_name = "N", default_value_t = 25, value_parser = crate::input::resolved(str::parse::<usize>))]
    pub count: usize,
    /// Seed: the same seed gives the same cases on every machine.
    #[arg(long, allow_negative_numbers = true, value_name = "S", default_value_t = 1, value_parser = crate::input::number::<u64>())]
    pub seed: u64,
    /// Start CMD once; it reads one `KS<TAB>TOKEN<TAB>HASH_TYPE` line per case on stdin and
    /// writes one tokenHash per line.
    #[arg(long, conflicts_with = "serve")]
    pub lines: bool,
    /// Run the whole program against a local server (in this process, a free loopback port)
    /// with a generated partner and app token: it passes when it gets a session from
    /// appToken.startSession and exits 0.
    #[arg(long, conflicts_with_all = ["count", "seed"])]
    pub serve: bool,
    /// --serve: run CMD once per hashType (MD5, SHA1, SHA256, SHA512), each against an app
    /// token of that type (for programs that read the type with appToken.get).
    #[arg(long, requires = "serve", conflicts_with = "hash_type")]
    pub all_hash_types: bool,
    /// --serve: the KS version the server issues.
    #[arg(long, value_name = "1|2", default_value_t = 2, requires = "serve", value_parser = crate::input::resolved(clap::value_parser!(u8).range(1..=2)))]
    pub ks_version: u8,
    /// --serve: write JUnit XML here, one testcase per run (GitLab, Jenkins, GitHub test
    /// reporters).
    #[arg(long, value_name = "PATH", requires = "serve")]
    pub junit: Option<std::path::PathBuf>,
    /// --serve: show the fix in this language. Default: guessed from CMD (`python3 x.py`:
    /// python).
    #[arg(long, value_name = "LANG", requires = "serve", value_parser = crate::input::choice::<Lang>())]
    pub lang: Option<Lang>,
    /// --serve: one more variable for CMD's environment (repeatable); {service_url},
    /// {partner_id}, {app_token_id}, {app_token}, {admin_secret} and {hash_type} in VALUE
    /// are replaced.
    #[arg(long = "env", value_name = "NAME=VALUE", requires = "serve")]
    pub env: Vec<String>,
    /// --serve: give a variable another name (repeatable), e.g.
    /// `--env-name KALTURA_APP_TOKEN=APP_TOKEN`.
    #[arg(long, value_name = "KALTURA_NAME=NAME", requires = "serve")]
    pub env_name: Vec<String>,
    /// Print one JSON object (for CI).
    #[arg(long)]
    pub json: bool,
    /// Seconds one run of CMD may take before it is stopped (with --lines: the whole run).
    #[arg(long, allow_negative_numbers = true, value_name = "SECONDS", default_value_t = 30, value_parser = crate::input::number::<u64>())]
    pub timeout: u64,
    /// The program and its arguments; {ks}, {token} and {hash_type} in them are replaced
    /// (--serve: the names of --env).
    #[arg(last = true, required = true, value_name = "CMD")]
    pub cmd: Vec<String>,
}

const CHECK_HELP: &str = "By default CMD runs once per case with KALTURA_KS, KALTURA_APP_TOKEN and KALTURA_HASH_TYPE (MD5, SHA1, SHA256 or SHA512) in its environment and {ks}, {token}, {hash_type} in its arguments replaced; it prints the tokenHash on stdout. One final newline ends the answer; any other whitespace is part of it, and diagnosed.

Examples:
  ksdiag check -- python3 token_hash.py
  ksdiag check --hash-type sha256 -- php -r 'echo hash(\"sha256\", getenv(\"KALTURA_KS\") . getenv(\"KALTURA_APP_TOKEN\"));'
  ksdiag check --lines -- java TokenHashLines.java

The cases include KS strings with +, / and = (v1) and - and _ (v2), and digests with leading zero bytes; the KS and tokens are made up for the test, so they are printed in full.

With --serve, CMD runs once (--all-hash-types: once per hashType) against a local server with a generated partner and app token, with KALTURA_SERVICE_URL, KALTURA_PARTNER_ID, KALTURA_APP_TOKEN_ID, KALTURA_APP_TOKEN and KALTURA_ADMIN_SECRET in its environment (--env-name renames them, --env adds more). A run passes when the program got a session from appToken.startSession and exited 0; a failed run shows each failed call with its proven cause, the fix in --lang and the program's output.

  ksdiag check --serve -- python3 login.py
  ksdiag check --serve --all-hash-types --junit ksdiag.xml -- php login.php
  ksdiag check --serve --env KALTURA_HASH_TYPE={hash_type} -- node login.js

Exit status: 0 every case (every run) right; 1 some wrong; 2 CMD could not be run, or a usage error.";

#[derive(Debug, Args)]
pub struct ExampleArgs {
    /// The folder to write the sample files into (made if missing; a file already there is
    /// never overwritten: then nothing is written).
    #[arg(long, value_name = "DIR")]
    pub write: std::path::PathBuf,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A Kaltura error code as the server or its log prints it (INVALID_APP_TOKEN_HASH,
    /// -1,INVALID_STR, APP_TOKEN_EXPIRED, ...), a ksdiag cause or finding code (whitespace,
    /// different_ks, ks_expired, ...), a KS privilege (setrole, sview, ...) or a Kaltura
    /// permission name (KMC_ACCESS, ...); any message of the server's too. None: list them.
    #[arg(allow_hyphen_values = true)]
    pub code: Option<String>,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A subcommand (diagnose, hash, decode, generate, verify, vectors, explain, completions);
    /// none for the overview page.
    pub command: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Point your program or an official Kaltura client at the printed URL instead of https://www.kaltura.com. Every failed call gets a line on stderr saying why, the answer carries X-Ksdiag-Diagnosis, and GET /ksdiag/requests lists the latest 500 calls with their diagnosis. Stop with Ctrl-C (SIGINT) or SIGTERM: exit 0."
)]
pub struct ServeArgs {
    /// TCP port; 0 picks a free one (the printed line says which).
    #[arg(long, allow_negative_numbers = true, value_name = "N", default_value_t = 8765, value_parser = crate::input::number::<u16>())]
    pub port: u16,
    /// Address to listen on. Anything but loopback exposes admin secrets and app tokens to
    /// the network: a warning is printed.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1", value_parser = crate::input::resolved(str::parse::<std::net::IpAddr>))]
    pub bind: std::net::IpAddr,
    /// A partner, ID:ADMIN_SECRET (repeatable). The secret may be env:NAME or @PATH, or the
    /// whole value may be. Without any, a demo partner is made and printed on stderr.
    #[arg(long, value_name = "ID:ADMIN_SECRET", allow_hyphen_values = true)]
    pub partner: Vec<String>,
    /// An app token it knows from the start (repeatable): appToken.add/get JSON or XML, as
    /// PATH, @PATH, - (stdin) or the literal text.
    #[arg(long, value_name = "JSON")]
    pub app_token: Vec<String>,
    /// The KS version session.start, startWidgetSession and startSession issue.
    #[arg(long, value_name = "1|2", default_value_t = 2, value_parser = crate::input::resolved(clap::value_parser!(u8).range(1..=2)))]
    pub ks_version: u8,
    /// Keep partners and app tokens in this JSON file: read at start, written (atomically)
    /// before each change is answered. For an id the file holds, the file wins over
    /// --partner and --app-token (a warning says when they differ; delete the file to start
    /// over).
    #[arg(long, value_name = "PATH")]
    pub state: Option<std::path::PathBuf>,
    /// A web page's origin (`scheme://host[:port]`) whose calls to the API are answered with
    /// Kaltura's CORS headers (repeatable). Pages on localhost, 127.0.0.1 or `[::1]` (any port)
    /// need none; ksdiag's own /ksdiag/* endpoints never answer another origin.
    #[arg(long, value_name = "ORIGIN")]
    pub cors_origin: Vec<String>,
}

/// A KS's session type, as `generate --type` names it (kaltura/server's `SessionType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionType {
    /// `user`, 0.
    User,
    /// `admin`, 2.
    Admin,
}

impl SessionType {
    /// The number the KS carries.
    pub fn code(self) -> i64 {
        match self {
            SessionType::User => 0,
            SessionType::Admin => 2,
        }
    }
}

impl std::str::FromStr for SessionType {
    type Err = String;

    fn from_str(s: &str) -> Result<SessionType, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "user" | "0" => Ok(SessionType::User),
            "admin" | "2" => Ok(SessionType::Admin),
            _ => Err(format!(
                "{s:?} is not a session type; hint: use user (0) or admin (2)"
            )),
        }
    }
}

impl crate::input::Choice for SessionType {
    fn names() -> Vec<&'static str> {
        vec!["user", "admin"]
    }
}
