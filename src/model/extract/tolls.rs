//! Tolls in running text: how many were killed, and apart from them how
//! many wounded, as ranges ("at least 32" is 32 and up, "between 10,000 and
//! 15,000" both ends, "hundreds" 200–999). A figure is a toll only next to a
//! word of killing or wounding in its clause; one figure for several
//! outcomes ("806 killed, injured or kidnapped") is no death toll.

use crate::model::casualties::{Casualties, WORD_RANGES};
use regex_lite::Regex;
use std::sync::OnceLock;

/// The tolls a sentence states.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tolls {
    pub killed: Option<Casualties>,
    pub wounded: Option<Casualties>,
}

/// A quantity in the text: its bytes, and the range it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Quantity {
    start: usize,
    end: usize,
    low: u32,
    high: Option<u32>,
    /// Said as a lower bound ("at least", "more than").
    open: bool,
    /// Said exactly ("five soldiers").
    exact: bool,
    /// Said in words that stand for a range ("hundreds").
    words: Option<&'static str>,
}

const KILLED: &str = r"(?i)\b(killed|killing|kills|dead|deaths|died|die|their\s+lives|lives|to\s+death|lost\s+their\s+lives|lost\s+his\s+life|lost\s+her\s+life|death\s+toll|slain|massacred|bodies|fatalities|executed|perished|murdered|were\s+shot\s+dead)\b";
const WOUNDED: &str = r"(?i)\b(wounded|wounding|injured|injuring|injuries|hurt|wounds)\b";

fn regex(cell: &'static OnceLock<Option<Regex>>, pattern: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

/// The killed and wounded a sentence states; figures inside `skip` (its
/// time phrases: "Two months ago") are no tolls.
pub fn find(sentence: &str, skip: &[std::ops::Range<usize>]) -> Tolls {
    static KILL: OnceLock<Option<Regex>> = OnceLock::new();
    static WOUND: OnceLock<Option<Regex>> = OnceLock::new();
    let (Some(kill), Some(wound)) = (regex(&KILL, KILLED), regex(&WOUND, WOUNDED)) else {
        return Tolls::default();
    };
    let quantities: Vec<Quantity> = quantities(sentence)
        .into_iter()
        .filter(|q| !skip.iter().any(|s| s.start <= q.start && q.start < s.end))
        // "five of them children": a part of a figure already given.
        .filter(|q| !sentence[q.end..].trim_start().starts_with("of them"))
        // "two days of fighting": a time, not people.
        .filter(|q| !is_time_unit(&sentence[q.end..]))
        // ", among them a baby,": a part, told in passing.
        .filter(|q| !in_aside(sentence, q.start))
        .collect();
    let toll = |re: &Regex, noun: &str| -> Option<Casualties> {
        re.find_iter(sentence)
            .filter(|w| !is_background(sentence, w.start()) && !is_combined(sentence, w.end()))
            .find_map(|w| {
                let q = object_of(sentence, &quantities, w.end())
                    .or_else(|| subject_of(sentence, &quantities, w.start()))?;
                to_casualties(&q, noun)
            })
    };
    Tolls {
        killed: toll(kill, "killed"),
        wounded: toll(wound, "wounded"),
    }
}

/// Whether the words after a figure make it a span of time ("two days of fighting").
fn is_time_unit(after: &str) -> bool {
    let next = after
        .trim_start()
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        next.as_str(),
        "day"
            | "days"
            | "week"
            | "weeks"
            | "month"
            | "months"
            | "year"
            | "years"
            | "hour"
            | "hours"
            | "minute"
            | "minutes"
            | "decade"
            | "decades"
    )
}

/// Whether `at` is inside ", among them …," or ", including …,".
fn in_aside(sentence: &str, at: usize) -> bool {
    let before = &sentence[..at].to_lowercase();
    let Some(open) = [", among them", ", including", ", among whom"]
        .iter()
        .filter_map(|w| before.rfind(w))
        .max()
    else {
        return false;
    };
    !before[open + 1..].contains(',')
}

