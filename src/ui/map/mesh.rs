//! Polygons in world coordinates (lon, Mercator y), made once per atlas:
//! their rings for the CPU rasteriser and outlines, and, when first asked
//! for, their triangles for the GPU (concave shapes fill correctly and no
//! frame re-triangulates). A world of polygons is mostly never filled as
//! triangles: the base map is rasterised from the rings.

use super::projector::{Projector, mercator_y};
use egui::{Color32, Mesh, Rect, Shape, Stroke};
use geo::{LineString, MultiPolygon, Polygon, Simplify, TriangulateEarcut};
use std::sync::OnceLock;

/// A polygon set ready to draw.
#[derive(Debug, Default)]
pub struct WorldMesh {
    /// Each polygon's rings (the exterior first), as (lon, Mercator y).
    polygons: Vec<Vec<Vec<[f32; 2]>>>,
    /// Bounds as (min lon, min y, max lon, max y), to skip what is off screen.
    bounds: [f32; 4],
    /// Vertices and triangle indices, made on the first fill.
    triangles: OnceLock<(Vec<[f32; 2]>, Vec<u32>)>,
}

impl WorldMesh {
    /// The polygons in world coordinates (projected from degrees).
    pub fn new(geometry: &MultiPolygon<f64>) -> Self {
        let polygons = geometry
            .0
            .iter()
            .map(|p| {
                std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .map(|ring| {
                        ring.coords()
                            .map(|c| [c.x as f32, mercator_y(c.y) as f32])
                            .collect()
                    })
                    .collect()
            })
            .collect();
        Self::from_world(polygons)
    }

    fn from_world(polygons: Vec<Vec<Vec<[f32; 2]>>>) -> Self {
        let mut bounds = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for p in polygons.iter().flatten().flatten() {
            bounds[0] = bounds[0].min(p[0]);
            bounds[1] = bounds[1].min(p[1]);
            bounds[2] = bounds[2].max(p[0]);
            bounds[3] = bounds[3].max(p[1]);
        }
        Self {
            polygons,
            bounds,
            triangles: OnceLock::new(),
        }
    }

    /// The same polygons simplified (Ramer–Douglas–Peucker) to `tolerance`
    /// world degrees; rings left with too few points to enclose an area go.
    fn simplified(&self, tolerance: f64) -> Self {
        let polygons = self
            .polygons
            .iter()
            .filter_map(|rings| {
                let kept: Vec<Vec<[f32; 2]>> = rings
                    .iter()
                    .map(|ring| simplify_ring(ring, tolerance))
                    .take_while(|r| r.len() >= 4) // a lost exterior loses its polygon
                    .collect();
                (!kept.is_empty()).then_some(kept)
            })
            .collect();
        Self::from_world(polygons)
    }

    /// The number of triangles (triangulating if not yet done).
    pub fn triangle_count(&self) -> usize {
        self.triangles().1.len() / 3
    }

    fn triangles(&self) -> &(Vec<[f32; 2]>, Vec<u32>) {
        self.triangles.get_or_init(|| {
            let mut vertices = Vec::new();
            let mut indices = Vec::new();
            for rings in &self.polygons {
                let ring = |r: &Vec<[f32; 2]>| {
                    LineString::from(
                        r.iter()
                            .map(|p| (f64::from(p[0]), f64::from(p[1])))
                            .collect::<Vec<_>>(),
                    )
                };
                let Some((exterior, holes)) = rings.split_first() else {
                    continue;
                };
                let polygon = Polygon::new(ring(exterior), holes.iter().map(ring).collect());
                let raw = polygon.earcut_triangles_raw();
                let base = vertices.len() as u32;
                vertices.extend(raw.vertices.iter().map(|v| [v[0] as f32, v[1] as f32]));
                indices.extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
            }
            (vertices, indices)
        })
    }

    /// Every ring (exteriors and holes), as (lon, Mercator y).
    pub fn rings(&self) -> impl Iterator<Item = &[[f32; 2]]> {
        self.polygons.iter().flatten().map(Vec::as_slice)
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.polygons.is_empty()
    }

    /// Whether any of it can be inside the projector's screen.
    pub fn visible(&self, p: &Projector) -> bool {
        if self.is_empty() {
            return false;
        }
        let a = p.world_to_screen([self.bounds[0], self.bounds[1]]);
        let b = p.world_to_screen([self.bounds[2], self.bounds[3]]);
        Rect::from_two_pos(a, b).intersects(p.screen())
    }

