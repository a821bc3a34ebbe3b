//! Loading a data file on a background thread, so the window stays
//! responsive, with progress and a cancel button. The thread also indexes
//! the events it read into the shared catalog: a million events take half a
//! second to index, which no frame should wait for.

use crate::io::progress::ProgressReader;
use crate::io::{LoadError, Loaded, Problem};
use crate::model::{Atlas, Catalog, Event, Region};
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What a file turned out to hold.
#[derive(Debug)]
pub enum LoadedData {
    /// Events, already added to the [`SharedCatalog`] as a dataset: how many,
    /// and the rows skipped.
    Events {
        added: usize,
        problems: Vec<Problem>,
    },
    Regions(Loaded<Region>),
}

/// The catalog the window shows, shared with the loading threads. A load
/// that finishes replaces it with one holding its dataset too; loads that
/// finish together take turns (the lock), each adding to what the last left.
/// The window picks up the new catalog on its next frame.
pub type SharedCatalog = Arc<Mutex<Arc<Catalog>>>;

/// What the file held, before its events are indexed.
enum Parsed {
    Events(Loaded<Event>),
    Regions(Loaded<Region>),
}

type Outcome = Arc<Mutex<Option<Result<LoadedData, LoadError>>>>;

/// One file being loaded.
pub struct LoadJob {
    /// The file's name, for the progress bar and the legend.
    pub name: String,
    pub path: PathBuf,
    total_bytes: u64,
    bytes_read: Arc<AtomicU64>,
    cancel: Arc<AtomicBool>,
    outcome: Outcome,
}

impl LoadJob {
    /// Starts reading `path` on a new thread, which adds its events to
    /// `catalog`; `ctx` is asked to repaint when done.
    pub fn start(path: PathBuf, atlas: Atlas, catalog: SharedCatalog, ctx: egui::Context) -> Self {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let total_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let bytes_read = Arc::new(AtomicU64::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let outcome: Outcome = Arc::new(Mutex::new(None));
        let job = Self {
            name: name.clone(),
            path: path.clone(),
            total_bytes,
            bytes_read: bytes_read.clone(),
            cancel: cancel.clone(),
            outcome: outcome.clone(),
        };
        std::thread::spawn(move || {
            let result = load(&path, &atlas, bytes_read, cancel).map(|parsed| match parsed {
                Parsed::Regions(loaded) => LoadedData::Regions(loaded),
                Parsed::Events(loaded) => add_events(&catalog, name, loaded, &atlas),
            });
            if let Ok(mut slot) = outcome.lock() {
                *slot = Some(result);
            }
            ctx.request_repaint();
        });
        job
    }

    /// How much of the file has been read, 0..=1.
    pub fn fraction(&self) -> f32 {
        if self.total_bytes == 0 {
            return 0.0;
        }
        (self.bytes_read.load(Ordering::Relaxed) as f64 / self.total_bytes as f64).clamp(0.0, 1.0) as f32
    }

    /// Asks the thread to stop; it finishes with a "cancelled" error.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The result, once the thread is done (taken: returns it once).
    pub fn take_result(&self) -> Option<Result<LoadedData, LoadError>> {
        self.outcome.lock().ok().and_then(|mut slot| slot.take())
    }
}

/// Adds the events as a dataset called `name` to the shared catalog.
fn add_events(catalog: &SharedCatalog, name: String, loaded: Loaded<Event>, atlas: &Atlas) -> LoadedData {
    let added = loaded.items.len();
    if added > 0 {
        // Poisoned only if another load panicked while adding: the catalog in
        // the lock is still the last whole one.
        let mut current = catalog.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let next = current.with_dataset(name, loaded.items, atlas);
        *current = Arc::new(next);
    }
    LoadedData::Events {
        added,
        problems: loaded.problems,
    }
}

/// Events or, for a GeoJSON of polygons without event fields, regions.
fn load(
    path: &Path,
    atlas: &Atlas,
    bytes_read: Arc<AtomicU64>,
    cancel: Arc<AtomicBool>,
) -> Result<Parsed, LoadError> {
    let file = path.display().to_string();
    let io_error = |source: std::io::Error| LoadError::Io {
        file: file.clone(),
        source,
    };
    let handle = std::fs::File::open(path).map_err(io_error)?;
    let mut reader = std::io::BufReader::new(ProgressReader::new(handle, bytes_read, cancel));
    let first = reader
        .fill_buf()
        .map_err(io_error)?
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace());
    if first != Some(b'{') {
        return crate::io::load_events_reader(&file, reader, atlas).map(Parsed::Events);
    }
    // JSON is read whole anyway; look at it once to tell regions from events.
    let mut text = String::new();
    reader.read_to_string(&mut text).map_err(io_error)?;
    let is_regions = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|root| crate::io::detect::detect_json(&root).ok())
        == Some(crate::io::Format::RegionGeoJson);
    if is_regions {
        crate::io::region_geojson::parse_regions(&file, &text).map(Parsed::Regions)
    } else {
        crate::io::load_events_text(&file, &text, atlas).map(Parsed::Events)
    }
}
