//! The engine: a JSON Lines input answered on all cores, the answers written in input order.
//!
//! Workers take turns cutting the input into blocks at line boundaries (1 MiB for verify,
//! 16 KiB for diagnose; counting lines as they go), answer each block's lines into an output
//! buffer, and the calling thread writes the buffers in input order. At most a few blocks per
//! worker are in flight, so memory stays bounded whatever the input size. A line over
//! [`MAX_LINE_BYTES`] gets an error line and is skipped without being held in memory.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// A batch line longer than this is reported as an error, not read into memory whole.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;
/// Block size for cheap lines (a hash each, [`crate::verify`]): big blocks, little coordination.
pub const BIG_BLOCKS: usize = 1024 * 1024;
/// Block size for expensive lines (a diagnosis each, [`crate::diagnose`]: about a millisecond): small blocks, so
/// even a short batch spreads over every core and answers come out steadily.
pub const SMALL_BLOCKS: usize = 16 * 1024;

enum Block {
    /// Whole lines; the first is line `first_line` (1-based).
    Lines { first_line: usize, data: Vec<u8> },
    /// One line longer than MAX_LINE_BYTES, skipped.
    TooLong { line: usize },
}

type Job = (usize, std::io::Result<Block>);
type Done = (usize, std::io::Result<(Vec<u8>, bool)>);

/// Answers one non-blank line (line number, bytes without the line break) into `out`;
/// returns whether the line counts as a success for the exit status.
pub type LineFn<'a> = dyn Fn(usize, &[u8], &mut Vec<u8>) -> bool + Sync + 'a;

/// Runs `answer` over every non-blank line of `input` on `threads` workers and writes the
/// answers to `out` in input order. Returns whether every line succeeded; `source` names the
/// input in the error when reading it fails.
///
/// Each worker takes the next block from the shared source under a lock (reading it from
/// the input there), answers it without the lock, and sends the answers to the calling
/// thread, which writes them in order. No separate reader thread: on a 2-core machine an
/// extra thread only competes with the workers.
pub fn run(
    input: Box<dyn Read + Send>,
    threads: usize,
    block_bytes: usize,
    answer: &LineFn<'_>,
    out: &mut dyn Write,
    source: &str,
) -> Result<bool, Error> {
    let threads = threads.max(1);
    let (done_tx, done_rx) = sync_channel::<Done>(threads * 2);
    let blocks = Mutex::new(Blocks::new(input, block_bytes));
    std::thread::scope(|s| {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let blocks = &blocks;
            s.spawn(move || work(blocks, &done_tx, answer));
        }
        drop(done_tx);
        write_in_order(&done_rx, out, source)
    })
}

/// The input cut into blocks of whole lines, numbered as they are cut.
struct Blocks {
    input: Box<dyn Read + Send>,
    block_bytes: usize,
    seq: usize,
    lines_cut: usize,
    carry: Vec<u8>,
    skipping: bool,
    done: bool,
    /// Used block buffers, reused: fresh 1 MiB allocations cost page faults.
    free: Vec<Vec<u8>>,
}

impl Blocks {
    fn new(input: Box<dyn Read + Send>, block_bytes: usize) -> Blocks {
        Blocks {
            input,
            block_bytes,
            seq: 0,
            lines_cut: 0,
            carry: Vec::new(),
            skipping: false,
            done: false,
            free: Vec::new(),
        }
    }

    fn job(&mut self, block: std::io::Result<Block>) -> Option<Job> {
        let seq = self.seq;
        self.seq += 1;
        Some((seq, block))
    }

    /// The next block, or `None` at the end of input.
    fn next(&mut self) -> Option<Job> {
        while !self.done {
            let mut buf = self.free.pop().unwrap_or_default();
            buf.clear();
            buf.append(&mut self.carry);
            buf.reserve(self.block_bytes);
            let eof = match fill(&mut *self.input, &mut buf, self.block_bytes) {
                Ok(eof) => eof,
                Err(e) => {
                    self.done = true;
                    return self.job(Err(e));
                }
            };
            self.done = eof;
            if self.skipping {
                match memchr::memchr(b'\n', &buf) {
                    Some(p) => {
                        buf.drain(..=p);
                        self.skipping = false;
                    }
                    None => continue,
                }
            }
            match memchr::memrchr(b'\n', &buf) {
                Some(p) if !eof => {
                    self.carry = buf.split_off(p + 1);
                    let first_line = self.lines_cut + 1;
                    self.lines_cut += memchr::memchr_iter(b'\n', &buf).count();
                    return self.job(Ok(Block::Lines {
                        first_line,
                        data: buf,
                    }));
                }
                _ if eof => {
                    if buf.is_empty() {
                        return None;
                    }
                    let first_line = self.lines_cut + 1;
                    return self.job(Ok(Block::Lines {
                        first_line,
                        data: buf,
                    }));
                }
                _ if buf.len() > MAX_LINE_BYTES => {
                    self.lines_cut += 1;
                    self.skipping = true;
                    let line = self.lines_cut;
                    return self.job(Ok(Block::TooLong { line }));
                }
                _ => self.carry = buf,
            }
        }
        None
    }
}

/// Appends up to `want` bytes; returns true at end of input.
fn fill(input: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    // `take(..).read_to_end` keeps reading until `want` bytes or the end of input.
    let n = (&mut *input).take(want as u64).read_to_end(buf)?;
    Ok(n < want)
}

