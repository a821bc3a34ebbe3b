//! A reader's corrections to an event: its date, or its place. The event
//! keeps what the source said, and a note says what the reader changed, so
//! that every fact shown stays traceable.

use super::atlas::Atlas;
use super::date::FuzzyInterval;
use super::event::{Event, Location, Note};
use super::event_texts::{EventTexts, TextParts};
use super::relative::EventTime;
use super::sym::SymList;

/// Who a correction's note is from.
pub const READER: &str = "the reader, in chronomap";

/// Why a correction was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, or two of them joined by '/'")]
    BadDate { text: String },
    #[error("no place called '{name}' in the gazetteer or on the map")]
    UnknownPlace { name: String },
}

/// `event` on the days `text` gives (`2022-09-13`, `2022-09`, `2020/2022`).
pub fn with_date(event: &Event, text: &str) -> Result<Event, ReviewError> {
    let when = FuzzyInterval::parse(text.trim()).map_err(|_| ReviewError::BadDate {
        text: text.trim().to_string(),
    })?;
    let said = EventTime::absolute(when);
    let mut out = event.clone();
    out.time = EventTime::said(
        when,
        format!(
            "{} (corrected by the reader; the source: {})",
            said.text(),
            event.time.text()
        ),
    );
    out.notes = with_note(
        event,
        format!(
            "Date corrected by the reader from {} to {}.",
            event.time.interval(),
            when.interval()
        ),
    );
    Ok(out)
}

/// `event` at the place called `name`: a region of the map, or else the
/// gazetteer's best match.
pub fn with_place(event: &Event, name: &str, atlas: &Atlas) -> Result<Event, ReviewError> {
    let name = name.trim();
    let unknown = || ReviewError::UnknownPlace {
        name: name.to_string(),
    };
    if name.is_empty() {
        return Err(unknown());
    }
    let region_point = atlas
        .find(name)
        .and_then(|r| Some((r.name.to_string(), r.label_point()?)));
    let (label, lon, lat): (String, f64, f64) = match region_point {
        Some((region, point)) => (region, point.x(), point.y()),
        None => {
            let place = atlas.places.best(name, None).ok_or_else(unknown)?;
            (atlas.places.describe(place), place.lon, place.lat)
        }
    };
    let mut regions = atlas.linked_regions().ids_at(atlas, lon, lat);
    if let Some(region) = atlas.find(name)
        && !regions.contains(&region.id)
    {
        regions.push(region.id.clone());
    }
    let quotes: Vec<&str> = event.quotes().collect();
    let source = event.source();
    let mut out = event.clone();
    out.texts = EventTexts::new(TextParts {
        id: event.id(),
        title: event.title(),
        place: Some(&label),
        source_title: source.title,
        source_url: source.url,
        quotes: &quotes,
    });
    out.location = Location::Point { lon, lat };
    out.regions = SymList::from(regions);
    let was = event.place().unwrap_or("no place");
    out.notes = with_note(
        event,
        format!("Place corrected by the reader from {was} to {label}."),
    );
    Ok(out)
}

fn with_note(event: &Event, text: String) -> Box<[Note]> {
    let mut notes = event.notes.to_vec();
    notes.push(Note {
        text,
        source: READER.to_string(),
    });
    notes.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artillery(atlas: &Atlas) -> Event {
        let events = crate::embedded::article_events(atlas).unwrap().items;
        events
            .into_iter()
            .find(|e| e.id() == "artillery-2022-09")
            .unwrap()
    }

    #[test]
    fn a_corrected_date_keeps_the_sources_words_and_says_who_changed_it() {
        let atlas = crate::embedded::caucasus_atlas().unwrap();
        let e = artillery(&atlas);
        let fixed = with_date(&e, "2022-09-13/2022-09-14").unwrap();
        assert_eq!(fixed.time.interval().to_string(), "2022-09-13/2022-09-14");
        assert!(fixed.time.text().contains("two months"), "{}", fixed.time.text());
        assert!(fixed.notes.last().unwrap().text.contains("2022-09-01/2022-09-30"));
        assert_eq!(fixed.quotes().collect::<Vec<_>>(), e.quotes().collect::<Vec<_>>());
        assert_eq!(
            with_date(&e, "13 Sept"),
            Err(ReviewError::BadDate {
                text: "13 Sept".into()
            })
        );
    }

    #[test]
    fn a_corrected_place_moves_the_event_and_links_its_regions() {
        let atlas = crate::embedded::atlas().unwrap();
        let e = artillery(&atlas);
        let fixed = with_place(&e, "Jermuk", &atlas).unwrap();
        let Location::Point { lon, lat } = fixed.location else {
            panic!("a point")
        };
        assert!(
            (lon - 45.67).abs() < 0.1 && (lat - 39.84).abs() < 0.1,
            "{lon} {lat}"
        );
        assert!(fixed.place().unwrap().starts_with("Jermuk"));
        assert!(
            fixed.regions.iter().any(|r| r.as_str() == "armenia"),
            "{:?}",
            fixed.regions
        );
        assert_eq!(fixed.id(), e.id());
        assert!(fixed.notes.last().unwrap().text.contains("Jermuk"));
        let region = with_place(&e, "Nagorno-Karabakh", &atlas).unwrap();
        assert!(region.regions.iter().any(|r| r.as_str() == "nagorno-karabakh"));
        assert!(matches!(
            with_place(&e, "Nowhereville", &atlas),
            Err(ReviewError::UnknownPlace { .. })
        ));
    }
}
