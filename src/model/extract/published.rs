//! When an article was published, from its own lines ("Published: 12 March
//! 2024", a date under the headline, a dateline) or its page's metadata
//! ("2024-11-27T09:30:00Z"); and the dateline that opens a story
//! ("KYIV, April 9 (Reuters) -"), which is no part of any sentence.

use super::timex::month_number;
use chrono::NaiveDate;
use regex_lite::Regex;
use std::sync::OnceLock;

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

/// A full date in a line: "12 March 2024", "March 12, 2024", "2024-03-12",
/// "Fri 14 Jun 2024" (the first one).
pub fn full_date(line: &str) -> Option<NaiveDate> {
    static RES: OnceLock<Vec<Regex>> = OnceLock::new();
    let res = RES.get_or_init(|| {
        [
            format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\.?,?\s+(\d{{4}})\b"),
            format!(r"\b({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"),
            r"\b(\d{4})-(\d{2})-(\d{2})\b".to_string(),
        ]
        .iter()
        .filter_map(|p| Regex::new(p).ok())
        .collect()
    });
    let mut best: Option<(usize, NaiveDate)> = None;
    for (k, re) in res.iter().enumerate() {
        let Some(c) = re.captures(line) else { continue };
        let at = c.get(0).map_or(0, |m| m.start());
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let date = match k {
            0 => NaiveDate::from_ymd_opt(n(3)? as i32, month_number(c.get(2)?.as_str())?, n(1)?),
            1 => NaiveDate::from_ymd_opt(n(3)? as i32, month_number(c.get(1)?.as_str())?, n(2)?),
            _ => NaiveDate::from_ymd_opt(n(1)? as i32, n(2)?, n(3)?),
        };
        if let Some(date) = date
            && best.is_none_or(|(b, _)| at < b)
        {
            best = Some((at, date));
        }
    }
    best.map(|(_, d)| d)
}

/// The publication date among an article's first lines: a line that is a
/// date (and maybe a weekday, a time, a byline), or says "Published",
/// "Posted" or "Updated", or a dateline with a full date. Returns it and
/// the line it is on.
pub fn from_lines(lines: &[&str]) -> Option<(NaiveDate, usize)> {
    static KEYWORDS: OnceLock<Option<Regex>> = OnceLock::new();
    let keywords = KEYWORDS
        .get_or_init(|| {
            Regex::new(r"(?i)^\s*(published|posted|updated|last\s+updated|first\s+published|by\s+[^|·]+[|·])")
                .ok()
        })
        .as_ref()?;
    for (k, line) in lines.iter().enumerate().take(12) {
        let Some(date) = full_date(line) else { continue };
        let words = line.split_whitespace().count();
        let dateline = dateline(line).is_some();
        if words <= 8 || keywords.is_match(line) || dateline {
            return Some((date, k));
        }
    }
    None
}

/// The date of a page's metadata: "2024-11-27T09:30:00Z", "2024-11-27".
pub fn from_datetime(text: &str) -> Option<NaiveDate> {
    let day = text.trim().get(..10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// The dateline that opens a paragraph ("KYIV, April 9 (Reuters) - ",
/// "BEIRUT (Meridian) - ", "TRIPOLI, 4 July 2019 (AP) —"): its length.
pub fn dateline(paragraph: &str) -> Option<usize> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(&format!(
                r"^[A-Z][A-Z .'’-]{{2,40}}(?:,\s+(?:[A-Z][a-z]+\s+)?(?:(?:{MONTHS})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{MONTHS}))(?:,?\s+\d{{4}})?)?\s*(?:\([^)]{{1,40}}\))?\s*[-–—]+\s*"
            ))
            .ok()
        })
        .as_ref()?;
    let m = re.find(paragraph)?;
    // A dateline names its city in capitals: not a sentence's first words.
    let city = paragraph[..m.end()].split([',', '(']).next().unwrap_or("");
    (city.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) && city.trim().len() >= 3)
        .then_some(m.end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_under_headlines_and_in_bylines() {
        let found = |lines: &[&str]| from_lines(lines).map(|(d, _)| d);
        assert_eq!(
            found(&["Headline here", "November 8, 2022", "Body text."]),
            Some(d(2022, 11, 8))
        );
        assert_eq!(found(&["H", "Published: 12 March 2024"]), Some(d(2024, 3, 12)));
        assert_eq!(
            found(&["H", "Last updated: Fri 14 Jun 2024 10.05 BST"]),
            Some(d(2024, 6, 14))
        );
        assert_eq!(
            found(&["H", "By Meridian staff | 22 Sep 2023, 08:15 GMT"]),
            Some(d(2023, 9, 22))
        );
        assert_eq!(found(&["H", "Tuesday, January 21, 2025"]), Some(d(2025, 1, 21)));
        assert_eq!(found(&["H", "2025-01-29"]), Some(d(2025, 1, 29)));
        assert_eq!(
            found(&[
                "H",
                "TRIPOLI, 4 July 2019 (Meridian) - An air strike hit a centre on Tuesday night, killing 44."
            ]),
            Some(d(2019, 7, 4))
        );
        // A date inside a long sentence of the story is not the publication's.
        assert_eq!(
            found(&[
                "H",
                "The war began on 24 February 2022 when Russian troops crossed the border in the north."
            ]),
            None
        );
        assert_eq!(
            found(&["H", "KYIV, April 9 (Meridian) - A missile hit the station."]),
            None
        );
    }

    #[test]
    fn datelines_are_cut_off() {
        let p = "KYIV, April 9 (Meridian) - A Russian missile hit the station.";
        assert_eq!(&p[dateline(p).unwrap()..], "A Russian missile hit the station.");
        let q = "BEIRUT (Meridian) - A ceasefire took effect.";
        assert_eq!(&q[dateline(q).unwrap()..], "A ceasefire took effect.");
        assert_eq!(dateline("US Secretary of State said - nothing"), None);
        assert_eq!(from_datetime("2024-11-27T09:30:00Z"), Some(d(2024, 11, 27)));
    }
}
