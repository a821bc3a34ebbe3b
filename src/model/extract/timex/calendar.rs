//! Calendar arithmetic for time phrases: the latest Monday before a day, a
//! month's first half, "two weeks ago", a season, a span of years.

use super::{Basis, Context, Resolved, resolved};
use crate::model::date::{FuzzyDate, FuzzyInterval};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex_lite::Captures;

pub(super) fn num(k: &Captures, i: usize) -> Option<i32> {
    k.get(i)?.as_str().parse().ok()
}

pub(super) fn month_of(k: &Captures, i: usize) -> Option<u32> {
    month_number(k.get(i)?.as_str())
}

/// 1–12 for a month's name or abbreviation.
pub fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months.iter().position(|m| n.starts_with(m)).map(|k| k as u32 + 1)
}

pub(super) fn weekday(name: &str) -> Option<Weekday> {
    name.to_lowercase().parse().ok()
}

pub(super) fn count(word: &str) -> Option<u32> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let w = word.trim().to_lowercase();
    match w.as_str() {
        "a" | "an" => Some(1),
        "a few" | "several" => Some(3),
        _ => WORDS
            .iter()
            .position(|x| *x == w)
            .map(|i| i as u32)
            .or_else(|| w.parse().ok()),
    }
}

pub(super) fn single(day: NaiveDate) -> FuzzyInterval {
    FuzzyInterval {
        from: FuzzyDate::day(day),
        to: FuzzyDate::day(day),
    }
}

pub(super) fn day_of(year: i32, month: u32, day: i32) -> Option<FuzzyInterval> {
    Some(single(NaiveDate::from_ymd_opt(
        year,
        month,
        u32::try_from(day).ok()?,
    )?))
}

/// The latest `month`/`day` on or before `published`.
pub(super) fn day_of_latest(published: NaiveDate, month: u32, day: u32) -> Option<FuzzyInterval> {
    let this_year = NaiveDate::from_ymd_opt(published.year(), month, day);
    let date = match this_year {
        Some(d) if d <= published => d,
        _ => NaiveDate::from_ymd_opt(published.year() - 1, month, day)?,
    };
    Some(single(date))
}

/// The latest `month` whose start is on or before `published` (strictly
/// before its month with `strictly_before`: "last April", written in April).
pub(super) fn latest_month(published: NaiveDate, month: u32, strictly_before: bool) -> (i32, u32) {
    let this_year = month < published.month() || (month == published.month() && !strictly_before);
    if this_year {
        (published.year(), month)
    } else {
        (published.year() - 1, month)
    }
}

/// A month, or its first, middle or last third (approximate).
pub(super) fn part_of_month(year: i32, month: u32, part: Option<&str>) -> Option<FuzzyInterval> {
    let m = FuzzyDate::month(year, month).ok()?;
    let first = m.first_day();
    let last = m.last_day();
    let days = |a: u32, b: Option<u32>| -> Option<FuzzyInterval> {
        let from = first.with_day(a)?;
        let to = b.and_then(|b| first.with_day(b)).unwrap_or(last);
        Some(FuzzyInterval {
            from: FuzzyDate::day(from).approx(),
            to: FuzzyDate::day(to).approx(),
        })
    };
    match part {
        Some("early") => days(1, Some(10)),
        Some("mid") => days(11, Some(20)),
        Some("late") => days(21, None),
        _ => Some(FuzzyInterval { from: m, to: m }),
    }
}

pub(super) fn part_of_year(year: i32, first_month: u32, last_month: u32) -> Option<FuzzyInterval> {
    Some(FuzzyInterval {
        from: FuzzyDate::month(year, first_month).ok()?.approx(),
        to: FuzzyDate::month(year, last_month).ok()?.approx(),
    })
}

pub(super) fn years(from: i32, to: i32) -> Option<FuzzyInterval> {
    if to < from {
        return None;
    }
    Some(FuzzyInterval {
        from: FuzzyDate::year(from).ok()?,
        to: FuzzyDate::year(to).ok()?,
    })
}

/// A season of a year, as months (the northern seasons: winter is December
/// to February, counted to the year it starts in), approximate.
pub(super) fn season(year: i32, name: &str) -> Option<FuzzyInterval> {
    let (first, last, next_year) = match name {
        "spring" => (3, 5, false),
        "summer" => (6, 8, false),
        "autumn" | "fall" => (9, 11, false),
        _ => (12, 2, true),
    };
    Some(FuzzyInterval {
        from: FuzzyDate::month(year, first).ok()?.approx(),
        to: FuzzyDate::month(if next_year { year + 1 } else { year }, last)
            .ok()?
            .approx(),
    })
}

/// "since X" runs from X to publication; "until X" up to X (from an unknown
/// start: only the end is known, so the mention is X itself); others are X.
pub(super) fn since_or_until(
    word: Option<&str>,
    when: FuzzyInterval,
    ctx: &Context,
    basis: Basis,
) -> Option<Resolved> {
    let when = match word {
        Some("since") => FuzzyInterval {
            from: when.from,
            to: FuzzyDate::day(ctx.published),
        },
        _ => when,
    };
    resolved(when, basis)
}

