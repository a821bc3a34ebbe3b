//! The application: owns the shared state, the map's and timeline's views
//! and the settings; lays out the panels and applies their commands once
//! per frame.

use super::article_ui::ArticlePanel;
use super::command::Command;
use super::event_list_ui::Reveal;
use super::frame_log::FrameLog;
use super::loader::{LoadJob, SharedData};
use super::map::MapPanel;
use super::review_ui::ReviewForm;
use super::screenshot::ScreenshotJob;
use super::settings::{SETTINGS_KEY, Settings, ThemeChoice};
use super::state::AppState;
use super::timeline::TimelinePanel;
use chrono::NaiveDate;
use egui::Ui;
use std::sync::{Arc, Mutex};

mod animation;
mod apply;
mod articles;
mod export;
mod keys;
mod loading;
mod side;
mod top_bar;

pub use side::SideTab;

/// How the window starts (from the command line and stored settings).
#[derive(Clone, Debug, Default)]
pub struct StartOptions {
    pub day: Option<chrono::NaiveDate>,
    /// A region id to select.
    pub region: Option<String>,
    /// An event id to select (its day wins over `day`).
    pub event: Option<String>,
    /// Where `--screenshot` writes, if set, and where it reports.
    pub screenshot: Option<(std::path::PathBuf, super::screenshot::ScreenshotOutcome)>,
    /// A line about the data shown in the top bar ("DW, 8 Nov 2022").
    pub data_label: String,
    /// Messages about skipped features or files, shown to the user.
    pub messages: Vec<String>,
    /// Files to load in the background once the window is up (`--data`),
    /// each with a progress bar, as if opened from the window.
    pub load: Vec<std::path::PathBuf>,
    /// Where to log each frame (see [`super::frame_log`]), if anywhere.
    pub frame_log: Option<std::path::PathBuf>,
    /// Whether the first dataset is the built-in article's (its article
    /// panel puts the quotes in the article's order).
    pub builtin_article: bool,
}

/// chronomap's window.
pub struct ChronomapApp {
    pub state: AppState,
    pub map: MapPanel,
    pub timeline: TimelinePanel,
    settings: Settings,
    /// The day the timeline's track last moved to show.
    revealed_day: Option<NaiveDate>,
    /// The article panel's articles.
    pub articles: ArticlePanel,
    /// Articles waiting for the user to say when they were published.
    pending_articles: Vec<articles::PendingArticle>,
    /// The review fields of the selected event.
    review: ReviewForm,
    /// The side panel's tab.
    pub side_tab: SideTab,
    /// Articles pasted so far (to name the next).
    pasted: usize,
    /// Export ▸ Animation…'s dialog, while open.
    animation_form: Option<animation::AnimationForm>,
    /// The animation being written, if one is.
    rendering: Option<crate::ui::render::job::RenderJob>,
    /// The event whose details the side panel showed last frame.
    details_shown: Option<usize>,
    /// What the list last followed the slider for: (day, data and filter
    /// generation, selected region).
    list_followed: Option<(NaiveDate, u64, Option<String>)>,
    data_label: String,
    messages: Vec<String>,
    screenshot: Option<ScreenshotJob>,
    loading: Vec<LoadJob>,
    /// What the loading threads index new events into (see [`SharedData`]).
    shared: SharedData,
    /// The number of the catalog version shown.
    catalog_version: u64,
    repaint_soon: bool,
    /// A PNG export waiting for its picture.
    png_export: Option<PendingPng>,
    frame_times: super::frame_times::FrameTimes,
    /// Whether the top bar shows frame timings (View menu; off by default).
    pub show_frame_times: bool,
    frame_log: Option<FrameLog>,
    /// When the last frame began (for the frames-a-second readout).
    last_frame_start: Option<std::time::Instant>,
    /// Whether reading the world's layers failed (said once, in the messages).
    world_failed: bool,
    /// Whether the world's layers were asked for (see `poll_world`).
    world_requested: bool,
    /// Frames built so far.
    frames_shown: u64,
    /// Files still to start loading (`--data`).
    start_loads: Vec<std::path::PathBuf>,
    /// The day and event to show once those files are in (their events are not
    /// there yet when the window opens).
    after_start_loads: Option<(Option<chrono::NaiveDate>, Option<String>)>,
}

