//! Events as a GeoJSON FeatureCollection: chronomap's own format (see the
//! README), which QGIS and kepler.gl also open.
//!
//! Properties: `id`, `title`, `kind`, time as `when` (a phrase resolved against
//! `source.date`, or an EDTF date) and/or `start`/`end`, `casualties` (a phrase
//! such as "more than 6,500", a number, or `{low, best, high}`), `regions`
//! (ids), `location` (`{region}`, `{border: [a, b]}` or `{place}` with a Point
//! geometry), `quote` (the source's sentences), `source`, `notes`, `actors`.
//! The geometry is a Point, or a shape: an area (Polygon, MultiPolygon), a
//! route (LineString, MultiLineString) or several points (MultiPoint), see
//! [`super::event_geometry`].

use super::feature_time::foreign_time;
use super::features::{FieldError, Props, json_kind, split_feature_values, split_features};
use super::{LoadError, Loaded, Place, Problem};
use crate::model::casualties::Casualties;
use crate::model::date::{FuzzyDate, FuzzyInterval};
use crate::model::event::{Event, Location, Note, Publication};
use crate::model::event_texts::{EventTexts, TextParts};
use crate::model::region_cells::RegionCells;
use crate::model::relative::{self, EventTime};
use crate::model::{Atlas, Interner, Sym};
use chrono::NaiveDate;
use geojson::{Feature, JsonValue};

/// Reads events from GeoJSON text; `file` names it in messages.
pub fn parse_events(file: &str, text: &str, atlas: &Atlas) -> Result<Loaded<Vec<Event>>, LoadError> {
    events_from(file, split_features(file, text)?, atlas)
}

/// Reads events from a GeoJSON FeatureCollection already parsed as JSON.
pub fn parse_events_value(
    file: &str,
    root: JsonValue,
    atlas: &Atlas,
) -> Result<Loaded<Vec<Event>>, LoadError> {
    events_from(file, split_feature_values(file, root)?, atlas)
}

fn events_from(
    file: &str,
    features: Loaded<Vec<(usize, Feature)>>,
    atlas: &Atlas,
) -> Result<Loaded<Vec<Event>>, LoadError> {
    let Loaded {
        items: features,
        mut problems,
        ..
    } = features;
    let mut items = Vec::with_capacity(features.len());
    let mut names = Interner::default();
    let mut cells = RegionCells::new(atlas);
    // Features dated under other tools' names, by where their dates were.
    let mut dated_by: Vec<(String, usize)> = Vec::new();
    for (index, feature) in features {
        match parse_event(file, index, &feature, (atlas, &mut cells), &mut names) {
            Ok((event, dates_from)) => {
                items.push(event);
                if let Some(key) = dates_from {
                    match dated_by.iter_mut().find(|(k, _)| *k == key) {
                        Some(entry) => entry.1 += 1,
                        None => dated_by.push((key, 1)),
                    }
                }
            }
            Err((field, message)) => problems.push(Problem {
                file: file.to_string(),
                place: Place::Feature(index),
                field: Some(field),
                message,
            }),
        }
    }
    // Features that were not GeoJSON were reported first: put all in file order.
    problems.sort_by_key(|p| match &p.place {
        Place::Feature(i) => *i as u64,
        Place::Line(n) | Place::Row(n) | Place::SheetRow { row: n, .. } => *n,
    });
    let notes = dated_by
        .into_iter()
        .map(|(key, n)| format!("dates from {key} ({n} feature{})", if n == 1 { "" } else { "s" }))
        .collect();
    Ok(Loaded {
        items,
        problems,
        notes,
    })
}

