//! An event's own texts (id, title, place, source title and address, quoted
//! sentences) in one allocation.
//!
//! A big import holds a million events; as separate strings their texts were
//! six allocations and 96 bytes of pointers each. Here they are one string
//! and the offsets where each part ends, so that the common case (at most
//! one quote) needs no second allocation.
//!
//! A place that ends the title (UCDP's "dyad: place", ACLED's "clash in
//! place") is not stored twice: its end is written before the title's, and
//! it reads as the title's tail of that length. A part starts where the
//! parts before it end, the furthest of them.

use super::narrow::NarrowSlice;
use smallvec::SmallVec;

/// The parts in the order they are stored; quotes follow.
const ID: usize = 0;
const TITLE: usize = 1;
const PLACE: usize = 2;
const SOURCE_TITLE: usize = 3;
const SOURCE_URL: usize = 4;
const FIXED_PARTS: usize = 5;

/// What an event's texts are made from (see [`EventTexts::new`]). An empty
/// place or address is stored as none: loaders pass blanks as `None`.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextParts<'a> {
    /// Unique in its dataset.
    pub id: &'a str,
    /// One line, as the list shows it.
    pub title: &'a str,
    /// The place's name, for an event at a point.
    pub place: Option<&'a str>,
    /// The title of the text the event comes from.
    pub source_title: &'a str,
    /// Where that text is published.
    pub source_url: Option<&'a str>,
    /// The source's own sentences, verbatim.
    pub quotes: &'a [&'a str],
}

/// Where each part of an event's texts ends (see [`EventTexts`]).
pub type PartEnds = SmallVec<[u32; FIXED_PARTS + 1]>;

/// Writes the parts end to end into `text`, and where each ends into `ends`
/// (both emptied first): what [`EventTexts::new`] stores, into buffers a
/// loader reuses row after row. Texts past 4 GiB in all are cut off.
pub fn write_parts(parts: TextParts, text: &mut String, ends: &mut PartEnds) {
    let fixed = [
        parts.id,
        parts.title,
        parts.place.unwrap_or_default(),
        parts.source_title,
        parts.source_url.unwrap_or_default(),
    ];
    let title_tail = parts
        .place
        .filter(|place| !place.is_empty() && parts.title.ends_with(place))
        .map_or(0, str::len);
    let all = fixed.iter().chain(parts.quotes);
    text.clear();
    ends.clear();
    text.reserve(all.clone().map(|p| p.len()).sum::<usize>() - title_tail);
    for (k, part) in all.enumerate() {
        if k == PLACE && title_tail > 0 {
            // The title's tail: its end is where it starts in the title.
            ends.push((text.len() - title_tail) as u32);
            continue;
        }
        let end = text.len() + part.len();
        if u32::try_from(end).is_err() {
            break;
        }
        text.push_str(part);
        ends.push(end as u32);
    }
}

/// An event's texts, stored end to end (see the module docs).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct EventTexts {
    text: Box<str>,
    /// Where each part ends in `text`: the fixed parts, then one per quote.
    /// Blank optional parts are empty (`place`, `source_url` give `None`).
    ends: PartEnds,
}

impl EventTexts {
    /// Stores the parts. Texts past 4 GiB in all (no loader accepts such a
    /// field) are cut off rather than stored.
    pub fn new(parts: TextParts) -> Self {
        let mut text = String::new();
        let mut ends = PartEnds::new();
        write_parts(parts, &mut text, &mut ends);
        Self {
            text: text.into_boxed_str(),
            ends,
        }
    }

    /// The texts, borrowed: what an event stored by column also gives.
    pub fn as_ref(&self) -> TextsRef<'_> {
        TextsRef {
            text: &self.text,
            ends: NarrowSlice::U32(&self.ends),
        }
    }

    /// The event's id, unique in its dataset.
    pub fn id(&self) -> &str {
        self.as_ref().id()
    }

    /// The one-line title.
    pub fn title(&self) -> &str {
        self.as_ref().title()
    }

    /// The place's name, if the source gives one.
    pub fn place(&self) -> Option<&str> {
        self.as_ref().place()
    }

    /// The title of the source text (empty if not given).
    pub fn source_title(&self) -> &str {
        self.as_ref().source_title()
    }

    /// Where the source text is published.
    pub fn source_url(&self) -> Option<&str> {
        self.as_ref().source_url()
    }

    /// The source's own sentences, verbatim, in order.
    pub fn quotes(&self) -> impl ExactSizeIterator<Item = &str> + Clone {
        self.as_ref().quotes()
    }
}

/// An event's texts, borrowed: all its parts end to end, and where each
/// part ends (see [`EventTexts`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextsRef<'a> {
    /// The parts, end to end.
    pub text: &'a str,
    /// Where each part ends in `text`.
    pub ends: NarrowSlice<'a>,
}

