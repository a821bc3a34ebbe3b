//! Reading a CSV table as a stream: columns looked up by header name, each
//! record handed over with the physical line it starts on, and the limits
//! that keep a hostile file from exhausting memory.
//!
//! Shared by the UCDP GED and ACLED loaders. A record that does not fit (wrong
//! number of fields, a field over [`MAX_FIELD_BYTES`], a value the row parser
//! rejects) becomes a [`Problem`] at `Place::Line(n)`; the rest still load.

pub use super::csv_row::{Column, Header, Record, Row, clip, parse_count};
use super::csv_sniff::{EndsWithNewline, sniff_delimiter, sniff_head};
use super::csv_split::{Dialect, RecordBuffers, RecordSplitter, Run, read_records};
use super::features::FieldError;
use super::row_cache::{RowCache, RowEvent};
use super::{LoadError, Loaded, Place, Problem};
use csv::ByteRecord;
use std::io::{Cursor, Read};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};
use std::sync::{Arc, Mutex};

/// Where a table's items are collected: a `Vec`, or for events an
/// [`EventStore`](crate::model::EventStore). Each parsing thread fills one
/// per batch, with its row state `S` at hand; they are appended in file order.
pub trait Items<T, S>: Default + Send {
    /// Appends one row's item, made with `state`.
    fn push_item(&mut self, item: T, state: &S);
    /// Appends `other`'s items after these.
    fn append_items(&mut self, other: Self);
}

impl<T: Send, S> Items<T, S> for Vec<T> {
    fn push_item(&mut self, item: T, _: &S) {
        self.push(item);
    }
    fn append_items(&mut self, mut other: Self) {
        self.append(&mut other);
    }
}

impl Items<RowEvent, RowCache> for crate::model::EventStore {
    fn push_item(&mut self, item: RowEvent, cache: &RowCache) {
        cache.push_into(item, self);
    }
    fn append_items(&mut self, other: Self) {
        self.append(other);
    }
}

/// The longest field accepted, in bytes (1 MiB); a longer one fails its row.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// How often (in rows) the progress callback is told the bytes read so far.
pub const PROGRESS_EVERY_ROWS: u64 = 10_000;

/// What a table needs: each entry lists columns of which at least one must be present.
pub type RequiredColumns<'a> = &'a [&'a [&'a str]];

/// Streams a CSV table from `reader`, checking the header for `required`
/// columns and finding the ones to read with `columns` (once), then handing
/// each record and those columns to `parse_row` on one of several parsing
/// threads, each with its own state `S` kept between rows (items keep the
/// file's order, collected into `O`: a `Vec`, or an event store). `what` names the format in messages ("UCDP GED").
/// `progress` is told the bytes read so far every [`PROGRESS_EVERY_ROWS`] rows
/// and once at the end.
pub fn read_table<R, T, S, C, O>(
    file: &str,
    reader: R,
    what: &str,
    required: RequiredColumns,
    progress: &mut dyn FnMut(u64),
    columns: impl FnOnce(&Header) -> C,
    parse_row: impl Fn(&Row, &C, &mut S) -> Result<T, FieldError> + Sync,
) -> Result<Loaded<O>, LoadError>
where
    R: Read + Send,
    T: Send,
    S: Default,
    C: Sync,
    O: Items<T, S>,
{
    let invalid = |reason: String| LoadError::Invalid {
        file: file.to_string(),
        reason,
    };
    let mut splitter = open_csv(file, reader, Delimiter::Sniffed)?;
    let mut record = ByteRecord::new();
    let header = loop {
        let Some(run) = splitter.next_record(Vec::new()).map_err(|e| io_error(file, e))? else {
            return Err(invalid("the file is empty".into()));
        };
        let mut line = splitter.dialect().reader(&run.bytes[..]);
        if line
            .read_byte_record(&mut record)
            .map_err(|e| csv_error(file, e))?
            && !Record::Csv(&record).is_blank()
        {
            break Header::new(&record);
        }
    };
    if let Some(big) = record.iter().position(|f| f.len() > MAX_FIELD_BYTES) {
        return Err(invalid(format!(
            "the header's column {} is over 1 MiB long; this is not a {what} CSV",
            big + 1
        )));
    }
    let missing = missing_columns(&header, required);
    if !missing.is_empty() {
        return Err(invalid(format!(
            "not a {what} CSV: the header lacks the column{} {}",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        )));
    }

    let shape = Shape {
        header: &header,
        headerless: None,
    };
    parse_records(file, splitter, shape, progress, columns, parse_row)
}

