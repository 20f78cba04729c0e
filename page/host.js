// Where the page runs. This file says "a file or a static host": the page then diagnoses in
// the browser and shows no live list. `ksdiag serve` answers /host.js with "serve" instead
// (crates/ks-serve/src/assets.rs), and the page adds what only a server has.
window.ksdiag = window.ksdiag || {};
window.ksdiag.hostKind = "static";
