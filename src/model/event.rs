//! Events: what happened, when, where, how many died, and the words of the
//! source it came from.

use super::casualties::Casualties;
use super::relative::EventTime;
use super::sym::{Sym, SymList};
use chrono::NaiveDate;
use serde::Serialize;
use std::sync::Arc;

/// Where a source says an event happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Location {
    /// A point in degrees, optionally with the place's name.
    Point {
        lon: f64,
        lat: f64,
        place: Option<Box<str>>,
    },
    /// Somewhere in a region (by id).
    Region(Sym),
    /// Somewhere along the border between two regions (by id).
    Border(Sym, Sym),
    /// The source does not say.
    Unknown,
}

/// Who published the text an event comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    pub publisher: Sym,
    pub date: Option<NaiveDate>,
    pub title: Box<str>,
    pub url: Option<Box<str>>,
}

/// A fact from outside the event's source, with its own citation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    pub text: String,
    pub source: String,
}

/// One happening.
///
/// Kept small (texts as boxed strings, shared lists and names as one
/// pointer each): a big import holds a million of them.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: Box<str>,
    pub title: Box<str>,
    /// A short category ("war", "clash", "truce", "diplomacy", "statement", or an
    /// imported event type).
    pub kind: Sym,
    pub time: EventTime,
    /// Shared: a big import repeats the same few thousand tolls.
    pub casualties: Option<Arc<Casualties>>,
    /// Ids of the regions it concerns.
    pub regions: SymList,
    pub location: Location,
    /// The source's own sentences, verbatim.
    pub quote: Box<[Box<str>]>,
    pub source: Source,
    pub notes: Box<[Note]>,
    /// Parties named (imported data: actors, sides).
    pub actors: SymList,
}

impl Event {
    /// Whether the event concerns the region with this id.
    pub fn concerns(&self, region_id: &str) -> bool {
        self.regions.iter().any(|r| &**r == region_id)
    }

    /// The casualty label, if any ("6,500+ killed").
    pub fn casualty_text(&self) -> Option<&str> {
        self.casualties.as_ref().map(|c| c.text.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_stays_small() {
        // A million imported events: every 8 bytes here is 8 MB.
        assert!(size_of::<Event>() <= 208, "Event is {} bytes", size_of::<Event>());
        assert!(size_of::<Location>() <= 40);
    }
}
