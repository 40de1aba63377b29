//! A body kept up to a size cap while it streams past: the first `cap`
//! bytes are kept, the rest is only counted, so memory stays flat however
//! large the body is.

/// What was kept of one body.
#[derive(Debug, Default, Clone)]
pub struct Capture {
    cap: usize,
    kept: Vec<u8>,
    total: u64,
}

impl Capture {
    /// An empty capture keeping at most `cap` bytes.
    pub fn new(cap: usize) -> Self {
        Self {
            cap,
            kept: Vec::new(),
            total: 0,
        }
    }

    /// Adds a chunk that went past.
    pub fn push(&mut self, chunk: &[u8]) {
        self.total += chunk.len() as u64;
        let room = self.cap.saturating_sub(self.kept.len());
        self.kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }

    /// The kept bytes.
    pub fn kept(&self) -> &[u8] {
        &self.kept
    }

    /// Every byte that went past, kept or not.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Whether bytes went past that were not kept.
    pub fn truncated(&self) -> bool {
        self.total > self.kept.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_up_to_the_cap_and_counts_the_rest() {
        let mut capture = Capture::new(5);
        capture.push(b"abc");
        assert!(!capture.truncated());
        capture.push(b"defgh");
        capture.push(b"ij");
        assert_eq!(capture.kept(), b"abcde");
        assert_eq!(capture.total(), 10);
        assert!(capture.truncated());
    }
}
