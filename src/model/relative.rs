//! Resolving the dates a news text gives ("on Monday", "two months ago")
//! against its publication date, without inventing precision.
//!
//! Rules (each keeps the hedge of the phrase):
//! - an EDTF date or interval (`1991`, `2022-09~`, `2020-09-27/2020-11-10`) stands as written;
//! - a weekday ("Monday") is the latest such day on or before publication, known to the day;
//! - "N days ago" is that day; "N weeks ago" is that day ±3 days, approximate;
//! - "N months ago" is that calendar month, approximate; "N years ago" that year, approximate;
//! - "recent months" is the six months up to publication, approximate;
//! - "hours before X" is the day of X and the day before it, approximate;
//! - "since X" runs from the start of X to publication.

use super::date::{DateError, FuzzyDate, FuzzyInterval, Interval, Precision};
use super::sym::{Interner, Sym};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use std::borrow::Cow;

/// How many months "recent months" is taken to span.
pub const RECENT_MONTHS: u32 = 6;
/// The half-width, in days, of "N weeks ago".
pub const WEEK_SLACK_DAYS: u64 = 3;

/// A phrase the resolver does not understand.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RelativeError {
    #[error("cannot read the time phrase '{0}'")]
    Unknown(String),
    #[error("'{phrase}' needs a day-precise anchor, but '{anchor}' is not one")]
    NeedsDay { phrase: String, anchor: String },
    #[error(transparent)]
    Date(#[from] DateError),
}

/// When something happened, as precisely as the source said, with a text
/// that says what the source said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventTime {
    /// The EDTF date or interval the phrase resolves to. A coded time's
    /// words are made from it ([`EventTime::coded`]); said words are not.
    pub when: FuzzyInterval,
    words: TimeWords,
}

/// How an event time is put in words.
#[derive(Clone, Debug, PartialEq, Eq)]
enum TimeWords {
    /// Stored as said: "about two months before 8 Nov 2022 (~Sep 2022)".
    Said(Sym),
    /// The days as coded, in words, then a note on the coding in brackets:
    /// "27 Sep 2020 (UCDP date_prec 1: exact)". Put together when shown: a
    /// big import has about as many distinct texts as distinct date ranges.
    Coded(Sym),
}

impl EventTime {
    /// An absolute date or interval with a text made from it.
    pub fn absolute(when: FuzzyInterval) -> Self {
        Self::said(when, absolute_text(&when))
    }

    /// A time with the words that say it.
    pub fn said(when: FuzzyInterval, text: impl Into<Sym>) -> Self {
        Self {
            when,
            words: TimeWords::Said(text.into()),
        }
    }

    /// A time coded by a dataset: its words are the days without their
    /// hedge, then `note` in brackets (how precise the coding is).
    pub fn coded(when: FuzzyInterval, note: Sym) -> Self {
        Self {
            when,
            words: TimeWords::Coded(note),
        }
    }

    /// What the source said, in words.
    pub fn text(&self) -> Cow<'_, str> {
        match &self.words {
            TimeWords::Said(text) => Cow::Borrowed(text.as_str()),
            TimeWords::Coded(note) => {
                let days = FuzzyInterval {
                    from: self.when.from.unhedged(),
                    to: self.when.to.unhedged(),
                };
                Cow::Owned(format!("{} ({note})", days.human_text()))
            }
        }
    }

    /// The same time with its stored words shared through `names`.
    pub fn share_words(self, names: &mut Interner) -> Self {
        let words = match self.words {
            TimeWords::Said(text) => TimeWords::Said(names.share(text)),
            TimeWords::Coded(note) => TimeWords::Coded(names.share(note)),
        };
        Self { words, ..self }
    }

    /// Tells stored times apart without comparing their words' text: the
    /// dates, and which shared words (see [`Sym::identity`]).
    pub fn sharing_key(&self) -> (FuzzyInterval, bool, usize) {
        match &self.words {
            TimeWords::Said(text) => (self.when, false, text.identity()),
            TimeWords::Coded(note) => Self::coded_sharing_key(self.when, note),
        }
    }

    /// The [`sharing_key`](Self::sharing_key) of `EventTime::coded(when,
    /// note)`, without making it.
    pub fn coded_sharing_key(when: FuzzyInterval, note: &Sym) -> (FuzzyInterval, bool, usize) {
        (when, true, note.identity())
    }

    /// The inclusive day range the slider and queries match against.
    pub fn interval(&self) -> Interval {
        self.when.interval()
    }

    /// The coarser precision of the two ends.
    pub fn precision(&self) -> Precision {
        self.when.precision()
    }

    /// Whether the source hedged the date.
    pub fn is_approximate(&self) -> bool {
        self.when.is_approximate()
    }
}

