//! Parquet files and folders of them, as Spark, DuckDB and pyarrow write
//! them: a file (detected by its `PAR1` magic), or a folder of parts
//! (`part-*.parquet`, Hive-style `key=value/` sub-folders whose values are
//! read as columns). The columns name the format as a CSV header would (UCDP
//! GED, ACLED, GDELT); only the columns its loader reads are decoded, row
//! groups on all cores, and each row goes to the same row parser as the CSV
//! loaders use, so the same rows give the same events. GeoParquet's WKB
//! point `geometry` column stands in for missing latitude/longitude columns.

mod cells;
mod hive;
mod wkb;

use super::acled::Acled;
use super::chronomap_csv::ChronomapCsv;
use super::csv_row::Value;
use super::csv_table::{Header, Row};
use super::gdelt::Gdelt;
use super::row_cache::RowCache;
use super::table_format::TableFormat;
use super::ucdp::Ucdp;
use super::{Format, LoadError, Loaded, Place, Problem};
use crate::model::{Atlas, EventStore};
use arrow_array::RecordBatch;
use cells::Cells;
use hive::{partition_values, parts};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder, RowSelection, RowSelector,
};
use parquet::file::reader::ChunkReader;
use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::channel;

/// How a Parquet file starts (and ends).
pub const MAGIC: &[u8; 4] = b"PAR1";

/// Rows decoded at a time. Small batches' arrays are freed and made again
/// in memory the allocator still holds; 8,192 rows' went back to the system
/// and came back as fresh pages (paired runs at 10^6 rows: 1,024 1.24 s,
/// 2,048 1.13–1.15 s, 4,096 1.22 s, 8,192 1.22 s, 32,768 1.26 s).
const BATCH_ROWS: usize = 2048;

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
pub fn load_parquet(path: &Path, atlas: &Atlas) -> Result<(Format, Loaded<EventStore>), LoadError> {
    if !path.is_dir() {
        return load_part(path, &[], atlas);
    }
    let name = path.display().to_string();
    let parts = parts(path).map_err(|source| LoadError::Io {
        file: name.clone(),
        source,
    })?;
    let mut format: Option<Format> = None;
    let mut all = Loaded {
        items: EventStore::new(),
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
                    format!(
                        "holds {} rows, but the folder's first part holds {} rows",
                        f.name().trim_end_matches(" CSV"),
                        first.name().trim_end_matches(" CSV")
                    ),
                ));
            }
            _ => format = Some(f),
        }
        all.items.append(loaded.items);
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
) -> Result<(Format, Loaded<EventStore>), LoadError> {
    load_source(file, &bytes::Bytes::from(bytes), &[], atlas, MIN_PART_ROWS)
}

/// One Parquet file's events; `partition` adds a folder's `key=value` columns.
fn load_part(
    path: &Path,
    partition: &[(String, String)],
    atlas: &Atlas,
) -> Result<(Format, Loaded<EventStore>), LoadError> {
    load_source(&path.display().to_string(), path, partition, atlas, MIN_PART_ROWS)
}

