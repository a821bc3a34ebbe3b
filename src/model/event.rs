//! Events: what happened, when, where, how many died, and the words of the
//! source it came from.

use super::casualties::Casualties;
use super::event_texts::EventTexts;
use super::relative::EventTime;
use super::sym::{Sym, SymList};
use chrono::NaiveDate;
use serde::Serialize;
use std::sync::Arc;

/// Where a source says an event happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Location {
    /// A point in degrees (the place's name, if any, is [`Event::place`]).
    Point { lon: f64, lat: f64 },
    /// Somewhere in a region (by id).
    Region(Sym),
    /// Somewhere along the border between two regions (by id).
    Border(Sym, Sym),
    /// Over an area, along a route, or at several points (shared: an import
    /// may give many events one shape).
    Shape(Arc<super::shape::EventShape>),
    /// The source does not say.
    Unknown,
}

/// Who published the text an event comes from, and when (its title and
/// address are among the event's texts: [`Event::source`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    /// Who published it ("DW", or the format of an imported file).
    pub publisher: Sym,
    /// When, if known (relative dates are resolved against it).
    pub date: Option<NaiveDate>,
}

impl Default for Publication {
    /// No publisher named, no date.
    fn default() -> Self {
        Self {
            publisher: "".into(),
            date: None,
        }
    }
}

/// The text an event comes from, as shown and exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Source<'a> {
    /// See [`Publication::publisher`].
    pub publisher: &'a str,
    /// See [`Publication::date`].
    pub date: Option<NaiveDate>,
    /// The text's title (empty if not given).
    pub title: &'a str,
    /// Where it is published.
    pub url: Option<&'a str>,
}

/// A fact from outside the event's source, with its own citation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    pub text: String,
    pub source: String,
}

/// One happening.
///
/// Kept small (its own texts in one allocation, shared lists and names as
/// one pointer each): a big import holds a million of them.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Id, title, place, the source's title and address, and its sentences.
    pub texts: EventTexts,
    /// A short category ("war", "clash", "truce", "diplomacy", "statement", or an
    /// imported event type).
    pub kind: Sym,
    pub time: EventTime,
    /// Shared: a big import repeats the same few thousand tolls.
    pub casualties: Option<Arc<Casualties>>,
    /// The wounded, where the source counts them apart from the killed.
    pub wounded: Option<Arc<Casualties>>,
    /// Ids of the regions it concerns.
    pub regions: SymList,
    pub location: Location,
    pub publication: Publication,
    pub notes: Box<[Note]>,
    /// Parties named (imported data: actors, sides).
    pub actors: SymList,
}

impl Event {
    /// The id, unique in its dataset.
    pub fn id(&self) -> &str {
        self.texts.id()
    }

    /// The one-line title.
    pub fn title(&self) -> &str {
        self.texts.title()
    }

    /// The place's name, if the source gives one.
    pub fn place(&self) -> Option<&str> {
        self.texts.place()
    }

    /// The source's own sentences, verbatim, in order.
    pub fn quotes(&self) -> impl ExactSizeIterator<Item = &str> + Clone {
        self.texts.quotes()
    }

    /// The text the event comes from.
    pub fn source(&self) -> Source<'_> {
        Source {
            publisher: &self.publication.publisher,
            date: self.publication.date,
            title: self.texts.source_title(),
            url: self.texts.source_url(),
        }
    }

    /// Whether the event concerns the region with this id.
    pub fn concerns(&self, region_id: &str) -> bool {
        self.regions.iter().any(|r| &**r == region_id)
    }

    /// The casualty label, if any ("6,500+ killed").
    pub fn casualty_text(&self) -> Option<&str> {
        self.casualties.as_ref().map(|c| c.text.as_str())
    }
}

/// A plain event for tests: titled by its id, a clash at `when` (as
/// [`crate::model::FuzzyInterval::parse`] reads it), nowhere, in no region.
#[cfg(test)]
pub(crate) fn test_event(id: &str, when: &str) -> Event {
    use crate::model::event_texts::{EventTexts, TextParts};
    Event {
        texts: EventTexts::new(TextParts {
            id,
            title: id,
            ..TextParts::default()
        }),
        kind: "clash".into(),
        time: EventTime::absolute(crate::model::FuzzyInterval::parse(when).unwrap()),
        casualties: None,
        wounded: None,
        regions: SymList::default(),
        location: Location::Unknown,
        publication: Publication::default(),
        notes: Box::default(),
        actors: SymList::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_stays_small() {
        // A million imported events: every 8 bytes here is 8 MB (the
        // wounded, counted apart from the killed, took the last 8).
        assert!(size_of::<Event>() <= 176, "Event is {} bytes", size_of::<Event>());
        assert!(size_of::<Location>() <= 24);
    }
}
