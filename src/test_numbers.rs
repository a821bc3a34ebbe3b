//! Deterministic pseudo-random numbers for tests that try many inputs: the
//! same inputs every run (xorshift64).

/// The generator's state.
pub struct Numbers(u64);

impl Numbers {
    /// Numbers from `seed` (any; zero is made odd).
    pub fn new(seed: u64) -> Self {
        Self(seed | 1)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// The next number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}
