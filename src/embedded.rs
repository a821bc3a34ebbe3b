//! The data built into the binary: the article's events and the map of
//! Armenia, Azerbaijan and Nagorno-Karabakh (see `assets/geo/PROVENANCE.md`).

use crate::io::event_geojson::parse_events;
use crate::io::region_geojson::{Shape, read_shapes, slug};
use crate::io::{LoadError, Loaded};
use crate::model::atlas::{Lake, TimedArea, TimedLine, Town};
use crate::model::date::{Interval, parse_day};
use crate::model::region::{ControlPeriod, Holder, Region, RegionKind, RegionStyle};
use crate::model::{Atlas, Event};
use chrono::{Days, NaiveDate};
use geo::{Geometry, MultiPolygon};

/// The article dataset: DW, 8 November 2022.
pub const ARTICLE_EVENTS: &str = include_str!("../assets/events/dw-2022-11-08.geojson");
/// Its path in the repository, for messages.
pub const ARTICLE_EVENTS_FILE: &str = "assets/events/dw-2022-11-08.geojson";

const COUNTRIES: &str = include_str!("../assets/geo/countries.geojson");
const NKAO: &str = include_str!("../assets/geo/nkao_1991.geojson");
const AZ_RAYONS: &str = include_str!("../assets/geo/az_rayons.geojson");
const AM_MARZES: &str = include_str!("../assets/geo/am_marzes.geojson");
const LAKES: &str = include_str!("../assets/geo/lakes.geojson");
const LINE_1994: &str = include_str!("../assets/geo/line_of_contact_1994.geojson");
const HELD_1994: &str = include_str!("../assets/geo/armenian_held_1994_2020.geojson");
const CITIES: &str = include_str!("../assets/geo/cities.geojson");

/// The day the 10 November 2020 trilateral statement ended the fighting
/// (statement signed 9 Nov 2020, in force from 10 Nov, published by the Kremlin).
pub const FIGHTING_ENDED_2020: (i32, u32, u32) = (2020, 11, 10);

/// The id of the disputed territory.
pub const NAGORNO_KARABAKH: &str = "nagorno-karabakh";

/// The article's events, placed on `atlas`.
pub fn article_events(atlas: &Atlas) -> Result<Loaded<Event>, LoadError> {
    parse_events(ARTICLE_EVENTS_FILE, ARTICLE_EVENTS, atlas)
}

/// The built-in map. Any feature that does not load is an error: the
/// embedded data is checked by the tests.
pub fn atlas() -> Result<Atlas, LoadError> {
    let mut atlas = Atlas::default();
    for shape in shapes("countries.geojson", COUNTRIES)? {
        let name = text(&shape, "name", "countries.geojson")?;
        let iso = shape.text("iso_a3").unwrap_or_default();
        let mut region = Region::new(
            slug(&name),
            name,
            RegionKind::Country,
            polygons(&shape, "countries.geojson")?,
        );
        region.focus = matches!(iso, "ARM" | "AZE");
        // The article's two sides, each in its own colour.
        region.style = match iso {
            "ARM" => RegionStyle::Subject(0),
            "AZE" => RegionStyle::Subject(1),
            _ => RegionStyle::Plain,
        };
        region.alt_names = vec![iso.to_string()];
        atlas.regions.push(region);
    }
    for shape in shapes("nkao_1991.geojson", NKAO)? {
        let mut region = Region::new(
            NAGORNO_KARABAKH,
            "Nagorno-Karabakh".into(),
            RegionKind::DisputedTerritory,
            polygons(&shape, "nkao_1991.geojson")?,
        );
        region.alt_names = vec![
            "Artsakh".into(),
            "NKAO".into(),
            text(&shape, "name", "nkao_1991.geojson")?,
        ];
        region.focus = true;
        region.note = Some("1991 oblast outline".into());
        atlas.regions.push(region);
    }

    let line_file = "line_of_contact_1994.geojson";
    let mut ceasefire_1994 = None;
    for shape in shapes(line_file, LINE_1994)? {
        let valid = validity(&shape, line_file)?;
        ceasefire_1994 = Some(valid);
        let name = text_or(&shape, "name", "Ceasefire line");
        if let Geometry::LineString(line) = shape.geometry {
            atlas.lines.push(TimedLine { name, line, valid });
        }
    }
    let ceasefire_1994 = ceasefire_1994.ok_or_else(|| invalid(line_file, "holds no line".into()))?;
    for shape in shapes("armenian_held_1994_2020.geojson", HELD_1994)? {
        atlas.areas.push(TimedArea {
            name: text_or(&shape, "name", "Area held by Armenian forces"),
            geometry: polygons(&shape, "armenian_held_1994_2020.geojson")?,
            valid: ceasefire_1994,
        });
    }

    for (file, data, country, prefix) in [
        ("az_rayons.geojson", AZ_RAYONS, "azerbaijan", "az"),
        ("am_marzes.geojson", AM_MARZES, "armenia", "am"),
    ] {
        for shape in shapes(file, data)? {
            let name = text(&shape, "name_en", file)?;
            let mut region = Region::new(
                format!("{prefix}-{}", slug(&name)),
                name,
                RegionKind::District,
                polygons(&shape, file)?,
            );
            region.parent = Some(country.into());
            region.focus = true;
            region.alt_names = ["gn_name", "ne_name"]
                .iter()
                .filter_map(|k| shape.text(k).map(str::to_string))
                .collect();
            if shape.flag("seven_districts") {
                region.control = seven_district_control(&shape, ceasefire_1994, file)?;
            }
            atlas.regions.push(region);
        }
    }

    for shape in shapes("lakes.geojson", LAKES)? {
        atlas.lakes.push(Lake {
            name: text_or(&shape, "name", "Lake"),
            geometry: polygons(&shape, "lakes.geojson")?,
        });
    }
    for shape in shapes("cities.geojson", CITIES)? {
        if let Geometry::Point(p) = shape.geometry {
            atlas.towns.push(Town {
                name: text(&shape, "name", "cities.geojson")?,
                alt_name: shape.text("alt_name").map(str::to_string),
                lon: p.x(),
                lat: p.y(),
                capital: shape.flag("capital"),
            });
        }
    }
    Ok(atlas)
}

