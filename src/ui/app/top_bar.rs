//! The bar along the top: open, export, the data's name, loads in progress
//! and messages, the theme.

use super::ChronomapApp;
use crate::ui::command::{Command, ExportKind};
use crate::ui::settings::ThemeChoice;
use egui::Ui;

impl ChronomapApp {
    pub(super) fn top_bar_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.strong("chronomap");
            ui.menu_button("Open…", |ui| {
                if ui
                    .button("Files…")
                    .on_hover_text(
                        "Event data (GeoJSON, UCDP GED, ACLED, GDELT, TimelineJS, Parquet, workbooks, \
                         zipped), region GeoJSON or news articles; or drop them on the window",
                    )
                    .clicked()
                {
                    commands.push(Command::OpenFiles(Vec::new()));
                }
                if ui
                    .button("Folder of Parquet parts…")
                    .on_hover_text(
                        "A dataset as Spark, DuckDB or pyarrow write it: part files, key=value folders",
                    )
                    .clicked()
                {
                    commands.push(Command::OpenFolder);
                }
            });
            ui.menu_button("View", |ui| {
                ui.checkbox(&mut self.show_frame_times, "Frame timings")
                    .on_hover_text("Show how long frames take, in the top bar");
                ui.checkbox(&mut self.timeline.show_chart, "Chart under the timeline");
            });
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
                if ui
                    .button("Animation…")
                    .on_hover_text("The story as an animated GIF, an MP4 or PNG frames")
                    .clicked()
                {
                    commands.push(Command::OpenAnimationDialog);
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
                if let Some((median, p95)) =
                    self.frame_times.median_p95_ms().filter(|_| self.show_frame_times)
                {
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
        self.render_progress_ui(ui, commands);
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
}
