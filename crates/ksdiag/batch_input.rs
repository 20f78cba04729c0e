//! Opening a batch's input and running ks-batch's engine over it, errors in the CLI's words.

use anyhow::{Result, anyhow};
use std::io::Read;

/// Opens a batch source: `-` or `@-` is standard input, anything else a file path.
pub fn open(path: &str) -> Result<Box<dyn Read + Send>> {
    if path == "-" || path == "@-" {
        return Ok(Box::new(std::io::stdin()));
    }
    let path = path.strip_prefix('@').unwrap_or(path);
    let cannot = |e: std::io::Error| {
        anyhow!(
            "cannot read batch file '{path}': {}",
            crate::io_words::reason(&e)
        )
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        anyhow::bail!("batch file '{path}' is a directory; hint: name a JSON Lines file");
    }
    Ok(Box::new(std::fs::File::open(path).map_err(cannot)?))
}

/// Answers every line of the batch at `path` on `threads` workers to standard output;
/// returns whether every line succeeded.
pub fn run(
    path: &str,
    threads: usize,
    block_bytes: usize,
    answer: &ks_batch::engine::LineFn<'_>,
) -> Result<bool> {
    let input = open(path)?;
    let mut out = std::io::stdout().lock();
    ks_batch::run(input, threads, block_bytes, answer, &mut out, path).map_err(|e| match e {
        // The io::Error itself: main tells a closed pipe (the reader left) by it.
        ks_batch::Error::Write(e) => anyhow::Error::from(e),
        other => anyhow!("{other}"),
    })
}

/// One worker per core: workers read their own blocks, so no thread is left idle.
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
