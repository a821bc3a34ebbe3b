//! The event list: every event by date (or the selected region's), active
//! ones highlighted; hover links to the map and timeline, click selects.

use super::command::Command;
use super::state::AppState;
use super::style::event_color;
use egui::{Color32, RichText, Ui};

/// What the list scrolls to this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reveal {
    /// Nothing: the user's scrolling stands.
    Nothing,
    /// The selected event (after it changed).
    Selection,
    /// The slider's day (after it moved): a long list follows the slider.
    Day,
}

/// Draws the list; queues hover, selection and filter changes. Returns
/// whether the list has followed the day (when `reveal` asks it to).
pub fn event_list_ui(ui: &mut Ui, state: &AppState, reveal: Reveal, commands: &mut Vec<Command>) -> bool {
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
    // The list's content and viewport heights as of last frame: the scroll
    // area keeps its offset within last frame's range, and an offset past it
    // springs back over several frames.
    let sizes_id = ui.scope_id().with("event list sizes");
    let last_sizes: Option<(f32, f32)> = ui.data(|d| d.get_temp(sizes_id));
    let pitch = row_height + ui.spacing().item_spacing.y; // as `show_rows` lays rows out
    let content_height = (listed.len() as f32 * pitch - ui.spacing().item_spacing.y).max(0.0);
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("event list")
        .auto_shrink([false, false]);
    let mut followed = reveal != Reveal::Day;
    if reveal == Reveal::Day
        && let Some((last_content, last_viewport)) = last_sizes
    {
        let max_offset = (last_content - last_viewport).max(0.0);
        let offset = state.list_row_for_day() as f32 * pitch;
        scroll = scroll.vertical_scroll_offset(offset.min(max_offset));
        // Done unless the list changed length: then again next frame.
        followed = (last_content - content_height).abs() < 0.5;
    }
    let output = scroll.show_rows(ui, row_height, listed.len(), |ui, rows| {
        for row in rows {
            let i = listed[row];
            let response = event_row_ui(ui, state, i, row_height);
            if reveal == Reveal::Selection && Some(row) == selected_row {
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
    let sizes = (output.content_size.y, output.inner_rect.height());
    ui.data_mut(|d| d.insert_temp(sizes_id, sizes));
    if listed.is_empty() {
        ui.weak("No events here.");
    }
    followed
}

fn event_row_ui(ui: &mut Ui, state: &AppState, i: usize, height: f32) -> egui::Response {
    let event = &state.catalog.events()[i];
    let active = state.is_active(i);
    let selected = state.selected_event == Some(i);
    let hovered = state.hovered_event == Some(i);
    let mut title = RichText::new(&*event.title);
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
