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
//!
//! The same pass notes whether a run is *regular*: every quote opens a
//! field, closes one or is doubled inside one, no quote is open where the
//! stream ends, every '\r' comes just before a '\n', and where quotes are
//! plain text (GDELT) there is none. `simd_csv` reads such a run about
//! twice as fast as csv_core, and to the same fields; it reads the quirks
//! otherwise, so runs holding any go to the `csv` crate ([`read_records`];
//! `super::csv_compare` reads a stream both ways for the tests).

use super::csv_row::Record;
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
    /// Whether the run is regular CSV (see the module docs).
    pub regular: bool,
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
        let mut scan = Scan {
            pos: 0,
            state: State::Unquoted,
            quirk: usize::MAX,
        };
        let mut cut = 0;
        let cut = loop {
            let pending = self.buf.get(self.head..).unwrap_or_default();
            // csv's reader drops a byte-order mark that starts the stream: the
            // first field starts after it.
            let first_field = if self.byte == 0 && pending.starts_with(BOM) {
                BOM.len()
            } else {
                0
            };
            while let Some(end) = record_end(pending, first_field, &mut scan, self.dialect) {
                cut = end;
                if first_only {
                    break;
                }
            }
            if cut >= min_bytes {
                break cut;
            }
            if self.eof {
                if scan.state != State::Unquoted {
                    // The stream ends inside quotes (or just after one):
                    // its last record is `csv`'s to read.
                    scan.quirk = scan.quirk.min(cut);
                }
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
        let regular = scan.quirk >= cut && is_regular_beyond_quotes(&bytes, self.dialect);
        let run = Run {
            first_line: self.line,
            end_byte: self.byte + cut as u64,
            bytes,
            regular,
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

/// The rest of the regular check, past what the quote pass sees: every
/// '\r' just before a '\n' (`simd_csv` trims a '\r' that starts a
/// record), and no quote at all where quotes are plain text.
fn is_regular_beyond_quotes(bytes: &[u8], dialect: Dialect) -> bool {
    let lone_cr = memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'));
    !lone_cr && (dialect.quoting || memchr::memchr(b'"', bytes).is_none())
}

/// The buffers a thread reads runs' records into, kept between runs.
#[derive(Default)]
pub struct RecordBuffers {
    csv: csv::ByteRecord,
    split: simd_csv::ByteRecord,
}

/// Hands each record of `run` to `each`, with the line it starts on:
/// a regular run read by `simd_csv`, any other by `csv` (see the module
/// docs). Both skip empty lines and give the same records.
pub fn read_records(
    run: &Run,
    dialect: Dialect,
    buffers: &mut RecordBuffers,
    mut each: impl FnMut(Record<'_>, u64),
) -> Result<(), csv::Error> {
    if !run.regular {
        let mut reader = dialect.reader(&run.bytes[..]);
        while reader.read_byte_record(&mut buffers.csv)? {
            let line = record_line(run.first_line, reader.position().line(), &buffers.csv);
            each(Record::Csv(&buffers.csv), line);
        }
        return Ok(());
    }
    let mut reader = simd_csv::TotalReaderBuilder::new()
        .delimiter(dialect.delimiter)
        .has_headers(false)
        .from_bytes(&run.bytes);
    // The reader drops a byte-order mark that starts its bytes, as csv's does.
    let bom = if run.bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let (mut line, mut at) = (run.first_line, bom);
    while reader.read_byte_record(&mut buffers.split) {
        let end = usize::try_from(reader.position()).unwrap_or(usize::MAX);
        // The bytes since the last record: the blank lines the reader
        // skipped, this record, and its '\n' (here or at the next one's start).
        let read = run.bytes.get(at..end).unwrap_or_default();
        let blank_lines = read
            .iter()
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .filter(|&&b| b == b'\n')
            .count();
        each(Record::Split(&buffers.split), line + blank_lines as u64);
        line += memchr::memchr_iter(b'\n', read).count() as u64;
        at = end;
    }
    Ok(())
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Where a pass over a stream's bytes stands.
struct Scan {
    pos: usize,
    state: State,
    /// The first quote met that opens no field, closes none and is not
    /// doubled, or that closes a field with more after it; `usize::MAX`
    /// while there is none.
    quirk: usize,
}

/// The position just past the first '\n' ending a record in `bytes` at or
/// after `scan.pos`, where the bytes before it left the pass in
/// `scan.state` (`bytes` starts a record, whose first field starts at
/// `first_field`). The scan is left where the pass stopped: past that
/// '\n', or at the end of `bytes` (`None`).
fn record_end(bytes: &[u8], first_field: usize, scan: &mut Scan, dialect: Dialect) -> Option<usize> {
    let Scan { pos, state, quirk } = scan;
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
                    } else {
                        *quirk = (*quirk).min(at);
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
                match rest.first() {
                    Some(b'"') => {
                        *state = State::Quoted;
                        *pos = i + 1;
                    }
                    Some(&b) => {
                        if b != delimiter && b != b'\n' && b != b'\r' {
                            *quirk = (*quirk).min(i);
                        }
                        *state = State::Unquoted;
                    }
                    None => *state = State::Unquoted,
                }
            }
        }
    }
    None
}

/// The line a record read from a run starts on: `first_line` is the run's,
/// `line_after` the run reader's line after the record (counted from 1),
/// and `record` its bytes (whose quoted newlines are not lines it starts on).
pub(super) fn record_line(first_line: u64, line_after: u64, record: &csv::ByteRecord) -> u64 {
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

    use crate::io::csv_compare::{KeptRecord, by_csv, by_runs};

    const COMMA: Dialect = Dialect {
        delimiter: b',',
        quoting: true,
    };

    /// Records read by one reader over all of `bytes`.
    fn records_whole(bytes: &[u8], dialect: Dialect) -> Vec<KeptRecord> {
        by_csv(bytes, 1, dialect)
    }

    /// The same, read run by run as the splitter cuts them and
    /// [`read_records`] reads them.
    fn records_by_runs(bytes: &[u8], min_bytes: usize, dialect: Dialect) -> Vec<KeptRecord> {
        let read = by_runs(bytes, min_bytes, dialect);
        assert_eq!(read.empty_runs, 0);
        assert_eq!(read.end_byte, bytes.len() as u64, "every byte handed out");
        read.records
    }

    /// CSV as writers write it: fields plain or quoted (with doubled
    /// quotes, delimiters and line breaks inside), records ending in '\n'
    /// or "\r\n", some lines blank or white.
    fn written_csv(seed: u64, records: usize, delimiter: u8) -> Vec<u8> {
        let mut r = crate::test_numbers::Numbers::new(seed);
        let mut pick = |n: u64| r.next_u64() % n;
        let mut bytes = Vec::new();
        for _ in 0..records {
            match pick(12) {
                0 => bytes.extend_from_slice(b"\n"),
                1 => bytes.extend_from_slice(b"  \r\n"),
                _ => {
                    for field in 0..1 + pick(5) {
                        if field > 0 {
                            bytes.push(delimiter);
                        }
                        if pick(3) == 0 {
                            bytes.push(b'"');
                            for _ in 0..pick(6) {
                                let delimiter = [delimiter];
                                let pieces: [&[u8]; 6] = [b"\"\"", b"x", b"\n", b"\r\n", b" ", &delimiter];
                                bytes.extend_from_slice(pieces[pick(6) as usize]);
                            }
                            bytes.push(b'"');
                        } else {
                            for _ in 0..pick(5) {
                                bytes.push([b'a', b' ', b'7'][pick(3) as usize]);
                            }
                        }
                    }
                    bytes.extend_from_slice(if pick(2) == 0 { b"\n" } else { b"\r\n" });
                }
            }
        }
        bytes
    }

    #[test]
    fn written_csv_is_read_as_regular_runs_to_the_same_records() {
        let mut runs = [0, 0];
        for seed in 1..300u64 {
            for delimiter in [b',', b';', b'\t'] {
                let mut bytes = written_csv(seed, 1 + seed as usize % 40, delimiter);
                if seed % 7 == 0 {
                    // A byte-order mark, which both readers drop.
                    bytes.splice(0..0, *b"\xEF\xBB\xBF");
                }
                let dialect = Dialect {
                    delimiter,
                    quoting: true,
                };
                let whole = records_whole(&bytes, dialect);
                for min_bytes in [1, 64, 1000] {
                    assert_eq!(
                        records_by_runs(&bytes, min_bytes, dialect),
                        whole,
                        "seed {seed}, {dialect:?}, runs of {min_bytes}: {:?}",
                        String::from_utf8_lossy(&bytes)
                    );
                    let read = by_runs(&bytes, min_bytes, dialect);
                    runs = [runs[0] + read.regular_runs, runs[1] + read.runs];
                }
            }
        }
        assert_eq!(runs[0], runs[1], "every run of written CSV is regular");
    }

    #[test]
    fn quirks_make_a_run_irregular() {
        let regular = |text: &[u8], quoting: bool| {
            let dialect = Dialect {
                delimiter: b',',
                quoting,
            };
            let mut splitter = RecordSplitter::new(text, dialect);
            splitter.next_run(1 << 20, Vec::new()).unwrap().unwrap().regular
        };
        assert!(regular(b"a,\"b,\"\"c\"\"\"\r\n\"\",d\n", true));
        assert!(!regular(b"a,b\"c\n", true), "a quote inside an unquoted field");
        assert!(!regular(b"a,\"b\"c\n", true), "text after a closing quote");
        assert!(!regular(b"a, \"b\"\n", true), "a quote after a space");
        assert!(!regular(b"a,b\rc\n", true), "a lone carriage return");
        assert!(!regular(b"a\n\rb\n", true), "a record starting with one");
        assert!(regular(b"a\tb\n", false));
        assert!(!regular(b"a\t\"b\"\n", false), "quotes where they are text");
        assert!(!regular(b"a,\"b\n", true), "a quote open at the end");
        // A quirk after the cut leaves the run before it regular.
        let text = b"a,b\nc,d\"\n";
        let dialect = Dialect {
            delimiter: b',',
            quoting: true,
        };
        let mut splitter = RecordSplitter::new(&text[..], dialect);
        let first = splitter.next_record(Vec::new()).unwrap().unwrap();
        assert_eq!((first.bytes.as_slice(), first.regular), (&b"a,b\n"[..], true));
        assert!(!splitter.next_run(1, Vec::new()).unwrap().unwrap().regular);
    }

    fn records_by_records(bytes: &[u8], dialect: Dialect) -> Vec<KeptRecord> {
        let mut splitter = RecordSplitter::new(bytes, dialect);
        let mut out = Vec::new();
        while let Some(run) = splitter.next_record(Vec::new()).unwrap() {
            let records = by_csv(&run.bytes, run.first_line, dialect);
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
