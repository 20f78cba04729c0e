//! `ksdiag verify`: silent single check, or a streaming JSON Lines batch.
//!
//! The batch path is the hot loop: lines are parsed into borrowed strings, hex goes into a
//! stack buffer, results into a reused output buffer, and chunks of lines are hashed on all
//! cores while their order is kept.

use crate::cli::VerifyArgs;
use crate::input::Reader;
use anyhow::{Context, Result};
use ks_core::digest::{HashType, Hasher};
use std::borrow::Cow;
use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

/// A batch line longer than this is reported as an error, not read into memory whole.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

pub fn open_batch(path: &str) -> Result<Box<dyn BufRead>> {
    if path == "-" || path == "@-" {
        return Ok(Box::new(std::io::BufReader::with_capacity(
            1 << 20,
            std::io::stdin(),
        )));
    }
    let path = path.strip_prefix('@').unwrap_or(path);
    let meta = std::fs::metadata(path)
        .map_err(|e| anyhow::anyhow!("cannot read batch file '{path}': {e}"))?;
    if meta.is_dir() {
        anyhow::bail!("batch file '{path}' is a directory; hint: name a JSON Lines file");
    }
    let f = std::fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("cannot read batch file '{path}': {e}"))?;
    Ok(Box::new(std::io::BufReader::with_capacity(1 << 20, f)))
}

pub fn run(a: VerifyArgs) -> Result<ExitCode> {
    if let Some(path) = &a.batch {
        let threads = a
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        return batch(path, threads);
    }
    let hash_type: HashType = a.hash_type.parse()?;
    let mut r = Reader::default();
    let ks = r.read("--ks", a.ks.as_deref().unwrap_or_default())?;
    let token = r.read("--token", a.token.as_deref().unwrap_or_default())?;
    crate::warn_if_literal_secret("--token", &token);
    let claimed = r.read("--hash", a.hash.as_deref().unwrap_or_default())?;
    let ok = ks_core::digest::token_hash(hash_type, &ks.text, &token.text).as_str() == claimed.text;
    Ok(ExitCode::from(if ok {
        crate::EXIT_OK
    } else {
        crate::EXIT_MISMATCH
    }))
}

#[derive(serde::Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    ks: Cow<'a, str>,
    #[serde(borrow)]
    token: Cow<'a, str>,
    #[serde(borrow)]
    hash: Cow<'a, str>,
    #[serde(default, borrow)]
    hash_type: Option<Cow<'a, str>>,
}

fn hash_type_of(name: Option<&str>) -> Result<HashType, String> {
    match name {
        None | Some("") => Ok(HashType::Sha1),
        Some("sha1") | Some("SHA1") => Ok(HashType::Sha1),
        Some("sha256") | Some("SHA256") => Ok(HashType::Sha256),
        Some("md5") | Some("MD5") => Ok(HashType::Md5),
        Some("sha512") | Some("SHA512") => Ok(HashType::Sha512),
        Some(other) => other
            .parse()
            .map_err(|e: ks_core::digest::UnknownHashType| e.to_string()),
    }
}

/// Checks one line; `Ok(true)` when the hash is correct.
fn check(line: &[u8]) -> Result<bool, String> {
    let l: Line<'_> =
        serde_json::from_slice(line).map_err(|e| format!("not a valid input line: {e}"))?;
    let ht = hash_type_of(l.hash_type.as_deref())?;
    if l.hash.len() != ht.hex_len() {
        return Ok(false);
    }
    let mut h = Hasher::new(ht);
    h.update(l.ks.as_bytes());
    h.update(l.token.as_bytes());
    Ok(h.finalize().to_hex().as_str() == l.hash)
}

struct Chunk {
    /// Line bytes, back to back.
    data: Vec<u8>,
    /// (line number, start, end) for each non-blank line; `end == usize::MAX` marks a line
    /// that was too long.
    lines: Vec<(usize, usize, usize)>,
}

