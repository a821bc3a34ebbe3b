//! TimelineJS JSON (Knight Lab): `{"title": {...}, "events": [...], "eras": [...]}`.
//!
//! Each event has `start_date` (and optionally `end_date`) as `{year, month?,
//! day?, display_date?}`, whose values may be numbers or numeric strings; a
//! date keeps the precision it is given (a year alone spans that year).
//! `text.headline` is the title (HTML tags removed), `text.text` the quote
//! (HTML tags removed), `group` the kind (default "event"), `unique_id` the id
//! (default `file#index`), `display_date` the date text. `media.url` becomes a
//! note credited to `media.credit`. The title slide and eras are not events.
//!
//! Extension: `location: {lat, lon, name?}` places an event; without it the
//! location is unknown.

use super::event_geometry::check_lon_lat;
use super::features::{FieldError, json_kind};
use super::html_text::strip_html;
use super::{LoadError, Loaded, Place, Problem};
use crate::model::atlas::LinkedRegions;
use crate::model::date::{FuzzyDate, FuzzyInterval};
use crate::model::event::{Event, Location, Note, Publication};
use crate::model::event_texts::{EventTexts, TextParts};
use crate::model::relative::EventTime;
use crate::model::{Atlas, SymList};
use chrono::NaiveDate;
use serde_json::{Map, Value};

/// The name of the format in messages.
pub const FORMAT_NAME: &str = "TimelineJS";

/// The longest title made from an event's text when it has no headline.
const TITLE_FROM_TEXT_CHARS: usize = 80;

/// Reads a TimelineJS timeline from JSON text; `file` names it in messages.
pub fn parse_timeline(file: &str, text: &str, atlas: &Atlas) -> Result<Loaded<Vec<Event>>, LoadError> {
    let root: Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| LoadError::Invalid {
            file: file.to_string(),
            reason: format!("not valid JSON: {e}"),
        })?;
    parse_timeline_value(file, root, atlas)
}

/// Reads a TimelineJS timeline already parsed as JSON.
pub fn parse_timeline_value(file: &str, root: Value, atlas: &Atlas) -> Result<Loaded<Vec<Event>>, LoadError> {
    let invalid = |reason: String| LoadError::Invalid {
        file: file.to_string(),
        reason,
    };
    let Value::Object(mut root) = root else {
        return Err(invalid(format!(
            "expected a TimelineJS object with an 'events' list, found {}",
            json_kind(&root)
        )));
    };
    let events = match root.remove("events") {
        Some(Value::Array(events)) => events,
        Some(other) => {
            return Err(invalid(format!(
                "'events' must be a list, found {}",
                json_kind(&other)
            )));
        }
        None => return Err(invalid("a TimelineJS timeline needs an 'events' list".into())),
    };
    let timeline_title = root
        .get("title")
        .and_then(|t| t.get("text"))
        .and_then(|t| t.get("headline"))
        .and_then(Value::as_str)
        .map(strip_html)
        .unwrap_or_default();
    let mut items = Vec::with_capacity(events.len());
    let mut problems = Vec::new();
    let linked = atlas.linked_regions();
    for (index, value) in events.iter().enumerate() {
        match parse_event(file, index, value, &timeline_title, (atlas, &linked)) {
            Ok(event) => items.push(event),
            Err((field, message)) => problems.push(Problem {
                file: file.to_string(),
                place: Place::Feature(index),
                field: (!field.is_empty()).then_some(field),
                message,
            }),
        }
    }
    Ok(Loaded {
        items,
        problems,
        notes: Vec::new(),
    })
}

