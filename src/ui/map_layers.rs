//! The map's base layers: countries, the disputed territory, districts and
//! their control on the slider's day, lakes, lines, towns and region names.

use super::map_labels::LabelPlacer;
use super::map_raster::{BaseLayer, BaseRaster};
use super::mesh_cache::{LodMesh, Transform, WorldMesh};
use super::style::Palette;
use crate::model::region::Holder;
use crate::model::{Atlas, Region, RegionKind};
use chrono::NaiveDate;
use egui::{Color32, FontId, Painter, Shape, Stroke};
use geo::{Area, Contains, InteriorPoint, Point};

/// Meshes for everything the atlas draws, built once per atlas, and the base
/// map's texture drawn from them.
pub struct MapCache {
    /// Parallel to `atlas.regions`.
    regions: Vec<LodMesh>,
    lakes: Vec<LodMesh>,
    areas: Vec<LodMesh>,
    /// Parallel to `atlas.lines`, as (lon, Mercator y).
    lines: Vec<Vec<[f32; 2]>>,
    /// Extra labels for a country's detached parts, e.g. "Nakhchivan (Azerbaijan)": (lon, lat, text).
    part_labels: Vec<(f64, f64, String)>,
    raster: BaseRaster,
}

impl MapCache {
    /// Triangulates every polygon of the atlas.
    pub fn new(atlas: &Atlas) -> Self {
        Self {
            regions: atlas.regions.iter().map(|r| LodMesh::new(&r.geometry)).collect(),
            lakes: atlas.lakes.iter().map(|l| LodMesh::new(&l.geometry)).collect(),
            areas: atlas.areas.iter().map(|a| LodMesh::new(&a.geometry)).collect(),
            lines: atlas
                .lines
                .iter()
                .map(|l| {
                    l.line
                        .coords()
                        .map(|c| [c.x as f32, super::map_view::mercator_y(c.y) as f32])
                        .collect()
                })
                .collect(),
            part_labels: part_labels(atlas),
            raster: BaseRaster::default(),
        }
    }

    /// The mesh of the region at this position in the atlas, for this scale.
    pub fn region(&self, index: usize, points_per_deg: f64) -> Option<&WorldMesh> {
        self.regions.get(index).map(|l| l.for_scale(points_per_deg))
    }
}

/// A focus country's large detached parts are named after the town inside
/// them: "Nakhchivan (Azerbaijan)".
fn part_labels(atlas: &Atlas) -> Vec<(f64, f64, String)> {
    let mut labels = Vec::new();
    for region in atlas
        .regions
        .iter()
        .filter(|r| r.focus && r.kind == RegionKind::Country)
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
            let town = atlas
                .towns
                .iter()
                .find(|t| part.contains(&Point::new(t.lon, t.lat)));
            if let (Some(town), Some(at)) = (town, part.interior_point()) {
                labels.push((at.x(), at.y(), format!("{} ({})", town.name, region.name)));
            }
        }
    }
    labels
}

