//! ACLED (Armed Conflict Location & Event Data) CSV exports, current and legacy.
//!
//! Columns are found by header name (any case, any order; extra ones are
//! ignored). Needed: `event_date`, `event_type`, `latitude`, `longitude`.
//! Used when present: `event_id_cnty` (else `data_id`), `time_precision`,
//! `sub_event_type`, `actor1`, `actor2`, `admin1`, `location`, `fatalities`,
//! `notes`, `source`.
//!
//! `event_date` may be `2023-01-31` (current exports), `31 January 2023` or
//! `31-January-2023` (legacy; month names may be abbreviated), or
//! `31/01/2023` (day first, as ACLED's codebook records dates).
//! `time_precision`: 1, the day; 2, the week around the coded day (taken as
//! that day ±3 days, approximate); 3, the month or coarser (taken as the
//! calendar month of the coded day, approximate).

use super::csv_table::{Column, Header, RequiredColumns, Row, clip};
use super::event_geometry::check_lon_lat;
use super::features::FieldError;
use super::row_cache::{NameId, RowCache, RowEvent, RowTime};
use super::table_format::{TableFormat, read_csv};
use super::{LoadError, Loaded};
use crate::model::date::{FuzzyDate, FuzzyInterval};
use crate::model::event::{Event, Location};
use crate::model::event_texts::TextParts;
use crate::model::relative::{EventTime, WEEK_SLACK_DAYS};
use crate::model::{Atlas, EventStore};
use chrono::{Datelike, Days, NaiveDate};
use smallvec::SmallVec;
use std::io::Read;

/// The name of the format in messages.
pub const FORMAT_NAME: &str = "ACLED";

const REQUIRED: &[&[&str]] = &[&["event_date"], &["event_type"], &["latitude"], &["longitude"]];

/// Reads ACLED events from a CSV stream. `file` names it in messages;
/// `progress` is told the bytes read so far every 10,000 rows.
pub fn parse_acled_reader<R: Read + Send>(
    file: &str,
    reader: R,
    atlas: &Atlas,
    progress: &mut dyn FnMut(u64),
) -> Result<Loaded<EventStore>, LoadError> {
    read_csv::<Acled, R>(file, reader, atlas, progress)
}

/// ACLED as a [`TableFormat`].
pub struct Acled;

impl TableFormat for Acled {
    const NAME: &'static str = FORMAT_NAME;
    const REQUIRED: RequiredColumns<'static> = REQUIRED;
    type Columns = Columns;