fn render(chunk: &Chunk, out: &mut Vec<u8>) -> bool {
    let mut all_ok = true;
    for &(n, s, e) in &chunk.lines {
        let result = if e == usize::MAX {
            Err(format!("line longer than {} KiB", MAX_LINE_BYTES / 1024))
        } else {
            check(&chunk.data[s..e])
        };
        match result {
            Ok(true) => {
                let _ = writeln!(out, "{{\"line\":{n},\"ok\":true}}");
            }
            Ok(false) => {
                all_ok = false;
                let _ = writeln!(out, "{{\"line\":{n},\"ok\":false}}");
            }
            Err(msg) => {
                all_ok = false;
                let _ = writeln!(out, "{}", serde_json::json!({"line": n, "error": msg}));
            }
        }
    }
    all_ok
}

/// Reads up to `max_lines` lines into a chunk; `None` at end of input.
fn read_chunk(
    r: &mut dyn BufRead,
    next_line: &mut usize,
    max_lines: usize,
) -> std::io::Result<Option<Chunk>> {
    let mut chunk = Chunk {
        data: Vec::with_capacity(max_lines * 400),
        lines: Vec::with_capacity(max_lines),
    };
    let mut any = false;
    while chunk.lines.len() < max_lines {
        let start = chunk.data.len();
        let read = (&mut *r)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut chunk.data)?;
        if read == 0 {
            break;
        }
        any = true;
        *next_line += 1;
        let n = *next_line;
        let mut end = chunk.data.len();
        let complete = chunk.data[end - 1] == b'\n';
        if !complete && read > MAX_LINE_BYTES {
            // Skip the rest of the long line.
            let mut sink = Vec::new();
            r.read_until(b'\n', &mut sink)?;
            chunk.data.truncate(start);
            chunk.lines.push((n, start, usize::MAX));
            continue;
        }
        while end > start && matches!(chunk.data[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        if chunk.data[start..end].iter().all(u8::is_ascii_whitespace) {
            chunk.data.truncate(start);
            continue;
        }
        chunk.lines.push((n, start, end));
    }
    Ok(if any { Some(chunk) } else { None })
}

fn read_group(
    reader: &mut dyn BufRead,
    next_line: &mut usize,
    threads: usize,
    path: &str,
) -> Result<Vec<Chunk>> {
    const LINES_PER_CHUNK: usize = 8192;
    let mut chunks = Vec::with_capacity(threads);
    for _ in 0..threads {
        match read_chunk(reader, next_line, LINES_PER_CHUNK)
            .with_context(|| format!("cannot read batch input '{path}'"))?
        {
            Some(c) => chunks.push(c),
            None => break,
        }
    }
    Ok(chunks)
}

fn batch(path: &str, threads: usize) -> Result<ExitCode> {
    let mut reader = open_batch(path)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut next_line = 0usize;
    let mut all_ok = true;
    let mut group = read_group(&mut *reader, &mut next_line, threads, path)?;
    while !group.is_empty() {
        // Hash this group on all cores while the main thread reads the next one; results are
        // written in input order.
        let (results, next) = std::thread::scope(|s| {
            let handles: Vec<_> = group
                .iter()
                .map(|c| {
                    s.spawn(move || {
                        let mut buf = Vec::with_capacity(c.lines.len() * 24);
                        let ok = render(c, &mut buf);
                        (buf, ok)
                    })
                })
                .collect();
            let next = read_group(&mut *reader, &mut next_line, threads, path);
            let results: Vec<(Vec<u8>, bool)> = handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| (Vec::new(), false)))
                .collect();
            (results, next)
        });
        for (buf, ok) in results {
            all_ok &= ok;
            out.write_all(&buf)?;
        }
        group = next?;
    }
    out.flush()?;
    Ok(ExitCode::from(if all_ok {
        crate::EXIT_OK
    } else {
        crate::EXIT_MISMATCH
    }))
}
