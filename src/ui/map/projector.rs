//! Where the map looks ([`MapView`], a plain value) and the one place that
//! converts between degrees, world coordinates and the screen ([`Projector`]).
//!
//! World coordinates are (longitude, Mercator y), both in "degrees", so a
//! world point reaches the screen by one scale and one offset: meshes and
//! event positions are kept in world coordinates, in single precision.

pub use crate::model::projection::{MAX_LAT, mercator_lat, mercator_y};
use egui::{Pos2, Rect, pos2};
use serde::{Deserialize, Serialize};

/// Where the map looks: a centre in degrees and a scale.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    /// Centre longitude, degrees.
    pub center_lon: f64,
    /// Centre latitude, degrees.
    pub center_lat: f64,
    /// Screen points per degree of longitude.
    pub points_per_deg: f64,
}

impl Default for MapView {
    fn default() -> Self {
        Self {
            center_lon: 46.0,
            center_lat: 40.0,
            points_per_deg: 100.0,
        }
    }
}

/// The closest and farthest the map zooms, in points per degree (the
/// farthest shows the whole world on a small window).
pub const ZOOM_LIMITS: (f64, f64) = (1.0, 20_000.0);

/// A box in degrees: (min lon, min lat, max lon, max lat).
pub type Bounds = [f64; 4];

impl MapView {
    /// The view that shows `bounds` in `screen` with a margin of `margin` points.
    pub fn fit(bounds: Bounds, screen: Rect, margin: f32) -> Self {
        let [min_lon, min_lat, max_lon, max_lat] = bounds;
        let (y0, y1) = (mercator_y(min_lat), mercator_y(max_lat));
        let w = f64::from((screen.width() - 2.0 * margin).max(10.0));
        let h = f64::from((screen.height() - 2.0 * margin).max(10.0));
        let scale = (w / (max_lon - min_lon).max(1e-6)).min(h / (y1 - y0).max(1e-6));
        Self {
            center_lon: (min_lon + max_lon) / 2.0,
            center_lat: mercator_lat((y0 + y1) / 2.0),
            points_per_deg: scale.clamp(ZOOM_LIMITS.0, ZOOM_LIMITS.1),
        }
    }

    /// Moves the map by a screen delta (the content follows the pointer).
    pub fn pan(&mut self, dx: f32, dy: f32) {
        self.center_lon -= f64::from(dx) / self.points_per_deg;
        let y = mercator_y(self.center_lat) + f64::from(dy) / self.points_per_deg;
        self.center_lat = mercator_lat(y).clamp(-MAX_LAT, MAX_LAT);
    }

    /// Zooms by `factor` keeping the point under `anchor` fixed on `screen`.
    pub fn zoom_about(&mut self, screen: Rect, anchor: Pos2, factor: f64) {
        let (lon, lat) = Projector::new(self, screen).unproject(anchor);
        self.points_per_deg = (self.points_per_deg * factor).clamp(ZOOM_LIMITS.0, ZOOM_LIMITS.1);
        // Re-centre so that (lon, lat) lands on `anchor` again.
        let moved = Projector::new(self, screen).project(lon, lat);
        self.pan(anchor.x - moved.x, anchor.y - moved.y);
    }

    /// Centres the view on a point without changing the zoom.
    pub fn center_on(&mut self, lon: f64, lat: f64) {
        self.center_lon = lon;
        self.center_lat = lat.clamp(-MAX_LAT, MAX_LAT);
    }
}

/// The conversions of one frame's view on one screen rectangle: degrees
/// (lon, lat) and world points (lon, Mercator y) to screen points and back.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projector {
    view: MapView,
    screen: Rect,
    /// The world-to-screen map as one scale and offset, in single precision:
    /// cached vertices move to the screen with two multiply-adds.
    scale: f32,
    origin_x: f32,
    origin_y: f32,
}

impl Projector {
    /// The projector for `view` shown in `screen`.
    pub fn new(view: &MapView, screen: Rect) -> Self {
        let c = screen.center();
        Self {
            view: *view,
            screen,
            scale: view.points_per_deg as f32,
            origin_x: c.x - (view.center_lon * view.points_per_deg) as f32,
            origin_y: c.y + (mercator_y(view.center_lat) * view.points_per_deg) as f32,
        }
    }

    /// The view it projects.
    pub fn view(&self) -> &MapView {
        &self.view
    }

    /// The map's rectangle on screen.
    pub fn screen(&self) -> Rect {
        self.screen
    }

    /// Screen points per degree of longitude.
    pub fn scale(&self) -> f64 {
        f64::from(self.scale)
    }

    /// Degrees (lon, lat) to a screen point.
    pub fn project(&self, lon: f64, lat: f64) -> Pos2 {
        let c = self.screen.center();
        let v = &self.view;
        let x = (lon - v.center_lon) * v.points_per_deg;
        let y = (mercator_y(lat) - mercator_y(v.center_lat)) * v.points_per_deg;
        pos2(c.x + x as f32, c.y - y as f32)
    }

