//! Parquet files and folders of them, as Spark, DuckDB and pyarrow write
//! them: a file (detected by its `PAR1` magic), or a folder of parts
//! (`part-*.parquet`, Hive-style `key=value/` sub-folders whose values are
//! read as columns). The columns name the format as a CSV header would (UCDP
//! GED, ACLED, GDELT); only the columns its loader reads are decoded, row
//! groups on all cores, and each row goes to the same row parser as the CSV
//! loaders use, so the same rows give the same events. GeoParquet's WKB
//! point `geometry` column stands in for missing latitude/longitude columns.

use super::acled::Acled;
use super::csv_table::{Header, Row};
use super::gdelt::Gdelt;
use super::row_cache::RowCache;
use super::table_format::TableFormat;
use super::ucdp::Ucdp;
use super::{Format, LoadError, Loaded, Place, Problem};
use crate::model::{Atlas, Event};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type,
    UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use chrono::{DateTime, NaiveDate};
use csv::ByteRecord;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use parquet::file::reader::ChunkReader;
use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};

/// How a Parquet file starts (and ends).
pub const MAGIC: &[u8; 4] = b"PAR1";

/// Rows decoded at a time.
const BATCH_ROWS: usize = 8192;

/// Whether `path` is a Parquet file (by its first bytes) or a folder holding one.
pub fn is_parquet(path: &Path) -> bool {
    if path.is_dir() {
        return parts(path).is_ok_and(|p| !p.is_empty());
    }
    let mut head = [0u8; 4];
    File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| &head == MAGIC)
}

fn invalid(file: &str, reason: impl Into<String>) -> LoadError {
    LoadError::Invalid {
        file: file.to_string(),
        reason: reason.into(),
    }
}

/// The events of a Parquet file or folder of parts, and their format.
pub fn load_parquet(path: &Path, atlas: &Atlas) -> Result<(Format, Loaded<Event>), LoadError> {
    if !path.is_dir() {
        return load_part(path, &[], atlas);
    }
    let name = path.display().to_string();
    let parts = parts(path).map_err(|source| LoadError::Io {
        file: name.clone(),
        source,
    })?;
    let mut format = None;
    let mut all = Loaded {
        items: Vec::new(),
        problems: Vec::new(),
        notes: Vec::new(),
    };
    for part in &parts {
        let partition = partition_values(path, part);
        let (f, loaded) = load_part(part, &partition, atlas)?;
        match format {
            Some(first) if first != f => {
                return Err(invalid(
                    &part.display().to_string(),
                    format!("holds {f}, but the folder's first part holds {first}"),
                ));
            }
            _ => format = Some(f),
        }
        all.items.extend(loaded.items);
        all.problems.extend(loaded.problems);
        all.notes.extend(loaded.notes);
    }
    let format = format.ok_or_else(|| invalid(&name, "a folder with no Parquet file in it"))?;
    all.notes.insert(
        0,
        format!(
            "{} Parquet part{}",
            parts.len(),
            if parts.len() == 1 { "" } else { "s" }
        ),
    );
    Ok((format, all))
}

/// The Parquet parts under `dir`, in path order: files ending in `.parquet`
/// or named `part-*`, skipping hidden and `_`-prefixed ones (`_SUCCESS`, `.crc`).
fn parts(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.starts_with(['.', '_']) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if name.ends_with(".parquet") || name.starts_with("part-") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The `key=value` folders between `root` and `part`, keys in lower case,
/// values with Hive's `%XX` escapes undone.
fn partition_values(root: &Path, part: &Path) -> Vec<(String, String)> {
    let Ok(rel) = part.strip_prefix(root) else {
        return Vec::new();
    };
    rel.parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| {
            let c = c.as_os_str().to_string_lossy();
            let (k, v) = c.split_once('=')?;
            Some((k.trim().to_lowercase(), unescape(v)))
        })
        .collect()
}

