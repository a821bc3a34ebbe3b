//! GDELT 2.0 event exports (`*.export.CSV`, also zipped): 61 tab-separated
//! columns, no header.
//!
//! Read: `GLOBALEVENTID` (the id), `SQLDATE` (the day, day precision),
//! `EventRootCode` (the kind, by its CAMEO name: "Fight", "Assault",
//! "Protest", ...), `EventCode`, `Actor1Name`/`Actor2Name` (actors),
//! `GoldsteinScale` and `AvgTone` (kept as a note with the event),
//! `ActionGeo_FullName`/`_Lat`/`_Long` (the place; a row without a point is
//! kept, unplaced, and counted in the load's notes), `SOURCEURL` (the source).
//! GDELT counts no deaths: its events have no casualties, not zero.

use super::csv_table::{Column, Header, RequiredColumns, Row, clip, read_headerless_table};
use super::event_geometry::check_lon_lat;
use super::features::FieldError;
use super::row_cache::{NameId, RowCache, RowEvent, RowTime};
use super::table_format::{TableFormat, read_csv};
use super::{LoadError, Loaded};
use crate::model::date::{FuzzyDate, FuzzyInterval};
use crate::model::event::{Event, Location, Note};
use crate::model::event_texts::TextParts;
use crate::model::relative::EventTime;
use crate::model::{Atlas, EventStore};
use chrono::NaiveDate;
use smallvec::SmallVec;
use std::io::Read;

/// The name of the format in messages.
pub const FORMAT_NAME: &str = "GDELT 2.0";

/// The 61 columns of a GDELT 2.0 event export, in order.
pub const COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// CAMEO's twenty root event classes, by code.
const CAMEO_ROOTS: [&str; 20] = [
    "Make public statement",
    "Appeal",
    "Express intent to cooperate",
    "Consult",
    "Engage in diplomatic cooperation",
    "Engage in material cooperation",
    "Provide aid",
    "Yield",
    "Investigate",
    "Demand",
    "Disapprove",
    "Reject",
    "Threaten",
    "Protest",
    "Exhibit force posture",
    "Reduce relations",
    "Coerce",
    "Assault",
    "Fight",
    "Engage in unconventional mass violence",
];

/// Whether a first line looks like a GDELT 2.0 event row: tab-separated,
/// 61 fields (a few either way: a damaged row is still reported in place),
/// a numeric id and a `YYYYMMDD` day.
pub fn looks_like_gdelt(line: &str) -> bool {
    let fields: Vec<&str> = line.trim_end_matches(['\r', '\n']).split('\t').collect();
    let digits = |s: &str, len: Option<usize>| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && len.is_none_or(|n| s.len() == n)
    };
    (56..=66).contains(&fields.len()) && digits(fields[0], None) && digits(fields[1], Some(8))
}

/// Reads GDELT 2.0 events from a tab-separated stream. `file` names it in
/// messages; `progress` is told the bytes read so far every 10,000 rows.
pub fn parse_gdelt_reader<R: Read + Send>(
    file: &str,
    reader: R,
    atlas: &Atlas,
    progress: &mut dyn FnMut(u64),
) -> Result<Loaded<EventStore>, LoadError> {
    // GDELT's own exports have no header; extracts (BigQuery's CSV) do.
    let mut reader = std::io::BufReader::new(reader);
    let first = std::io::BufRead::fill_buf(&mut reader).map_err(|source| LoadError::Io {
        file: file.to_string(),
        source,
    })?;
    let first_line =
        String::from_utf8_lossy(first.split(|&b| b == b'\n').next().unwrap_or_default()).into_owned();
    let mut loaded = if looks_like_gdelt(&first_line) {
        read_headerless_table(
            file,
            reader,
            FORMAT_NAME,
            &COLUMNS,
            progress,
            Gdelt::columns,
            |row, columns, cache| Gdelt::parse_row(row, columns, atlas, cache),
        )?
    } else {
        read_csv::<Gdelt, _>(file, reader, atlas, progress)?
    };
    note_unplaced(&mut loaded);
    Ok(loaded)
}

/// Says how many events have no point (kept, not on the map).
pub fn note_unplaced(loaded: &mut Loaded<EventStore>) {
    let unplaced = loaded
        .items
        .iter()
        .filter(|e| matches!(e.location(), Location::Unknown))
        .count();
    if unplaced > 0 {
        loaded.notes.push(format!(
            "{unplaced} row{} without an ActionGeo point: kept, not on the map",
            if unplaced == 1 { "" } else { "s" }
        ));
    }
}

/// GDELT 2.0 events as a [`TableFormat`] (named columns, as BigQuery and
/// Parquet extracts have them).
pub struct Gdelt;

