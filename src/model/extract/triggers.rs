//! What kind of happening a sentence states, if any: the words that say
//! fighting, a strike, a ceasefire, talks, a statement, a protest, a
//! blockade or a war; and the words that make it no happening (yet): the
//! future, a plan, a possibility.

use regex_lite::Regex;
use std::sync::OnceLock;

/// The kinds of event the extractor gives, strongest first: where a
/// sentence has words of several, the first in this list names it.
pub const KINDS: [(&str, &str); 10] = [
    ("war", r"\b(war|wars|invasion|invaded|invade)\b"),
    (
        "truce",
        r"\b(ceasefire|cease-fire|truce|armistice|peace\s+deal|peace\s+agreement|peace\s+accord|signed\s+(?:a|an|the)\s+(?:deal|agreement|accord))\b",
    ),
    (
        "strike",
        r"\b(air\s*raids?|air\s*strikes?|airstrikes?|drone\s+strikes?|drone\s+attacks?|strikes?|struck|missiles?|rockets?|shelling|shelled|shells|bombed|bombing|bombardment|bombarded|artillery|pounding|pounded|fired\s+(?:missiles|rockets|shells)|barrage|drones)\b",
    ),
    (
        "protest",
        r"\b(protests?|protesters|protestors|protested|demonstrat\w*|rall(?:y|ies|ied)|marched|marches|march\s+on|riots?|stormed\s+parliament|tear\s+gas|water\s+cannon)\b",
    ),
    (
        "attack",
        r"\b(attacks?|attacked|massacre\w*|ambush\w*|raids?|raided|assault\w*|stormed|gunmen|suicide\s+bomb\w*|explosions?|blasts?|killed|killing|shot|stabbed|hacked|abduct\w*|kidnapp\w*|executed|prison\s+break|broke\s+out\s+of|crackdown|sank|burned|torched|looted)\b",
    ),
    (
        "clash",
        r"\b(clash\w*|fighting|fought|fight|battles?|battled|skirmish\w*|exchanged\s+fire|opened\s+fire|came\s+under\s+fire|shootout|gunfire|offensive|operation|seized|captured|capturing|recaptured|took\s+control|took\s+over|taken|overran|overrun|retook|retaken|advanced|advance|push\s+into|entered|occupied|occupation|siege|besieged|encircled|withdrew|withdrawal|violence|insurgency|uprising|rebellion|coups?|toppled|ousted|overthrew|territory)\b",
    ),
    (
        "blockade",
        r"\b(blockade\w*|blocked|blocking|checkpoints?|closed\s+the\s+(?:road|corridor|border|crossing)|cut\s+off)\b",
    ),
    (
        "diplomacy",
        r"\b(talks|summit|met|meets|meeting|negotiat\w*|hosted|visit\w*|mediat\w*|brokered|phone\s+call|telephone\s+call|envoy|resigned|resign|resignation|sworn\s+in|elected|appointed|approved|vote|voted|passed|sanctions|signed|formed|founded|ruled|court|resolution)\b",
    ),
    (
        "statement",
        r"\b(said|says|urged|warned|called\s+on|called\s+for|called\s+the|condemned|announced|accused|denied|told|stated|declared|vowed|pledged|promised|promise|demanded|appealed|praised|apologi[sz]ed|insisted|claimed|admitted|confirmed|reported|statement|added)\b",
    ),
    (
        "other",
        r"\b(displaced|fled|evacuated|arrested|detained|released|freed|escaped)\b",
    ),
];

fn kind_regexes() -> &'static [(&'static str, Regex)] {
    static RES: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    RES.get_or_init(|| {
        KINDS
            .iter()
            .filter_map(|(kind, pattern)| Some((*kind, Regex::new(&format!("(?i){pattern}")).ok()?)))
            .collect()
    })
}

/// The kind of happening `clause` states, if any (see [`KINDS`]).
pub fn kind_of(clause: &str) -> Option<&'static str> {
    kind_regexes()
        .iter()
        .find(|(_, re)| re.is_match(clause))
        .map(|(kind, _)| *kind)
}

/// Whether the words say what will or may happen, not what did: a plan,
/// a forecast, a possibility.
pub fn is_unrealised(sentence: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            // "may" in lower case only: May the month is not a maybe.
            r"(?i:\b(will|shall|is\s+expected\s+to|are\s+expected\s+to|is\s+due\s+to|are\s+due\s+to|plans?\s+to|planned\s+to|is\s+scheduled|are\s+scheduled|next\s+week|next\s+month|next\s+year|tomorrow|might|would\s+(?:be|have)|(?:is|are)\s+possible)\b)|\bmay\s+\w+",
        )
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(&main_clause(sentence)))
}

