//! A whole diagnosis over arbitrary KS, token and claimed hash. Never a panic, and never
//! "explained" without the claimed hash reproduced.
#![no_main]
use ks_core::diagnose::{Case, Verdict, diagnose};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|parts: (&str, &str, &str)| {
    let (ks, token, claimed) = parts;
    if claimed.is_empty() || ks.len() > 4096 || token.len() > 1024 {
        return;
    }
    let d = diagnose(&Case::new(ks, token, claimed));
    if d.verdict == Verdict::Explained {
        // The engine ignores one final line break on the claimed hash (a file's newline).
        let claimed = claimed
            .strip_suffix('\n')
            .map(|c| c.strip_suffix('\r').unwrap_or(c))
            .unwrap_or(claimed);
        assert!(d.explanations.iter().all(|e| e.reproduced_hash == claimed));
    }
});
