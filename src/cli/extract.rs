//! `chronomap extract ARTICLE`: a news article's happenings as events, with
//! the dates its words give, its tolls and its places.

use super::json::EventJson;
use super::{CliError, parse_date};
use crate::model::extract::{self, Article, Extraction};
use crate::model::{Atlas, Event};
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// Options of `chronomap extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The article: a plain-text file or a saved web page (.html).
    #[arg(value_name = "ARTICLE")]
    pub article: PathBuf,
    /// The day it was published (YYYY-MM-DD), if the article does not say.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub published: Option<NaiveDate>,
    /// Print the events as JSON (as `events --json`, with the places named).
    #[arg(long, conflicts_with = "geojson")]
    pub json: bool,
    /// Print chronomap's event GeoJSON (which `--data` reads back).
    #[arg(long)]
    pub geojson: bool,
}

/// A place an event's sentences name, as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct PlaceJson<'a> {
    pub name: &'a str,
    pub lat: f64,
    pub lon: f64,
    pub country: &'a str,
}

/// An extracted event as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct ExtractedJson<'a> {
    #[serde(flatten)]
    pub event: EventJson<'a>,
    pub places: Vec<PlaceJson<'a>>,
}

/// An article read and its events extracted.
pub struct Extracted {
    pub article: Article,
    pub published: NaiveDate,
    pub extraction: Extraction,
    pub events: Vec<Event>,
}

/// Reads and extracts `path`; the publication date is `published` or the article's own.
pub fn extract_file(
    path: &std::path::Path,
    published: Option<NaiveDate>,
    atlas: &Atlas,
) -> Result<Extracted, CliError> {
    let article = crate::io::article::read_article(path)?;
    if article.body.trim().is_empty() {
        return Err(CliError::Usage(format!(
            "{}: no article text found in it",
            path.display()
        )));
    }
    let published = published.or(article.published).ok_or_else(|| {
        CliError::Usage(format!(
            "{}: no publication date found in the article; give it with --published YYYY-MM-DD",
            path.display()
        ))
    })?;
    let extraction = extract::extract(&article, published, atlas);
    let prefix = path
        .file_stem()
        .map(|s| crate::io::region_geojson::slug(&s.to_string_lossy()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "article".into());
    let events = extract::events::to_events(&extraction, &article, published, atlas, &prefix);
    Ok(Extracted {
        article,
        published,
        extraction,
        events,
    })
}

/// Runs the command, writing to `out`.
pub fn run(args: &ExtractArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let atlas = crate::embedded::atlas()?;
    let x = extract_file(&args.article, args.published, &atlas)?;
    let write_err = |e: std::io::Error| CliError::Usage(format!("cannot write the output: {e}"));
    if args.geojson {
        let events = crate::model::EventStore::from(x.events);
        return crate::io::export::write_geojson(events.iter(), out).map_err(write_err);
    }
    if args.json {
        let catalog = crate::model::Catalog::new(x.events, &atlas);
        let rows: Vec<ExtractedJson> = catalog
            .events()
            .zip(&x.extraction.events)
            .enumerate()
            .map(|(k, (e, h))| ExtractedJson {
                event: EventJson::new(e, &atlas, catalog.anchor(k)),
                places: h
                    .places
                    .iter()
                    .map(|p| PlaceJson {
                        name: &p.name,
                        lat: p.lat,
                        lon: p.lon,
                        country: &p.country,
                    })
                    .collect(),
            })
            .collect();
        let text = serde_json::to_string_pretty(&rows).map_err(|e| CliError::Usage(e.to_string()))?;
        return writeln!(out, "{text}").map_err(write_err);
    }
    writeln!(out, "{} (published {})", x.article.title, x.published).map_err(write_err)?;
    writeln!(
        out,
        "{:<23}  {:<6}  {:<10}  {:<18}  {:<18}  title",
        "when", "prec.", "kind", "casualties", "place"
    )
    .map_err(write_err)?;
    for e in &x.events {
        let prec = format!(
            "{}{}",
            if e.time.is_approximate() { "~" } else { "" },
            e.time.precision().as_str()
        );
        writeln!(
            out,
            "{:<23}  {:<6}  {:<10}  {:<18}  {:<18}  {}",
            e.time.interval().to_string(),
            prec,
            e.kind.as_str(),
            e.casualty_text().unwrap_or("-"),
            e.place().unwrap_or("-"),
            e.title()
        )
        .map_err(write_err)?;
    }
    writeln!(out, "{} event(s)", x.events.len()).map_err(write_err)?;
    if !x.extraction.undated.is_empty() {
        writeln!(out, "Not dated by the text (not on the timeline):").map_err(write_err)?;
        for &k in &x.extraction.undated {
            if let Some(s) = x.extraction.sentences.get(k) {
                let text = x.article.body.get(s.range.clone()).unwrap_or_default();
                writeln!(out, "  {}", extract::shorten(text, 110)).map_err(write_err)?;
            }
        }
    }
    Ok(())
}
