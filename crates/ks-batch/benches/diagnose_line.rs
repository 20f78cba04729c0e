//! Criterion bench: one `diagnose --batch` line answered (read, intake, diagnosis, JSON), for
//! a line whose mistake is found at once (the intake's share of the time is largest there),
//! one nothing explains (the whole space searched: a batch's usual cost), and one with an
//! app token and the server's error (the most intake per line).

use criterion::{Criterion, criterion_group, criterion_main};
use ks_batch::diagnose::Lines;
use ks_core::digest::{HashType, token_hash};
use ks_core::intake::gather::gather;
use ks_core::intake::given::Given;
use ks_report::redact::Redactor;
use ks_report::source_words::Voice;
use std::hint::black_box;

const KS: &str = "ZmYyM2E2NmEwMGY3MjEyNTg0OGFlYmVmYzhkNGEwZGZmY2VmYjEzN3wxMjM0NTY3OzEyMzQ1Njc7MTcwMDA4NjQwMDswOzE3MDAwMDAwMDAuMTIzNDswO3ZpZXc6Kix3aWRnZXQ6MTs7";
const TOKEN: &str = "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e";

fn lines(c: &mut Criterion) {
    let batch = Lines {
        call: Some(1_700_000_100),
        today: 1_700_000_100,
        redact: Redactor {
            show: false,
            voice: Voice::Cli,
        },
    };
    let upper = token_hash(HashType::Sha1, KS, TOKEN)
        .as_str()
        .to_uppercase();
    let explained =
        format!(r#"{{"ks":"{KS}","token":"{TOKEN}","hash":"{upper}","hash_type":"sha1"}}"#);
    let unexplained = format!(
        r#"{{"ks":"{KS}","token":"{TOKEN}","hash":"0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c","hash_type":"sha1"}}"#
    );
    let artifacts = format!(
        r#"{{"ks":"{KS}","token":"{TOKEN}","hash":"0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c","token_id":"0_s9x2kq7w","app_token":{{"id":"0_s9x2kq7w","token":"{TOKEN}","partnerId":1234567,"hashType":"SHA1","status":2}},"server_error":"INVALID_APP_TOKEN_HASH"}}"#
    );
    let mut group = c.benchmark_group("diagnose --batch line");
    for (name, line) in [
        ("explained hex_case", &explained),
        ("unexplained sha1", &unexplained),
        ("app token + server error", &artifacts),
    ] {
        let mut out = Vec::with_capacity(64 * 1024);
        group.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                batch.answer(1, black_box(line.as_bytes()), &mut out)
            })
        });
    }
    group.finish();
    // The intake alone (what going through `gather` adds to a line), for the same lines.
    let mut group = c.benchmark_group("diagnose --batch line intake");
    let given = |hash: &str, artifacts: bool| {
        Given {
        ks: vec![KS.to_string()],
        token: Some(TOKEN.to_string()),
        hash: Some(hash.to_string()),
        hash_type: (!artifacts).then_some(HashType::Sha1),
        token_id: artifacts.then(|| "0_s9x2kq7w".to_string()),
        app_token: artifacts.then(|| format!(r#"{{"id":"0_s9x2kq7w","token":"{TOKEN}","partnerId":1234567,"hashType":"SHA1","status":2}}"#)),
        error: artifacts.then(|| "INVALID_APP_TOKEN_HASH".to_string()),
        now: Some(1_700_000_100),
        ..Given::default()
    }
    };
    for (name, g) in [
        ("explained hex_case", given(&upper, false)),
        (
            "app token + server error",
            given("0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c", true),
        ),
    ] {
        group.bench_function(name, |b| b.iter(|| gather(black_box(&g)).is_ok()));
    }
    group.finish();
}

criterion_group!(benches, lines);
criterion_main!(benches);
