//! A news article as a user has it: plain text (pasted or saved) or a saved
//! web page. Its title, its body without page furniture (menus, captions,
//! "Skip to content", related stories), and what it says of its publication.

use super::LoadError;
use crate::model::extract::Article;
use crate::model::extract::published::{dateline, from_datetime, from_lines};
use scraper::{ElementRef, Html, Selector};

/// Reads an article file: HTML if it looks like a web page, else text.
pub fn read_article(path: &std::path::Path) -> Result<Article, LoadError> {
    let file = path.display().to_string();
    let text = super::read_text(path)?;
    if text.trim().is_empty() {
        return Err(LoadError::Invalid {
            file,
            reason: "the file is empty: no article to read".into(),
        });
    }
    Ok(parse_article(&text))
}

/// An article from its text: a web page's if it is one.
pub fn parse_article(text: &str) -> Article {
    if is_html(text) {
        from_html(text)
    } else {
        from_text(text)
    }
}

fn is_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(200)
        .collect::<String>()
        .to_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with('<') && text.contains("<p"))
}

/// Lines that are a page's furniture, not its story.
fn is_furniture(line: &str) -> bool {
    let l = line.trim();
    let lower = l.to_lowercase();
    let numbered = l
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || lower.contains("skip to ")
        || (numbered && lower.contains("skip"))
        || lower.contains("image:")
        || lower.contains("photo:")
        || lower.starts_with("share this")
        || lower.starts_with("advertisement")
}

/// A heading or a caption: a short line that is no sentence.
fn is_heading(line: &str) -> bool {
    let l = line.trim();
    let ends_sentence = l.ends_with(['.', '!', '?', '"', '”', '\'', '’']);
    !ends_sentence && l.split_whitespace().count() < 10
}

/// An article from plain text: the first line of a few words is its title
/// (unless it is a sentence: text pasted from the body has none); a date
/// line near the top its publication; headings start new sections.
pub fn from_text(text: &str) -> Article {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !is_furniture(l))
        .collect();
    let title_at = lines
        .iter()
        .position(|l| l.split_whitespace().count() >= 4)
        .filter(|&k| !lines[k].ends_with(['.', '!', '?']));
    let title = title_at.map(|k| lines[k].to_string()).unwrap_or_default();
    let after_title = title_at.map_or(0, |k| k + 1);
    let rest = &lines[after_title.min(lines.len())..];
    let found = from_lines(rest);
    let mut body = Vec::new();
    let mut section_starts = Vec::new();
    let mut new_section = false;
    for (k, line) in rest.iter().enumerate() {
        if let Some((_, at)) = found
            && at == k
            && dateline(line).is_none()
        {
            continue; // the date line itself
        }
        if is_heading(line) {
            new_section = !body.is_empty();
            continue;
        }
        if new_section {
            section_starts.push(body.len());
            new_section = false;
        }
        let line = match dateline(line) {
            Some(end) => &line[end..],
            None => line,
        };
        body.push(line.to_string());
    }
    Article {
        title,
        body: body.join("\n"),
        published: found.map(|(d, _)| d),
        section_starts,
        ..Article::default()
    }
}

