//! ksdiag: explains why a Kaltura app-token tokenHash is rejected.
//!
//! All I/O and presentation live here; the logic is in `ks-core`.

mod batch_input;
mod cli;
mod cmd_check;
mod cmd_decode;
mod cmd_diagnose;
mod cmd_example;
mod cmd_explain;
mod cmd_generate;
mod cmd_hash;
mod cmd_snippet;
mod cmd_vectors;
mod cmd_verify;
mod gather;
mod input;
mod io_words;
mod man_page;

mod serve;

use clap::{CommandFactory, Parser};
use std::process::ExitCode;

/// mimalloc: `serve` allocates a little for every call on several threads at once, where
/// glibc's allocator spent a quarter of the server's time (`perf`, scripts/compare-serve.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status for a correct hash or a successful command.
pub const EXIT_OK: u8 = 0;
/// Exit status for a mismatch.
pub const EXIT_MISMATCH: u8 = 1;
/// Exit status for usage or input errors.
pub const EXIT_INPUT: u8 = 2;

/// 0 when every hash checked was correct, 1 when not (diagnose, verify).
pub fn exit_for_hashes(all_correct: bool) -> ExitCode {
    ExitCode::from(if all_correct { EXIT_OK } else { EXIT_MISMATCH })
}

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    // A batch's status is a verdict on every line: it cannot say "all correct" when its reader
    // left before every result was written (`ksdiag verify --batch - | head`). (One diagnosis
    // and check's report are written after their verdict: see `written`.)
    let judges = matches!(
        cli.command,
        cli::Command::Diagnose(_) | cli::Command::Verify(_)
    );
    match run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) && judges => {
            eprintln!(
                "ksdiag: standard output was closed before every result was written: exit {EXIT_MISMATCH}, not all checked"
            );
            ExitCode::from(EXIT_MISMATCH)
        }
        Err(err) if is_broken_pipe(&err) => ExitCode::from(EXIT_OK),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// A report written after its verdict was reached: a reader that left early (`| head -1`)
/// changes nothing, the verdict still decides the status.
pub fn written(r: std::io::Result<()>) -> std::io::Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    use cli::Command;
    match cli.command {
        Command::Diagnose(a) => cmd_diagnose::run(a),
        Command::Hash(a) => cmd_hash::run(a),
        Command::Decode(a) => cmd_decode::run(a),
        Command::Generate(a) => cmd_generate::run(a),
        Command::Verify(a) => cmd_verify::run(a),
        Command::Vectors(a) => cmd_vectors::run(a),
        Command::Explain(a) => cmd_explain::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Snippet(a) => cmd_snippet::run(a),
        Command::Check(a) => cmd_check::run(a),
        Command::Example(a) => cmd_example::run(a),
        Command::Completions(a) => {
            let mut cmd = cli::Cli::command();
            clap_complete::generate(a.shell, &mut cmd, "ksdiag", &mut std::io::stdout().lock());
            Ok(ExitCode::from(EXIT_OK))
        }
        Command::Man(m) => {
            let page = man_page::page(m.command.as_deref())?;
            man_page::render(page, m.command.as_deref(), &mut std::io::stdout().lock())?;
            Ok(ExitCode::from(EXIT_OK))
        }
    }
}

/// Warns on stderr when a secret was typed on the command line (shell history, `ps`).
pub fn warn_if_literal_secret(flag: &str, value: &input::Value) {
    if value.source == input::Source::Literal {
        eprintln!(
            "warning: {flag} was given on the command line, where shell history and `ps` can see it; prefer env:NAME, @PATH or @-"
        );
    }
}

/// The system clock, unix seconds.
pub fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn clap_definitions_are_consistent() {
        use clap::CommandFactory;
        super::cli::Cli::command().debug_assert();
    }
}