/// Draws the base layers for `day`: from a texture while they stay as they
/// were last frame (moved and scaled while only the view changes), else as
/// meshes (see `map_raster`). Over them, in order: `extra` (the
/// density background), the `selected` region's outline (both in the texture),
/// the `hovered` region's fill (over it). Both are region ids.
#[expect(
    clippy::too_many_arguments,
    reason = "one drawing pass over the shared frame state"
)]
pub fn paint_base(
    painter: &Painter,
    t: &Transform,
    atlas: &Atlas,
    cache: &mut MapCache,
    palette: &Palette,
    day: NaiveDate,
    hovered: Option<&str>,
    selected: Option<&str>,
    extra: Option<BaseLayer<'_>>,
) -> Vec<LegendRow> {
    let MapCache {
        regions,
        lakes,
        areas,
        lines,
        raster,
        ..
    } = cache;
    let scale = t.scale();
    let regions: Vec<(&Region, &WorldMesh)> = atlas
        .regions
        .iter()
        .zip(regions.iter().map(|l| l.for_scale(scale)))
        .collect();
    let lakes: Vec<&WorldMesh> = lakes.iter().map(|l| l.for_scale(scale)).collect();
    let areas: Vec<&WorldMesh> = areas.iter().map(|l| l.for_scale(scale)).collect();
    let (mut layers, legend) = base_layers(atlas, &regions, &lakes, &areas, lines, palette, day);
    layers.extend(extra);
    // The selection changes on a click: it goes into the texture too.
    layers.extend(
        regions
            .iter()
            .filter(|(region, _)| selected == Some(region.id.as_str()))
            .map(|&(_, mesh)| BaseLayer::Outline(mesh, Stroke::new(3.0, palette.selection))),
    );
    raster.paint(painter, t, palette.sea, &layers);

    // The hovered region follows the pointer: drawn over the texture, not into it.
    let hovered = regions
        .iter()
        .filter(|(region, _)| hovered == Some(region.id.as_str()));
    painter.extend(hovered.filter_map(|(_, mesh)| mesh.fill(t, palette.hover)));
    legend
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

/// The base map's drawing steps for `day`, bottom first, and the legend rows
/// of the dated and disputed layers among them (made in the same pass, so
/// that the key names only what is drawn).
fn base_layers<'a>(
    atlas: &Atlas,
    regions: &[(&Region, &'a WorldMesh)],
    lakes: &[&'a WorldMesh],
    areas: &[&'a WorldMesh],
    lines: &'a [Vec<[f32; 2]>],
    palette: &Palette,
    day: NaiveDate,
) -> (Vec<BaseLayer<'a>>, Vec<LegendRow>) {
    use BaseLayer::{Dashed, Fill, Outline};
    let mut layers = Vec::new();
    let mut legend = Legend::default();
    const HELD: &str = "Held by Armenian forces on this day";
    const CONTESTED: &str = "Fought over on this day (2020 war)";
    let of_kind = |kind: RegionKind| {
        regions
            .iter()
            .filter(move |(r, _)| r.kind == kind)
            .map(|&(r, m)| (r, m))
    };
    // Countries: neighbours grey, the two subjects in their own colours.
    for (region, mesh) in of_kind(RegionKind::Country) {
        let color = match (region.focus, region.id.as_str()) {
            (true, "armenia") => palette.armenia,
            (true, _) => palette.azerbaijan,
            (false, _) => palette.neighbour,
        };
        layers.push(Fill(mesh, color));
    }
    // Ground held or fought over on this day.
    for (area, mesh) in atlas.areas.iter().zip(areas) {
        if area.valid.contains(day) {
            layers.push(Fill(mesh, palette.held));
            legend.add(palette.held, HELD, false);
        }
    }
    for (region, mesh) in of_kind(RegionKind::District) {
        layers.push(Outline(mesh, Stroke::new(0.6, palette.district_line)));
        match control_shade(atlas, region, day) {
            Some(Holder::Armenian) => {
                layers.push(Fill(mesh, palette.held));
                legend.add(palette.held, HELD, false);
            }
            Some(Holder::Contested) => {
                layers.push(Fill(mesh, palette.contested));
                legend.add(palette.contested, CONTESTED, false);
            }
            _ => {}
        }
    }
    for mesh in lakes {
        layers.push(Fill(mesh, palette.lake));
        layers.push(Outline(
            mesh,
            Stroke::new(0.5, palette.border.gamma_multiply(0.5)),
        ));
    }
    for (region, mesh) in of_kind(RegionKind::Country) {
        let width = if region.focus { 1.4 } else { 0.8 };
        layers.push(Outline(mesh, Stroke::new(width, palette.border)));
    }
    for (region, mesh) in of_kind(RegionKind::DisputedTerritory) {
        layers.push(Fill(mesh, palette.nk_fill));
        layers.push(Outline(mesh, Stroke::new(2.0, palette.nk_line)));
        legend.add(
            palette.nk_fill,
            &format!("{} (1991 oblast outline)", region.name),
            false,
        );
    }
    for (line, points) in atlas.lines.iter().zip(lines) {
        if line.valid.contains(day) {
            layers.push(Dashed(points, Stroke::new(2.0, palette.ceasefire), [6.0, 4.0]));
            legend.add(palette.ceasefire, &line.name, true);
        }
    }
    let mut rows = legend.0;
    // Areas first, lines last, as the key always read.
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

/// Region names (always shown; a disputed territory's sits above its centre
/// so that markers there do not cover it).
pub fn paint_region_names(
    painter: &Painter,
    t: &Transform,
    atlas: &Atlas,
    cache: &MapCache,
    palette: &Palette,
    placer: &mut LabelPlacer,
) {
    let world = |lon: f64, lat: f64| t.apply([lon as f32, super::map_view::mercator_y(lat) as f32]);
    for region in atlas
        .regions
        .iter()
        .filter(|r| r.focus && r.kind != RegionKind::District)
    {
        if let Some(p) = region.label_point() {
            let (size, color, lift) = match region.kind {
                RegionKind::DisputedTerritory => (13.0, palette.nk_line, 34.0),
                _ => (15.0, palette.text, 0.0),
            };
            let at = world(p.x(), p.y()) - egui::vec2(0.0, lift);
            placer.force(
                painter,
                at,
                &region.name,
                FontId::proportional(size),
                color,
                palette.halo,
            );
        }
    }
    for (lon, lat, text) in &cache.part_labels {
        placer.force(
            painter,
            world(*lon, *lat),
            text,
            FontId::proportional(12.0),
            palette.text,
            palette.halo,
        );
    }
}

/// Towns as dots, named where there is room (capitals first).
pub fn paint_towns(
    painter: &Painter,
    t: &Transform,
    atlas: &Atlas,
    palette: &Palette,
    placer: &mut LabelPlacer,
) {
    let mut towns: Vec<_> = atlas.towns.iter().collect();
    towns.sort_by_key(|t| !t.capital);
    for town in towns {
        let p = t.apply([town.lon as f32, super::map_view::mercator_y(town.lat) as f32]);
        if !t.screen.contains(p) {
            continue;
        }
        let r = if town.capital { 3.5 } else { 2.5 };
        painter.circle(p, r, palette.town, Stroke::new(1.0, palette.halo));
        let name = match &town.alt_name {
            Some(alt) => format!("{} / {alt}", town.name),
            None => town.name.clone(),
        };
        placer.beside(
            painter,
            p,
            r,
            &name,
            FontId::proportional(11.0),
            palette.text,
            palette.halo.gamma_multiply(0.6),
        );
    }
}

/// A colour for the legend swatch of a control holder.
pub fn holder_color(palette: &Palette, holder: Holder) -> Color32 {
    match holder {
        Holder::Armenian => palette.held,
        Holder::Contested => palette.contested,
        Holder::Azerbaijani => palette.azerbaijan,
    }
}

/// The key to the map's colours (the `rows` drawn on this day) and the
/// data's credits, at the bottom left of `map_rect`.
pub fn legend_ui(ui: &mut egui::Ui, map_rect: egui::Rect, palette: &Palette, rows: &[LegendRow]) {
    let credit = "Boundaries: Natural Earth · Towns: GeoNames, geonames.org (CC-BY 4.0)";
    egui::Area::new(egui::Id::unique("map legend"))
        .fixed_pos(map_rect.left_bottom() + egui::vec2(8.0, -6.0))
        .pivot(egui::Align2::LEFT_BOTTOM)
        .constrain_to(map_rect)
        .order(egui::Order::Middle)
        .show(ui.ctx(), |ui| {
            egui::Frame::new()
                .fill(palette.halo)
                .corner_radius(4.0)
                .inner_margin(egui::Margin::symmetric(8, 5))
                .show(ui, |ui| {
                    ui.spacing_mut().item_spacing.y = 2.0;
                    for row in rows {
                        ui.horizontal(|ui| {
                            let (swatch, _) =
                                ui.allocate_exact_size(egui::vec2(16.0, 12.0), egui::Sense::hover());
                            let painter = ui.painter();
                            if row.line {
                                let y = swatch.center().y;
                                painter.extend(Shape::dashed_line(
                                    &[egui::pos2(swatch.left(), y), egui::pos2(swatch.right(), y)],
                                    Stroke::new(2.0, row.color),
                                    4.0,
                                    3.0,
                                ));
                            } else {
                                painter.rect_filled(swatch.shrink2(egui::vec2(0.0, 1.0)), 2.0, row.color);
                            }
                            ui.label(egui::RichText::new(&row.text).size(11.0).color(palette.text));
                        });
                    }
                    ui.label(
                        egui::RichText::new(credit)
                            .size(10.0)
                            .color(palette.text.gamma_multiply(0.8)),
                    );
                });
        });
}