/// As [`read_table`] for a tab-separated table with no header line whose
/// columns are `names`, in order (GDELT's exports); `what` names it in
/// messages. Fields are not quoted: a '"' is part of its field.
pub fn read_headerless_table<R, T, S, C, O>(
    file: &str,
    reader: R,
    what: &str,
    names: &[&str],
    progress: &mut dyn FnMut(u64),
    columns: impl FnOnce(&Header) -> C,
    parse_row: impl Fn(&Row, &C, &mut S) -> Result<T, FieldError> + Sync,
) -> Result<Loaded<O>, LoadError>
where
    R: Read + Send,
    T: Send,
    S: Default,
    C: Sync,
    O: Items<T, S>,
{
    let splitter = open_csv(file, reader, Delimiter::TabUnquoted)?;
    let header = Header::from_names(names);
    let shape = Shape {
        header: &header,
        headerless: Some(what),
    };
    parse_records(file, splitter, shape, progress, columns, parse_row)
}

/// The required column sets `header` lacks, each as "'a' or 'b'".
pub fn missing_columns(header: &Header, required: RequiredColumns) -> Vec<String> {
    required
        .iter()
        .filter(|alternatives| !alternatives.iter().any(|c| header.has(c)))
        .map(|alternatives| {
            alternatives
                .iter()
                .map(|c| format!("'{c}'"))
                .collect::<Vec<_>>()
                .join(" or ")
        })
        .collect()
}

/// A stream whose first bytes were read to sniff it, put back in front.
type Sniffed<R> = EndsWithNewline<std::io::Chain<Cursor<Vec<u8>>, R>>;

/// How a table's fields are separated.
#[derive(Clone, Copy)]
enum Delimiter {
    /// Comma, semicolon or tab, whichever the first lines use; `"` quotes.
    Sniffed,
    /// Tabs, with no quoting: a '"' is part of its field (GDELT).
    TabUnquoted,
}

/// `reader` cut into runs of whole records (the header included), in the
/// dialect it is written in.
fn open_csv<R: Read>(
    file: &str,
    reader: R,
    delimiter: Delimiter,
) -> Result<RecordSplitter<Sniffed<R>>, LoadError> {
    let (head, rest) = sniff_head(reader).map_err(|e| io_error(file, e))?;
    let dialect = match delimiter {
        Delimiter::Sniffed => Dialect {
            delimiter: sniff_delimiter(&head),
            quoting: true,
        },
        Delimiter::TabUnquoted => Dialect {
            delimiter: b'\t',
            quoting: false,
        },
    };
    let stream = EndsWithNewline::new(Cursor::new(head).chain(rest));
    Ok(RecordSplitter::new(stream, dialect))
}

/// The file's own I/O error.
fn io_error(file: &str, source: std::io::Error) -> LoadError {
    LoadError::Io {
        file: file.to_string(),
        source,
    }
}

/// A read that failed: the file's own I/O error, or what the CSV reader said.
fn csv_error(file: &str, e: csv::Error) -> LoadError {
    match e.into_kind() {
        csv::ErrorKind::Io(source) => LoadError::Io {
            file: file.to_string(),
            source,
        },
        other => LoadError::Invalid {
            file: file.to_string(),
            reason: format!("cannot read the CSV: {other:?}"),
        },
    }
}

