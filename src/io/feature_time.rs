//! Dates of event features written by other tools: a property under a common
//! name (`date`, `event_date`, `timestamp`, `start_date`/`end_date`, ...;
//! any case) holding an ISO date or date-time or epoch milliseconds (as
//! kepler.gl writes), or JSON-FG's feature-level `time` member.

use super::features::{FieldError, json_kind};
use crate::model::date::{FuzzyDate, FuzzyInterval};
use chrono::{DateTime, NaiveDate};
use geojson::{Feature, JsonValue};

/// Property pairs read as a start and an end, in the order tried.
const PAIRS: [(&str, &str); 4] = [
    ("start_date", "end_date"),
    ("begin", "end"),
    ("startdate", "enddate"),
    ("date_start", "date_end"),
];

/// Properties read as a single date, in the order tried.
const SINGLES: [&str; 5] = ["event_date", "date", "datetime", "timestamp", "time"];

/// JSON-FG's mark for an open end of an interval.
const OPEN: &str = "..";

/// A feature's dates found under another tool's names.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignTime {
    pub range: FuzzyInterval,
    /// Where they were found, for `check`: "'event_date'", "JSON-FG 'time'".
    pub key: String,
    /// Set when one end of the interval was open (`".."`) and the event is
    /// shown on the end that was given.
    pub open_end: Option<&'static str>,
}

/// The feature's dates under another tool's names, if it has any.
pub fn foreign_time(feature: &Feature) -> Result<Option<ForeignTime>, FieldError> {
    if let Some(time) = feature.foreign_members.as_ref().and_then(|m| m.get("time"))
        && !time.is_null()
    {
        return json_fg_time(time).map(Some);
    }
    let Some(props) = &feature.properties else {
        return Ok(None);
    };
    // Any case: shapefile-bred data says EVENT_DATE, others StartDate.
    let get = |name: &str| {
        props
            .iter()
            .find(|(k, v)| k.eq_ignore_ascii_case(name) && !v.is_null())
            .map(|(k, v)| (k.as_str(), v))
    };
    for (start_name, end_name) in PAIRS {
        if let Some((start_key, start)) = get(start_name) {
            let from = instant(start).map_err(|e| (start_key.to_string(), e))?;
            let (key, to) = match get(end_name) {
                Some((end_key, end)) => (
                    format!("'{start_key}'/'{end_key}'"),
                    instant(end).map_err(|e| (end_key.to_string(), e))?,
                ),
                None => (format!("'{start_key}'"), from),
            };
            return range(from, to, end_name).map(|range| {
                Some(ForeignTime {
                    range,
                    key,
                    open_end: None,
                })
            });
        }
    }
    for name in SINGLES {
        if let Some((key, value)) = get(name) {
            let day = instant(value).map_err(|e| (key.to_string(), e))?;
            return Ok(Some(ForeignTime {
                range: FuzzyInterval { from: day, to: day },
                key: format!("'{key}'"),
                open_end: None,
            }));
        }
    }
    Ok(None)
}

/// JSON-FG: `{"date": ...}`, `{"timestamp": ...}` or `{"interval": [start, end]}`.
fn json_fg_time(time: &JsonValue) -> Result<ForeignTime, FieldError> {
    let field = || "time".to_string();
    let key = || "JSON-FG 'time'".to_string();
    let Some(object) = time.as_object() else {
        return Err((
            field(),
            format!("expected an object (JSON-FG), found {}", json_kind(time)),
        ));
    };
    if let Some(interval) = object.get("interval").filter(|v| !v.is_null()) {
        let ends = interval.as_array().filter(|a| a.len() == 2).ok_or_else(|| {
            (
                field(),
                "'interval' must be a list of a start and an end".to_string(),
            )
        })?;
        let end = |v: &JsonValue| -> Result<Option<FuzzyDate>, FieldError> {
            match v.as_str() {
                Some(OPEN) => Ok(None),
                _ => instant(v).map(Some).map_err(|e| (field(), e)),
            }
        };
        let (from, to, open_end) = match (end(&ends[0])?, end(&ends[1])?) {
            (Some(from), Some(to)) => (from, to, None),
            (Some(from), None) => (from, from, Some("end")),
            (None, Some(to)) => (to, to, Some("start")),
            (None, None) => return Err((field(), "the interval is open at both ends: no date".into())),
        };
        return Ok(ForeignTime {
            range: range(from, to, "time")?,
            key: key(),
            open_end,
        });
    }
    for name in ["date", "timestamp"] {
        if let Some(value) = object.get(name).filter(|v| !v.is_null()) {
            let day = instant(value).map_err(|e| (field(), e))?;
            return Ok(ForeignTime {
                range: FuzzyInterval { from: day, to: day },
                key: key(),
                open_end: None,
            });
        }
    }
    Err((field(), "has no 'date', 'timestamp' or 'interval'".into()))
}

