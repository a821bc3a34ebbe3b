//! Narrowing the events shown: by dataset, kind, actor, words and casualties.

use super::store::EventRef;
use std::collections::BTreeSet;

/// What the user chose to see. The default shows everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Datasets (by position) that are hidden.
    pub hidden_datasets: BTreeSet<usize>,
    /// Event kinds that are hidden.
    pub hidden_kinds: BTreeSet<String>,
    /// Keep events with an actor containing this (any case); empty keeps all.
    pub actor: String,
    /// Keep events whose title, quote or notes contain this (any case); empty keeps all.
    pub text: String,
    /// Keep events whose casualty range reaches at least this many.
    pub min_casualties: Option<u32>,
    /// Keep events whose casualty range starts at or below this many.
    pub max_casualties: Option<u32>,
}

impl EventFilter {
    /// Whether nothing is filtered out.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether `event` (from dataset `dataset`) passes.
    pub fn matches(&self, event: EventRef, dataset: usize) -> bool {
        if self.hidden_datasets.contains(&dataset) || self.hidden_kinds.contains(event.kind().as_str()) {
            return false;
        }
        if !self.actor.trim().is_empty() {
            let needle = self.actor.trim().to_lowercase();
            if !event.actors().iter().any(|a| a.to_lowercase().contains(&needle)) {
                return false;
            }
        }
        if !self.text.trim().is_empty() {
            let needle = self.text.trim().to_lowercase();
            let found = event.title().to_lowercase().contains(&needle)
                || event.quotes().any(|q| q.to_lowercase().contains(&needle))
                || event
                    .notes()
                    .iter()
                    .any(|n| n.text.to_lowercase().contains(&needle));
            if !found {
                return false;
            }
        }
        if self.min_casualties.is_some() || self.max_casualties.is_some() {
            let Some(c) = &event.casualties() else {
                return false; // a casualty range asks for events with a figure
            };
            let reaches = c
                .high
                .is_none_or(|h| self.min_casualties.is_none_or(|min| h >= min));
            let starts_below = self.max_casualties.is_none_or(|max| c.low <= max);
            if !(reaches && starts_below) {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::casualties::Casualties;
    use crate::model::date::FuzzyInterval;
    use crate::model::event::{Event, Location, Note, Publication};
    use crate::model::event_texts::{EventTexts, TextParts};
    use crate::model::relative::EventTime;
    use crate::model::store::EventStore;
    use crate::model::sym::SymList;

    fn event() -> Event {
        Event {
            texts: EventTexts::new(TextParts {
                id: "e",
                title: "Artillery fire across the border",
                quotes: &["Two months ago, over 280 people were killed"],
                ..TextParts::default()
            }),
            kind: "clash".into(),
            time: EventTime::absolute(FuzzyInterval::parse("2022-09~").unwrap()),
            casualties: Some(Casualties::parse_phrase("over 280").unwrap().into()),
            wounded: None,
            regions: SymList::default(),
            location: Location::Unknown,
            publication: Publication {
                publisher: "DW".into(),
                date: None,
            },
            notes: Box::new([Note {
                text: "Near Jermuk".into(),
                source: "x".into(),
            }]),
            actors: vec!["Military Forces of Armenia".into()].into(),
        }
    }

    #[test]
    fn empty_filter_keeps_everything() {
        assert!(EventFilter::default().is_empty());
        let store = EventStore::from(vec![event()]);
        assert!(EventFilter::default().matches(store.event(0), 0));
    }

    #[test]
    fn each_condition_can_exclude() {
        let store = EventStore::from(vec![event()]);
        let f = |f: EventFilter| f.matches(store.event(0), 0);
        assert!(!f(EventFilter {
            hidden_datasets: [0].into(),
            ..Default::default()
        }));
        assert!(!f(EventFilter {
            hidden_kinds: ["clash".to_string()].into(),
            ..Default::default()
        }));
        assert!(f(EventFilter {
            actor: "armenia".into(),
            ..Default::default()
        }));
        assert!(!f(EventFilter {
            actor: "azerbaijan".into(),
            ..Default::default()
        }));
        assert!(f(EventFilter {
            text: "ARTILLERY".into(),
            ..Default::default()
        }));
        assert!(f(EventFilter {
            text: "jermuk".into(),
            ..Default::default()
        }));
        assert!(!f(EventFilter {
            text: "drone".into(),
            ..Default::default()
        }));
    }

    #[test]
    fn casualty_range_uses_the_open_range() {
        let mut none = event();
        none.casualties = None;
        let store = EventStore::from(vec![event(), none]); // 280+, open-ended; none
        let f = |min, max| {
            EventFilter {
                min_casualties: min,
                max_casualties: max,
                ..Default::default()
            }
            .matches(store.event(0), 0)
        };
        assert!(f(Some(1000), None), "280+ may reach 1000");
        assert!(f(None, Some(300)));
        assert!(!f(None, Some(100)), "at least 280 is above 100");
        assert!(
            !EventFilter {
                min_casualties: Some(1),
                ..Default::default()
            }
            .matches(store.event(1), 0)
        );
    }
}
