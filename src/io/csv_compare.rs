//! A stream's records read two ways, for the tests and the `csv_runs` fuzz
//! target to compare: by `csv` alone from start to end, and cut into runs
//! and read run by run ([`read_records`], `simd_csv` for regular runs).
//! Both are kept as a table keeps a record (see `kept`), where the two
//! tokenisers may differ without a table seeing it.

use super::csv_row::Record;
use super::csv_split::{Dialect, RecordBuffers, RecordSplitter, read_records, record_line};

/// A record's fields, as a table keeps them, and the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptRecord {
    pub fields: Vec<Vec<u8>>,
    pub line: u64,
}

/// The record as a table keeps it: none if blank (tables skip it, and a
/// "\r\n" line is a record of one blank field to `csv`, nothing to
/// `simd_csv`); its last field without the '\r' of a "\r\n" that ends it
/// (`csv` leaves it there, where rows trim it; `simd_csv` drops it).
fn kept(record: Record, line: u64) -> Option<KeptRecord> {
    if record.is_blank() {
        return None;
    }
    let mut fields: Vec<Vec<u8>> = record.fields().map(<[u8]>::to_vec).collect();
    if let Some(last) = fields.last_mut()
        && last.last() == Some(&b'\r')
    {
        last.pop();
    }
    Some(KeptRecord { fields, line })
}

/// `bytes` read by `csv` from start to end, their first line numbered
/// `first_line`.
pub fn by_csv(bytes: &[u8], first_line: u64, dialect: Dialect) -> Vec<KeptRecord> {
    let mut reader = dialect.reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut out = Vec::new();
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        let line = record_line(first_line, reader.position().line(), &record);
        out.extend(kept(Record::Csv(&record), line));
    }
    out
}

/// What reading a stream run by run gave.
#[derive(Debug, Default)]
pub struct ByRuns {
    pub records: Vec<KeptRecord>,
    /// Runs cut, and how many of them were regular.
    pub runs: usize,
    pub regular_runs: usize,
    /// Runs cut with no bytes (none should be).
    pub empty_runs: usize,
    /// The stream position after the last run.
    pub end_byte: u64,
}

/// `bytes` cut into runs of at least `min_bytes` and read run by run.
pub fn by_runs(bytes: &[u8], min_bytes: usize, dialect: Dialect) -> ByRuns {
    let mut splitter = RecordSplitter::new(bytes, dialect);
    let (mut out, mut buffers) = (ByRuns::default(), RecordBuffers::default());
    while let Ok(Some(run)) = splitter.next_run(min_bytes, Vec::new()) {
        out.runs += 1;
        out.regular_runs += usize::from(run.regular);
        out.empty_runs += usize::from(run.bytes.is_empty());
        let records = &mut out.records;
        // Reading bytes in memory cannot fail; a failure would show as
        // records missing.
        let _ = read_records(&run, dialect, &mut buffers, |record, line| {
            records.extend(kept(record, line));
        });
        out.end_byte = run.end_byte;
    }
    out
}