    /// The filled shape on screen.
    pub fn fill(&self, p: &Projector, color: Color32) -> Option<Shape> {
        if !self.visible(p) {
            return None;
        }
        let (vertices, indices) = self.triangles();
        if indices.is_empty() {
            return None;
        }
        let mut mesh = Mesh::default();
        mesh.reserve_vertices(vertices.len());
        mesh.reserve_triangles(indices.len() / 3);
        for v in vertices {
            mesh.colored_vertex(p.world_to_screen(*v), color);
        }
        mesh.indices.extend_from_slice(indices);
        Some(Shape::mesh(mesh))
    }

    /// The outlines on screen.
    pub fn outline(&self, p: &Projector, stroke: impl Into<Stroke>) -> Vec<Shape> {
        if !self.visible(p) {
            return Vec::new();
        }
        let stroke = stroke.into();
        self.rings()
            .map(|ring| Shape::closed_line(ring.iter().map(|w| p.world_to_screen(*w)).collect(), stroke))
            .collect()
    }
}

fn simplify_ring(ring: &[[f32; 2]], tolerance: f64) -> Vec<[f32; 2]> {
    let line = LineString::from(
        ring.iter()
            .map(|p| (f64::from(p[0]), f64::from(p[1])))
            .collect::<Vec<_>>(),
    );
    line.simplify(tolerance)
        .coords()
        .map(|c| [c.x as f32, c.y as f32])
        .collect()
}

/// A polygon set at a few levels of detail: the finest made at once, the
/// coarser ones simplified from it when a zoomed-out view first asks, so
/// that a zoomed-out map moves fewer vertices.
#[derive(Debug, Default)]
pub struct LodMesh {
    finest: WorldMesh,
    coarser: [OnceLock<WorldMesh>; LOD_TOLERANCES_DEG.len()],
}

/// Tolerances of the coarser levels, in world degrees.
const LOD_TOLERANCES_DEG: [f64; 4] = [0.004, 0.016, 0.064, 0.256];
/// The largest simplification error allowed on screen, in points.
const MAX_ERROR_POINTS: f64 = 0.75;

impl LodMesh {
    /// The finest level of `geometry`; the others follow on demand.
    pub fn new(geometry: &MultiPolygon<f64>) -> Self {
        Self {
            finest: WorldMesh::new(geometry),
            coarser: Default::default(),
        }
    }

    /// The coarsest level whose error stays under a fraction of a point at this scale.
    pub fn for_scale(&self, points_per_deg: f64) -> &WorldMesh {
        let level = LOD_TOLERANCES_DEG
            .iter()
            .rposition(|tol| tol * points_per_deg <= MAX_ERROR_POINTS);
        match level.and_then(|k| Some((k, self.coarser.get(k)?))) {
            Some((k, cell)) => cell.get_or_init(|| self.finest.simplified(LOD_TOLERANCES_DEG[k])),
            None => &self.finest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn concave_polygon_triangulates_to_its_area() {
        // An L shape: 3 unit squares, concave at (1, 1).
        let l = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 1.0), (x: 1.0, y: 1.0), (x: 1.0, y: 2.0), (x: 0.0, y: 2.0)];
        let mesh = WorldMesh::new(&MultiPolygon(vec![l]));
        assert_eq!(mesh.triangle_count(), 4);
    }

    #[test]
    fn zoomed_out_uses_fewer_triangles() {
        let atlas = crate::embedded::atlas().unwrap();
        let azerbaijan = atlas.get("azerbaijan").unwrap();
        let lod = LodMesh::new(&azerbaijan.geometry);
        let near = lod.for_scale(2_000.0).triangle_count();
        let far = lod.for_scale(20.0).triangle_count();
        assert!(far * 3 < near, "{far} vs {near}");
        assert!(far > 0);
        // The whole world on a small window: coarser still, and not empty.
        let world = lod.for_scale(2.0);
        assert!(
            world.rings().map(<[_]>::len).sum::<usize>() < lod.for_scale(20.0).rings().map(<[_]>::len).sum()
        );
        assert!(!world.is_empty());
    }
}
