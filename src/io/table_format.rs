//! What a table format's loader knows, apart from how its rows arrive: the
//! columns it needs and reads, and how one row becomes an event. The CSV
//! reader ([`super::csv_table`]) and the Parquet reader ([`super::parquet`])
//! both hand rows to it, so the same rows give the same events either way.

use super::csv_table::{Header, RequiredColumns, Row, read_table};
use super::features::FieldError;
use super::row_cache::{RowCache, RowEvent};
use super::{LoadError, Loaded};
use crate::model::{Atlas, EventStore};
use std::io::Read;

/// A table of events with named columns (UCDP GED, ACLED, GDELT).
pub trait TableFormat {
    /// The format's name in messages ("UCDP GED").
    const NAME: &'static str;
    /// Column sets of which at least one of each must be present.
    const REQUIRED: RequiredColumns<'static>;
    /// The columns, looked up once per table.
    type Columns: Sync;

    /// Finds the columns in `header`.
    fn columns(header: &Header) -> Self::Columns;

    /// One row's event, its shared values kept in `cache`, or what is
    /// wrong with it (naming the column).
    fn parse_row(
        row: &Row,
        columns: &Self::Columns,
        atlas: &Atlas,
        cache: &mut RowCache,
    ) -> Result<RowEvent, FieldError>;
}

/// Reads `F`'s events from a CSV stream with a header. `file` names it in
/// messages; `progress` is told the bytes read so far every 10,000 rows.
pub fn read_csv<F: TableFormat, R: Read + Send>(
    file: &str,
    reader: R,
    atlas: &Atlas,
    progress: &mut dyn FnMut(u64),
) -> Result<Loaded<EventStore>, LoadError> {
    read_table(
        file,
        reader,
        F::NAME,
        F::REQUIRED,
        progress,
        F::columns,
        |row, columns, cache| F::parse_row(row, columns, atlas, cache),
    )
}
