//! A news article's happenings as events, by rule: each sentence that states
//! a happening (a fight, a strike, a ceasefire, talks, a statement, …) with
//! the time its words give, resolved against the publication date or the
//! story told before it; the killed and the wounded it states; the places it
//! names. Nothing is made up: a date, a number or a place is the text's or
//! the gazetteer's, and a happening the text gives no date for is set aside
//! as undated, not dated.

pub mod events;
pub mod places;
pub mod published;
pub mod sentences;
pub mod timex;
pub mod tolls;
pub mod triggers;

use crate::model::Atlas;
use crate::model::casualties::Casualties;
use crate::model::date::{FuzzyDate, FuzzyInterval, Precision};
use chrono::{Datelike, Days, NaiveDate};
use places::{Found, Mention};
use regex_lite::Regex;
use sentences::Sentence;
use std::sync::OnceLock;
use timex::{Basis, Context, TimeMention};

/// An article as read: its title, its body (paragraphs on lines of their
/// own) and what is known of its publication.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    pub title: String,
    pub body: String,
    pub published: Option<NaiveDate>,
    /// Who published it ("Meridian News"), if the page says.
    pub publisher: Option<String>,
    pub url: Option<String>,
    /// Paragraphs (counted from 0) that open a new section (after a
    /// subheading): a sentence there does not continue the story before.
    pub section_starts: Vec<usize>,
}

/// A place an event's sentences name.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedPlace {
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    /// ISO alpha-2 (empty for the map's own regions).
    pub country: String,
    /// The id of the map region it is, if it is one (a disputed territory).
    pub region: Option<String>,
}

/// One happening found in the article.
#[derive(Clone, Debug, PartialEq)]
pub struct Happening {
    /// The sentences that state it (positions in [`Extraction::sentences`]).
    pub sentences: Vec<usize>,
    pub kind: &'static str,
    pub when: FuzzyInterval,
    /// How the date was read: "'on Tuesday', before Wed 20 Sep 2023 → 19 Sep 2023".
    pub date_text: String,
    pub killed: Option<Casualties>,
    pub wounded: Option<Casualties>,
    /// Where it happened: the most specific place its sentences name (not
    /// where someone spoke), if any.
    pub place: Option<NamedPlace>,
    /// Every place its sentences name.
    pub places: Vec<NamedPlace>,
    pub title: String,
}

/// What the extractor found in an article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extraction {
    pub sentences: Vec<Sentence>,
    pub events: Vec<Happening>,
    /// Sentences that state a happening with no date the text gives (not
    /// placed in time, so not events on the timeline).
    pub undated: Vec<usize>,
    /// The countries (ISO alpha-2) the article is mostly about.
    pub main_countries: Vec<String>,
}

/// The story told so far: the date of the last sentence that gave one, and
/// the last event, with the paragraphs they are in.
#[derive(Clone, Copy, Debug, Default)]
struct Story {
    date: Option<(FuzzyInterval, usize)>,
    event: Option<(usize, usize)>,
}