fn range(from: FuzzyDate, to: FuzzyDate, end_field: &str) -> Result<FuzzyInterval, FieldError> {
    if to.last_day() < from.first_day() {
        return Err((end_field.to_string(), format!("{to} is before the start {from}")));
    }
    Ok(FuzzyInterval { from, to })
}

/// One date: `YYYY[-MM[-DD]]`, a date-time (its calendar day as written), a
/// year or `YYYYMMDD` as a number, or epoch milliseconds (seconds below 10^11).
fn instant(value: &JsonValue) -> Result<FuzzyDate, String> {
    let expected = |found: &str| {
        format!("expected a date (YYYY-MM-DD, a date-time, or epoch milliseconds), found {found}")
    };
    match value {
        JsonValue::String(s) => {
            let s = s.trim();
            if let Ok(date) = FuzzyDate::parse(s) {
                return Ok(date);
            }
            if let Ok(n) = s.parse::<i64>() {
                return number(n).ok_or_else(|| expected(&format!("'{s}'")));
            }
            date_time(s).ok_or_else(|| expected(&format!("'{s}'")))
        }
        JsonValue::Number(n) => n
            .as_i64()
            // 1.6630272e12 as some writers print it; never a fraction cut off.
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                    .map(|f| f as i64)
            })
            .and_then(number)
            .ok_or_else(|| expected(&n.to_string())),
        other => Err(expected(json_kind(other))),
    }
}

/// The day of `2022-09-13T10:00:00Z`, `2022-09-13 10:00`, `2022-09-13T10:00:00+04:00`.
fn date_time(s: &str) -> Option<FuzzyDate> {
    let (date, time) = (s.get(..10)?, s.get(10..)?);
    let rest = time.strip_prefix(['T', 't', ' '])?;
    let looks_like_time = rest.chars().next().is_some_and(|c| c.is_ascii_digit())
        && rest.contains(':')
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | ',' | 'Z' | 'z' | '+' | '-' | ' '));
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    looks_like_time.then(|| FuzzyDate::day(day))
}

