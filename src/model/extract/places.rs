//! Places a sentence names, found in the gazetteer (towns, divisions,
//! countries) and among the map's regions (a disputed territory): each
//! capitalised name, as written or by an alias, not a person's name or a
//! title; and whether it is only where someone spoke ("said in Moscow").

use crate::model::gazetteer::{Place, PlaceKind, fold};
use crate::model::{Atlas, Region, RegionKind};
use regex_lite::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// What a name was found as.
#[derive(Clone, Copy, Debug)]
pub enum Found<'a> {
    /// A gazetteer entry: a town, a division or a country.
    Place(&'a Place),
    /// One of the map's own regions that the gazetteer lacks (a disputed territory).
    Region(&'a Region),
}

/// A place named in a sentence.
#[derive(Clone, Debug)]
pub struct Mention<'a> {
    /// Bytes of the sentence.
    pub span: Range<usize>,
    /// The name as written.
    pub written: String,
    pub found: Found<'a>,
    /// Only where someone spoke or wrote ("said in Moscow", "told reporters
    /// in Geneva"), not where anything happened.
    pub speech: bool,
}

impl Mention<'_> {
    /// How specific the place is: a town before a division, a division
    /// before a disputed territory, that before a country.
    pub fn specificity(&self) -> u8 {
        match self.found {
            Found::Place(p) => match p.kind {
                PlaceKind::Capital | PlaceKind::City => 3,
                PlaceKind::Admin1 => 2,
                PlaceKind::Country => 0,
            },
            Found::Region(r) => match r.kind {
                RegionKind::Country => 0,
                RegionKind::DisputedTerritory => 1,
                RegionKind::District => 2,
            },
        }
    }

    /// Where it is (lon, lat).
    pub fn point(&self) -> Option<[f64; 2]> {
        match self.found {
            Found::Place(p) => Some([p.lon, p.lat]),
            Found::Region(r) => r.label_point().map(|p| [p.x(), p.y()]),
        }
    }

    /// Its name.
    pub fn name(&self) -> &str {
        match self.found {
            Found::Place(p) => &p.name,
            Found::Region(r) => &r.name,
        }
    }

    /// Its country (ISO alpha-2), if known.
    pub fn country(&self) -> Option<&str> {
        match self.found {
            Found::Place(p) => Some(p.country.as_str()),
            Found::Region(_) => None,
        }
    }
}

/// Capitalised words that begin or qualify a name but are not places.
const NOT_NAMES: [&str; 60] = [
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "and",
    "but",
    "for",
    "from",
    "with",
    "by",
    "to",
    "as",
    "after",
    "before",
    "when",
    "while",
    "since",
    "during",
    "last",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "president",
    "prime",
    "minister",
    "foreign",
    "defence",
    "defense",
    "secretary",
    "general",
    "gen",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leader",
    "chief",
    "commander",
    "mr",
    "mrs",
    "ms",
    "dr",
    "king",
    "queen",
    "pope",
    "un",
    "us",
    "eu",
    "nato",
    "state",
    "army",
    "police",
    "forces",
];

/// Words that, after a name, make it a division: "Donetsk region".
const DIVISION_WORDS: [&str; 9] = [
    "region",
    "province",
    "state",
    "oblast",
    "district",
    "governorate",
    "department",
    "prefecture",
    "county",
];

