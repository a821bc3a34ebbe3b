//! Dates that keep the precision their source gave them, and day intervals.
//!
//! A source may say "2022-11-07", "September 2022", "1991" or "about a week
//! ago". [`FuzzyDate`] stores exactly that much; [`Interval`] is the inclusive
//! range of days it covers, which is what the time slider and queries match.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How finely a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
}

impl Precision {
    /// The lowercase name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Month => "month",
            Self::Year => "year",
        }
    }
}

/// Why a date string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("'{0}' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD, optionally ending in ~)")]
    Malformed(String),
    #[error("'{0}' is not a real calendar date")]
    Impossible(String),
    #[error("interval '{0}' ends before it starts")]
    Reversed(String),
}

/// A calendar date known to day, month or year precision, possibly approximate
/// (EDTF's `~`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FuzzyDate {
    year: i32,
    // 1..=12 and 1..=31, 0 when unknown: one byte each keeps events small.
    month: u8,
    day: u8,
    approximate: bool,
}

// One word hashed, not four fields: a big import's times are hashed once
// per event. The fields pack without overlap, so equal dates and only they
// give equal words.
impl std::hash::Hash for FuzzyDate {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let word = (u64::from(self.year as u32) << 24)
            | (u64::from(self.month) << 16)
            | (u64::from(self.day) << 8)
            | u64::from(self.approximate);
        state.write_u64(word);
    }
}

impl FuzzyDate {
    /// A date known to the day.
    pub fn day(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month() as u8,
            day: date.day() as u8,
            approximate: false,
        }
    }

    /// A date known to the month.
    pub fn month(year: i32, month: u32) -> Result<Self, DateError> {
        NaiveDate::from_ymd_opt(year, month, 1)
            .ok_or_else(|| DateError::Impossible(format!("{year:04}-{month:02}")))?;
        Ok(Self {
            year,
            month: month as u8,
            day: 0,
            approximate: false,
        })
    }

    /// A date known to the year.
    pub fn year(year: i32) -> Result<Self, DateError> {
        NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| DateError::Impossible(year.to_string()))?;
        Ok(Self {
            year,
            month: 0,
            day: 0,
            approximate: false,
        })
    }

    fn m(self) -> Option<u32> {
        (self.month > 0).then_some(u32::from(self.month))
    }

    fn d(self) -> Option<u32> {
        (self.day > 0).then_some(u32::from(self.day))
    }

    /// The same date marked approximate.
    pub fn approx(self) -> Self {
        Self {
            approximate: true,
            ..self
        }
    }

    /// The same date without its hedge.
    pub fn unhedged(self) -> Self {
        Self {
            approximate: false,
            ..self
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with an optional trailing `~`
    /// (approximate) or `?` (uncertain, treated as approximate).
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let trimmed = text.trim();
        let (body, approximate) = match trimmed.strip_suffix(['~', '?', '%']) {
            Some(body) => (body, true),
            None => (trimmed, false),
        };
        let malformed = || DateError::Malformed(text.to_string());
        let mut parts = body.split('-');
        let year_part = parts.next().ok_or_else(malformed)?;
        if year_part.len() != 4 || !year_part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        let year: i32 = year_part.parse().map_err(|_| malformed())?;
        let two_digits = |p: Option<&str>| -> Result<Option<u32>, DateError> {
            match p {
                None => Ok(None),
                Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| malformed())
                }
                Some(_) => Err(malformed()),
            }
        };
        let month = two_digits(parts.next())?;
        let day = two_digits(parts.next())?;
        if parts.next().is_some() {
            return Err(malformed());
        }
        let date = match (month, day) {
            (None, _) => Self::year(year)?,
            (Some(m), None) => Self::month(year, m).map_err(|_| DateError::Impossible(text.to_string()))?,
            (Some(m), Some(d)) => Self::day(
                NaiveDate::from_ymd_opt(year, m, d).ok_or_else(|| DateError::Impossible(text.to_string()))?,
            ),
        };
        Ok(if approximate { date.approx() } else { date })
    }

    /// How finely this date is known.
    pub fn precision(self) -> Precision {
        match (self.m(), self.d()) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// Whether the source hedged this date ("about", "two months ago").
    pub fn is_approximate(self) -> bool {
        self.approximate
    }

    /// The first day this date can mean.
    pub fn first_day(self) -> NaiveDate {
        let fallback = NaiveDate::MIN;
        NaiveDate::from_ymd_opt(self.year, self.m().unwrap_or(1), self.d().unwrap_or(1)).unwrap_or(fallback)
    }

    /// The last day this date can mean.
    pub fn last_day(self) -> NaiveDate {
        let first = self.first_day();
        match self.precision() {
            Precision::Day => first,
            Precision::Month => last_of_month(first),
            Precision::Year => NaiveDate::from_ymd_opt(self.year, 12, 31).unwrap_or(first),
        }
    }

    /// The inclusive day range this date covers.
    pub fn interval(self) -> Interval {
        Interval {
            start: self.first_day(),
            end: self.last_day(),
        }
    }

    /// A short human form: "7 Nov 2022", "Sep 2022", "1991", with "~" when approximate.
    pub fn human(self) -> String {
        HumanDate(self).to_string()
    }
}