fn parse_event(
    file: &str,
    index: usize,
    value: &Value,
    timeline_title: &str,
    (atlas, linked): (&Atlas, &LinkedRegions),
) -> Result<Event, FieldError> {
    let Value::Object(event) = value else {
        return Err((
            String::new(),
            format!("expected an event object, found {}", json_kind(value)),
        ));
    };
    let text = |key: &str| -> Result<Option<&str>, FieldError> {
        match event.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err((key.into(), format!("expected text, found {}", json_kind(other)))),
        }
    };
    let id = match event.get("unique_id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => format!("{file}#{index}"),
    };

    let from = match event.get("start_date") {
        None | Some(Value::Null) => return Err(("start_date".into(), "is missing".into())),
        Some(v) => parse_date(v).map_err(|m| ("start_date".to_string(), m))?,
    };
    let to = match event.get("end_date") {
        None | Some(Value::Null) => from,
        // TimelineJS writes an empty end date as {} or {"year": ""}.
        Some(Value::Object(o)) if o.get("year").is_none_or(is_blank) => from,
        Some(v) => parse_date(v).map_err(|m| ("end_date".to_string(), m))?,
    };
    if to.last_day() < from.first_day() {
        return Err((
            "end_date".into(),
            format!("{} is before the start date {}", to.human(), from.human()),
        ));
    }
    let when = FuzzyInterval { from, to };
    let display = text("display_date")?
        .or_else(|| {
            event
                .get("start_date")
                .and_then(|d| d.get("display_date"))
                .and_then(Value::as_str)
        })
        .map(strip_html)
        .filter(|d| !d.is_empty());
    let time = match display {
        Some(display) => EventTime::said(when, format!("{display} ({})", when.human())),
        None => EventTime::absolute(when),
    };

    let slide_text = match event.get("text") {
        None | Some(Value::Null) => None,
        Some(Value::Object(o)) => Some(o),
        Some(other) => {
            return Err((
                "text".into(),
                format!(
                    "expected an object {{headline, text}}, found {}",
                    json_kind(other)
                ),
            ));
        }
    };
    let slide_field = |key: &str| -> Result<String, FieldError> {
        match slide_text.and_then(|o| o.get(key)) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(strip_html(s)),
            Some(other) => Err((
                format!("text.{key}"),
                format!("expected text, found {}", json_kind(other)),
            )),
        }
    };
    let headline = slide_field("headline")?;
    let body = slide_field("text")?;
    let media = event.get("media").and_then(Value::as_object);
    let media_text = |key: &str| {
        media
            .and_then(|m| m.get(key))
            .and_then(Value::as_str)
            .map(strip_html)
            .filter(|s| !s.is_empty())
    };
    let title = if !headline.is_empty() {
        headline
    } else if !body.is_empty() {
        shorten(&body, TITLE_FROM_TEXT_CHARS)
    } else if let Some(caption) = media_text("caption") {
        shorten(&caption, TITLE_FROM_TEXT_CHARS)
    } else {
        return Err((
            "text.headline".into(),
            "is missing (an event needs a headline or a text)".into(),
        ));
    };
    let quote: &[&str] = if body.is_empty() { &[] } else { &[&body] };

    let mut notes = Vec::new();
    if let Some(url) = media_text("url") {
        let text = match media_text("caption") {
            Some(caption) => format!("Media: {url} ({caption})"),
            None => format!("Media: {url}"),
        };
        notes.push(Note {
            text,
            source: media_text("credit").unwrap_or_else(|| url.clone()),
        });
    }

    let (location, place) = match parse_location(event)? {
        // A place named with no position: the gazetteer's, said in a note.
        (Location::Unknown, Some(name)) => match super::place_by_name(atlas, &name) {
            Some((lon, lat, note)) => {
                notes.push(note);
                (Location::Point { lon, lat }, Some(name))
            }
            None => (Location::Unknown, None),
        },
        found => found,
    };
    let regions = match &location {
        Location::Point { lon, lat } => linked.ids_at(atlas, *lon, *lat),
        _ => Vec::new(),
    }
    .into();
    let kind = text("group")?
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .unwrap_or("event")
        .into();
    Ok(Event {
        texts: EventTexts::new(TextParts {
            id: &id,
            title: &title,
            place: place.as_deref(),
            source_title: timeline_title,
            source_url: None,
            quotes: quote,
        }),
        kind,
        time,
        casualties: None,
        wounded: None,
        regions,
        location,
        publication: Publication {
            publisher: FORMAT_NAME.into(),
            date: None,
        },
        notes: notes.into(),
        actors: SymList::default(),
    })
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A whole number given as a JSON number or a numeric string; `None` when
/// absent or blank.
fn number(date: &Map<String, Value>, key: &str) -> Result<Option<i64>, String> {
    let value = match date.get(key) {
        None => return Ok(None),
        Some(v) if is_blank(v) => return Ok(None),
        Some(v) => v,
    };
    let bad = || format!("'{key}' must be a whole number, found {value}");
    match value {
        Value::Number(n) => match n.as_i64() {
            Some(i) => Ok(Some(i)),
            None => match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 1e9 => Ok(Some(f as i64)),
                _ => Err(bad()),
            },
        },
        Value::String(s) => s.trim().parse::<i64>().map(Some).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// `{year, month?, day?}` at the precision given.
fn parse_date(value: &Value) -> Result<FuzzyDate, String> {
    let Value::Object(date) = value else {
        return Err(format!(
            "expected an object {{year, month, day}}, found {}",
            json_kind(value)
        ));
    };
    let year = number(date, "year")?.ok_or_else(|| "'year' is missing".to_string())?;
    let month = number(date, "month")?;
    let day = number(date, "day")?;
    let year = i32::try_from(year).map_err(|_| format!("year {year} is out of range"))?;
    let impossible = |text: String| format!("{text} is not a real calendar date");
    let in_u32 = |n: i64| u32::try_from(n).ok();
    match (month, day) {
        (None, None) => FuzzyDate::year(year).map_err(|_| format!("year {year} is out of range")),
        (None, Some(_)) => Err("has a 'day' but no 'month'".into()),
        (Some(m), None) => in_u32(m)
            .and_then(|m| FuzzyDate::month(year, m).ok())
            .ok_or_else(|| impossible(format!("{year}-{m:02}"))),
        (Some(m), Some(d)) => in_u32(m)
            .zip(in_u32(d))
            .and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m, d))
            .map(FuzzyDate::day)
            .ok_or_else(|| impossible(format!("{year}-{m:02}-{d:02}"))),
    }
}

