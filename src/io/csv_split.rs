//! Cutting a CSV stream into runs of whole records, so that several threads
//! can tokenise it at once.
//!
//! A record ends at a '\n' outside quotes. Whether a '\n' is inside quotes
//! depends on every byte before it, so the cuts are found by one pass that
//! follows csv_core's own states (a '"' opens a quoted field only at the
//! start of a field; `""` inside one is a quote; after the closing quote
//! the field goes on unquoted). The pass jumps from quote to newline with
//! `memchr`, several times faster than tokenising: the tokenising itself
//! happens on the threads that receive the runs.

use std::io::Read;

/// What the cutting and the tokenisers must agree on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: u8,
    /// Whether '"' quotes fields (GDELT's exports have no quoting).
    pub quoting: bool,
}

impl Dialect {
    /// A CSV reader for this dialect that hands over every record (no
    /// header taken apart), of any number of fields. '\n' alone ends a
    /// record: a '\r' before it stays at the end of the last field (and is
    /// trimmed), so line numbers count CRLF lines right.
    pub fn reader<R: Read>(self, reader: R) -> csv::Reader<R> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .delimiter(self.delimiter)
            .quoting(self.quoting)
            .from_reader(reader)
    }
}

/// Where a pass over the bytes stands (csv_core's states, folded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Outside quotes.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a '"' inside a quoted field: the next byte says whether
    /// it closed the field or was the first of `""`.
    QuoteInQuoted,
}

/// Whole records read from the stream, with where they are in it.
#[derive(Debug, Default)]
pub struct Run {
    /// The records' bytes, each ending with '\n' (the last one of the
    /// stream may not, if it ends inside quotes).
    pub bytes: Vec<u8>,
    /// The line the first record starts on (the stream's first is 1).
    pub first_line: u64,
    /// The stream position after the run, in bytes.
    pub end_byte: u64,
}

/// Cuts a stream into [`Run`]s of whole records (see the module docs).
pub struct RecordSplitter<R> {
    reader: R,
    dialect: Dialect,
    /// Bytes read; those not yet handed out start at `buf[head]`, at a
    /// record's start.
    buf: Vec<u8>,
    head: usize,
    eof: bool,
    /// The line and stream byte at `buf[head]`.
    line: u64,
    byte: u64,
}

/// How much is read from the stream at a time.
const READ_BYTES: usize = 1 << 20;

impl<R: Read> RecordSplitter<R> {
    /// Cuts `reader`, which starts at a record's start.
    pub fn new(reader: R, dialect: Dialect) -> Self {
        Self {
            reader,
            dialect,
            buf: Vec::new(),
            head: 0,
            eof: false,
            line: 1,
            byte: 0,
        }
    }

    /// The dialect the stream is cut in.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// How many bytes of the stream have been handed out.
    pub fn bytes_read(&self) -> u64 {
        self.byte
    }

    /// The first record. `into` is reused for the bytes. `None` once the
    /// stream is done.
    pub fn next_record(&mut self, into: Vec<u8>) -> std::io::Result<Option<Run>> {
        self.take(true, 1, into)
    }

    /// The next records: every whole record read so far, once they come to
    /// `min_bytes` (fewer at the end of the stream). `into` is reused for
    /// the bytes. `None` once the stream is done.
    pub fn next_run(&mut self, min_bytes: usize, into: Vec<u8>) -> std::io::Result<Option<Run>> {
        self.take(false, min_bytes.max(1), into)
    }

    fn take(&mut self, first_only: bool, min_bytes: usize, into: Vec<u8>) -> std::io::Result<Option<Run>> {
        let (mut scanned, mut state, mut cut) = (0, State::Unquoted, 0);
        let cut = loop {
            let pending = self.buf.get(self.head..).unwrap_or_default();
            // csv's reader drops a byte-order mark that starts the stream: the
            // first field starts after it.
            let first_field = if self.byte == 0 && pending.starts_with(BOM) {
                BOM.len()
            } else {
                0
            };
            while let Some(end) = record_end(pending, first_field, &mut scanned, &mut state, self.dialect) {
                cut = end;
                if first_only {
                    break;
                }
            }
            if cut >= min_bytes {
                break cut;
            }
            if self.eof {
                break pending.len();
            }
            self.fill()?;
        };
        if cut == 0 {
            return Ok(None);
        }
        let (start, end) = (self.head, self.head + cut);
        let mut bytes = into;
        bytes.clear();
        if first_only {
            // One record (the header, or a blank line before it): copied out.
            bytes.extend_from_slice(self.buf.get(start..end).unwrap_or_default());
            self.head = end;
        } else {
            // The run takes the buffer; the part of a record after the cut
            // moves to `into`'s buffer.
            bytes.extend_from_slice(self.buf.get(end..).unwrap_or_default());
            std::mem::swap(&mut bytes, &mut self.buf);
            bytes.truncate(end);
            bytes.drain(..start);
            self.head = 0;
        }
        let run = Run {
            first_line: self.line,
            end_byte: self.byte + cut as u64,
            bytes,
        };
        self.line += memchr::memchr_iter(b'\n', &run.bytes).count() as u64;
        self.byte = run.end_byte;
        Ok(Some(run))
    }