/// Hive's path escaping: `%3A` is ':'; `__HIVE_DEFAULT_PARTITION__` is empty.
fn unescape(v: &str) -> String {
    if v == "__HIVE_DEFAULT_PARTITION__" {
        return String::new();
    }
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where a Parquet file's bytes are read from, by each reading thread.
trait Source: Sync {
    type Reader: ChunkReader + 'static;
    fn open(&self) -> std::io::Result<Self::Reader>;
}

// Each thread opens the file itself: a cloned handle would share the read
// position with the others (File's ChunkReader seeks, then reads).
impl Source for Path {
    type Reader = File;
    fn open(&self) -> std::io::Result<File> {
        File::open(self)
    }
}

impl Source for bytes::Bytes {
    type Reader = bytes::Bytes;
    fn open(&self) -> std::io::Result<bytes::Bytes> {
        Ok(self.clone())
    }
}

/// The events of a Parquet file held in memory; `file` names it in messages.
pub fn load_parquet_bytes(
    file: &str,
    bytes: Vec<u8>,
    atlas: &Atlas,
) -> Result<(Format, Loaded<Event>), LoadError> {
    load_source(file, &bytes::Bytes::from(bytes), &[], atlas)
}

/// One Parquet file's events; `partition` adds a folder's `key=value` columns.
fn load_part(
    path: &Path,
    partition: &[(String, String)],
    atlas: &Atlas,
) -> Result<(Format, Loaded<Event>), LoadError> {
    load_source(&path.display().to_string(), path, partition, atlas)
}

fn load_source(
    file: &str,
    handle: &(impl Source + ?Sized),
    partition: &[(String, String)],
    atlas: &Atlas,
) -> Result<(Format, Loaded<Event>), LoadError> {
    let bad = |e: parquet::errors::ParquetError| invalid(file, format!("not a readable Parquet file: {e}"));
    let reader = handle.open().map_err(|source| LoadError::Io {
        file: file.to_string(),
        source,
    })?;
    // A damaged footer can make the reader panic: that is a bad file, not a crash.
    let load = || ArrowReaderMetadata::load(&reader, ArrowReaderOptions::new());
    let meta = std::panic::catch_unwind(std::panic::AssertUnwindSafe(load))
        .map_err(|_| invalid(file, "not a readable Parquet file: its metadata is damaged"))?
        .map_err(bad)?;
    let layout = Layout::of(&meta, partition).map_err(|m| invalid(file, m))?;
    let names: Vec<&str> = layout.header_names();
    let format = detect(&names).ok_or_else(|| {
        invalid(
            file,
            format!(
                "its columns are not those of UCDP GED, ACLED or GDELT events (it has {})",
                names
                    .iter()
                    .take(12)
                    .map(|n| format!("'{n}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })?;
    let loaded = match format {
        Format::Ucdp => read_rows::<Ucdp>(file, handle, &meta, &layout, atlas),
        Format::Acled => read_rows::<Acled>(file, handle, &meta, &layout, atlas),
        Format::Gdelt => read_rows::<Gdelt>(file, handle, &meta, &layout, atlas).map(|mut loaded| {
            super::gdelt::note_unplaced(&mut loaded);
            loaded
        }),
        _ => Err(invalid(file, "holds no event table")),
    }?;
    Ok((format, loaded))
}

/// The table format a set of column names is.
fn detect(names: &[&str]) -> Option<Format> {
    let has = |n: &str| names.contains(&n);
    if has("globaleventid") && has("sqldate") {
        return Some(Format::Gdelt);
    }
    super::format::detect_csv_header(&names.join(","))
}

/// Where each column of the rows handed to the row parser comes from.
struct Layout {
    /// The file's top-level columns (lower case), by position.
    file_columns: Vec<String>,
    /// The folder's `key=value` columns the file does not have itself.
    partition: Vec<(String, String)>,
    /// GeoParquet's WKB point column, standing in for longitude/latitude
    /// columns the file lacks: its position, and the names it fills.
    geometry: Option<(usize, [&'static str; 2])>,
}

impl Layout {
    fn of(meta: &ArrowReaderMetadata, partition: &[(String, String)]) -> Result<Self, String> {
        let file_columns: Vec<String> = meta
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().trim().to_lowercase())
            .collect();
        let partition = partition
            .iter()
            .filter(|(k, _)| !file_columns.contains(k))
            .cloned()
            .collect();
        let geometry = geo_column(meta)?
            .and_then(|name| file_columns.iter().position(|c| *c == name.to_lowercase()))
            .and_then(|at| {
                let has = |n: &str| file_columns.iter().any(|c| c == n);
                if has("globaleventid") && !has("actiongeo_lat") {
                    Some((at, ["actiongeo_long", "actiongeo_lat"]))
                } else if !has("latitude") && !has("longitude") {
                    Some((at, ["longitude", "latitude"]))
                } else {
                    None
                }
            });
        Ok(Self {
            file_columns,
            partition,
            geometry,
        })
    }

    /// Every column name a row can be read by, in the file's order, then the
    /// folder's, then the geometry's.
    fn header_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.file_columns.iter().map(String::as_str).collect();
        names.extend(self.partition.iter().map(|(k, _)| k.as_str()));
        if let Some((_, lon_lat)) = self.geometry {
            names.extend(lon_lat);
        }
        names
    }
}

/// GeoParquet's primary geometry column, when its `geo` metadata says it is WKB.
fn geo_column(meta: &ArrowReaderMetadata) -> Result<Option<String>, String> {
    let Some(text) = meta
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .and_then(|kv| kv.iter().find(|k| k.key == "geo"))
        .and_then(|k| k.value.as_deref())
    else {
        return Ok(None);
    };
    let geo: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("its GeoParquet 'geo' metadata is not JSON: {e}"))?;
    let Some(primary) = geo.get("primary_column").and_then(|p| p.as_str()) else {
        return Ok(None);
    };
    let encoding = geo
        .get("columns")
        .and_then(|c| c.get(primary))
        .and_then(|c| c.get("encoding"))
        .and_then(|e| e.as_str())
        .unwrap_or("WKB");
    if !encoding.eq_ignore_ascii_case("WKB") {
        return Err(format!(
            "its geometry column '{primary}' is encoded as {encoding}; chronomap reads WKB points"
        ));
    }
    Ok(Some(primary.to_string()))
}

/// The rows of every row group, on all cores, parsed by `F`'s row parser;
/// items and problems in file order.
fn read_rows<F: TableFormat>(
    file: &str,
    handle: &(impl Source + ?Sized),
    meta: &ArrowReaderMetadata,
    layout: &Layout,
    atlas: &Atlas,
) -> Result<Loaded<Event>, LoadError> {
    let names = layout.header_names();
    let header = Header::from_names(&names);
    let missing: Vec<String> = F::REQUIRED
        .iter()
        .filter(|alternatives| !alternatives.iter().any(|c| header.has(c)))
        .map(|alternatives| {
            alternatives
                .iter()
                .map(|c| format!("'{c}'"))
                .collect::<Vec<_>>()
                .join(" or ")
        })
        .collect();
    if !missing.is_empty() {
        return Err(invalid(
            file,
            format!("not a {} table: it lacks {}", F::NAME, missing.join(", ")),
        ));
    }
    let columns = F::columns(&header);
    // Only the columns the row parser reads (and the geometry) are decoded.
    let wanted: Vec<usize> = (0..layout.file_columns.len())
        .filter(|&i| {
            F::READS.contains(&layout.file_columns[i].as_str())
                || layout.geometry.is_some_and(|(g, _)| g == i)
        })
        .collect();
    let mask = ProjectionMask::roots(meta.parquet_schema(), wanted.iter().copied());
    let groups = meta.metadata().num_row_groups();
    let mut first_row = Vec::with_capacity(groups);
    let mut rows_before = 0u64;
    for g in 0..groups {
        first_row.push(rows_before);
        rows_before += u64::try_from(meta.metadata().row_group(g).num_rows()).unwrap_or(0);
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(groups.max(1));
    let results: Vec<Result<Vec<GroupRead>, LoadError>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (mask, header, columns, wanted, first_row) =
                    (&mask, &header, &columns, &wanted, &first_row);
                scope.spawn(move || -> Result<Vec<GroupRead>, LoadError> {
                    let mut cache = RowCache::default();
                    let mut done = Vec::new();
                    for g in (t..groups).step_by(threads) {
                        let reader = handle.open().map_err(|source| LoadError::Io {
                            file: file.to_string(),
                            source,
                        })?;
                        let group = GroupReader {
                            file,
                            layout,
                            wanted,
                            header,
                            first_row: first_row[g],
                        };
                        let batches =
                            ParquetRecordBatchReaderBuilder::new_with_metadata(reader, meta.clone())
                                .with_projection(mask.clone())
                                .with_row_groups(vec![g])
                                .with_batch_size(BATCH_ROWS)
                                .build()
                                .map_err(|e| invalid(file, format!("row group {g}: {e}")))?;
                        let loaded = group.read::<F>(batches, columns, atlas, &mut cache)?;
                        done.push((g, loaded));
                    }
                    Ok(done)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(invalid(file, "reading stopped on an internal error")))
            })
            .collect()
    });
    let mut groups_read: Vec<GroupRead> = Vec::with_capacity(groups);
    for r in results {
        groups_read.extend(r?);
    }
    groups_read.sort_by_key(|(g, _)| *g);
    let mut all = Loaded {
        items: Vec::with_capacity(usize::try_from(rows_before).unwrap_or(0)),
        problems: Vec::new(),
        notes: Vec::new(),
    };
    for (_, loaded) in groups_read {
        all.items.extend(loaded.items);
        all.problems.extend(loaded.problems);
    }
    Ok(all)
}

/// A row group's number and what was read from it.
type GroupRead = (usize, Loaded<Event>);

/// One row group's rows turned into records for the row parser.
struct GroupReader<'a> {
    file: &'a str,
    layout: &'a Layout,
    /// The file columns decoded, in the order the batches hold them.
    wanted: &'a [usize],
    header: &'a Header,
    /// Rows in the groups before this one.
    first_row: u64,
}

impl GroupReader<'_> {
    fn read<F: TableFormat>(
        &self,
        batches: impl Iterator<Item = Result<RecordBatch, arrow_schema::ArrowError>>,
        columns: &F::Columns,
        atlas: &Atlas,
        cache: &mut RowCache,
    ) -> Result<Loaded<Event>, LoadError> {
        let mut loaded = Loaded {
            items: Vec::new(),
            problems: Vec::new(),
            notes: Vec::new(),
        };
        let mut row_number = self.first_row;
        let mut record = ByteRecord::new();
        let mut cell = String::new();
        let width = self.header.names().len();
        // For each file column: where its decoded cells are in a batch (the
        // geometry is read apart).
        let slot_of: Vec<Option<usize>> = (0..self.layout.file_columns.len())
            .map(|position| {
                self.wanted
                    .iter()
                    .position(|&w| w == position)
                    .filter(|_| self.layout.geometry.is_none_or(|(g, _)| g != position))
            })
            .collect();
        let geometry_slot = self
            .layout
            .geometry
            .and_then(|(g, _)| self.wanted.iter().position(|&w| w == g));
        for batch in batches {
            let batch = batch.map_err(|e| {
                invalid(
                    self.file,
                    format!("cannot decode rows after row {row_number}: {e}"),
                )
            })?;
            let cells: Vec<Cells> = batch
                .columns()
                .iter()
                .zip(self.wanted)
                .map(|(array, &i)| Cells::new(array, &self.layout.file_columns[i]))
                .collect::<Result<_, _>>()
                .map_err(|m| invalid(self.file, m))?;
            for r in 0..batch.num_rows() {
                row_number += 1;
                record.clear();
                let mut k = 0;
                let mut failed = None;
                for slot in &slot_of {
                    cell.clear();
                    if let Some(at) = *slot {
                        cells[at].write(r, &mut cell);
                    }
                    record.push_field(cell.as_bytes());
                    k += 1;
                }
                for (_, value) in &self.layout.partition {
                    record.push_field(value.as_bytes());
                    k += 1;
                }
                if self.layout.geometry.is_some() {
                    match geometry_slot.map(|at| cells[at].point(r)).transpose() {
                        Ok(Some(Some([lon, lat]))) => {
                            record.push_field(lon.to_string().as_bytes());
                            record.push_field(lat.to_string().as_bytes());
                        }
                        Ok(_) => {
                            record.push_field(b"");
                            record.push_field(b"");
                        }
                        Err(m) => {
                            failed = Some(m);
                            record.push_field(b"");
                            record.push_field(b"");
                        }
                    }
                    k += 2;
                }
                debug_assert_eq!(k, width);
                let problem = |field: Option<String>, message: String| Problem {
                    file: self.file.to_string(),
                    place: Place::Row(row_number),
                    field,
                    message,
                };
                if let Some(m) = failed {
                    loaded.problems.push(problem(Some("geometry".into()), m));
                    continue;
                }
                let row = Row::new(&record, row_number);
                match F::parse_row(&row, columns, atlas, cache) {
                    Ok(event) => loaded.items.push(event),
                    Err((field, message)) => loaded.problems.push(problem(Some(field), message)),
                }
            }
        }
        Ok(loaded)
    }
}

/// A decoded column, read cell by cell as text (the CSV loaders' input).
enum Cells<'a> {
    Plain(&'a dyn Array),
    /// A dictionary-encoded column: its values, and each row's key (`None`: null).
    Dictionary(&'a ArrayRef, Vec<Option<usize>>),
}

impl<'a> Cells<'a> {
    fn new(array: &'a ArrayRef, name: &str) -> Result<Self, String> {
        if let Some(dict) = array.as_any_dictionary_opt() {
            let values = dict.values();
            let keys = if values.is_empty() {
                vec![None; array.len()]
            } else {
                dict.normalized_keys()
                    .into_iter()
                    .enumerate()
                    .map(|(i, k)| array.is_valid(i).then_some(k))
                    .collect()
            };
            check_type(values.data_type(), name)?;
            return Ok(Self::Dictionary(values, keys));
        }
        check_type(array.data_type(), name)?;
        Ok(Self::Plain(array.as_ref()))
    }

    fn write(&self, row: usize, out: &mut String) {
        match self {
            Self::Plain(array) => write_cell(*array, row, out),
            Self::Dictionary(values, keys) => {
                if let Some(Some(k)) = keys.get(row) {
                    write_cell(values.as_ref(), *k, out);
                }
            }
        }
    }

    /// The WKB point in a binary cell: `None` when null or empty.
    fn point(&self, row: usize) -> Result<Option<[f64; 2]>, String> {
        let Self::Plain(array) = self else {
            return Err("the geometry column is not WKB".into());
        };
        if array.is_null(row) {
            return Ok(None);
        }
        let bytes = match array.data_type() {
            DataType::Binary => array.as_binary::<i32>().value(row),
            DataType::LargeBinary => array.as_binary::<i64>().value(row),
            DataType::BinaryView => array.as_binary_view().value(row),
            other => return Err(format!("the geometry column is {other}, not WKB")),
        };
        wkb_point(bytes)
    }
}

/// Refuses a column type no event field is read from.
fn check_type(data_type: &DataType, name: &str) -> Result<(), String> {
    use DataType as D;
    match data_type {
        D::Utf8 | D::LargeUtf8 | D::Utf8View | D::Boolean | D::Null => Ok(()),
        D::Int8 | D::Int16 | D::Int32 | D::Int64 | D::UInt8 | D::UInt16 | D::UInt32 | D::UInt64 => Ok(()),
        D::Float32 | D::Float64 | D::Decimal128(..) | D::Date32 | D::Date64 | D::Timestamp(..) => Ok(()),
        D::Binary | D::LargeBinary | D::BinaryView => Ok(()),
        other => Err(format!(
            "column '{name}' holds {other}, which chronomap does not read"
        )),
    }
}

/// One cell as the CSV loaders would read it: numbers as written, dates as
/// `YYYY-MM-DD` (date-times by their UTC day), nulls empty.
fn write_cell(array: &dyn Array, row: usize, out: &mut String) {
    use DataType as D;
    if array.is_null(row) {
        return;
    }
    let _ = match array.data_type() {
        D::Utf8 => write!(out, "{}", array.as_string::<i32>().value(row)),
        D::LargeUtf8 => write!(out, "{}", array.as_string::<i64>().value(row)),
        D::Utf8View => write!(out, "{}", array.as_string_view().value(row)),
        D::Boolean => write!(out, "{}", array.as_boolean().value(row)),
        D::Int8 => write!(out, "{}", array.as_primitive::<Int8Type>().value(row)),
        D::Int16 => write!(out, "{}", array.as_primitive::<Int16Type>().value(row)),
        D::Int32 => write!(out, "{}", array.as_primitive::<Int32Type>().value(row)),
        D::Int64 => write!(out, "{}", array.as_primitive::<Int64Type>().value(row)),
        D::UInt8 => write!(out, "{}", array.as_primitive::<UInt8Type>().value(row)),
        D::UInt16 => write!(out, "{}", array.as_primitive::<UInt16Type>().value(row)),
        D::UInt32 => write!(out, "{}", array.as_primitive::<UInt32Type>().value(row)),
        D::UInt64 => write!(out, "{}", array.as_primitive::<UInt64Type>().value(row)),
        D::Float32 => write!(out, "{}", array.as_primitive::<Float32Type>().value(row)),
        D::Float64 => write!(out, "{}", array.as_primitive::<Float64Type>().value(row)),
        D::Decimal128(..) => write!(
            out,
            "{}",
            array.as_primitive::<Decimal128Type>().value_as_string(row)
        ),
        D::Date32 => {
            let days = array.as_primitive::<arrow_array::types::Date32Type>().value(row);
            write_day(
                out,
                NaiveDate::default().checked_add_signed(chrono::TimeDelta::days(i64::from(days))),
            )
        }
        D::Date64 => {
            let ms = array.as_primitive::<arrow_array::types::Date64Type>().value(row);
            write_day(out, DateTime::from_timestamp_millis(ms).map(|t| t.date_naive()))
        }
        D::Timestamp(unit, _) => {
            use arrow_array::types::{
                TimestampMicrosecondType as Us, TimestampMillisecondType as Ms,
                TimestampNanosecondType as Ns, TimestampSecondType as S,
            };
            let t = match unit {
                TimeUnit::Second => DateTime::from_timestamp(array.as_primitive::<S>().value(row), 0),
                TimeUnit::Millisecond => {
                    DateTime::from_timestamp_millis(array.as_primitive::<Ms>().value(row))
                }
                TimeUnit::Microsecond => {
                    DateTime::from_timestamp_micros(array.as_primitive::<Us>().value(row))
                }
                TimeUnit::Nanosecond => Some(DateTime::from_timestamp_nanos(
                    array.as_primitive::<Ns>().value(row),
                )),
            };
            write_day(out, t.map(|t| t.date_naive()))
        }
        _ => Ok(()),
    };
}

/// `YYYY-MM-DD`; a day off the calendar is left for the row parser to name.
fn write_day(out: &mut String, day: Option<NaiveDate>) -> std::fmt::Result {
    match day {
        Some(d) => write!(out, "{}", d.format("%Y-%m-%d")),
        None => write!(out, "(a date outside the calendar)"),
    }
}

/// A WKB (or EWKB) point's longitude and latitude; `None` for an empty point.
fn wkb_point(bytes: &[u8]) -> Result<Option<[f64; 2]>, String> {
    let short = || format!("a WKB geometry of {} bytes is cut short", bytes.len());
    let little = match bytes.first() {
        Some(1) => true,
        Some(0) => false,
        _ => return Err("not a WKB geometry (its byte-order byte is neither 0 nor 1)".into()),
    };
    let u32_at = |at: usize| -> Result<u32, String> {
        let b: [u8; 4] = bytes
            .get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(short)?;
        Ok(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let f64_at = |at: usize| -> Result<f64, String> {
        let b: [u8; 8] = bytes
            .get(at..at + 8)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(short)?;
        Ok(if little {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    };
    let kind = u32_at(1)?;
    // EWKB flags (Z, M, SRID) above the ISO type code (1, 1001, 2001, 3001).
    let has_srid = kind & 0x2000_0000 != 0;
    let code = (kind & 0x0FFF_FFFF) % 1000;
    if code != 1 {
        let name = match code {
            2 => "a LineString",
            3 => "a Polygon",
            4 => "a MultiPoint",
            5 => "a MultiLineString",
            6 => "a MultiPolygon",
            7 => "a GeometryCollection",
            _ => "not a geometry chronomap knows",
        };
        return Err(format!(
            "the geometry is {name}; chronomap reads points from GeoParquet"
        ));
    }
    let at = if has_srid { 9 } else { 5 };
    let (x, y) = (f64_at(at)?, f64_at(at + 8)?);
    if x.is_nan() && y.is_nan() {
        return Ok(None);
    }
    Ok(Some([x, y]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wkb_points_in_both_byte_orders_with_and_without_srid() {
        let mut le = vec![1u8, 1, 0, 0, 0];
        le.extend(45.5f64.to_le_bytes());
        le.extend(39.8f64.to_le_bytes());
        assert_eq!(wkb_point(&le).unwrap(), Some([45.5, 39.8]));
        let mut be = vec![0u8, 0, 0, 0, 1];
        be.extend(45.5f64.to_be_bytes());
        be.extend(39.8f64.to_be_bytes());
        assert_eq!(wkb_point(&be).unwrap(), Some([45.5, 39.8]));
        let mut ewkb = vec![1u8, 1, 0, 0, 0x20];
        ewkb.extend(4326u32.to_le_bytes());
        ewkb.extend(45.5f64.to_le_bytes());
        ewkb.extend(39.8f64.to_le_bytes());
        assert_eq!(wkb_point(&ewkb).unwrap(), Some([45.5, 39.8]));
        let mut empty = vec![1u8, 1, 0, 0, 0];
        empty.extend(f64::NAN.to_le_bytes());
        empty.extend(f64::NAN.to_le_bytes());
        assert_eq!(wkb_point(&empty).unwrap(), None);
        assert!(wkb_point(&le[..12]).unwrap_err().contains("cut short"));
        assert!(wkb_point(&[1, 3, 0, 0, 0]).unwrap_err().contains("a Polygon"));
        assert!(wkb_point(&[7]).is_err());
    }

    #[test]
    fn hive_partitions_and_their_escapes() {
        let root = Path::new("/data/ged");
        let part = Path::new("/data/ged/Region=Europe/country=Armenia%20%28AM%29/part-0.parquet");
        assert_eq!(
            partition_values(root, part),
            [
                ("region".to_string(), "Europe".to_string()),
                ("country".to_string(), "Armenia (AM)".to_string())
            ]
        );
        assert_eq!(unescape("__HIVE_DEFAULT_PARTITION__"), "");
        assert_eq!(unescape("100%"), "100%");
    }
}
