//! The time phrases chronomap knows, one pattern each, and how each
//! resolves against the publication date or the story's date.

use super::calendar::*;
use super::{Basis, COUNTS, Context, MONTHS, Resolved, SEASONS, WEEKDAYS, resolved};
use crate::model::date::{FuzzyDate, FuzzyInterval};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use regex_lite::{Captures, Regex};
use std::sync::OnceLock;

/// One pattern and how its match resolves.
pub(super) struct Rule {
    pub(super) regex: Regex,
    pub(super) resolve: fn(&Captures, &Context) -> Option<Resolved>,
}

pub(super) fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let r = |pattern: String, resolve: fn(&Captures, &Context) -> Option<Resolved>| -> Option<Rule> {
            Some(Rule {
                regex: Regex::new(&pattern).ok()?,
                resolve,
            })
        };
        let m = MONTHS;
        let w = WEEKDAYS;
        let c = COUNTS;
        let s = SEASONS;
        [
            // 3 March 2024, 3rd of March, 2024
            r(
                format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({m})\.?,?\s+(\d{{4}})\b"),
                |k, _| resolved(day_of(num(k, 3)?, month_of(k, 2)?, num(k, 1)?)?, Basis::Absolute),
            ),
            // March 3, 2024
            r(
                format!(r"\b({m})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"),
                |k, _| resolved(day_of(num(k, 3)?, month_of(k, 1)?, num(k, 2)?)?, Basis::Absolute),
            ),
            // 8 October last year, 3 March this year
            r(
                format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({m})\s+(?i:(last|this)\s+year)\b"),
                |k, ctx| {
                    let year = if k.get(3)?.as_str().eq_ignore_ascii_case("last") {
                        ctx.published.year() - 1
                    } else {
                        ctx.published.year()
                    };
                    resolved(day_of(year, month_of(k, 2)?, num(k, 1)?)?, Basis::Publication)
                },
            ),
            // 2024-03-03
            r(r"\b(\d{4})-(\d{2})-(\d{2})\b".into(), |k, _| {
                resolved(day_of(num(k, 1)?, num(k, 2)? as u32, num(k, 3)?)?, Basis::Absolute)
            }),
            // (early) April 2023, September last year, since December last year
            r(
                format!(
                    r"(?i:\b(since|until)\s+)?(?i:\b(early|mid|late)[\s-]+)?\b({m})\s+(?:(\d{{4}})\b|(?i:(last|this)\s+year)\b)"
                ),
                |k, ctx| {
                    let month = month_of(k, 3)?;
                    let year = match (num(k, 4), k.get(5).map(|x| x.as_str().to_lowercase())) {
                        (Some(y), _) => y,
                        (None, Some(which)) if which == "last" => ctx.published.year() - 1,
                        (None, _) => ctx.published.year(),
                    };
                    let part = k.get(2).map(|x| x.as_str().to_lowercase());
                    let basis = if k.get(4).is_some() {
                        Basis::Absolute
                    } else {
                        Basis::Publication
                    };
                    let when = part_of_month(year, month, part.as_deref())?;
                    since_or_until(k.get(1).map(|x| x.as_str()), when, ctx, basis)
                },
            ),
            // 24 February, 3rd of March (no year: the latest on or before publication)
            r(format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({m})\b"), |k, ctx| {
                resolved(day_of_latest(ctx.published, month_of(k, 2)?, num(k, 1)? as u32)?, Basis::Publication)
            }),
            // February 24
            r(format!(r"\b({m})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b"), |k, ctx| {
                resolved(day_of_latest(ctx.published, month_of(k, 1)?, num(k, 2)? as u32)?, Basis::Publication)
            }),
            // in April, since December, last September, early March (no year)
            r(
                format!(r"(?i:\b(in|since|until|by|during|from|early|mid|late|last|this)\s+)({m})\b"),
                |k, ctx| {
                    let word = k.get(1)?.as_str().to_lowercase();
                    let month = month_of(k, 2)?;
                    let strictly_before = word == "last";
                    let (y, mo) = latest_month(ctx.published, month, strictly_before);
                    let part = matches!(word.as_str(), "early" | "mid" | "late").then_some(word.as_str());
                    let when = part_of_month(y, mo, part)?;
                    since_or_until(Some(&word), when, ctx, Basis::Publication)
                },
            ),
            // (the) (early) autumn of 2020, summer 2014
            r(
                format!(r"(?i)\b(?:the\s+)?(early\s+|late\s+)?({s})\s+(?:of\s+)?(\d{{4}})\b"),
                |k, _| resolved(season(num(k, 3)?, &k.get(2)?.as_str().to_lowercase())?, Basis::Absolute),
            ),
            // last summer, this spring, that summer
            r(format!(r"(?i)\b(last|this|that)\s+({s})\b"), |k, ctx| {
                let which = k.get(1)?.as_str().to_lowercase();
                let name = k.get(2)?.as_str().to_lowercase();
                let (year, basis) = match which.as_str() {
                    "that" => (ctx.story?.from.first_day().year(), Basis::Story),
                    "last" => (ctx.published.year() - 1, Basis::Publication),
                    _ => (ctx.published.year(), Basis::Publication),
                };
                resolved(season(year, &name)?, basis)
            }),
            // the 1990s
            r(r"\b(?:the\s+)(\d{3})0s\b".into(), |k, _| {
                let start = num(k, 1)? * 10;
                resolved(years(start, start + 9)?, Basis::Absolute)
            }),
            // between 1985 and 2018, from 1985 to 2018, 1992-94
            r(
                r"(?i)\b(?:between|from)\s+(\d{4})\s+(?:and|to|until)\s+(\d{4})\b".into(),
                |k, _| resolved(years(num(k, 1)?, num(k, 2)?)?, Basis::Absolute),
            ),
            // since 2020, until 1994, in 1991, the 2020 war (a year as a year)
            r(
                r"(?i:\b(in|since|until|by|during|from|of|before|after|early|late|mid)\s+)?\b(1[89]\d\d|20\d\d)\b".into(),
                |k, ctx| {
                    let year = num(k, 2)?;
                    if year > ctx.published.year() {
                        return None;
                    }
                    let when = years(year, year)?;
                    let word = k.get(1).map(|x| x.as_str().to_lowercase());
                    let when = match word.as_deref() {
                        Some("early") => part_of_year(year, 1, 4)?,
                        Some("mid") => part_of_year(year, 5, 8)?,
                        Some("late") => part_of_year(year, 9, 12)?,
                        _ => when,
                    };
                    since_or_until(word.as_deref(), when, ctx, Basis::Absolute)
                },
            ),
            // two months ago, a week ago, three days ago
            r(format!(r"(?i)\b({c})\s+(day|week|month|year)s?\s+ago\b"), |k, ctx| {
                let n = count(k.get(1)?.as_str())?;
                resolved(ago(ctx.published, n, &k.get(2)?.as_str().to_lowercase())?, Basis::Publication)
            }),
            // a day earlier, two days later, a week after (alone: "a day after
            // the vote" dates the vote, see `extract::secondary`)
            r(
                format!(r"(?i)\b({c})\s+(day|week|month|year)s?\s+(earlier|later|before[,.]|after[,.]|before$|after$)"),
                |k, ctx| {
                    let n = count(k.get(1)?.as_str())?;
                    let unit = k.get(2)?.as_str().to_lowercase();
                    let forward = {
                        let w = k.get(3)?.as_str().to_lowercase();
                        w.starts_with("later") || w.starts_with("after")
                    };
                    resolved(shift_story(ctx.story?, n, &unit, forward)?, Basis::Story)
                },
            ),
            // the day before, the previous day, the next day, the following day
            r(
                r"(?i)\b(?:on\s+)?the\s+(day\s+before|previous\s+day|day\s+after|next\s+day|following\s+day)\b".into(),
                |k, ctx| {
                    let forward = {
                        let w = k.get(1)?.as_str().to_lowercase();
                        w.contains("after") || w.contains("next") || w.contains("following")
                    };
                    resolved(shift_story(ctx.story?, 1, "day", forward)?, Basis::Story)
                },
            ),
            // days later, weeks earlier, (days after,) shortly afterwards, within
            // hours; "days after the vote" dates the vote, not this (see
            // `extract::secondary`)
            r(
                r"(?i)\b(hours|days|weeks|months)\s+(earlier|later|before[,.]|after[,.])|\b(shortly\s+afterwards?|within\s+hours|later\s+that\s+day|earlier\s+that\s+day|the\s+same\s+day|that\s+day|since\s+then)\b".into(),
                |k, ctx| {
                    let story = ctx.story?;
                    let start = story.from.first_day();
                    let end = story.to.last_day();
                    let approx = |a: NaiveDate, b: NaiveDate| FuzzyInterval {
                        from: FuzzyDate::day(a).approx(),
                        to: FuzzyDate::day(b).approx(),
                    };
                    if k.get(3).is_some_and(|w| w.as_str().to_lowercase().starts_with("since")) {
                        return resolved(
                            FuzzyInterval {
                                from: story.from,
                                to: FuzzyDate::day(ctx.published),
                            },
                            Basis::Story,
                        );
                    }
                    let when = match (
                        k.get(1).map(|x| x.as_str().to_lowercase()),
                        k.get(2).map(|x| x.as_str().trim_end_matches([',', '.']).to_lowercase()),
                    ) {
                        (Some(unit), Some(dir)) => {
                            let days: u64 = match unit.as_str() {
                                "hours" => 1,
                                "days" => 7,
                                "weeks" => 42,
                                _ => 183,
                            };
                            if matches!(dir.as_str(), "before" | "earlier") {
                                approx(start.checked_sub_days(Days::new(days))?, start)
                            } else {
                                approx(end, end.checked_add_days(Days::new(days))?)
                            }
                        }
                        // Shortly afterwards, within hours, that day: the story's day (or the next).
                        _ if story.precision() == crate::model::Precision::Day => {
                            approx(start, end.checked_add_days(Days::new(1))?)
                        }
                        _ => story,
                    };
                    resolved(when, Basis::Story)
                },
            ),
            // (early/late) (on/last) Friday (night) (and Saturday evenings)
            r(
                format!(
                    r"(?i:\b(early|late)\s+)?(?i:\b(on|last|this\s+past|this|since|until|by)\s+)?\b({w})(?i:\s+(?:morning|afternoon|evening|night)s?)?(?i:\s+and\s+({w})(?:\s+(?:morning|afternoon|evening|night)s?)?)?\b"
                ),
                |k, ctx| {
                    let word = k.get(2).map(|x| x.as_str().to_lowercase());
                    let strictly_before = word.as_deref() == Some("last");
                    let first = latest_weekday(ctx.published, weekday(k.get(3)?.as_str())?, strictly_before)?;
                    let when = match k.get(4) {
                        Some(second) => {
                            let second = weekday(second.as_str())?;
                            // The second of two days: the first one after the first.
                            let gap = (7 + second.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
                            let last = first.checked_add_days(Days::new(u64::from(gap)))?;
                            FuzzyInterval {
                                from: FuzzyDate::day(first),
                                to: FuzzyDate::day(last.min(ctx.published)),
                            }
                        }
                        None => FuzzyInterval {
                            from: FuzzyDate::day(first),
                            to: FuzzyDate::day(first),
                        },
                    };
                    since_or_until(word.as_deref(), when, ctx, Basis::Publication)
                },
            ),
            // overnight, last night, yesterday, today, this morning
            r(
                r"(?i)\b(overnight|last\s+night|yesterday|today|tonight|this\s+morning|this\s+afternoon|this\s+evening|earlier\s+today)\b".into(),
                |k, ctx| {
                    let p = ctx.published;
                    let word = k.get(1)?.as_str().to_lowercase();
                    let when = match word.as_str() {
                        "overnight" | "last night" => FuzzyInterval {
                            from: FuzzyDate::day(p.pred_opt()?).approx(),
                            to: FuzzyDate::day(p).approx(),
                        },
                        "yesterday" => single(p.pred_opt()?),
                        _ => single(p),
                    };
                    resolved(when, Basis::Publication)
                },
            ),
            // last weekend, over the weekend, this weekend
            r(r"(?i)\b(last|over\s+the|at\s+the|this|this\s+past)\s+weekend\b".into(), |k, ctx| {
                let word = k.get(1)?.as_str().to_lowercase();
                let p = ctx.published;
                let on_weekend = matches!(p.weekday(), Weekday::Sat | Weekday::Sun);
                // The Sunday of the weekend meant.
                let sunday = latest_weekday(p, Weekday::Sun, false)?;
                let sunday = match (word.as_str(), on_weekend, p.weekday()) {
                    // Written on a Saturday, "this weekend" / "over the weekend" is now.
                    ("last", true, _) => sunday.checked_sub_days(Days::new(if p.weekday() == Weekday::Sat { 0 } else { 7 }))?,
                    (_, true, Weekday::Sat) => p.succ_opt()?,
                    _ => sunday,
                };
                let saturday = sunday.pred_opt()?;
                resolved(
                    FuzzyInterval {
                        from: FuzzyDate::day(saturday).approx(),
                        to: FuzzyDate::day(sunday.min(p)).approx(),
                    },
                    Basis::Publication,
                )
            }),
            // last week/month/year, earlier this month, this year, in recent months, the past week
            r(
                r"(?i)\b(earlier\s+this|this|last|in\s+recent|in\s+the\s+past|over\s+the\s+past|in\s+the\s+last|over\s+the\s+last|past)\s+(week|month|year|days|weeks|months|years|few\s+days|few\s+weeks|few\s+months)\b".into(),
                |k, ctx| {
                    let which = k.get(1)?.as_str().to_lowercase();
                    let unit = k.get(2)?.as_str().to_lowercase();
                    resolved(period(ctx.published, &which, &unit)?, Basis::Publication)
                },
            ),
            // since the truce, until the ceasefire, hours before the truce, days after the invasion
            r(
                r"(?i)\b(?:(hours|days|weeks|a\s+day|shortly)\s+)?(since|until|after|before)\s+the\s+(truce|ceasefire|cease-fire|war|invasion|coup|offensive|attack|election|agreement|deal)\b".into(),
                |k, _| {
                    let unit = k.get(1).map(|u| u.as_str().to_lowercase().replace(char::is_whitespace, " "));
                    let word = k.get(2)?.as_str().to_lowercase();
                    let what = k.get(3)?.as_str().to_lowercase();
                    Some(Resolved {
                        when: None,
                        basis: Basis::Story,
                        since: Some(match unit {
                            Some(unit) => format!("{unit} {word} {what}"),
                            None => format!("{word} {what}"),
                        }),
                    })
                },
            ),
        ]
        .into_iter()
        .flatten()
        .collect()
    })
}
