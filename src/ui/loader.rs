//! Loading a data file (or a news article, to extract) on a background
//! thread, so the window stays responsive, with progress and a cancel
//! button. The thread also indexes the events it read into the shared
//! catalog: a million events take half a second to index, which no frame
//! should wait for.

use crate::io::progress::{CANCELLED, ProgressReader};
use crate::io::{LoadError, Loaded, Problem};
use crate::model::article_doc::ArticleDoc;
use crate::model::extract::Article;
use crate::model::{Atlas, Catalog, Event, EventStore, Region};
use chrono::NaiveDate;
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
        /// What the loader said of the file (see [`Loaded::notes`]).
        notes: Vec<String>,
        /// The catalog with them (none if there were none).
        version: Option<CatalogVersion>,
    },
    /// Regions, for the window to add to its atlas.
    Regions(Loaded<Vec<Region>>),
    /// A news article's events, already added as a dataset, and the article
    /// as its panel shows it.
    Article {
        added: usize,
        version: Option<CatalogVersion>,
        doc: ArticleDoc,
    },
    /// A news article that does not say when it was published: the window
    /// asks, then extracts it ([`LoadJob::start_article`]).
    NeedsDate(Article),
}

/// File names read as news articles, not event data.
pub const ARTICLE_EXTENSIONS: [&str; 4] = ["txt", "html", "htm", "text"];

