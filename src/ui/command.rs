//! Everything a panel can ask to change, collected during a frame and applied
//! once at its end, so every panel draws the same state.

use super::settings::ThemeChoice;
use super::state::PlaySpeed;
use crate::model::frames::Step;
use chrono::NaiveDate;
use std::path::PathBuf;

/// A change to the shared state.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Put the slider on this day.
    SetDay(NaiveDate),
    /// Move the slider by whole days (negative: back).
    StepDays(i64),
    /// Select the next (`true`) or previous event.
    StepEvent {
        forward: bool,
    },
    /// Slider to the first day of the data.
    JumpToStart,
    /// Slider to the last day of the data.
    JumpToEnd,
    /// Select a region by id, or clear the selection.
    SelectRegion(Option<String>),
    /// Select an event by position, or clear it.
    SelectEvent(Option<usize>),
    /// The pointer is over this event (in any panel).
    HoverEvent(usize),
    SetPlaying(bool),
    SetSpeed(PlaySpeed),
    /// Fit the map to the data's area.
    FitMap,
    /// Zoom the map about its centre by this factor.
    ZoomMap(f64),
    SetTheme(ThemeChoice),
    /// Load these files as new datasets (in the background).
    OpenFiles(Vec<std::path::PathBuf>),
    /// Ask for a folder (of Parquet parts) and load it as one dataset.
    OpenFolder,
    /// Stop loading the file at this position of the loading list.
    CancelLoad(usize),
    /// Ask where to export, then write.
    Export(ExportKind),
    /// Write an export to this file.
    ExportTo(ExportKind, std::path::PathBuf),
    /// Show only the events that pass this filter.
    SetFilter(crate::model::EventFilter),
    /// Show every event up to the day (`true`), or only those active on it.
    SetCumulative(bool),
    /// Extract the events of this text (pasted), as a news article, into a
    /// new dataset, in the background.
    OpenArticleText(String),
    /// Extract the article waiting at this position of the list of articles
    /// that did not say when they were published, as published on this day.
    ExtractArticle(usize, NaiveDate),
    /// Forget the article waiting at this position.
    DropArticle(usize),
    /// Remove the event at this position from every panel and export.
    RemoveEvent(usize),
    /// Bring back every removed event.
    RestoreRemoved,
    /// Correct the date of the event at this position (`2022-09-13`, `2022-09`, `a/b`).
    CorrectDate(usize, String),
    /// Correct the place of the event at this position (a name in the gazetteer).
    CorrectPlace(usize, String),
    /// Open Export ▸ Animation…'s dialog.
    OpenAnimationDialog,
    /// Write this animation (in the background).
    RenderAnimation(AnimationRequest),
    /// Stop the animation being written.
    CancelRender,
}

/// What an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// The window as it looks, as PNG.
    Png,
    /// The listed (filtered) events as GeoJSON.
    GeoJson,
    /// The listed (filtered) events as CSV.
    Csv,
}

impl ExportKind {
    /// The file extension and the dialog's filter name.
    pub fn extension(self) -> (&'static str, &'static str) {
        match self {
            Self::Png => ("png", "PNG image"),
            Self::GeoJson => ("geojson", "GeoJSON"),
            Self::Csv => ("csv", "CSV"),
        }
    }
}

/// An animation to write: its days, pace, size and file.
#[derive(Clone, Debug, PartialEq)]
pub struct AnimationRequest {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub step: Step,
    pub fps: u32,
    pub size: [u32; 2],
    /// `*.gif`, `*.mp4`, or a folder path ending in `/`.
    pub path: PathBuf,
}
