//! `ksdiag snippet`: tokenHash code to paste, from the templates of `ks-snippets`.

use crate::cli::SnippetArgs;
use anyhow::{Result, bail};
use ks_snippets::{Flow, Lang, snippet};
use std::io::Write;
use std::process::ExitCode;

pub fn run(a: SnippetArgs) -> Result<ExitCode> {
    let (lang, flow, hash_type) = (a.lang, a.flow, a.hash_type);
    let Some(code) = snippet(lang, flow, hash_type) else {
        let offered: Vec<&str> = Lang::ALL
            .into_iter()
            .filter(|l| ks_snippets::template(*l, flow).is_some())
            .map(Lang::name)
            .collect();
        bail!(
            "--flow {flow} is not offered for {lang}; hint: it is for {}{}",
            offered.join(", "),
            match flow {
                Flow::Client => {
                    " (Kaltura's official clients); use --flow raw for a program without a client"
                }
                Flow::RawTyped => {
                    "; elsewhere use --flow raw with the app token's --hash-type (or KALTURA_HASH_TYPE)"
                }
                _ => "",
            }
        );
    };
    let mut out = std::io::stdout().lock();
    out.write_all(code.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::from(crate::EXIT_OK))
}
