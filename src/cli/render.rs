//! `chronomap render ... --out FILE`: the story as an animated GIF, an MP4
//! or numbered PNG frames, made with no display (see [`crate::ui::render`]).

use super::{CliError, parse_date};
use crate::model::Catalog;
use crate::model::frames::{Step, frame_days};
use crate::ui::render::{RenderSpec, parse_size, render};
use crate::ui::state::AppState;
use chrono::NaiveDate;
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// Options of `chronomap render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Event files (the built-in article's events without any).
    #[arg(long = "data", value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// GeoJSON of regions to add to the map.
    #[arg(long = "regions", value_name = "FILE")]
    pub regions: Vec<PathBuf>,
    /// The first frame's day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: NaiveDate,
    /// The last frame's day, at most (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: NaiveDate,
    /// Time between frames: 1d, 7d, 1m, 1y (any number).
    #[arg(long, value_name = "STEP", default_value = "1m")]
    pub step: String,
    /// Frames a second.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub fps: u32,
    /// Width and height in pixels (even numbers).
    #[arg(long, value_name = "WxH", default_value = "960x540")]
    pub size: String,
    /// Show only the events of this region (name or id).
    #[arg(long, value_name = "REGION")]
    pub select: Option<String>,
    /// Show every event up to each day, older ones fainter.
    #[arg(long)]
    pub cumulative: bool,
    /// FILE.gif, FILE.mp4, or a folder ending in / for PNG frames.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Renders the animation; a progress bar on stderr when it is a terminal.
pub fn run(args: &RenderArgs) -> Result<(), CliError> {
    let usage = |e: &dyn std::fmt::Display| CliError::Usage(e.to_string());
    let step = Step::parse(&args.step).map_err(|e| usage(&e))?;
    let size = parse_size(&args.size).map_err(|e| usage(&e))?;
    let days = frame_days(args.from, args.to, step).map_err(|e| usage(&e))?;
    if !(1..=60).contains(&args.fps) {
        return Err(CliError::Usage(format!(
            "--fps must be from 1 to 60, not {}",
            args.fps
        )));
    }
    if crate::io::animation::AnimationKind::of(&args.out).is_none() {
        return Err(CliError::Usage(format!(
            "{}: the output must end in .gif or .mp4, or in / for a folder of PNG frames",
            args.out.display()
        )));
    }
    let mut atlas = super::load_atlas(&args.regions, &mut std::io::stderr())?;
    if !args.data.is_empty() {
        atlas.clear_subjects();
    }
    let loaded = super::load_events(&atlas, &args.data)?;
    for p in &loaded.problems {
        eprintln!("warning: skipped {p}");
    }
    let region = super::selected_region(&atlas, args.select.as_deref())?;
    let catalog = Catalog::new(loaded.items, &atlas);
    let mut state = AppState::new(atlas, catalog, days.first().copied());
    state.select_region(region);
    state.set_cumulative(args.cumulative);
    let spec = RenderSpec {
        days,
        fps: args.fps,
        size,
        title: super::data_label(&args.data),
        extent: None,
    };
    let sink = crate::io::animation::open(&args.out, size, args.fps).map_err(|e| usage(&e))?;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(spec.days.len() as u64);
        bar.set_message(format!("rendering {}", args.out.display()));
        bar
    });
    let mut progress = |done: usize, _total: usize| {
        if let Some(bar) = &bar {
            bar.set_position(done as u64);
        }
    };
    let result = render(state, &spec, sink, &mut progress, &AtomicBool::new(false));
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    result.map_err(|e| usage(&e))
}
