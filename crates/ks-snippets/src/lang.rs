//! The languages and flows offered.

use std::fmt;
use std::str::FromStr;

/// A language a snippet is offered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// bash with coreutils (`sha1sum`, ...), curl and POSIX tools.
    Bash,
    /// Python 3, standard library.
    Python,
    /// Node.js 18 or newer (global `fetch`), CommonJS.
    Node,
    /// PHP 7.4 or newer, with the curl or the stream wrappers.
    Php,
    /// Ruby, standard library.
    Ruby,
    /// Go, standard library.
    Go,
    /// Java 17 or newer, single-file launch (`java F.java`).
    Java,
    /// C#: APIs that both Mono and .NET 8 have.
    Csharp,
    /// Perl 5 with its core modules (HTTP::Tiny, JSON::PP, Digest::SHA).
    Perl,
}

impl Lang {
    /// Every language, in the order `--help` lists them.
    pub const ALL: [Lang; 9] = [
        Lang::Bash,
        Lang::Python,
        Lang::Node,
        Lang::Php,
        Lang::Ruby,
        Lang::Go,
        Lang::Java,
        Lang::Csharp,
        Lang::Perl,
    ];

    /// The command-line name: `bash`, `python`, ..., `csharp`, `perl`.
    pub const fn name(self) -> &'static str {
        match self {
            Lang::Bash => "bash",
            Lang::Python => "python",
            Lang::Node => "node",
            Lang::Php => "php",
            Lang::Ruby => "ruby",
            Lang::Go => "go",
            Lang::Java => "java",
            Lang::Csharp => "csharp",
            Lang::Perl => "perl",
        }
    }

    /// The file extension, without the dot.
    pub const fn extension(self) -> &'static str {
        match self {
            Lang::Bash => "sh",
            Lang::Python => "py",
            Lang::Node => "js",
            Lang::Php => "php",
            Lang::Ruby => "rb",
            Lang::Go => "go",
            Lang::Java => "java",
            Lang::Csharp => "cs",
            Lang::Perl => "pl",
        }
    }

    /// The fenced-code-block tag for Markdown.
    pub const fn markdown_tag(self) -> &'static str {
        match self {
            Lang::Node => "javascript",
            other => other.name(),
        }
    }

    /// How a whole program in this language is run, for a file `f` (`F` for Java).
    pub const fn how_to_run(self) -> &'static str {
        match self {
            Lang::Bash => "bash f.sh",
            Lang::Python => "python3 f.py",
            Lang::Node => "node f.js",
            Lang::Php => "php f.php",
            Lang::Ruby => "ruby f.rb",
            Lang::Go => "go run f.go",
            Lang::Java => "java F.java",
            Lang::Csharp => {
                "mcs -out:f.exe -r:System.Net.Http.dll -r:System.Xml.Linq.dll f.cs && mono f.exe"
            }
            Lang::Perl => "perl f.pl",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A language name that is none of the offered ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLang(pub String);

impl fmt::Display for UnknownLang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Lang::ALL.iter().map(|l| l.name()).collect();
        write!(
            f,
            "unknown language {:?}: expected one of {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownLang {}

impl FromStr for Lang {
    type Err = UnknownLang;

    /// The names of [`Lang::name`], any case, and the usual aliases: `sh`, `py`, `python3`,
    /// `js`, `javascript`, `nodejs`, `rb`, `golang`, `c#`, `cs`, `dotnet`, `pl`.
    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        let lower = s.trim().to_ascii_lowercase();
        Ok(match lower.as_str() {
            "bash" | "sh" | "shell" => Lang::Bash,
            "python" | "python3" | "py" => Lang::Python,
            "node" | "nodejs" | "js" | "javascript" => Lang::Node,
            "php" => Lang::Php,
            "ruby" | "rb" => Lang::Ruby,
            "go" | "golang" => Lang::Go,
            "java" => Lang::Java,
            "csharp" | "c#" | "cs" | "dotnet" | ".net" => Lang::Csharp,
            "perl" | "pl" => Lang::Perl,
            _ => return Err(UnknownLang(s.to_string())),
        })
    }
}

/// What a snippet does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flow {
    /// A function that returns the tokenHash of a KS and a token.
    Hash,
    /// A whole program, standard library only: startWidgetSession, the tokenHash,
    /// appToken.startSession; prints the new KS.
    Raw,
    /// The raw program that first reads the app token's hashType with appToken.get (an
    /// ADMIN KS from the admin secret), in format 3 (php).
    RawTyped,
    /// The same with Kaltura's official client library (python, node, php).
    Client,
}

impl Flow {
    /// Every flow.
    pub const ALL: [Flow; 4] = [Flow::Hash, Flow::Raw, Flow::RawTyped, Flow::Client];

    /// `hash`, `raw`, `raw-typed`, `client`.
    pub const fn name(self) -> &'static str {
        match self {
            Flow::Hash => "hash",
            Flow::Raw => "raw",
            Flow::RawTyped => "raw-typed",
            Flow::Client => "client",
        }
    }
}

impl fmt::Display for Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A flow name that is none of `hash`, `raw`, `raw-typed`, `client`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFlow(pub String);

impl fmt::Display for UnknownFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown flow {:?}: expected hash, raw, raw-typed or client",
            self.0
        )
    }
}

impl std::error::Error for UnknownFlow {}

impl FromStr for Flow {
    type Err = UnknownFlow;

    fn from_str(s: &str) -> Result<Flow, UnknownFlow> {
        Flow::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownFlow(s.to_string()))
    }
}
