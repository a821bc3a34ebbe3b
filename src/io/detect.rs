//! Which format a data file is in, decided by its content (not its name), and
//! loading its events with the right loader.
//!
//! - Parquet (`PAR1`), a file or a folder of parts: by its columns, as a CSV
//!   header (see [`super::parquet`]);
//! - JSON with `"type": "FeatureCollection"`: chronomap's events GeoJSON, or
//!   regions when the first feature is a (Multi)Polygon with no `title`,
//!   `start` or `when` (refused: it holds no events);
//! - JSON with an `events` list: TimelineJS;
//! - CSV whose header has `date_start` and `best`: UCDP GED;
//! - CSV whose header has `event_id_cnty` or `event_date`: ACLED;
//! - tab-separated rows of 61 fields starting with an id and a `YYYYMMDD`
//!   day, no header: GDELT 2.0 events (also inside a ZIP archive).
//!
//! Refused with a message: empty files, binary data (NUL bytes), UTF-16 and
//! UTF-32 text, files over [`MAX_FILE_BYTES`]. A UTF-8 byte-order mark is skipped.

pub use super::format::{Format, detect_csv_header};
use super::{LoadError, Loaded, acled, event_geojson, gdelt, timelinejs, ucdp};
use crate::model::{Atlas, EventStore};
use serde_json::Value;
use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;

/// The largest file accepted (2 GiB).
pub const MAX_FILE_BYTES: u64 = 2 << 30;

/// How much of a file is read to decide its format.
const HEAD_BYTES: usize = 64 * 1024;

fn invalid(file: &str, reason: impl Into<String>) -> LoadError {
    LoadError::Invalid {
        file: file.to_string(),
        reason: reason.into(),
    }
}

/// Refuses text that is not UTF-8 in a way that can be named from its first
/// bytes: UTF-16/UTF-32 (a byte-order mark, or NULs between ASCII letters)
/// and binary data (any other NUL byte).
pub fn check_text_bytes(file: &str, head: &[u8]) -> Result<(), LoadError> {
    if head.starts_with(&[0xFF, 0xFE, 0, 0]) || head.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(invalid(file, "UTF-32 text; save it as UTF-8"));
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) || looks_utf16(head) {
        return Err(invalid(file, "UTF-16 text; save it as UTF-8"));
    }
    if let Some(at) = head.iter().position(|&b| b == 0) {
        return Err(invalid(
            file,
            format!("binary data (a NUL byte at offset {at}), not a CSV or JSON text file"),
        ));
    }
    Ok(())
}

/// UTF-16 without a byte-order mark: mostly ASCII, so every other byte is NUL.
fn looks_utf16(head: &[u8]) -> bool {
    let sample = &head[..head.len().min(4096)];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return false;
    }
    let (mut even, mut odd) = (0, 0);
    for (i, &b) in sample.iter().enumerate().take(pairs * 2) {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let rarely = |n: usize| n * 10 <= pairs;
    (mostly(odd) && rarely(even)) || (mostly(even) && rarely(odd))
}