fn parse_event(
    file: &str,
    index: usize,
    feature: &Feature,
    (atlas, cells): (&Atlas, &mut RegionCells),
    names: &mut Interner,
) -> Result<(Event, Option<String>), FieldError> {
    let props = Props::of(feature);
    let id = match props.opt_str("id")? {
        Some(id) => id.to_string(),
        None => match &feature.id {
            Some(geojson::feature::Id::String(s)) => s.clone(),
            Some(geojson::feature::Id::Number(n)) => n.to_string(),
            None => format!("{file}#{index}"),
        },
    };
    let title = props.str("title")?.to_string();
    let kind = names.intern(props.opt_str("kind")?.unwrap_or("event"));
    let mut source = parse_source(&props)?;
    source.publication.publisher = names.intern(&source.publication.publisher);
    let mut notes = parse_notes(&props)?;
    let (time, dates_from) = match parse_time(&props, source.publication.date)? {
        Some(time) => (time, None),
        None => {
            let found = foreign_time(feature)?.ok_or_else(|| ("when".to_string(), NO_DATE.to_string()))?;
            if let Some(end) = found.open_end {
                notes.push(Note {
                    text: format!(
                        "The source leaves the {end} of this event open; it is shown on the day given."
                    ),
                    source: format!("{} of this feature", found.key),
                });
            }
            (EventTime::absolute(found.range), Some(found.key))
        }
    };
    // What the source said, kept through an export; shared like the CSV loaders'.
    let time = match props.opt_str("date_text")? {
        Some(said) => EventTime::said(time.when, names.intern(said)),
        None => time.share_words(names),
    };
    let mut casualties = parse_casualties(props.get("casualties"))?;
    if let Some(c) = &mut casualties {
        c.text = names.intern(&c.text);
    }
    let wounded = parse_toll(props.get("wounded"), "wounded")?;
    let geometry = super::event_geometry::parse_geometry(feature)?;
    let (location, place) = parse_location(&props, geometry, &mut notes, atlas)?;
    let mut regions = Vec::new();
    for r in props.str_list("regions")? {
        match atlas.get(&r) {
            // The atlas's own id: shared, not copied.
            Some(region) => regions.push(region.id.clone()),
            None => return Err(("regions".into(), format!("unknown region id '{r}'"))),
        }
    }
    if regions.is_empty() {
        match &location {
            Location::Point { lon, lat } => regions = cells.ids_at(atlas, *lon, *lat),
            Location::Shape(shape) => regions = cells.linked().ids_touching(atlas, shape),
            _ => {}
        }
    }
    let actors: Vec<Sym> = props
        .str_list("actors")?
        .iter()
        .map(|a| names.intern(a))
        .collect();
    let quotes = props.str_list("quote")?;
    let quotes: Vec<&str> = quotes.iter().map(String::as_str).collect();
    let event = Event {
        texts: EventTexts::new(TextParts {
            id: &id,
            title: &title,
            place: place.as_deref(),
            source_title: &source.title,
            source_url: source.url.as_deref(),
            quotes: &quotes,
        }),
        kind,
        time,
        casualties: casualties.map(std::sync::Arc::new),
        wounded: wounded.map(std::sync::Arc::new),
        regions: names.intern_list(&regions),
        location,
        publication: source.publication,
        notes: notes.into(),
        actors: names.intern_list(&actors),
    };
    Ok((event, dates_from))
}

/// A feature with no date under any name it is read by.
const NO_DATE: &str = "is missing: give 'when' or 'start'/'end' (also read: 'date', 'event_date', \
                       'datetime', 'timestamp', 'time', 'start_date'/'end_date', 'begin'/'end', \
                       JSON-FG's 'time' member)";

