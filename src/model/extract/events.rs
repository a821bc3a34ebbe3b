//! Happenings found in an article as the app's events: their sentences as
//! quotes, their time with the words that say how it was read, their toll,
//! their place and regions, and the article as their source.

use super::{Article, Extraction, Happening};
use crate::model::Atlas;
use crate::model::event::{Event, Location, Note, Publication};
use crate::model::event_texts::{EventTexts, TextParts};
use crate::model::relative::EventTime;
use crate::model::sym::{Sym, SymList};
use chrono::NaiveDate;
use std::sync::Arc;

/// The publisher named when an article does not say who published it.
pub const UNKNOWN_PUBLISHER: &str = "article";

/// The events of an extraction, in the order found, with ids `prefix-01`, …
pub fn to_events(
    x: &Extraction,
    article: &Article,
    published: NaiveDate,
    atlas: &Atlas,
    prefix: &str,
) -> Vec<Event> {
    let linked = atlas.linked_regions();
    // Where nothing is named: the article's own countries.
    let main_regions: Vec<Sym> = x
        .main_countries
        .iter()
        .filter_map(|code| {
            atlas
                .regions()
                .iter()
                .find(|r| {
                    r.kind == crate::model::RegionKind::Country
                        && r.alt_names.iter().any(|a| a.eq_ignore_ascii_case(code))
                })
                .map(|r| r.id.clone())
        })
        .collect();
    let publisher: Sym = article.publisher.as_deref().unwrap_or(UNKNOWN_PUBLISHER).into();
    x.events
        .iter()
        .enumerate()
        .map(|(k, h)| {
            let quotes: Vec<&str> = h
                .sentences
                .iter()
                .filter_map(|&s| x.sentences.get(s))
                .map(|s| article.body.get(s.range.clone()).unwrap_or_default())
                .collect();
            let (location, regions) = match &h.place {
                Some(p) => {
                    let mut ids = linked.ids_at(atlas, p.lon, p.lat);
                    if let Some(r) = &p.region
                        && !ids.iter().any(|i| i.as_str() == r)
                        && let Some(region) = atlas.get(r)
                    {
                        ids.push(region.id.clone());
                    }
                    (
                        Location::Point {
                            lon: p.lon,
                            lat: p.lat,
                        },
                        ids,
                    )
                }
                None => (Location::Unknown, main_regions.clone()),
            };
            let id = format!("{prefix}-{:02}", k + 1);
            Event {
                texts: EventTexts::new(TextParts {
                    id: &id,
                    title: &h.title,
                    place: h.place.as_ref().map(|p| p.name.as_str()),
                    source_title: &article.title,
                    source_url: article.url.as_deref(),
                    quotes: &quotes,
                }),
                kind: h.kind.into(),
                time: EventTime::said(h.when, h.date_text.as_str()),
                casualties: h.killed.clone().map(Arc::new),
                wounded: h.wounded.clone().map(Arc::new),
                regions: SymList::from(regions),
                location,
                publication: Publication {
                    publisher: publisher.clone(),
                    date: Some(published),
                },
                notes: notes(h).into(),
                actors: SymList::default(),
            }
        })
        .collect()
}

/// What the event's fields owe to outside the text: a place's position.
fn notes(h: &Happening) -> Vec<Note> {
    match &h.place {
        Some(p) if p.region.is_none() => vec![Note {
            text: format!("Map position of {} from the gazetteer.", p.name),
            source: crate::model::gazetteer::SOURCE.to_string(),
        }],
        _ => Vec::new(),
    }
}
