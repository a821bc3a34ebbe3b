//! The row above the track: playback, the date, go to a date, the track's
//! zoom, the cumulative mode and the chart's toggle.

use super::TimelinePanel;
use crate::model::FuzzyDate;
use crate::ui::command::Command;
use crate::ui::state::{AppState, PlaySpeed};
use egui::Ui;

/// The width of the "Go to date" field: room for its hint, `YYYY-MM-DD`.
const GO_TO_WIDTH: f32 = 100.0;

/// Draws the controls; queues what the user did.
pub fn controls_ui(ui: &mut Ui, state: &AppState, panel: &mut TimelinePanel, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        if ui.button("|< Start").on_hover_text("First day (Home)").clicked() {
            commands.push(Command::JumpToStart);
        }
        if ui
            .button("< Previous")
            .on_hover_text("Previous event (←)")
            .clicked()
        {
            commands.push(Command::StepEvent { forward: false });
        }
        let play = if state.playing { "Pause" } else { "Play" };
        if ui.button(play).clicked() {
            commands.push(Command::SetPlaying(!state.playing));
        }
        if ui.button("Next >").on_hover_text("Next event (→)").clicked() {
            commands.push(Command::StepEvent { forward: true });
        }
        if ui.button("End >|").on_hover_text("Last day (End)").clicked() {
            commands.push(Command::JumpToEnd);
        }
        let mut speed = state.speed;
        egui::ComboBox::from_label("Speed")
            .selected_text(speed.label())
            .show_ui(ui, |ui| {
                for s in PlaySpeed::ALL {
                    ui.selectable_value(&mut speed, s, s.label());
                }
            });
        if speed != state.speed {
            commands.push(Command::SetSpeed(speed));
        }
        ui.separator();
        ui.label(
            egui::RichText::new(FuzzyDate::day(state.day()).human())
                .strong()
                .size(16.0),
        );
        ui.label(format!("{} active", state.active().len()));
        ui.separator();
        let go_to = &mut panel.go_to;
        // The field and its label go to the next line together when they do
        // not fit, never split between "Go to" and "date".
        let label = egui::WidgetText::from("Go to date").into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Body,
        );
        let spacing = ui.spacing().item_spacing.x;
        // The field's frame and text margins around its text width, with
        // a few pixels to spare.
        let field_width = GO_TO_WIDTH + 2.0 * ui.spacing().button_padding.x + 16.0;
        // What is left of this row (a wrapping layout's available width is
        // the whole row's).
        let left = ui.max_rect().right() - ui.cursor().min.x;
        if left < label.size().x + spacing + field_width {
            ui.end_row();
        }
        let label = ui.add(egui::Label::new(label));
        let field = ui.add(
            egui::TextEdit::singleline(go_to)
                .hint_text("YYYY-MM-DD")
                .desired_width(GO_TO_WIDTH),
        );
        let field = field.labelled_by(label.id);
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            match crate::model::date::parse_day(go_to.trim()) {
                Ok(day) => {
                    commands.push(Command::SetDay(day));
                    go_to.clear();
                }
                Err(_) => go_to.insert_str(0, "? "),
            }
        }
        ui.separator();
        let zoom_hint = "Show a quarter of the current span around the date (or use the wheel)";
        if ui.button("Zoom in").on_hover_text(zoom_hint).clicked() {
            panel.focus(state.day(), 0.25, state);
        }
        let all_hint = "Show every date of the data, from the first event to the last";
        if ui.button("Show all").on_hover_text(all_hint).clicked() {
            panel.show_all(state);
        }
        let fit_hint = "Show the stretch where most events are";
        if ui.button("Fit events").on_hover_text(fit_hint).clicked() {
            panel.fit_events(state);
        }
        ui.separator();
        let mut cumulative = state.cumulative();
        if ui
            .toggle_value(&mut cumulative, "Cumulative")
            .on_hover_text(
                "Show every event up to the day, older ones fading, and running totals in the chart",
            )
            .changed()
        {
            commands.push(Command::SetCumulative(cumulative));
        }
        ui.toggle_value(&mut panel.show_chart, "Chart")
            .on_hover_text("Show the chart of killed and events over time");
    });
}
