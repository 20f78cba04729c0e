//! Where the emulation's randomness comes from: the caller (the OS, or a fixed source in tests).

/// Randomness for ids, tokens and KS; the caller supplies it (the OS, or a fixed source in
/// tests).
pub trait Entropy {
    /// Fills `buf` with random bytes.
    fn fill(&mut self, buf: &mut [u8]);
}
