//! The map widget: the atlas and the events of the slider's day. Drag pans,
//! the wheel zooms about the pointer, hover and click pick regions and
//! events.
//!
//! The app owns one [`MapPanel`]; everything else here is its parts, whose
//! imports run one way: [`projector`] and [`memory`] (the view), [`mesh`]
//! and [`raster`] (the base map's geometry and texture), [`sprites`] and
//! [`labels`], [`trays`] (events out of view), then [`markers`],
//! [`density`] and [`base`], which draw with them.

pub mod base;
pub mod density;
pub mod labels;
pub mod legend;
pub mod markers;
pub mod memory;
pub mod mesh;
pub mod places;
pub mod projector;
pub mod raster;
pub mod shapes;
pub mod sprites;
pub mod trays;

use super::command::Command;
use super::state::AppState;
use super::style::Palette;
use crate::model::Atlas;
use crate::model::projection::mercator_y;
use base::{BaseMeshes, ViewCache, base_layers, region_labels, town_labels};
use density::{Cell, DensityCache, MAX_MARKERS};
use egui::{Rect, Response, Sense, Ui, WidgetInfo};
use labels::paint_labels;
use markers::{Marker, MarkerHit};
use memory::MapMemory;
use projector::{Bounds, MapView, Projector};
use raster::{BaseLayer, BaseRaster};
use trays::TrayChip;

/// Above this many markers, casualty labels would cover the map: none are drawn.
const MAX_ANNOTATED: usize = 60;

/// The map: its memory (view, rectangle, home extent) and what it keeps to
/// draw quickly (meshes, the base map's texture, counted cells).
pub struct MapPanel {
    memory: MapMemory,
    meshes: BaseMeshes,
    raster: BaseRaster,
    density: DensityCache,
    shapes: shapes::ShapeCache,
    /// Whether the zoom buttons are drawn.
    show_controls: bool,
    view_cache: ViewCache,
    drawn: DrawnFrame,
}

/// What the last frame put on the map, where: for tests and tools that look
/// at the map as a user would.
#[derive(Clone, Debug, Default)]
pub struct DrawnFrame {
    /// Each label's text and box.
    pub labels: Vec<(String, Rect)>,
    /// Each event marker's box.
    pub markers: Vec<Rect>,
    /// Each chip's place and box.
    pub chips: Vec<(String, Rect)>,
    /// The legend's and the zoom buttons' boxes.
    pub overlays: Vec<Rect>,
    /// The events whose shapes (areas, routes, points) were drawn.
    pub shapes: Vec<usize>,
}

impl MapPanel {
    /// A map of `atlas` that opens on `home` (the data's area).
    pub fn new(atlas: &Atlas, home: Option<Bounds>) -> Self {
        Self {
            memory: MapMemory::new(home),
            meshes: BaseMeshes::new(atlas),
            raster: BaseRaster::default(),
            density: DensityCache::default(),
            shapes: shapes::ShapeCache::default(),
            show_controls: true,
            view_cache: ViewCache::default(),
            drawn: DrawnFrame::default(),
        }
    }

    /// What the last frame drew where.
    pub fn drawn(&self) -> &DrawnFrame {
        &self.drawn
    }

    /// Draws `atlas` from now on (regions were added).
    pub fn set_atlas(&mut self, atlas: &Atlas) {
        self.meshes = BaseMeshes::new(atlas);
        self.view_cache = ViewCache::default();
    }

    /// The view.
    pub fn view(&self) -> MapView {
        self.memory.view()
    }

    /// Last frame's projector (view and rectangle), once a frame was drawn.
    pub fn projector(&self) -> Option<Projector> {
        self.memory.projector()
    }

    /// Leaves out the zoom buttons (a picture made for a file has no use for them).
    pub fn hide_controls(&mut self) {
        self.show_controls = false;
    }

    /// Sets the extent "Fit" shows; the map goes there unless the user moved it.
    pub fn set_home(&mut self, home: Bounds) {
        self.memory.set_home(home);
    }

