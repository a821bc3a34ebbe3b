//! Applying the frame's commands: the one place the shared state changes.

use super::ChronomapApp;
use crate::ui::command::Command;
use crate::ui::loader::LoadJob;

impl ChronomapApp {
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
        // The track follows the day when it moves (by a command or by
        // playback), not while the user looks elsewhere on it.
        if self.revealed_day != Some(self.state.day()) {
            self.timeline.reveal(self.state.day(), &self.state);
            self.revealed_day = Some(self.state.day());
        }
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
            Command::SetCumulative(on) => state.set_cumulative(on),
            Command::OpenArticleText(text) => self.open_article_text(ctx, text),
            Command::ExtractArticle(k, day) => self.extract_pending(ctx, k, day),
            Command::DropArticle(k) => self.drop_pending(k),
            Command::RemoveEvent(pos) => {
                state.set_removed(pos, true);
                self.messages.push(format!(
                    "Removed “{}” (Filter: restore removed events)",
                    state.catalog().get(pos).map_or("", |e| e.title())
                ));
            }
            Command::RestoreRemoved => state.restore_removed(),
            Command::CorrectDate(pos, text) => {
                self.correct_event(pos, |e| crate::model::review::with_date(e, &text));
            }
            Command::OpenAnimationDialog => self.open_animation_dialog(),
            Command::RenderAnimation(request) => self.start_render(ctx, request),
            Command::CancelRender => self.cancel_render(),
            Command::CorrectPlace(pos, name) => {
                let atlas = std::sync::Arc::clone(&self.state.atlas);
                self.correct_event(pos, |e| crate::model::review::with_place(e, &name, &atlas));
            }
            Command::OpenFiles(paths) => {
                let paths = if paths.is_empty() {
                    rfd::FileDialog::new()
                        .add_filter(
                            "Event data, a workbook or a news article",
                            &[
                                "geojson", "json", "csv", "xlsx", "xlsm", "xlsb", "xls", "ods", "parquet",
                                "zip", "txt", "html", "htm",
                            ],
                        )
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
            Command::OpenFolder => {
                if let Some(folder) = rfd::FileDialog::new().pick_folder() {
                    self.loading
                        .push(LoadJob::start(folder, self.shared.clone(), ctx.clone()));
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

    /// Brings the selected event's place into the map's view (centred, if it
    /// was out of view).
    fn after_selecting(&mut self) {
        let Some(pos) = self.state.selected_event else {
            return;
        };
        if let Some([lon, lat]) = self.state.catalog().anchor(pos) {
            self.map.reveal(lon, lat);
        }
    }
}
