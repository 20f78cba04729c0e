// The engine's WebAssembly module, inlined (base64) so the page loads it from disk, where a
// fetch() of a file:// URL is refused. This placeholder is empty: scripts/build-page.sh writes
// the real one into target/page/, and without it the page asks the `ksdiag serve` that sent it.
window.ksdiag = window.ksdiag || {};
