//! `chronomap places QUERY`: the gazetteer's places whose name or alias is
//! the query or begins with it, best first.

use super::CliError;
use crate::model::gazetteer::Match;
use clap::Args;
use serde::Serialize;
use std::io::Write;

/// Options of `chronomap places`.
#[derive(Debug, Args)]
pub struct PlacesArgs {
    /// A place's name or the beginning of one, in any case, with or without diacritics.
    #[arg(value_name = "QUERY")]
    pub query: String,
    /// Only places in this country (ISO 3166-1 alpha-2, e.g. SD).
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,
    /// At most this many places.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One place as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct PlaceJson<'a> {
    pub name: &'a str,
    pub country: &'a str,
    pub admin1: &'a str,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub kind: &'static str,
    /// The name or alias that matched the query.
    pub matched: &'a str,
}

impl<'a> PlaceJson<'a> {
    fn new(m: &Match<'a>) -> Self {
        let p = m.place;
        Self {
            name: &p.name,
            country: &p.country,
            admin1: &p.admin1,
            lat: p.lat,
            lon: p.lon,
            population: p.population,
            kind: p.kind.as_str(),
            matched: m.matched,
        }
    }
}

/// Runs the command, writing to `out`. Returns whether anything matched (the
/// binary exits 1 when nothing did: not an error, an empty answer).
pub fn run(args: &PlacesArgs, out: &mut dyn Write) -> Result<bool, CliError> {
    let world = crate::embedded::world()?;
    let found: Vec<PlaceJson> = world
        .places
        .search(&args.query, args.country.as_deref())
        .iter()
        .take(args.limit)
        .map(PlaceJson::new)
        .collect();
    let write_err = |e: std::io::Error| CliError::Usage(format!("cannot write the output: {e}"));
    if args.json {
        let text = serde_json::to_string_pretty(&found).map_err(|e| CliError::Usage(e.to_string()))?;
        writeln!(out, "{text}").map_err(write_err)?;
    } else {
        for p in &found {
            let matched = if p.matched == p.name {
                String::new()
            } else {
                format!("  (as \"{}\")", p.matched)
            };
            writeln!(
                out,
                "{:<28}  {:<2}  {:<24}  {:>9.4} {:>10.4}  {:>10}  {:<7}{matched}",
                p.name, p.country, p.admin1, p.lat, p.lon, p.population, p.kind
            )
            .map_err(write_err)?;
        }
    }
    Ok(!found.is_empty())
}
