//! `ksdiag vectors`: deterministic known-answer cases for any language's tests.

use crate::cli::{VectorFormat, VectorsArgs};
use anyhow::Result;
use ks_check::known_answers::Cases;
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;

pub fn run(a: VectorsArgs) -> Result<ExitCode> {
    let fixed = a.hash_type;
    let mut cases = Cases::new(a.seed);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.format == VectorFormat::Csv {
        writeln!(out, "ks,token,hash,hash_type")?;
    }
    for _ in 0..a.count {
        let c = cases.next_case(fixed);
        let ht = c.hash_type.cli_name();
        match a.format {
            VectorFormat::Jsonl => writeln!(
                out,
                "{}",
                json!({"ks": c.ks, "token": c.token, "hash": c.hash, "hash_type": ht})
            )?,
            // Base64 KS, hex token and hash never contain commas or quotes.
            VectorFormat::Csv => writeln!(out, "{},{},{},{ht}", c.ks, c.token, c.hash)?,
        }
    }
    out.flush()?;
    Ok(ExitCode::from(crate::EXIT_OK))
}
