//! The map widget: draws the atlas and the events for the slider's day;
//! drag pans, the wheel zooms about the pointer, hover and click pick
//! regions and events.

use super::command::Command;
use super::map_density::{self, Cell, DensityCache, MAX_MARKERS};
use super::map_labels::LabelPlacer;
use super::map_layers::{MapCache, legend_ui, paint_base, paint_region_names, paint_towns};
use super::map_markers::{self, Marker, MarkerHit, TrayChip};
use super::map_view::{MapView, unproject};
use super::mesh_cache::Transform;
use super::state::AppState;
use super::style::Palette;
use crate::model::projection::mercator_y;
use egui::{Rect, Response, Sense, Ui, WidgetInfo};

/// Above this many markers, casualty labels would cover the map: none are drawn.
const MAX_ANNOTATED: usize = 60;
/// How far beyond the mapped regions, in degrees, events are still drawn in place.
const NEAR_MAP_DEG: f64 = 3.0;

/// The map's memory besides its view.
#[derive(Clone, Copy, Debug, Default)]
pub struct MapMemory {
    pub view: MapView,
    /// Keep the data's area fitted to the widget (at start, after "Fit", and
    /// while the window is resized) until the user pans or zooms.
    pub auto_fit: bool,
    /// The map's rectangle last frame, for zoom buttons and refitting.
    pub last_rect: Option<Rect>,
    /// The view last frame drew, to tell a moving map.
    pub last_view: Option<MapView>,
}

impl MapMemory {
    /// Whether the view differs from the last frame's (the map is being
    /// dragged or zoomed). Remembers it for the next frame: ask once a frame.
    pub fn view_moved(&mut self) -> bool {
        let view = self.view;
        self.last_view.replace(view).is_some_and(|last| last != view)
    }
}

/// Draws the map in all of `ui`'s remaining space and queues what the user did.
pub fn map_ui(
    ui: &mut Ui,
    state: &AppState,
    memory: &mut MapMemory,
    cache: &mut MapCache,
    density: &mut DensityCache,
    commands: &mut Vec<Command>,
) -> Response {
    let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    response.widget_info(|| WidgetInfo::labeled(egui::Role::Image, true, "Map"));
    if memory.auto_fit
        && memory.last_rect != Some(rect)
        && let Some(b) = state.atlas.focus_extent()
    {
        memory.view = MapView::fit([b.min().x, b.min().y, b.max().x, b.max().y], rect, 40.0);
    }
    memory.last_rect = Some(rect);

    // Pan and zoom.
    if response.dragged() {
        let d = response.drag_delta();
        memory.view.pan(d.x, d.y);
        memory.auto_fit = false;
    }
    if let Some(pointer) = response.hover_pos() {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = f64::from(pinch) * (f64::from(scroll) * 0.003).exp();
        if (factor - 1.0).abs() > 1e-4 {
            memory.view.zoom_about(rect, pointer, factor);
            memory.auto_fit = false;
        }
    }

    let palette = Palette::new(ui.visuals().dark_mode);
    let painter = ui.painter_at(rect);
    let t = Transform::new(&memory.view, rect);
    // Events a little beyond the mapped regions are still drawn where they
    // are; only far ones (Washington, Moscow) go to the trays at the edge.
    let map_extent = state.atlas.full_extent().map(|r| {
        let m = NEAR_MAP_DEG;
        geo::Rect::new(
            geo::coord! { x: r.min().x - m, y: r.min().y - m },
            geo::coord! { x: r.max().x + m, y: r.max().y + m },
        )
    });
    density.load_sprites(ui.ctx());
    // Asked every frame, so that it is right when the map switches to counted cells.
    let moving = memory.view_moved();
    // Few events: a marker each. Many: counted cells, with markers only for the active ones.
    let many = state.shown_count() > MAX_MARKERS;
    let local_chips;
    let mut active_cells = Vec::new();
    let (markers, chips, cells): (Vec<Marker>, &[TrayChip], &[Cell]) = if many {
        // While the view moves, the cells counted before move and scale along
        // with the base map (see `map_raster`); they are counted for the new
        // view once it rests.
        if !moving || !density.has_counted() {
            density.update(state, &t, map_extent, (ui.ctx(), &palette));
        } else {
            ui.ctx().request_repaint();
        }
        let active = state.active();
        let markers = if active.len() <= MAX_MARKERS {
            map_markers::layout(state, &t, map_extent, active).0
        } else {
            active_cells = density.count(state, active, &t, map_extent);
            Vec::new()
        };
        (markers, &density.chips, &density.cells)
    } else {
        let shown: Vec<usize> = state
            .catalog()
            .by_date()
            .iter()
            .copied()
            .filter(|&i| state.is_shown(i))
            .collect();
        let (markers, chips) = map_markers::layout(state, &t, map_extent, &shown);
        local_chips = chips;
        (markers, &local_chips, &[])
    };

    // What is under the pointer: a marker first, then (many events) the nearest one, then a region.
    // Nothing is picked while the map moves (the cells are an earlier view's).
    let pointer = response.hover_pos().filter(|_| !response.dragged() && !moving);
    let marker_hit = pointer.and_then(|p| {
        map_markers::hit(state, &markers, chips, p).or_else(|| {
            map_density::cell_at(cells, p)?;
            let reach = f64::from(map_density::CELL) / memory.view.points_per_deg;
            let (plon, plat) = unproject(&memory.view, rect, p);
            state
                .catalog()
                .nearest(plon, mercator_y(plat), reach, |i| state.is_shown(i))
                .map(MarkerHit::Event)
        })
    });
    let region_hit = match (&marker_hit, pointer) {
        (None, Some(p)) => {
            let (lon, lat) = unproject(&memory.view, rect, p);
            state.atlas.pick(lon, lat)
        }
        _ => None,
    };

    let legend = paint_base(
        &painter,
        &t,
        &state.atlas,
        cache,
        &palette,
        state.day(),
        region_hit.map(|r| r.id.as_str()),
        state.selected_region(),
        if many { density.background_layer() } else { None },
    );
    let mut placer = LabelPlacer::default();
    paint_region_names(&painter, &t, &state.atlas, cache, &palette, &mut placer);
    map_markers::reserve(&markers, chips, &mut placer);
    if markers.len() <= MAX_ANNOTATED {
        map_markers::paint_annotations(&painter, state, &markers, &palette, &mut placer);
    }
    paint_towns(&painter, &t, &state.atlas, &palette, &mut placer);
    if let Some(sprites) = density.sprites() {
        map_density::paint_active_cells(&painter, sprites, &active_cells, &palette);
        map_markers::paint(&painter, state, &markers, chips, &palette, sprites);
    }

    let hovered_event = match &marker_hit {
        Some(MarkerHit::Event(i)) => Some(*i),
        Some(MarkerHit::Tray(k)) => chips[*k].events.first().copied(),
        None => None,
    };
    if let Some(i) = hovered_event {
        commands.push(Command::HoverEvent(i));
    }
    if response.clicked() {
        commands.push(match &marker_hit {
            Some(MarkerHit::Event(i)) => Command::SelectEvent(Some(*i)),
            Some(MarkerHit::Tray(k)) => Command::SelectEvent(next_in_tray(&chips[*k].events, state)),
            None => Command::SelectRegion(region_hit.map(|r| r.id.to_string())),
        });
    }

    let response = match (&marker_hit, region_hit) {
        (Some(MarkerHit::Event(i)), _) => {
            let i = *i;
            response.on_hover_ui_at_pointer(|ui| event_tooltip_ui(ui, state, i))
        }
        (Some(MarkerHit::Tray(k)), _) => {
            let chip = &chips[*k];
            response.on_hover_ui_at_pointer(|ui| {
                ui.strong(format!("{} (off the map)", chip.place));
                for &i in chip.events.iter().take(8) {
                    ui.label(format!("• {}", state.catalog().events()[i].title()));
                }
                if chip.events.len() > 8 {
                    ui.label(format!("and {} more", chip.events.len() - 8));
                }
            })
        }
        (None, Some(region)) => response.on_hover_ui_at_pointer(|ui| {
            ui.strong(&region.name);
            ui.label(region.kind.label());
            ui.label(format!("{} event(s)", state.region_event_count(&region.id)));
            if let Some(c) = region.control_at(state.day()) {
                ui.label(format!("{} on this day", c.holder.label()));
            }
        }),
        (None, None) => response,
    };
    zoom_buttons_ui(ui, rect, commands);
    legend_ui(ui, rect, &palette, &legend);
    response
}

