//! The emulated server's settings.

/// Server settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The KS version session.start, startWidgetSession and startSession issue: 1 or 2.
    pub ks_version: u8,
}

impl Default for Config {
    fn default() -> Config {
        Config { ks_version: 2 }
    }
}
