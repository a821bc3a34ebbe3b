//! Polygons triangulated once, in projected world coordinates, and moved to
//! the screen each frame: concave shapes fill correctly and no frame
//! re-triangulates.

use super::map_view::{MapView, mercator_y};
use egui::{Color32, Mesh, Pos2, Rect, Shape, Stroke, pos2};
use geo::{MapCoords, MultiPolygon, TriangulateEarcut};

/// A polygon set ready to draw: triangles for the fill, rings for the outline.
#[derive(Clone, Debug, Default)]
pub struct WorldMesh {
    /// Vertices as (lon, Mercator y).
    vertices: Vec<[f32; 2]>,
    indices: Vec<u32>,
    rings: Vec<Vec<[f32; 2]>>,
    /// Bounds as (min lon, min y, max lon, max y), to skip what is off screen.
    bounds: [f32; 4],
}

impl WorldMesh {
    /// Triangulates the polygons (in Mercator space, where they are drawn).
    pub fn new(geometry: &MultiPolygon<f64>) -> Self {
        let mut mesh = Self {
            bounds: [f32::MAX, f32::MAX, f32::MIN, f32::MIN],
            ..Self::default()
        };
        for polygon in &geometry.0 {
            let world = polygon.map_coords(|c| geo::coord! { x: c.x, y: mercator_y(c.y) });
            let raw = world.earcut_triangles_raw();
            let base = mesh.vertices.len() as u32;
            mesh.vertices
                .extend(raw.vertices.iter().map(|v| [v[0] as f32, v[1] as f32]));
            mesh.indices
                .extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
            for ring in std::iter::once(world.exterior()).chain(world.interiors()) {
                let pts: Vec<[f32; 2]> = ring.coords().map(|c| [c.x as f32, c.y as f32]).collect();
                for p in &pts {
                    mesh.bounds[0] = mesh.bounds[0].min(p[0]);
                    mesh.bounds[1] = mesh.bounds[1].min(p[1]);
                    mesh.bounds[2] = mesh.bounds[2].max(p[0]);
                    mesh.bounds[3] = mesh.bounds[3].max(p[1]);
                }
                mesh.rings.push(pts);
            }
        }
        mesh
    }

    /// The number of triangles.
    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    /// The rings (outer and holes), as (lon, Mercator y).
    pub fn rings(&self) -> &[Vec<[f32; 2]>] {
        &self.rings
    }

    /// Whether any of it can be inside `screen`.
    pub fn visible(&self, t: &Transform) -> bool {
        let a = t.apply([self.bounds[0], self.bounds[1]]);
        let b = t.apply([self.bounds[2], self.bounds[3]]);
        Rect::from_two_pos(a, b).intersects(t.screen)
    }

    /// The filled shape on screen.
    pub fn fill(&self, t: &Transform, color: Color32) -> Option<Shape> {
        if self.indices.is_empty() || !self.visible(t) {
            return None;
        }
        let mut mesh = Mesh::default();
        mesh.reserve_vertices(self.vertices.len());
        mesh.reserve_triangles(self.indices.len() / 3);
        for v in &self.vertices {
            mesh.colored_vertex(t.apply(*v), color);
        }
        mesh.indices.extend_from_slice(&self.indices);
        Some(Shape::mesh(mesh))
    }

    /// The outlines on screen.
    pub fn outline(&self, t: &Transform, stroke: impl Into<Stroke>) -> Vec<Shape> {
        if !self.visible(t) {
            return Vec::new();
        }
        let stroke = stroke.into();
        self.rings
            .iter()
            .map(|ring| Shape::closed_line(ring.iter().map(|p| t.apply(*p)).collect(), stroke))
            .collect()
    }
}

/// The affine map from world (lon, Mercator y) to screen for one frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transform {
    pub screen: Rect,
    scale: f32,
    origin_x: f32,
    origin_y: f32,
}

impl Transform {
    /// The transform `project` applies, split into scale and offset so that
    /// cached world vertices move to the screen with two multiply-adds.
    pub fn new(view: &MapView, screen: Rect) -> Self {
        let c = screen.center();
        let scale = view.points_per_deg as f32;
        Self {
            screen,
            scale,
            origin_x: c.x - (view.center_lon * view.points_per_deg) as f32,
            origin_y: c.y + (mercator_y(view.center_lat) * view.points_per_deg) as f32,
        }
    }

