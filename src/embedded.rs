//! The data built into the binary: the article's events, the detailed map
//! of Armenia, Azerbaijan and Nagorno-Karabakh, and the world's countries,
//! divisions and places (see `assets/geo/PROVENANCE.md`).

use crate::io::event_geojson::parse_events;
use crate::io::region_geojson::{Shape, read_shapes, slug};
use crate::io::{LoadError, Loaded};
use crate::model::atlas::{Lake, TimedArea, TimedLine, Town};
use crate::model::date::{Interval, parse_day};
use crate::model::region::{ControlPeriod, Holder, Region, RegionKind, RegionStyle};
use crate::model::{Atlas, Event, Gazetteer};
use chrono::{Days, NaiveDate};
use geo::{Geometry, MultiPolygon};
use std::sync::{Arc, OnceLock};

/// The article dataset: DW, 8 November 2022.
pub const ARTICLE_EVENTS: &str = include_str!("../assets/events/dw-2022-11-08.geojson");
/// The built-in article's text, verbatim: the article panel shows its quoted
/// sentences in its order.
pub const ARTICLE_TEXT: &str = include_str!("../assets/articles/dw-2022-11-08.txt");
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
const WORLD_COUNTRIES: &[u8] = include_bytes!("../assets/geo/world/countries.geojson.gz");
const WORLD_ADMIN1: &[u8] = include_bytes!("../assets/geo/world/admin1.geojson.gz");
const WORLD_PLACES: &[u8] = include_bytes!("../assets/geo/world/places.tsv.gz");

/// Countries whose divisions are built in at finer detail (the world's
/// first-level divisions of these are left out).
const DETAILED_COUNTRIES: [&str; 2] = ["ARM", "AZE"];

/// The day the 10 November 2020 trilateral statement ended the fighting
/// (statement signed 9 Nov 2020, in force from 10 Nov, published by the Kremlin).
pub const FIGHTING_ENDED_2020: (i32, u32, u32) = (2020, 11, 10);

/// The id of the disputed territory.
pub const NAGORNO_KARABAKH: &str = "nagorno-karabakh";

/// The article's events, placed on `atlas`.
pub fn article_events(atlas: &Atlas) -> Result<Loaded<Vec<Event>>, LoadError> {
    parse_events(ARTICLE_EVENTS_FILE, ARTICLE_EVENTS, atlas)
}

/// The world's layers: every country, first-level divisions, the places
/// of the gazetteer.
#[derive(Debug)]
pub struct World {
    pub countries: Vec<Region>,
    pub admin1: Vec<Region>,
    pub places: Arc<Gazetteer>,
}

static WORLD: OnceLock<Result<World, String>> = OnceLock::new();

/// The world's layers, read once per process (a tenth of a second on two
/// cores; the window reads them on another thread, see [`warm_world`]).
pub fn world() -> Result<&'static World, LoadError> {
    WORLD
        .get_or_init(|| read_world().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|reason| LoadError::Invalid {
            file: "assets/geo/world".into(),
            reason: reason.clone(),
        })
}

/// The world's layers if they have been read (never waits).
pub fn world_if_read() -> Option<Result<&'static World, LoadError>> {
    WORLD.get()?;
    Some(world())
}

/// Starts reading the world's layers on another thread, so that a later
/// [`world`] finds them read.
pub fn warm_world() {
    std::thread::spawn(|| {
        let _ = world();
    });
}

const WORLD_COUNTRIES_FILE: &str = "assets/geo/world/countries.geojson.gz";
const WORLD_ADMIN1_FILE: &str = "assets/geo/world/admin1.geojson.gz";
const WORLD_PLACES_FILE: &str = "assets/geo/world/places.tsv.gz";

fn read_world() -> Result<World, LoadError> {
    // Three files on as many threads: each is mostly unzipping and parsing.
    std::thread::scope(|scope| {
        let places = scope.spawn(|| {
            let text = crate::io::world::gunzip(WORLD_PLACES_FILE, WORLD_PLACES)?;
            Gazetteer::from_tsv(&text).map_err(|e| world_invalid(WORLD_PLACES_FILE, e.to_string()))
        });
        let (countries, admin1) = read_world_regions()?;
        let join = |file: &str| world_invalid(file, "reading stopped on an internal error".into());
        Ok(World {
            countries,
            admin1,
            places: Arc::new(places.join().map_err(|_| join(WORLD_PLACES_FILE))??),
        })
    })
}