/// A year, `YYYYMMDD`, or an epoch time (milliseconds; seconds below 10^11).
fn number(n: i64) -> Option<FuzzyDate> {
    if (1000..=2999).contains(&n) {
        return FuzzyDate::year(i32::try_from(n).ok()?).ok();
    }
    if (10_000_101..=29_991_231).contains(&n) {
        let (y, m, d) = (n / 10_000, (n / 100) % 100, n % 100);
        if let Some(day) = NaiveDate::from_ymd_opt(
            i32::try_from(y).ok()?,
            u32::try_from(m).ok()?,
            u32::try_from(d).ok()?,
        ) {
            return Some(FuzzyDate::day(day));
        }
    }
    let millis = if n.abs() < 100_000_000_000 {
        n.checked_mul(1000)?
    } else {
        n
    };
    DateTime::from_timestamp_millis(millis).map(|t| FuzzyDate::day(t.date_naive()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn feature(value: JsonValue) -> Feature {
        serde_json::from_value(value).unwrap()
    }

    fn days(props: JsonValue) -> (String, String, String) {
        let f = feature(json!({"type": "Feature", "geometry": null, "properties": props}));
        let t = foreign_time(&f).unwrap().unwrap();
        let iv = t.range.interval();
        (iv.start.to_string(), iv.end.to_string(), t.key)
    }

    #[test]
    fn common_property_names_in_any_case() {
        assert_eq!(days(json!({"date": "2022-09-13"})).0, "2022-09-13");
        assert_eq!(days(json!({"EVENT_DATE": "2022-09-13"})).2, "'EVENT_DATE'");
        assert_eq!(
            days(json!({"start_date": "2022-09-13", "end_date": "2022-09-15"})),
            (
                "2022-09-13".into(),
                "2022-09-15".into(),
                "'start_date'/'end_date'".into()
            )
        );
        assert_eq!(
            days(json!({"begin": "2020-09", "end": "2020-11"})).1,
            "2020-11-30"
        );
        // Date-times give their day as written.
        assert_eq!(
            days(json!({"datetime": "2022-09-13T23:30:00+04:00"})).0,
            "2022-09-13"
        );
        assert_eq!(days(json!({"timestamp": "2022-09-13 08:15"})).0, "2022-09-13");
    }

    #[test]
    fn numbers_are_epoch_milliseconds_years_or_compact_dates() {
        // 2022-09-13T00:00:00Z as kepler.gl writes it, and in seconds.
        assert_eq!(days(json!({"time": 1_663_027_200_000_i64})).0, "2022-09-13");
        assert_eq!(days(json!({"time": 1_663_027_200})).0, "2022-09-13");
        assert_eq!(days(json!({"date": 20_220_913})).0, "2022-09-13");
        assert_eq!(
            days(json!({"date": 2020})),
            ("2020-01-01".into(), "2020-12-31".into(), "'date'".into())
        );
        assert_eq!(days(json!({"time": 1.6630272e12})).0, "2022-09-13");
        let fraction = feature(json!({"type": "Feature", "geometry": null, "properties": {"date": 2020.7}}));
        assert!(
            foreign_time(&fraction).is_err(),
            "a year with a fraction is not a year"
        );
    }

    #[test]
    fn json_fg_time_member() {
        let t = |time: JsonValue| {
            foreign_time(&feature(
                json!({"type": "Feature", "geometry": null, "properties": {}, "time": time}),
            ))
        };
        let d = t(json!({"date": "2022-09-13"})).unwrap().unwrap();
        assert_eq!(
            (d.range.interval().start.to_string(), d.key.as_str()),
            ("2022-09-13".into(), "JSON-FG 'time'")
        );
        let i = t(json!({"interval": ["2022-09-13", "2022-09-14T12:00:00Z"]}))
            .unwrap()
            .unwrap();
        assert_eq!(i.range.interval().end.to_string(), "2022-09-14");
        let open = t(json!({"interval": ["2022-09-13", ".."]})).unwrap().unwrap();
        assert_eq!(
            (open.range.interval().end.to_string(), open.open_end),
            ("2022-09-13".into(), Some("end"))
        );
        assert!(t(json!({"interval": ["..", ".."]})).is_err());
        assert!(t(json!({"interval": ["2022-09-14", "2022-09-13"]})).is_err());
        assert!(t(json!("2022")).is_err());
    }

    #[test]
    fn no_date_is_none_and_a_bad_one_names_its_field() {
        let f = feature(json!({"type": "Feature", "geometry": null, "properties": {"title": "x"}}));
        assert_eq!(foreign_time(&f).unwrap(), None);
        let f = feature(json!({"type": "Feature", "geometry": null, "properties": {"Date": "last week"}}));
        let (field, message) = foreign_time(&f).unwrap_err();
        assert_eq!(field, "Date");
        assert!(message.contains("'last week'"), "{message}");
        let f = feature(json!({"type": "Feature", "geometry": null, "properties": {"date": true}}));
        assert!(foreign_time(&f).is_err());
    }
}