    /// Screen points per degree of longitude.
    pub fn scale(&self) -> f64 {
        f64::from(self.scale)
    }

    /// A world point to the screen.
    pub fn apply(&self, p: [f32; 2]) -> Pos2 {
        pos2(
            self.origin_x + p[0] * self.scale,
            self.origin_y - p[1] * self.scale,
        )
    }

    /// Where a point of this view's screen lands in `other`'s: what was
    /// drawn there moves (and, after a zoom, grows or shrinks) to it.
    pub fn carry_to(&self, other: &Transform, p: Pos2) -> Pos2 {
        let world = [
            (p.x - self.origin_x) / self.scale,
            (self.origin_y - p.y) / self.scale,
        ];
        other.apply(world)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::map_view::project;
    use geo::polygon;

    #[test]
    fn concave_polygon_triangulates_to_its_area() {
        // An L shape: 3 unit squares, concave at (1, 1).
        let l = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 1.0), (x: 1.0, y: 1.0), (x: 1.0, y: 2.0), (x: 0.0, y: 2.0)];
        let mesh = WorldMesh::new(&MultiPolygon(vec![l]));
        assert_eq!(mesh.triangle_count(), 4);
    }

    #[test]
    fn transform_agrees_with_project() {
        let view = MapView {
            center_lon: 46.0,
            center_lat: 40.0,
            points_per_deg: 120.0,
        };
        let screen = Rect::from_min_size(pos2(0.0, 0.0), egui::vec2(900.0, 700.0));
        let t = Transform::new(&view, screen);
        let (lon, lat) = (46.75, 39.82);
        let a = t.apply([lon as f32, mercator_y(lat) as f32]);
        let b = project(&view, screen, lon, lat);
        assert!((a - b).length() < 0.05, "{a:?} vs {b:?}");
    }
}

/// A polygon set at a few levels of detail, simplified once (Ramer–Douglas–
/// Peucker in Mercator space), so that a zoomed-out map moves fewer vertices.
#[derive(Clone, Debug, Default)]
pub struct LodMesh {
    /// (tolerance in degrees, mesh), finest first.
    levels: Vec<(f64, WorldMesh)>,
}

/// Tolerances of the coarser levels, in degrees.
const LOD_TOLERANCES_DEG: [f64; 3] = [0.004, 0.016, 0.064];
/// The largest simplification error allowed on screen, in points.
const MAX_ERROR_POINTS: f64 = 0.75;

impl LodMesh {
    /// Builds every level of `geometry`.
    pub fn new(geometry: &MultiPolygon<f64>) -> Self {
        use geo::Simplify;
        let mut levels = vec![(0.0, WorldMesh::new(geometry))];
        for tol in LOD_TOLERANCES_DEG {
            let simplified = MultiPolygon(
                geometry
                    .0
                    .iter()
                    .map(|p| p.simplify(tol))
                    .filter(|p| p.exterior().0.len() >= 4)
                    .collect(),
            );
            levels.push((tol, WorldMesh::new(&simplified)));
        }
        Self { levels }
    }

    /// The coarsest level whose error stays under a fraction of a point at this scale.
    pub fn for_scale(&self, points_per_deg: f64) -> &WorldMesh {
        let fine_enough = |tol: f64| tol * points_per_deg <= MAX_ERROR_POINTS;
        self.levels
            .iter()
            .rev()
            .find(|(tol, _)| fine_enough(*tol))
            .or(self.levels.first())
            .map(|(_, mesh)| mesh)
            .unwrap_or(&EMPTY)
    }
}

static EMPTY: WorldMesh = WorldMesh {
    vertices: Vec::new(),
    indices: Vec::new(),
    rings: Vec::new(),
    bounds: [0.0; 4],
};

#[cfg(test)]
mod lod_tests {
    use super::*;

    #[test]
    fn zoomed_out_uses_fewer_triangles() {
        let atlas = crate::embedded::atlas().unwrap();
        let azerbaijan = atlas.get("azerbaijan").unwrap();
        let lod = LodMesh::new(&azerbaijan.geometry);
        let near = lod.for_scale(2_000.0).triangle_count();
        let far = lod.for_scale(20.0).triangle_count();
        assert!(far * 3 < near, "{far} vs {near}");
        assert!(far > 0);
    }
}