/// A PNG export: the window's next picture goes to `path`.
struct PendingPng {
    path: std::path::PathBuf,
    image: Arc<Mutex<Option<Arc<egui::ColorImage>>>>,
}

/// Messages kept for the user about one file: the first few, and how many more.
const MESSAGES_PER_FILE: usize = 5;

impl ChronomapApp {
    /// The app over `state`, set up from stored `settings` and `start` (which wins).
    pub fn new(mut state: AppState, settings: Settings, start: StartOptions) -> Self {
        let day = start.day.or(settings.last_day);
        // A remembered event, unless `--at` asks for another day.
        let event = start
            .event
            .clone()
            .or_else(|| settings.selected_event.clone().filter(|_| start.day.is_none()));
        let region = start.region.or_else(|| settings.selected_region.clone());
        state.select_region(region.filter(|id| state.atlas.get(id).is_some()));
        let after_start_loads = if start.load.is_empty() {
            show_day_and_event(&mut state, day, event.as_deref());
            None
        } else {
            Some((day, event))
        };
        state.speed = settings.speed;
        // The map opens on the area it is about, or else where the events are.
        let map = MapPanel::new(&state.atlas, super::map::home_of(&state));
        let timeline = TimelinePanel::new(&state);
        let shared = SharedData::new(Arc::clone(state.catalog()), Arc::clone(&state.atlas));
        let mut messages = start.messages;
        let frame_log = start.frame_log.and_then(|path| {
            FrameLog::create(&path)
                .map_err(|e| messages.push(format!("Cannot write the frame log {}: {e}", path.display())))
                .ok()
        });
        let mut app = Self {
            state,
            map,
            timeline,
            settings,
            details_shown: None,
            articles: ArticlePanel::new(start.builtin_article.then_some(crate::embedded::ARTICLE_TEXT)),
            pending_articles: Vec::new(),
            review: ReviewForm::default(),
            side_tab: SideTab::default(),
            pasted: 0,
            animation_form: None,
            rendering: None,
            revealed_day: None,
            list_followed: None,
            data_label: start.data_label,
            messages,
            screenshot: start
                .screenshot
                .map(|(path, outcome)| ScreenshotJob::new(path, outcome)),
            loading: Vec::new(),
            shared,
            catalog_version: 0,
            repaint_soon: false,
            png_export: None,
            frame_times: Default::default(),
            show_frame_times: false,
            frame_log,
            last_frame_start: None,
            after_start_loads,
            start_loads: start.load,
            world_failed: false,
            world_requested: false,
            frames_shown: 0,
        };
        app.poll_world();
        app
    }

    /// The settings as they stand now.
    pub fn settings(&self) -> Settings {
        // Closed before its `--data` arrived: keep what was remembered.
        let last_day = match &self.after_start_loads {
            Some((day, _)) => *day,
            None => Some(self.state.day()),
        };
        Settings {
            theme: self.settings.theme,
            last_day,
            selected_region: self.state.selected_region().map(str::to_string),
            selected_event: self
                .state
                .selected_event
                .and_then(|i| self.state.catalog().get(i))
                .map(|e| e.id().to_string()),
            speed: self.state.speed,
        }
    }

    /// One frame: every panel, then the commands they queued.
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        let mut commands = Vec::new();
        if !self.start_loads.is_empty() {
            commands.push(Command::OpenFiles(std::mem::take(&mut self.start_loads)));
        }
        keys::keyboard_commands(ui.ctx(), &mut commands);
        self.poll_world();
        self.poll_loading();
        self.poll_png_export();
        self.poll_render();
        if std::mem::take(&mut self.repaint_soon) {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        let dropped: Vec<std::path::PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            commands.push(Command::OpenFiles(dropped));
        }
        if let Some(text) = articles::pasted_text(ui.ctx()) {
            commands.push(Command::OpenArticleText(text));
        }
        if self.state.playing {
            let dt = ui.input(|i| f64::from(i.stable_dt));
            self.state.advance_playback(dt.min(0.25));
            ui.ctx().request_repaint();
        }