/// Whether `path` is read as a news article.
pub fn is_article_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(e)))
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

    /// The next catalog version, with the event at `pos` replaced (a
    /// reader's correction): later loads build on it.
    pub fn replace_event(&self, pos: usize, event: Event) -> CatalogVersion {
        let atlas = self.atlas();
        let mut current = self.catalog.lock().unwrap_or_else(PoisonError::into_inner);
        let next = current.catalog.with_event_replaced(pos, event, &atlas);
        *current = CatalogVersion {
            number: current.number + 1,
            catalog: Arc::new(next),
        };
        current.clone()
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
    Events(Box<Loaded<EventStore>>),
    Regions(Loaded<Vec<Region>>),
    Article(Article),
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
        let file = path.display().to_string();
        let prefix = article_prefix(&path);
        Self::spawn(name, path.clone(), total_bytes, shared, ctx, move |job| {
            let parsed = load(&path, &job.atlas, job.bytes_read.clone(), job.cancel.clone())?;
            match parsed {
                Parsed::Regions(loaded) => Ok(LoadedData::Regions(loaded)),
                Parsed::Events(loaded) => {
                    add_events(&job.shared, &file, job.name.clone(), *loaded, &job.cancel)
                        .map(|added| added.into_events())
                }
                Parsed::Article(article) => extract_article(&job, &file, &prefix, article, None),
            }
        })
    }

    /// Extracts a pasted article's events into a new dataset called `name`
    /// (`published`, or the date the text gives).
    pub fn start_pasted(
        name: String,
        text: String,
        published: Option<NaiveDate>,
        shared: SharedData,
        ctx: egui::Context,
    ) -> Self {
        let total_bytes = text.len() as u64;
        Self::spawn(
            name.clone(),
            PathBuf::from(&name),
            total_bytes,
            shared,
            ctx,
            move |job| {
                let article = crate::io::article::parse_article(&text);
                extract_article(&job, &name, "pasted", article, published)
            },
        )
    }

    /// Extracts an article read before (one that did not say when it was
    /// published) with the date the user gave.
    pub fn start_article(
        name: String,
        article: Article,
        published: NaiveDate,
        shared: SharedData,
        ctx: egui::Context,
    ) -> Self {
        let prefix = article_prefix(Path::new(&name));
        Self::spawn(name.clone(), PathBuf::from(&name), 0, shared, ctx, move |job| {
            extract_article(&job, &name, &prefix, article, Some(published))
        })
    }

    /// Runs `work` on a new thread; `ctx` is asked to repaint when done.
    fn spawn(
        name: String,
        path: PathBuf,
        total_bytes: u64,
        shared: SharedData,
        ctx: egui::Context,
        work: impl FnOnce(Work) -> Result<LoadedData, LoadError> + Send + 'static,
    ) -> Self {
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
            let file = path.display().to_string();
            // A bug that panics here must still end the job (its progress bar,
            // the start-up day waiting for it), as an error the window shows.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let atlas = shared.atlas();
                work(Work {
                    name,
                    shared,
                    atlas,
                    bytes_read,
                    cancel,
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

/// What a loading thread works with.
struct Work {
    /// The dataset's name.
    name: String,
    shared: SharedData,
    /// The atlas events are placed on (with the world's layers).
    atlas: Arc<Atlas>,
    bytes_read: Arc<AtomicU64>,
    cancel: Arc<AtomicBool>,
}

/// Events added to the shared catalog: how many, the version holding them,
/// and where they are in it.
#[derive(Debug)]
struct Added {
    added: usize,
    problems: Vec<Problem>,
    notes: Vec<String>,
    version: Option<CatalogVersion>,
    /// The position of the first of them.
    first: usize,
    /// Their dataset's position.
    dataset: usize,
}

impl Added {
    fn into_events(self) -> LoadedData {
        LoadedData::Events {
            added: self.added,
            problems: self.problems,
            notes: self.notes,
            version: self.version,
        }
    }
}

/// Ids of an article's events start with its file's name ("talks-01").
fn article_prefix(path: &Path) -> String {
    path.file_stem()
        .map(|s| crate::io::region_geojson::slug(&s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "article".into())
}

/// Extracts `article`'s events (dated against `published`, or the date it
/// gives) into a new dataset; or, with no date at all, hands it back to ask.
fn extract_article(
    job: &Work,
    file: &str,
    prefix: &str,
    article: Article,
    published: Option<NaiveDate>,
) -> Result<LoadedData, LoadError> {
    if article.body.trim().is_empty() {
        return Err(LoadError::Invalid {
            file: file.to_string(),
            reason: "no article text found in it".into(),
        });
    }
    let Some(published) = published.or(article.published) else {
        return Ok(LoadedData::NeedsDate(article));
    };
    let x = crate::model::extract::extract(&article, published, &job.atlas);
    let events = crate::model::extract::events::to_events(&x, &article, published, &job.atlas, prefix);
    let loaded = Loaded {
        items: events.into(),
        problems: Vec::new(),
        notes: Vec::new(),
    };
    let added = add_events(&job.shared, file, job.name.clone(), loaded, &job.cancel)?;
    let doc = ArticleDoc::from_extraction(&article, &x, published, added.first, added.dataset);
    Ok(LoadedData::Article {
        added: added.added,
        version: added.version,
        doc,
    })
}

/// Adds the events as a dataset called `name` to the shared catalog, unless
/// the load is cancelled first (then the catalog stays as it was).
fn add_events(
    shared: &SharedData,
    file: &str,
    name: String,
    loaded: Loaded<EventStore>,
    cancel: &AtomicBool,
) -> Result<Added, LoadError> {
    let cancelled = || LoadError::Io {
        file: file.to_string(),
        source: std::io::Error::other(CANCELLED),
    };
    let added = loaded.items.len();
    let mut version = None;
    let (mut first, mut dataset) = (0, 0);
    if added > 0 {
        // The newest atlas: regions may have been added since the load began.
        let atlas = shared.atlas();
        // Poisoned only if another load panicked while adding: the version in
        // the lock is still the last whole one.
        let mut current = shared.catalog.lock().unwrap_or_else(PoisonError::into_inner);
        if cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        first = current.catalog.events().len();
        let next = current.catalog.with_dataset(name, loaded.items, &atlas);
        dataset = next.datasets().len().saturating_sub(1);
        if cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        *current = CatalogVersion {
            number: current.number + 1,
            catalog: Arc::new(next),
        };
        version = Some(current.clone());
    }
    Ok(Added {
        added,
        problems: loaded.problems,
        notes: loaded.notes,
        version,
        first,
        dataset,
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
    if is_article_file(path) {
        return crate::io::article::read_article(path).map(Parsed::Article);
    }
    if crate::io::workbook::is_workbook(path) {
        return crate::io::workbook::load_workbook(path, atlas)
            .map(|(_, loaded)| Parsed::Events(Box::new(loaded)));
    }
    // A Parquet file, or a folder of its parts: read by row group, on all cores.
    if crate::io::parquet::is_parquet(path) {
        return crate::io::parquet::load_parquet(path, atlas)
            .map(|(_, loaded)| Parsed::Events(Box::new(loaded)));
    }
    let handle = std::fs::File::open(path).map_err(io_error)?;
    let mut reader = std::io::BufReader::new(ProgressReader::new(handle, bytes_read, cancel));
    let first = reader
        .fill_buf()
        .map_err(io_error)?
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace());
    if first != Some(b'{') {
        return crate::io::load_events_reader(&file, reader, atlas).map(|l| Parsed::Events(Box::new(l)));
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
        crate::io::load_events_text(&file, &text, atlas).map(|l| Parsed::Events(Box::new(l)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_events() -> Loaded<EventStore> {
        let text = r#"{"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": null, "properties": {"id": "a", "title": "A", "start": "2020"}},
            {"type": "Feature", "geometry": null, "properties": {"id": "b", "title": "B", "start": "2021"}}]}"#;
        crate::io::event_geojson::parse_events("e.geojson", text, &Atlas::default())
            .unwrap()
            .into_store()
    }

    fn shown(shared: &SharedData) -> (u64, usize) {
        let current = shared.catalog.lock().unwrap();
        (current.number, current.catalog.events().len())
    }

    #[test]
    fn each_load_adds_the_next_version_and_a_cancelled_one_none() {
        let shared = SharedData::new(Arc::new(Catalog::default()), Arc::new(Atlas::default()));
        let go = AtomicBool::new(false);
        let Added {
            added,
            version,
            first,
            dataset,
            ..
        } = add_events(&shared, "a.geojson", "a".into(), two_events(), &go).unwrap();
        assert_eq!((added, version.map(|v| v.number)), (2, Some(1)));
        assert_eq!((first, dataset), (0, 0));
        assert_eq!(shown(&shared), (1, 2));
        let b = add_events(&shared, "b.geojson", "b".into(), two_events(), &go).unwrap();
        assert_eq!(
            (b.first, b.dataset),
            (2, 1),
            "after the first two, as the second dataset"
        );
        assert_eq!(shown(&shared), (2, 4));
        let stop = AtomicBool::new(true);
        let e = add_events(&shared, "c.geojson", "c".into(), two_events(), &stop).unwrap_err();
        assert!(e.to_string().contains(CANCELLED), "{e}");
        assert_eq!(shown(&shared), (2, 4), "a cancelled load adds nothing");
    }
}
