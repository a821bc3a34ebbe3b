//! The application: owns the shared state, the map's and timeline's views
//! and the settings; lays out the panels and applies their commands once
//! per frame.

use super::command::Command;
use super::details_ui::details_ui;
use super::event_list_ui::event_list_ui;
use super::filter_ui::filter_ui;
use super::map_layers::MapCache;
use super::map_ui::{MapMemory, map_ui};
use super::screenshot::ScreenshotJob;
use super::settings::{SETTINGS_KEY, Settings, ThemeChoice};
use super::state::AppState;
use super::timeline_ui::{TimelineView, timeline_ui};
use egui::{Key, Ui};

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
}

/// chronomap's window.
pub struct ChronomapApp {
    pub state: AppState,
    pub map: MapMemory,
    pub timeline: TimelineView,
    cache: MapCache,
    settings: Settings,
    go_to: String,
    reveal_selection: bool,
    data_label: String,
    messages: Vec<String>,
    screenshot: Option<ScreenshotJob>,
}

impl ChronomapApp {
    /// The app over `state`, set up from stored `settings` and `start` (which wins).
    pub fn new(mut state: AppState, settings: Settings, start: StartOptions) -> Self {
        if let Some(day) = start.day.or(settings.last_day) {
            state.set_day(day);
        }
        let region = start.region.or_else(|| settings.selected_region.clone());
        state.select_region(region.filter(|id| state.atlas.get(id).is_some()));
        if start.day.is_none()
            && let Some(pos) = settings
                .selected_event
                .as_deref()
                .and_then(|id| state.catalog.position(id))
        {
            state.selected_event = Some(pos);
        }
        state.speed = settings.speed;
        let cache = MapCache::new(&state.atlas);
        let timeline = TimelineView::around(state.span());
        Self {
            state,
            map: MapMemory {
                auto_fit: true,
                ..MapMemory::default()
            },
            timeline,
            cache,
            settings,
            go_to: String::new(),
            reveal_selection: true,
            data_label: start.data_label,
            messages: start.messages,
            screenshot: start
                .screenshot
                .map(|(path, outcome)| ScreenshotJob::new(path, outcome)),
        }
    }

    /// The settings as they stand now.
    pub fn settings(&self) -> Settings {
        Settings {
            theme: self.settings.theme,
            last_day: Some(self.state.day()),
            selected_region: self.state.selected_region.clone(),
            selected_event: self
                .state
                .selected_event
                .and_then(|i| self.state.catalog.get(i))
                .map(|e| e.id.clone()),
            speed: self.state.speed,
        }
    }

    /// One frame: every panel, then the commands they queued.
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        let mut commands = Vec::new();
        keyboard_commands(ui.ctx(), &mut commands);
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
                    &mut self.go_to,
                    &mut commands,
                );
            });
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
                    event_list_ui(ui, &self.state, self.reveal_selection, &mut commands);
                });
            });
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                map_ui(ui, &self.state, &mut self.map, &self.cache, &mut commands)
            });

        self.reveal_selection = false;
        self.apply_all(ui.ctx(), commands);
    }

    fn top_bar_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.strong("chronomap");
            ui.label(&self.data_label);
            if !self.messages.is_empty() {
                let text = format!("{} problem(s) in the data", self.messages.len());
                ui.label(egui::RichText::new(text).color(ui.visuals().warn_fg_color))
                    .on_hover_ui(|ui| {
                        for m in self.messages.iter().take(10) {
                            ui.label(m);
                        }
                    });
            }
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
            });
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
            Command::FitMap => {
                self.map.auto_fit = true;
                self.map.last_rect = None; // refit on the next frame
            }
            Command::ZoomMap(factor) => {
                if let Some(rect) = self.map.last_rect {
                    self.map.view.zoom_about(rect, rect.center(), factor);
                    self.map.auto_fit = false;
                }
            }
            Command::SetFilter(filter) => state.set_filter(filter),
            Command::SetTheme(theme) => {
                self.settings.theme = theme;
                ctx.set_theme(theme.preference());
            }
        }
    }

    /// Scrolls the list to the selected event and centres the map on it if it is on the map.
    fn after_selecting(&mut self) {
        self.reveal_selection = true;
        let Some(pos) = self.state.selected_event else {
            return;
        };
        let extent = self.state.atlas.full_extent();
        if let Some([lon, lat]) = self.state.catalog.anchor(pos)
            && extent
                .is_some_and(|r| r.min().x <= lon && lon <= r.max().x && r.min().y <= lat && lat <= r.max().y)
        {
            self.map.view.center_on(lon, lat);
            self.map.auto_fit = false;
        }
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
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
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
