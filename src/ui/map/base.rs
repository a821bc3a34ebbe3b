//! The map's base: regions in the style their data gives them, districts
//! and who held them on the slider's day, lakes, dated lines and areas; the
//! names of regions and towns; and the legend of what is drawn.

use super::labels::{Anchor, Dot, MapLabel, Priority};
use super::mesh::{LodMesh, WorldMesh};
use super::projector::{Projector, mercator_y};
use super::raster::BaseLayer;
use crate::model::region::Holder;
use crate::model::{Atlas, PlaceKind, Region, RegionKind, RegionStyle};
use crate::ui::style::Palette;
use chrono::NaiveDate;
use egui::{Color32, FontId, Pos2, Stroke};
use geo::{Area, Contains, InteriorPoint, Point};

/// Districts are outlined from this scale on (points per degree): farther
/// out, their lines would only grey the map.
const DISTRICTS_FROM_SCALE: f64 = 30.0;

/// Meshes for everything the atlas draws, made once per atlas.
pub struct BaseMeshes {
    /// Parallel to `atlas.regions()`.
    regions: Vec<LodMesh>,
    lakes: Vec<LodMesh>,
    areas: Vec<LodMesh>,
    /// Parallel to `atlas.lines`, as (lon, Mercator y).
    lines: Vec<Vec<[f32; 2]>>,
    /// Labels for a subject country's large detached parts, e.g.
    /// "Nakhchivan (Azerbaijan)": (lon, lat, text).
    part_labels: Vec<(f64, f64, String)>,
    /// The gazetteer's towns in world coordinates, in its order: a view's
    /// towns are found without projecting forty thousand places.
    town_world: Vec<[f32; 2]>,
}

impl BaseMeshes {
    /// The meshes of every polygon and line of the atlas.
    pub fn new(atlas: &Atlas) -> Self {
        Self {
            regions: atlas
                .regions()
                .iter()
                .map(|r| LodMesh::new(&r.geometry))
                .collect(),
            lakes: atlas.lakes.iter().map(|l| LodMesh::new(&l.geometry)).collect(),
            areas: atlas.areas.iter().map(|a| LodMesh::new(&a.geometry)).collect(),
            lines: atlas
                .lines
                .iter()
                .map(|l| l.line.coords().map(|c| Projector::world(c.x, c.y)).collect())
                .collect(),
            part_labels: part_labels(atlas),
            town_world: atlas
                .places
                .towns()
                .map(|t| Projector::world(t.lon, t.lat))
                .collect(),
        }
    }

    /// The mesh of the region at this position of the atlas, for this scale.
    pub fn region(&self, index: usize, points_per_deg: f64) -> Option<&WorldMesh> {
        self.regions.get(index).map(|l| l.for_scale(points_per_deg))
    }
}

/// A subject country's large detached parts are named after the town inside
/// them: "Nakhchivan (Azerbaijan)".
fn part_labels(atlas: &Atlas) -> Vec<(f64, f64, String)> {
    let mut labels = Vec::new();
    for region in atlas
        .regions()
        .iter()
        .filter(|r| matches!(r.style, RegionStyle::Subject(_)) && r.kind == RegionKind::Country)
    {
        let mut parts: Vec<_> = region.geometry.0.iter().collect();
        parts.sort_by(|a, b| b.unsigned_area().total_cmp(&a.unsigned_area()));
        let Some(main_area) = parts.first().map(|p| p.unsigned_area()) else {
            continue;
        };
        for part in parts
            .iter()
            .skip(1)
            .filter(|p| p.unsigned_area() > main_area * 0.05)
        {
            // The map's own town inside the part names it, else the most populous.
            let inside = |lon: f64, lat: f64| part.contains(&Point::new(lon, lat));
            let town = atlas
                .towns
                .iter()
                .find(|t| inside(t.lon, t.lat))
                .map(|t| t.name.as_str())
                .or_else(|| {
                    atlas
                        .places
                        .towns()
                        .find(|t| inside(t.lon, t.lat))
                        .map(|t| t.name.as_str())
                });
            if let (Some(town), Some(at)) = (town, part.interior_point()) {
                labels.push((at.x(), at.y(), format!("{town} ({})", region.name)));
            }
        }
    }
    labels
}