    /// A screen point to degrees (lon, lat): the inverse of [`Self::project`].
    pub fn unproject(&self, pos: Pos2) -> (f64, f64) {
        let c = self.screen.center();
        let v = &self.view;
        let lon = v.center_lon + f64::from(pos.x - c.x) / v.points_per_deg;
        let y = mercator_y(v.center_lat) - f64::from(pos.y - c.y) / v.points_per_deg;
        (lon, mercator_lat(y))
    }

    /// Degrees to a world point (lon, Mercator y), as meshes and the
    /// catalog keep positions.
    pub fn world(lon: f64, lat: f64) -> [f32; 2] {
        [lon as f32, mercator_y(lat) as f32]
    }

    /// A world point to the screen.
    pub fn world_to_screen(&self, p: [f32; 2]) -> Pos2 {
        pos2(
            self.origin_x + p[0] * self.scale,
            self.origin_y - p[1] * self.scale,
        )
    }

    /// A screen point to the world.
    pub fn screen_to_world(&self, p: Pos2) -> [f32; 2] {
        [
            (p.x - self.origin_x) / self.scale,
            (self.origin_y - p.y) / self.scale,
        ]
    }

    /// Where a point of this view's screen lands in `other`'s: what was
    /// drawn there moves (and, after a zoom, grows or shrinks) to it.
    pub fn carry_to(&self, other: &Projector, p: Pos2) -> Pos2 {
        other.world_to_screen(self.screen_to_world(p))
    }

    /// The part of the world (degrees) the screen shows, latitudes clamped
    /// to what projects.
    pub fn visible_bounds(&self) -> Bounds {
        let (w, n) = self.unproject(self.screen.left_top());
        let (e, s) = self.unproject(self.screen.right_bottom());
        [w, s.max(-MAX_LAT), e, n.min(MAX_LAT)]
    }

    /// The world box (lower left, upper right) the screen shows.
    pub fn visible_world(&self) -> ([f32; 2], [f32; 2]) {
        let a = self.screen_to_world(self.screen.left_bottom());
        let b = self.screen_to_world(self.screen.right_top());
        (a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen() -> Rect {
        Rect::from_min_size(pos2(10.0, 20.0), egui::vec2(800.0, 600.0))
    }

    fn view() -> MapView {
        MapView {
            center_lon: 46.0,
            center_lat: 40.0,
            points_per_deg: 137.0,
        }
    }

    #[test]
    fn project_unproject_round_trip() {
        let p = Projector::new(&view(), screen());
        for (lon, lat) in [
            (46.75, 39.82),
            (44.51, 40.18),
            (42.0, 37.5),
            (51.5, 43.2),
            (46.0, 40.0),
        ] {
            let (lon2, lat2) = p.unproject(p.project(lon, lat));
            assert!(
                (lon - lon2).abs() < 1e-4 && (lat - lat2).abs() < 1e-4,
                "{lon},{lat} -> {lon2},{lat2}"
            );
        }
        // The centre projects to the middle of the screen, and north is up.
        assert_eq!(p.project(46.0, 40.0), screen().center());
        assert!(p.project(46.0, 41.0).y < screen().center().y);
    }

    #[test]
    fn world_points_land_where_degrees_do() {
        let p = Projector::new(&view(), screen());
        let (lon, lat) = (46.75, 39.82);
        let a = p.world_to_screen(Projector::world(lon, lat));
        assert!((a - p.project(lon, lat)).length() < 0.05);
        let back = p.screen_to_world(a);
        assert!((back[0] - lon as f32).abs() < 1e-4);
    }

    #[test]
    fn fit_shows_the_whole_box() {
        let b = [44.0, 38.3, 50.5, 42.0];
        let v = MapView::fit(b, screen(), 10.0);
        let p = Projector::new(&v, screen());
        let inner = screen().shrink(9.0);
        assert!(inner.contains(p.project(b[0], b[1])));
        assert!(inner.contains(p.project(b[2], b[3])));
        let [w, s, e, n] = p.visible_bounds();
        assert!(w <= b[0] && s <= b[1] && e >= b[2] && n >= b[3]);
    }

    #[test]
    fn zoom_keeps_the_anchor_fixed() {
        let mut v = MapView::default();
        let anchor = pos2(200.0, 150.0);
        let before = Projector::new(&v, screen()).unproject(anchor);
        v.zoom_about(screen(), anchor, 2.5);
        let after = Projector::new(&v, screen()).unproject(anchor);
        assert!((before.0 - after.0).abs() < 1e-4 && (before.1 - after.1).abs() < 1e-4);
        assert!((v.points_per_deg - 250.0).abs() < 1e-9);
    }

    #[test]
    fn pan_follows_the_pointer() {
        let mut v = MapView::default();
        let p = Projector::new(&v, screen()).project(45.0, 39.0);
        v.pan(30.0, -20.0);
        let q = Projector::new(&v, screen()).project(45.0, 39.0);
        assert!((q.x - p.x - 30.0).abs() < 1e-3 && (q.y - p.y + 20.0).abs() < 1e-3);
    }

    #[test]
    fn a_view_carries_its_points_to_another() {
        let a = Projector::new(&view(), screen());
        let mut moved = view();
        moved.pan(5.0, 0.0);
        let b = Projector::new(&moved, screen());
        let p = a.project(46.2, 40.1);
        assert!((a.carry_to(&b, p) - b.project(46.2, 40.1)).length() < 0.05);
    }
}
