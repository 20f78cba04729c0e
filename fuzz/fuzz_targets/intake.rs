//! Any text as a request URL/curl command, startWidgetSession response, API error or log.
#![no_main]
use ks_core::intake::{read_error, log_requests, log_scan, request, widget_response};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = request::parse(text);
    let _ = widget_response::parse(text);
    if let Ok(e) = read_error::parse(text) {
        let _ = e.stage();
    }
    let _ = log_requests::start_sessions(text);
    for found in log_scan::scan(text) {
        // Every KS reported parses.
        assert!(ks_core::ks::parse(&found.ks).is_ok());
    }
});