    /// Reads up to [`READ_BYTES`] more of the stream onto the buffer.
    fn fill(&mut self) -> std::io::Result<()> {
        // `read_to_end` retries interruptions forever; these fail in the end.
        let reader = super::retry::Retrying(&mut self.reader);
        let n = reader.take(READ_BYTES as u64).read_to_end(&mut self.buf)?;
        self.eof = n < READ_BYTES;
        Ok(())
    }
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The position just past the first '\n' ending a record in `bytes` at or
/// after `*pos`, where the bytes before `*pos` left the pass in `state`
/// (`bytes` starts a record, whose first field starts at `first_field`).
/// `*pos` and `state` are left where the pass stopped: past that '\n', or
/// at the end of `bytes` (`None`).
fn record_end(
    bytes: &[u8],
    first_field: usize,
    pos: &mut usize,
    state: &mut State,
    dialect: Dialect,
) -> Option<usize> {
    let delimiter = dialect.delimiter;
    while let Some(rest) = bytes.get(*pos..).filter(|r| !r.is_empty()) {
        let i = *pos;
        match *state {
            State::Unquoted if !dialect.quoting => match memchr::memchr(b'\n', rest) {
                Some(k) => {
                    *pos = i + k + 1;
                    return Some(*pos);
                }
                None => *pos = bytes.len(),
            },
            State::Unquoted => match memchr::memchr2(b'"', b'\n', rest) {
                Some(k) if rest.get(k) == Some(&b'\n') => {
                    *pos = i + k + 1;
                    return Some(*pos);
                }
                Some(k) => {
                    // A quote opens a quoted field only at a field's start.
                    let at = i + k;
                    let before = at.checked_sub(1).and_then(|b| bytes.get(b));
                    if at <= first_field || before.is_some_and(|&b| b == delimiter || b == b'\n') {
                        *state = State::Quoted;
                    }
                    *pos = at + 1;
                }
                None => *pos = bytes.len(),
            },
            State::Quoted => match memchr::memchr(b'"', rest) {
                Some(k) => {
                    *state = State::QuoteInQuoted;
                    *pos = i + k + 1;
                }
                None => *pos = bytes.len(),
            },
            State::QuoteInQuoted => {
                // `""` is a quote; anything else closed the field, and is
                // read unquoted (a '\n' ending the record, too).
                if rest.first() == Some(&b'"') {
                    *state = State::Quoted;
                    *pos = i + 1;
                } else {
                    *state = State::Unquoted;
                }
            }
        }
    }
    None
}

/// The line a record read from a run starts on: `first_line` is the run's,
/// `line_after` the run reader's line after the record (counted from 1),
/// and `record` its bytes (whose quoted newlines are not lines it starts on).
pub fn record_line(first_line: u64, line_after: u64, record: &csv::ByteRecord) -> u64 {
    let inner_newlines = memchr::memchr_iter(b'\n', record.as_slice()).count() as u64;
    // Every record ends with '\n': it starts that many lines back, less
    // the newlines inside its quoted fields.
    (first_line + line_after)
        .saturating_sub(2 + inner_newlines)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMA: Dialect = Dialect {
        delimiter: b',',
        quoting: true,
    };

    /// Records and the lines they start on, read by one reader over all of `bytes`.
    fn records_whole(bytes: &[u8], dialect: Dialect) -> Vec<(Vec<Vec<u8>>, u64)> {
        records_from(bytes, 1, dialect)
    }

    fn records_from(bytes: &[u8], first_line: u64, dialect: Dialect) -> Vec<(Vec<Vec<u8>>, u64)> {
        let mut reader = dialect.reader(bytes);
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let line = record_line(first_line, reader.position().line(), &record);
            out.push((record.iter().map(<[u8]>::to_vec).collect(), line));
        }
        out
    }

    /// The same, read run by run as the splitter cuts them.
    fn records_by_runs(bytes: &[u8], min_bytes: usize, dialect: Dialect) -> Vec<(Vec<Vec<u8>>, u64)> {
        let mut splitter = RecordSplitter::new(bytes, dialect);
        let mut out = Vec::new();
        let mut end = 0;
        while let Some(run) = splitter.next_run(min_bytes, Vec::new()).unwrap() {
            assert!(!run.bytes.is_empty());
            out.extend(records_from(&run.bytes, run.first_line, dialect));
            end = run.end_byte;
        }
        assert_eq!(end, bytes.len() as u64, "every byte handed out");
        out
    }

    fn records_by_records(bytes: &[u8], dialect: Dialect) -> Vec<(Vec<Vec<u8>>, u64)> {
        let mut splitter = RecordSplitter::new(bytes, dialect);
        let mut out = Vec::new();
        while let Some(run) = splitter.next_record(Vec::new()).unwrap() {
            let records = records_from(&run.bytes, run.first_line, dialect);
            assert!(records.len() <= 1, "one record at most (none for a blank line)");
            out.extend(records);
        }
        out
    }

