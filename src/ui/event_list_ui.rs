//! The event list: every event by date (or the selected region's), active
//! ones highlighted; hover links to the map and timeline, click selects.

use super::command::Command;
use super::state::AppState;
use super::style::event_color;
use egui::{Color32, RichText, Ui};

/// Draws the list; queues hover, selection and filter changes.
/// `reveal_selection` scrolls the selected event into view (after it changed).
pub fn event_list_ui(ui: &mut Ui, state: &AppState, reveal_selection: bool, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.heading("Events");
        ui.label(format!(
            "{} of {}",
            state.listed().len(),
            state.catalog.events().len()
        ));
    });
    if let Some(id) = &state.selected_region {
        let name = state.atlas.get(id).map_or(id.as_str(), |r| r.name.as_str());
        ui.horizontal(|ui| {
            ui.label(format!("In {name}"));
            if ui.button("Clear filter").clicked() {
                commands.push(Command::SelectRegion(None));
            }
        });
    }
    ui.separator();
    let row_height = 38.0;
    let listed = state.listed();
    let selected_row = state
        .selected_event
        .and_then(|s| listed.iter().position(|&i| i == s));
    egui::ScrollArea::vertical()
        .id_salt("event list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, listed.len(), |ui, rows| {
            for row in rows {
                let i = listed[row];
                let response = event_row_ui(ui, state, i, row_height);
                if reveal_selection && Some(row) == selected_row {
                    response.scroll_to_me(None);
                }
                if response.hovered() {
                    commands.push(Command::HoverEvent(i));
                }
                if response.clicked() {
                    commands.push(Command::SelectEvent(Some(i)));
                }
            }
        });
    if listed.is_empty() {
        ui.weak("No events here.");
    }
}

fn event_row_ui(ui: &mut Ui, state: &AppState, i: usize, height: f32) -> egui::Response {
    let event = &state.catalog.events()[i];
    let active = state.is_active(i);
    let selected = state.selected_event == Some(i);
    let hovered = state.hovered_event == Some(i);
    let mut title = RichText::new(&event.title);
    if active {
        title = title.strong();
    } else {
        title = title.color(ui.visuals().weak_text_color());
    }
    let when = match event.casualty_text() {
        Some(c) => format!("{} · {c}", event.time.when.human()),
        None => event.time.when.human(),
    };
    let fill = if active {
        event_color(state, i).gamma_multiply(0.18)
    } else {
        Color32::TRANSPARENT
    };
    let frame = egui::Frame::new()
        .fill(fill)
        .inner_margin(egui::Margin::symmetric(4, 2))
        .corner_radius(4.0);
    let inner = frame.show(ui, |ui| {
        ui.set_min_height(height - 6.0);
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            let (dot, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            let color = if active {
                event_color(state, i)
            } else {
                event_color(state, i).gamma_multiply(0.35)
            };
            ui.painter().circle_filled(dot.center(), 4.5, color);
            ui.vertical(|ui| {
                let label =
                    ui.add(egui::Button::selectable(selected || hovered, title).frame_when_inactive(false));
                ui.label(RichText::new(when).small());
                label
            })
            .inner
        })
        .inner
    });
    inner.inner
}
