//! The JSON contract of `chronomap events --json` and `regions --json`
//! (documented in the README).

use crate::model::{Atlas, EventRef, Location, Note, Region, Source, Sym};
use serde::Serialize;
use std::borrow::Cow;

/// One event as printed.
#[derive(Debug, Serialize)]
pub struct EventJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub kind: &'a str,
    /// First day, ISO, inclusive.
    pub start: String,
    /// Last day, ISO, inclusive.
    pub end: String,
    /// The date as the source gave it, in EDTF (`2022-09~`).
    pub edtf: String,
    pub date_text: Cow<'a, str>,
    pub precision: &'static str,
    pub approximate: bool,
    pub casualties: Option<CasualtiesJson<'a>>,
    /// The wounded, where counted apart from the killed.
    pub wounded: Option<CasualtiesJson<'a>>,
    /// Region names.
    pub regions: Vec<&'a str>,
    pub region_ids: &'a [Sym],
    pub location: LocationJson<'a>,
    pub quote: Vec<&'a str>,
    pub source: Source<'a>,
    pub notes: &'a [Note],
}

/// Casualties as printed: `high` is null when open-ended.
#[derive(Debug, Serialize)]
pub struct CasualtiesJson<'a> {
    pub low: u32,
    pub high: Option<u32>,
    pub best: Option<u32>,
    pub text: &'a str,
}

impl<'a> CasualtiesJson<'a> {
    fn new(c: &'a crate::model::Casualties) -> Self {
        Self {
            low: c.low,
            high: c.high,
            best: c.best,
            text: &c.text,
        }
    }
}

/// Where the event is, and where it is drawn.
#[derive(Debug, Serialize)]
pub struct LocationJson<'a> {
    /// "point", "region", "border", "unknown", or the shape's GeoJSON type
    /// ("Polygon", "LineString", "MultiPoint", ...).
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub place: Option<&'a str>,
    pub region_ids: Vec<Sym>,
    /// [lon, lat] the map draws it at.
    pub anchor: Option<[f64; 2]>,
}

impl<'a> EventJson<'a> {
    /// The printed form of `event`, with region names from `atlas`.
    pub fn new(event: EventRef<'a>, atlas: &'a Atlas, anchor: Option<[f64; 2]>) -> Self {
        let interval = event.time().interval();
        let location = match event.location() {
            Location::Point { .. } => LocationJson {
                kind: "point",
                place: event.place(),
                region_ids: Vec::new(),
                anchor,
            },
            Location::Region(id) => LocationJson {
                kind: "region",
                place: None,
                region_ids: vec![id],
                anchor,
            },
            Location::Border(a, b) => LocationJson {
                kind: "border",
                place: None,
                region_ids: vec![a, b],
                anchor,
            },
            Location::Shape(s) => LocationJson {
                kind: s.kind.name(),
                place: event.place(),
                region_ids: Vec::new(),
                anchor,
            },
            Location::Unknown => LocationJson {
                kind: "unknown",
                place: None,
                region_ids: Vec::new(),
                anchor,
            },
        };
        Self {
            id: event.id(),
            title: event.title(),
            kind: event.kind(),
            start: interval.start.to_string(),
            end: interval.end.to_string(),
            edtf: event.time().when.to_string(),
            date_text: event.time().text(),
            precision: event.time().precision().as_str(),
            approximate: event.time().is_approximate(),
            casualties: event.casualties().map(CasualtiesJson::new),
            wounded: event.wounded().map(CasualtiesJson::new),
            regions: event
                .regions()
                .iter()
                .map(|id| atlas.get(id).map_or(id.as_str(), |r| r.name.as_str()))
                .collect(),
            region_ids: event.regions(),
            location,
            quote: event.quotes().collect(),
            source: event.source(),
            notes: event.notes(),
        }
    }
}

/// One region as printed.
#[derive(Debug, Serialize)]
pub struct RegionJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub parent: Option<&'a str>,
    /// Who held it on `--at`, when its control is recorded as changing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<ControlJson<'a>>,
}

/// Control on the requested day.
#[derive(Debug, Serialize)]
pub struct ControlJson<'a> {
    pub holder: &'static str,
    pub note: &'a str,
}

impl<'a> RegionJson<'a> {
    /// The printed form of `region`, with its control on `at` if given.
    pub fn new(region: &'a Region, at: Option<chrono::NaiveDate>) -> Self {
        Self {
            id: &region.id,
            name: &region.name,
            kind: region.kind.as_str(),
            parent: region.parent.as_deref(),
            control: at.and_then(|d| region.control_at(d)).map(|c| ControlJson {
                holder: c.holder.label(),
                note: &c.note,
            }),
        }
    }
}