/// Whether the content (after any BOM and leading whitespace) is JSON rather than CSV.
fn starts_like_json(head: &[u8]) -> bool {
    matches!(
        head.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{') | Some(b'[')
    )
}

/// The format of parsed JSON, or why it is none of ours.
pub fn detect_json(root: &Value) -> Result<Format, String> {
    let Value::Object(object) = root else {
        return Err(format!(
            "the JSON is {}, not a GeoJSON FeatureCollection or a TimelineJS timeline",
            super::features::json_kind(root)
        ));
    };
    match object.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => {
            let first = object
                .get("features")
                .and_then(Value::as_array)
                .and_then(|f| f.first());
            let geometry = first
                .and_then(|f| f.get("geometry"))
                .and_then(|g| g.get("type"))
                .and_then(Value::as_str);
            let props = first.and_then(|f| f.get("properties"));
            let has = |key: &str| props.and_then(|p| p.get(key)).is_some_and(|v| !v.is_null());
            let polygon = matches!(geometry, Some("Polygon") | Some("MultiPolygon"));
            if polygon && !has("title") && !has("start") && !has("when") {
                Ok(Format::RegionGeoJson)
            } else {
                Ok(Format::EventGeoJson)
            }
        }
        Some(other) if object.get("events").is_none() => Err(format!(
            "GeoJSON of type '{other}'; events must be a FeatureCollection"
        )),
        _ if object.get("events").is_some() => Ok(Format::TimelineJs),
        _ => Err(
            "JSON that is neither a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\") \
             nor a TimelineJS timeline (an \"events\" list)"
                .into(),
        ),
    }
}

fn unknown_csv(file: &str, first_line: &str) -> LoadError {
    let shown: String = first_line.chars().take(80).collect();
    invalid(
        file,
        format!(
            "not a recognised format: expected JSON (events GeoJSON or TimelineJS) or a CSV \
             with a UCDP GED header (date_start, best, ...) or an ACLED header \
             (event_id_cnty, event_date, ...); the first line is '{}'",
            shown.trim()
        ),
    )
}

fn first_line(head: &[u8]) -> String {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    String::from_utf8_lossy(line).trim().to_string()
}

fn load_json(file: &str, text: &str, atlas: &Atlas) -> Result<(Format, Loaded<EventStore>), LoadError> {
    let root: Value =
        serde_json::from_str(text).map_err(|e| invalid(file, format!("not valid JSON: {e}")))?;
    let format = detect_json(&root).map_err(|m| invalid(file, m))?;
    let loaded = match format {
        Format::EventGeoJson => event_geojson::parse_events_value(file, root, atlas)?.into_store(),
        Format::TimelineJs => timelinejs::parse_timeline_value(file, root, atlas)?.into_store(),
        Format::RegionGeoJson => {
            return Err(invalid(
                file,
                "holds regions (Polygon features without 'title', 'start' or 'when'), not events",
            ));
        }
        Format::Ucdp | Format::Acled | Format::Gdelt | Format::ChronomapCsv => {
            return Err(invalid(file, "is JSON, not CSV"));
        }
    };
    Ok((format, loaded))
}

fn load_csv<R: Read + Send>(
    file: &str,
    format: Format,
    reader: R,
    atlas: &Atlas,
    progress: &mut dyn FnMut(u64),
) -> Result<Loaded<EventStore>, LoadError> {
    match format {
        Format::Ucdp => ucdp::parse_ucdp_reader(file, reader, atlas, progress),
        Format::Acled => acled::parse_acled_reader(file, reader, atlas, progress),
        Format::Gdelt => gdelt::parse_gdelt_reader(file, reader, atlas, progress),
        Format::ChronomapCsv => {
            super::chronomap_csv::parse_chronomap_csv_reader(file, reader, atlas, progress)
        }
        _ => Err(invalid(file, "is not CSV")),
    }
}

/// The events of `text`, whatever its format; `name` names it in messages.
pub fn load_events_text(name: &str, text: &str, atlas: &Atlas) -> Result<Loaded<EventStore>, LoadError> {
    load_events_text_as(name, text, atlas).map(|(_, loaded)| loaded)
}

/// As [`load_events_text`], also saying which format it was.
pub fn load_events_text_as(
    name: &str,
    text: &str,
    atlas: &Atlas,
) -> Result<(Format, Loaded<EventStore>), LoadError> {
    check_text_bytes(name, text.as_bytes())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(invalid(name, "the file is empty"));
    }
    if starts_like_json(text.as_bytes()) {
        return load_json(name, text, atlas);
    }
    let header = first_line(text.as_bytes());
    let format = detect_csv_header(&header).ok_or_else(|| unknown_csv(name, &header))?;
    let loaded = load_csv(name, format, text.as_bytes(), atlas, &mut |_| {})?;
    Ok((format, loaded))
}

