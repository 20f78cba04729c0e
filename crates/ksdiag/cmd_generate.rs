//! `ksdiag generate`: a KS that the server and the official clients accept.

use crate::cli::{GenerateArgs, Style};
use crate::input::Reader;
use anyhow::{Result, bail};
use ks_core::ks::{Generator, KsSpec, Randomness, generate};
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;

fn os_random<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("the OS random source failed: {e}"))?;
    Ok(b)
}

pub fn run(a: GenerateArgs) -> Result<ExitCode> {
    let mut r = Reader::default();
    let secret = r.read("--admin-secret", &a.admin_secret)?;
    crate::warn_if_literal_secret("--admin-secret", &secret);
    if secret.text.is_empty() {
        bail!(
            "--admin-secret is empty; hint: the partner's admin secret is in the KMC under Integration Settings"
        );
    }
    let style = if a.widget { Style::Server } else { a.style };
    let generator = match style {
        Style::Server => Generator::Server,
        Style::Php => Generator::PhpClient,
        Style::Python => Generator::PythonClient,
    };
    let now = a.now.unwrap_or_else(crate::system_now);
    let (default_user, default_privs) = if a.widget {
        (Some("0"), "view:*,widget:1")
    } else {
        (Some(""), "")
    };
    let spec = KsSpec {
        partner_id: a.partner_id,
        ks_type: if a.widget { 0 } else { a.ks_type.code() },
        user_id: a.user_id.clone().or(default_user.map(str::to_string)),
        privileges: a
            .privileges
            .clone()
            .unwrap_or_else(|| default_privs.to_string()),
        expiry: now.saturating_add(a.expiry),
        master_partner_id: a.master_partner_id.clone(),
        additional_data: a.additional_data.clone(),
    };
    if generator != Generator::Server
        && (spec.master_partner_id.is_some() || spec.additional_data.is_some())
    {
        bail!(
            "--master-partner-id and --additional-data are written only by the server; hint: add --style server"
        );
    }
    let randomness = if a.version == 1 {
        let rand = match &a.rand {
            Some(t) => t.clone(),
            None => {
                let [x, y, z, w] = os_random::<4>()?;
                let n = u32::from_le_bytes([x, y, z, w]);
                match generator {
                    // microtime(true) as PHP prints it: seconds and 4 decimals.
                    Generator::Server => format!("{now}.{:04}", n % 10_000),
                    Generator::PhpClient => (n % 32_001).to_string(),
                    Generator::PythonClient => (n % 65_537).to_string(),
                }
            }
        };
        Randomness::V1Rand(rand)
    } else {
        let bytes = match &a.random_hex {
            Some(h) => {
                let v =
                    hex::decode(h).map_err(|e| anyhow::anyhow!("--random-hex is not hex: {e}; hint: pass 32 hex digits (the 16 random bytes)"))?;
                <[u8; 16]>::try_from(v.as_slice()).map_err(|_| {
                    anyhow::anyhow!(
                        "--random-hex must be 32 hex digits (16 bytes), got {}",
                        h.len()
                    )
                })?
            }
            None => os_random::<16>()?,
        };
        Randomness::V2Random(bytes)
    };
    let generated = generate(&spec, &secret.text, generator, &randomness);
    // ks-core says "use version 2"; on the command line that is the --version flag.
    let warnings: Vec<String> = generated
        .warnings
        .iter()
        .map(|w| {
            w.to_string()
                .replace("(use version 2)", "(use --version 2)")
        })
        .collect();
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(
            out,
            "{}",
            json!({"ks": generated.ks, "version": a.version, "partner_id": a.partner_id, "valid_until": spec.expiry, "warnings": warnings})
        )?;
    } else {
        writeln!(out, "{}", generated.ks)?;
    }
    Ok(ExitCode::from(crate::EXIT_OK))
}