/// The world's countries and first-level divisions, on two threads.
fn read_world_regions() -> Result<(Vec<Region>, Vec<Region>), LoadError> {
    std::thread::scope(|scope| {
        let admin1 = scope.spawn(|| {
            let text = crate::io::world::gunzip(WORLD_ADMIN1_FILE, WORLD_ADMIN1)?;
            crate::io::world::admin1(WORLD_ADMIN1_FILE, &text, &DETAILED_COUNTRIES)
        });
        let text = crate::io::world::gunzip(WORLD_COUNTRIES_FILE, WORLD_COUNTRIES)?;
        let countries = crate::io::world::countries(WORLD_COUNTRIES_FILE, &text)?;
        let join = |file: &str| world_invalid(file, "reading stopped on an internal error".into());
        Ok((countries, admin1.join().map_err(|_| join(WORLD_ADMIN1_FILE))??))
    })
}

/// Adds the world to `atlas`: countries and divisions (but not over the
/// regions the atlas is about: the detailed ones built in, or a user's), and
/// the gazetteer.
pub fn add_world(atlas: &mut Atlas, world: &World) {
    add_world_regions(atlas, world.countries.iter().chain(&world.admin1).cloned());
    atlas.places = Arc::clone(&world.places);
}

/// Adds `regions` of the world to `atlas`, but not over the regions it is about.
fn add_world_regions(atlas: &mut Atlas, regions: impl Iterator<Item = Region>) {
    let added: Vec<Region> = regions
        .filter(|r| !atlas.get(&r.id).is_some_and(|old| old.focus))
        .collect();
    atlas.add_regions(added);
}

/// The built-in map: the South Caucasus in detail and the world around it.
/// Any feature that does not load is an error: the embedded data is checked
/// by the tests.
pub fn atlas() -> Result<Atlas, LoadError> {
    let mut atlas = caucasus_atlas()?;
    add_world(&mut atlas, world()?);
    Ok(atlas)
}

/// The built-in map without the gazetteer's places, read in half the time
/// when the world has not been read yet: enough to link events at points to
/// their regions and to query them, not to place an event by its place's
/// name (GeoJSON's and TimelineJS's `place`) nor to label a map.
pub fn regions_atlas() -> Result<Atlas, LoadError> {
    let mut atlas = caucasus_atlas()?;
    match WORLD.get() {
        Some(_) => {
            let world = world()?;
            add_world_regions(&mut atlas, world.countries.iter().chain(&world.admin1).cloned());
        }
        None => {
            let (countries, admin1) = read_world_regions()?;
            add_world_regions(&mut atlas, countries.into_iter().chain(admin1));
        }
    }
    Ok(atlas)
}

/// The detailed map of the South Caucasus alone, quick to read: the window
/// opens with it while the world is read (see [`warm_world`]).
pub fn caucasus_atlas() -> Result<Atlas, LoadError> {
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
        region.alt_names = [Some(iso), shape.text("iso_a2")]
            .into_iter()
            .flatten()
            .filter(|code| !code.is_empty())
            .map(str::to_string)
            .collect();
        atlas.add_regions([region]);
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
            "Karabakh".into(),
            "NKAO".into(),
            text(&shape, "name", "nkao_1991.geojson")?,
        ];
        region.focus = true;
        region.note = Some("1991 oblast outline".into());
        atlas.add_regions([region]);
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
            atlas.add_regions([region]);
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

/// A world file's error: its path is named whole.
fn world_invalid(file: &str, reason: String) -> LoadError {
    LoadError::Invalid {
        file: file.to_string(),
        reason,
    }
}

fn invalid(file: &str, reason: String) -> LoadError {
    LoadError::Invalid {
        file: format!("assets/geo/{file}"),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_regions_atlas_is_the_atlas_without_places() {
        // Read before the world is (unless another test read it first).
        let regions = regions_atlas().unwrap();
        let full = atlas().unwrap();
        let ids = |a: &Atlas| a.regions().iter().map(|r| r.id.to_string()).collect::<Vec<_>>();
        assert!(ids(&full).len() > 3000, "the world's countries and divisions");
        assert_eq!(ids(&regions), ids(&full));
        assert!(full.has_places());
        assert!(!regions.has_places());
        // Read after the world is: the same again.
        let again = regions_atlas().unwrap();
        assert_eq!(ids(&again), ids(&full));
        assert!(!again.has_places());
    }
}