    /// Whether the user moved the map away from its home extent.
    pub fn user_moved(&self) -> bool {
        self.memory.user_moved()
    }

    /// Goes back to the home extent ("Fit").
    pub fn fit_home(&mut self) {
        self.memory.fit_home();
    }

    /// Pans by a screen delta, as a drag does.
    pub fn pan(&mut self, dx: f32, dy: f32) {
        self.memory.pan(dx, dy);
    }

    /// Zooms about the map's centre.
    pub fn zoom_by(&mut self, factor: f64) {
        self.memory.zoom_by(factor, None);
    }

    /// Brings a point into view (centred), unless it is in view already.
    pub fn reveal(&mut self, lon: f64, lat: f64) {
        let in_view = self
            .memory
            .projector()
            .is_some_and(|p| p.screen().shrink(20.0).contains(p.project(lon, lat)));
        if !in_view {
            self.memory.center_on(lon, lat);
        }
    }

    /// Draws the map in all of `ui`'s remaining space and queues what the user did.
    pub fn ui(&mut self, ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) -> Response {
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        response.widget_info(|| WidgetInfo::labeled(egui::Role::Image, true, "Map"));
        self.memory.begin_frame(rect);
        if response.dragged() {
            let d = response.drag_delta();
            self.memory.pan(d.x, d.y);
        }
        if let Some(pointer) = response.hover_pos() {
            let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let factor = f64::from(pinch) * (f64::from(scroll) * 0.003).exp();
            if (factor - 1.0).abs() > 1e-4 {
                self.memory.zoom_by(factor, Some(pointer));
            }
        }
        let p = Projector::new(&self.memory.view(), rect);
        // Asked every frame, so that it is right when the map switches to counted cells.
        let moving = self.memory.take_moved();
        let palette = Palette::new(ui.visuals().dark_mode);
        let atlas = &state.atlas;

        self.view_cache.update(atlas, &self.meshes, &p);
        let (mut layers, legend_rows) = base_layers(
            atlas,
            &self.meshes,
            &self.view_cache,
            &p,
            &palette,
            state.day(),
            state.selected_region(),
        );
        let legend = legend::legend_ui(ui, rect, &palette, &legend_rows);
        let buttons = if self.show_controls {
            zoom_buttons_rect(rect)
        } else {
            Rect::NOTHING
        };
        let overlays = [legend, buttons];

        // Few events: a marker each. Many: counted cells, with markers only for the active ones.
        self.density.load_sprites(ui.ctx());
        let many = state.shown_count() > MAX_MARKERS;
        let mut active_cells = Vec::new();
        let local_chips;
        let (markers, chips, cells): (Vec<Marker>, &[TrayChip], &[Cell]) = if many {
            // While the view moves, the cells counted before move and scale along
            // with the base map (see `raster`); they are counted for the new
            // view once it rests.
            if !moving || !self.density.has_counted() {
                self.density.update(state, &p, &overlays, (ui.ctx(), &palette));
            } else {
                ui.ctx().request_repaint();
            }
            let active = state.active();
            let markers = if active.len() <= MAX_MARKERS {
                markers::layout(state.catalog(), &p, active).0
            } else {
                active_cells = self.density.count(state, active, &p);
                Vec::new()
            };
            (markers, self.density.chips(), self.density.cells())
        } else {
            let shown: Vec<usize> = state
                .catalog()
                .by_date()
                .iter()
                .map(|&i| i as usize)
                .filter(|&i| state.is_shown(i))
                .collect();
            let (markers, out_of_view) = markers::layout(state.catalog(), &p, &shown);
            let places = places::Places::new(state.catalog(), atlas, out_of_view.into_iter().map(|(i, _)| i));
            local_chips = trays::chips(&p, (state.catalog(), atlas), &places, &overlays);
            (markers, local_chips.as_slice(), &[][..])
        };

        // What is under the pointer: a marker first, then (many events) the
        // nearest one, then a region. Nothing is picked while the map moves
        // (the cells are an earlier view's).
        let pointer = response
            .hover_pos()
            .filter(|p| !response.dragged() && !moving && !overlays.iter().any(|o| o.contains(*p)));
        let marker_hit = pointer.and_then(|at| {
            markers::hit(state, &markers, chips, at).or_else(|| {
                density::cell_at(cells, at)?;
                let reach = f64::from(density::CELL) / p.scale();
                let (lon, lat) = p.unproject(at);
                state
                    .catalog()
                    .nearest(lon, mercator_y(lat), reach, |i| state.is_shown(i))
                    .map(MarkerHit::Event)
            })
        });
        let region_hit = match (&marker_hit, pointer) {
            (None, Some(at)) => {
                let (lon, lat) = p.unproject(at);
                atlas.pick(lon, lat)
            }
            _ => None,
        };

        let painter = ui.painter_at(rect);
        if many && let Some(cells_layer) = self.density.background_layer() {
            // Under the selected region's outline, over the rest.
            let at = layers
                .iter()
                .rposition(|l| !matches!(l, BaseLayer::Outline(_, s) if s.color == palette.selection))
                .map_or(0, |k| k + 1);
            layers.insert(at, cells_layer);
        }
        // What the base map shows apart from the view (see `BaseRaster::paint`).
        let content = {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            (std::sync::Arc::as_ptr(&state.atlas) as usize).hash(&mut h);
            for row in &legend_rows {
                (row.color, &row.text).hash(&mut h);
            }
            (state.selected_region(), ui.visuals().dark_mode, many).hash(&mut h);
            h.finish()
        };
        self.raster.paint(&painter, &p, palette.sea, &layers, content);
        // The hovered region follows the pointer: drawn over the texture, not into it.
        if let Some(region) = region_hit
            && let Some(k) = atlas.regions().iter().position(|r| r.id == region.id)
            && let Some(mesh) = self.meshes.region(k, p.scale())
        {
            painter.extend(mesh.fill(&p, palette.hover));
        }
        let shapes_drawn = shapes::paint(&painter, &p, state, &mut self.shapes, &palette);

        let mut labels = Vec::new();
        if markers.len() <= MAX_ANNOTATED {
            labels.extend(markers::annotations(state, &markers, &palette));
        }
        labels.extend(region_labels(atlas, &self.meshes, &self.view_cache, &p, &palette));
        let marks: Vec<(egui::Pos2, f32)> = markers.iter().map(|m| (m.pos, m.radius)).collect();
        labels.extend(town_labels(&self.view_cache, &p, &palette, &marks));
        let obstacles: Vec<Rect> = markers::obstacles(&markers)
            .chain(chips.iter().map(|c| c.rect))
            .chain(overlays)
            .collect();
        let drawn_labels = paint_labels(&painter, &labels, &obstacles);
        self.drawn = DrawnFrame {
            labels: drawn_labels,
            markers: markers::obstacles(&markers).collect(),
            chips: chips.iter().map(|c| (c.place.clone(), c.rect)).collect(),
            overlays: overlays.to_vec(),
            shapes: shapes_drawn,
        };
        if let Some(sprites) = self.density.sprites() {
            density::paint_active_cells(&painter, sprites, &active_cells, &palette);
            markers::paint(&painter, state, &markers, &palette, sprites);
        }
        trays::paint_chips(&painter, state, chips, &palette);

        let hovered_event = match &marker_hit {
            Some(MarkerHit::Event(i)) => Some(*i),
            Some(MarkerHit::Tray(k)) => chips.get(*k).and_then(|c| c.events.first().map(|&i| i as usize)),
            None => None,
        };
        if let Some(i) = hovered_event {
            commands.push(Command::HoverEvent(i));
        }
        if response.clicked() {
            commands.push(match &marker_hit {
                Some(MarkerHit::Event(i)) => Command::SelectEvent(Some(*i)),
                Some(MarkerHit::Tray(k)) => {
                    Command::SelectEvent(chips.get(*k).and_then(|c| next_in_tray(&c.events, state)))
                }
                None => Command::SelectRegion(region_hit.map(|r| r.id.to_string())),
            });
        }

        let response = match (&marker_hit, region_hit) {
            (Some(MarkerHit::Event(i)), _) => {
                let i = *i;
                response.on_hover_ui_at_pointer(|ui| event_tooltip_ui(ui, state, i))
            }
            (Some(MarkerHit::Tray(k)), _) => match chips.get(*k) {
                Some(chip) => response.on_hover_ui_at_pointer(|ui| chip_tooltip_ui(ui, state, chip)),
                None => response,
            },
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
        if self.show_controls {
            zoom_buttons_ui(ui, buttons, commands);
        }
        response
    }
}

/// A click on a tray chip selects its next event, cycling.
fn next_in_tray(events: &[u32], state: &AppState) -> Option<usize> {
    let mut events = events.iter().map(|&i| i as usize);
    let k = state
        .selected_event
        .and_then(|s| events.clone().position(|i| i == s));
    match k {
        Some(k) => events.nth((k + 1) % events.len()),
        None => events.clone().find(|&i| state.is_active(i)).or(events.next()),
    }
}

fn event_tooltip_ui(ui: &mut Ui, state: &AppState, i: usize) {
    let Some(event) = state.catalog().get(i) else {
        return;
    };
    ui.strong(event.title());
    ui.label(crate::ui::style::readable(ui, &event.time().text()));
    if let Some(c) = event.casualty_text() {
        ui.label(c);
    }
}

fn chip_tooltip_ui(ui: &mut Ui, state: &AppState, chip: &TrayChip) {
    ui.strong(format!("{} (out of view)", chip.place));
    for e in chip
        .events
        .iter()
        .take(8)
        .filter_map(|&i| state.catalog().get(i as usize))
    {
        ui.label(format!("• {}", e.title()));
    }
    if chip.events.len() > 8 {
        ui.label(format!("and {} more", chip.events.len() - 8));
    }
}

/// Where a map of `state` opens: the area the map is about (the built-in
/// article's), or else where the events are.
pub fn home_of(state: &AppState) -> Option<Bounds> {
    state
        .atlas
        .focus_extent()
        .map(|b| [b.min().x, b.min().y, b.max().x, b.max().y])
        .or_else(|| {
            let catalog = state.catalog();
            let anchors = crate::model::extent::sample(0..catalog.events().len(), |i| catalog.anchor(i));
            crate::model::extent::robust_extent(anchors)
        })
}

/// The size of a zoom button, and the gap between them.
const BUTTON: egui::Vec2 = egui::vec2(30.0, 26.0);
const BUTTON_GAP: f32 = 4.0;

/// Where the zoom buttons sit: the map's top right corner.
fn zoom_buttons_rect(map: Rect) -> Rect {
    let top_right = map.right_top() + egui::vec2(-BUTTON.x - 8.0, 8.0);
    Rect::from_min_size(top_right, egui::vec2(BUTTON.x, 3.0 * BUTTON.y + 2.0 * BUTTON_GAP))
}

fn zoom_buttons_ui(ui: &mut Ui, area: Rect, commands: &mut Vec<Command>) {
    let buttons = [
        ("+", "Zoom in", Command::ZoomMap(1.5)),
        ("−", "Zoom out", Command::ZoomMap(1.0 / 1.5)),
        ("Fit", "Show the data's whole area", Command::FitMap),
    ];
    for (k, (text, hint, command)) in buttons.into_iter().enumerate() {
        let r = Rect::from_min_size(
            area.min + egui::vec2(0.0, k as f32 * (BUTTON.y + BUTTON_GAP)),
            BUTTON,
        );
        if ui.put(r, egui::Button::new(text)).on_hover_text(hint).clicked() {
            commands.push(command);
        }
    }
}
