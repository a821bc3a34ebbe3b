//! Reads that retry an interruption a few times, not forever: a cancelled
//! read may stay "interrupted", and a load must then fail, not hang.

use std::io::{ErrorKind, Read};

/// Interruptions in a row before a read fails.
const RETRIES: u32 = 8;

/// One read of `reader` into `buf`, retried while it is interrupted, at
/// most [`RETRIES`] times in a row; then its error is returned.
pub fn read_retrying(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut interrupted = 0;
    loop {
        match reader.read(buf) {
            Err(e) if e.kind() == ErrorKind::Interrupted && interrupted < RETRIES => interrupted += 1,
            other => return other,
        }
    }
}

/// A reader whose reads are [`read_retrying`], and whose last interruption
/// is handed on as another kind of error (`read_to_end` would retry it).
pub struct Retrying<R>(pub R);

impl<R: Read> Read for Retrying<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match read_retrying(&mut self.0, buf) {
            Err(e) if e.kind() == ErrorKind::Interrupted => Err(std::io::Error::other(e)),
            other => other,
        }
    }
}