/// The places named in `sentence`; `prefer` lists countries (ISO alpha-2)
/// that win when a name is ambiguous (the article's own).
pub fn find<'a>(sentence: &str, atlas: &'a Atlas, prefer: &[String]) -> Vec<Mention<'a>> {
    let words = words(sentence);
    let speech = speech_spans(sentence);
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        if !words[k].capital {
            k += 1;
            continue;
        }
        // A run of capitalised words, joined by short lower-case links ("Norte de Santander").
        let mut end = k + 1;
        while end < words.len()
            && (words[end].capital
                || (LINKS.contains(&words[end].lower.as_str())
                    && end + 1 < words.len()
                    && words[end + 1].capital))
            && !words[end - 1].possessive
            && !words[end - 1].comma_after
        {
            end += 1;
        }
        let run = &words[k..end];
        // Leading words that are not names: titles, articles, demonyms.
        let mut first = 0;
        while first < run.len()
            && (NOT_NAMES.contains(&run[first].lower.as_str())
                || (is_demonym(&run[first].lower)
                    && resolve_with(&run[first].lower, atlas, &[], false, true).is_none()))
        {
            first += 1;
        }
        let names = &run[first..];
        // An acronym ("KNU", "RSF") is an armed group or a body, not a place.
        let acronym = names.len() == 1 && {
            let w = &sentence[names[0].span.clone()];
            w.len() <= 5 && w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
        };
        if !names.is_empty() && !acronym {
            let division_after = words
                .get(end)
                .is_some_and(|w| DIVISION_WORDS.contains(&w.lower.as_str()));
            let text = &sentence[names[0].span.start..names[names.len() - 1].span.end];
            let text = text.trim_end_matches("'s").trim_end_matches("’s");
            let looks_personal = first > 0 && run[..first].iter().any(|w| is_title(&w.lower));
            let sentence_start = names[0].span.start == words.first().map_or(0, |w| w.span.start);
            if !looks_personal
                && let Some(found) = resolve_with(text, atlas, prefer, division_after, sentence_start)
            {
                let span = names[0].span.start..names[names.len() - 1].span.end;
                out.push(Mention {
                    speech: speech
                        .iter()
                        .any(|s| s.start <= span.start && span.start <= s.end)
                        || spoken_from(sentence, &span),
                    span,
                    written: text.to_string(),
                    found,
                });
            }
        }
        k = end;
    }
    out
}

/// Short words that join the parts of a name.
const LINKS: [&str; 6] = ["de", "del", "al", "el", "la", "of"];

fn is_title(word: &str) -> bool {
    matches!(
        word,
        "president"
            | "prime"
            | "minister"
            | "secretary"
            | "general"
            | "gen"
            | "spokesman"
            | "spokeswoman"
            | "leader"
            | "chief"
            | "commander"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
            | "king"
            | "queen"
            | "pope"
    )
}

/// "Russian", "Azerbaijani", "Lebanese", "Thai": words for a people, not a place.
fn is_demonym(word: &str) -> bool {
    const SHORT: [&str; 14] = [
        "thai", "lao", "kurd", "kurdish", "arab", "turk", "serb", "croat", "greek", "czech", "dutch",
        "swiss", "uzbek", "tajik",
    ];
    if SHORT.contains(&word) {
        return true;
    }
    [
        "ian", "ean", "ese", "ish", "ani", "ini", "eni", "ali", "aqi", "ari", "ai", "ic",
    ]
    .iter()
    .any(|end| word.ends_with(end))
        && word.len() > 4
}

/// A word of the sentence.
struct Word {
    span: Range<usize>,
    lower: String,
    capital: bool,
    possessive: bool,
    comma_after: bool,
}

