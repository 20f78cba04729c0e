//! `ksdiag man [COMMAND]`: clap_mangen's sections, with a SYNOPSIS written from the contract
//! (docs/cli.md): the forms each subcommand accepts, with value names, alternatives and what
//! is required, which clap_mangen's generated line (every flag bare, in brackets) cannot say.

use std::io::Write;

/// The synopsis lines of `ksdiag` (None) or one subcommand, as in docs/cli.md.
pub fn synopsis(command: Option<&str>) -> &'static [&'static str] {
    match command {
        None => &["ksdiag COMMAND [OPTIONS]", "ksdiag --help | --version"],
        Some("diagnose") => &[
            "ksdiag diagnose --ks VALUE --token VALUE --hash VALUE [--hash-type md5|sha1|sha256|sha512] [--token-id VALUE] [--app-token PATH|@PATH|-|JSON] [--sent-ks VALUE] [--ks VALUE]... [--url VALUE] [--widget-response PATH|JSON] [--error JSON|CODE] [--log PATH] [--partner-id N] [--now UNIX] [--json | --format human|markdown] [--show-secrets] [--color auto|always|never] [--lang LANG]",
            "ksdiag diagnose --example [--json | --format human|markdown] [--lang LANG]",
            "ksdiag diagnose --batch PATH|- [--now UNIX] [--show-secrets]",
        ],
        Some("hash") => {
            &["ksdiag hash --ks VALUE --token VALUE [--hash-type md5|sha1|sha256|sha512]"]
        }
        Some("decode") => {
            &["ksdiag decode KS [--admin-secret VALUE] [--now UNIX] [--json] [--show-secrets]"]
        }
        Some("generate") => &[
            "ksdiag generate --partner-id N --admin-secret VALUE [--widget] [--type user|admin] [--user-id ID] [--expiry SECONDS] [--privileges LIST] [--version 1|2] [--style server|php|python] [--master-partner-id N] [--additional-data TEXT] [--now UNIX] [--rand TEXT] [--random-hex HEX] [--json]",
        ],
        Some("verify") => &[
            "ksdiag verify --ks VALUE --token VALUE --hash VALUE [--hash-type md5|sha1|sha256|sha512]",
            "ksdiag verify --batch PATH|- [--threads N]",
        ],
        Some("vectors") => &[
            "ksdiag vectors [--count N] [--hash-type md5|sha1|sha256|sha512] [--seed S] [--format jsonl|csv]",
        ],
        Some("explain") => &["ksdiag explain [CODE]"],
        Some("serve") => &[
            "ksdiag serve [--port N] [--bind ADDR] [--partner ID:ADMIN_SECRET]... [--app-token JSON]... [--ks-version 1|2] [--state PATH] [--cors-origin ORIGIN]...",
        ],
        Some("snippet") => &[
            "ksdiag snippet --lang bash|python|node|php|ruby|go|java|csharp|perl [--flow hash|raw|raw-typed|client] [--hash-type md5|sha1|sha256|sha512]",
        ],
        Some("check") => &[
            "ksdiag check [--hash-type md5|sha1|sha256|sha512] [--count N] [--seed S] [--lines] [--json] [--timeout SECONDS] -- CMD [ARG]...",
            "ksdiag check --serve [--hash-type md5|sha1|sha256|sha512 | --all-hash-types] [--ks-version 1|2] [--junit PATH] [--lang LANG] [--env NAME=VALUE]... [--env-name KALTURA_NAME=NAME]... [--json] [--timeout SECONDS] -- CMD [ARG]...",
        ],
        Some("example") => &["ksdiag example --write DIR"],
        Some("completions") => &["ksdiag completions bash|zsh|fish|powershell|elvish"],
        Some("man") => &["ksdiag man [COMMAND]"],
        Some(_) => &[],
    }
}

/// Renders the page: clap_mangen's sections around the contract's SYNOPSIS.
pub fn render(
    page: clap::Command,
    command: Option<&str>,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let has_args = page.get_arguments().any(|a| !a.is_hide_set());
    let has_subcommands = page.has_subcommands();
    let has_extra = page.get_after_long_help().is_some() || page.get_after_help().is_some();
    let man = clap_mangen::Man::new(page);
    man.render_title(w)?;
    man.render_name_section(w)?;
    writeln!(w, ".SH SYNOPSIS")?;
    for (i, line) in synopsis(command).iter().enumerate() {
        if i > 0 {
            writeln!(w, ".br")?;
        }
        writeln!(w, "{}", roff_escape(line))?;
    }
    man.render_description_section(w)?;
    if has_args {
        man.render_options_section(w)?;
    }
    if has_subcommands {
        man.render_subcommands_section(w)?;
    }
    if has_extra {
        man.render_extra_section(w)?;
    }
    man.render_version_section(w)?;
    Ok(())
}

/// Escapes text for a roff line: backslashes, leading dots and quotes, and dashes.
fn roff_escape(text: &str) -> String {
    let mut out = text.replace('\\', "\\e").replace('-', "\\-");
    if out.starts_with('.') || out.starts_with('\'') {
        out.insert_str(0, "\\&");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// The man page's SYNOPSIS names every flag each subcommand accepts, so it cannot drift
    /// from the parser.
    #[test]
    fn each_synopsis_names_every_flag_its_subcommand_accepts() {
        let top = crate::cli::Cli::command();
        for sub in top.get_subcommands() {
            let name = sub.get_name();
            let text = synopsis(Some(name)).join(" ");
            assert!(!text.is_empty(), "{name}: no synopsis");
            for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
                if let Some(long) = arg.get_long()
                    && !matches!(long, "help" | "version")
                {
                    assert!(
                        text.contains(&format!("--{long}")),
                        "{name}: synopsis lacks --{long}"
                    );
                }
            }
        }
    }
}