/// The figure a verb of killing takes as its object ("killing at least 50",
/// "killed five soldiers", "shot dead a protester"), within a few words.
fn object_of(sentence: &str, quantities: &[Quantity], word_end: usize) -> Option<Quantity> {
    let after = &sentence[word_end..];
    if let Some(q) = quantities
        .iter()
        .find(|q| q.start >= word_end && q.start - word_end <= 4)
    {
        return Some(*q);
    }
    // "killed a protester", "killed Hezbollah leader Hassan Nasrallah": one.
    let rest = after.trim_start().to_lowercase();
    let titles = [
        "leader",
        "commander",
        "chief",
        "general",
        "spokesman",
        "minister",
        "president",
        "officer",
        "journalist",
        "activist",
        "mayor",
        "governor",
    ];
    let named = rest
        .split_whitespace()
        .take(4)
        .any(|w| titles.contains(&w.trim_end_matches([',', '.'])))
        && after.trim_start().starts_with(|c: char| c.is_uppercase());
    if named {
        return Some(Quantity {
            start: word_end,
            end: word_end,
            low: 1,
            high: Some(1),
            open: false,
            exact: true,
            words: None,
        });
    }
    let one = ["a ", "an "].iter().any(|a| rest.starts_with(a))
        && !rest.starts_with("a further")
        && !rest.starts_with("a number")
        && !rest.starts_with("a total");
    one.then_some(Quantity {
        start: word_end,
        end: word_end,
        low: 1,
        high: Some(1),
        open: false,
        exact: true,
        words: None,
    })
}

/// The figure a clause of dying has as its subject ("280 people ... were
/// killed", "105 of its servicemen had been killed"): the nearest before.
fn subject_of(sentence: &str, quantities: &[Quantity], word_start: usize) -> Option<Quantity> {
    let candidates: Vec<&Quantity> = quantities
        .iter()
        .filter(|q| q.end <= word_start)
        .filter(|q| {
            let between = sentence[q.end..word_start].to_lowercase();
            between.len() <= 90
                && !between.contains(';')
                && ![" but ", " while ", " when ", " which ", " after ", " and wounded", " and injured", " were ", " was "]
                    .iter()
                    .any(|w| between[..between.len().saturating_sub(12)].contains(w))
                // "one family": one only right before its verb.
                && (q.low != 1 || between.split_whitespace().count() <= 2)
        })
        .collect();
    // "scores, and likely hundreds, of civilians had been killed": the first.
    let nearest = candidates.iter().max_by_key(|q| q.end)?;
    let tied: Vec<&&Quantity> = candidates
        .iter()
        .filter(|q| {
            let Some(between) = sentence.get(q.end..nearest.start) else {
                return q.start == nearest.start;
            };
            between.len() <= 30 && !between.chars().any(|c| c.is_alphabetic() && c.is_uppercase())
        })
        .collect();
    tied.iter().min_by_key(|q| q.start).map(|q| ***q)
}

/// "a conflict that has already killed hundreds": a toll of something else,
/// told in passing.
fn is_background(sentence: &str, word_start: usize) -> bool {
    let before = sentence[..word_start].trim_end().to_lowercase();
    [
        "that has",
        "that have",
        "which has",
        "which have",
        "that had",
        "which had",
        "that has already",
        "which has already",
    ]
    .iter()
    .any(|w| before.ends_with(w))
}

/// "killed, injured or kidnapped": one figure for several outcomes.
fn is_combined(sentence: &str, word_end: usize) -> bool {
    let after = sentence[word_end..].trim_start().to_lowercase();
    after.starts_with(", injured or")
        || after.starts_with(", wounded or")
        || after.starts_with("or injured")
        || after.starts_with("or wounded")
        || after.starts_with(", injured and")
        || after.starts_with("or kidnapped")
        || after.starts_with("or missing")
}

fn to_casualties(q: &Quantity, noun: &str) -> Option<Casualties> {
    if let Some(words) = q.words {
        return Some(Casualties {
            low: q.low,
            high: q.high,
            best: None,
            text: format!("{words} {noun}").into(),
        });
    }
    let mut c = if q.exact {
        Casualties::from_counts(q.low, Some(q.low), Some(q.low)).ok()?
    } else {
        let high = if q.open { None } else { q.high };
        Casualties::from_counts(q.low, None, high).ok()?
    };
    if noun != "killed" {
        c.text = c.text.replace("killed", noun).into();
    }
    Some(c)
}

