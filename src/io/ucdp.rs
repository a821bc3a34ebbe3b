//! UCDP Georeferenced Event Dataset (GED) CSV, as published by the Uppsala
//! Conflict Data Program (also its Candidate Events, which share the columns).
//!
//! Columns are found by header name, in any order; extra ones are ignored.
//! Needed: `id`, `date_prec`, `date_start`, `date_end`, `latitude`,
//! `longitude`, `best`, and `dyad_name` or `conflict_name`. Used when present:
//! `low`, `high` (default `best`), `type_of_violence`, `side_a`, `side_b`,
//! `where_description`, `adm_1`, `adm_2`, `source_article`,
//! `source_headline`.
//!
//! Dates keep UCDP's `date_start`/`date_end` (both inclusive). `date_prec`
//! (codebook: 1 exact day; 2 within 2–6 days; 3 the week; 4 within 8–30 days
//! or the month; 5 more than 30 days or the year) marks the date approximate
//! when above 1, and, when the range is whole calendar months (4) or a whole
//! year (5), the date is stored at that precision.

use super::csv_table::{Column, Header, RequiredColumns, Row};
use super::event_geometry::check_lon_lat;
use super::features::FieldError;
use super::row_cache::{NameId, RowCache, RowEvent, RowTime};
use super::table_format::{TableFormat, read_csv};
use super::{LoadError, Loaded};
use crate::model::date::{FuzzyDate, FuzzyInterval, last_of_month};
use crate::model::event::{Event, Location};
use crate::model::event_texts::TextParts;
use crate::model::{Atlas, EventStore};
use chrono::{Datelike, NaiveDate};
use smallvec::SmallVec;
use std::io::Read;

/// The name of the format in messages.
pub const FORMAT_NAME: &str = "UCDP GED";

const REQUIRED: &[&[&str]] = &[
    &["id"],
    &["date_prec"],
    &["date_start"],
    &["date_end"],
    &["latitude"],
    &["longitude"],
    &["best"],
    &["dyad_name", "conflict_name"],
];

/// Reads UCDP GED events from a CSV stream. `file` names it in messages;
/// `progress` is told the bytes read so far every 10,000 rows.
pub fn parse_ucdp_reader<R: Read + Send>(
    file: &str,
    reader: R,
    atlas: &Atlas,
    progress: &mut dyn FnMut(u64),
) -> Result<Loaded<EventStore>, LoadError> {
    read_csv::<Ucdp, R>(file, reader, atlas, progress)
}

/// UCDP GED as a [`TableFormat`].
pub struct Ucdp;

impl TableFormat for Ucdp {
    const NAME: &'static str = FORMAT_NAME;
    const REQUIRED: RequiredColumns<'static> = REQUIRED;
    type Columns = Columns;

