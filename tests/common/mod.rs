//! Shared by the integration tests: fixtures are data, loaded by name.

/// Loads `fixtures/oracle/<name>` as JSON, naming the file on failure.
pub fn oracle(name: &str) -> Vec<serde_json::Value> {
    let path = format!("{}/fixtures/oracle/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}