    /// Deterministic pseudo-random bytes from a small alphabet of the
    /// characters that matter.
    fn noise(seed: u64, len: usize, alphabet: &[u8]) -> Vec<u8> {
        let mut r = crate::test_numbers::Numbers::new(seed);
        let mut bytes: Vec<u8> = (0..len)
            .map(|_| alphabet[(r.next_u64() % alphabet.len() as u64) as usize])
            .collect();
        // The loaders' streams end with '\n' (`EndsWithNewline`).
        bytes.push(b'\n');
        bytes
    }

    #[test]
    fn runs_hold_the_records_one_reader_reads_at_the_same_lines() {
        let dialects = [
            COMMA,
            Dialect {
                delimiter: b';',
                quoting: true,
            },
            Dialect {
                delimiter: b'\t',
                quoting: false,
            },
        ];
        for seed in 1..400u64 {
            let alphabet: &[u8] = if seed % 2 == 0 {
                b"a,;\t\"\n\r"
            } else {
                b"ab,,\"\"\n x"
            };
            let mut bytes = noise(seed, (seed as usize * 7) % 300, alphabet);
            if seed % 5 == 0 {
                // A byte-order mark, which csv's reader drops, then a quote.
                bytes.splice(0..0, *b"\xEF\xBB\xBF\"");
            }
            for dialect in dialects {
                let whole = records_whole(&bytes, dialect);
                assert_eq!(
                    records_by_records(&bytes, dialect),
                    whole,
                    "seed {seed}, {dialect:?}, record by record"
                );
                for min_bytes in [1, 2, 7, 64, 1000] {
                    assert_eq!(
                        records_by_runs(&bytes, min_bytes, dialect),
                        whole,
                        "seed {seed}, {dialect:?}, runs of {min_bytes}: {:?}",
                        String::from_utf8_lossy(&bytes)
                    );
                }
            }
        }
    }

    #[test]
    fn a_quoted_first_field_after_a_byte_order_mark_is_quoted() {
        let text = b"\xEF\xBB\xBF\"Event\nName\",date\nA,2020\n";
        let mut splitter = RecordSplitter::new(&text[..], COMMA);
        let header = splitter.next_record(Vec::new()).unwrap().unwrap();
        assert_eq!(header.bytes, b"\xEF\xBB\xBF\"Event\nName\",date\n");
        assert_eq!(records_by_runs(text, 1, COMMA), records_whole(text, COMMA));
    }

    #[test]
    fn a_stream_that_stays_interrupted_is_an_error() {
        struct Stuck(bool);
        impl Read for Stuck {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if std::mem::replace(&mut self.0, true) {
                    return Err(std::io::ErrorKind::Interrupted.into());
                }
                buf[..4].copy_from_slice(b"a,b\n");
                Ok(4)
            }
        }
        let mut splitter = RecordSplitter::new(Stuck(false), COMMA);
        assert!(splitter.next_run(1 << 20, Vec::new()).is_err());
    }

    #[test]
    fn records_taken_one_by_one_leave_the_rest_for_runs() {
        let mut text = b"\n".repeat(10_000);
        text.extend_from_slice(b"h\n1\n2\n");
        let mut splitter = RecordSplitter::new(&text[..], COMMA);
        for _ in 0..10_000 {
            assert_eq!(splitter.next_record(Vec::new()).unwrap().unwrap().bytes, b"\n");
        }
        let header = splitter.next_record(Vec::new()).unwrap().unwrap();
        assert_eq!(
            (header.bytes.as_slice(), header.first_line),
            (&b"h\n"[..], 10_001)
        );
        let run = splitter.next_run(1, Vec::new()).unwrap().unwrap();
        assert_eq!((run.bytes.as_slice(), run.first_line), (&b"1\n2\n"[..], 10_002));
        assert!(splitter.next_run(1, Vec::new()).unwrap().is_none());
    }

    #[test]
    fn quoted_newlines_and_quotes_inside_fields_are_not_cuts() {
        let text = b"a,\"x\ny\",c\nb,x\"y\nz,\"p\"\"\nq\"\nlast,\"open\n";
        let runs: Vec<Run> = {
            let mut splitter = RecordSplitter::new(&text[..], COMMA);
            std::iter::from_fn(|| splitter.next_record(Vec::new()).unwrap()).collect()
        };
        let cut: Vec<&str> = runs
            .iter()
            .map(|r| std::str::from_utf8(&r.bytes).unwrap())
            .collect();
        assert_eq!(
            cut,
            ["a,\"x\ny\",c\n", "b,x\"y\n", "z,\"p\"\"\nq\"\n", "last,\"open\n"]
        );
        let lines: Vec<u64> = runs.iter().map(|r| r.first_line).collect();
        assert_eq!(lines, [1, 3, 4, 6]);
    }
}