fn absolute_text(when: &FuzzyInterval) -> String {
    if when.from != when.to {
        return when.human();
    }
    match when.from.precision() {
        Precision::Day => format!("on {}", when.from.human()),
        _ => format!("in {}", when.from.human()),
    }
}

/// Resolves `phrase` against the publication date `published`.
pub fn resolve(phrase: &str, published: NaiveDate) -> Result<EventTime, RelativeError> {
    let lower = phrase.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let pub_text = FuzzyDate::day(published).human();
    let unknown = || RelativeError::Unknown(phrase.to_string());

    // Absolute EDTF dates stand as written.
    if let Ok(when) = FuzzyInterval::parse(&lower) {
        return Ok(EventTime::absolute(when));
    }
    let body: Vec<&str> = match words.first() {
        Some(&"on") | Some(&"in") => words[1..].to_vec(),
        _ => words.clone(),
    };
    match body.as_slice() {
        [day] => {
            let weekday: Weekday = day.parse().map_err(|_| unknown())?;
            let back = (published.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
            let date = published - Days::new(u64::from(back));
            let when = FuzzyInterval::parse(&date.to_string())?;
            let text = format!("on {} ({})", capitalise(day), FuzzyDate::day(date).human());
            Ok(EventTime::said(when, text))
        }
        ["recent", "months"] => {
            let start = published
                .checked_sub_months(Months::new(RECENT_MONTHS))
                .ok_or_else(unknown)?;
            let from = FuzzyDate::month(start.year(), start.month())?.approx();
            let when = FuzzyInterval {
                from,
                to: FuzzyDate::day(published),
            };
            let text = format!("in recent months before {pub_text} (taken as ~{RECENT_MONTHS} months)");
            Ok(EventTime::said(when, text))
        }
        [count, unit, "ago"] => {
            let n = number_word(count).ok_or_else(unknown)?;
            let unit = unit.trim_end_matches('s');
            let said = format!(
                "{count} {}{} before {pub_text}",
                unit,
                if n == 1 { "" } else { "s" }
            );
            let (when, detail) = match unit {
                "day" => {
                    let date = published - Days::new(u64::from(n));
                    let when = FuzzyInterval::parse(&date.to_string())?;
                    (when, FuzzyDate::day(date).human())
                }
                "week" => {
                    let centre = published - Days::new(7 * u64::from(n));
                    let from = FuzzyDate::day(centre - Days::new(WEEK_SLACK_DAYS)).approx();
                    let to = FuzzyDate::day(centre + Days::new(WEEK_SLACK_DAYS)).approx();
                    let detail = format!("~{}, ±{WEEK_SLACK_DAYS} days", FuzzyDate::day(centre).human());
                    (FuzzyInterval { from, to }, detail)
                }
                "month" => {
                    let then = published.checked_sub_months(Months::new(n)).ok_or_else(unknown)?;
                    let d = FuzzyDate::month(then.year(), then.month())?.approx();
                    (FuzzyInterval { from: d, to: d }, d.human())
                }
                "year" => {
                    let d = FuzzyDate::year(published.year() - n as i32)?.approx();
                    (FuzzyInterval { from: d, to: d }, d.human())
                }
                _ => return Err(unknown()),
            };
            let hedge = if unit == "day" { "" } else { "about " };
            Ok(EventTime::said(when, format!("{hedge}{said} ({detail})")))
        }
        ["hours", "before", rest @ ..] => {
            let anchor = resolve(&rest.join(" "), published)?;
            if anchor.precision() != Precision::Day || anchor.when.from != anchor.when.to {
                return Err(RelativeError::NeedsDay {
                    phrase: phrase.to_string(),
                    anchor: rest.join(" "),
                });
            }
            let day = anchor.interval().start;
            let before = day.pred_opt().ok_or_else(unknown)?;
            let when = FuzzyInterval {
                from: FuzzyDate::day(before).approx(),
                to: FuzzyDate::day(day).approx(),
            };
            let text = format!(
                "hours before {} ({} or {})",
                anchor.text().trim_start_matches("on "),
                FuzzyDate::day(before).human(),
                FuzzyDate::day(day).human()
            );
            Ok(EventTime::said(when, text))
        }
        ["since", rest @ ..] => {
            let anchor = resolve(&rest.join(" "), published)?;
            let when = FuzzyInterval {
                from: anchor.when.from,
                to: FuzzyDate::day(published),
            };
            let text = format!("since {}, up to {pub_text}", anchor.when.from.human());
            Ok(EventTime::said(when, text))
        }
        _ => Err(unknown()),
    }
}

fn number_word(word: &str) -> Option<u32> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    match word {
        "a" | "an" => Some(1),
        w => WORDS
            .iter()
            .position(|x| *x == w)
            .map(|i| i as u32)
            .or_else(|| w.parse().ok()),
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    /// The article's publication date, a Tuesday.
    fn published() -> NaiveDate {
        d(2022, 11, 8)
    }

    #[test]
    fn coded_times_say_their_days_without_the_hedge_then_the_note() {
        let month = FuzzyDate::month(2022, 9).unwrap().approx();
        let t = EventTime::coded(
            FuzzyInterval {
                from: month,
                to: month,
            },
            "coded to the month".into(),
        );
        assert!(t.is_approximate());
        assert_eq!(t.text(), "Sep 2022 (coded to the month)");
        let said = EventTime::said(t.when, "around September");
        assert_eq!(said.text(), "around September");
        assert_ne!(said, t);
    }

    #[test]
    fn monday_is_the_day_before_a_tuesday() {
        let t = resolve("on Monday", published()).unwrap();
        assert_eq!(t.interval(), Interval::day(d(2022, 11, 7)));
        assert_eq!(t.precision(), Precision::Day);
        assert!(!t.is_approximate());
        assert_eq!(t.text(), "on Monday (7 Nov 2022)");
        // The publication weekday itself is that day.
        assert_eq!(
            resolve("Tuesday", published()).unwrap().interval().start,
            d(2022, 11, 8)
        );
        assert_eq!(
            resolve("Wednesday", published()).unwrap().interval().start,
            d(2022, 11, 2)
        );
    }

    #[test]
    fn two_months_ago_is_an_approximate_month() {
        let t = resolve("Two months ago", published()).unwrap();
        assert_eq!(
            t.interval(),
            Interval::new(d(2022, 9, 1), d(2022, 9, 30)).unwrap()
        );
        assert_eq!(t.precision(), Precision::Month);
        assert!(t.is_approximate());
        assert_eq!(t.when.to_string(), "2022-09~");
        assert_eq!(t.text(), "about two months before 8 Nov 2022 (~Sep 2022)");
    }

    #[test]
    fn a_week_ago_is_a_hedged_range_not_one_day() {
        let t = resolve("A week ago", published()).unwrap();
        assert_eq!(
            t.interval(),
            Interval::new(d(2022, 10, 29), d(2022, 11, 4)).unwrap()
        );
        assert!(t.is_approximate());
        assert!(t.interval().len_days() > 1);
        assert_eq!(t.text(), "about a week before 8 Nov 2022 (~1 Nov 2022, ±3 days)");
    }

    #[test]
    fn days_and_years_ago() {
        assert_eq!(
            resolve("3 days ago", published()).unwrap().interval(),
            Interval::day(d(2022, 11, 5))
        );
        let y = resolve("two years ago", published()).unwrap();
        assert_eq!(y.when.to_string(), "2020~");
        assert_eq!(y.precision(), Precision::Year);
    }

    #[test]
    fn recent_months_runs_up_to_publication() {
        let t = resolve("in recent months", published()).unwrap();
        assert_eq!(
            t.interval(),
            Interval::new(d(2022, 5, 1), d(2022, 11, 8)).unwrap()
        );
        assert!(t.is_approximate());
    }

    #[test]
    fn hours_before_covers_the_day_and_the_one_before() {
        let t = resolve("hours before Monday", published()).unwrap();
        assert_eq!(
            t.interval(),
            Interval::new(d(2022, 11, 6), d(2022, 11, 7)).unwrap()
        );
        assert!(t.is_approximate());
        assert!(matches!(
            resolve("hours before 2022", published()),
            Err(RelativeError::NeedsDay { .. })
        ));
    }

    #[test]
    fn since_runs_from_the_anchor_to_publication() {
        let t = resolve("since 2020", published()).unwrap();
        assert_eq!(
            t.interval(),
            Interval::new(d(2020, 1, 1), d(2022, 11, 8)).unwrap()
        );
        assert_eq!(t.precision(), Precision::Year);
        assert_eq!(t.text(), "since 2020, up to 8 Nov 2022");
    }

    #[test]
    fn absolute_dates_stand() {
        let t = resolve("1991", published()).unwrap();
        assert_eq!(t.text(), "in 1991");
        assert_eq!(t.precision(), Precision::Year);
        assert_eq!(
            t.interval(),
            Interval::new(d(1991, 1, 1), d(1991, 12, 31)).unwrap()
        );
    }

    #[test]
    fn unknown_phrases_are_errors() {
        for bad in ["soon", "many moons ago", "two fortnights ago", "", "on Funday"] {
            assert!(resolve(bad, published()).is_err(), "{bad}");
        }
    }
}
