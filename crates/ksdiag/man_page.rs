//! `ksdiag man [COMMAND]`: clap_mangen's sections, with a SYNOPSIS written from the contract
//! (docs/cli.md): the forms each subcommand accepts, with value names, alternatives and what
//! is required, which clap_mangen's generated line (every flag bare, in brackets) cannot say.
//! The SYNOPSIS is built with the `roff` crate (clap_mangen's own), which escapes it, in
//! man(7)'s typography: what is typed as shown in bold, what is replaced in italics.

use clap::CommandFactory;
use std::io::Write;

/// The command a page is about: `ksdiag` (None) or the subcommand named, as
/// `ksdiag-<name>(1)` (the overview's SUBCOMMANDS list names it so), with the version for
/// the footer but no `--version` option: subcommands take none, and `generate`'s own
/// `--version` (the KS version) would clash with it.
pub fn page(command: Option<&str>) -> anyhow::Result<clap::Command> {
    let top = crate::cli::Cli::command();
    let Some(name) = command else {
        return Ok(top);
    };
    let Some(sub) = top.find_subcommand(name).cloned() else {
        let names: Vec<&str> = top.get_subcommands().map(|c| c.get_name()).collect();
        anyhow::bail!("no subcommand '{name}'; hint: one of {}", names.join(", "));
    };
    Ok(sub
        .name(format!("ksdiag-{name}"))
        .version(env!("CARGO_PKG_VERSION"))
        .disable_version_flag(true))
}

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
    w.write_all(synopsis_roff(synopsis(command)).as_bytes())?;
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

/// The SYNOPSIS section: one line per form, `.br` between them.
fn synopsis_roff(lines: &[&str]) -> String {
    let mut doc = roff::Roff::new();
    doc.control("SH", ["SYNOPSIS"]);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            doc.control("br", []);
        }
        doc.text(typeset(line));
    }
    doc.to_roff()
}

/// A synopsis line in man(7)'s fonts: a placeholder (a run of capitals, digits and `_`:
/// `VALUE`, `ADMIN_SECRET`) in italics, the literal text around it (`ksdiag`, `--ks`, `md5`,
/// `@`) in bold, the grammar (`[ ] | ...` and spaces) in roman.
fn typeset(line: &str) -> Vec<roff::Inline> {
    #[derive(PartialEq, Clone, Copy)]
    enum Font {
        Roman,
        Bold,
        Italic,
    }
    let bytes = line.as_bytes();
    let capital = |c: u8| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_';
    let font_at = |i: usize| -> Font {
        let c = bytes[i];
        let in_ellipsis = (i.saturating_sub(2)..=i).any(|s| bytes[s..].starts_with(b"..."));
        if matches!(c, b'[' | b']' | b'|' | b' ') || in_ellipsis {
            return Font::Roman;
        }
        if !capital(c) {
            return Font::Bold;
        }
        // The run of capitals around it is a placeholder when it has a letter and no
        // lowercase letter touches it (`KS`, `ADMIN_SECRET`; not the `2` of `--version 1|2`).
        let start = bytes[..i]
            .iter()
            .rposition(|b| !capital(*b))
            .map_or(0, |p| p + 1);
        let end = bytes[i..]
            .iter()
            .position(|b| !capital(*b))
            .map_or(bytes.len(), |p| i + p);
        let lower = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase());
        if bytes[start..end].iter().any(u8::is_ascii_uppercase)
            && !lower(start.checked_sub(1).map(|p| &bytes[p]))
            && !lower(bytes.get(end))
        {
            Font::Italic
        } else {
            Font::Bold
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=bytes.len() {
        if i == bytes.len() || font_at(i) != font_at(start) {
            let text = &line[start..i];
            out.push(match font_at(start) {
                Font::Roman => roff::roman(text),
                Font::Bold => roff::bold(text),
                Font::Italic => roff::italic(text),
            });
            start = i;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ksdiag man generate` panicked in debug builds (two `--version` arguments: the KS
    /// version and the one a page's version added), and every subcommand's page listed a
    /// `-V, --version` the subcommand rejects.
    #[test]
    fn every_page_renders_and_lists_only_options_its_command_takes() {
        let top = crate::cli::Cli::command();
        for name in top.get_subcommands().map(|c| c.get_name()) {
            let mut out = Vec::new();
            render(page(Some(name)).unwrap(), Some(name), &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(
                text.contains(&format!(".TH ksdiag-{name} 1")),
                "{name}: {text}"
            );
            // clap's own version flag, which says "Print version".
            assert!(
                !text.contains("Print version"),
                "{name}: lists -V, --version"
            );
        }
        assert!(page(Some("nope")).is_err());
    }

    #[test]
    fn synopsis_placeholders_are_italic_literals_bold_and_dashes_escaped() {
        let got = synopsis_roff(&["ksdiag decode KS [--now UNIX]", "ksdiag man [COMMAND]..."]);
        assert_eq!(
            got,
            ".SH SYNOPSIS\n\\fBksdiag\\fR \\fBdecode\\fR \\fIKS\\fR [\\fB\\-\\-now\\fR \\fIUNIX\\fR]\n.br\n\\fBksdiag\\fR \\fBman\\fR [\\fICOMMAND\\fR]...\n"
        );
    }

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
