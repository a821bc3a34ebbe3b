//! The application: owns the shared state, the map's and timeline's views
//! and the settings; lays out the panels and applies their commands once
//! per frame.

use super::command::{Command, ExportKind};
use super::details_ui::details_ui;
use super::event_list_ui::{Reveal, event_list_ui};
use super::filter_ui::filter_ui;
use super::frame_log::FrameLog;
use super::loader::{LoadJob, LoadedData, SharedData};
use super::map::MapPanel;
use super::screenshot::ScreenshotJob;
use super::settings::{SETTINGS_KEY, Settings, ThemeChoice};
use super::state::AppState;
use super::timeline_ui::{HistogramCache, TimelineView, timeline_ui};
use chrono::NaiveDate;
use egui::{Key, Ui};
use std::sync::{Arc, Mutex};

/// How the window starts (from the command line and stored settings).
#[derive(Clone, Debug, Default)]
pub struct StartOptions {
    pub day: Option<chrono::NaiveDate>,
    /// A region id to select.
    pub region: Option<String>,
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
}

/// chronomap's window.
pub struct ChronomapApp {
    pub state: AppState,
    pub map: MapPanel,
    pub timeline: TimelineView,
    histogram: HistogramCache,
    settings: Settings,
    go_to: String,
    reveal_selection: bool,
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
    frame_log: Option<FrameLog>,
    /// When the last frame began (for the frames-a-second readout).
    last_frame_start: Option<std::time::Instant>,
    /// Whether reading the world's layers failed (said once, in the messages).
    world_failed: bool,
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
        let event = settings.selected_event.clone().filter(|_| start.day.is_none());
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
        let home = state
            .atlas
            .focus_extent()
            .map(|b| [b.min().x, b.min().y, b.max().x, b.max().y])
            .or_else(|| {
                let catalog = state.catalog();
                let anchors = (0..catalog.events().len()).filter_map(|i| catalog.anchor(i));
                crate::model::extent::robust_extent(anchors)
            });
        let map = MapPanel::new(&state.atlas, home);
        let timeline = TimelineView::around(state.span());
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
            histogram: HistogramCache::default(),
            settings,
            go_to: String::new(),
            reveal_selection: true,
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
            frame_log,
            last_frame_start: None,
            after_start_loads,
            start_loads: start.load,
            world_failed: false,
        };
        app.poll_world();
        app
    }

    /// Adds the world's layers to the map once they have been read (the
    /// window opens with the South Caucasus while they are, see
    /// [`crate::embedded::warm_world`]).
    fn poll_world(&mut self) {
        if self.world_failed || self.state.atlas.has_places() {
            return;
        }
        match crate::embedded::world_if_read() {
            None => self.repaint_soon = true,
            Some(Ok(world)) => {
                self.state.atlas = self.shared.atlas_with_world(world);
                self.map.set_atlas(&self.state.atlas);
            }
            Some(Err(e)) => {
                self.world_failed = true;
                self.messages
                    .push(format!("The world map could not be read: {e}"));
            }
        }
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
        keyboard_commands(ui.ctx(), &mut commands);
        self.poll_world();
        self.poll_loading();
        self.poll_png_export();
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
        if self.state.playing {
            let dt = ui.input(|i| f64::from(i.stable_dt));
            self.state.advance_playback(dt.min(0.25));
            ui.ctx().request_repaint();
        }

        egui::Panel::top("top bar").show(ui, |ui| self.top_bar_ui(ui, &mut commands));
        egui::Panel::bottom("timeline")
            .resizable(true)
            .default_size(190.0)
            .min_size(130.0)
            .show(ui, |ui| {
                timeline_ui(
                    ui,
                    &self.state,
                    &mut self.timeline,
                    &mut self.histogram,
                    &mut self.go_to,
                    &mut commands,
                );
            });
        let follow = (
            self.state.day(),
            self.state.generation(),
            self.state.selected_region().map(str::to_string),
        );
        let reveal = if self.reveal_selection && self.state.selected_event.is_some() {
            Reveal::Selection
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
            .show(ui, |ui| {
                egui::Panel::bottom("details")
                    .resizable(true)
                    .default_size(300.0)
                    .min_size(120.0)
                    .show(ui, |ui| details_ui(ui, &self.state));
                egui::CentralPanel::default().show(ui, |ui| {
                    filter_ui(ui, &self.state, &mut commands);
                    followed = event_list_ui(ui, &self.state, reveal, &mut commands);
                });
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| self.map.ui(ui, &self.state, &mut commands));

        drop_overlay_ui(ui);
        if followed {
            self.list_followed = Some(follow);
        }
        self.reveal_selection = false;
        self.apply_all(ui.ctx(), commands);
    }

    fn top_bar_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.strong("chronomap");
            if ui
                .button("Open…")
                .on_hover_text(
                    "Add GeoJSON, UCDP GED, ACLED or TimelineJS files (or drop them on the window)",
                )
                .clicked()
            {
                commands.push(Command::OpenFiles(Vec::new()));
            }
            ui.menu_button("Export", |ui| {
                for (kind, label) in [
                    (ExportKind::Png, "View as PNG…"),
                    (ExportKind::GeoJson, "Listed events as GeoJSON…"),
                    (ExportKind::Csv, "Listed events as CSV…"),
                ] {
                    if ui.button(label).clicked() {
                        commands.push(Command::Export(kind));
                    }
                }
            });
            // The right end first, so that a long file name is cut short
            // instead of pushing the theme button out of the window.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let next = match self.settings.theme {
                    ThemeChoice::System => ThemeChoice::Light,
                    ThemeChoice::Light => ThemeChoice::Dark,
                    ThemeChoice::Dark => ThemeChoice::System,
                };
                if ui
                    .button(self.settings.theme.label())
                    .on_hover_text("Switch theme")
                    .clicked()
                {
                    commands.push(Command::SetTheme(next));
                }
                if let Some((median, p95)) = self.frame_times.median_p95_ms() {
                    let fps = self
                        .frame_times
                        .frames_per_sec()
                        .map(|f| format!(" · {f:.0} fps"))
                        .unwrap_or_default();
                    ui.label(
                        egui::RichText::new(format!("frame {median:.1} ms · p95 {p95:.1} ms{fps}"))
                            .small()
                            .weak(),
                    )
                    .on_hover_text(
                        "Time spent building the last 120 frames (median and 95th percentile), \
                         and frames shown a second while the window was redrawing",
                    );
                }
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    self.loading_and_messages_ui(ui, commands);
                    ui.add(egui::Label::new(&self.data_label).truncate());
                });
            });
        });
    }

    /// Progress bars of files loading (with Cancel) and the count of messages.
    fn loading_and_messages_ui(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
        for (k, job) in self.loading.iter().enumerate() {
            ui.add(
                egui::ProgressBar::new(job.fraction())
                    .desired_width(140.0)
                    .text(format!("Loading {}", job.name)),
            );
            if ui.button("Cancel").clicked() {
                commands.push(Command::CancelLoad(k));
            }
        }
        if !self.messages.is_empty() {
            let text = format!("{} message(s) about the data", self.messages.len());
            ui.label(egui::RichText::new(text).color(ui.visuals().warn_fg_color))
                .on_hover_ui(|ui| {
                    for m in self.messages.iter().rev().take(12) {
                        ui.label(m);
                    }
                });
        }
    }

    /// Takes finished loads: a good file becomes a dataset, a bad one a
    /// message; the data already loaded stays either way.
    fn poll_loading(&mut self) {
        let mut finished = false;
        let mut k = 0;
        while k < self.loading.len() {
            let Some(result) = self.loading[k].take_result() else {
                k += 1;
                continue;
            };
            finished = true;
            let job = self.loading.remove(k);
            match result {
                Ok(LoadedData::Regions(loaded)) => {
                    self.note_problems(&job.name, &loaded.problems);
                    let added = loaded.items.len();
                    Arc::make_mut(&mut self.state.atlas).add_regions(loaded.items);
                    self.shared.set_atlas(Arc::clone(&self.state.atlas));
                    self.map.set_atlas(&self.state.atlas);
                    self.messages
                        .push(format!("{}: added {added} regions to the map", job.name));
                }
                Ok(LoadedData::Events {
                    added,
                    problems,
                    version,
                }) => {
                    self.note_problems(&job.name, &problems);
                    // Loads may finish out of order: the newest version holds all.
                    if let Some(v) = version
                        && v.number > self.catalog_version
                    {
                        let before = self.state.catalog().events().len();
                        self.catalog_version = v.number;
                        self.state.set_catalog(v.catalog);
                        self.timeline = TimelineView::around(self.state.span());
                        // The map goes to the new events, unless the user moved it.
                        let catalog = self.state.catalog();
                        let new = (before..catalog.events().len()).filter_map(|i| catalog.anchor(i));
                        if let Some(home) = crate::model::extent::robust_extent(new) {
                            self.map.set_home(home);
                        }
                    }
                    self.messages.push(if added == 0 {
                        format!("{}: no events could be read", job.name)
                    } else {
                        format!("{}: loaded {added} events, skipped {}", job.name, problems.len())
                    });
                }
                Err(e) => self.messages.push(e.to_string()),
            }
        }
        // The start-up day and event, once the last load has finished (however
        // it ended: the data there is, is all there will be).
        if finished
            && self.loading.is_empty()
            && let Some((day, event)) = self.after_start_loads.take()
        {
            show_day_and_event(&mut self.state, day, event.as_deref());
        }
        if !self.loading.is_empty() {
            self.repaint_soon = true; // keep the progress bars moving
        }
    }

    /// Keeps the first few problems of a file, and how many more there were.
    fn note_problems(&mut self, name: &str, problems: &[crate::io::Problem]) {
        for p in problems.iter().take(MESSAGES_PER_FILE) {
            self.messages.push(format!("skipped {p}"));
        }
        if problems.len() > MESSAGES_PER_FILE {
            self.messages.push(format!(
                "{name}: {} more skipped",
                problems.len() - MESSAGES_PER_FILE
            ));
        }
    }

    fn poll_png_export(&mut self) {
        let Some(pending) = &self.png_export else { return };
        let image = pending.image.lock().ok().and_then(|mut s| s.take());
        if let Some(image) = image {
            let result = super::screenshot::save_png(&pending.path, &image);
            self.messages.push(match result {
                Ok(()) => format!("saved {}", pending.path.display()),
                Err(e) => e,
            });
            self.png_export = None;
        }
    }

    fn export_to(&mut self, ctx: &egui::Context, kind: ExportKind, path: std::path::PathBuf) {
        let events = self
            .state
            .listed()
            .iter()
            .filter_map(|&i| self.state.catalog().get(i));
        let written = match kind {
            ExportKind::Png => {
                let image = Arc::new(Mutex::new(None));
                let (slot, repaint) = (image.clone(), ctx.clone());
                ctx.request_screenshot(move |shot| {
                    if let Ok(mut s) = slot.lock() {
                        *s = Some(shot);
                    }
                    repaint.request_repaint();
                });
                self.png_export = Some(PendingPng { path, image });
                return;
            }
            ExportKind::GeoJson => std::fs::File::create(&path)
                .and_then(|f| crate::io::export::write_geojson(events, &mut std::io::BufWriter::new(f)))
                .map_err(|e| e.to_string()),
            ExportKind::Csv => std::fs::File::create(&path)
                .map_err(|e| e.to_string())
                .and_then(|f| {
                    crate::io::export::write_csv(events, &self.state.atlas, &mut std::io::BufWriter::new(f))
                        .map_err(|e| e.to_string())
                }),
        };
        self.messages.push(match written {
            Ok(()) => format!("saved {}", path.display()),
            Err(e) => format!("cannot write {}: {e}", path.display()),
        });
    }

    /// Applies a frame's commands in order.
    pub fn apply_all(&mut self, ctx: &egui::Context, commands: Vec<Command>) {
        let hovered = commands.iter().rev().find_map(|c| match c {
            Command::HoverEvent(i) => Some(*i),
            _ => None,
        });
        if hovered != self.state.hovered_event {
            self.state.hovered_event = hovered;
            ctx.request_repaint(); // other panels show the new hover next frame
        }
        for command in commands {
            self.apply(ctx, command);
        }
        let limits = TimelineView::around(self.state.span());
        self.timeline.reveal(self.state.day(), limits);
    }

    /// Applies one command.
    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        let state = &mut self.state;
        match command {
            Command::SetDay(day) => state.set_day(day),
            Command::StepDays(n) => state.step_days(n),
            Command::StepEvent { forward } => {
                state.step_event(forward);
                self.after_selecting();
            }
            Command::JumpToStart => state.set_day(state.span().start),
            Command::JumpToEnd => state.set_day(state.span().end),
            Command::SelectRegion(region) => state.select_region(region),
            Command::SelectEvent(pos) => {
                state.select_event(pos);
                self.after_selecting();
            }
            Command::HoverEvent(_) => {}
            Command::SetPlaying(playing) => state.set_playing(playing),
            Command::SetSpeed(speed) => state.speed = speed,
            Command::FitMap => self.map.fit_home(),
            Command::ZoomMap(factor) => self.map.zoom_by(factor),
            Command::SetFilter(filter) => state.set_filter(filter),
            Command::OpenFiles(paths) => {
                let paths = if paths.is_empty() {
                    rfd::FileDialog::new()
                        .add_filter("Event data", &["geojson", "json", "csv"])
                        .pick_files()
                        .unwrap_or_default()
                } else {
                    paths
                };
                for path in paths {
                    self.loading
                        .push(LoadJob::start(path, self.shared.clone(), ctx.clone()));
                }
            }
            Command::CancelLoad(k) => {
                if let Some(job) = self.loading.get(k) {
                    job.cancel();
                }
            }
            Command::Export(kind) => {
                let (ext, name) = kind.extension();
                let picked = rfd::FileDialog::new()
                    .add_filter(name, &[ext])
                    .set_file_name(format!("chronomap-export.{ext}"))
                    .save_file();
                if let Some(path) = picked {
                    self.export_to(ctx, kind, path);
                }
            }
            Command::ExportTo(kind, path) => self.export_to(ctx, kind, path),
            Command::SetTheme(theme) => {
                self.settings.theme = theme;
                ctx.set_theme(theme.preference());
            }
        }
    }

    /// Scrolls the list to the selected event and brings its place into the
    /// map's view (centred, if it was out of view).
    fn after_selecting(&mut self) {
        self.reveal_selection = true;
        let Some(pos) = self.state.selected_event else {
            return;
        };
        if let Some([lon, lat]) = self.state.catalog().anchor(pos) {
            self.map.reveal(lon, lat);
        }
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

/// Arrow keys, Home and End, unless a text field has the keyboard.
fn keyboard_commands(ctx: &egui::Context, commands: &mut Vec<Command>) {
    if ctx.egui_wants_keyboard_input() {
        return;
    }
    ctx.input(|i| {
        let shift = i.modifiers.shift;
        for (key, forward) in [
            (Key::ArrowRight, true),
            (Key::ArrowLeft, false),
            (Key::ArrowDown, true),
            (Key::ArrowUp, false),
        ] {
            if i.key_pressed(key) {
                commands.push(if shift && matches!(key, Key::ArrowLeft | Key::ArrowRight) {
                    Command::StepDays(if forward { 1 } else { -1 })
                } else {
                    Command::StepEvent { forward }
                });
            }
        }
        if i.key_pressed(Key::Home) {
            commands.push(Command::JumpToStart);
        }
        if i.key_pressed(Key::End) {
            commands.push(Command::JumpToEnd);
        }
    });
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
        if let Some(job) = &mut self.screenshot {
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
        state.selected_event = Some(pos);
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
