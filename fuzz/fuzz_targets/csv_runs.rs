//! CSV cut into runs and read run by run (by `simd_csv` where a run is
//! regular) gives the records, at the lines, that `csv` reads from the
//! whole stream. The first byte picks the delimiter, quoting and run size.
#![no_main]

use chronomap::io::csv_split::{Dialect, RecordBuffers, RecordSplitter, read_records};
use libfuzzer_sys::fuzz_target;

type Records = Vec<(Vec<Vec<u8>>, u64)>;

/// Records as tables read them: a "\r\n"'s '\r' off the last field (rows
/// trim it), blank records left out (tables skip them).
fn as_tables_read(mut records: Records) -> Records {
    for (fields, _) in &mut records {
        if let Some(last) = fields.last_mut()
            && last.last() == Some(&b'\r')
        {
            last.pop();
        }
    }
    records.retain(|(fields, _)| !fields.iter().flatten().all(u8::is_ascii_whitespace));
    records
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, text)) = data.split_first() else { return };
    let dialect = Dialect {
        delimiter: [b',', b';', b'\t', b'|'][usize::from(pick & 3)],
        quoting: pick & 4 == 0,
    };
    let min_bytes = 1 + usize::from(pick >> 3) * 16;
    // The loaders' streams end with '\n' (`EndsWithNewline`).
    let mut text = text.to_vec();
    if text.last() != Some(&b'\n') {
        text.push(b'\n');
    }
    let text = text.as_slice();

    let mut whole = Vec::new();
    let mut reader = dialect.reader(text);
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        // The line it starts on: the reader's line after it, less the
        // newlines inside it and the one that ends it.
        let inner = record.as_slice().iter().filter(|&&b| b == b'\n').count() as u64;
        let line = (1 + reader.position().line()).saturating_sub(2 + inner).max(1);
        whole.push((record.iter().map(<[u8]>::to_vec).collect(), line));
    }

    let mut by_runs = Vec::new();
    let mut splitter = RecordSplitter::new(text, dialect);
    let mut buffers = RecordBuffers::default();
    while let Ok(Some(run)) = splitter.next_run(min_bytes, Vec::new()) {
        read_records(&run, dialect, &mut buffers, |record, line| {
            by_runs.push((record.fields().map(<[u8]>::to_vec).collect(), line));
        })
        .unwrap_or(());
    }
    assert_eq!(as_tables_read(by_runs), as_tables_read(whole));
});