fn work(blocks: &Mutex<Blocks>, done: &SyncSender<Done>, answer: &LineFn<'_>) {
    loop {
        let job = match blocks.lock() {
            Ok(mut b) => b.next(),
            Err(_) => return,
        };
        let Some((seq, block)) = job else { return };
        let result = block.map(|b| {
            let answered = answer_block(&b, answer);
            if let Block::Lines { data, .. } = b
                && let Ok(mut blocks) = blocks.lock()
            {
                blocks.free.push(data);
            }
            answered
        });
        if done.send((seq, result)).is_err() {
            return;
        }
    }
}

fn answer_block(block: &Block, answer: &LineFn<'_>) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(64 * 1024);
    let mut all_ok = true;
    match block {
        Block::TooLong { line } => {
            error_line(*line, &too_long(), &mut out);
            all_ok = false;
        }
        Block::Lines { first_line, data } => {
            let mut start = 0;
            let mut n = *first_line;
            while start < data.len() {
                let end = memchr::memchr(b'\n', &data[start..]).map_or(data.len(), |p| start + p);
                let mut line = &data[start..end];
                if let [rest @ .., b'\r'] = line {
                    line = rest;
                }
                if line.len() > MAX_LINE_BYTES {
                    error_line(n, &too_long(), &mut out);
                    all_ok = false;
                } else if !line.iter().all(u8::is_ascii_whitespace) {
                    all_ok &= answer(n, line, &mut out);
                }
                n += 1;
                start = end + 1;
            }
        }
    }
    (out, all_ok)
}

fn too_long() -> String {
    format!("line longer than {} KiB", MAX_LINE_BYTES / 1024)
}

/// Why a batch stopped: its input could not be read, or its output written. A line that
/// cannot be answered is not an error: it gets an error line ([`error_line`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Reading the input failed (`source_name` names it, as the user did).
    Read {
        /// The input as the user named it (`-`, a path).
        source_name: String,
        /// What failed.
        error: std::io::Error,
    },
    /// Writing the answers failed (a closed pipe: the reader left).
    Write(std::io::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Read { source_name, error } => {
                write!(f, "cannot read batch input '{source_name}': {error}")
            }
            Error::Write(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    /// The write error, so a caller can tell a closed pipe (the reader left) from a failure;
    /// the read error is already in the message.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Write(e) => Some(e),
            Error::Read { .. } => None,
        }
    }
}

/// `{"line":N,"error":"..."}` and a newline.
pub fn error_line(n: usize, msg: &str, out: &mut Vec<u8>) {
    // Written by hand so "line" comes first, as in cli.md and in the ok lines.
    out.extend_from_slice(b"{\"line\":");
    push_decimal(out, n);
    out.extend_from_slice(b",\"error\":");
    out.extend_from_slice(serde_json::Value::from(msg).to_string().as_bytes());
    out.extend_from_slice(b"}\n");
}

/// Appends the decimal digits of `n`.
pub fn push_decimal(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

fn write_in_order(done: &Receiver<Done>, out: &mut dyn Write, source: &str) -> Result<bool, Error> {
    let mut next = 0;
    let mut waiting: BTreeMap<usize, (Vec<u8>, bool)> = BTreeMap::new();
    let mut all_ok = true;
    for (seq, result) in done {
        let r = result.map_err(|error| Error::Read {
            source_name: source.to_string(),
            error,
        })?;
        waiting.insert(seq, r);
        while let Some((buf, ok)) = waiting.remove(&next) {
            out.write_all(&buf).map_err(Error::Write)?;
            all_ok &= ok;
            next += 1;
        }
    }
    out.flush().map_err(Error::Write)?;
    Ok(all_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_on(input: &'static [u8], threads: usize) -> (String, bool) {
        let echo = |n: usize, line: &[u8], out: &mut Vec<u8>| {
            push_decimal(out, n);
            out.push(b' ');
            out.extend_from_slice(&line[..line.len().min(8)]);
            out.push(b'\n');
            line != b"bad"
        };
        let mut out = Vec::new();
        let ok = run(Box::new(input), threads, 4096, &echo, &mut out, "test").unwrap();
        (String::from_utf8(out).unwrap(), ok)
    }

    #[test]
    fn numbers_lines_skips_blanks_and_keeps_order() {
        let (out, ok) = run_on(b"a\n\n  \r\nbad\r\nlast", 3);
        assert_eq!(out, "1 a\n4 bad\n5 last\n");
        assert!(!ok);
    }

    #[test]
    fn many_blocks_stay_in_order() {
        let text: &'static str = Box::leak(
            (1..=300_000)
                .map(|i| format!("{i}\n"))
                .collect::<String>()
                .into_boxed_str(),
        );
        let (out, ok) = run_on(text.as_bytes(), 4);
        assert!(ok);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 300_000);
        assert_eq!(lines[123_456], "123457 123457");
    }

    #[test]
    fn an_overlong_line_is_an_error_and_the_next_line_still_counts() {
        let mut text = vec![b'x'; MAX_LINE_BYTES * 3];
        text.extend_from_slice(b"\nok\n");
        let text: &'static [u8] = Box::leak(text.into_boxed_slice());
        let (out, ok) = run_on(text, 2);
        assert_eq!(
            out,
            "{\"line\":1,\"error\":\"line longer than 1024 KiB\"}\n2 ok\n"
        );
        assert!(!ok);
    }
}
