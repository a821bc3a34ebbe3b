//! The details of the selected event: what, when (with its precision), how
//! many died, the source's own words, and where that came from. They take
//! the list's place in the side panel, with a way back to it.

use super::command::Command;
use super::review_ui::{ReviewForm, review_ui};
use super::state::AppState;
use crate::model::EventRef;
use egui::{RichText, Ui};

/// Draws the selected event's details under a "back to the list" button.
pub fn details_ui(ui: &mut Ui, state: &AppState, review: &mut ReviewForm, commands: &mut Vec<Command>) {
    let Some(pos) = state.selected_event else { return };
    let Some(event) = state.catalog().get(pos) else {
        return;
    };
    ui.horizontal(|ui| {
        if ui
            .button("< Back to the list")
            .on_hover_text("Clear the selection and show the list (Esc)")
            .clicked()
        {
            commands.push(Command::SelectEvent(None));
        }
        if ui.button("<").on_hover_text("Previous event (←)").clicked() {
            commands.push(Command::StepEvent { forward: false });
        }
        if ui.button(">").on_hover_text("Next event (→)").clicked() {
            commands.push(Command::StepEvent { forward: true });
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("details")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            event_details_ui(ui, state, event);
            ui.add_space(8.0);
            review_ui(ui, review, state, pos, commands);
        });
}

fn event_details_ui(ui: &mut Ui, state: &AppState, event: EventRef) {
    ui.heading(event.title());
    ui.label(RichText::new(event.kind().as_str()).small().weak());
    ui.add_space(4.0);

    let precision = format!(
        "known to the {}{}",
        event.time().precision().as_str(),
        if event.time().is_approximate() {
            ", approximate"
        } else {
            ""
        }
    );
    egui::Grid::new("event facts")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            ui.strong("When");
            ui.vertical(|ui| {
                ui.label(crate::ui::style::readable(ui, &event.time().text()));
                ui.label(
                    RichText::new(format!("{} ({precision})", event.time().interval()))
                        .small()
                        .weak(),
                );
            });
            ui.end_row();
            ui.strong("Casualties");
            match &event.casualties() {
                Some(c) => {
                    let high = c.high.map_or("open".to_string(), |h| h.to_string());
                    ui.vertical(|ui| {
                        ui.label(c.text.as_str());
                        ui.label(
                            RichText::new(format!("low {} · high {high}", c.low))
                                .small()
                                .weak(),
                        );
                    });
                }
                None => {
                    ui.label("not stated");
                }
            }
            ui.end_row();
            if let Some(w) = &event.wounded() {
                ui.strong("Wounded");
                ui.vertical(|ui| {
                    ui.label(w.text.as_str());
                    let high = w.high.map_or("open".to_string(), |h| h.to_string());
                    ui.label(
                        RichText::new(format!("low {} · high {high}", w.low))
                            .small()
                            .weak(),
                    );
                });
                ui.end_row();
            }
            ui.strong("Regions");
            let names: Vec<&str> = event
                .regions()
                .iter()
                .map(|id| state.atlas.get(id).map_or(id.as_str(), |r| r.name.as_str()))
                .collect();
            ui.label(names.join(", "));
            ui.end_row();
            if let Some(place) = event.place() {
                ui.strong("Place");
                ui.label(place);
                ui.end_row();
            }
        });

    ui.add_space(6.0);
    ui.strong("Source text");
    if event.quotes().len() == 0 {
        ui.weak("The data gives no sentence of its source for this event.");
    } else {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            for sentence in event.quotes() {
                ui.label(RichText::new(format!("“{sentence}”")).italics());
            }
        });
    }
    let source = event.source();
    if source.publisher.is_empty() && source.title.is_empty() && source.url.is_none() {
        ui.weak("No source named.");
    } else {
        source_line_ui(ui, &source);
    }

    if !event.notes().is_empty() {
        ui.add_space(6.0);
        ui.strong("Notes from other sources");
        for note in event.notes() {
            ui.label(&note.text);
            ui.label(RichText::new(format!("Source: {}", note.source)).small().weak());
            ui.add_space(2.0);
        }
    }
}

/// "— DW, 8 Nov 2022: Title" (the title a link when there is an address).
fn source_line_ui(ui: &mut Ui, source: &crate::model::Source<'_>) {
    ui.horizontal_wrapped(|ui| {
        ui.label("—");
        let date = source
            .date
            .map(|d| crate::model::FuzzyDate::day(d).human())
            .unwrap_or_default();
        let who = match (source.publisher.is_empty(), date.is_empty()) {
            (false, false) => format!("{}, {date}:", source.publisher),
            (false, true) => format!("{}:", source.publisher),
            (true, false) => format!("{date}:"),
            (true, true) => String::new(),
        };
        if !who.is_empty() {
            ui.label(who);
        }
        match source.url {
            Some(url) => {
                ui.hyperlink_to(
                    if source.title.is_empty() {
                        url
                    } else {
                        source.title
                    },
                    url,
                );
            }
            None => {
                ui.label(source.title);
            }
        }
    });
}