fn words(sentence: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let push = |out: &mut Vec<Word>, a: usize, b: usize| {
        let raw = &sentence[a..b];
        let trimmed = raw.trim_end_matches("'s").trim_end_matches("’s");
        let capital = trimmed.chars().next().is_some_and(char::is_uppercase);
        let after = sentence[b..].chars().next();
        out.push(Word {
            span: a..b,
            lower: trimmed.to_lowercase(),
            capital,
            possessive: trimmed.len() < raw.len(),
            comma_after: matches!(after, Some(',' | ';' | ':' | '.' | '(' | ')')),
        });
    };
    for (i, c) in sentence.char_indices() {
        let part = c.is_alphanumeric() || matches!(c, '-' | '\'' | '’');
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(a)) => {
                push(&mut out, a, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(a) = start {
        push(&mut out, a, sentence.len());
    }
    out
}

/// Stretches where a place is where someone spoke: "said in Moscow",
/// "told reporters in Geneva", "speaking at the White House".
fn speech_spans(sentence: &str) -> Vec<Range<usize>> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(re) = RE
        .get_or_init(|| {
            Regex::new(
                r"(?i)\b(?:said|says|told|speaking|spoke|announced|wrote|tweeted|posted|added|briefing|statement|address|interview|press\s+conference)\b(?:\s+[\w'’-]+){0,4}?\s+(?:in|at|from)\s+(?:the\s+)?",
            )
            .ok()
        })
        .as_ref()
    else {
        return Vec::new();
    };
    re.find_iter(sentence).map(|m| m.start()..m.end()).collect()
}

/// Whether the name at `span` follows "in", "at" or "from" in a clause that
/// a verb of speaking opened ("said in a video message from Puerto Rico").
fn spoken_from(sentence: &str, span: &Range<usize>) -> bool {
    let before = &sentence[..span.start];
    let lower = before.to_lowercase();
    let trimmed = lower.trim_end().trim_end_matches("the").trim_end();
    if !(trimmed.ends_with(" in") || trimmed.ends_with(" at") || trimmed.ends_with(" from")) {
        return false;
    }
    let clause = lower.rsplit([',', ';', ':']).next().unwrap_or(&lower);
    // The verb near before the place, with what it says ("that …") not between.
    [
        "said ",
        "told ",
        "speaking ",
        "spoke ",
        "statement",
        "video message",
        "address",
        "interview",
        "press conference",
        "announced ",
    ]
    .iter()
    .filter_map(|w| clause.rfind(w).map(|at| &clause[at..]))
    .any(|from_verb| from_verb.len() <= 70 && !from_verb.contains(" that "))
}

/// What a name means: a gazetteer entry (preferring `prefer`'s countries,
/// then a country, then the biggest town, then a division; a division first
/// when a word like "region" follows), else one of the map's regions.
pub fn resolve<'a>(name: &str, atlas: &'a Atlas, prefer: &[String], division: bool) -> Option<Found<'a>> {
    resolve_with(name, atlas, prefer, division, false)
}

/// Words that are written with a capital but are rarely a place meant.
const COMMON_WORDS: [&str; 40] = [
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
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "more",
    "one",
    "two",
    "three",
    "four",
    "five",
    "police",
    "army",
    "military",
    "forces",
    "government",
    "president",
    "officials",
    "security",
    "rebels",
    "troops",
    "fighters",
    "militants",
    "gunmen",
    "people",
    "many",
];

/// As [`resolve`]; `own_name_only` takes only places whose own name it is
/// (for a sentence's first word, capitalised whatever it is).
fn resolve_with<'a>(
    name: &str,
    atlas: &'a Atlas,
    prefer: &[String],
    division: bool,
    own_name_only: bool,
) -> Option<Found<'a>> {
    let key = fold(name);
    if key.len() < 3 || COMMON_WORDS.contains(&key.as_str()) {
        return None;
    }
    let matches: Vec<_> = atlas
        .places
        .search(name, None)
        .into_iter()
        .filter(|m| m.exact)
        .collect();
    let own: Vec<_> = matches.iter().filter(|m| m.own_name).collect();
    // Another of a place's names is a weaker sign than its own: only for a
    // division, a country or a big town ("Abiy" is a man, not Ābīy Ādī).
    let strong = |m: &&crate::model::gazetteer::Match| {
        !matches!(m.place.kind, PlaceKind::City | PlaceKind::Capital) || m.place.population >= 100_000
    };
    let pool: Vec<&crate::model::gazetteer::Match> = if !own.is_empty() {
        own
    } else if own_name_only {
        Vec::new()
    } else {
        matches.iter().filter(strong).collect()
    };
    let rank = |p: &Place| {
        let preferred = prefer.iter().any(|c| c.eq_ignore_ascii_case(&p.country));
        let kind = match (division, p.kind) {
            (true, PlaceKind::Admin1) => 0,
            (_, PlaceKind::Country) => 1,
            (_, PlaceKind::Capital | PlaceKind::City) => 2,
            _ => 3,
        };
        (!preferred, kind, std::cmp::Reverse(p.population))
    };
    let best = pool.into_iter().min_by_key(|m| rank(m.place)).map(|m| m.place);
    // A small town found only by another of its names is too weak a guess
    // ("Vladimir" the name is not Vladimir the town).
    if let Some(p) = best {
        return Some(Found::Place(p));
    }
    atlas
        .regions()
        .iter()
        .filter(|r| r.linked && r.kind != RegionKind::Country)
        .find(|r| r.is_named(name) || r.alt_names.iter().any(|a| fold(a) == key) || fold(&r.name) == key)
        .map(Found::Region)
}