/// A table's columns, and whether they come from a header line (`None`) or
/// from the format (`Some(its name)`), for messages.
#[derive(Clone, Copy)]
struct Shape<'a> {
    header: &'a Header,
    headerless: Option<&'a str>,
}

/// Hands every record after the header to `parse_row` on the parsing
/// threads (see [`read_table`]).
fn parse_records<R, T, S, C, O>(
    file: &str,
    mut splitter: RecordSplitter<R>,
    shape: Shape,
    progress: &mut dyn FnMut(u64),
    columns: impl FnOnce(&Header) -> C,
    parse_row: impl Fn(&Row, &C, &mut S) -> Result<T, FieldError> + Sync,
) -> Result<Loaded<O>, LoadError>
where
    R: Read + Send,
    T: Send,
    S: Default,
    C: Sync,
    O: Items<T, S>,
{
    // The batches' buffers are freed and made again, same sizes, on every
    // thread: their pages are kept for the next batch, not returned.
    let _keep = crate::memory::keep_freed_pages();
    let header = shape.header;
    let columns = columns(header);
    let dialect = splitter.dialect();
    let parsers = parsers();

    // One thread cuts the stream into runs of whole records; the parsing
    // threads tokenise them and turn the records into items; this one puts
    // the results back in file order. A laptop's cores all work on a big
    // export, and memory in flight stays bounded.
    let (full_tx, full_rx) = sync_channel::<Result<Batch, LoadError>>(parsers + 2);
    // Shared by the parsers alone: when the last one stops, the cutting
    // thread's next send fails and it stops too.
    let full_rx = Arc::new(Mutex::new(full_rx));
    let (empty_tx, empty_rx) = sync_channel::<Vec<u8>>(2 * parsers + 4);
    let (done_tx, done_rx) = channel::<Result<Parsed<O>, LoadError>>();
    let mut items = O::default();
    let mut problems = Vec::new();
    std::thread::scope(|scope| {
        scope.spawn(move || split_runs(file, &mut splitter, &full_tx, &empty_rx));
        for _ in 0..parsers {
            let (full_rx, empty_tx, done_tx) = (Arc::clone(&full_rx), empty_tx.clone(), done_tx.clone());
            let (parse_row, columns) = (&parse_row, &columns);
            scope.spawn(move || {
                let mut state = S::default();
                let mut parse_row = |row: &Row, state: &mut S| parse_row(row, columns, state);
                let mut buffers = RecordBuffers::default();
                loop {
                    // The lock is held only to take the next batch.
                    let next = match full_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(batch) = next else { return };
                    let parsed = batch.and_then(|batch| {
                        let mut parsed = Parsed {
                            seq: batch.seq,
                            items: O::default(),
                            problems: Vec::new(),
                            rows: 0,
                            byte: batch.run.end_byte,
                            end: batch.end,
                        };
                        read_records(&batch.run, dialect, &mut buffers, |record, line| {
                            if record.is_blank() {
                                return;
                            }
                            parsed.rows += 1;
                            let problems = &mut parsed.problems;
                            // Into the batch's own collection on this thread (for
                            // events, a small store), so what a row allocates is
                            // freed where it was allocated.
                            let into = (&mut parsed.items, &mut state);
                            check_record(file, shape, record, line, &mut parse_row, into, problems);
                        })
                        .map_err(|e| csv_error(file, e))?;
                        let _ = empty_tx.try_send(batch.run.bytes);
                        Ok(parsed)
                    });
                    if done_tx.send(parsed).is_err() {
                        return;
                    }
                }
            });
        }
        drop(full_rx);
        drop(done_tx);
        let mut pending = std::collections::BTreeMap::new();
        let mut next_seq = 0;
        let (mut rows, mut last_progress_rows, mut reported_byte) = (0, 0, 0);
        for parsed in done_rx {
            let parsed = parsed?;
            pending.insert(parsed.seq, parsed);
            while let Some(parsed) = pending.remove(&next_seq) {
                next_seq += 1;
                items.append_items(parsed.items);
                problems.extend(parsed.problems);
                rows += parsed.rows;
                let due = rows >= last_progress_rows + PROGRESS_EVERY_ROWS || parsed.end;
                if due && parsed.byte > reported_byte {
                    progress(parsed.byte);
                    (last_progress_rows, reported_byte) = (rows, parsed.byte);
                }
                if parsed.end {
                    return Ok(());
                }
            }
        }
        Ok(())
    })?;
    Ok(Loaded {
        items,
        problems,
        notes: Vec::new(),
    })
}