    fn columns(header: &Header) -> Columns {
        let c = |name| header.column(name);
        Columns {
            id: c("id"),
            date_prec: c("date_prec"),
            date_start: c("date_start"),
            date_end: c("date_end"),
            best: c("best"),
            low: c("low"),
            high: c("high"),
            latitude: c("latitude"),
            longitude: c("longitude"),
            type_of_violence: c("type_of_violence"),
            name: [c("dyad_name"), c("conflict_name")],
            place: [c("where_description"), c("adm_2"), c("adm_1")],
            side_a: c("side_a"),
            side_b: c("side_b"),
            source_headline: c("source_headline"),
            source_article: c("source_article"),
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

/// The GED columns a row is read from.
pub struct Columns {
    id: Column,
    date_prec: Column,
    date_start: Column,
    date_end: Column,
    best: Column,
    low: Column,
    high: Column,
    latitude: Column,
    longitude: Column,
    type_of_violence: Column,
    /// The event's name: the dyad's, else the conflict's.
    name: [Column; 2],
    /// The place: most to least precise.
    place: [Column; 3],
    side_a: Column,
    side_b: Column,
    source_headline: Column,
    source_article: Column,
}

/// Reads UCDP GED events from CSV text.
pub fn parse_ucdp(file: &str, text: &str, atlas: &Atlas) -> Result<Loaded<Vec<Event>>, LoadError> {
    parse_ucdp_reader(file, text.as_bytes(), atlas, &mut |_| {}).map(Loaded::into_events)
}

fn parse_row(row: &Row, c: &Columns, atlas: &Atlas, cache: &mut RowCache) -> Result<RowEvent, FieldError> {
    let id = row.required(c.id)?;
    // A code: read as a whole number (a typed column's without its text).
    let date_prec = match row.code(c.date_prec)? {
        Some(p @ 1..=5) => p as u8,
        _ => {
            return Err((
                "date_prec".into(),
                format!(
                    "expected 1 (exact day) to 5 (a year or more), found '{}'",
                    super::csv_table::clip(row.required(c.date_prec)?)
                ),
            ));
        }
    };
    let start = ucdp_date(row, c.date_start)?;
    let end = ucdp_date(row, c.date_end)?;
    if end < start {
        return Err(("date_end".into(), format!("{end} is before date_start {start}")));
    }
    // Coded with the note on `date_prec` (see `ucdp_when`).
    let time = RowTime::Coded {
        when: ucdp_when(start, end, date_prec).map_err(|m| ("date_start".to_string(), m))?,
        note: cache.constant(date_prec_note(date_prec)),
    };

    let best = row
        .count(c.best)?
        .ok_or_else(|| ("best".to_string(), "is empty".to_string()))?;
    let low = row.count(c.low)?.unwrap_or(best);
    let high = row.count(c.high)?.unwrap_or(best);
    if low > high {
        return Err(("low".into(), format!("{low} is greater than high ({high})")));
    }
    if !(low..=high).contains(&best) {
        return Err((
            "best".into(),
            format!("{best} is outside low..high ({low}..{high})"),
        ));
    }
    let casualties = cache
        .toll(low, Some(best), Some(high), None)
        .map_err(|e| ("low".to_string(), e.to_string()))?;

    let lat = row.degrees(c.latitude, 90.0)?;
    let lon = row.degrees(c.longitude, 180.0)?;
    check_lon_lat(lon, lat).map_err(|m| ("longitude".to_string(), m))?;

    let kind = match row.code(c.type_of_violence)? {
        Some(1) => "state-based",
        Some(2) => "non-state",
        Some(3) => "one-sided",
        _ => match row.text(c.type_of_violence)? {
            None => "organised violence",
            Some(other) => {
                return Err((
                    "type_of_violence".into(),
                    format!(
                        "expected 1 (state-based), 2 (non-state) or 3 (one-sided), found '{}'",
                        super::csv_table::clip(other)
                    ),
                ));
            }
        },
    };
    let name = row.first_of(&c.name)?.map(|(_, name)| name).ok_or_else(|| {
        (
            "dyad_name".to_string(),
            "is empty (and so is conflict_name)".to_string(),
        )
    })?;
    let place = row.first_of(&c.place)?.map(|(_, p)| p);
    // The id and the title written into one buffer, without the formatting
    // machinery: this runs for every row of a big export.
    let mut id_and_title =
        String::with_capacity(5 + id.len() + name.len() + place.map_or(0, |p| p.len() + 2));
    id_and_title.push_str("ucdp-");
    id_and_title.push_str(id);
    let title_at = id_and_title.len();
    id_and_title.push_str(name);
    if let Some(place) = place {
        id_and_title.push_str(": ");
        id_and_title.push_str(place);
    }
    let (event_id, title) = id_and_title.split_at(title_at);
    let actors: SmallVec<[NameId; 2]> = [row.text(c.side_a)?, row.text(c.side_b)?]
        .into_iter()
        .flatten()
        .map(|a| cache.name(a))
        .collect();
    let headline = row.text(c.source_headline)?;
    let kind = cache.constant(kind);
    let regions = cache.regions_at(atlas, lon, lat);
    let publisher = cache.constant(FORMAT_NAME);
    Ok(RowEvent {
        texts: cache.texts(TextParts {
            id: event_id,
            title,
            place,
            source_title: row.text(c.source_article)?.unwrap_or_default(),
            source_url: None,
            quotes: headline.as_slice(),
        }),
        kind,
        time,
        casualties: Some(casualties),
        regions,
        location: Location::Point { lon, lat },
        publication: cache.publication(publisher, None),
        notes: Box::default(),
        actors: cache.list(&actors),
    })
}

/// A GED date: `2020-09-27`, optionally followed by a time
/// (`2020-09-27 00:00:00.000`, `2020-09-27T00:00:00`), which is ignored.
fn ucdp_date(row: &Row, column: Column) -> Result<NaiveDate, FieldError> {
    let text = row.required(column)?;
    parse_ucdp_date(text).map_err(|m| (column.name().to_string(), m))
}

/// Parses a GED date (see [`ucdp_date`]).
pub fn parse_ucdp_date(text: &str) -> Result<NaiveDate, String> {
    let malformed = || {
        format!(
            "'{}' is not a date (expected YYYY-MM-DD, optionally followed by a time)",
            super::csv_table::clip(text)
        )
    };
    // Byte by byte: a big export has two dates in every row.
    let (day, time) = match text.bytes().position(|b| b == b' ' || b == b'T') {
        Some(k) => (
            text.get(..k).unwrap_or_default(),
            text.get(k + 1..).map(str::trim),
        ),
        None => (text, None),
    };
    if let Some(time) = time
        && (time.is_empty() || !time.bytes().all(|b| b.is_ascii_digit() || b == b':' || b == b'.'))
    {
        return Err(malformed());
    }
    let Ok([y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1]) = <[u8; 10]>::try_from(day.as_bytes()) else {
        return Err(malformed());
    };
    let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err(malformed());
    }
    let number = |ds: &[u8]| ds.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
    let (year, month, day_of_month) = (number(&[y0, y1, y2, y3]), number(&[m0, m1]), number(&[d0, d1]));
    NaiveDate::from_ymd_opt(year as i32, month, day_of_month)
        .ok_or_else(|| crate::model::date::DateError::Impossible(day.to_string()).to_string())
}

/// What each `date_prec` means, per the UCDP GED codebook, as said after the days.
fn date_prec_note(date_prec: u8) -> &'static str {
    match date_prec {
        1 => "UCDP date_prec 1: exact",
        2 => "UCDP date_prec 2: within 2–6 days",
        3 => "UCDP date_prec 3: the week",
        4 => "UCDP date_prec 4: within 8–30 days or the month",
        _ => "UCDP date_prec 5: more than 30 days or the year",
    }
}

/// The dates of an event time from GED's inclusive start and end days and
/// `date_prec` (the time is coded: said as the days followed by the note of
/// [`date_prec_note`]).
fn ucdp_when(start: NaiveDate, end: NaiveDate, date_prec: u8) -> Result<FuzzyInterval, String> {
    let whole_months = start.day() == 1 && end == last_of_month(end);
    let whole_year = whole_months && start.year() == end.year() && start.month() == 1 && end.month() == 12;
    let (from, to) = if date_prec == 5 && whole_year {
        let y = FuzzyDate::year(start.year()).map_err(|e| e.to_string())?;
        (y, y)
    } else if date_prec >= 4 && whole_months {
        (
            FuzzyDate::month(start.year(), start.month()).map_err(|e| e.to_string())?,
            FuzzyDate::month(end.year(), end.month()).map_err(|e| e.to_string())?,
        )
    } else {
        (FuzzyDate::day(start), FuzzyDate::day(end))
    };
    let exact = FuzzyInterval { from, to };
    let when = if date_prec > 1 {
        FuzzyInterval {
            from: from.approx(),
            to: to.approx(),
        }
    } else {
        exact
    };
    Ok(when)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::Place;
    use crate::model::{Interval, Precision};

    const HEADER: &str = "id,relid,year,type_of_violence,conflict_name,dyad_name,side_a,side_b,source_article,source_headline,where_description,adm_1,adm_2,latitude,longitude,country,region,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low";

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn atlas() -> Atlas {
        crate::embedded::atlas().unwrap()
    }

    fn row(prec: u8, start: &str, end: &str, lat: &str, lon: &str, counts: (&str, &str, &str)) -> String {
        let (best, high, low) = counts;
        format!(
            "1001,AZE-2020-1-1001-1,2020,1,Azerbaijan: Nagorno-Karabakh,Government of Azerbaijan - Republic of Artsakh,Government of Azerbaijan,Republic of Artsakh,\"Agence France-Presse,2020-09-28,Shelling hits Stepanakert\",Shelling hits Stepanakert,Stepanakert town,Nagorno-Karabakh,,{lat},{lon},Azerbaijan,Europe,{prec},{start},{end},1,1,0,0,{best},{high},{low}"
        )
    }

    #[test]
    fn exact_day_row_loads_with_everything() {
        let text = format!(
            "{HEADER}\n{}\n",
            row(
                1,
                "2020-09-27 00:00:00.000",
                "2020-09-27 00:00:00.000",
                "39.8177",
                "46.7528",
                ("2", "4", "2")
            )
        );
        let loaded = parse_ucdp("g.csv", &text, &atlas()).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let e = &loaded.items[0];
        assert_eq!(e.id(), "ucdp-1001");
        assert_eq!(
            e.title(),
            "Government of Azerbaijan - Republic of Artsakh: Stepanakert town"
        );
        assert_eq!(e.kind, "state-based");
        assert_eq!(e.time.interval(), Interval::day(d(2020, 9, 27)));
        assert_eq!(e.time.precision(), Precision::Day);
        assert!(!e.time.is_approximate());
        assert_eq!(e.time.text(), "27 Sep 2020 (UCDP date_prec 1: exact)");
        let c = e.casualties.as_ref().unwrap();
        assert_eq!((c.low, c.best, c.high), (2, Some(2), Some(4)));
        assert_eq!(e.regions, ["azerbaijan", "nagorno-karabakh"]);
        assert_eq!(e.actors, ["Government of Azerbaijan", "Republic of Artsakh"]);
        assert_eq!(e.quotes().collect::<Vec<_>>(), ["Shelling hits Stepanakert"]);
        assert_eq!(e.source().publisher, "UCDP GED");
        assert_eq!(
            e.source().title,
            "Agence France-Presse,2020-09-28,Shelling hits Stepanakert"
        );
        assert_eq!(
            e.location,
            Location::Point {
                lon: 46.7528,
                lat: 39.8177,
            }
        );
        assert_eq!(e.place(), Some("Stepanakert town"));
    }

    #[test]
    fn date_prec_sets_precision_and_hedge_without_moving_the_days() {
        let cases = [
            (
                2,
                "2020-10-04",
                "2020-10-08",
                Precision::Day,
                "4 Oct 2020 – 8 Oct 2020",
            ),
            (
                3,
                "2020-10-12",
                "2020-10-18",
                Precision::Day,
                "12 Oct 2020 – 18 Oct 2020",
            ),
            (4, "2020-10-01", "2020-10-31", Precision::Month, "Oct 2020"),
            (
                4,
                "2020-10-05",
                "2020-10-31",
                Precision::Day,
                "5 Oct 2020 – 31 Oct 2020",
            ),
            (5, "2020-01-01", "2020-12-31", Precision::Year, "2020"),
            (
                5,
                "2020-09-01",
                "2020-11-30",
                Precision::Month,
                "Sep 2020 – Nov 2020",
            ),
        ];
        for (prec, start, end, precision, human) in cases {
            let text = format!(
                "{HEADER}\n{}\n",
                row(prec, start, end, "39.8177", "46.7528", ("5", "5", "5"))
            );
            let loaded = parse_ucdp("g.csv", &text, &atlas()).unwrap();
            let e = &loaded.items[0];
            let (s, en) = (
                NaiveDate::parse_from_str(start, "%Y-%m-%d").unwrap(),
                NaiveDate::parse_from_str(end, "%Y-%m-%d").unwrap(),
            );
            assert_eq!(e.time.interval(), Interval::new(s, en).unwrap(), "{prec}");
            assert_eq!(e.time.precision(), precision, "{prec} {start}");
            assert!(e.time.is_approximate());
            assert!(
                e.time
                    .text()
                    .starts_with(&format!("{human} (UCDP date_prec {prec}: ")),
                "{}",
                e.time.text()
            );
        }
    }

    #[test]
    fn bad_values_are_problems_naming_the_field() {
        let cases = [
            (
                row(1, "2020-09-27", "2020-09-27", "95.2", "46.7", ("1", "1", "1")),
                "latitude",
                "95.2 is outside -90..90",
            ),
            (
                row(1, "2020-09-27", "2020-09-27", "39.8", "246.7", ("1", "1", "1")),
                "longitude",
                "246.7 is outside -180..180",
            ),
            (
                row(1, "2022-02-30", "2022-02-30", "39.8", "46.7", ("1", "1", "1")),
                "date_start",
                "'2022-02-30' is not a real calendar date",
            ),
            (
                row(1, "27/09/2020", "2020-09-27", "39.8", "46.7", ("1", "1", "1")),
                "date_start",
                "is not a date",
            ),
            (
                row(1, "2020-09-28", "2020-09-27", "39.8", "46.7", ("1", "1", "1")),
                "date_end",
                "2020-09-27 is before date_start 2020-09-28",
            ),
            (
                row(6, "2020-09-27", "2020-09-27", "39.8", "46.7", ("1", "1", "1")),
                "date_prec",
                "expected 1",
            ),
            (
                row(1, "2020-09-27", "2020-09-27", "39.8", "46.7", ("-3", "1", "1")),
                "best",
                "negative",
            ),
            (
                row(1, "2020-09-27", "2020-09-27", "39.8", "46.7", ("7", "5", "12")),
                "low",
                "12 is greater than high (5)",
            ),
            (
                row(1, "2020-09-27", "2020-09-27", "39.8", "46.7", ("20", "12", "5")),
                "best",
                "20 is outside low..high (5..12)",
            ),
            (
                row(1, "2020-09-27", "2020-09-27", "39.8", "46.7", ("", "1", "1")),
                "best",
                "is empty",
            ),
        ];
        for (r, field, message) in cases {
            let text = format!("{HEADER}\n{r}\n");
            let loaded = parse_ucdp("g.csv", &text, &atlas()).unwrap();
            assert!(loaded.items.is_empty(), "{r}");
            let p = &loaded.problems[0];
            assert_eq!(p.place, Place::Line(2));
            assert_eq!(p.field.as_deref(), Some(field), "{p}");
            assert!(p.message.contains(message), "{p}");
        }
    }

    #[test]
    fn good_rows_load_beside_bad_ones() {
        let good = row(
            1,
            "2020-09-27",
            "2020-09-27",
            "39.8177",
            "46.7528",
            ("1", "1", "1"),
        );
        let bad = row(1, "2020-09-27", "2020-09-27", "95.2", "46.7528", ("1", "1", "1"));
        let text = format!("{HEADER}\n{good}\n{bad}\n{good}\n");
        let loaded = parse_ucdp("g.csv", &text, &atlas()).unwrap();
        assert_eq!(loaded.items.len(), 2);
        assert_eq!(loaded.problems.len(), 1);
        assert_eq!(loaded.problems[0].place, Place::Line(3));
    }

    #[test]
    fn violence_types_and_missing_columns() {
        let text = format!(
            "{}\n{}\n",
            HEADER,
            row(1, "2020-09-27", "2020-09-27", "39.8", "46.7", ("1", "1", "1")).replacen(
                ",1,Azerbaijan:",
                ",3,Azerbaijan:",
                1
            )
        );
        let loaded = parse_ucdp("g.csv", &text, &atlas()).unwrap();
        assert_eq!(loaded.items[0].kind, "one-sided");
        let e = parse_ucdp("g.csv", "id,date_start,best\n1,2020-01-01,1\n", &atlas()).unwrap_err();
        assert!(e.to_string().contains("'date_prec'"), "{e}");
        assert!(e.to_string().contains("'dyad_name' or 'conflict_name'"), "{e}");
    }

    #[test]
    fn dates() {
        assert_eq!(parse_ucdp_date("2020-09-27"), Ok(d(2020, 9, 27)));
        assert_eq!(parse_ucdp_date("2020-09-27 00:00:00.000"), Ok(d(2020, 9, 27)));
        assert_eq!(parse_ucdp_date("2020-09-27T00:00:00"), Ok(d(2020, 9, 27)));
        for bad in [
            "2020-09",
            "2020",
            "2020-09-27~",
            "2020-09-27 noon",
            "2020-09-27 ",
            "27 Sep 2020",
            "2020-9-27",
            "2020-09-2a",
            "+020-09-27",
            "2020-09-27T",
            "",
        ] {
            assert!(
                parse_ucdp_date(bad).unwrap_err().contains("is not a date"),
                "{bad}"
            );
        }
        assert_eq!(
            parse_ucdp_date("2022-02-30 00:00:00"),
            Err("'2022-02-30' is not a real calendar date".to_string())
        );
    }
}