/// Writes [`FuzzyDate::human`] without allocating (loaders call it per row).
struct HumanDate(FuzzyDate);

impl fmt::Display for HumanDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // By hand: chrono's `format` re-parses its pattern on every call.
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let date = self.0;
        let month = |m: u32| MONTHS.get(m.saturating_sub(1) as usize).copied().unwrap_or("?");
        if date.approximate {
            f.write_str("~")?;
        }
        match (date.m(), date.d()) {
            (Some(m), Some(d)) => write!(f, "{d} {} {}", month(m), date.year),
            (Some(m), None) => write!(f, "{} {}", month(m), date.year),
            _ => write!(f, "{}", date.year),
        }
    }
}

impl fmt::Display for FuzzyDate {
    /// The EDTF form: `2022`, `2022-09~`, `2022-11-07`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.m() {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.d() {
            write!(f, "-{d:02}")?;
        }
        if self.approximate {
            write!(f, "~")?;
        }
        Ok(())
    }
}

/// The last day of the month `date` falls in.
pub fn last_of_month(date: NaiveDate) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(date)
}

/// An inclusive range of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Interval {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Interval {
    /// A range from `start` to `end`, both included; fails if reversed.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Self, DateError> {
        if end < start {
            return Err(DateError::Reversed(format!("{start}/{end}")));
        }
        Ok(Self { start, end })
    }

    /// A single day.
    pub fn day(date: NaiveDate) -> Self {
        Self {
            start: date,
            end: date,
        }
    }

    /// Whether `date` lies within the range.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Whether the two ranges share at least one day.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// The number of days covered (at least 1).
    pub fn len_days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// The smallest range covering both.
    pub fn union(&self, other: &Interval) -> Interval {
        Interval {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}/{}", self.start, self.end)
        }
    }
}

/// Parses a single day `YYYY-MM-DD` (what `--at` takes).
pub fn parse_day(text: &str) -> Result<NaiveDate, DateError> {
    let date = FuzzyDate::parse(text)?;
    if date.precision() != Precision::Day || date.is_approximate() {
        return Err(DateError::Malformed(text.to_string()));
    }
    Ok(date.first_day())
}

/// An EDTF-style date or interval: `2020`, `2022-09~`, `2020-09-27/2020-11-10`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FuzzyInterval {
    pub from: FuzzyDate,
    pub to: FuzzyDate,
}

impl FuzzyInterval {
    /// Parses a single fuzzy date or two joined by `/`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let (from, to) = match text.split_once('/') {
            Some((a, b)) => (FuzzyDate::parse(a)?, FuzzyDate::parse(b)?),
            None => {
                let d = FuzzyDate::parse(text)?;
                (d, d)
            }
        };
        let out = Self { from, to };
        Interval::new(from.first_day(), to.last_day()).map_err(|_| DateError::Reversed(text.to_string()))?;
        Ok(out)
    }

    /// The inclusive day range covered.
    pub fn interval(&self) -> Interval {
        Interval {
            start: self.from.first_day(),
            end: self.to.last_day(),
        }
    }

    /// The coarser precision of the two ends.
    pub fn precision(&self) -> Precision {
        self.from.precision().max(self.to.precision())
    }

    /// Whether either end is approximate.
    pub fn is_approximate(&self) -> bool {
        self.from.is_approximate() || self.to.is_approximate()
    }

    /// A short human form: "1991", "~Sep 2022", "27 Sep 2020 – 10 Nov 2020".
    pub fn human(&self) -> String {
        self.human_text().to_string()
    }

    /// [`FuzzyInterval::human`] as something to write, without allocating.
    pub fn human_text(&self) -> impl fmt::Display + use<> {
        HumanInterval(*self)
    }
}

struct HumanInterval(FuzzyInterval);

