//! What a table format's loader knows, apart from how its rows arrive: the
//! columns it needs and reads, and how one row becomes an event. The CSV
//! reader ([`super::csv_table`]) and the Parquet reader ([`super::parquet`])
//! both hand rows to it, so the same rows give the same events either way.

use super::csv_table::{Header, RequiredColumns, Row};
use super::features::FieldError;
use super::row_cache::RowCache;
use crate::model::{Atlas, Event};

/// A table of events with named columns (UCDP GED, ACLED, GDELT).
pub trait TableFormat {
    /// The format's name in messages ("UCDP GED").
    const NAME: &'static str;
    /// Column sets of which at least one of each must be present.
    const REQUIRED: RequiredColumns<'static>;
    /// Every column a row is read from (lower case): a columnar file is read
    /// for these alone.
    const READS: &'static [&'static str];
    /// The columns, looked up once per table.
    type Columns: Sync;

    /// Finds the columns in `header`.
    fn columns(header: &Header) -> Self::Columns;

    /// One row's event, or what is wrong with it (naming the column).
    fn parse_row(
        row: &Row,
        columns: &Self::Columns,
        atlas: &Atlas,
        cache: &mut RowCache,
    ) -> Result<Event, FieldError>;
}
