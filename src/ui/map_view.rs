//! The map's pan and zoom as a plain value, and the projection between
//! degrees and screen points (Web Mercator, scaled to the view).

pub use crate::model::projection::{MAX_LAT, mercator_lat, mercator_y};
use egui::{Pos2, Rect, pos2};
use serde::{Deserialize, Serialize};

/// Where the map looks: a centre in degrees and a scale. Owned by the app,
/// changed by the map widget (drag, wheel, buttons).
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

/// The closest and farthest the map zooms, in points per degree.
pub const ZOOM_LIMITS: (f64, f64) = (5.0, 20_000.0);
/// Degrees (lon, lat) to a screen point inside `screen`.
pub fn project(view: &MapView, screen: Rect, lon: f64, lat: f64) -> Pos2 {
    let c = screen.center();
    let x = (lon - view.center_lon) * view.points_per_deg;
    let y = (mercator_y(lat) - mercator_y(view.center_lat)) * view.points_per_deg;
    pos2(c.x + x as f32, c.y - y as f32)
}

/// A screen point to degrees (lon, lat): the inverse of [`project`].
pub fn unproject(view: &MapView, screen: Rect, pos: Pos2) -> (f64, f64) {
    let c = screen.center();
    let lon = view.center_lon + f64::from(pos.x - c.x) / view.points_per_deg;
    let y = mercator_y(view.center_lat) - f64::from(pos.y - c.y) / view.points_per_deg;
    (lon, mercator_lat(y))
}

impl MapView {
    /// The view that shows the box (min_lon, min_lat, max_lon, max_lat) in
    /// `screen` with a margin of `margin` points.
    pub fn fit(bounds: [f64; 4], screen: Rect, margin: f32) -> Self {
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

    /// Zooms by `factor` keeping the point under `anchor` fixed on screen.
    pub fn zoom_about(&mut self, screen: Rect, anchor: Pos2, factor: f64) {
        let (lon, lat) = unproject(self, screen, anchor);
        self.points_per_deg = (self.points_per_deg * factor).clamp(ZOOM_LIMITS.0, ZOOM_LIMITS.1);
        // Re-centre so that (lon, lat) lands on `anchor` again.
        let moved = project(self, screen, lon, lat);
        self.pan(anchor.x - moved.x, anchor.y - moved.y);
    }

    /// Centres the view on a point without changing the zoom.
    pub fn center_on(&mut self, lon: f64, lat: f64) {
        self.center_lon = lon;
        self.center_lat = lat;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen() -> Rect {
        Rect::from_min_size(pos2(10.0, 20.0), egui::vec2(800.0, 600.0))
    }

    #[test]
    fn project_unproject_round_trip() {
        let view = MapView {
            center_lon: 46.0,
            center_lat: 40.0,
            points_per_deg: 137.0,
        };
        for (lon, lat) in [
            (46.75, 39.82),
            (44.51, 40.18),
            (42.0, 37.5),
            (51.5, 43.2),
            (46.0, 40.0),
        ] {
            let p = project(&view, screen(), lon, lat);
            let (lon2, lat2) = unproject(&view, screen(), p);
            assert!(
                (lon - lon2).abs() < 1e-4 && (lat - lat2).abs() < 1e-4,
                "{lon},{lat} -> {lon2},{lat2}"
            );
        }
        // The centre projects to the middle of the screen, and north is up.
        assert_eq!(project(&view, screen(), 46.0, 40.0), screen().center());
        assert!(project(&view, screen(), 46.0, 41.0).y < screen().center().y);
    }

    #[test]
    fn fit_shows_the_whole_box() {
        let b = [44.0, 38.3, 50.5, 42.0];
        let view = MapView::fit(b, screen(), 10.0);
        let inner = screen().shrink(9.0);
        assert!(inner.contains(project(&view, screen(), b[0], b[1])));
        assert!(inner.contains(project(&view, screen(), b[2], b[3])));
    }

    #[test]
    fn zoom_keeps_the_anchor_fixed() {
        let mut view = MapView::default();
        let anchor = pos2(200.0, 150.0);
        let before = unproject(&view, screen(), anchor);
        view.zoom_about(screen(), anchor, 2.5);
        let after = unproject(&view, screen(), anchor);
        assert!((before.0 - after.0).abs() < 1e-4 && (before.1 - after.1).abs() < 1e-4);
        assert!((view.points_per_deg - 250.0).abs() < 1e-9);
    }

    #[test]
    fn pan_follows_the_pointer() {
        let mut view = MapView::default();
        let p = project(&view, screen(), 45.0, 39.0);
        view.pan(30.0, -20.0);
        let q = project(&view, screen(), 45.0, 39.0);
        assert!((q.x - p.x - 30.0).abs() < 1e-3 && (q.y - p.y + 20.0).abs() < 1e-3);
    }
}
