//! Time expressions in running text ("on Monday", "two months ago", "in the
//! autumn of 2020", "a day earlier"), found in a sentence and resolved against
//! the publication date or the story's date, keeping the precision the words
//! carry: a weekday is a day, "in April" a month, "last year" a year, and a
//! hedge ("a week ago", "days after") is approximate.

use crate::model::date::{FuzzyDate, FuzzyInterval};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex_lite::{Captures, Regex};
use std::ops::Range;
use std::sync::OnceLock;

/// What a time phrase is counted from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// A date as written ("in 2014", "on 3 March 2024").
    Absolute,
    /// The publication date ("on Monday", "two months ago").
    Publication,
    /// The date of the story told just before ("a day earlier", "days after").
    Story,
}

/// A time phrase found in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeMention {
    /// Where the phrase is in the sentence (bytes).
    pub span: Range<usize>,
    /// The phrase as written.
    pub phrase: String,
    /// What it resolves to; `None` for "since the truce" and the like, whose
    /// date is another event's (see [`TimeMention::since`]).
    pub when: Option<FuzzyInterval>,
    pub basis: Basis,
    /// "since the truce": the word naming the earlier happening the phrase
    /// runs from (the caller knows its date, this module does not).
    pub since: Option<String>,
    /// Joined to the mention before it by "and" as a date of its own ("in
    /// 1991 and 2020": two wars), not as one span ("Tuesday and Wednesday").
    pub separate: bool,
}

/// What phrases are resolved against.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    pub published: NaiveDate,
    /// The story's date: the last dated happening before this sentence.
    pub story: Option<FuzzyInterval>,
}

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";
const WEEKDAYS: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
const COUNTS: &str = r"a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|\d+";
const SEASONS: &str = "spring|summer|autumn|fall|winter";

/// One pattern and how its match resolves.
struct Rule {
    regex: Regex,
    resolve: fn(&Captures, &Context) -> Option<Resolved>,
}

/// A rule's answer before it is placed in the sentence.
struct Resolved {
    when: Option<FuzzyInterval>,
    basis: Basis,
    since: Option<String>,
}

fn resolved(when: FuzzyInterval, basis: Basis) -> Option<Resolved> {
    Some(Resolved {
        when: Some(when),
        basis,
        since: None,
    })
}

fn rules() -> &'static [Rule] {
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

/// Every time phrase in `sentence`, in order; where phrases overlap, the
/// longest stands.
pub fn find(sentence: &str, ctx: &Context) -> Vec<TimeMention> {
    let mut found: Vec<TimeMention> = Vec::new();
    for rule in rules() {
        for caps in rule.regex.captures_iter(sentence) {
            let Some(whole) = caps.get(0) else { continue };
            let span = whole.start()..whole.end();
            let overlaps = |f: &TimeMention| f.span.start < span.end && span.start < f.span.end;
            let len = |r: &Range<usize>| r.end - r.start;
            if found.iter().any(|f| overlaps(f) && len(&f.span) >= len(&span)) {
                continue; // a longer phrase found already takes these words
            }
            if is_not_a_year(sentence, &span, whole.as_str()) {
                continue;
            }
            let Some(r) = (rule.resolve)(&caps, ctx) else {
                continue;
            };
            found.retain(|f| !overlaps(f));
            found.push(TimeMention {
                phrase: whole.as_str().trim().to_string(),
                span,
                when: r.when,
                basis: r.basis,
                since: r.since,
                separate: false,
            });
        }
    }
    found.sort_by_key(|f| f.span.start);
    // "in 1991 and 2020": dates of their own; "Tuesday and Wednesday" is caught whole above.
    for k in 1..found.len() {
        let between = sentence
            .get(found[k - 1].span.end..found[k].span.start)
            .unwrap_or("");
        if between.trim() == "and" || between.trim() == "," {
            found[k].separate = true;
        }
    }
    found
}

/// A four-digit number that is a count, not a year ("some 2000 troops").
fn is_not_a_year(sentence: &str, span: &Range<usize>, text: &str) -> bool {
    if !text.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let before = sentence[..span.start].trim_end().to_lowercase();
    let after = sentence[span.end..].trim_start().to_lowercase();
    let counted = [
        "about",
        "some",
        "nearly",
        "over",
        "around",
        "than",
        "least",
        "almost",
        "roughly",
        "approximately",
    ];
    let nouns = [
        "people",
        "troops",
        "soldiers",
        "civilians",
        "residents",
        "fighters",
        "refugees",
        "km",
        "kilometres",
        "kilometers",
        "miles",
        "metres",
        "meters",
        "dollars",
        "votes",
        "men",
        "women",
        "children",
        "homes",
        "houses",
        "families",
        "protesters",
        "prisoners",
        "inmates",
        "dead",
        "killed",
    ];
    counted.iter().any(|w| before.ends_with(w))
        || nouns.iter().any(|n| after.starts_with(n))
        || after.starts_with(',') && after[1..].trim_start().starts_with(|c: char| c.is_ascii_digit())
}