/// What depends only on the view (and the atlas): which regions are in it,
/// which towns are offered names. Kept while the view rests (as while the
/// slider is scrubbed): a world of regions and towns is not gone through
/// every frame.
#[derive(Default)]
pub struct ViewCache {
    key: Option<(Projector, usize, usize)>,
    /// Positions in the atlas of the regions whose mesh is in view.
    visible: Vec<usize>,
    /// Towns offered a name, in order (see [`town_labels`]).
    towns: Vec<TownCandidate>,
}

/// A town offered a name: where, what, and whether a capital.
#[derive(Clone, Debug)]
struct TownCandidate {
    lon: f64,
    lat: f64,
    text: String,
    capital: bool,
}

impl ViewCache {
    /// Brings the cache up to date for `p`.
    pub fn update(&mut self, atlas: &Atlas, meshes: &BaseMeshes, p: &Projector) {
        let key = (*p, atlas.regions().len(), atlas.places.places().len());
        if self.key == Some(key) {
            return;
        }
        self.key = Some(key);
        let scale = p.scale();
        self.visible = meshes
            .regions
            .iter()
            .enumerate()
            .filter(|(_, l)| l.for_scale(scale).visible(p))
            .map(|(k, _)| k)
            .collect();
        self.towns = town_candidates(atlas, meshes, p);
    }

    /// The regions in view, with their meshes at the view's scale.
    fn regions<'a>(
        &self,
        atlas: &'a Atlas,
        meshes: &'a BaseMeshes,
        scale: f64,
    ) -> Vec<(&'a Region, &'a WorldMesh)> {
        self.visible
            .iter()
            .filter_map(|&k| Some((atlas.regions().get(k)?, meshes.regions.get(k)?.for_scale(scale))))
            .collect()
    }
}

/// One row of the map's key: a colour and what it means.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendRow {
    pub color: Color32,
    pub text: String,
    /// Drawn as a dashed line (a line layer), not a swatch (an area).
    pub line: bool,
}

/// The legend's rows, each once, in the order first drawn.
#[derive(Default)]
struct Legend(Vec<LegendRow>);

impl Legend {
    fn add(&mut self, color: Color32, text: &str, line: bool) {
        if !self.0.iter().any(|r| r.text == text) {
            self.0.push(LegendRow {
                color,
                text: text.to_string(),
                line,
            });
        }
    }
}

/// What the key says of a shade of control.
fn holder_legend(holder: Holder) -> &'static str {
    match holder {
        Holder::Armenian => "Held by Armenian forces on this day",
        Holder::Contested => "Fought over on this day",
        Holder::Azerbaijani => "Held by Azerbaijan on this day",
    }
}