impl TableFormat for Gdelt {
    const NAME: &'static str = FORMAT_NAME;
    const REQUIRED: RequiredColumns<'static> = &[&["globaleventid"], &["sqldate"], &["eventrootcode"]];
    type Columns = Columns;

    fn columns(header: &Header) -> Columns {
        let c = |name| header.column(name);
        Columns {
            id: c("globaleventid"),
            day: c("sqldate"),
            actor1: c("actor1name"),
            actor2: c("actor2name"),
            event_code: c("eventcode"),
            root_code: c("eventrootcode"),
            goldstein: c("goldsteinscale"),
            tone: c("avgtone"),
            place: c("actiongeo_fullname"),
            latitude: c("actiongeo_lat"),
            longitude: c("actiongeo_long"),
            source_url: c("sourceurl"),
        }
    }

    fn parse_row(
        row: &Row,
        columns: &Columns,
        atlas: &Atlas,
        cache: &mut RowCache,
    ) -> Result<RowEvent, FieldError> {
        parse_row(row, columns, atlas, cache)
    }
}

/// Reads GDELT 2.0 events from text.
pub fn parse_gdelt(file: &str, text: &str, atlas: &Atlas) -> Result<Loaded<Vec<Event>>, LoadError> {
    parse_gdelt_reader(file, text.as_bytes(), atlas, &mut |_| {}).map(Loaded::into_events)
}

/// The columns a row is read from.
pub struct Columns {
    id: Column,
    day: Column,
    actor1: Column,
    actor2: Column,
    event_code: Column,
    root_code: Column,
    goldstein: Column,
    tone: Column,
    place: Column,
    latitude: Column,
    longitude: Column,
    source_url: Column,
}

fn parse_row(row: &Row, c: &Columns, atlas: &Atlas, cache: &mut RowCache) -> Result<RowEvent, FieldError> {
    let id = row.required(c.id)?;
    let day_text = row.required(c.day)?;
    let day = parse_sqldate(day_text).map_err(|m| (c.day.name().to_string(), m))?;
    let time = cache
        .time((day, day, 1), || {
            let d = FuzzyDate::day(day);
            Ok(EventTime::said(
                FuzzyInterval { from: d, to: d },
                format!("{} (GDELT SQLDATE)", d.human()),
            ))
        })
        .map_err(|m: String| (c.day.name().to_string(), m))?;
    let root = row.required(c.root_code)?;
    let kind = root
        .parse::<usize>()
        .ok()
        .and_then(|n| CAMEO_ROOTS.get(n.checked_sub(1)?))
        .ok_or_else(|| {
            (
                c.root_code.name().to_string(),
                format!("'{}' is not a CAMEO root code (01 to 20)", clip(root)),
            )
        })?;
    let (actor1, actor2) = (row.text(c.actor1)?, row.text(c.actor2)?);
    let mut title = kind.to_string();
    if let Some(a) = actor1 {
        title.push_str(" by ");
        title.push_str(a);
    }
    if let Some(a) = actor2 {
        title.push_str(", targeting ");
        title.push_str(a);
    }
    let place = row.text(c.place)?;
    let location = match (row.text(c.latitude)?, row.text(c.longitude)?) {
        (Some(_), Some(_)) => {
            let lat = row.degrees(c.latitude, 90.0)?;
            let lon = row.degrees(c.longitude, 180.0)?;
            check_lon_lat(lon, lat).map_err(|m| (c.longitude.name().to_string(), m))?;
            Location::Point { lon, lat }
        }
        _ => Location::Unknown,
    };
    let regions = match location {
        Location::Point { lon, lat } => cache.regions_at(atlas, lon, lat),
        _ => cache.list(&[]),
    };
    let number = |column: Column| -> Result<Option<f64>, FieldError> {
        row.text(column)?
            .map(|t| {
                t.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| {
                    (
                        column.name().to_string(),
                        format!("'{}' is not a number", clip(t)),
                    )
                })
            })
            .transpose()
    };
    let scores = [
        number(c.goldstein)?.map(|g| format!("Goldstein scale {g:+.1} (-10 conflict to +10 cooperation)")),
        number(c.tone)?.map(|t| format!("average tone of its reports {t:+.2}")),
        row.text(c.event_code)?
            .map(|code| format!("CAMEO event code {code}")),
    ];
    let scores: Vec<String> = scores.into_iter().flatten().collect();
    let notes: Box<[Note]> = if scores.is_empty() {
        Box::default()
    } else {
        Box::new([Note {
            text: format!("GDELT codes this event: {}.", scores.join("; ")),
            source: "GDELT 2.0 event export".into(),
        }])
    };
    let actors: SmallVec<[NameId; 2]> = [actor1, actor2]
        .into_iter()
        .flatten()
        .map(|a| cache.name(a))
        .collect();
    let url = row.text(c.source_url)?;
    let kind = cache.constant(kind);
    let publisher = cache.constant("GDELT");
    Ok(RowEvent {
        texts: cache.texts(TextParts {
            id: &format!("gdelt-{id}"),
            title: &title,
            place,
            source_title: "a news report coded by GDELT",
            source_url: url,
            quotes: &[],
        }),
        kind,
        time: RowTime::Kept(time),
        casualties: None,
        regions,
        location,
        publication: cache.publication(publisher, None),
        notes,
        actors: cache.list(&actors),
    })
}

