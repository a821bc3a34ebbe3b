//! What the map keeps between frames: its view, its rectangle, whether it
//! follows its home extent, and whether the view moved. Changed only
//! through methods, so that no caller can leave it half updated.

use super::projector::{Bounds, MapView, Projector};
use egui::{Pos2, Rect};

/// Points between a fitted extent and the map's edge, at most; a tenth of
/// the map's shorter side on a small map, which 60 points would mostly fill.
const FIT_MARGIN: f32 = 60.0;

/// The map's memory.
#[derive(Clone, Copy, Debug, Default)]
pub struct MapMemory {
    view: MapView,
    /// The map's rectangle last frame.
    rect: Option<Rect>,
    /// The extent "Fit" shows: the data's area.
    home: Option<Bounds>,
    /// Whether the view follows `home` (at start, after "Fit", while the
    /// window is resized) until the user pans or zooms.
    follows_home: bool,
    /// `home` or the rectangle changed since the view was fitted.
    fit_pending: bool,
    /// The view last frame drew, to tell a moving map.
    last_view: Option<MapView>,
}

impl MapMemory {
    /// A map that shows `home` once it knows its rectangle.
    pub fn new(home: Option<Bounds>) -> Self {
        Self {
            home,
            follows_home: true,
            fit_pending: true,
            ..Self::default()
        }
    }

    /// The view.
    pub fn view(&self) -> MapView {
        self.view
    }

    /// The map's rectangle as of the last frame.
    pub fn rect(&self) -> Option<Rect> {
        self.rect
    }

    /// The projector of the last frame's view and rectangle.
    pub fn projector(&self) -> Option<Projector> {
        self.rect.map(|r| Projector::new(&self.view, r))
    }

    /// The extent "Fit" shows.
    pub fn home(&self) -> Option<Bounds> {
        self.home
    }

    /// Whether the user has moved the map away from its home extent.
    pub fn user_moved(&self) -> bool {
        !self.follows_home
    }

    /// Starts a frame in `rect`: fits the home extent if the view follows it
    /// and it or the rectangle changed. Returns the frame's projector.
    pub fn begin_frame(&mut self, rect: Rect) -> Projector {
        if self.rect != Some(rect) {
            self.fit_pending = true;
            self.rect = Some(rect);
        }
        if self.follows_home
            && self.fit_pending
            && let Some(home) = self.home
        {
            let margin = FIT_MARGIN.min(0.1 * rect.width().min(rect.height()));
            self.view = MapView::fit(home, rect, margin);
        }
        self.fit_pending = false;
        Projector::new(&self.view, rect)
    }

    /// Sets the home extent; the map shows it unless the user moved the map.
    pub fn set_home(&mut self, home: Bounds) {
        self.home = Some(home);
        self.fit_pending = true;
    }

    /// Shows the home extent again and follows it ("Fit").
    pub fn fit_home(&mut self) {
        self.follows_home = true;
        self.fit_pending = true;
    }

    /// Pans by a screen delta (a drag).
    pub fn pan(&mut self, dx: f32, dy: f32) {
        self.view.pan(dx, dy);
        self.follows_home = false;
    }

    /// Zooms by `factor` about `anchor` (the pointer), or about the map's
    /// centre when `None`.
    pub fn zoom_by(&mut self, factor: f64, anchor: Option<Pos2>) {
        if let Some(rect) = self.rect {
            self.view
                .zoom_about(rect, anchor.unwrap_or_else(|| rect.center()), factor);
            self.follows_home = false;
        }
    }

    /// Centres the map on a point, keeping the zoom.
    pub fn center_on(&mut self, lon: f64, lat: f64) {
        self.view.center_on(lon, lat);
        self.follows_home = false;
    }

    /// Whether the view differs from the one the last call saw (the map is
    /// being dragged or zoomed). Call once a frame: it remembers this view.
    pub fn take_moved(&mut self) -> bool {
        let view = self.view;
        self.last_view.replace(view).is_some_and(|last| last != view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{pos2, vec2};

    fn rect() -> Rect {
        Rect::from_min_size(pos2(0.0, 0.0), vec2(800.0, 600.0))
    }

    #[test]
    fn a_view_is_moving_while_it_differs_from_the_last_frame() {
        let mut memory = MapMemory::new(None);
        memory.begin_frame(rect());
        assert!(!memory.take_moved(), "the first frame");
        assert!(!memory.take_moved(), "at rest");
        memory.zoom_by(1.2, None);
        assert!(memory.take_moved(), "zoomed");
        memory.pan(3.0, 0.0);
        assert!(memory.take_moved(), "panned");
        assert!(!memory.take_moved(), "at rest again");
    }

    #[test]
    fn the_home_extent_is_followed_until_the_user_moves_the_map() {
        let sudan = [22.0, 9.0, 38.0, 22.0];
        let mut memory = MapMemory::new(Some([44.0, 38.0, 51.0, 42.0]));
        memory.begin_frame(rect());
        let caucasus = memory.view();
        memory.set_home(sudan);
        let p = memory.begin_frame(rect());
        assert_ne!(memory.view(), caucasus);
        assert!(rect().contains(p.project(32.5, 15.5)), "Khartoum in view");
        // Moved by the user: a new home extent no longer moves the view.
        memory.pan(10.0, 0.0);
        let moved = memory.view();
        memory.set_home([44.0, 38.0, 51.0, 42.0]);
        memory.begin_frame(rect());
        assert_eq!(memory.view(), moved);
        assert!(memory.user_moved());
        // "Fit" goes home and follows it again, also when the window grows.
        memory.fit_home();
        memory.begin_frame(rect());
        let fitted = memory.view();
        assert!(!memory.user_moved());
        memory.begin_frame(Rect::from_min_size(pos2(0.0, 0.0), vec2(1000.0, 700.0)));
        assert_ne!(memory.view(), fitted);
    }
}