/// The events of `article`, published on `published`, with places from `atlas`.
pub fn extract(article: &Article, published: NaiveDate, atlas: &Atlas) -> Extraction {
    let text = &article.body;
    let sentences = sentences::split(text);
    // The article's own countries first, to settle ambiguous names.
    let all_mentions: Vec<Mention> = sentences
        .iter()
        .flat_map(|s| places::find(&text[s.range.clone()], atlas, &[]))
        .collect();
    let main = places::main_countries(&all_mentions);
    let mut x = Extraction {
        main_countries: main.clone(),
        sentences: sentences.clone(),
        ..Extraction::default()
    };
    let mut story = Story::default();
    for (k, s) in sentences.iter().enumerate() {
        let sentence = &text[s.range.clone()];
        // A new section's first sentence continues no story.
        let follows = |paragraph: usize| {
            s.paragraph == paragraph
                || (s.paragraph == paragraph + 1 && !article.section_starts.contains(&s.paragraph))
        };
        let ctx = Context {
            published,
            story: story.date.map(|(d, _)| d),
        };
        let found_times = timex::find(sentence, &ctx);
        let main_clause = triggers::main_clause(sentence);
        // "… on Monday, only hours after a fresh shootout": the sentence's
        // own happening is before "hours after", a second one after it.
        let split_at = secondary_start(sentence);
        let own_part = &sentence[..split_at.unwrap_or(sentence.len())];
        let own_clause = triggers::main_clause(own_part);
        // "since the truce" dates the clashes; it is not a truce.
        let without_since = |clause: &str| -> String {
            let mut c = clause.to_string();
            for t in found_times.iter().filter(|t| t.since.is_some()) {
                c = c.replace(&sentence[t.span.clone()], " ");
            }
            c
        };
        let time_spans: Vec<std::ops::Range<usize>> = found_times.iter().map(|t| t.span.clone()).collect();
        let tolls = tolls::find(own_part, &time_spans);
        let kind = triggers::kind_of(&without_since(&own_clause))
            .or_else(|| triggers::kind_of(&without_since(&main_clause)))
            .or(tolls.killed.as_ref().map(|_| "clash"));
        let times: Vec<TimeMention> = found_times
            .into_iter()
            .filter(|t| split_at.is_none_or(|at| t.span.start < at))
            .filter_map(|m| resolve_since(m, &x.events, published))
            .collect();
        // The time this sentence gives its happening: in "X said on Monday
        // that Y happened last year", Y's (unless the happening is the saying).
        let own_time = pick_time(sentence, &times, kind);
        let Some(kind) = kind.filter(|_| !triggers::is_unrealised(sentence)) else {
            // No happening here; its date, if it gives one, is the story's now,
            // and a sentence of the story ("the talks ended …") carries it on.
            if let Some(w) = own_time.and_then(|t| t.when) {
                story.date = Some((w, s.paragraph));
            } else if kind.is_some()
                && let Some((d, p)) = story.date
                && follows(p)
            {
                story.date = Some((d, s.paragraph));
            }
            continue;
        };
        let continues = !triggers::is_habitual(sentence) && !triggers::is_present_perfect(sentence);
        let inherited_date = story
            .date
            .filter(|(_, p)| continues && follows(*p))
            .map(|(d, _)| d);
        let (primary, inherited) = match own_time.cloned() {
            Some(t) if t.when.is_some() => (t, false),
            _ => match inherited_date {
                Some(d) => (
                    TimeMention {
                        span: 0..0,
                        phrase: String::new(),
                        when: Some(d),
                        basis: Basis::Story,
                        since: None,
                        separate: false,
                    },
                    true,
                ),
                None => {
                    x.undated.push(k);
                    continue;
                }
            },
        };
        let Some(when) = primary.when else { continue };
        // What talks or a statement are about is not where they were.
        let about_only = matches!(kind, "diplomacy" | "statement");
        // Who said it ("…, Thai officials said") is not where it happened.
        let place_part = triggers::strip_attribution(own_part);
        let mentions: Vec<Mention> = places::find(place_part, atlas, &main)
            .into_iter()
            .filter(|m| !(m.speech || about_only && places::is_topic(place_part, &m.span)))
            .collect();
        let named: Vec<NamedPlace> = mentions.iter().filter_map(named_place).collect();
        let place = best_place(place_part, &mentions);
        // A truce, talks: their sentence's toll is the war's, told in passing.
        let (killed, wounded) = if matches!(kind, "truce" | "diplomacy") {
            (None, None)
        } else {
            (tolls.killed.clone(), tolls.wounded.clone())
        };
        let last_event = story.event.filter(|(_, p)| follows(*p));
        // A sentence that only restates the happening before it is one more of its sentences.
        if inherited
            && killed.is_none()
            && wounded.is_none()
            && place.is_none()
            && let Some((e, p)) = last_event
            && let Some(prev) = x.events.get_mut(e)
            && prev.kind == kind
            && split_at.is_none()
        {
            prev.sentences.push(k);
            story.event = Some((e, s.paragraph.max(p)));
            if let Some((d, _)) = story.date {
                story.date = Some((d, s.paragraph));
            }
            continue;
        }
        if inherited && let Some((d, _)) = story.date {
            story.date = Some((d, s.paragraph));
        }
        let story_place = last_event
            .filter(|_| inherited)
            .and_then(|(e, _)| x.events.get(e))
            .and_then(|e| e.place.clone());
        let said = if inherited {
            let before = last_event
                .and_then(|(e, _)| x.events.get(e))
                .map(|e| e.date_text.split(" → ").next().unwrap_or("").to_string())
                .unwrap_or_default();
            format!(
                "no date of its own: continues the story before it ({before}) → {}",
                human(&when)
            )
        } else {
            date_text(&primary, &when, published, ctx.story.as_ref())
        };
        let event = Happening {
            sentences: vec![k],
            kind,
            when,
            date_text: said,
            killed,
            wounded,
            place: place.or(story_place),
            places: named,
            title: title(sentence, primary.span.clone()),
        };
        x.events.push(event.clone());
        story.event = Some((x.events.len() - 1, s.paragraph));
        if !inherited {
            story.date = Some((when, s.paragraph));
        }
        // The second happening: "… only hours after a fresh shootout".
        if let Some(at) = split_at
            && let Some(second) = secondary(&sentence[at..], &primary, &when, kind, atlas, &main)
        {
            x.events.push(Happening {
                sentences: vec![k],
                ..second
            });
        }
        // "in 1991 and 2020": one happening for each date.
        for other in times.iter().filter(|t| t.separate) {
            let Some(w) = other.when else { continue };
            x.events.push(Happening {
                when: w,
                date_text: date_text(other, &w, published, ctx.story.as_ref()),
                ..event.clone()
            });
        }
    }
    x
}

