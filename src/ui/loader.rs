//! Loading a data file on a background thread, so the window stays
//! responsive, with progress and a cancel button. The thread also indexes
//! the events it read into the shared catalog: a million events take half a
//! second to index, which no frame should wait for.

use crate::io::progress::{CANCELLED, ProgressReader};
use crate::io::{LoadError, Loaded, Problem};
use crate::model::{Atlas, Catalog, Event, Region};
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// What a file turned out to hold.
#[derive(Debug)]
pub enum LoadedData {
    /// Events, already added as a dataset to the shared catalog.
    Events {
        /// How many events were read.
        added: usize,
        /// The rows or features skipped, with why.
        problems: Vec<Problem>,
        /// The catalog with them (none if there were none).
        version: Option<CatalogVersion>,
    },
    /// Regions, for the window to add to its atlas.
    Regions(Loaded<Region>),
}

/// The catalog as the loading threads left it, numbered: each load that adds
/// a dataset makes the next number, and holds everything added before it.
#[derive(Clone, Debug)]
pub struct CatalogVersion {
    pub number: u64,
    pub catalog: Arc<Catalog>,
}

/// What the window shares with its loading threads. A load that finishes
/// indexes its events, with every event before them, into the next catalog
/// version on its own thread (half a second at 10^6, which no frame should
/// wait for); loads that finish together take turns. The window shows the
/// newest version a finished load hands it; it never waits on the lock.
#[derive(Clone)]
pub struct SharedData {
    catalog: Arc<Mutex<CatalogVersion>>,
    /// The atlas events are placed on. Held only to swap or copy the pointer.
    atlas: Arc<Mutex<Arc<Atlas>>>,
}

impl SharedData {
    /// Starts from the window's catalog (version 0) and atlas.
    pub fn new(catalog: Arc<Catalog>, atlas: Arc<Atlas>) -> Self {
        Self {
            catalog: Arc::new(Mutex::new(CatalogVersion { number: 0, catalog })),
            atlas: Arc::new(Mutex::new(atlas)),
        }
    }

    /// The atlas later loads place their events on (after regions were added).
    pub fn set_atlas(&self, atlas: Arc<Atlas>) {
        *self.atlas.lock().unwrap_or_else(PoisonError::into_inner) = atlas;
    }

    /// The atlas loads place their events on: with the world's layers, read
    /// first if need be (every event with a point is linked to its country).
    fn atlas(&self) -> Arc<Atlas> {
        match crate::embedded::world() {
            Ok(world) => self.atlas_with_world(world),
            Err(_) => Arc::clone(&self.atlas.lock().unwrap_or_else(PoisonError::into_inner)),
        }
    }

    /// The shared atlas with `world` added: added once, by whichever asks
    /// first, a loading thread or the window.
    pub fn atlas_with_world(&self, world: &crate::embedded::World) -> Arc<Atlas> {
        let mut atlas = self.atlas.lock().unwrap_or_else(PoisonError::into_inner);
        if !atlas.has_places() {
            let mut with_world = Atlas::clone(&atlas);
            crate::embedded::add_world(&mut with_world, world);
            *atlas = Arc::new(with_world);
        }
        Arc::clone(&atlas)
    }
}

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
    /// Starts reading `path` on a new thread, which adds its events to the
    /// shared catalog; `ctx` is asked to repaint when done.
    pub fn start(path: PathBuf, shared: SharedData, ctx: egui::Context) -> Self {
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
            let atlas = shared.atlas();
            let file = path.display().to_string();
            // A bug that panics here must still end the job (its progress bar,
            // the start-up day waiting for it), as an error the window shows.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                load(&path, &atlas, bytes_read, cancel.clone()).and_then(|parsed| match parsed {
                    Parsed::Regions(loaded) => Ok(LoadedData::Regions(loaded)),
                    Parsed::Events(loaded) => add_events(&shared, &file, name, loaded, &cancel),
                })
            }))
            .unwrap_or_else(|_| {
                Err(LoadError::Invalid {
                    file: file.clone(),
                    reason: "loading stopped on an internal error; the data already shown stays".into(),
                })
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

/// Adds the events as a dataset called `name` to the shared catalog, unless
/// the load is cancelled first (then the catalog stays as it was).
fn add_events(
    shared: &SharedData,
    file: &str,
    name: String,
    loaded: Loaded<Event>,
    cancel: &AtomicBool,
) -> Result<LoadedData, LoadError> {
    let cancelled = || LoadError::Io {
        file: file.to_string(),
        source: std::io::Error::other(CANCELLED),
    };
    let added = loaded.items.len();
    let mut version = None;
    if added > 0 {
        // The newest atlas: regions may have been added since the load began.
        let atlas = shared.atlas();
        // Poisoned only if another load panicked while adding: the version in
        // the lock is still the last whole one.
        let mut current = shared.catalog.lock().unwrap_or_else(PoisonError::into_inner);
        if cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        let next = current.catalog.with_dataset(name, loaded.items, &atlas);
        if cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        *current = CatalogVersion {
            number: current.number + 1,
            catalog: Arc::new(next),
        };
        version = Some(current.clone());
    }
    Ok(LoadedData::Events {
        added,
        problems: loaded.problems,
        version,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn two_events() -> Loaded<Event> {
        let text = r#"{"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": null, "properties": {"id": "a", "title": "A", "start": "2020"}},
            {"type": "Feature", "geometry": null, "properties": {"id": "b", "title": "B", "start": "2021"}}]}"#;
        crate::io::event_geojson::parse_events("e.geojson", text, &Atlas::default()).unwrap()
    }

    fn shown(shared: &SharedData) -> (u64, usize) {
        let current = shared.catalog.lock().unwrap();
        (current.number, current.catalog.events().len())
    }

    #[test]
    fn each_load_adds_the_next_version_and_a_cancelled_one_none() {
        let shared = SharedData::new(Arc::new(Catalog::default()), Arc::new(Atlas::default()));
        let go = AtomicBool::new(false);
        let added = add_events(&shared, "a.geojson", "a".into(), two_events(), &go).unwrap();
        let LoadedData::Events { added, version, .. } = added else {
            panic!("events")
        };
        assert_eq!((added, version.map(|v| v.number)), (2, Some(1)));
        assert_eq!(shown(&shared), (1, 2));
        add_events(&shared, "b.geojson", "b".into(), two_events(), &go).unwrap();
        assert_eq!(shown(&shared), (2, 4));
        let stop = AtomicBool::new(true);
        let e = add_events(&shared, "c.geojson", "c".into(), two_events(), &stop).unwrap_err();
        assert!(e.to_string().contains(CANCELLED), "{e}");
        assert_eq!(shown(&shared), (2, 4), "a cancelled load adds nothing");
    }
}
