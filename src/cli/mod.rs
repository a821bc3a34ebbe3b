//! The command line: `chronomap` opens the window; `events`, `regions` and
//! `check` answer from the model without one.

pub mod check;
pub mod events;
pub mod extract;
pub mod json;
pub mod places;
pub mod regions;
pub mod render;

use crate::io::{LoadError, Loaded};
use crate::model::{Atlas, EventStore};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(name = "chronomap", version, about = "A map and timeline of conflict events")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub gui: GuiArgs,
}

/// Options of the window (no subcommand).
#[derive(Debug, Args, Default, Clone)]
pub struct GuiArgs {
    /// Event file (or folder of Parquet parts) to load instead of the built-in article
    /// dataset (repeatable).
    #[arg(long = "data", value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// GeoJSON of regions (polygons with a `name`) to add to the map; a region
    /// with the `id` of a built-in one replaces it (repeatable).
    #[arg(long = "regions", value_name = "FILE")]
    pub regions: Vec<PathBuf>,
    /// Put the time slider on this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<NaiveDate>,
    /// Select this region (name or id) at start.
    #[arg(long, value_name = "REGION")]
    pub select: Option<String>,
    /// Select this event (by its id, as `chronomap events` lists them) at start.
    #[arg(long, value_name = "ID")]
    pub event: Option<String>,
    /// Render the window once, write it to this PNG file and exit.
    #[arg(long, value_name = "PNG")]
    pub screenshot: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List events, optionally by date, range and region.
    Events(events::EventsArgs),
    /// List regions, or those containing a point.
    Regions(regions::RegionsArgs),
    /// Check data files and list every problem found (exit code 1 if any).
    Check(check::CheckArgs),
    /// Find places by name in the built-in gazetteer (exit code 1 if none).
    Places(places::PlacesArgs),
    /// Turn a news article (text or saved web page) into dated events.
    Extract(extract::ExtractArgs),
    /// Write the story as an animated GIF, an MP4 or PNG frames (no display needed).
    Render(render::RenderArgs),
}

/// Bad command-line input: printed as one line, exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Load(#[from] LoadError),
}

/// What the data is called in the window's top bar and on rendered frames:
/// the built-in article, or the files given.
pub fn data_label(data: &[PathBuf]) -> String {
    if data.is_empty() {
        "DW, 8 Nov 2022: “Armenia, Azerbaijan hold peace talks with US mediating”".to_string()
    } else {
        data.iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The id of the region `--select` names (name or id, any case), if any.
pub fn selected_region(atlas: &Atlas, name: Option<&str>) -> Result<Option<String>, CliError> {
    name.map(|name| {
        atlas
            .find(name)
            .map(|region| region.id.to_string())
            .ok_or_else(|| CliError::Usage(format!("unknown region '{name}' (see 'chronomap regions')")))
    })
    .transpose()
}

/// Parses `YYYY-MM-DD` for clap, with a message that says what is expected.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    crate::model::date::parse_day(text).map_err(|e| format!("{e}; expected a day as YYYY-MM-DD"))
}

/// The built-in map with the regions of `files` added; skipped features are
/// reported on `err`.
pub fn load_atlas(files: &[PathBuf], err: &mut dyn std::io::Write) -> Result<Atlas, LoadError> {
    add_region_files(crate::embedded::atlas()?, files, err)
}

/// As [`load_atlas`], without the gazetteer's places: for commands that
/// neither draw a map nor place events by a place's name (`regions`, and
/// `events` over Parquet tables).
pub fn load_region_atlas(files: &[PathBuf], err: &mut dyn std::io::Write) -> Result<Atlas, LoadError> {
    add_region_files(crate::embedded::regions_atlas()?, files, err)
}

/// `atlas` with the regions of `files` added; skipped features are reported on `err`.
pub fn add_region_files(
    mut atlas: Atlas,
    files: &[PathBuf],
    err: &mut dyn std::io::Write,
) -> Result<Atlas, LoadError> {
    for path in files {
        let text = crate::io::read_text(path)?;
        let loaded = crate::io::region_geojson::parse_regions(&path.display().to_string(), &text)?;
        for problem in &loaded.problems {
            let _ = writeln!(err, "warning: skipped {problem}");
        }
        atlas.add_regions(loaded.items);
    }
    Ok(atlas)
}

/// The built-in map and the events of `data` files (or the article when none),
/// with every skipped feature's or row's message. Each file's format (events
/// GeoJSON, UCDP GED CSV, ACLED CSV, TimelineJS JSON) is detected from its content.
pub fn load_events(atlas: &Atlas, data: &[PathBuf]) -> Result<Loaded<EventStore>, LoadError> {
    if data.is_empty() {
        return crate::embedded::article_events(atlas).map(Loaded::into_store);
    }
    let mut all = Loaded {
        items: EventStore::new(),
        problems: Vec::new(),
        notes: Vec::new(),
    };
    for path in data {
        if crate::ui::loader::is_article_file(path) {
            return Err(LoadError::Invalid {
                file: path.display().to_string(),
                reason: format!(
                    "a news article, not event data: extract its events with 'chronomap extract {}', \
                     or open it in the window",
                    path.display()
                ),
            });
        }
        let loaded = crate::io::load_events_file(path, atlas)?;
        all.items.append(loaded.items);
        all.problems.extend(loaded.problems);
        all.notes.extend(loaded.notes);
    }
    Ok(all)
}