/// Every quantity of people in the sentence.
fn quantities(sentence: &str) -> Vec<Quantity> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let pattern = r"(?i)\b(?:(at\s+least|more\s+than|over|upwards\s+of|in\s+excess\s+of|nearly|almost|about|around|some|roughly|up\s+to|as\s+many\s+as|fewer\s+than|less\s+than)\s+)?(?:(between)\s+)?(\d[\d,]*(?:\.\d+)?(?:\s+(?:million|thousand))?|tens\s+of\s+thousands|hundreds\s+of\s+thousands|hundreds|thousands|dozens|scores|a\s+dozen|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+hundred)(?:\s+(?:and|to|-|–)\s+(\d[\d,]*))?\b";
    let Some(re) = regex(&RE, pattern) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for k in re.captures_iter(sentence) {
        let (Some(whole), Some(value)) = (k.get(0), k.get(3)) else {
            continue;
        };
        let text = value.as_str().to_lowercase();
        // Years, times of day and ordinals are not tolls.
        let after = sentence[whole.end()..].trim_start();
        if after.starts_with(['%', ':']) || after.to_lowercase().starts_with("per cent") {
            continue;
        }
        if text.len() == 4
            && text.chars().all(|c| c.is_ascii_digit())
            && (1900..2100).contains(&text.parse::<u32>().unwrap_or(0))
        {
            continue;
        }
        let hedge = k.get(1).map(|h| h.as_str().to_lowercase());
        let hedge = hedge
            .as_deref()
            .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "));
        let Some((mut low, mut high, words)) = value_of(&text) else {
            continue;
        };
        let word = words.is_some();
        if let Some(second) = k.get(4).and_then(|x| parse_number(x.as_str())) {
            high = Some(second);
        }
        let mut open = false;
        match hedge.as_deref() {
            Some("at least" | "more than" | "over" | "upwards of" | "in excess of") => {
                open = true;
                high = None;
            }
            Some("up to" | "as many as" | "fewer than" | "less than") => {
                high = Some(low);
                low = 1;
            }
            _ => {}
        }
        let exact = !word && !open && high.is_none_or(|h| h == low) && hedge.is_none() && k.get(2).is_none();
        let high = if exact { Some(low) } else { high };
        out.push(Quantity {
            start: whole.start(),
            end: whole.end(),
            low,
            high,
            open,
            exact,
            words: words.filter(|_| hedge.is_none() && k.get(4).is_none()),
        });
    }
    out
}

/// A number's value: (low, high if a range, the words if they stand for a range).
fn value_of(text: &str) -> Option<(u32, Option<u32>, Option<&'static str>)> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((word, low, high)) = WORD_RANGES.iter().find(|(w, _, _)| *w == text) {
        return Some((*low, Some(*high), Some(word)));
    }
    const MORE_WORDS: [(&str, u32, u32); 4] = [
        ("hundreds of thousands", 200_000, 999_999),
        ("scores", 40, 99),
        ("a dozen", 12, 12),
        ("a hundred", 100, 100),
    ];
    if let Some((word, low, high)) = MORE_WORDS.iter().find(|(w, _, _)| *w == text) {
        return Some((*low, Some(*high), (*low != *high).then_some(*word)));
    }
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(n) = ONES.iter().position(|w| *w == text) {
        return Some((n as u32, None, None));
    }
    if let Some(n) = TENS.iter().position(|w| *w == text) {
        return Some((20 + 10 * n as u32, None, None));
    }
    Some((parse_number(&text)?, None, None))
}

