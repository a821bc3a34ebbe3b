//! CSV cut into runs and read run by run (by `simd_csv` where a run is
//! regular) gives the records, at the lines, that `csv` reads from the
//! whole stream. The first byte picks the delimiter, quoting and run size.
#![no_main]

use chronomap::io::csv_compare::{by_csv, by_runs};
use chronomap::io::csv_split::Dialect;
use libfuzzer_sys::fuzz_target;

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
    let read = by_runs(&text, min_bytes, dialect);
    assert_eq!(read.records, by_csv(&text, 1, dialect));
    assert_eq!((read.empty_runs, read.end_byte), (0, text.len() as u64));
});