/// The base map's drawing steps for `day` at the projector's scale, bottom
/// first, with the `selected` region's outline on top; and the legend rows
/// of the dated and disputed layers among them (made in the same pass, so
/// that the key names only what is drawn).
pub fn base_layers<'a>(
    atlas: &'a Atlas,
    meshes: &'a BaseMeshes,
    view: &ViewCache,
    p: &Projector,
    palette: &Palette,
    day: NaiveDate,
    selected: Option<&str>,
) -> (Vec<BaseLayer<'a>>, Vec<LegendRow>) {
    use BaseLayer::{Dashed, Fill, Outline};
    let scale = p.scale();
    let regions = view.regions(atlas, meshes, scale);
    let of_kind = |kind: RegionKind| regions.iter().filter(move |(r, _)| r.kind == kind).copied();
    let mut layers = Vec::new();
    let mut legend = Legend::default();
    for (region, mesh) in of_kind(RegionKind::Country) {
        layers.push(Fill(mesh, palette.region_fill(region.style)));
    }
    // Ground held or fought over on this day.
    for (area, mesh) in atlas.areas.iter().zip(&meshes.areas) {
        if area.valid.contains(day) {
            layers.push(Fill(mesh.for_scale(scale), palette.held));
            legend.add(palette.held, holder_legend(Holder::Armenian), false);
        }
    }
    for (region, mesh) in of_kind(RegionKind::District) {
        if scale >= DISTRICTS_FROM_SCALE {
            layers.push(Outline(mesh, Stroke::new(0.6, palette.district_line)));
        }
        if let Some(holder) = control_shade(atlas, region, day) {
            let color = holder_color(palette, holder);
            layers.push(Fill(mesh, color));
            legend.add(color, holder_legend(holder), false);
        }
    }
    for lake in &meshes.lakes {
        let mesh = lake.for_scale(scale);
        if mesh.visible(p) {
            layers.push(Fill(mesh, palette.lake));
            layers.push(Outline(
                mesh,
                Stroke::new(0.5, palette.border.gamma_multiply(0.5)),
            ));
        }
    }
    for (region, mesh) in of_kind(RegionKind::Country) {
        let width = if matches!(region.style, RegionStyle::Subject(_)) {
            1.4
        } else {
            0.8
        };
        layers.push(Outline(mesh, Stroke::new(width, palette.border)));
    }
    for (region, mesh) in of_kind(RegionKind::DisputedTerritory) {
        let fill = palette.region_fill(region.style);
        layers.push(Fill(mesh, fill));
        layers.push(Outline(mesh, Stroke::new(2.0, palette.disputed_line)));
        let text = match &region.note {
            Some(note) => format!("{} ({note})", region.name),
            None => format!("{} (disputed)", region.name),
        };
        legend.add(fill, &text, false);
    }
    for (line, points) in atlas.lines.iter().zip(&meshes.lines) {
        if line.valid.contains(day) {
            layers.push(Dashed(points, Stroke::new(2.0, palette.ceasefire), [6.0, 4.0]));
            legend.add(palette.ceasefire, &line.name, true);
        }
    }
    // The selection changes on a click: it goes into the texture too.
    layers.extend(
        regions
            .iter()
            .filter(|(region, _)| selected == Some(region.id.as_str()))
            .map(|&(_, mesh)| Outline(mesh, Stroke::new(3.0, palette.selection))),
    );
    let mut rows = legend.0;
    // Areas first, lines last.
    rows.sort_by_key(|r| r.line);
    (layers, rows)
}

/// How a district is shaded on `day`: by who held it, unless a dated area
/// (the ground held after the 1994 ceasefire) already shades that ground.
pub fn control_shade(atlas: &Atlas, region: &Region, day: NaiveDate) -> Option<Holder> {
    if atlas.areas_at(day).next().is_some() {
        return None;
    }
    region
        .control_at(day)
        .map(|c| c.holder)
        .filter(|h| *h != Holder::Azerbaijani)
}

/// A colour for the shade of a control holder.
pub fn holder_color(palette: &Palette, holder: Holder) -> Color32 {
    match holder {
        Holder::Armenian => palette.held,
        Holder::Contested => palette.contested,
        Holder::Azerbaijani => palette.subject(1),
    }
}

/// Names of the countries and disputed territories in view, the places the
/// data is about first, then by size; and the names of subject countries'
/// detached parts.
pub fn region_labels(
    atlas: &Atlas,
    meshes: &BaseMeshes,
    view: &ViewCache,
    p: &Projector,
    palette: &Palette,
) -> Vec<MapLabel> {
    let mut named: Vec<(&Region, f32)> = view
        .regions(atlas, meshes, p.scale())
        .into_iter()
        .filter(|(r, _)| r.kind != RegionKind::District)
        .filter_map(|(r, _)| {
            // Named only when wide enough on screen to hold a name.
            let b = r.bbox()?;
            let width = (b.width() * p.scale()) as f32;
            (width > 40.0 || r.focus).then_some((r, width))
        })
        .collect();
    // Subjects and disputed territories first, then the widest.
    named.sort_by(|a, b| {
        let rank = |r: &Region| match r.style {
            RegionStyle::Plain => 1,
            _ => 0,
        };
        rank(a.0).cmp(&rank(b.0)).then(b.1.total_cmp(&a.1))
    });
    let mut labels: Vec<MapLabel> = named
        .into_iter()
        .filter_map(|(region, width)| {
            let at = region.label_point()?;
            let (size, color) = match region.style {
                RegionStyle::Disputed => (13.0, palette.disputed_line),
                RegionStyle::Subject(_) => (15.0, palette.text),
                RegionStyle::Plain => ((9.0 + width / 60.0).min(14.0), palette.text.gamma_multiply(0.8)),
            };
            Some(MapLabel {
                text: region.name.clone(),
                font: FontId::proportional(size),
                color,
                halo: palette.halo,
                anchor: Anchor::Center(p.project(at.x(), at.y())),
                priority: Priority::Region,
                dot: None,
            })
        })
        .collect();
    labels.extend(meshes.part_labels.iter().map(|(lon, lat, text)| MapLabel {
        text: text.clone(),
        font: FontId::proportional(12.0),
        color: palette.text,
        halo: palette.halo,
        anchor: Anchor::Center(p.project(*lon, *lat)),
        priority: Priority::Region,
        dot: None,
    }));
    labels
}

