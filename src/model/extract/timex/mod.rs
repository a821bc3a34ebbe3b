//! Time expressions in running text ("on Monday", "two months ago", "in the
//! autumn of 2020", "a day earlier"), found in a sentence and resolved against
//! the publication date or the story's date, keeping the precision the words
//! carry: a weekday is a day, "in April" a month, "last year" a year, and a
//! hedge ("a week ago", "days after") is approximate.

use crate::model::date::FuzzyInterval;
use chrono::NaiveDate;
use std::ops::Range;

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

/// A rule's answer before it is placed in the sentence.
struct Resolved {
    when: Option<FuzzyInterval>,
    basis: Basis,
    since: Option<String>,
}

/// A rule's answer: `when`, counted from `basis`.
fn resolved(when: FuzzyInterval, basis: Basis) -> Option<Resolved> {
    Some(Resolved {
        when: Some(when),
        basis,
        since: None,
    })
}

mod calendar;
mod rules;

pub use calendar::month_number;
use rules::rules;

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