/// The events of the file at `path`, whatever its format. CSV is streamed;
/// JSON is read whole; a workbook (by its name's ending) is read sheet by sheet.
pub fn load_events_file(path: &Path, atlas: &Atlas) -> Result<Loaded<EventStore>, LoadError> {
    load_events_file_as(path, atlas, &mut |_| {}).map(|(_, loaded)| loaded)
}

/// As [`load_events_file`], also saying which format it was; `progress` is
/// told the bytes read so far while a CSV file streams (every 10,000 rows).
pub fn load_events_file_as(
    path: &Path,
    atlas: &Atlas,
    progress: &mut dyn FnMut(u64),
) -> Result<(Format, Loaded<EventStore>), LoadError> {
    let file = path.display().to_string();
    let io_error = |source: std::io::Error| LoadError::Io {
        file: file.clone(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(io_error)?;
    // Parquet is read by row group, not whole: no size limit.
    if super::parquet::is_parquet(path) {
        return super::parquet::load_parquet(path, atlas);
    }
    if metadata.is_dir() {
        return Err(invalid(
            &file,
            "is a folder with no Parquet file in it (a folder is read as the parts of a Parquet dataset)",
        ));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(invalid(
            &file,
            format!("is {} bytes; files over 2 GiB are refused", metadata.len()),
        ));
    }
    if super::workbook::is_workbook(path) {
        return super::workbook::load_workbook(path, atlas);
    }
    let handle = File::open(path).map_err(io_error)?;
    load_events_from_reader(&file, handle, atlas, progress)
}

/// The events read from `reader`, whatever their format; `file` names it in
/// messages. The format is decided from the first 64 KiB; CSV is then
/// streamed, JSON read whole. More than 2 GiB is refused.
pub fn load_events_from_reader<R: Read + Send>(
    file: &str,
    reader: R,
    atlas: &Atlas,
    progress: &mut dyn FnMut(u64),
) -> Result<(Format, Loaded<EventStore>), LoadError> {
    let io_error = |source: std::io::Error| LoadError::Io {
        file: file.to_string(),
        source,
    };
    let mut reader = Limited {
        inner: reader,
        left: MAX_FILE_BYTES,
    };
    let mut head = Vec::with_capacity(HEAD_BYTES);
    let at_end = read_up_to(&mut reader, &mut head, HEAD_BYTES).map_err(io_error)?;
    if head.starts_with(super::parquet::MAGIC) {
        // Zipped, pasted or streamed: read whole (a path is read by row group).
        let mut bytes = head;
        read_up_to(&mut reader, &mut bytes, usize::MAX).map_err(io_error)?;
        return super::parquet::load_parquet_bytes(file, bytes, atlas);
    }
    if head.starts_with(ZIP_MAGIC) {
        read_up_to(&mut reader, &mut head, usize::MAX).map_err(io_error)?;
        let (entry, bytes) = unzip_one(file, head)?;
        // One level only: an archive that holds an archive (or itself)
        // would otherwise be opened again and again.
        if bytes.starts_with(ZIP_MAGIC) {
            return Err(invalid(
                file,
                format!("'{entry}' in it is a ZIP archive too; unzip the outer one first"),
            ));
        }
        // Messages name the archive and the file in it.
        let name = format!("{file}: {entry}");
        return load_events_from_reader(&name, Cursor::new(bytes), atlas, progress);
    }
    check_text_bytes(file, &head)?;
    if head.starts_with(b"\xEF\xBB\xBF") {
        head.drain(..3);
    }
    if at_end && head.iter().all(u8::is_ascii_whitespace) {
        return Err(invalid(file, "the file is empty"));
    }
    if starts_like_json(&head) {
        let mut bytes = head;
        read_up_to(&mut reader, &mut bytes, usize::MAX).map_err(io_error)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            invalid(
                file,
                format!(
                    "not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        return load_json(file, &text, atlas);
    }
    let header = first_line(&head);
    let format = detect_csv_header(&header).ok_or_else(|| unknown_csv(file, &header))?;
    let loaded = load_csv(file, format, Cursor::new(head).chain(reader), atlas, progress)?;
    Ok((format, loaded))
}

/// How a ZIP archive starts.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// The one data file in a ZIP archive (GDELT's zipped exports, a zipped
/// CSV): its name and bytes, at most 2 GiB unpacked.
fn unzip_one(file: &str, bytes: Vec<u8>) -> Result<(String, Vec<u8>), LoadError> {
    let bad = |e: zip::result::ZipError| invalid(file, format!("not a readable ZIP archive: {e}"));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(bad)?;
    let names: Vec<String> = archive
        .file_names()
        .collect::<Result<Vec<_>, _>>()
        .map_err(bad)?
        .into_iter()
        .filter(|n| !n.ends_with('/') && !n.starts_with("__MACOSX/"))
        .map(|n| n.into_owned())
        .collect();
    let [name] = names.as_slice() else {
        return Err(invalid(
            file,
            if names.is_empty() {
                "a ZIP archive with no file in it".to_string()
            } else {
                format!(
                    "a ZIP archive of {} files ({}); unzip it and open the one with the events",
                    names.len(),
                    names
                        .iter()
                        .take(5)
                        .map(|n| format!("'{n}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
        ));
    };
    let entry = archive.by_name(name).map_err(bad)?;
    let mut out = Vec::new();
    let mut limited = Limited {
        inner: entry,
        left: MAX_FILE_BYTES,
    };
    read_up_to(&mut limited, &mut out, usize::MAX)
        .map_err(|e| invalid(file, format!("cannot unzip '{name}': {e}")))?;
    Ok((name.clone(), out))
}

/// Appends from `reader` to `buf` until it holds `limit` bytes or the stream
/// ends; returns whether it ended. An interrupted read is retried a few times,
/// then reported (a cancelled read may keep saying "interrupted").
fn read_up_to(reader: &mut impl Read, buf: &mut Vec<u8>, limit: usize) -> std::io::Result<bool> {
    let mut chunk = vec![0u8; 64 * 1024];
    while buf.len() < limit {
        let want = chunk.len().min(limit - buf.len());
        match super::retry::read_retrying(reader, &mut chunk[..want])? {
            0 => return Ok(true),
            n => buf.extend_from_slice(&chunk[..n]),
        }
    }
    Ok(false)
}

/// A reader that fails once more than `left` bytes have come through.
struct Limited<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.left = self.left.checked_sub(n as u64).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "the data runs over 2 GiB; files over 2 GiB are refused",
            )
        })?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atlas() -> Atlas {
        crate::embedded::atlas().unwrap()
    }

    /// A ZIP archive holding one file called `name`.
    fn zipped(name: &str, bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn an_archive_in_an_archive_is_refused_not_opened_forever() {
        let inner = zipped(
            "events.csv",
            b"event_id_cnty,event_date,event_type,latitude,longitude\n",
        );
        let outer = zipped("inner.zip", &inner);
        let e = load_events_from_reader("outer.zip", Cursor::new(outer), &atlas(), &mut |_| {}).unwrap_err();
        assert!(
            e.to_string().contains("'inner.zip' in it is a ZIP archive too"),
            "{e}"
        );
        // One level is read as the file it holds.
        let one = load_events_from_reader("one.zip", Cursor::new(inner), &atlas(), &mut |_| {}).unwrap();
        assert_eq!(one.0, Format::Acled);
    }

    #[test]
    fn a_zipped_parquet_file_is_read_whole() {
        let parquet = include_bytes!("../../tests/fixtures/ucdp_ged_sample.parquet");
        let zip = zipped("ged.parquet", parquet);
        let (format, loaded) =
            load_events_from_reader("ged.zip", Cursor::new(zip), &atlas(), &mut |_| {}).unwrap();
        assert_eq!((format, loaded.items.len()), (Format::Ucdp, 7));
    }

    #[test]
    fn streams_over_the_limit_are_refused() {
        let mut r = Limited {
            inner: &b"abcdef"[..],
            left: 4,
        };
        let mut buf = Vec::new();
        let e = read_up_to(&mut r, &mut buf, usize::MAX).unwrap_err();
        assert!(e.to_string().contains("over 2 GiB"));
    }

    #[test]
    fn a_reader_that_stays_interrupted_is_an_error_not_a_hang() {
        struct Cancelled;
        impl Read for Cancelled {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::new(std::io::ErrorKind::Interrupted, "cancelled"))
            }
        }
        let e = load_events_from_reader("f", Cancelled, &atlas(), &mut |_| {}).unwrap_err();
        assert_eq!(e.to_string(), "f: cannot read the file: cancelled");
    }

    fn error(text: &str) -> String {
        load_events_text("f", text, &atlas()).unwrap_err().to_string()
    }

    #[test]
    fn formats_are_told_apart_by_content() {
        let fc = r#"{"type": "FeatureCollection", "features": []}"#;
        assert_eq!(
            detect_json(&serde_json::from_str(fc).unwrap()),
            Ok(Format::EventGeoJson)
        );
        let regions = r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "X"},
            "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        assert_eq!(
            detect_json(&serde_json::from_str(regions).unwrap()),
            Ok(Format::RegionGeoJson)
        );
        let titled = regions.replace(r#""name": "X""#, r#""title": "X""#);
        assert_eq!(
            detect_json(&serde_json::from_str(&titled).unwrap()),
            Ok(Format::EventGeoJson)
        );
        let tl = r#"{"title": {}, "events": []}"#;
        assert_eq!(
            detect_json(&serde_json::from_str(tl).unwrap()),
            Ok(Format::TimelineJs)
        );
        assert_eq!(
            detect_csv_header("id,date_start,date_end,best"),
            Some(Format::Ucdp)
        );
        assert_eq!(
            detect_csv_header("\"EVENT_ID_CNTY\";\"EVENT_DATE\""),
            Some(Format::Acled)
        );
        assert_eq!(detect_csv_header("event_date,x"), Some(Format::Acled));
        assert_eq!(detect_csv_header("a,b,c"), None);
    }

    #[test]
    fn regions_are_refused_with_a_reason() {
        let regions = r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "X"},
            "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        assert!(error(regions).contains("holds regions"), "{}", error(regions));
    }

    #[test]
    fn unreadable_text_gets_a_clear_message() {
        assert_eq!(error(""), "f: the file is empty");
        assert_eq!(error(" \n\t"), "f: the file is empty");
        assert_eq!(error("\u{feff}"), "f: the file is empty");
        assert!(error("a\0b").contains("binary data (a NUL byte at offset 1)"));
        let utf16: String = "id,date_start\n".chars().flat_map(|c| [c, '\0']).collect();
        assert_eq!(error(&utf16), "f: UTF-16 text; save it as UTF-8");
        assert!(error("hello,world\n1,2\n").contains("not a recognised format"));
        assert!(error("[1, 2]").contains("the JSON is a list"));
        assert!(error(r#"{"type": "Feature"}"#).contains("type 'Feature'"));
        assert!(error("{").contains("not valid JSON"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "[".repeat(10_000);
        assert!(error(&deep).contains("recursion limit"), "{}", error(&deep));
        let deep_object = format!("{{\"events\": {}", "[".repeat(10_000));
        assert!(error(&deep_object).contains("recursion limit"));
    }

    #[test]
    fn utf8_bom_is_skipped() {
        let text = "\u{feff}{\"type\": \"FeatureCollection\", \"features\": []}";
        let (format, loaded) = load_events_text_as("f", text, &atlas()).unwrap();
        assert_eq!(format, Format::EventGeoJson);
        assert!(loaded.items.is_empty());
    }

    #[test]
    fn utf16_detection_needs_interleaved_nuls() {
        assert!(looks_utf16(
            &"abcdef".bytes().flat_map(|b| [b, 0]).collect::<Vec<_>>()
        ));
        assert!(looks_utf16(
            &"abcdef".bytes().flat_map(|b| [0, b]).collect::<Vec<_>>()
        ));
        assert!(!looks_utf16(b"abcdef"));
        assert!(!looks_utf16(&[0u8; 16]));
    }
}