impl fmt::Display for HumanInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let FuzzyInterval { from, to } = self.0;
        if from == to {
            write!(f, "{}", HumanDate(from))
        } else {
            write!(f, "{} – {}", HumanDate(from), HumanDate(to))
        }
    }
}

impl fmt::Display for FuzzyInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}/{}", self.from, self.to)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_each_precision() {
        let y = FuzzyDate::parse("1991").unwrap();
        assert_eq!(y.precision(), Precision::Year);
        assert_eq!(
            y.interval(),
            Interval::new(d(1991, 1, 1), d(1991, 12, 31)).unwrap()
        );

        let m = FuzzyDate::parse("2022-09").unwrap();
        assert_eq!(m.precision(), Precision::Month);
        assert_eq!(
            m.interval(),
            Interval::new(d(2022, 9, 1), d(2022, 9, 30)).unwrap()
        );

        let feb = FuzzyDate::parse("2024-02").unwrap();
        assert_eq!(feb.last_day(), d(2024, 2, 29));

        let day = FuzzyDate::parse("2022-11-07").unwrap();
        assert_eq!(day.precision(), Precision::Day);
        assert_eq!(day.interval(), Interval::day(d(2022, 11, 7)));
        assert!(!day.is_approximate());
    }

    #[test]
    fn human_forms() {
        assert_eq!(FuzzyDate::parse("2022-11-07").unwrap().human(), "7 Nov 2022");
        assert_eq!(FuzzyDate::parse("2022-01").unwrap().human(), "Jan 2022");
        assert_eq!(FuzzyDate::parse("1991").unwrap().human(), "1991");
        assert_eq!(FuzzyDate::parse("2022-12-31~").unwrap().human(), "~31 Dec 2022");
    }

    #[test]
    fn approximate_marker_is_kept() {
        let m = FuzzyDate::parse("2022-09~").unwrap();
        assert!(m.is_approximate());
        assert_eq!(m.to_string(), "2022-09~");
        assert_eq!(m.human(), "~Sep 2022");
    }

    #[test]
    fn rejects_malformed_and_impossible_dates() {
        for bad in [
            "",
            "22",
            "2022-9",
            "2022-09-1",
            "2022/09",
            "abcd",
            "2022-09-01-01",
            "2022-09-01x",
        ] {
            assert!(
                matches!(FuzzyDate::parse(bad), Err(DateError::Malformed(_))),
                "{bad}"
            );
        }
        for bad in ["2022-13", "2022-02-30", "2023-02-29", "2022-00-10"] {
            assert!(
                matches!(FuzzyDate::parse(bad), Err(DateError::Impossible(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn parse_day_wants_a_whole_day() {
        assert_eq!(parse_day("2022-09-13").unwrap(), d(2022, 9, 13));
        assert!(parse_day("2022-09").is_err());
        assert!(parse_day("2022-09-13~").is_err());
    }

    #[test]
    fn edtf_intervals() {
        let i = FuzzyInterval::parse("2020-09-27/2020-11-10").unwrap();
        assert_eq!(
            i.interval(),
            Interval::new(d(2020, 9, 27), d(2020, 11, 10)).unwrap()
        );
        assert_eq!(i.precision(), Precision::Day);
        let j = FuzzyInterval::parse("2020/2022-11-08").unwrap();
        assert_eq!(j.interval().start, d(2020, 1, 1));
        assert_eq!(j.precision(), Precision::Year);
        assert_eq!(j.to_string(), "2020/2022-11-08");
        assert!(matches!(
            FuzzyInterval::parse("2022/2020"),
            Err(DateError::Reversed(_))
        ));
    }

    #[test]
    fn interval_containment_and_overlap() {
        let a = Interval::new(d(2020, 1, 1), d(2020, 12, 31)).unwrap();
        assert!(a.contains(d(2020, 1, 1)));
        assert!(a.contains(d(2020, 12, 31)));
        assert!(!a.contains(d(2021, 1, 1)));
        assert!(!a.contains(d(2019, 12, 31)));
        let b = Interval::new(d(2020, 12, 31), d(2021, 3, 1)).unwrap();
        let c = Interval::new(d(2021, 1, 1), d(2021, 3, 1)).unwrap();
        assert!(a.overlaps(&b) && b.overlaps(&a));
        assert!(!a.overlaps(&c) && !c.overlaps(&a));
        assert_eq!(a.len_days(), 366);
        assert!(Interval::new(d(2021, 1, 2), d(2021, 1, 1)).is_err());
    }
}