/// The location and, at a point, the place's name.
fn parse_location(event: &Map<String, Value>) -> Result<(Location, Option<String>), FieldError> {
    let field = || "location".to_string();
    let loc = match event.get("location") {
        None | Some(Value::Null) => return Ok((Location::Unknown, None)),
        Some(Value::Object(o)) => o,
        Some(other) => {
            return Err((
                field(),
                format!("expected an object {{lat, lon}}, found {}", json_kind(other)),
            ));
        }
    };
    let degrees = |keys: &[&str]| -> Result<Option<f64>, FieldError> {
        let Some((key, value)) = keys.iter().find_map(|k| loc.get(*k).map(|v| (*k, v))) else {
            return Ok(None);
        };
        let n = match value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        n.map(Some).ok_or_else(|| {
            (
                field(),
                format!("'{key}' must be a number of degrees, found {value}"),
            )
        })
    };
    let lat = degrees(&["lat"])?;
    let lon = degrees(&["lon", "lng"])?;
    let place = loc
        .get("name")
        .and_then(Value::as_str)
        .map(strip_html)
        .filter(|n| !n.is_empty());
    match (lat, lon) {
        (Some(lat), Some(lon)) => {
            check_lon_lat(lon, lat).map_err(|m| (field(), m))?;
            Ok((Location::Point { lon, lat }, place))
        }
        // Named only: placed by the caller, if the gazetteer knows the name.
        (None, None) => Ok((Location::Unknown, place)),
        _ => Err((field(), "needs both 'lat' and 'lon'".into())),
    }
}