/// A click on a tray chip selects its next event, cycling.
fn next_in_tray(events: &[usize], state: &AppState) -> Option<usize> {
    let k = state
        .selected_event
        .and_then(|s| events.iter().position(|&i| i == s));
    match k {
        Some(k) => events.get((k + 1) % events.len()).copied(),
        None => events
            .iter()
            .copied()
            .find(|&i| state.is_active(i))
            .or(events.first().copied()),
    }
}

fn event_tooltip_ui(ui: &mut Ui, state: &AppState, i: usize) {
    let event = &state.catalog().events()[i];
    ui.strong(event.title());
    ui.label(event.time.text().as_ref());
    if let Some(c) = event.casualty_text() {
        ui.label(c);
    }
}

fn zoom_buttons_ui(ui: &mut Ui, rect: Rect, commands: &mut Vec<Command>) {
    let size = egui::vec2(30.0, 26.0);
    let top_right = rect.right_top() + egui::vec2(-size.x - 8.0, 8.0);
    let buttons = [
        ("+", "Zoom in", Command::ZoomMap(1.5)),
        ("−", "Zoom out", Command::ZoomMap(1.0 / 1.5)),
        ("Fit", "Show the whole area", Command::FitMap),
    ];
    for (k, (text, hint, command)) in buttons.into_iter().enumerate() {
        let r = Rect::from_min_size(top_right + egui::vec2(0.0, k as f32 * (size.y + 4.0)), size);
        if ui.put(r, egui::Button::new(text)).on_hover_text(hint).clicked() {
            commands.push(command);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_is_moving_while_it_differs_from_the_last_frame() {
        let mut memory = MapMemory::default();
        let mut at = |lon: f64, points_per_deg: f64| {
            memory.view = MapView {
                center_lon: lon,
                center_lat: 40.0,
                points_per_deg,
            };
            memory.view_moved()
        };
        assert!(!at(45.0, 50.0), "the first frame");
        assert!(!at(45.0, 50.0), "at rest");
        assert!(at(45.0, 60.0), "zoomed");
        assert!(at(45.1, 60.0), "panned");
        assert!(!at(45.1, 60.0), "at rest again");
    }
}
