//! `ksdiag example --write DIR`: the sample files the README's walkthroughs diagnose, so they
//! run with only the installed binary (no clone). They are the CLI snapshots' own inputs
//! (tests/cmd/diagnose-artifacts.in, diagnose-har.in and diagnose-paste-php-var-dump.in), compiled in byte for byte, so the
//! README's commands on them print what those snapshots pin.

use crate::cli::ExampleArgs;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// File name and bytes, in the order they are listed.
const FILES: &[(&str, &str)] = &[
    (
        "request.sh",
        include_str!("../../tests/cmd/diagnose-artifacts.in/request.sh"),
    ),
    (
        "app-token.json",
        include_str!("../../tests/cmd/diagnose-artifacts.in/app-token.json"),
    ),
    (
        "player.log",
        include_str!("../../tests/cmd/diagnose-artifacts.in/player.log"),
    ),
    (
        "widget.json",
        include_str!("../../tests/cmd/diagnose-artifacts.in/widget.json"),
    ),
    (
        "error.json",
        include_str!("../../tests/cmd/diagnose-artifacts.in/error.json"),
    ),
    (
        "session.har",
        include_str!("../../tests/cmd/diagnose-har.in/session.har"),
    ),
    (
        "debug.log",
        include_str!("../../tests/cmd/diagnose-paste-php-var-dump.in/debug.log"),
    ),
];

/// What each file is, for the listing.
fn describe(name: &str) -> &'static str {
    match name {
        "request.sh" => "the failing appToken.startSession call, as a curl command",
        "app-token.json" => "appToken.get's answer (token, id, hashType SHA256)",
        "player.log" => "the player's log: two startWidgetSession answers",
        "widget.json" => "the startWidgetSession answer the client hashed",
        "error.json" => "the server's error: INVALID_APP_TOKEN_HASH",
        "session.har" => "the same session saved from the browser's network tab (HAR)",
        _ => "a PHP program's var_dump of its startSession call and the exception",
    }
}

pub fn run(args: ExampleArgs) -> Result<ExitCode> {
    let dir = &args.write;
    let shown = dir.display();
    // Nothing is written unless everything can be: no file is ever overwritten.
    let existing: Vec<&str> = FILES
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| dir.join(name).exists())
        .collect();
    if !existing.is_empty() {
        bail!(
            "'{shown}' already has {}; hint: name an empty or new folder (ksdiag never overwrites a file)",
            existing.join(", ")
        );
    }
    if dir.is_file() {
        bail!("'{shown}' is a file; hint: name a folder (it is made if missing)");
    }
    std::fs::create_dir_all(dir).with_context(|| {
        format!("cannot make the folder '{shown}'; hint: name a folder you can write to")
    })?;
    for (name, text) in FILES {
        write_new(&dir.join(name), text)
            .with_context(|| format!("cannot write '{}'", dir.join(name).display()))?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "wrote {} sample files to {shown}:", FILES.len())?;
    for (name, _) in FILES {
        writeln!(out, "  {name:<15} {}", describe(name))?;
    }
    writeln!(out, "try, in that folder:")?;
    writeln!(
        out,
        "  ksdiag diagnose --url @request.sh --app-token app-token.json --log player.log --widget-response widget.json --error error.json --now 1700000100"
    )?;
    writeln!(
        out,
        "  ksdiag diagnose --log session.har --app-token app-token.json --now 1700000100"
    )?;
    writeln!(
        out,
        "  ksdiag diagnose --log debug.log --app-token app-token.json --now 1700000100"
    )?;
    Ok(ExitCode::from(crate::EXIT_OK))
}

/// Creates the file; an existing one (made since the check) is an error, never replaced.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}
