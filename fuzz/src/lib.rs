//! What every fuzz target shares: the built-in map, and the checks made on
//! whatever a loader returns.

use chronomap::io::{Loaded, Place};
use chronomap::model::{Atlas, EventStore};
use std::sync::OnceLock;

/// The built-in map, built once per process (`None` if it failed to load,
/// which the main package's tests rule out).
pub fn atlas() -> Option<&'static Atlas> {
    static ATLAS: OnceLock<Option<Atlas>> = OnceLock::new();
    ATLAS.get_or_init(|| chronomap::embedded::atlas().ok()).as_ref()
}

/// What must hold for any input: intervals run forwards, CSV lines count from
/// 1, every problem names its file, and coordinates are on the globe.
pub fn check(loaded: &Loaded<EventStore>, file: &str) {
    for event in &loaded.items {
        let interval = event.time().interval();
        assert!(
            interval.start <= interval.end,
            "{}: reversed {interval}",
            event.id()
        );
        if let chronomap::model::Location::Point { lon, lat } = event.location() {
            assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        }
        if let chronomap::model::Location::Shape(shape) = &event.location() {
            let [lon, lat] = shape.anchor;
            assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        }
        if let Some(c) = event.casualties() {
            assert!(c.high.is_none_or(|h| c.low <= h));
        }
    }
    for problem in &loaded.problems {
        assert_eq!(problem.file, file);
        if let Place::Line(n) | Place::Row(n) | Place::SheetRow { row: n, .. } = problem.place {
            assert!(n >= 1);
        }
        // Display must not panic either.
        let _ = problem.to_string();
    }
}
