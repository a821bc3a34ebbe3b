//! Reading a file while a progress bar watches and a cancel button can stop it.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// A reader that counts the bytes read and fails once cancelled.
pub struct ProgressReader<R> {
    inner: R,
    bytes_read: Arc<AtomicU64>,
    cancel: Arc<AtomicBool>,
}

/// The message a cancelled read fails with.
pub const CANCELLED: &str = "loading was cancelled";

impl<R: Read> ProgressReader<R> {
    /// Wraps `inner`, counting into `bytes_read` and watching `cancel`.
    pub fn new(inner: R, bytes_read: Arc<AtomicU64>, cancel: Arc<AtomicBool>) -> Self {
        Self {
            inner,
            bytes_read,
            cancel,
        }
    }
}

impl<R: Read> Read for ProgressReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.cancel.load(Ordering::Relaxed) {
            // Not `Interrupted`: std's `read_to_end` retries that kind forever.
            return Err(std::io::Error::other(CANCELLED));
        }
        let n = self.inner.read(buf)?;
        self.bytes_read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_bytes_and_stops_when_cancelled() {
        let data = vec![7u8; 10_000];
        let (count, cancel) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicBool::new(false)));
        let mut r = ProgressReader::new(data.as_slice(), count.clone(), cancel.clone());
        let mut buf = [0u8; 4096];
        assert_eq!(r.read(&mut buf).unwrap(), 4096);
        assert_eq!(count.load(Ordering::Relaxed), 4096);
        cancel.store(true, Ordering::Relaxed);
        let err = r.read(&mut buf).unwrap_err();
        assert_eq!(err.to_string(), CANCELLED);
        // A whole-file read stops too, rather than retrying.
        let err = r.read_to_end(&mut Vec::new()).unwrap_err();
        assert_eq!(err.to_string(), CANCELLED);
    }
}
