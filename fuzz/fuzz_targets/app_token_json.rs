//! Any text as appToken JSON: a value or a clear error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(t) = ks_core::app_token::AppToken::parse(text) {
        let _ = t.effective_hash_type();
        let _ = t.is_expired(i64::MAX);
        let _ = t.is_expired(i64::MIN);
    }
});
