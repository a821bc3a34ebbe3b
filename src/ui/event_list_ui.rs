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
    /// This event's row (the one whose details were just closed).
    Event(usize),
    /// The slider's day (after it moved): a long list follows the slider.
    Day,
}

/// What the list looked like last frame, for scrolling it this frame.
#[derive(Clone, Copy, Debug)]
struct LastFrame {
    rows: usize,
    content_height: f32,
    viewport_height: f32,
    offset: f32,
}

/// Draws the list; queues hover, selection and filter changes. Returns
/// whether the list has followed the day (when `reveal` asks it to).
pub fn event_list_ui(ui: &mut Ui, state: &AppState, reveal: Reveal, commands: &mut Vec<Command>) -> bool {
    ui.horizontal(|ui| {
        ui.heading("Events");
        ui.label(format!(
            "{} of {}",
            state.listed().len(),
            state.catalog().events().len()
        ));
    });
    if let Some(id) = state.selected_region() {
        let name = state.atlas.get(id).map_or(id, |r| r.name.as_str());
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
    // Only when it is to be revealed: every frame would cost a search.
    let selected_row = match reveal {
        Reveal::Event(i) => state.catalog().find_in_date_order(listed, i),
        _ => None,
    };
    // The list as of last frame (see `LastFrame`): the scroll area keeps its
    // offset within last frame's range, and an offset past it springs back
    // over several frames.
    let last_id = ui.scope_id().with("event list last frame");
    let last: Option<LastFrame> = ui.data(|d| d.get_temp(last_id));
    let pitch = row_height + ui.spacing().item_spacing.y; // as `show_rows` lays rows out
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt("event list")
        .auto_shrink([false, false]);
    let mut followed = reveal != Reveal::Day;
    if let Some(last) = last {
        let max_offset = (last.content_height - last.viewport_height).max(0.0);
        let target = match (reveal, selected_row) {
            (Reveal::Day, _) => Some(state.list_row_for_day() as f32 * pitch),
            // Only when out of view (`scroll_to_me` needs the row laid out,
            // and `show_rows` lays out only the visible rows): centred.
            (Reveal::Event(_), Some(row)) => {
                let top = row as f32 * pitch;
                let visible = top >= last.offset && top + row_height <= last.offset + last.viewport_height;
                (!visible).then(|| top - (last.viewport_height - row_height) / 2.0)
            }
            _ => None,
        };
        if let Some(target) = target {
            scroll = scroll.vertical_scroll_offset(target.clamp(0.0, max_offset));
        }
        // Done unless the list changed length: then again next frame.
        if reveal == Reveal::Day {
            followed = last.rows == listed.len();
        }
    }
    if !followed {
        ui.ctx().request_repaint();
    }
    let output = scroll.show_rows(ui, row_height, listed.len(), |ui, rows| {
        for row in rows {
            let i = listed[row] as usize;
            let response = event_row_ui(ui, state, i, row_height);
            if Some(row) == selected_row {
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
    let this_frame = LastFrame {
        rows: listed.len(),
        content_height: output.content_size.y,
        viewport_height: output.inner_rect.height(),
        offset: output.state.clamped_offset().y,
    };
    ui.data_mut(|d| d.insert_temp(last_id, this_frame));
    if listed.is_empty() {
        ui.weak("No events here.");
    }
    followed
}

fn event_row_ui(ui: &mut Ui, state: &AppState, i: usize, height: f32) -> egui::Response {
    let event = state.catalog().event(i);
    let active = state.is_active(i);
    let selected = state.selected_event == Some(i);
    let hovered = state.hovered_event == Some(i);
    let weak = ui.visuals().weak_text_color();
    let title = || {
        let title = RichText::new(event.title());
        if active { title.strong() } else { title.color(weak) }
    };
    let when = match event.casualty_text() {
        Some(c) => format!("{} · {c}", event.time().when.human()),
        None => event.time().when.human(),
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
                // One line: `show_rows` places rows by a fixed height, and a
                // wrapped title would push the list's last rows out of reach.
                let room = ui.available_width();
                let mut label = ui.add(
                    egui::Button::selectable(selected || hovered, title())
                        .frame_when_inactive(false)
                        .truncate(),
                );
                // Whether the title was cut is measured only for the row under
                // the pointer: every row every frame would lay its text out twice.
                if label.hovered() {
                    let full_width = egui::WidgetText::from(title())
                        .into_galley(
                            ui,
                            Some(egui::TextWrapMode::Extend),
                            f32::INFINITY,
                            egui::TextStyle::Button,
                        )
                        .size()
                        .x;
                    if full_width + 2.0 * ui.spacing().button_padding.x > room {
                        label = label.on_hover_text(event.title());
                    }
                }
                ui.add(egui::Label::new(RichText::new(when).small()).truncate());
                label
            })
            .inner
        })
        .inner
    });
    inner.inner
}
