//! Reading data files: one module per format. Every loader reports a file it
//! cannot read at all as a [`LoadError`], and a bad feature or row as a
//! [`Problem`] beside the good ones it did load.

pub mod acled;
pub mod animation;
pub mod article;
pub mod chronomap_csv;
#[doc(hidden)]
pub mod csv_compare;
pub mod csv_row;
mod csv_sniff;
pub mod csv_split;
pub mod csv_table;
pub mod detect;
pub mod event_geojson;
pub mod event_geometry;
pub mod export;
pub mod feature_time;
pub mod features;
pub mod format;
pub mod gdelt;
pub mod html_text;
pub mod parquet;
pub mod progress;
pub mod quiet_panic;
pub mod region_geojson;
mod retry;
pub mod row_cache;
pub mod table_format;
pub mod timelinejs;
pub mod ucdp;
pub mod workbook;
pub mod world;

pub use detect::{Format, load_events_file, load_events_text};

use std::fmt;

/// The credit of positions found by a place's name.
pub const GAZETTEER_SOURCE: &str = crate::model::gazetteer::SOURCE;

/// Where the gazetteer puts a place an event names but gives no position
/// for, and the note that says so ("placed by name: Goris, Syunik, Armenia").
pub fn place_by_name(atlas: &crate::model::Atlas, name: &str) -> Option<(f64, f64, crate::model::Note)> {
    let place = atlas.places.best(name, None)?;
    let note = crate::model::Note {
        text: format!("placed by name: {}", atlas.places.describe(place)),
        source: GAZETTEER_SOURCE.to_string(),
    };
    Some((place.lon, place.lat, note))
}

/// Where in a file a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A feature of a GeoJSON FeatureCollection, counted from 0.
    Feature(usize),
    /// A line of a text file, counted from 1.
    Line(u64),
    /// A row of a workbook's sheet, counted from 1 as the spreadsheet shows it.
    SheetRow { sheet: String, row: u64 },
    /// A row of a columnar (Parquet) file, counted from 1.
    Row(u64),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Feature(i) => write!(f, "feature {i}"),
            Self::Line(n) => write!(f, "line {n}"),
            Self::SheetRow { sheet, row } => write!(f, "sheet '{sheet}', row {row}"),
            Self::Row(n) => write!(f, "row {n}"),
        }
    }
}

/// One bad feature or row: it was skipped, the rest loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub place: Place,
    /// The field at fault, if one is.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.place)?;
        if let Some(field) = &self.field {
            write!(f, ": field '{field}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A file that could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{file}: cannot read the file: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: {reason}")]
    Invalid { file: String, reason: String },
}

/// What a loader read from one file: the good items, the skipped ones'
/// problems, and what it has to say of the file as a whole (where the dates
/// came from, rows kept without a place), which `check` prints.
/// `C` holds the items: a `Vec`, or for events that go on the map an
/// [`EventStore`](crate::model::EventStore).
#[derive(Clone, Debug)]
pub struct Loaded<C> {
    pub items: C,
    pub problems: Vec<Problem>,
    pub notes: Vec<String>,
}

impl Loaded<Vec<crate::model::Event>> {
    /// The same, with the events stored by column.
    pub fn into_store(self) -> Loaded<crate::model::EventStore> {
        Loaded {
            items: self.items.into(),
            problems: self.problems,
            notes: self.notes,
        }
    }
}

impl Loaded<crate::model::EventStore> {
    /// The same, with the events owned (small files, tests).
    pub fn into_events(self) -> Loaded<Vec<crate::model::Event>> {
        Loaded {
            items: self.items.to_events(),
            problems: self.problems,
            notes: self.notes,
        }
    }
}

/// Reads a whole file as UTF-8 text, naming the file in any error.
pub fn read_text(path: &std::path::Path) -> Result<String, LoadError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        file: file.clone(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| LoadError::Invalid {
        file,
        reason: format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })
}

/// Reads events from any supported format (see [`detect`]), streaming CSV
/// from `reader`; `file` names it in messages.
pub fn load_events_reader(
    file: &str,
    reader: impl std::io::BufRead + Send,
    atlas: &crate::model::Atlas,
) -> Result<Loaded<crate::model::EventStore>, LoadError> {
    detect::load_events_from_reader(file, reader, atlas, &mut |_| {}).map(|(_, loaded)| loaded)
}
