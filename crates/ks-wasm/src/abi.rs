//! The module's exports: a hand-written JSON-in/JSON-out interface (no wasm-bindgen; docs/page.md
//! says why). The page asks for an input buffer, writes the request's UTF-8 bytes into it, calls
//! `ks_call` (the answer's length), and reads the answer at `ks_answer_ptr`. The buffers are owned
//! here; no pointer handed out is ever freed while the page may use it (the next call replaces
//! them), and no Rust code reads memory it did not allocate.
//!
//! Exporting a function under a fixed name is `#[unsafe(no_mangle)]`: the only unsafe in the
//! workspace, allowed in this file alone.
#![allow(unsafe_code)]

use std::sync::Mutex;

/// The request being written, and the last answer.
static INPUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static ANSWER: Mutex<String> = Mutex::new(String::new());

/// A buffer of `len` bytes for the request; the page writes the request there.
#[unsafe(no_mangle)]
pub extern "C" fn ks_input(len: usize) -> *mut u8 {
    let mut input = INPUT.lock().unwrap_or_else(|p| p.into_inner());
    input.clear();
    input.resize(len, 0);
    input.as_mut_ptr()
}

/// Answers the request in the input buffer; the answer's length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn ks_call() -> usize {
    let request = std::mem::take(&mut *INPUT.lock().unwrap_or_else(|p| p.into_inner()));
    let answer = crate::call(&request);
    let mut slot = ANSWER.lock().unwrap_or_else(|p| p.into_inner());
    *slot = answer;
    slot.len()
}

/// Where the last answer's UTF-8 bytes are.
#[unsafe(no_mangle)]
pub extern "C" fn ks_answer_ptr() -> *const u8 {
    ANSWER.lock().unwrap_or_else(|p| p.into_inner()).as_ptr()
}