/// The sentence without what it quotes (a quote's "will" is the speaker's,
/// not the reporter's) and without a trailing attribution.
pub fn main_clause(sentence: &str) -> String {
    let mut out = String::with_capacity(sentence.len());
    let mut quoted = false;
    for c in sentence.chars() {
        match c {
            '"' => quoted = !quoted,
            '“' => quoted = true,
            '”' => quoted = false,
            _ if !quoted => out.push(c),
            _ => {}
        }
    }
    strip_attribution(&out).to_string()
}

/// A sentence without its trailing ", officials said." or ", according to X.":
/// who said it is not what happened.
pub fn strip_attribution(sentence: &str) -> &str {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?i),\s*(?:(?:[\w'’.-]+\s+){0,8}(?:said|says|told\s+\w+(?:\s+\w+)?|reported|added|according\s+to\s+.*)|according\s+to\s+[^,]*)\s*[.!?]?\s*$",
        )
        .ok()
    });
    match re.as_ref().and_then(|re| re.find(sentence)) {
        Some(m) if m.start() > 0 => &sentence[..m.start()],
        _ => sentence,
    }
}

/// Whether the sentence tells of a state or a habit, not a happening at a
/// time: "have repeatedly urged", "has long been", "remains".
pub fn is_habitual(sentence: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(repeatedly|regularly|often|frequently|routinely|has\s+long|have\s+long|remains|remain|continues\s+to|continue\s+to|says|denies|insists|maintains|argues|accuses|blames|had\s+already|has\s+already|have\s+already)\b|(?i)^\s*the\s+(?:last|previous|first|latest|worst|deadliest)\b[^,]*\b(?:was|were)\b",
        )
        .ok()
    })
    .as_ref()
    .is_some_and(|re| re.is_match(sentence))
}

/// Whether the sentence speaks in the present perfect ("have urged", "has
/// blocked"): a happening up to now, with no time of its own.
pub fn is_present_perfect(sentence: &str) -> bool {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(has|have)\s+(?:\w+ly\s+)?(?:been\s+)?(?:\w+(?:ed|en|ght|wn|un)|had|made|said|seen|done|gone|got|led|left|lost|fled|met|held|hit|shot|cut|set|put|won)\b").ok()
    })
        .as_ref()
        .is_some_and(|re| re.is_match(&main_clause(sentence)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_their_words_strongest_first() {
        assert_eq!(
            kind_of("A Russian missile hit the railway station"),
            Some("strike")
        );
        assert_eq!(
            kind_of("The fighting stopped under a ceasefire brokered by Russia"),
            Some("truce")
        );
        assert_eq!(
            kind_of("thousands of protesters clashed with police"),
            Some("protest")
        );
        assert_eq!(kind_of("Armenia and Azerbaijan fought two wars"), Some("war"));
        assert_eq!(
            kind_of("The foreign ministers met with Blinken in Washington"),
            Some("diplomacy")
        );
        assert_eq!(kind_of("Peskov urged both parties to refrain"), Some("statement"));
        assert_eq!(
            kind_of("Azerbaijan has blocked the Lachin corridor"),
            Some("blockade")
        );
        assert_eq!(kind_of("Both are former Soviet republics"), None);
    }

    #[test]
    fn plans_and_possibilities_are_not_happenings() {
        assert!(is_unrealised("Talks are expected to resume next week."));
        assert!(is_unrealised("The army will withdraw."));
        assert!(!is_unrealised("He said: \"We will never give up.\""));
        assert!(!is_unrealised("The talks ended on Monday."));
        assert!(is_unrealised("Fighting may resume."));
        assert!(!is_unrealised("In May 2024 the town fell."));
    }

    #[test]
    fn attributions_are_not_the_happening() {
        assert_eq!(
            strip_attribution("A missile hit the station, killing 50, regional officials said."),
            "A missile hit the station, killing 50"
        );
        assert_eq!(
            strip_attribution("Shelling killed four, according to the health ministry."),
            "Shelling killed four"
        );
        assert_eq!(
            strip_attribution("Peskov said the talks failed."),
            "Peskov said the talks failed."
        );
    }

    #[test]
    fn states_and_habits_have_no_time() {
        assert!(is_habitual(
            "Ukrainian officials have repeatedly urged civilians to leave"
        ));
        assert!(is_present_perfect(
            "Ukrainian officials have repeatedly urged civilians to leave"
        ));
        assert!(is_present_perfect("Azerbaijan has blocked the road"));
        assert!(!is_present_perfect("Azerbaijan blocked the road"));
    }
}
