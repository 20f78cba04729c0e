//! Criterion benches: KS parsing, v2 decryption, each digest on a 300-byte message, and a
//! complete diagnosis of an unexplained case (the whole space searched), the same for a KS
//! 10x longer (cost must grow linearly), and one candidate hash with prefix reuse.

use criterion::{Criterion, criterion_group, criterion_main};
use ks_core::diagnose::{Case, diagnose};
use ks_core::digest::{HashType, digest_parts};
use ks_core::ks::{Generator, KsSpec, Randomness, generate, parse};
use std::hint::black_box;

const SECRET: &str = "0123456789abcdef0123456789abcdef";

fn widget_ks(v2: bool) -> String {
    let mut spec = KsSpec::widget(1_234_567, 1_700_086_400);
    // Typical widget privileges with a role and an entry: a KS of about 300 characters.
    spec.privileges = "view:*,widget:1,setrole:PLAYBACK_BASE_ROLE,privacycontext:MediaSpace,limitentry:0_abcd1234".into();
    let r = if v2 {
        Randomness::V2Random([7; 16])
    } else {
        Randomness::V1Rand("1700000000.1234".into())
    };
    generate(&spec, SECRET, Generator::Server, &r).ks
}

fn codec(c: &mut Criterion) {
    let v1 = widget_ks(false);
    let v2 = widget_ks(true);
    c.bench_function("parse v1", |b| {
        b.iter(|| parse(black_box(&v1)).map(|p| p.inspect(None)))
    });
    c.bench_function("parse+decrypt v2", |b| {
        b.iter(|| parse(black_box(&v2)).map(|p| p.inspect(Some(SECRET))))
    });
    let msg = [b'x'; 300];
    for ht in HashType::ALL {
        c.bench_function(&format!("digest {ht} 300B"), |b| {
            b.iter(|| digest_parts(ht, &[black_box(&msg)]))
        });
    }
}

fn diagnosis(c: &mut Criterion) {
    let mut ks = widget_ks(false);
    while ks.len() < 300 {
        ks.push('A');
    }
    let ks = &ks[..300];
    let token = "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e";
    // A random-looking SHA-1 hex that no mistake reproduces: the whole space is searched.
    let claimed = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";
    let mut group = c.benchmark_group("diagnose");
    // No hashType given: every reading the server offers is searched.
    group.bench_function("unexplained sha1, 300-byte KS", |b| {
        b.iter(|| diagnose(&Case::new(black_box(ks), token, claimed)))
    });
    // The same with the app token's hashType known (--hash-type or --app-token): one reading
    // instead of the server's four.
    group.bench_function("unexplained sha1 declared, 300-byte KS", |b| {
        b.iter(|| {
            let mut case = Case::new(black_box(ks), token, claimed);
            case.hash_type = Some(HashType::Sha1);
            diagnose(&case)
        })
    });
    let upper = ks_core::digest::token_hash(HashType::Sha1, ks, token)
        .as_str()
        .to_uppercase();
    group.bench_function("explained hex_case, 300-byte KS", |b| {
        b.iter(|| diagnose(&Case::new(black_box(ks), token, &upper)))
    });
    group.finish();
}

/// A server-style widget KS grown with `limitentry` privileges to at least `target` bytes.
fn widget_ks_of_length(target: usize) -> String {
    let mut spec = KsSpec::widget(1_234_567, 1_700_086_400);
    let rand = Randomness::V1Rand("1700000000.1234".into());
    let mut n = 0;
    loop {
        let ks = generate(&spec, SECRET, Generator::Server, &rand).ks;
        if ks.len() >= target {
            return ks;
        }
        spec.privileges.push_str(&format!(",limitentry:0_{n:08x}"));
        n += 1;
    }
}

/// No super-linear cost: a KS 10x longer should cost about 10x, not 100x (issue #5). Both
/// sizes are real widget KS strings (long privileges), parsed and fully diagnosed.
fn linearity(c: &mut Criterion) {
    let token = "8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e";
    let claimed = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";
    let mut group = c.benchmark_group("linearity");
    for target in [300, 3000] {
        let ks = widget_ks_of_length(target);
        group.bench_function(format!("parse v1, {}-byte KS", ks.len() / 100 * 100), |b| {
            b.iter(|| parse(black_box(&ks)).map(|p| p.inspect(None)))
        });
        group.bench_function(
            format!("diagnose unexplained, {}-byte KS", ks.len() / 100 * 100),
            |b| b.iter(|| diagnose(&Case::new(black_box(&ks), token, claimed))),
        );
    }
    group.finish();
}

/// What the engine does per candidate: clone the state after the shared 300-byte KS prefix,
/// hash a token-sized suffix, finalize, hex-encode on the stack.
fn candidates(c: &mut Criterion) {
    let ks = [b'K'; 300];
    let suffix = b"8a3f0c5e9b1d4f7a2c6e0b9d8f1a3c5e\n";
    for ht in [HashType::Sha1, HashType::Sha256] {
        let mut prefix = ks_core::digest::Hasher::new(ht);
        prefix.update(&ks);
        c.bench_function(&format!("candidate {ht} prefix reuse"), |b| {
            b.iter(|| {
                let mut h = prefix.clone();
                h.update(black_box(suffix));
                h.finalize().to_hex()
            })
        });
    }
}

criterion_group!(benches, codec, diagnosis, linearity, candidates);
criterion_main!(benches);