/// The time from chronomap's own `when`/`start`/`end`; `None` when none is there.
fn parse_time(props: &Props, published: Option<NaiveDate>) -> Result<Option<EventTime>, FieldError> {
    let start = props.opt_str("start")?;
    let end = props.opt_str("end")?;
    let from_range = match (start, end) {
        (Some(s), e) => {
            let from = FuzzyDate::parse(s).map_err(|e| ("start".to_string(), e.to_string()))?;
            let to = match e {
                Some(e) => FuzzyDate::parse(e).map_err(|e| ("end".to_string(), e.to_string()))?,
                None => from,
            };
            if to.last_day() < from.first_day() {
                return Err(("end".into(), format!("{to} is before the start {from}")));
            }
            Some(FuzzyInterval { from, to })
        }
        // `begin`/`end` is another tool's pair.
        (None, Some(_)) if props.get("begin").is_some() => return Ok(None),
        (None, Some(_)) => return Err(("start".into(), "is missing (an 'end' needs a 'start')".into())),
        (None, None) => None,
    };
    match (props.opt_str("when")?, from_range) {
        (Some(when), range) => {
            let resolved = match published {
                Some(p) => relative::resolve(when, p),
                None => FuzzyInterval::parse(when)
                    .map(EventTime::absolute)
                    .map_err(relative::RelativeError::from),
            }
            .map_err(|e| ("when".to_string(), e.to_string()))?;
            if let Some(range) = range
                && range.interval() != resolved.interval()
            {
                return Err((
                    "start".into(),
                    format!(
                        "start/end {} disagree with 'when' ({when} = {})",
                        range.interval(),
                        resolved.interval()
                    ),
                ));
            }
            Ok(Some(resolved))
        }
        (None, Some(range)) => Ok(Some(EventTime::absolute(range))),
        (None, None) => Ok(None),
    }
}

/// Casualties from a phrase, a number or `{low, best, high, text?}`.
pub fn parse_casualties(value: Option<&JsonValue>) -> Result<Option<Casualties>, FieldError> {
    parse_toll(value, "casualties")
}

/// A toll (`casualties`, `wounded`) from a phrase, a number or `{low, best,
/// high, text?}`; `text` keeps the words it was said in ("hundreds killed").
fn parse_toll(value: Option<&JsonValue>, name: &'static str) -> Result<Option<Casualties>, FieldError> {
    let field = || name.to_string();
    let count = |v: Option<&JsonValue>, name: &str| -> Result<Option<u32>, FieldError> {
        match v {
            None | Some(JsonValue::Null) => Ok(None),
            Some(v) => v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| (field(), format!("'{name}' must be a whole number ≥ 0, found {v}"))),
        }
    };
    match value {
        None => Ok(None),
        Some(JsonValue::String(s)) => Casualties::parse_phrase(s)
            .map(Some)
            .map_err(|e| (field(), e.to_string())),
        Some(n @ JsonValue::Number(_)) => Ok(count(Some(n), "casualties")?.map(Casualties::exact)),
        Some(JsonValue::Object(o)) => {
            let low = count(o.get("low"), "low")?.ok_or_else(|| (field(), "'low' is missing".to_string()))?;
            let mut c =
                Casualties::from_counts(low, count(o.get("best"), "best")?, count(o.get("high"), "high")?)
                    .map_err(|e| (field(), e.to_string()))?;
            if let Some(text) = o
                .get("text")
                .and_then(JsonValue::as_str)
                .filter(|t| !t.trim().is_empty())
            {
                c.text = text.into();
            }
            Ok(Some(c))
        }
        Some(other) => Err((
            field(),
            format!(
                "expected a phrase, a number or an object, found {}",
                json_kind(other)
            ),
        )),
    }
}