    fn columns(header: &Header) -> Columns {
        let c = |name| header.column(name);
        Columns {
            id: [c("event_id_cnty"), c("data_id")],
            event_date: c("event_date"),
            time_precision: c("time_precision"),
            event_type: c("event_type"),
            sub_event_type: c("sub_event_type"),
            place: [c("location"), c("admin1")],
            latitude: c("latitude"),
            longitude: c("longitude"),
            fatalities: c("fatalities"),
            actor1: c("actor1"),
            actor2: c("actor2"),
            notes: c("notes"),
            source: c("source"),
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

/// The ACLED columns a row is read from.
pub struct Columns {
    /// The event's id: ACLED's, else the numeric one.
    id: [Column; 2],
    event_date: Column,
    time_precision: Column,
    event_type: Column,
    sub_event_type: Column,
    /// The place: most to least precise.
    place: [Column; 2],
    latitude: Column,
    longitude: Column,
    fatalities: Column,
    actor1: Column,
    actor2: Column,
    notes: Column,
    source: Column,
}

/// Reads ACLED events from CSV text.
pub fn parse_acled(file: &str, text: &str, atlas: &Atlas) -> Result<Loaded<Vec<Event>>, LoadError> {
    parse_acled_reader(file, text.as_bytes(), atlas, &mut |_| {}).map(Loaded::into_events)
}

fn parse_row(row: &Row, c: &Columns, atlas: &Atlas, cache: &mut RowCache) -> Result<RowEvent, FieldError> {
    let id = match row.first_of(&c.id)? {
        Some((_, id)) => format!("acled-{id}"),
        None => format!("acled-line-{}", row.line),
    };
    let date_text = row.required(c.event_date)?;
    let date = parse_acled_date(date_text).map_err(|m| ("event_date".to_string(), m))?;
    let precision = match row.text(c.time_precision)? {
        None | Some("1") => 1,
        Some("2") => 2,
        Some("3") => 3,
        Some(other) => {
            return Err((
                "time_precision".into(),
                format!(
                    "expected 1 (day), 2 (week) or 3 (month or more), found '{}'",
                    clip(other)
                ),
            ));
        }
    };
    // Many rows fall on the same day with the same precision.
    let time = cache
        .time((date, date, precision), || acled_time(date, precision))
        .map_err(|m| ("event_date".to_string(), m))?;

    let kind = row.required(c.event_type)?;
    // "Other" says nothing on its own: the event type says more.
    let what = row
        .text(c.sub_event_type)?
        .filter(|s| !s.eq_ignore_ascii_case("other"))
        .unwrap_or(kind);
    let place = row.first_of(&c.place)?.map(|(_, p)| p);
    let title = match place {
        Some(place) => format!("{what} in {place}"),
        None => what.to_string(),
    };

    let lat = row.degrees(c.latitude, 90.0)?;
    let lon = row.degrees(c.longitude, 180.0)?;
    check_lon_lat(lon, lat).map_err(|m| ("longitude".to_string(), m))?;

    let casualties = match row.count(c.fatalities)? {
        // An exact count: low, best and high all `n`.
        Some(n) if n > 0 => Some(
            cache
                .toll(n, Some(n), Some(n), None)
                .map_err(|e| ("fatalities".to_string(), e.to_string()))?,
        ),
        _ => None,
    };
    let actors: SmallVec<[NameId; 2]> = [row.text(c.actor1)?, row.text(c.actor2)?]
        .into_iter()
        .flatten()
        .map(|a| cache.name(a))
        .collect();
    let notes = row.text(c.notes)?;
    let kind = cache.name(kind);
    let regions = cache.regions_at(atlas, lon, lat);
    let publisher = cache.constant(FORMAT_NAME);
    Ok(RowEvent {
        texts: cache.texts(TextParts {
            id: &id,
            title: &title,
            place,
            source_title: row.text(c.source)?.unwrap_or_default(),
            source_url: None,
            quotes: notes.as_slice(),
        }),
        kind,
        time: RowTime::Kept(time),
        casualties,
        regions,
        location: Location::Point { lon, lat },
        publication: cache.publication(publisher, None),
        notes: Box::default(),
        actors: cache.list(&actors),
    })
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Parses an ACLED `event_date` (see the module documentation).
pub fn parse_acled_date(text: &str) -> Result<NaiveDate, String> {
    let malformed = || {
        format!(
            "'{}' is not a date (expected e.g. 2023-01-31, 31 January 2023 or 31-January-2023)",
            clip(text)
        )
    };
    let text = text.trim();
    let impossible = || format!("'{}' is not a real calendar date", clip(text));
    // ISO: YYYY-MM-DD.
    if text.len() == 10 && text.as_bytes().get(4) == Some(&b'-') && text.as_bytes().get(7) == Some(&b'-') {
        let date = FuzzyDate::parse(text).map_err(|e| match e {
            crate::model::date::DateError::Impossible(_) => impossible(),
            _ => malformed(),
        })?;
        return match date.precision() {
            crate::model::Precision::Day if !date.is_approximate() => Ok(date.first_day()),
            _ => Err(malformed()),
        };
    }
    // Day first: 31 January 2023, 31-January-2023, 31-Jan-2023, 31/01/2023.
    let parts: Vec<&str> = text.split([' ', '-', '/']).filter(|p| !p.is_empty()).collect();
    let [day, month, year] = parts.as_slice() else {
        return Err(malformed());
    };
    let number = |p: &str, max_len: usize| -> Option<u32> {
        (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let day = number(day, 2).ok_or_else(malformed)?;
    let year = if year.len() == 4 {
        number(year, 4).ok_or_else(malformed)?
    } else {
        return Err(malformed());
    };
    let month = match number(month, 2) {
        Some(m) => m,
        None => {
            let name = month.to_lowercase();
            let name = name.trim_end_matches('.');
            let found = MONTHS.iter().position(|full| {
                *full == name
                    || (name.len() >= 3 && full.starts_with(name))
                    || (name == "sept" && *full == "september")
            });
            found.map(|i| i as u32 + 1).ok_or_else(malformed)?
        }
    };
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(impossible)
}

fn acled_time(date: NaiveDate, time_precision: u8) -> Result<EventTime, String> {
    let day = FuzzyDate::day(date);
    let (when, text) = match time_precision {
        1 => (
            FuzzyInterval { from: day, to: day },
            format!("{} (ACLED time_precision 1: the day)", day.human()),
        ),
        2 => {
            let out_of_range = || format!("{date} is too near the end of the calendar");
            let from = date
                .checked_sub_days(Days::new(WEEK_SLACK_DAYS))
                .ok_or_else(out_of_range)?;
            let to = date
                .checked_add_days(Days::new(WEEK_SLACK_DAYS))
                .ok_or_else(out_of_range)?;
            (
                FuzzyInterval {
                    from: FuzzyDate::day(from).approx(),
                    to: FuzzyDate::day(to).approx(),
                },
                format!(
                    "the week around {} (ACLED time_precision 2: taken as ±{WEEK_SLACK_DAYS} days)",
                    day.human()
                ),
            )
        }
        _ => {
            let month = FuzzyDate::month(date.year(), date.month())
                .map_err(|e| e.to_string())?
                .approx();
            (
                FuzzyInterval {
                    from: month,
                    to: month,
                },
                format!(
                    "{} (ACLED time_precision 3: the month or coarser; coded as {})",
                    FuzzyDate::month(date.year(), date.month())
                        .map_err(|e| e.to_string())?
                        .human(),
                    day.human()
                ),
            )
        }
    };
    Ok(EventTime::said(when, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::Place;
    use crate::model::{Casualties, Interval, Precision};

    const HEADER: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,actor2,admin1,location,latitude,longitude,source,notes,fatalities";

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn atlas() -> Atlas {
        crate::embedded::atlas().unwrap()
    }

    fn row(date: &str, prec: &str, lat: &str, lon: &str, fatalities: &str) -> String {
        format!(
            "ARM1234,{date},2022,{prec},Political violence,Battles,Armed clash,Military Forces of Azerbaijan (2018-),Military Forces of Armenia (2018-),Vayots Dzor,Jermuk,{lat},{lon},Armenpress; Azatutyun,\"On 13 September 2022, Azerbaijani forces shelled positions near Jermuk.\",{fatalities}"
        )
    }

    fn one(r: &str) -> Loaded<Vec<Event>> {
        parse_acled("a.csv", &format!("{HEADER}\n{r}\n"), &atlas()).unwrap()
    }

    #[test]
    fn a_current_row_loads() {
        let loaded = one(&row("2022-09-13", "1", "39.8417", "45.6703", "12"));
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let e = &loaded.items[0];
        assert_eq!(e.id(), "acled-ARM1234");
        assert_eq!(e.title(), "Armed clash in Jermuk");
        assert_eq!(e.kind, "Battles");
        assert_eq!(e.time.interval(), Interval::day(d(2022, 9, 13)));
        assert!(!e.time.is_approximate());
        assert_eq!(e.casualties.as_deref(), Some(&Casualties::exact(12)));
        assert_eq!(e.regions, ["armenia"]);
        assert_eq!(
            e.actors,
            [
                "Military Forces of Azerbaijan (2018-)",
                "Military Forces of Armenia (2018-)"
            ]
        );
        assert_eq!(
            e.quotes().collect::<Vec<_>>(),
            ["On 13 September 2022, Azerbaijani forces shelled positions near Jermuk."]
        );
        assert_eq!(e.source().publisher, "ACLED");
        assert_eq!(e.source().title, "Armenpress; Azatutyun");
    }

    #[test]
    fn zero_fatalities_means_no_casualty_figure() {
        let loaded = one(&row("2022-09-13", "1", "39.8417", "45.6703", "0"));
        assert_eq!(loaded.items[0].casualties, None);
    }

    #[test]
    fn time_precision_widens_the_interval() {
        let week = one(&row("2022-09-14", "2", "39.8417", "45.6703", "1"));
        let t = &week.items[0].time;
        assert_eq!(
            t.interval(),
            Interval::new(d(2022, 9, 11), d(2022, 9, 17)).unwrap()
        );
        assert!(t.is_approximate());
        assert_eq!(t.precision(), Precision::Day);
        let month = one(&row("2022-09-14", "3", "39.8417", "45.6703", "1"));
        let t = &month.items[0].time;
        assert_eq!(
            t.interval(),
            Interval::new(d(2022, 9, 1), d(2022, 9, 30)).unwrap()
        );
        assert_eq!(t.precision(), Precision::Month);
        assert!(t.is_approximate());
        assert_eq!(
            t.text(),
            "Sep 2022 (ACLED time_precision 3: the month or coarser; coded as 14 Sep 2022)"
        );
    }

    #[test]
    fn date_forms() {
        for text in [
            "2023-01-31",
            "31 January 2023",
            "31-January-2023",
            "31-Jan-2023",
            "31 jan. 2023",
            "31/01/2023",
        ] {
            assert_eq!(parse_acled_date(text), Ok(d(2023, 1, 31)), "{text}");
        }
        assert_eq!(parse_acled_date("1 Sept 2022"), Ok(d(2022, 9, 1)));
        assert!(
            parse_acled_date("30 February 2022")
                .unwrap_err()
                .contains("not a real calendar date")
        );
        assert!(
            parse_acled_date("2022-02-30")
                .unwrap_err()
                .contains("not a real calendar date")
        );
        for bad in [
            "",
            "2023",
            "31 Janvier 2023",
            "31 January 23",
            "January 31, 2023",
            "2023-1-31",
            "31 Ja 2023",
            "x-y-z",
        ] {
            assert!(parse_acled_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_values_are_problems_naming_the_field() {
        let cases = [
            (
                row("2022-09-13", "1", "39.8", "45.6", "-3"),
                "fatalities",
                "negative",
            ),
            (
                row("2022-09-13", "1", "39.8", "45.6", "2.5"),
                "fatalities",
                "not a whole number",
            ),
            (
                row("2022-09-13", "1", "95.2", "45.6", "1"),
                "latitude",
                "95.2 is outside -90..90",
            ),
            (row("2022-09-13", "1", "39.8", "", "1"), "longitude", "is empty"),
            (
                row("30 February 2022", "1", "39.8", "45.6", "1"),
                "event_date",
                "not a real calendar date",
            ),
            (row("", "1", "39.8", "45.6", "1"), "event_date", "is empty"),
            (
                row("2022-09-13", "4", "39.8", "45.6", "1"),
                "time_precision",
                "expected 1",
            ),
        ];
        for (r, field, message) in cases {
            let loaded = one(&r);
            assert!(loaded.items.is_empty(), "{r}");
            let p = &loaded.problems[0];
            assert_eq!(p.place, Place::Line(2));
            assert_eq!(p.field.as_deref(), Some(field), "{p}");
            assert!(p.message.contains(message), "{p}");
        }
    }

    #[test]
    fn legacy_upper_case_headers_are_read() {
        let text = "EVENT_ID_CNTY,EVENT_DATE,TIME_PRECISION,EVENT_TYPE,SUB_EVENT_TYPE,LOCATION,LATITUDE,LONGITUDE,FATALITIES\nAZE1,19-September-2023,1,Explosions/Remote violence,Shelling/artillery/missile attack,Stepanakert,39.8177,46.7528,27\n";
        let loaded = parse_acled("l.csv", text, &atlas()).unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let e = &loaded.items[0];
        assert_eq!(e.time.interval(), Interval::day(d(2023, 9, 19)));
        assert_eq!(e.regions, ["azerbaijan", "nagorno-karabakh"]);
        assert_eq!(e.title(), "Shelling/artillery/missile attack in Stepanakert");
    }
}