/// `YYYYMMDD` (or `YYYY-MM-DD`, as a date column of an extract says it).
fn parse_sqldate(text: &str) -> Result<NaiveDate, String> {
    let bad = || format!("'{}' is not a day as YYYYMMDD", clip(text));
    if text.len() == 10 && text.as_bytes()[4] == b'-' {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad());
    }
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let n = |r: std::ops::Range<usize>| text[r].parse::<u32>().map_err(|_| bad());
    let year = i32::try_from(n(0..4)?).map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(year, n(4..6)?, n(6..8)?)
        .ok_or_else(|| format!("'{}' is not a real calendar date", clip(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atlas() -> Atlas {
        crate::embedded::atlas().unwrap()
    }

    /// A GDELT row: the given columns set, the rest empty.
    fn row(set: &[(&str, &str)]) -> String {
        COLUMNS
            .iter()
            .map(|name| set.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v))
            .collect::<Vec<_>>()
            .join("\t")
    }

    fn fight() -> Vec<(&'static str, &'static str)> {
        vec![
            ("GLOBALEVENTID", "1058430211"),
            ("SQLDATE", "20220913"),
            ("Actor1Name", "AZERBAIJAN"),
            ("Actor2Name", "ARMENIA"),
            ("EventCode", "190"),
            ("EventRootCode", "19"),
            ("GoldsteinScale", "-10"),
            ("AvgTone", "-6.25"),
            ("ActionGeo_FullName", "Jermuk, Vayots Dzor, Armenia"),
            ("ActionGeo_Lat", "39.8417"),
            ("ActionGeo_Long", "45.6695"),
            ("SOURCEURL", "https://example.org/report"),
        ]
    }

    #[test]
    fn a_row_is_an_event_with_its_cameo_kind_place_and_source() {
        let text = row(&fight()) + "\n";
        assert!(looks_like_gdelt(&text));
        let loaded = parse_gdelt("g.export.CSV", &text, &atlas()).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let e = &loaded.items[0];
        assert_eq!(e.id(), "gdelt-1058430211");
        assert_eq!(e.title(), "Fight by AZERBAIJAN, targeting ARMENIA");
        assert_eq!(&*e.kind, "Fight");
        assert_eq!(e.time.interval().start.to_string(), "2022-09-13");
        assert!(e.casualties.is_none(), "GDELT counts no deaths");
        assert_eq!(e.source().url, Some("https://example.org/report"));
        assert!(e.regions.iter().any(|r| &**r == "armenia"), "{:?}", e.regions);
        assert!(
            e.notes[0].text.contains("Goldstein scale -10.0"),
            "{}",
            e.notes[0].text
        );
        assert!(loaded.notes.is_empty());
    }

    #[test]
    fn rows_without_a_point_are_kept_and_counted() {
        let mut unplaced = fight();
        unplaced.retain(|(n, _)| !n.starts_with("ActionGeo"));
        let text = format!("{}\n{}\n", row(&fight()), row(&unplaced));
        let loaded = parse_gdelt("g", &text, &atlas()).unwrap();
        assert_eq!(loaded.items.len(), 2);
        assert!(matches!(loaded.items[1].location, Location::Unknown));
        assert_eq!(
            loaded.notes,
            ["1 row without an ActionGeo point: kept, not on the map"]
        );
    }

    #[test]
    fn bad_rows_are_located_problems() {
        let short = row(&fight()).rsplit_once('\t').unwrap().0.to_string();
        let mut bad_day = fight();
        bad_day[1].1 = "20220931";
        let mut bad_root = fight();
        bad_root[5].1 = "27";
        let text = [row(&fight()), short, row(&bad_day), row(&bad_root)].join("\n");
        let loaded = parse_gdelt("g", &text, &atlas()).unwrap();
        assert_eq!(loaded.items.len(), 1);
        let problems: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "g: line 2: has 60 fields, but GDELT 2.0 rows have 61",
                "g: line 3: field 'sqldate': '20220931' is not a real calendar date",
                "g: line 4: field 'eventrootcode': '27' is not a CAMEO root code (01 to 20)",
            ]
        );
    }
}