/// The fewest people a town in view needs to be offered a label at this
/// scale (points per degree): a world view names the great cities, a
/// province's view every town.
fn min_population(scale: f64) -> u64 {
    match scale {
        s if s >= 60.0 => 0,
        s if s >= 25.0 => 50_000,
        s if s >= 10.0 => 300_000,
        s if s >= 4.0 => 1_000_000,
        _ => 3_000_000,
    }
}

/// Screen area (square points) per town offered a label: a view names as
/// many towns as it has room for without crowding.
const AREA_PER_TOWN: f32 = 14_000.0;

/// The map's own towns in view, then the gazetteer's by population, as many
/// as the view has room for.
fn town_candidates(atlas: &Atlas, meshes: &BaseMeshes, p: &Projector) -> Vec<TownCandidate> {
    let screen = p.screen();
    let in_view =
        |lon: f64, lat: f64| screen.contains(p.world_to_screen([lon as f32, mercator_y(lat) as f32]));
    let world_in_view = |w: &[f32; 2]| screen.contains(p.world_to_screen(*w));
    let budget = ((screen.area() / AREA_PER_TOWN) as usize).clamp(8, 150);
    let floor = min_population(p.scale());
    // A gazetteer town this close (degrees) to one of the map's own is that town.
    let same = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 0.03 && (a.1 - b.1).abs() < 0.03;
    let mut own: Vec<TownCandidate> = atlas
        .towns
        .iter()
        .filter(|t| in_view(t.lon, t.lat))
        .map(|t| TownCandidate {
            lon: t.lon,
            lat: t.lat,
            text: t.label(),
            capital: t.capital,
        })
        .collect();
    own.sort_by_key(|t| !t.capital);
    let gazetteer: Vec<TownCandidate> = atlas
        .places
        .towns()
        .zip(&meshes.town_world)
        .filter(|(_, w)| world_in_view(w))
        .map(|(t, _)| t)
        .filter(|t| t.population >= floor || (t.kind == PlaceKind::Capital && p.scale() >= 4.0))
        .filter(|t| !own.iter().any(|o| same((o.lon, o.lat), (t.lon, t.lat))))
        .take(budget.saturating_sub(own.len()))
        .map(|t| TownCandidate {
            lon: t.lon,
            lat: t.lat,
            text: t.label.clone(),
            capital: t.kind == PlaceKind::Capital,
        })
        .collect();
    own.extend(gazetteer);
    own
}

/// The map's own towns in view, then the gazetteer's (the most populous
/// first, capitals from a country's view on), each as a dot with a name,
/// drawn only if its name finds room.
///
/// A town under an event's marker (one of `markers`, as (centre, radius))
/// is named beside the marker, which marks it.
pub fn town_labels(
    view: &ViewCache,
    p: &Projector,
    palette: &Palette,
    markers: &[(Pos2, f32)],
) -> Vec<MapLabel> {
    view.towns
        .iter()
        .map(|t| (t.lon, t.lat, t.text.clone(), t.capital))
        .map(|(lon, lat, text, capital)| {
            let at = p.project(lon, lat);
            let radius = if capital { 3.5 } else { 2.5 };
            let under_marker = markers.iter().find(|(c, r)| c.distance(at) <= r + 2.0);
            let (anchor, dot) = match under_marker {
                Some(&(centre, r)) => (
                    Anchor::Beside {
                        point: centre,
                        gap: r + 1.0,
                    },
                    None,
                ),
                None => (
                    Anchor::Beside {
                        point: at,
                        gap: radius,
                    },
                    Some(Dot {
                        center: at,
                        radius,
                        fill: palette.town,
                        stroke: Stroke::new(1.0, palette.halo),
                        reserved: capital,
                    }),
                ),
            };
            MapLabel {
                text,
                font: FontId::proportional(11.0),
                color: palette.text,
                halo: palette.halo.gamma_multiply(0.6),
                anchor,
                priority: Priority::Town,
                dot,
            }
        })
        .collect()
}
