//! The start of a CSV stream: its delimiter, found on the header line, and
//! a final newline added where the stream lacks one.

use std::io::Read;

/// How much of the start of the stream is looked at to find the delimiter.
const SNIFF_BYTES: usize = 64 * 1024;

/// Reads the start of the stream (up to the first newline, at most
/// [`SNIFF_BYTES`]) so the delimiter can be chosen; returns it and the rest.
pub fn sniff_head<R: Read>(mut reader: R) -> std::io::Result<(Vec<u8>, R)> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 4096];
    while head.len() < SNIFF_BYTES && !head.contains(&b'\n') {
        let n = super::retry::read_retrying(&mut reader, &mut chunk)?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..n]);
    }
    Ok((head, reader))
}

/// The delimiter of the header line: ',' unless ';' or a tab is more common
/// outside quotes (spreadsheets in some locales save with ';').
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    match counts {
        [c, s, t] if s > c && s >= t => b';',
        [c, _, t] if t > c => b'\t',
        _ => b',',
    }
}

/// A reader that adds a final '\n' when the stream does not end with one, so
/// every record ends the same way and its line can be worked out.
pub struct EndsWithNewline<R> {
    inner: R,
    last: Option<u8>,
    done: bool,
}

impl<R> EndsWithNewline<R> {
    pub(super) fn new(inner: R) -> Self {
        Self {
            inner,
            last: None,
            done: false,
        }
    }
}

impl<R: Read> Read for EndsWithNewline<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.last = buf.get(n - 1).copied();
            return Ok(n);
        }
        self.done = true;
        match (self.last, buf.first_mut()) {
            (Some(last), Some(first)) if last != b'\n' => {
                *first = b'\n';
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}
