//! Reviewing an event in its details: remove it, or correct its date or its
//! place. Each change is kept with a note saying the reader made it.

use super::command::Command;
use super::state::AppState;
use egui::{RichText, Ui};

/// What the reader is typing for one event, and what went wrong last.
#[derive(Clone, Debug, Default)]
pub struct ReviewForm {
    /// The event the fields are for (they are refilled for another).
    event: Option<usize>,
    pub date: String,
    pub place: String,
    /// Why the last correction was refused, if it was.
    pub error: Option<String>,
}

impl ReviewForm {
    /// The fields filled from the event at `pos`, unless they already are.
    fn fill(&mut self, state: &AppState, pos: usize) {
        if self.event == Some(pos) {
            return;
        }
        let Some(e) = state.catalog().get(pos) else { return };
        *self = Self {
            event: Some(pos),
            date: e.time().when.to_string(),
            place: e.place().unwrap_or_default().to_string(),
            error: None,
        };
    }

    /// Refills the fields from the event next frame (after it changed).
    pub fn refill(&mut self) {
        self.event = None;
    }
}

/// The review controls for the event at `pos`.
pub fn review_ui(
    ui: &mut Ui,
    form: &mut ReviewForm,
    state: &AppState,
    pos: usize,
    commands: &mut Vec<Command>,
) {
    form.fill(state, pos);
    egui::CollapsingHeader::new("Review this event")
        .id_salt("review")
        .show(ui, |ui| {
            ui.label(
                RichText::new(
                    "Correct what the extraction got wrong, or remove the event; exports \
                     (GeoJSON, CSV) hold the events as reviewed.",
                )
                .small()
                .weak(),
            );
            egui::Grid::new("review fields").num_columns(3).show(ui, |ui| {
                let label = ui.label("Correct date");
                ui.add(
                    egui::TextEdit::singleline(&mut form.date)
                        .hint_text("YYYY-MM-DD, YYYY-MM or YYYY; a/b for a span")
                        .desired_width(170.0),
                )
                .labelled_by(label.id);
                if ui.button("Set date").clicked() {
                    commands.push(Command::CorrectDate(pos, form.date.clone()));
                }
                ui.end_row();
                let label = ui.label("Correct place");
                ui.add(
                    egui::TextEdit::singleline(&mut form.place)
                        .hint_text("a town, province or country")
                        .desired_width(170.0),
                )
                .labelled_by(label.id);
                if ui.button("Set place").clicked() {
                    commands.push(Command::CorrectPlace(pos, form.place.clone()));
                }
                ui.end_row();
            });
            if let Some(error) = &form.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            if ui
                .button("Remove this event")
                .on_hover_text("Hide it from the map, the timeline, the list and exports")
                .clicked()
            {
                commands.push(Command::RemoveEvent(pos));
            }
        });
}
