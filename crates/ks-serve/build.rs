//! Embeds the page's engine in the server's assets when it has been built.
//!
//! The engine (crates/ks-wasm) needs a WebAssembly toolchain the host build may not have, so
//! scripts/build-page.sh builds it on its own into `target/page/` (or `$KSDIAG_PAGE_DIR`).
//! When its `engine-wasm.js` is there at compile time, `ksdiag serve` serves that file and the
//! page diagnoses in the browser; otherwise it serves the folder's empty placeholder and the
//! page asks the server's routes, as it always did. `KSDIAG_PAGE_ENGINE` says which.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    // The workspace's root: target/page/ is there, and the page's folder, page/.
    let root = manifest.join("../..");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    println!("cargo::rerun-if-env-changed=KSDIAG_PAGE_DIR");
    let dir = std::env::var_os("KSDIAG_PAGE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/page"));
    // A folder that exists, so that cargo notices a build made later (it watches the folder's
    // files; a missing path would make it rerun this script on every build).
    let _ = std::fs::create_dir_all(&dir);
    println!("cargo::rerun-if-changed={}", dir.display());
    let placeholder = root.join("page/engine-wasm.js");
    println!("cargo::rerun-if-changed={}", placeholder.display());
    let built = dir.join("engine-wasm.js");
    let (from, what) = if built.is_file() {
        (built, "page built")
    } else {
        (placeholder, "page placeholder")
    };
    if let Err(e) = std::fs::copy(&from, out.join("engine-wasm.js")) {
        panic!("cannot copy {} into OUT_DIR: {e}", from.display());
    }
    println!("cargo::rustc-env=KSDIAG_PAGE_ENGINE={what}");
}