/// The time a sentence gives its happening: its first phrase, except that
/// in "X said on Monday that Y happened in January" Y's is the one after
/// "that" (the saying's time is the statement's).
fn pick_time<'t>(sentence: &str, times: &'t [TimeMention], kind: Option<&str>) -> Option<&'t TimeMention> {
    let first = times.iter().find(|t| !t.separate);
    if kind == Some("statement") {
        return first;
    }
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(r"(?i)\b(?:said|says|told\s+\w+|reported|announced|estimated)\b[^.;]*?\bthat\b").ok()
        })
        .as_ref();
    let content_from = re.and_then(|re| re.find(sentence)).map(|m| m.end());
    match content_from {
        Some(at) => times.iter().find(|t| !t.separate && t.span.start >= at).or(first),
        None => first,
    }
}

/// Where a happening was: the most specific place its words name; of
/// countries, one said as where ("in Ukraine") before one that is a party
/// ("Russia launched its invasion of Ukraine": Ukraine).
fn best_place(clause: &str, mentions: &[Mention]) -> Option<NamedPlace> {
    let first_word = clause.len() - clause.trim_start().len();
    mentions
        .iter()
        .enumerate()
        .max_by_key(|(i, m)| {
            let subject = m.span.start <= first_word + 1;
            let possessive = clause[m.span.end..].starts_with(['\'', '’']);
            // Where ("in Ukraine"), then whose ("Myanmar's security forces"),
            // then what ("an invasion of Ukraine"), then who ("Russia launched").
            let role = if places::is_located(clause, &m.span) {
                3
            } else if subject && possessive {
                2
            } else if !subject {
                1
            } else {
                0
            };
            (m.specificity(), role, std::cmp::Reverse(*i))
        })
        .and_then(|(_, m)| named_place(m))
}

