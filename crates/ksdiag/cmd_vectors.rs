//! `ksdiag vectors`: deterministic known-answer cases for any language's tests.

use crate::cli::{VectorFormat, VectorsArgs};
use anyhow::Result;
use ks_core::digest::{HashType, token_hash};
use ks_core::ks::{Generator, KsSpec, Randomness, generate};
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;

/// splitmix64: tiny, fixed forever, so the same seed gives the same cases everywhere.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        for chunk in out.chunks_mut(8) {
            let v = self.next().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        out
    }
}

pub fn run(a: VectorsArgs) -> Result<ExitCode> {
    let fixed = a
        .hash_type
        .as_deref()
        .map(str::parse::<HashType>)
        .transpose()?;
    let mut rng = SplitMix(a.seed);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.format == VectorFormat::Csv {
        writeln!(out, "ks,token,hash,hash_type")?;
    }
    for i in 0..a.count {
        let partner_id = 100_000 + (rng.next() % 4_900_000) as i64;
        let created = 1_700_000_000 + (rng.next() % 80_000_000) as i64;
        let secret = hex::encode(rng.bytes::<16>());
        let token = hex::encode(rng.bytes::<16>());
        let spec = KsSpec::widget(partner_id, created + 86_400);
        let randomness = if i % 2 == 0 {
            Randomness::V1Rand(format!("{created}.{:04}", rng.next() % 10_000))
        } else {
            Randomness::V2Random(rng.bytes::<16>())
        };
        let ks = generate(&spec, &secret, Generator::Server, &randomness).ks;
        let ht = fixed.unwrap_or(HashType::ALL[(i % 4) as usize]);
        let hash = token_hash(ht, &ks, &token);
        match a.format {
            VectorFormat::Jsonl => writeln!(
                out,
                "{}",
                json!({"ks": ks, "token": token, "hash": hash.as_str(), "hash_type": ht.cli_name()})
            )?,
            // Base64 KS, hex token and hash never contain commas or quotes.
            VectorFormat::Csv => writeln!(out, "{ks},{token},{hash},{}", ht.cli_name())?,
        }
    }
    out.flush()?;
    Ok(ExitCode::from(crate::EXIT_OK))
}