fn num(k: &Captures, i: usize) -> Option<i32> {
    k.get(i)?.as_str().parse().ok()
}

fn month_of(k: &Captures, i: usize) -> Option<u32> {
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

fn weekday(name: &str) -> Option<Weekday> {
    name.to_lowercase().parse().ok()
}

fn count(word: &str) -> Option<u32> {
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

fn single(day: NaiveDate) -> FuzzyInterval {
    FuzzyInterval {
        from: FuzzyDate::day(day),
        to: FuzzyDate::day(day),
    }
}

fn day_of(year: i32, month: u32, day: i32) -> Option<FuzzyInterval> {
    Some(single(NaiveDate::from_ymd_opt(
        year,
        month,
        u32::try_from(day).ok()?,
    )?))
}

/// The latest `month`/`day` on or before `published`.
fn day_of_latest(published: NaiveDate, month: u32, day: u32) -> Option<FuzzyInterval> {
    let this_year = NaiveDate::from_ymd_opt(published.year(), month, day);
    let date = match this_year {
        Some(d) if d <= published => d,
        _ => NaiveDate::from_ymd_opt(published.year() - 1, month, day)?,
    };
    Some(single(date))
}

/// The latest `month` whose start is on or before `published` (strictly
/// before its month with `strictly_before`: "last April", written in April).
fn latest_month(published: NaiveDate, month: u32, strictly_before: bool) -> (i32, u32) {
    let this_year = month < published.month() || (month == published.month() && !strictly_before);
    if this_year {
        (published.year(), month)
    } else {
        (published.year() - 1, month)
    }
}

/// A month, or its first, middle or last third (approximate).
fn part_of_month(year: i32, month: u32, part: Option<&str>) -> Option<FuzzyInterval> {
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

fn part_of_year(year: i32, first_month: u32, last_month: u32) -> Option<FuzzyInterval> {
    Some(FuzzyInterval {
        from: FuzzyDate::month(year, first_month).ok()?.approx(),
        to: FuzzyDate::month(year, last_month).ok()?.approx(),
    })
}

fn years(from: i32, to: i32) -> Option<FuzzyInterval> {
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
fn season(year: i32, name: &str) -> Option<FuzzyInterval> {
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
fn since_or_until(word: Option<&str>, when: FuzzyInterval, ctx: &Context, basis: Basis) -> Option<Resolved> {
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
fn latest_weekday(published: NaiveDate, day: Weekday, strictly_before: bool) -> Option<NaiveDate> {
    let mut back = (7 + published.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    if back == 0 && strictly_before {
        back = 7;
    }
    published.checked_sub_days(Days::new(u64::from(back)))
}

/// "N days/weeks/months/years ago".
fn ago(published: NaiveDate, n: u32, unit: &str) -> Option<FuzzyInterval> {
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
fn shift_story(story: FuzzyInterval, n: u32, unit: &str, forward: bool) -> Option<FuzzyInterval> {
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
fn period(published: NaiveDate, which: &str, unit: &str) -> Option<FuzzyInterval> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The intervals (as EDTF) of the phrases found, read on `published`.
    fn read(sentence: &str, published: NaiveDate, story: Option<&str>) -> Vec<String> {
        let ctx = Context {
            published,
            story: story.map(|s| FuzzyInterval::parse(s).unwrap()),
        };
        find(sentence, &ctx)
            .into_iter()
            .map(|m| match (m.when, m.since) {
                (Some(w), _) => format!("{}{}", if m.separate { "+" } else { "" }, w),
                (None, Some(s)) => s,
                (None, None) => "?".into(),
            })
            .collect()
    }

    /// 8 Nov 2022, a Tuesday: the seed article's publication.
    fn dw() -> NaiveDate {
        d(2022, 11, 8)
    }

    #[test]
    fn the_seed_articles_phrases() {
        assert_eq!(
            read(
                "met in Washington for peace talks on Monday, only hours",
                dw(),
                None
            ),
            ["2022-11-07"]
        );
        assert_eq!(
            read("A week ago, Russian President Vladimir Putin hosted", dw(), None),
            ["2022-10-29~/2022-11-04~"]
        );
        assert_eq!(
            read(
                "Two months ago, over 280 people on both sides were killed",
                dw(),
                None
            ),
            ["2022-09~"]
        );
        assert_eq!(
            read("In recent months only, the conflict has cost", dw(), None),
            ["2022-05~/2022-11-08"]
        );
        assert_eq!(
            read("In 2020, more than 6,500 people had lost their lives", dw(), None),
            ["2020"]
        );
        assert_eq!(
            read("fought two wars – in 1991 and 2020 – over", dw(), None),
            ["1991", "+2020"]
        );
        assert_eq!(
            read("clashes at the border since the truce was negotiated", dw(), None),
            ["since truce"]
        );
    }

    #[test]
    fn weekdays_and_parts_of_days() {
        // Wed 20 Sep 2023.
        let p = d(2023, 9, 20);
        assert_eq!(read("late on Tuesday", p, None), ["2023-09-19"]);
        assert_eq!(read("early on Wednesday", p, None), ["2023-09-20"]);
        assert_eq!(read("on Friday night", p, None), ["2023-09-15"]);
        assert_eq!(
            read("on Tuesday and Wednesday evenings", p, None),
            ["2023-09-19/2023-09-20"]
        );
        // "last Thursday", written on a Thursday, is a week before.
        assert_eq!(read("last Thursday", d(2024, 6, 27), None), ["2024-06-20"]);
        assert_eq!(read("overnight", p, None), ["2023-09-19~/2023-09-20~"]);
        assert_eq!(read("yesterday", p, None), ["2023-09-19"]);
    }

    #[test]
    fn weekends_weeks_months_and_years() {
        // Tue 12 Mar 2024.
        let p = d(2024, 3, 12);
        assert_eq!(read("last weekend", p, None), ["2024-03-09~/2024-03-10~"]);
        assert_eq!(read("over the weekend", p, None), ["2024-03-09~/2024-03-10~"]);
        assert_eq!(read("earlier this month", p, None), ["2024-03-01~/2024-03-12~"]);
        assert_eq!(read("last month", p, None), ["2024-02"]);
        assert_eq!(read("last year", p, None), ["2023"]);
        assert_eq!(read("in January", p, None), ["2024-01"]);
        assert_eq!(read("in April", p, None), ["2023-04"]);
        assert_eq!(read("since December last year", p, None), ["2023-12/2024-03-12"]);
        assert_eq!(
            read("In September last year, Armenia said", d(2023, 9, 22), None),
            ["2022-09"]
        );
        assert_eq!(read("in April 2023", p, None), ["2023-04"]);
        assert_eq!(read("on 3 March 2024", p, None), ["2024-03-03"]);
        assert_eq!(read("on 24 February", p, None), ["2024-02-24"]);
        assert_eq!(read("on February 24.", d(2022, 4, 9), None), ["2022-02-24"]);
        assert_eq!(read("on 24 December", p, None), ["2023-12-24"]);
        assert_eq!(read("three days ago", p, None), ["2024-03-09"]);
        assert_eq!(read("in the autumn of 2020", p, None), ["2020-09~/2020-11~"]);
        assert_eq!(read("the six-week war in 2020", p, None), ["2020"]);
        assert_eq!(read("between 1985 and 2018", p, None), ["1985/2018"]);
        assert_eq!(read("since 2020", p, None), ["2020/2024-03-12"]);
    }

    #[test]
    fn phrases_counted_from_the_story() {
        let p = d(2022, 4, 9);
        assert_eq!(
            read("A day earlier, an air strike", p, Some("2022-04-08")),
            ["2022-04-07"]
        );
        assert_eq!(
            read("Days later, the army withdrew", p, Some("2022-04-08")),
            ["2022-04-08~/2022-04-15~"]
        );
        assert!(
            read("days after the vote", p, Some("2022-04-08")).is_empty(),
            "dates the vote"
        );
        assert_eq!(
            read("Thousands have been killed since then", p, Some("2012")),
            ["2012/2022-04-09"]
        );
        assert_eq!(
            read("on 8 October last year", d(2024, 11, 27), None),
            ["2023-10-08"]
        );
        assert_eq!(
            read("Hours before the truce", p, Some("2024-11-27")),
            ["hours before truce"]
        );
        assert_eq!(
            read("retaken by Ukrainian forces that summer", p, Some("2014")),
            ["2014-06~/2014-08~"]
        );
        // With no story told yet, nothing is made up.
        assert!(read("A day earlier, an air strike", p, None).is_empty());
    }

    #[test]
    fn counts_are_not_years_and_the_future_is_not_read() {
        let p = d(2023, 9, 22);
        assert!(read("the deployment of about 2000 Russian peacekeepers", p, None).is_empty());
        assert!(read("some 2021 people fled", p, None).is_empty());
        assert!(read("leaving its 120,000 residents", p, None).is_empty());
        assert!(read("in 2030", p, None).is_empty());
        // "may" the verb is not May the month.
        assert!(read("talks may resume", p, None).is_empty());
    }
}