/// How many threads parse records: every core, within reason (at least
/// two, so that cutting and parsing overlap on a machine of one).
fn parsers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8))
}

/// Cuts the stream into runs until it ends (an empty run marked as the
/// end follows the last), an error (sent on) or the parsers stop.
fn split_runs<R: Read>(
    file: &str,
    splitter: &mut RecordSplitter<R>,
    full_tx: &SyncSender<Result<Batch, LoadError>>,
    empty_rx: &Receiver<Vec<u8>>,
) {
    for seq in 0.. {
        let bytes = empty_rx.try_recv().unwrap_or_default();
        let batch = match splitter.next_run(RUN_BYTES, bytes) {
            Ok(Some(run)) => Ok(Batch { seq, run, end: false }),
            Ok(None) => Ok(Batch {
                seq,
                run: Run {
                    end_byte: splitter.bytes_read(),
                    ..Run::default()
                },
                end: true,
            }),
            Err(e) => Err(io_error(file, e)),
        };
        let stop = !matches!(batch, Ok(Batch { end: false, .. }));
        if full_tx.send(batch).is_err() || stop {
            return;
        }
    }
}

/// One batch's results, numbered so they go back in file order.
struct Parsed<O> {
    seq: u64,
    items: O,
    problems: Vec<Problem>,
    /// Rows in the batch (blank lines not counted).
    rows: u64,
    /// The byte position after the batch.
    byte: u64,
    end: bool,
}

/// Records on their way from the cutting thread to a parser.
struct Batch {
    /// Its place in the file's sequence of batches.
    seq: u64,
    run: Run,
    /// Whether the stream ended before this (empty) batch.
    end: bool,
}

/// How many bytes of records a batch holds, at least (about a thousand UCDP rows).
const RUN_BYTES: usize = 512 << 10;