/// Whether the name at `span` is what something is about ("the conflict
/// over the Nagorno-Karabakh territory", "talks on Gaza") rather than where.
pub fn is_topic(sentence: &str, span: &Range<usize>) -> bool {
    let before = sentence[..span.start].trim_end().to_lowercase();
    [
        "over the",
        "over",
        "about the",
        "about",
        "on the future of",
        "the future of",
        "concerning",
    ]
    .iter()
    .any(|w| before.ends_with(w))
}

/// Whether the name at `span` is said as where something is ("in Ukraine",
/// "across northern Mali", "inside Sudan").
pub fn is_located(sentence: &str, span: &Range<usize>) -> bool {
    let before: Vec<String> = sentence[..span.start]
        .split_whitespace()
        .rev()
        .take(3)
        .map(|w| w.to_lowercase())
        .collect();
    let located = [
        "in",
        "across",
        "throughout",
        "inside",
        "within",
        "into",
        "near",
        "outside",
        "around",
        "at",
    ];
    let qualifier = |w: &str| {
        [
            "the", "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
            "rural",
        ]
        .contains(&w)
    };
    for w in &before {
        if located.contains(&w.as_str()) {
            return true;
        }
        if !qualifier(w) {
            return false;
        }
    }
    false
}

/// The article's own countries: those its sentences name most.
pub fn main_countries(mentions: &[Mention]) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for m in mentions.iter().filter(|m| !m.speech) {
        if let Some(c) = m.country().filter(|c| !c.is_empty()) {
            match counts.iter_mut().find(|(k, _)| k == c) {
                Some(e) => e.1 += 1,
                None => counts.push((c.to_string(), 1)),
            }
        }
    }
    counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let top = counts.first().map_or(0, |c| c.1);
    counts
        .into_iter()
        .filter(|(_, n)| *n * 2 >= top)
        .map(|(c, _)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sentence: &str) -> Vec<(String, bool)> {
        let atlas = crate::embedded::atlas().unwrap();
        find(sentence, &atlas, &[])
            .into_iter()
            .map(|m| (m.name().to_string(), m.speech))
            .collect()
    }

    #[test]
    fn towns_divisions_and_countries_by_name_and_alias() {
        assert_eq!(
            names("A missile hit the railway station in Kramatorsk, in Ukraine's Donetsk region, on Friday"),
            [
                ("Kramatorsk".into(), false),
                ("Ukraine".into(), false),
                ("Donets'k".into(), false)
            ]
        );
        assert!(
            names("the outskirts of Stepanakert, which Azerbaijan calls Khankendi")[0]
                .0
                .starts_with("Khankendi")
        );
        assert_eq!(
            names("fighting in El Fasher (also spelled Al Fashir)")[0].0,
            "El Fasher"
        );
        assert_eq!(names("in North Kivu province")[0].0, "Nord-Kivu");
        assert_eq!(names("Norte de Santander department")[0].0, "Norte de Santander");
    }

    #[test]
    fn people_and_speech_are_not_where_things_happened() {
        assert!(names("Russian President Vladimir Putin hosted a summit").is_empty());
        assert!(names("Prime Minister Ariel Henry resigned").is_empty());
        let moscow =
            names("Russia's defence ministry said in Moscow that it had no combat tasks in Kramatorsk");
        assert_eq!(
            moscow,
            [
                ("Russia".into(), false),
                ("Moscow".into(), true),
                ("Kramatorsk".into(), false)
            ]
        );
        assert!(names("He told reporters in Geneva on Friday")[0].1);
    }

    #[test]
    fn the_maps_own_regions_when_the_gazetteer_lacks_them() {
        let atlas = crate::embedded::atlas().unwrap();
        let found = find("over the disputed territory of Nagorno-Karabakh", &atlas, &[]);
        assert!(matches!(found[0].found, Found::Region(r) if &*r.id == "nagorno-karabakh"));
    }
}