/// "since the truce", "hours before the truce": counted from the last event
/// of that kind told before.
fn resolve_since(m: TimeMention, events: &[Happening], published: NaiveDate) -> Option<TimeMention> {
    let Some(since) = &m.since else {
        return Some(m);
    };
    let words: Vec<&str> = since.split(' ').collect();
    let (unit, word, what) = match words.as_slice() {
        [word, what] => (None, *word, *what),
        [unit @ .., word, what] => (Some(unit.join(" ")), *word, *what),
        _ => return None,
    };
    let kind = match what {
        "truce" | "ceasefire" | "cease-fire" | "agreement" | "deal" => "truce",
        "war" | "invasion" => "war",
        "offensive" => "clash",
        "attack" => "attack",
        _ => return None,
    };
    let earlier = events.iter().rev().find(|e| e.kind == kind)?;
    let (start, end) = (earlier.when.from.first_day(), earlier.when.to.last_day());
    let around = |a: NaiveDate, b: NaiveDate| FuzzyInterval {
        from: FuzzyDate::day(a).approx(),
        to: FuzzyDate::day(b).approx(),
    };
    let days = |u: &str| -> u64 {
        match u {
            "hours" | "shortly" => 1,
            "a day" => 1,
            "days" => 7,
            _ => 42,
        }
    };
    let when = match (word, unit.as_deref()) {
        ("since" | "after", None) => FuzzyInterval {
            from: earlier.when.from,
            to: FuzzyDate::day(published),
        },
        ("until", None) => earlier.when,
        ("before", None) => earlier.when,
        ("before", Some(u)) => around(start.checked_sub_days(Days::new(days(u)))?, start),
        (_, Some(u)) => around(end, end.checked_add_days(Days::new(days(u)))?.min(published)),
        _ => return None,
    };
    Some(TimeMention {
        when: Some(when),
        ..m
    })
}

fn named_place(m: &Mention) -> Option<NamedPlace> {
    let [lon, lat] = m.point()?;
    Some(NamedPlace {
        name: m.name().to_string(),
        lon,
        lat,
        country: m.country().unwrap_or_default().to_string(),
        region: match m.found {
            Found::Region(r) => Some(r.id.to_string()),
            Found::Place(_) => None,
        },
    })
}

/// "'on Tuesday', before Wed 20 Sep 2023 → 19 Sep 2023".
fn date_text(
    m: &TimeMention,
    when: &FuzzyInterval,
    published: NaiveDate,
    story: Option<&FuzzyInterval>,
) -> String {
    let said = m.phrase.trim_end_matches(['.', ',', ';']);
    let basis = match m.basis {
        Basis::Absolute => String::new(),
        Basis::Publication => format!(", before {}", weekday_date(published)),
        Basis::Story => match story {
            Some(s) if m.since.is_none() => format!(", from the story's date ({})", human(s)),
            _ => ", from the event it names".to_string(),
        },
    };
    format!("'{said}'{basis} → {}", human(when))
}

/// "Wed 20 Sep 2023".
fn weekday_date(day: NaiveDate) -> String {
    format!("{} {}", day.weekday(), FuzzyDate::day(day).human())
}

/// A date or span in words, with "~" where approximate.
fn human(when: &FuzzyInterval) -> String {
    when.human()
}

/// A short title: the sentence's own words without a leading time phrase,
/// cut at a word.
fn title(sentence: &str, time: std::ops::Range<usize>) -> String {
    let mut text = sentence.trim();
    if time.start == 0 && time.end > 0 && time.end <= sentence.len() {
        text = sentence[time.end..].trim_start_matches([',', ' ', ';', ':']);
    }
    let text = text.trim_end_matches(['.', '!', '?']);
    // What is left of a time phrase ("In recent months only, the …").
    let text = match text.split_once(", ") {
        Some((head, rest)) if head.split_whitespace().count() <= 1 => rest,
        _ => text,
    };
    let mut chars = text.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    shorten(&(first + chars.as_str()), 80)
}