/// The location and, at a point or a shape, the place's name.
fn parse_location(
    props: &Props,
    geometry: super::event_geometry::EventGeometry,
    notes: &mut Vec<Note>,
    atlas: &Atlas,
) -> Result<(Location, Option<String>), FieldError> {
    let field = || "location".to_string();
    let loc = match props.get("location") {
        None => None,
        Some(JsonValue::Object(o)) => Some(o),
        Some(other) => return Err((field(), format!("expected an object, found {}", json_kind(other)))),
    };
    let text = |key: &str| {
        loc.and_then(|o| o.get(key))
            .and_then(JsonValue::as_str)
            .map(str::to_string)
    };
    if let Some(region) = text("region") {
        return Ok((Location::Region(region.into()), None));
    }
    if let Some(border) = loc.and_then(|o| o.get("border")) {
        return match border
            .as_array()
            .map(|a| a.iter().filter_map(JsonValue::as_str).collect::<Vec<_>>())
        {
            Some(ids) if ids.len() == 2 => Ok((Location::Border(ids[0].into(), ids[1].into()), None)),
            _ => Err((field(), "'border' must list two region ids".into())),
        };
    }
    // A blank name names no place (events keep no empty texts: see `TextParts`).
    let place = text("place").filter(|p| !p.trim().is_empty());
    if let (Some(place), Some(source)) = (&place, text("place_source")) {
        notes.push(Note {
            text: format!("Map position of {place}."),
            source,
        });
    }
    use super::event_geometry::EventGeometry;
    let point = match geometry {
        EventGeometry::Shape(shape) => return Ok((Location::Shape(std::sync::Arc::new(shape)), place)),
        EventGeometry::Point { lon, lat } => Some((lon, lat)),
        EventGeometry::None => None,
    };
    Ok(match (point, place) {
        (Some((lon, lat)), place) => (Location::Point { lon, lat }, place),
        // A place with no position: the gazetteer's, said in a note.
        (None, Some(place)) => match super::place_by_name(atlas, &place) {
            Some((lon, lat, note)) => {
                notes.push(note);
                (Location::Point { lon, lat }, Some(place))
            }
            None => {
                notes.push(Note {
                    text: format!(
                        "Not on the map: no position given, and '{place}' is not in the gazetteer."
                    ),
                    source: super::GAZETTEER_SOURCE.to_string(),
                });
                (Location::Unknown, None)
            }
        },
        (None, None) => (Location::Unknown, None),
    })
}

/// The source's publication, title and address.
struct SourceParts {
    publication: Publication,
    title: String,
    url: Option<String>,
}

fn parse_source(props: &Props) -> Result<SourceParts, FieldError> {
    let field = || "source".to_string();
    let publisher_only = |publisher: &str| SourceParts {
        publication: Publication {
            publisher: publisher.into(),
            date: None,
        },
        title: String::new(),
        url: None,
    };
    match props.get("source") {
        None => Ok(publisher_only("")),
        Some(JsonValue::String(s)) => Ok(publisher_only(s)),
        Some(JsonValue::Object(o)) => {
            let text = |k: &str| o.get(k).and_then(JsonValue::as_str).map(str::to_string);
            let date = match text("date") {
                Some(d) => {
                    Some(crate::model::date::parse_day(&d).map_err(|e| (field(), format!("'date': {e}")))?)
                }
                None => None,
            };
            Ok(SourceParts {
                publication: Publication {
                    publisher: text("publisher").unwrap_or_default().into(),
                    date,
                },
                title: text("title").unwrap_or_default(),
                url: text("url").filter(|u| !u.trim().is_empty()),
            })
        }
        Some(other) => Err((field(), format!("expected an object, found {}", json_kind(other)))),
    }
}

fn parse_notes(props: &Props) -> Result<Vec<Note>, FieldError> {
    let Some(value) = props.get("notes") else {
        return Ok(Vec::new());
    };
    let bad = || {
        (
            "notes".to_string(),
            "expected a list of {text, source}".to_string(),
        )
    };
    value
        .as_array()
        .ok_or_else(bad)?
        .iter()
        .map(|n| {
            let text = n.get("text").and_then(JsonValue::as_str).ok_or_else(bad)?;
            let source = n
                .get("source")
                .and_then(JsonValue::as_str)
                .ok_or_else(|| ("notes".to_string(), format!("the note '{text}' cites no source")))?;
            Ok(Note {
                text: text.to_string(),
                source: source.to_string(),
            })
        })
        .collect()
}