/// Who held one of the seven districts around the former oblast, and when:
/// Armenian forces from the 1994 ceasefire; then either handed over on the
/// date the 2020 statement set (`returned`), or retaken at some point of the
/// 2020 fighting (contested from its start to its end).
fn seven_district_control(
    shape: &Shape,
    ceasefire: Interval,
    file: &str,
) -> Result<Vec<ControlPeriod>, LoadError> {
    let how = text_or(shape, "how_returned", "returned to Azerbaijan in 2020");
    let (y, m, d) = FIGHTING_ENDED_2020;
    let fighting_ended =
        NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| invalid(file, "bad constant".into()))?;
    // The 1994 line's last day is the day the 2020 fighting began.
    let fighting_began = ceasefire.end;
    let day_before = |d: NaiveDate| d.checked_sub_days(Days::new(1)).unwrap_or(d);
    let period =
        |start: NaiveDate, end: NaiveDate, holder: Holder, note: &str| -> Result<ControlPeriod, LoadError> {
            Ok(ControlPeriod {
                interval: Interval::new(start, end).map_err(|e| invalid(file, e.to_string()))?,
                holder,
                note: note.to_string(),
            })
        };
    let held_note = "held by Armenian forces after the 1994 ceasefire";
    match shape.text("returned") {
        Some(returned) => {
            let returned = parse_day(returned).map_err(|e| invalid(file, format!("'returned': {e}")))?;
            Ok(vec![
                period(ceasefire.start, day_before(returned), Holder::Armenian, held_note)?,
                period(returned, NaiveDate::MAX, Holder::Azerbaijani, &how)?,
            ])
        }
        None => Ok(vec![
            period(
                ceasefire.start,
                day_before(fighting_began),
                Holder::Armenian,
                held_note,
            )?,
            period(
                fighting_began,
                day_before(fighting_ended),
                Holder::Contested,
                "fought over in the 2020 war; the day it changed hands is not recorded here",
            )?,
            period(fighting_ended, NaiveDate::MAX, Holder::Azerbaijani, &how)?,
        ]),
    }
}

fn shapes(file: &str, data: &str) -> Result<Vec<Shape>, LoadError> {
    let loaded = read_shapes(file, data)?;
    if let Some(p) = loaded.problems.first() {
        return Err(invalid(file, p.to_string()));
    }
    Ok(loaded.items)
}

fn polygons(shape: &Shape, file: &str) -> Result<MultiPolygon<f64>, LoadError> {
    shape
        .polygons()
        .ok_or_else(|| invalid(file, format!("feature {} is not a polygon", shape.index)))
}

fn text(shape: &Shape, key: &str, file: &str) -> Result<String, LoadError> {
    shape
        .text(key)
        .map(str::to_string)
        .ok_or_else(|| invalid(file, format!("feature {}: '{key}' is missing", shape.index)))
}

fn text_or(shape: &Shape, key: &str, default: &str) -> String {
    shape.text(key).unwrap_or(default).to_string()
}

fn validity(shape: &Shape, file: &str) -> Result<Interval, LoadError> {
    let day =
        |key: &str| parse_day(&text(shape, key, file)?).map_err(|e| invalid(file, format!("'{key}': {e}")));
    Interval::new(day("valid_from")?, day("valid_to")?).map_err(|e| invalid(file, e.to_string()))
}

fn invalid(file: &str, reason: String) -> LoadError {
    LoadError::Invalid {
        file: format!("assets/geo/{file}"),
        reason,
    }
}