impl<'a> TextsRef<'a> {
    /// The part `k`; empty when it was not stored.
    fn part(self, k: usize) -> &'a str {
        let end_of = |k: usize| self.ends.get(k).map_or(0, |e| e as usize);
        // Where the parts before it end; only the place can end before the
        // part ahead of it (see the module docs).
        let start = match k {
            0 => 0,
            1 => end_of(0),
            _ => end_of(k - 1).max(end_of(k - 2)),
        };
        let end = self.ends.get(k).map_or(start, |e| e as usize);
        let range = if end < start { end..start } else { start..end };
        self.text.get(range).unwrap_or_default()
    }

    fn optional(self, k: usize) -> Option<&'a str> {
        Some(self.part(k)).filter(|p| !p.is_empty())
    }

    /// The event's id, unique in its dataset.
    pub fn id(self) -> &'a str {
        self.part(ID)
    }

    /// The one-line title.
    pub fn title(self) -> &'a str {
        self.part(TITLE)
    }

    /// The place's name, if the source gives one.
    pub fn place(self) -> Option<&'a str> {
        self.optional(PLACE)
    }

    /// The title of the source text (empty if not given).
    pub fn source_title(self) -> &'a str {
        self.part(SOURCE_TITLE)
    }

    /// Where the source text is published.
    pub fn source_url(self) -> Option<&'a str> {
        self.optional(SOURCE_URL)
    }

    /// The source's own sentences, verbatim, in order.
    pub fn quotes(self) -> impl ExactSizeIterator<Item = &'a str> + Clone {
        (FIXED_PARTS..self.ends.len().max(FIXED_PARTS)).map(move |k| self.part(k))
    }

    /// The same texts, owned.
    pub fn to_owned(self) -> EventTexts {
        EventTexts {
            text: self.text.into(),
            ends: self.ends.iter().collect(),
        }
    }
}

impl std::fmt::Debug for EventTexts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventTexts")
            .field("id", &self.id())
            .field("title", &self.title())
            .field("place", &self.place())
            .field("source_title", &self.source_title())
            .field("source_url", &self.source_url())
            .field("quotes", &self.quotes().collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_comes_back_as_stored() {
        let texts = EventTexts::new(TextParts {
            id: "ucdp-1",
            title: "A – B: Stepanakert",
            place: Some("Stepanakert"),
            source_title: "AFP,\n2020-09-28",
            source_url: Some("https://example.org/a"),
            quotes: &["First sentence.", "", "Third, after an empty one."],
        });
        assert_eq!(texts.id(), "ucdp-1");
        assert_eq!(texts.title(), "A – B: Stepanakert");
        assert_eq!(texts.place(), Some("Stepanakert"));
        assert_eq!(texts.source_title(), "AFP,\n2020-09-28");
        assert_eq!(texts.source_url(), Some("https://example.org/a"));
        assert_eq!(
            texts.quotes().collect::<Vec<_>>(),
            ["First sentence.", "", "Third, after an empty one."]
        );
    }

    #[test]
    fn a_place_that_ends_the_title_is_stored_once() {
        for (title, place) in [("A – B: Stepanakert", "Stepanakert"), ("Shuşa", "Shuşa")] {
            let texts = EventTexts::new(TextParts {
                id: "ucdp-1",
                title,
                place: Some(place),
                source_title: "AFP",
                quotes: &["Q."],
                ..TextParts::default()
            });
            assert_eq!(&*texts.text, format!("ucdp-1{title}AFPQ."));
            assert_eq!((texts.title(), texts.place()), (title, Some(place)));
            assert_eq!((texts.source_title(), texts.source_url()), ("AFP", None));
            assert_eq!(texts.quotes().collect::<Vec<_>>(), ["Q."]);
            assert_eq!(texts.as_ref().to_owned(), texts);
        }
        // Elsewhere in the title, it is stored on its own.
        let texts = EventTexts::new(TextParts {
            id: "e",
            title: "Stepanakert shelled",
            place: Some("Stepanakert"),
            ..TextParts::default()
        });
        assert_eq!(&*texts.text, "eStepanakert shelledStepanakert");
        assert_eq!(texts.place(), Some("Stepanakert"));
    }

    #[test]
    fn missing_parts_are_none_or_empty() {
        let texts = EventTexts::new(TextParts {
            id: "e",
            title: "T",
            ..TextParts::default()
        });
        assert_eq!((texts.id(), texts.title()), ("e", "T"));
        assert_eq!(texts.place(), None);
        assert_eq!(texts.source_url(), None);
        assert_eq!(texts.source_title(), "");
        assert_eq!(texts.quotes().len(), 0);
        let empty = EventTexts::default();
        assert_eq!((empty.id(), empty.quotes().len(), empty.place()), ("", 0, None));
    }

    #[test]
    fn one_quote_needs_no_second_allocation() {
        let texts = EventTexts::new(TextParts {
            id: "e",
            quotes: &["Only one."],
            ..TextParts::default()
        });
        assert!(!texts.ends.spilled());
        assert_eq!(&*texts.text, "eOnly one.");
        let two = EventTexts::new(TextParts {
            quotes: &["One.", "Two."],
            ..TextParts::default()
        });
        assert!(two.ends.spilled());
        assert_eq!(two.quotes().collect::<Vec<_>>(), ["One.", "Two."]);
    }
}