        egui::Panel::top("top bar").show(ui, |ui| self.top_bar_ui(ui, &mut commands));
        // The timeline's room: most of it for the chart, but the map stays the
        // larger part of a small window.
        let window_height = ui.ctx().content_rect().height();
        egui::Panel::bottom("timeline")
            .resizable(true)
            .default_size((window_height * 0.37).clamp(170.0, 300.0))
            .min_size(130.0)
            .show(ui, |ui| self.timeline.ui(ui, &self.state, &mut commands));
        let follow = (
            self.state.day(),
            self.state.generation(),
            self.state.selected_region().map(str::to_string),
        );
        // Back from an event's details, the list shows that event's row.
        let closed_details = self.details_shown.filter(|_| self.state.selected_event.is_none());
        self.details_shown = self.state.selected_event;
        let reveal = if let Some(i) = closed_details {
            Reveal::Event(i)
        } else if self.list_followed.as_ref() != Some(&follow) {
            Reveal::Day
        } else {
            Reveal::Nothing
        };
        let mut followed = false;
        egui::Panel::right("side")
            .resizable(true)
            .default_size(390.0)
            .min_size(260.0)
            .show(ui, |ui| followed = self.side_ui(ui, reveal, &mut commands));
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| self.map.ui(ui, &self.state, &mut commands));

        self.pending_articles_ui(ui.ctx(), &mut commands);
        self.animation_dialog_ui(ui.ctx(), &mut commands);
        drop_overlay_ui(ui);
        if followed {
            self.list_followed = Some(follow);
        }
        self.apply_all(ui.ctx(), commands);
        self.frames_shown += 1;
    }

    /// Messages for the user about loads and exports, oldest first.
    pub fn messages(&self) -> &[String] {
        &self.messages
    }

    /// Whether files are still loading.
    pub fn is_loading(&self) -> bool {
        !self.loading.is_empty()
    }

    /// The theme stored in the settings.
    pub fn theme(&self) -> ThemeChoice {
        self.settings.theme
    }
}

impl eframe::App for ChronomapApp {
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        // The previous frame's time, as eframe measured it.
        if let Some(secs) = frame.info().cpu_usage {
            self.frame_times.push(secs * 1e3);
        }
        // Counted only while the user drives the window (or it plays): a progress
        // bar's slow repaints are not the pace the picture can keep.
        let now = std::time::Instant::now();
        let driven = self.state.playing
            || ui.input(|i| i.pointer.is_moving() || i.pointer.any_down() || !i.events.is_empty());
        if let Some(last) = self.last_frame_start.replace(now)
            && driven
        {
            self.frame_times
                .push_interval(now.duration_since(last).as_secs_f32() * 1e3);
        }
        self.frame_ui(ui);
        // After the frame: the day it showed, and loads it started.
        if let Some(log) = &mut self.frame_log
            && let Err(e) = log.frame(
                self.state.day(),
                !self.loading.is_empty(),
                self.map.view().points_per_deg,
            )
        {
            self.messages.push(format!("Stopped the frame log: {e}"));
            self.frame_log = None;
        }
        // A screenshot shows the data once loaded (articles extracted).
        if let Some(job) = &mut self.screenshot
            && self.loading.is_empty()
            && self.start_loads.is_empty()
        {
            job.step(ui.ctx());
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.screenshot.is_none() {
            eframe::set_value(storage, SETTINGS_KEY, &self.settings());
        }
    }

    fn persist_egui_memory(&self) -> bool {
        false // only the settings struct is persisted
    }
}

/// Moves the slider to `day` and selects the event with id `event`, where given.
fn show_day_and_event(state: &mut AppState, day: Option<chrono::NaiveDate>, event: Option<&str>) {
    if let Some(day) = day {
        state.set_day(day);
    }
    if let Some(pos) = event.and_then(|id| state.catalog().position(id)) {
        state.select_event(Some(pos));
    }
}

/// While files are dragged over the window, say that dropping opens them.
fn drop_overlay_ui(ui: &mut Ui) {
    let hovering = ui.input(|i| !i.raw.hovered_files.is_empty());
    if hovering {
        let rect = ui.ctx().content_rect();
        let painter = ui.ctx().layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop overlay"),
        ));
        painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "Drop to open as a new dataset",
            egui::FontId::proportional(24.0),
            egui::Color32::WHITE,
        );
    }
}
