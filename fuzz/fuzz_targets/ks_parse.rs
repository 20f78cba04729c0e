//! Any text as a KS: parse, inspect with and without a secret, canonical text. No panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(p) = ks_core::ks::parse(text) {
        let _ = p.inspect(None);
        let _ = p.inspect(Some("secret,other"));
        let _ = p.irregularities();
        // The canonical text reads back to the same bytes.
        let again = ks_core::ks::parse(&p.canonical_text()).expect("canonical text parses");
        assert_eq!(again.decoded, p.decoded);
    }
});