/// A file's events, its row groups read in parts of at least
/// `min_part_rows` rows where they are few (see [`tasks`]).
fn load_source(
    file: &str,
    handle: &(impl Source + ?Sized),
    partition: &[(String, String)],
    atlas: &Atlas,
    min_part_rows: usize,
) -> Result<(Format, Loaded<EventStore>), LoadError> {
    let bad = |e: parquet::errors::ParquetError| invalid(file, format!("not a readable Parquet file: {e}"));
    let reader = handle.open().map_err(|source| LoadError::Io {
        file: file.to_string(),
        source,
    })?;
    // A damaged footer can make the reader panic: that is a bad file, not a crash.
    let load = || ArrowReaderMetadata::load(&reader, ArrowReaderOptions::new());
    let meta = super::quiet_panic::caught(load)
        .ok_or_else(|| invalid(file, "not a readable Parquet file: its metadata is damaged"))?
        .map_err(bad)?;
    let layout = Layout::of(&meta, partition).map_err(|m| invalid(file, m))?;
    let names: Vec<&str> = layout.header_names();
    let format = super::format::detect_csv_header(&names.join(",")).ok_or_else(|| {
        invalid(
            file,
            format!(
                "its columns are not those of UCDP GED, ACLED, GDELT or chronomap's export (it has {})",
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
        Format::Ucdp => read_rows::<Ucdp>(file, handle, &meta, &layout, atlas, min_part_rows),
        Format::Acled => read_rows::<Acled>(file, handle, &meta, &layout, atlas, min_part_rows),
        Format::ChronomapCsv => read_rows::<ChronomapCsv>(file, handle, &meta, &layout, atlas, min_part_rows),
        Format::Gdelt => {
            read_rows::<Gdelt>(file, handle, &meta, &layout, atlas, min_part_rows).map(|mut loaded| {
                super::gdelt::note_unplaced(&mut loaded);
                loaded
            })
        }
        _ => Err(invalid(file, "holds no event table")),
    }?;
    Ok((format, loaded))
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
    min_part_rows: usize,
) -> Result<Loaded<EventStore>, LoadError> {
    let names = layout.header_names();
    let header = Header::from_names(&names);
    let missing = super::csv_table::missing_columns(&header, F::REQUIRED);
    if !missing.is_empty() {
        return Err(invalid(
            file,
            format!("not a {} table: it lacks {}", F::NAME, missing.join(", ")),
        ));
    }
    let columns = F::columns(&header);
    // Only the columns the row parser looked up (and the geometry) are decoded.
    let asked = header.asked();
    let wanted: Vec<usize> = (0..layout.file_columns.len())
        .filter(|&i| asked.contains(&i) || layout.geometry.is_some_and(|(g, _)| g == i))
        .collect();
    let mask = ProjectionMask::roots(meta.parquet_schema(), wanted.iter().copied());
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    // A damaged footer can claim any count: no overflow.
    let groups: Vec<GroupRows> = meta.metadata().row_groups().iter().map(GroupRows::of).collect();
    let tasks = tasks(&groups, cores, min_part_rows);
    let rows_before = tasks
        .last()
        .map_or(0, |t| t.first_row.saturating_add(t.rows as u64));
    let threads = cores.min(tasks.len().max(1));
    // Threads take the next part in file order; this one appends each
    // part's events as soon as those before it are in, so memory holds the
    // events once, plus the few parts waiting their turn.
    let next_task = AtomicUsize::new(0);
    let (done_tx, done_rx) = channel::<Result<GroupRead, LoadError>>();
    let mut all = Loaded {
        items: reserved(rows_before),
        problems: Vec::new(),
        notes: Vec::new(),
    };
    std::thread::scope(|scope| -> Result<(), LoadError> {
        for _ in 0..threads {
            let (mask, header, columns, wanted, tasks, next_task) =
                (&mask, &header, &columns, &wanted, &tasks, &next_task);
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                let mut cache = RowCache::default();
                loop {
                    let t = next_task.fetch_add(1, Ordering::Relaxed);
                    let Some(&task) = tasks.get(t) else { return };
                    let g = task.group;
                    let read = || -> Result<GroupRead, LoadError> {
                        let reader = handle.open().map_err(|source| LoadError::Io {
                            file: file.to_string(),
                            source,
                        })?;
                        let group = GroupReader {
                            file,
                            layout,
                            wanted,
                            header,
                            first_row: task.first_row,
                            rows: task.rows,
                        };
                        let mut builder =
                            ParquetRecordBatchReaderBuilder::new_with_metadata(reader, meta.clone())
                                .with_projection(mask.clone())
                                .with_row_groups(vec![g])
                                .with_batch_size(BATCH_ROWS);
                        if let Some(skip) = task.part {
                            builder = builder.with_row_selection(RowSelection::from(vec![
                                RowSelector::skip(skip),
                                RowSelector::select(task.rows),
                            ]));
                        }
                        let batches = builder
                            .build()
                            .map_err(|e| invalid(file, format!("row group {g}: {e}")))?;
                        Ok((t, group.read::<F>(batches, columns, atlas, &mut cache)?))
                    };
                    // A decoder that panics on a damaged page fails the file, not the app.
                    let result = super::quiet_panic::caught(read)
                        .unwrap_or_else(|| Err(invalid(file, format!("row group {g} is damaged"))));
                    let failed = result.is_err();
                    if done_tx.send(result).is_err() || failed {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let mut pending = std::collections::BTreeMap::new();
        let mut want = 0;
        for result in done_rx {
            let (g, loaded) = result?;
            pending.insert(g, loaded);
            while let Some(loaded) = pending.remove(&want) {
                all.items.append(loaded.items);
                all.problems.extend(loaded.problems);
                want += 1;
            }
        }
        Ok(())
    })?;
    Ok(all)
}

/// A store with room for the `rows` a file's metadata claims, as far as
/// memory allows: a damaged footer can claim any number (found by fuzzing).
fn reserved(rows: u64) -> EventStore {
    let mut items = EventStore::new();
    items.reserve(usize::try_from(rows).unwrap_or(0).min(MAX_RESERVED_ROWS));
    items
}

/// The most rows reserved ahead from a file's word (10^8): a claim beyond
/// it grows the list as rows really come.
const MAX_RESERVED_ROWS: usize = 100_000_000;

/// A task's number and what was read for it.
type GroupRead = (usize, Loaded<EventStore>);

/// The fewest rows a row group is split into parts of (see [`tasks`]).
const MIN_PART_ROWS: usize = 65_536;

/// The most parts a row group is read in (a damaged footer can claim any
/// number of rows).
const MAX_PARTS: usize = 256;

/// A part of a row group to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Task {
    group: usize,
    /// For a part of a group, the group's rows before it; `None` for a
    /// group read whole.
    part: Option<usize>,
    /// Rows in the part (as claimed, for a whole group).
    rows: usize,
    /// Rows in the file before the part.
    first_row: u64,
}

/// The pieces of work for `threads` threads over row groups of these
/// sizes, in file order. A file of many groups is read a group a piece.
/// One of fewer groups than twice the threads (Spark writes groups of
/// 128 MB, a million rows or more) has its groups read in parts of about
/// equal size, at least `min_part_rows` each, so that every thread has
/// work to the end: the reader skips the pages outside a part unread, but
/// a page that straddles two parts is read by both.
fn tasks(groups: &[GroupRows], threads: usize, min_part_rows: usize) -> Vec<Task> {
    let wanted = 2 * threads.max(1);
    let parts_each = if groups.len() >= wanted {
        1
    } else {
        wanted.div_ceil(groups.len().max(1))
    };
    let mut tasks = Vec::new();
    let mut first_row = 0u64;
    for (group, g) in groups.iter().enumerate() {
        let rows = g.claimed;
        let parts = if g.corroborated {
            parts_each.min(rows / min_part_rows.max(1)).clamp(1, MAX_PARTS)
        } else {
            1
        };
        if parts == 1 {
            // Read whole, with no selection: every row the pages hold,
            // whatever a damaged footer claims (as many as it says, or none).
            tasks.push(Task {
                group,
                part: None,
                rows,
                first_row,
            });
        } else {
            let part_rows = rows.div_ceil(parts).max(1);
            let mut skip = 0;
            while skip < rows {
                let take = part_rows.min(rows - skip);
                tasks.push(Task {
                    group,
                    part: Some(skip),
                    rows: take,
                    first_row: first_row.saturating_add(skip as u64),
                });
                skip += take;
            }
        }
        first_row = first_row.saturating_add(rows as u64);
    }
    tasks
}

/// A row group's claimed rows, and whether its column chunks agree with the
/// claim (each holds as many values as the group claims rows): only then is
/// it read in parts, as a part past the real rows would fail the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct GroupRows {
    claimed: usize,
    corroborated: bool,
}

impl GroupRows {
    fn of(group: &parquet::file::metadata::RowGroupMetaData) -> Self {
        // A damaged footer can claim any count: no overflow.
        let claimed = usize::try_from(group.num_rows()).unwrap_or(0);
        let corroborated = claimed > 0
            && group
                .columns()
                .iter()
                .all(|c| usize::try_from(c.num_values()).ok() == Some(claimed));
        Self {
            claimed,
            corroborated,
        }
    }
}

/// A row group's rows, or a part of them, turned into records for the row parser.
struct GroupReader<'a> {
    file: &'a str,
    layout: &'a Layout,
    /// The file columns decoded, in the order the batches hold them.
    wanted: &'a [usize],
    header: &'a Header,
    /// Rows in the groups before this one.
    first_row: u64,
    /// Rows in this one.
    rows: usize,
}

impl GroupReader<'_> {
    fn read<F: TableFormat>(
        &self,
        batches: impl Iterator<Item = Result<RecordBatch, arrow_schema::ArrowError>>,
        columns: &F::Columns,
        atlas: &Atlas,
        cache: &mut RowCache,
    ) -> Result<Loaded<EventStore>, LoadError> {
        let mut loaded = Loaded {
            items: reserved(self.rows as u64),
            problems: Vec::new(),
            notes: Vec::new(),
        };
        let mut row_number = self.first_row;
        // The text of the cells written out (numbers, dates), row by row.
        let mut written = String::new();
        let width = self.header.names().len();
        // Each decoded file column's position, and where its cells are in a
        // batch (the geometry is read apart).
        let decoded: Vec<(usize, usize)> = self
            .wanted
            .iter()
            .enumerate()
            .filter(|&(_, &position)| self.layout.geometry.is_none_or(|(g, _)| g != position))
            .map(|(at, &position)| (position, at))
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
            // The row's cells by header position: the file's columns, the
            // folders' partition values, then the geometry's point. Only the
            // decoded columns' and the geometry's change from row to row
            // (a wide export has dozens of others).
            let mut values: Vec<Value> = Vec::with_capacity(width);
            values.resize_with(self.layout.file_columns.len(), || Value::Null);
            values.extend(self.layout.partition.iter().map(|(_, value)| Value::Text(value)));
            if self.layout.geometry.is_some() {
                values.extend([Value::Null, Value::Null]);
            }
            debug_assert_eq!(values.len(), width);
            for r in 0..batch.num_rows() {
                row_number += 1;
                written.clear();
                let mut failed = None;
                for &(position, at) in &decoded {
                    if let (Some(value), Some(cells)) = (values.get_mut(position), cells.get(at)) {
                        *value = cells.value(r, &mut written);
                    }
                }
                if self.layout.geometry.is_some() {
                    let point = match geometry_slot.map(|at| cells[at].point(r)).transpose() {
                        Ok(Some(Some([lon, lat]))) => [Value::double(lon), Value::double(lat)],
                        Ok(_) => [Value::Null, Value::Null],
                        Err(m) => {
                            failed = Some(m);
                            [Value::Null, Value::Null]
                        }
                    };
                    if let Some(last) = values.last_chunk_mut::<2>() {
                        *last = point;
                    }
                }
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
                let row = Row::from_values(&values, &written, row_number);
                match F::parse_row(&row, columns, atlas, cache) {
                    Ok(event) => cache.push_into(event, &mut loaded.items),
                    Err((field, message)) => loaded.problems.push(problem(Some(field), message)),
                }
            }
        }
        Ok(loaded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts_of(tasks: &[Task]) -> Vec<(usize, Option<usize>, usize, u64)> {
        tasks
            .iter()
            .map(|t| (t.group, t.part, t.rows, t.first_row))
            .collect()
    }

    /// Groups whose chunks agree with their claims.
    fn sound(rows: &[usize]) -> Vec<GroupRows> {
        rows.iter()
            .map(|&claimed| GroupRows {
                claimed,
                corroborated: true,
            })
            .collect()
    }

    #[test]
    fn many_groups_are_read_a_group_a_piece() {
        let many = tasks(&sound(&[100_000, 100_000, 100_000, 40_000]), 2, 1_000);
        assert_eq!(
            parts_of(&many),
            vec![
                (0, None, 100_000, 0),
                (1, None, 100_000, 100_000),
                (2, None, 100_000, 200_000),
                (3, None, 40_000, 300_000)
            ]
        );
    }

    #[test]
    fn few_big_groups_are_read_in_parts_that_cover_every_row_once() {
        // One group as Spark writes it: four parts for two threads.
        let spark = tasks(&sound(&[1_000_003]), 2, 65_536);
        assert_eq!(spark.len(), 4);
        let mut next = 0;
        for t in &spark {
            assert_eq!((t.group, t.part, t.first_row), (0, Some(next), next as u64));
            next += t.rows;
        }
        assert_eq!(next, 1_000_003);
        // Parts no smaller than asked; a group claiming no rows still read.
        let small = tasks(&sound(&[100_000, 0, 10]), 2, 65_536);
        assert_eq!(
            parts_of(&small),
            vec![
                (0, None, 100_000, 0),
                (1, None, 0, 100_000),
                (2, None, 10, 100_000)
            ]
        );
        // A damaged footer's claim is read in a bounded number of parts.
        assert_eq!(tasks(&sound(&[usize::MAX / 4]), 1_000, 1).len(), MAX_PARTS);
    }

    #[test]
    fn a_group_its_chunks_do_not_bear_out_is_read_whole() {
        // Its pages may hold more or fewer rows than the footer says: a
        // part past the real rows would fail the file, a claim too small
        // would drop rows.
        let doubtful = GroupRows {
            claimed: 1_000_000,
            corroborated: false,
        };
        assert_eq!(
            parts_of(&tasks(&[doubtful], 2, 65_536)),
            vec![(0, None, 1_000_000, 0)]
        );
    }

    #[test]
    fn a_file_read_in_parts_gives_what_it_gives_read_whole() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/ucdp_ged_sample.parquet"
        );
        let bytes = bytes::Bytes::from(std::fs::read(path).unwrap());
        let atlas = crate::embedded::atlas().unwrap();
        let read = |min_part_rows| {
            let (_, loaded) = load_source("sample", &bytes, &[], &atlas, min_part_rows).unwrap();
            (loaded.items.to_events(), loaded.problems.len())
        };
        // Its chunks bear out its claims: it is really read in parts.
        let meta = ArrowReaderMetadata::load(&bytes, ArrowReaderOptions::new()).unwrap();
        let groups: Vec<GroupRows> = meta.metadata().row_groups().iter().map(GroupRows::of).collect();
        assert!(groups.iter().all(|g| g.corroborated));
        assert!(tasks(&groups, 2, 1).iter().filter(|t| t.part.is_some()).count() >= 2);
        let whole = read(usize::MAX);
        assert!(whole.0.len() >= 5, "the sample's rows: {}", whole.0.len());
        // One row a part at least: as many parts as two threads a core want.
        assert_eq!(read(1), whole);
        assert_eq!(read(2), whole);
    }
}