/// The latest `day` of the week on or before `published` (strictly before
/// with `strictly_before`: "last Thursday" written on a Thursday).
pub(super) fn latest_weekday(published: NaiveDate, day: Weekday, strictly_before: bool) -> Option<NaiveDate> {
    let mut back = (7 + published.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    if back == 0 && strictly_before {
        back = 7;
    }
    published.checked_sub_days(Days::new(u64::from(back)))
}

/// "N days/weeks/months/years ago".
pub(super) fn ago(published: NaiveDate, n: u32, unit: &str) -> Option<FuzzyInterval> {
    match unit {
        "day" => Some(single(published.checked_sub_days(Days::new(u64::from(n)))?)),
        "week" => {
            let centre = published.checked_sub_days(Days::new(7 * u64::from(n)))?;
            let slack = Days::new(crate::model::relative::WEEK_SLACK_DAYS);
            Some(FuzzyInterval {
                from: FuzzyDate::day(centre.checked_sub_days(slack)?).approx(),
                to: FuzzyDate::day(centre.checked_add_days(slack)?.min(published)).approx(),
            })
        }
        "month" => {
            let then = published.checked_sub_months(Months::new(n))?;
            let m = FuzzyDate::month(then.year(), then.month()).ok()?.approx();
            Some(FuzzyInterval { from: m, to: m })
        }
        _ => {
            let y = FuzzyDate::year(published.year() - n as i32).ok()?.approx();
            Some(FuzzyInterval { from: y, to: y })
        }
    }
}

/// The story's date moved by `n` units, keeping its precision (and its hedge).
pub(super) fn shift_story(story: FuzzyInterval, n: u32, unit: &str, forward: bool) -> Option<FuzzyInterval> {
    let shift = |d: NaiveDate| -> Option<NaiveDate> {
        match unit {
            "day" => {
                if forward {
                    d.checked_add_days(Days::new(u64::from(n)))
                } else {
                    d.checked_sub_days(Days::new(u64::from(n)))
                }
            }
            "week" => {
                let days = Days::new(7 * u64::from(n));
                if forward {
                    d.checked_add_days(days)
                } else {
                    d.checked_sub_days(days)
                }
            }
            "month" => {
                if forward {
                    d.checked_add_months(Months::new(n))
                } else {
                    d.checked_sub_months(Months::new(n))
                }
            }
            _ => d.with_year(if forward {
                d.year() + n as i32
            } else {
                d.year() - n as i32
            }),
        }
    };
    let (a, b) = (shift(story.from.first_day())?, shift(story.to.last_day())?);
    let hedged = story.is_approximate() || unit != "day";
    let day = |d: NaiveDate| {
        let f = FuzzyDate::day(d);
        if hedged { f.approx() } else { f }
    };
    Some(FuzzyInterval {
        from: day(a),
        to: day(b),
    })
}

/// "last week", "earlier this month", "in recent months", "the past year".
pub(super) fn period(published: NaiveDate, which: &str, unit: &str) -> Option<FuzzyInterval> {
    let p = published;
    let approx = |a: NaiveDate, b: NaiveDate| FuzzyInterval {
        from: FuzzyDate::day(a).approx(),
        to: FuzzyDate::day(b).approx(),
    };
    let back = |days: u64| p.checked_sub_days(Days::new(days));
    let which = which.split_whitespace().collect::<Vec<_>>().join(" ");
    let unit = unit.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match (which.as_str(), unit.as_str()) {
        ("last", "week") => {
            let monday = latest_weekday(p, Weekday::Mon, false)?.checked_sub_days(Days::new(7))?;
            approx(monday, monday.checked_add_days(Days::new(6))?)
        }
        ("this" | "earlier this", "week") => approx(latest_weekday(p, Weekday::Mon, false)?, p),
        ("last", "month") => {
            let then = p.checked_sub_months(Months::new(1))?;
            let m = FuzzyDate::month(then.year(), then.month()).ok()?;
            FuzzyInterval { from: m, to: m }
        }
        ("this" | "earlier this", "month") => approx(p.with_day(1)?, p),
        ("last", "year") => {
            let y = FuzzyDate::year(p.year() - 1).ok()?;
            FuzzyInterval { from: y, to: y }
        }
        ("this" | "earlier this", "year") => approx(NaiveDate::from_ymd_opt(p.year(), 1, 1)?, p),
        (_, "days" | "few days") => approx(back(7)?, p),
        (_, "week") => approx(back(7)?, p),
        (_, "weeks" | "few weeks") => approx(back(42)?, p),
        (_, "month") => approx(back(31)?, p),
        (_, "months" | "few months") => {
            let start = p.checked_sub_months(Months::new(crate::model::relative::RECENT_MONTHS))?;
            FuzzyInterval {
                from: FuzzyDate::month(start.year(), start.month()).ok()?.approx(),
                to: FuzzyDate::day(p),
            }
        }
        (_, "year") => approx(back(365)?, p),
        (_, "years") => FuzzyInterval {
            from: FuzzyDate::year(p.year() - 5).ok()?.approx(),
            to: FuzzyDate::day(p),
        },
        _ => return None,
    })
}