/// An article from a saved web page: the paragraphs of its `<article>` (or
/// its `<main>`, or its body), without bylines, captions, asides, share
/// lines and lists of other stories; the date from its metadata.
pub fn from_html(html: &str) -> Article {
    let doc = Html::parse_document(html);
    let select = |css: &str| Selector::parse(css).ok();
    let first_text = |css: &str| -> Option<String> {
        let s = select(css)?;
        doc.select(&s)
            .next()
            .map(|e| clean(&e.text().collect::<String>()))
    };
    let attr = |css: &str, name: &str| -> Option<String> {
        let s = select(css)?;
        doc.select(&s)
            .find_map(|e| e.value().attr(name))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let title = first_text("article h1")
        .or_else(|| first_text("h1"))
        .or_else(|| attr("meta[property='og:title']", "content"))
        .or_else(|| first_text("title").map(|t| t.split(" | ").next().unwrap_or(&t).to_string()))
        .unwrap_or_default();
    let published = [
        attr("meta[property='article:published_time']", "content"),
        attr("meta[name='article:published_time']", "content"),
        attr("meta[itemprop='datePublished']", "content"),
        attr("meta[name='date']", "content"),
        attr("meta[name='pubdate']", "content"),
        attr("meta[name='publish-date']", "content"),
        json_ld_date(&doc),
        attr("article time[datetime]", "datetime"),
    ]
    .into_iter()
    .flatten()
    .find_map(|d| from_datetime(&d));
    let container = ["article", "main", "body"]
        .into_iter()
        .filter_map(select)
        .find_map(|s| doc.select(&s).next());
    let mut body = Vec::new();
    if let (Some(root), Some(p)) = (container, select("p")) {
        for para in root.select(&p).filter(|e| !is_furniture_element(e)) {
            let text = clean(&para.text().collect::<String>());
            if text.is_empty() || is_furniture(&text) {
                continue;
            }
            let text = match dateline(&text) {
                Some(end) => text[end..].to_string(),
                None => text,
            };
            body.push(text);
        }
    }
    Article {
        title,
        body: body.join("\n"),
        published,
        publisher: attr("meta[property='og:site_name']", "content"),
        url: attr("link[rel='canonical']", "href").or_else(|| attr("meta[property='og:url']", "content")),
        section_starts: Vec::new(),
    }
}

/// `datePublished` of the page's JSON-LD, if any.
fn json_ld_date(doc: &Html) -> Option<String> {
    let s = Selector::parse("script[type='application/ld+json']").ok()?;
    doc.select(&s).find_map(|e| {
        let value: serde_json::Value = serde_json::from_str(&e.text().collect::<String>()).ok()?;
        let items = match value {
            serde_json::Value::Array(items) => items,
            one => vec![one],
        };
        items
            .iter()
            .find_map(|v| v.get("datePublished")?.as_str().map(str::to_string))
    })
}

/// Whether a paragraph sits in page furniture: a caption, an aside, a nav,
/// a header or footer, a list of other stories, a byline, share or tag line.
fn is_furniture_element(e: &ElementRef) -> bool {
    const TAGS: [&str; 7] = ["aside", "figure", "figcaption", "nav", "footer", "header", "form"];
    const CLASSES: [&str; 12] = [
        "byline",
        "share",
        "tags",
        "caption",
        "related",
        "promo",
        "newsletter",
        "cookie",
        "ticker",
        "breadcrumb",
        "author",
        "credit",
    ];
    std::iter::once(e.value())
        .chain(e.ancestors().filter_map(|n| n.value().as_element()))
        .any(|el| {
            TAGS.contains(&el.name())
                || el
                    .attr("class")
                    .is_some_and(|c| CLASSES.iter().any(|k| c.to_lowercase().contains(k)))
        })
}

/// Text with its white space (non-breaking too) made single spaces.
fn clean(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_without_its_furniture() {
        let text = "1. Skip to content\nPoliticsArmenia\n\nArmenia, Azerbaijan hold peace talks\n\nNovember 8, 2022\n\nThe talks began on Monday.\n\nhttps://p.dw.com/p/4JBVO\nA caption of a photoImage: Someone/AP\n\nA subheading here\n\nTwo months ago, over 280 people on both sides were killed when the two countries fought\n\nlos/dj (AFP, Reuters)";
        let a = from_text(text);
        assert_eq!(a.title, "Armenia, Azerbaijan hold peace talks");
        assert_eq!(a.published, chrono::NaiveDate::from_ymd_opt(2022, 11, 8));
        assert_eq!(
            a.body,
            "The talks began on Monday.\nTwo months ago, over 280 people on both sides were killed when the two countries fought"
        );
        assert_eq!(a.section_starts, [1]);
    }

    #[test]
    fn a_dateline_opens_no_sentence() {
        let a = from_text(
            "Strike on a station\n\nKYIV, April 9 (Meridian) - A missile hit the station on Friday.",
        );
        assert_eq!(a.body, "A missile hit the station on Friday.");
        assert_eq!(a.published, None, "no year: not a publication date");
    }

    #[test]
    fn a_web_page_without_its_furniture() {
        let html = r##"<!DOCTYPE html><html><head><title>Ceasefire holds | Meridian News</title>
<meta property="article:published_time" content="2024-11-27T09:30:00Z">
<meta property="og:site_name" content="Meridian News">
<link rel="canonical" href="https://news.example/a"></head><body>
<a class="skip-link" href="#main">Skip to content</a><nav><p>World</p></nav>
<main><article><header><h1>Ceasefire holds</h1><p class="byline">By staff</p></header>
<figure><figcaption>A road near Tyre.</figcaption></figure>
<p>BEIRUT (Meridian) - A ceasefire took effect early on&nbsp;Wednesday.</p>
<p>Israel&#39;s cabinet approved the <a href="/deal">deal</a> late on Tuesday.</p>
<p class="tags">Topics: Lebanon</p>
<aside><p>Sign up for our newsletter.</p></aside></article>
<section class="related"><p>Strike flattens a building, killing 20</p></section></main></body></html>"##;
        let a = from_html(html);
        assert_eq!(a.title, "Ceasefire holds");
        assert_eq!(a.published, chrono::NaiveDate::from_ymd_opt(2024, 11, 27));
        assert_eq!(a.publisher.as_deref(), Some("Meridian News"));
        assert_eq!(a.url.as_deref(), Some("https://news.example/a"));
        assert_eq!(
            a.body,
            "A ceasefire took effect early on Wednesday.\nIsrael's cabinet approved the deal late on Tuesday."
        );
    }
}
