//! What the article panel shows of an article: its sentences in its own
//! order, each linked to the events that quote it. An extracted article
//! keeps its whole text (every sentence, in paragraphs); a dataset that only
//! quotes its source keeps the quoted sentences, in the article's order
//! where its text is known.

use super::catalog::Catalog;
use super::date::FuzzyDate;
use super::extract::{Article, Extraction};

/// One sentence of the article.
#[derive(Clone, Debug, PartialEq)]
pub struct Passage {
    /// The article's own words.
    pub text: String,
    /// The paragraph it is in, counted from 0.
    pub paragraph: usize,
    /// The events (catalog positions) that quote it.
    pub events: Vec<usize>,
    /// It states a happening whose date the text does not give: not on the
    /// timeline, shown so that nothing is dropped silently.
    pub undated: bool,
}

/// An article as the panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ArticleDoc {
    pub title: String,
    /// "DW, 8 Nov 2022".
    pub source: String,
    pub url: Option<String>,
    /// The catalog dataset its events are in.
    pub dataset: usize,
    pub passages: Vec<Passage>,
    /// Whether `passages` are the whole text, or only the sentences quoted.
    pub whole_text: bool,
}

impl ArticleDoc {
    /// An extracted article, whose events are at catalog positions `first..`
    /// in the order of `x.events`, in dataset `dataset`.
    /// `published` is the day its dates were read against.
    pub fn from_extraction(
        article: &Article,
        x: &Extraction,
        published: chrono::NaiveDate,
        first: usize,
        dataset: usize,
    ) -> Self {
        let mut passages: Vec<Passage> = x
            .sentences
            .iter()
            .map(|s| Passage {
                text: article.body.get(s.range.clone()).unwrap_or_default().to_string(),
                paragraph: s.paragraph,
                events: Vec::new(),
                undated: false,
            })
            .collect();
        for (k, happening) in x.events.iter().enumerate() {
            for &s in &happening.sentences {
                if let Some(p) = passages.get_mut(s) {
                    p.events.push(first + k);
                }
            }
        }
        for &s in &x.undated {
            if let Some(p) = passages.get_mut(s) {
                p.undated = p.events.is_empty();
            }
        }
        let publisher = article.publisher.as_deref().unwrap_or("Article");
        Self {
            title: article.title.clone(),
            source: source_line(publisher, Some(published)),
            url: article.url.clone(),
            dataset,
            passages,
            whole_text: true,
        }
    }

    /// The sentences the events of `dataset` quote, each once (a sentence
    /// quoted by two events links to both): in the order of `text` when it
    /// is given and holds them, else in the order first quoted.
    pub fn from_quotes(catalog: &Catalog, dataset: usize, text: Option<&str>) -> Self {
        let mut passages: Vec<Passage> = Vec::new();
        let mut first_source = None;
        for (pos, event) in catalog.events().enumerate() {
            if catalog.dataset_of(pos) != dataset {
                continue;
            }
            first_source.get_or_insert_with(|| event.source());
            for quote in event.quotes() {
                match passages.iter_mut().find(|p| p.text == quote) {
                    Some(p) => p.events.push(pos),
                    None => passages.push(Passage {
                        text: quote.to_string(),
                        paragraph: passages.len(),
                        events: vec![pos],
                        undated: false,
                    }),
                }
            }
        }
        if let Some(text) = text {
            // Stable: quotes the text does not hold keep their order, last.
            let text = squash(text);
            passages.sort_by_key(|p| text.find(&squash(&p.text)).unwrap_or(usize::MAX));
            for (k, p) in passages.iter_mut().enumerate() {
                p.paragraph = k;
            }
        }
        let (title, source, url) = match first_source {
            Some(s) => (
                s.title.to_string(),
                source_line(s.publisher, s.date),
                s.url.map(str::to_string),
            ),
            None => (String::new(), String::new(), None),
        };
        Self {
            title,
            source,
            url,
            dataset,
            passages,
            whole_text: false,
        }
    }

    /// The passages that `event` quotes, by position in [`Self::passages`].
    pub fn passages_of(&self, event: usize) -> impl Iterator<Item = usize> + '_ {
        self.passages
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.events.contains(&event))
            .map(|(k, _)| k)
    }

    /// How many events the article's sentences state.
    pub fn event_count(&self) -> usize {
        let mut all: Vec<usize> = self
            .passages
            .iter()
            .flat_map(|p| p.events.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        all.len()
    }
}

/// `text` with each run of white space (a no-break space too) as one space,
/// and no full stop at its end: a quote typed out and the page it is from
/// differ in these.
fn squash(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ").trim_end_matches('.').to_string()
}

/// "DW, 8 Nov 2022", or the publisher alone.
fn source_line(publisher: &str, date: Option<chrono::NaiveDate>) -> String {
    match date {
        Some(d) => format!("{publisher}, {}", FuzzyDate::day(d).human()),
        None => publisher.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::extract::extract;
    use chrono::NaiveDate;

    #[test]
    fn the_built_in_quotes_follow_the_article_and_link_shared_sentences_to_both_events() {
        let atlas = crate::embedded::caucasus_atlas().unwrap();
        let events = crate::embedded::article_events(&atlas).unwrap().items;
        let catalog = Catalog::new(events, &atlas);
        let doc = ArticleDoc::from_quotes(&catalog, 0, Some(crate::embedded::ARTICLE_TEXT));
        assert_eq!(doc.source, "DW, 8 Nov 2022");
        assert!(!doc.whole_text);
        let offsets: Vec<usize> = doc
            .passages
            .iter()
            .map(|p| {
                squash(crate::embedded::ARTICLE_TEXT)
                    .find(&squash(&p.text))
                    .unwrap()
            })
            .collect();
        assert!(
            offsets.windows(2).all(|w| w[0] < w[1]),
            "in the article's order: {offsets:?}"
        );
        let wars = doc
            .passages
            .iter()
            .find(|p| p.text.starts_with("Armenia and Azerbaijan fought two wars"))
            .unwrap();
        let ids: Vec<&str> = wars.events.iter().map(|&i| catalog.event(i).id()).collect();
        assert!(ids.contains(&"war-1991") && ids.contains(&"war-2020"), "{ids:?}");
        assert_eq!(doc.event_count(), catalog.events().len());
    }

    #[test]
    fn an_extracted_article_keeps_every_sentence_and_links_its_events() {
        let article = Article {
            title: "Clashes".into(),
            body:
                "Shelling killed 12 people in Goris on Monday.\nThe talks went on.\nOfficials said more died."
                    .into(),
            ..Article::default()
        };
        let published = NaiveDate::from_ymd_opt(2023, 9, 20).unwrap();
        let atlas = crate::embedded::atlas().unwrap();
        let x = extract(&article, published, &atlas);
        assert!(!x.events.is_empty());
        let doc = ArticleDoc::from_extraction(&article, &x, published, 10, 1);
        assert!(doc.whole_text);
        assert_eq!(doc.passages.len(), x.sentences.len());
        assert_eq!(doc.passages[0].events, [10]);
        assert_eq!(doc.passages[0].paragraph, 0);
        assert_eq!(doc.passages[1].paragraph, 1);
        assert_eq!(doc.passages_of(10).collect::<Vec<_>>(), [0]);
        assert_eq!(doc.source, "Article, 20 Sep 2023");
    }
}