/// The first `max` characters of `text`, cut at a word and marked "…".
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Where a second happening's "hours after …" begins in a sentence: after
/// "hours", "a day", "days" … and "after" or "before", a noun phrase.
fn secondary_start(sentence: &str) -> Option<usize> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(r"(?i),?\s*\b(?:only\s+|just\s+)?(?:hours|minutes|moments|a\s+day|one\s+day|two\s+days|days|a\s+week|weeks|shortly)\s+(?:after|before)\s+\w").ok()
        })
        .as_ref()?;
    re.find(sentence).map(|m| m.start()).filter(|&at| at > 0)
}

/// The second happening of "… on Monday, only hours after a fresh shootout
/// along the border" (`rest` is from "only hours"): dated back (or on) from
/// the first, with its own toll and places.
fn secondary(
    rest: &str,
    primary: &TimeMention,
    when: &FuzzyInterval,
    kind: &str,
    atlas: &Atlas,
    main: &[String],
) -> Option<Happening> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(
                r"(?i)^,?\s*(?:only\s+|just\s+)?(hours|minutes|moments|a\s+day|one\s+day|two\s+days|days|a\s+week|weeks|shortly)\s+(after|before)\s+(.+)$",
            )
            .ok()
        })
        .as_ref()?;
    let caps = re.captures(rest)?;
    let phrase = caps.get(3)?.as_str().trim_end_matches(['.', '!', '?']);
    let other = triggers::kind_of(phrase)?;
    let tolls = tolls::find(phrase, &[]);
    let _ = kind;
    let unit = caps.get(1)?.as_str().to_lowercase();
    let unit = unit.split_whitespace().collect::<Vec<_>>().join(" ");
    let before = caps.get(2)?.as_str().eq_ignore_ascii_case("before");
    let (start, end) = (when.from.first_day(), when.to.last_day());
    let day = |d: NaiveDate| FuzzyDate::day(d).approx();
    let back = |n: u64| start.checked_sub_days(Days::new(n));
    let on = |n: u64| end.checked_add_days(Days::new(n));
    let exact = !when.is_approximate() && is_day(when);
    let sure = |d: NaiveDate| if exact { FuzzyDate::day(d) } else { day(d) };
    let (from, to) = match (unit.as_str(), before) {
        ("hours" | "minutes" | "moments" | "shortly", false) => (day(back(1)?), day(start)),
        ("hours" | "minutes" | "moments" | "shortly", true) => (day(end), day(on(1)?)),
        ("a day" | "one day", false) => (sure(back(1)?), sure(back(1)?)),
        ("a day" | "one day", true) => (sure(on(1)?), sure(on(1)?)),
        ("two days", false) => (sure(back(2)?), sure(back(2)?)),
        ("two days", true) => (sure(on(2)?), sure(on(2)?)),
        ("days", false) => (day(back(7)?), day(back(1)?)),
        ("days", true) => (day(on(1)?), day(on(7)?)),
        (_, false) => (day(back(42)?), day(back(7)?)),
        (_, true) => (day(on(7)?), day(on(42)?)),
    };
    let second = FuzzyInterval { from, to };
    let said = caps.get(0)?.as_str();
    let said = said
        .split(phrase)
        .next()
        .unwrap_or(said)
        .trim()
        .trim_start_matches(',')
        .trim();
    let mentions: Vec<Mention> = places::find(phrase, atlas, main)
        .into_iter()
        .filter(|m| !m.speech)
        .collect();
    let anchor = if primary.phrase.is_empty() {
        "the story's date".to_string()
    } else {
        format!("'{}'", primary.phrase.trim_end_matches([',', '.']))
    };
    Some(Happening {
        sentences: Vec::new(),
        kind: other,
        when: second,
        date_text: format!("'{said}' {anchor} ({}) → {}", human(when), human(&second)),
        killed: tolls.killed,
        wounded: tolls.wounded,
        place: best_place(phrase, &mentions),
        places: mentions.iter().filter_map(named_place).collect(),
        title: shorten(&capitalise(phrase), 80),
    })
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether `when` is known to the day.
pub fn is_day(when: &FuzzyInterval) -> bool {
    when.precision() == Precision::Day
}