/// "6,500", "2.5 million", "12" as a count.
fn parse_number(text: &str) -> Option<u32> {
    let text = text.trim().to_lowercase();
    let (digits, factor) = if let Some(d) = text.strip_suffix("million") {
        (d.trim(), 1_000_000.0)
    } else if let Some(d) = text.strip_suffix("thousand") {
        (d.trim(), 1_000.0)
    } else {
        (text.as_str(), 1.0)
    };
    let plain: String = digits.chars().filter(|c| *c != ',').collect();
    let value: f64 = plain.parse().ok()?;
    let n = value * factor;
    (n.is_finite() && n >= 0.0 && n < f64::from(u32::MAX)).then_some(n.round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn killed(s: &str) -> Option<(u32, Option<u32>)> {
        find(s, &[]).killed.map(|c| (c.low, c.high))
    }

    fn wounded(s: &str) -> Option<(u32, Option<u32>)> {
        find(s, &[]).wounded.map(|c| (c.low, c.high))
    }

    #[test]
    fn killed_with_their_true_range() {
        assert_eq!(killed("the strike killed at least 32 people"), Some((32, None)));
        assert_eq!(
            killed("more than 6,500 people had lost their lives"),
            Some((6500, None))
        );
        assert_eq!(
            killed("Armenia said 105 of its servicemen had been killed"),
            Some((105, Some(105)))
        );
        assert_eq!(
            killed("between 10,000 and 15,000 people were killed"),
            Some((10_000, Some(15_000)))
        );
        assert_eq!(
            killed("the conflict has cost hundreds of people their lives"),
            Some((200, Some(999)))
        );
        assert_eq!(
            find("hundreds of people have died", &[]).killed.unwrap().text,
            "hundreds killed"
        );
        assert_eq!(
            killed("Police shot dead a protester in Nairobi"),
            Some((1, Some(1)))
        );
        assert_eq!(
            killed("rebels killed dozens of Malian soldiers"),
            Some((24, Some(99)))
        );
        assert_eq!(
            killed("scores, and likely hundreds, of civilians had been hacked to death"),
            Some((40, Some(99)))
        );
        let s = "US helicopters sank three boats, killing 10 of their crews";
        assert_eq!(killed(s), Some((10, Some(10))));
        assert_eq!(killed("hundreds of people have died"), Some((200, Some(999))));
        assert_eq!(
            killed("tens of thousands have been killed"),
            Some((20_000, Some(99_999)))
        );
        assert_eq!(killed("dozens were killed"), Some((24, Some(99))));
        assert_eq!(
            killed("Five Russian peacekeepers were killed on Wednesday"),
            Some((5, Some(5)))
        );
        assert_eq!(
            killed("over 280 people on both sides were killed when"),
            Some((280, None))
        );
        assert_eq!(killed("Seventeen people were killed"), Some((17, Some(17))));
    }

    #[test]
    fn the_wounded_are_kept_apart() {
        let s = "killing at least 50 people, five of them children, and wounding more than 100";
        assert_eq!(killed(s), Some((50, None)));
        assert_eq!(wounded(s), Some((100, None)));
        let t = "The attack killed 12 and wounded 40.";
        assert_eq!(
            (killed(t), wounded(t)),
            (Some((12, Some(12))), Some((40, Some(40))))
        );
        assert_eq!(killed("seven killed and 37 wounded"), Some((7, Some(7))));
        assert_eq!(killed("37 people were wounded"), None);
    }

    #[test]
    fn figures_that_are_no_death_toll() {
        assert_eq!(killed("806 people were killed, injured or kidnapped"), None);
        assert_eq!(killed("about 4,000 civilians had been at the station"), None);
        assert_eq!(killed("tens of thousands were displaced"), None);
        assert_eq!(killed("In 2020, the war killed"), None);
        assert_eq!(
            killed("thousands of people waited for trains, killing at least 50 people"),
            Some((50, None))
        );
        assert_eq!(
            killed(
                "Forces fired rockets at Asmara, widening a conflict that has already killed hundreds of people"
            ),
            None
        );
        // A time phrase's number is no toll.
        assert_eq!(
            find(
                "Two months ago, rebels killed dozens of soldiers",
                &[std::ops::Range { start: 0, end: 14 }]
            )
            .killed
            .map(|c| c.low),
            Some(24)
        );
    }
}