/// Checks one record's shape and hands it to `parse_row`, keeping the item or
/// the problem.
fn check_record<T, S>(
    file: &str,
    shape: Shape,
    record: Record,
    line: u64,
    parse_row: &mut impl FnMut(&Row, &mut S) -> Result<T, FieldError>,
    (items, state): (&mut impl Items<T, S>, &mut S),
    problems: &mut Vec<Problem>,
) {
    let problem = |field: Option<String>, message: String| Problem {
        file: file.to_string(),
        place: Place::Line(line),
        field,
        message,
    };
    let header = shape.header;
    if let Some(big) = record.fields().position(|f| f.len() > MAX_FIELD_BYTES) {
        let len = record.get(big).map_or(0, <[u8]>::len);
        problems.push(problem(
            Some(header.name_of(big)),
            format!("is {len} bytes long; fields over 1 MiB are refused"),
        ));
        return;
    }
    let fields = record.field_count();
    if fields != header.names().len() {
        let fields = format!("has {} field{}", fields, if fields == 1 { "" } else { "s" });
        let columns = header.names().len();
        problems.push(problem(
            None,
            match shape.headerless {
                None => format!("{fields}, but the header has {columns} columns"),
                Some(what) => format!("{fields}, but {what} rows have {columns}"),
            },
        ));
        return;
    }
    match parse_row(&Row::new(record, line), state) {
        Ok(item) => items.push_item(item, state),
        Err((field, message)) => problems.push(problem(Some(field), message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Loaded<Vec<(u64, String)>> {
        read_table(
            "t.csv",
            text.as_bytes(),
            "test",
            &[&["a"]],
            &mut |_| {},
            |h| h.column("a"),
            |row, &a, _: &mut ()| {
                let a = row.required(a)?;
                if a == "bad" {
                    return Err(("a".into(), "is bad".into()));
                }
                Ok((row.line, a.to_string()))
            },
        )
        .unwrap()
    }

    #[test]
    fn lines_are_physical_lines_with_blank_lines_crlf_and_quoted_newlines() {
        for text in [
            "a,b\nx,1\n\n\ny,2\n\"z\nz\",3\nw,4",
            "a,b\r\nx,1\r\n\r\n\r\ny,2\r\n\"z\r\nz\",3\r\nw,4\r\n",
        ] {
            let loaded = lines_of(text);
            let lines: Vec<u64> = loaded.items.iter().map(|(l, _)| *l).collect();
            assert_eq!(lines, [2, 5, 6, 8], "{text:?}");
            assert_eq!(loaded.items[2].1.replace('\r', ""), "z\nz");
            assert!(loaded.problems.is_empty());
        }
    }

    #[test]
    fn columns_are_found_by_name_in_any_order_and_case() {
        let loaded = lines_of("\u{feff}B , A ,extra\n1,x,\n");
        assert_eq!(loaded.items, [(2, "x".to_string())]);
    }

    #[test]
    fn semicolons_and_tabs_are_recognised() {
        assert_eq!(lines_of("b;a\n1;x\n").items, [(2, "x".to_string())]);
        assert_eq!(lines_of("b\ta\n1\tx\n").items, [(2, "x".to_string())]);
        // Commas inside a quoted header name do not count.
        assert_eq!(lines_of("\"b;c;d\",a\n1,x\n").items, [(2, "x".to_string())]);
    }

    #[test]
    fn bad_rows_are_problems_at_their_line() {
        let loaded = lines_of("a,b\nbad,1\nx\ny,2,3\n,4\nok,5\n");
        assert_eq!(loaded.items, [(6, "ok".to_string())]);
        let found: Vec<(Place, Option<String>)> = loaded
            .problems
            .iter()
            .map(|p| (p.place.clone(), p.field.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (Place::Line(2), Some("a".into())),
                (Place::Line(3), None),
                (Place::Line(4), None),
                (Place::Line(5), Some("a".into())),
            ]
        );
        assert_eq!(
            loaded.problems[1].message,
            "has 1 field, but the header has 2 columns"
        );
        assert_eq!(loaded.problems[3].message, "is empty");
    }

    #[test]
    fn missing_columns_and_empty_input_are_load_errors() {
        let run = |text: &str| -> Result<Loaded<Vec<()>>, LoadError> {
            read_table(
                "t.csv",
                text.as_bytes(),
                "test",
                &[&["a"], &["c", "d"]],
                &mut |_| {},
                |_| (),
                |_, _, _: &mut ()| Ok(()),
            )
        };
        let e = run("a,b\n1,2\n").unwrap_err().to_string();
        assert_eq!(e, "t.csv: not a test CSV: the header lacks the column 'c' or 'd'");
        assert!(run("").unwrap_err().to_string().contains("empty"));
        assert!(run("\n  \n").unwrap_err().to_string().contains("empty"));
    }

    #[test]
    fn oversized_fields_fail_only_their_row() {
        let big = "x".repeat(MAX_FIELD_BYTES + 1);
        let text = format!("a,b\nok,1\n{big},2\nfine,3\n");
        let loaded = lines_of(&text);
        assert_eq!(loaded.items.len(), 2);
        assert_eq!(loaded.problems.len(), 1);
        assert_eq!(loaded.problems[0].place, Place::Line(3));
        assert_eq!(loaded.problems[0].field.as_deref(), Some("a"));
        assert!(loaded.problems[0].message.contains("over 1 MiB"));
    }

    #[test]
    fn rows_keep_file_order_across_parsing_threads() {
        let mut text = String::from("a\n");
        for i in 0..20_000 {
            text.push_str(if i % 997 == 0 { "bad\n" } else { "ok\n" });
        }
        let loaded = lines_of(&text);
        let lines: Vec<u64> = loaded.items.iter().map(|(line, _)| *line).collect();
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "items out of order");
        assert_eq!(loaded.items.len() + loaded.problems.len(), 20_000);
        let bad: Vec<Place> = loaded.problems.iter().map(|p| p.place.clone()).collect();
        let want: Vec<Place> = (0..20_000u64)
            .filter(|i| i % 997 == 0)
            .map(|i| Place::Line(i + 2))
            .collect();
        assert_eq!(bad, want);
    }

    /// Column `a` of each row of a CSV file's bytes.
    fn column_a_of(bytes: &[u8]) -> Loaded<Vec<String>> {
        read_table(
            "t.csv",
            bytes,
            "test",
            &[&["a"]],
            &mut |_| {},
            |h| h.column("a"),
            |row, &a, _: &mut ()| row.required(a).map(str::to_string),
        )
        .unwrap()
    }

    #[test]
    fn invalid_utf8_fails_only_its_row() {
        let mut bytes = b"a,b\nok,1\n".to_vec();
        bytes.extend_from_slice(b"caf\xe9,2\nfine,3\n");
        let loaded = column_a_of(&bytes);
        assert_eq!(loaded.items, ["ok", "fine"]);
        assert_eq!(loaded.problems[0].place, Place::Line(3));
        assert!(loaded.problems[0].message.contains("UTF-8"));
    }

    #[test]
    fn bad_bytes_that_join_into_a_character_across_fields_are_still_named() {
        // 0xDA then 0xA1 is a valid UTF-8 character, but it spans two fields.
        let bytes = b"a,b\nPER\xDA,\xA1Ataque\n".to_vec();
        assert!(std::str::from_utf8(b"PER\xDA\xA1Ataque").is_ok());
        let loaded = column_a_of(&bytes);
        assert!(loaded.items.is_empty());
        assert!(
            loaded.problems[0].message.contains("UTF-8"),
            "{}",
            loaded.problems[0]
        );
    }

    #[test]
    fn a_bad_byte_in_a_column_not_read_spares_the_row() {
        let bytes = b"a,b,c\n  one  ,caf\xe9,x\n".to_vec();
        let loaded: Loaded<Vec<_>> = read_table(
            "t.csv",
            &bytes[..],
            "test",
            &[&["a"]],
            &mut |_| {},
            |h| (h.column("a"), h.column("c")),
            |row, &(a, c), _: &mut ()| Ok((row.required(a)?.to_string(), row.text(c)?.map(str::to_string))),
        )
        .unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.items, [("one".to_string(), Some("x".to_string()))]);
    }

    #[test]
    fn progress_reports_bytes_read() {
        // Several runs of records (each about a MiB).
        let mut text = String::from("a\n");
        for i in 0..400_000 {
            text.push_str(&format!("{i}\n"));
        }
        let mut calls = Vec::new();
        let loaded: Loaded<Vec<_>> = read_table(
            "t.csv",
            text.as_bytes(),
            "test",
            &[&["a"]],
            &mut |b| calls.push(b),
            |_| (),
            |_, _, _: &mut ()| Ok(()),
        )
        .unwrap();
        assert_eq!(loaded.items.len(), 400_000);
        assert!(calls.len() >= 3, "{calls:?}");
        assert!(calls.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(*calls.last().unwrap(), text.len() as u64);
    }
}