/// The first `max` characters of `text`, cut at a word and marked "…".
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Interval, Precision};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn load(json: &str) -> Loaded<Vec<Event>> {
        parse_timeline("t.json", json, &crate::embedded::atlas().unwrap()).unwrap()
    }

    #[test]
    fn precision_follows_the_fields_given() {
        let loaded = load(
            r#"{"title": {"text": {"headline": "The <b>war</b>"}},
                "eras": [{"start_date": {"year": 2020}, "end_date": {"year": 2021}, "text": {"headline": "era"}}],
                "events": [
                  {"start_date": {"year": "1991"}, "text": {"headline": "First war"}},
                  {"start_date": {"year": 2022, "month": "9"}, "text": {"headline": "Clashes"}, "group": "clash"},
                  {"start_date": {"year": 2020, "month": 9, "day": 27}, "end_date": {"year": 2020, "month": 11, "day": "10"},
                   "text": {"headline": "Second war", "text": "<p>Six weeks of fighting &amp; shelling.</p>"},
                   "unique_id": "war-2020", "display_date": "Autumn 2020"}
                ]}"#,
        );
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.items.len(), 3);
        let y = &loaded.items[0];
        assert_eq!(y.time.precision(), Precision::Year);
        assert_eq!(
            y.time.interval(),
            Interval::new(d(1991, 1, 1), d(1991, 12, 31)).unwrap()
        );
        assert_eq!(y.kind, "event");
        assert_eq!(y.id(), "t.json#0");
        assert_eq!(y.location, Location::Unknown);
        assert_eq!(y.source().title, "The war");
        let m = &loaded.items[1];
        assert_eq!(m.time.precision(), Precision::Month);
        assert_eq!(
            m.time.interval(),
            Interval::new(d(2022, 9, 1), d(2022, 9, 30)).unwrap()
        );
        assert_eq!(m.kind, "clash");
        let r = &loaded.items[2];
        assert_eq!(r.id(), "war-2020");
        assert_eq!(
            r.time.interval(),
            Interval::new(d(2020, 9, 27), d(2020, 11, 10)).unwrap()
        );
        assert_eq!(r.time.text(), "Autumn 2020 (27 Sep 2020 – 10 Nov 2020)");
        assert_eq!(
            r.quotes().collect::<Vec<_>>(),
            ["Six weeks of fighting & shelling."]
        );
    }

    #[test]
    fn location_extension_places_the_event() {
        let loaded = load(
            r#"{"events": [{"start_date": {"year": 2023, "month": 9, "day": 19},
                "text": {"headline": "Offensive"}, "location": {"lat": "39.8177", "lon": 46.7528, "name": "Stepanakert"}}]}"#,
        );
        let e = &loaded.items[0];
        assert_eq!(
            e.location,
            Location::Point {
                lon: 46.7528,
                lat: 39.8177,
            }
        );
        assert_eq!(e.place(), Some("Stepanakert"));
        assert_eq!(e.regions, ["azerbaijan", "nagorno-karabakh"]);
    }

    #[test]
    fn bad_events_are_problems_at_their_index() {
        let loaded = load(
            r#"{"events": [
                {"start_date": {"year": 2022, "month": 13}, "text": {"headline": "a"}},
                {"start_date": {"year": 2022, "month": 2, "day": 30}, "text": {"headline": "b"}},
                {"text": {"headline": "c"}},
                {"start_date": {"year": 2022}, "end_date": {"year": 2021}, "text": {"headline": "d"}},
                {"start_date": {"year": 2022}, "text": {"headline": "e"}, "location": {"lat": 95.2, "lon": 46}},
                {"start_date": {"year": "abc"}, "text": {"headline": "f"}},
                "not an event",
                {"start_date": {"year": 2022}},
                {"start_date": {"year": 2022, "day": 3}, "text": {"headline": "i"}},
                {"start_date": {"year": 2022}, "text": {"headline": "ok"}}
            ]}"#,
        );
        assert_eq!(loaded.items.len(), 1);
        let got: Vec<(Place, Option<&str>, &str)> = loaded
            .problems
            .iter()
            .map(|p| (p.place.clone(), p.field.as_deref(), p.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Place::Feature(0),
                    Some("start_date"),
                    "2022-13 is not a real calendar date"
                ),
                (
                    Place::Feature(1),
                    Some("start_date"),
                    "2022-02-30 is not a real calendar date"
                ),
                (Place::Feature(2), Some("start_date"), "is missing"),
                (
                    Place::Feature(3),
                    Some("end_date"),
                    "2021 is before the start date 2022"
                ),
                (
                    Place::Feature(4),
                    Some("location"),
                    "latitude 95.2 is outside -90..90"
                ),
                (
                    Place::Feature(5),
                    Some("start_date"),
                    "'year' must be a whole number, found \"abc\""
                ),
                (Place::Feature(6), None, "expected an event object, found text"),
                (
                    Place::Feature(7),
                    Some("text.headline"),
                    "is missing (an event needs a headline or a text)"
                ),
                (
                    Place::Feature(8),
                    Some("start_date"),
                    "has a 'day' but no 'month'"
                ),
            ]
        );
    }

    #[test]
    fn not_a_timeline_is_a_load_error() {
        let atlas = crate::embedded::atlas().unwrap();
        assert!(parse_timeline("t.json", "[1, 2]", &atlas).is_err());
        assert!(parse_timeline("t.json", r#"{"title": {}}"#, &atlas).is_err());
        assert!(parse_timeline("t.json", r#"{"events": {}}"#, &atlas).is_err());
        assert!(parse_timeline("t.json", "{", &atlas).is_err());
    }

    #[test]
    fn long_texts_make_short_titles() {
        let body = "word ".repeat(40);
        let loaded = load(&format!(
            r#"{{"events": [{{"start_date": {{"year": 2020}}, "text": {{"text": "{body}"}}}}]}}"#
        ));
        let title = &loaded.items[0].title();
        assert!(title.chars().count() <= TITLE_FROM_TEXT_CHARS + 1, "{title}");
        assert!(title.ends_with('…'));
    }
}
