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
) {
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
    let mut layers = base_layers(atlas, &regions, &lakes, &areas, lines, palette, day);
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
}

/// The base map's drawing steps for `day`, bottom first.
fn base_layers<'a>(
    atlas: &Atlas,
    regions: &[(&Region, &'a WorldMesh)],
    lakes: &[&'a WorldMesh],
    areas: &[&'a WorldMesh],
    lines: &'a [Vec<[f32; 2]>],
    palette: &Palette,
    day: NaiveDate,
) -> Vec<BaseLayer<'a>> {
    use BaseLayer::{Dashed, Fill, Outline};
    let mut layers = Vec::new();
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
        }
    }
    for (region, mesh) in of_kind(RegionKind::District) {
        layers.push(Outline(mesh, Stroke::new(0.6, palette.district_line)));
        match control_shade(atlas, region, day) {
            Some(Holder::Armenian) => layers.push(Fill(mesh, palette.held)),
            Some(Holder::Contested) => layers.push(Fill(mesh, palette.contested)),
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
    for (_, mesh) in of_kind(RegionKind::DisputedTerritory) {
        layers.push(Fill(mesh, palette.nk_fill));
        layers.push(Outline(mesh, Stroke::new(2.0, palette.nk_line)));
    }
    for (line, points) in atlas.lines.iter().zip(lines) {
        if line.valid.contains(day) {
            layers.push(Dashed(points, Stroke::new(2.0, palette.ceasefire), [6.0, 4.0]));
        }
    }
    layers
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

/// The key to the map's colours and the data's credits, at its bottom left.
pub fn paint_legend(painter: &Painter, t: &Transform, palette: &Palette, day: NaiveDate, atlas: &Atlas) {
    let line_shown = atlas.lines_at(day).next().is_some();
    let mut rows: Vec<(Color32, &str, bool)> = vec![
        (palette.nk_fill, "Nagorno-Karabakh (1991 oblast outline)", false),
        (palette.held, "Held by Armenian forces on this day", false),
        (palette.contested, "Fought over on this day (2020 war)", false),
    ];
    if line_shown {
        rows.push((palette.ceasefire, "1994 ceasefire line", true));
    }
    let font = FontId::proportional(11.0);
    let row_h = 15.0;
    let credit = "Boundaries: Natural Earth · Towns: GeoNames, geonames.org (CC-BY 4.0)";
    let height = rows.len() as f32 * row_h + 22.0;
    let box_rect = egui::Rect::from_min_size(
        t.screen.left_bottom() + egui::vec2(8.0, -height - 6.0),
        egui::vec2(330.0, height),
    );
    painter.rect_filled(box_rect, 4.0, palette.halo);
    for (k, (color, text, is_line)) in rows.iter().enumerate() {
        let y = box_rect.top() + 6.0 + k as f32 * row_h + row_h / 2.0;
        let x = box_rect.left() + 8.0;
        if *is_line {
            painter.extend(Shape::dashed_line(
                &[egui::pos2(x, y), egui::pos2(x + 16.0, y)],
                Stroke::new(2.0, *color),
                4.0,
                3.0,
            ));
        } else {
            let swatch = egui::Rect::from_center_size(egui::pos2(x + 8.0, y), egui::vec2(16.0, 10.0));
            painter.rect_filled(swatch, 2.0, *color);
        }
        painter.text(
            egui::pos2(x + 24.0, y),
            egui::Align2::LEFT_CENTER,
            *text,
            font.clone(),
            palette.text,
        );
    }
    painter.text(
        egui::pos2(box_rect.left() + 8.0, box_rect.bottom() - 8.0),
        egui::Align2::LEFT_CENTER,
        credit,
        FontId::proportional(10.0),
        palette.text.gamma_multiply(0.8),
    );
}
