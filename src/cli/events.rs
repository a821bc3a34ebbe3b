//! `chronomap events`: the events, by date, range and region.

use super::json::EventJson;
use super::{CliError, load_events, parse_date};
use crate::model::catalog::TimeFilter;
use crate::model::{Catalog, Interval, Query};
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Options of `chronomap events`.
#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Event file (or folder of Parquet parts) to read instead of the built-in article
    /// dataset (repeatable).
    #[arg(long = "data", value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// GeoJSON of regions to add to the map (repeatable).
    #[arg(long = "regions", value_name = "FILE")]
    pub regions: Vec<PathBuf>,
    /// Only events active on this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date, conflicts_with_all = ["from", "to"])]
    pub at: Option<NaiveDate>,
    /// Only events overlapping the range from this day (needs --to).
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "to")]
    pub from: Option<NaiveDate>,
    /// Only events overlapping the range up to this day (needs --from).
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "from")]
    pub to: Option<NaiveDate>,
    /// Only events that concern this region (name or id, any case).
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,
    /// What to print: a table, chronomap's JSON, GeoJSON (which `--data`
    /// reads back and GDAL opens) or CSV (for pandas, polars and GDAL).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Short for `--format json`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// The shapes `events` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Geojson,
    Csv,
}

/// Runs the command, writing to `out`; skipped features are reported on `err`.
pub fn run(args: &EventsArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    // Only GeoJSON and TimelineJS events are placed by a place's name: a
    // command over Parquet tables alone does without the gazetteer (half
    // the start-up).
    let atlas = if !args.data.is_empty() && args.data.iter().all(|p| crate::io::parquet::is_parquet(p)) {
        super::load_region_atlas(&args.regions, err)?
    } else {
        super::load_atlas(&args.regions, err)?
    };
    let loaded = load_events(&atlas, &args.data)?;
    for problem in &loaded.problems {
        let _ = writeln!(err, "warning: skipped {problem}");
    }
    let time = match (args.at, args.from, args.to) {
        (Some(day), _, _) => TimeFilter::At(day),
        (None, Some(from), Some(to)) => TimeFilter::Overlapping(
            Interval::new(from, to)
                .map_err(|_| CliError::Usage(format!("--from {from} is after --to {to}")))?,
        ),
        _ => TimeFilter::All,
    };
    let region = match &args.region {
        None => None,
        Some(name) => Some(
            atlas
                .find(name)
                .ok_or_else(|| {
                    CliError::Usage(format!(
                        "unknown region '{name}' (see 'chronomap regions' for the names)"
                    ))
                })?
                .id
                .clone(),
        ),
    };
    // Nothing here draws a map: its index is not made.
    let catalog = Catalog::for_queries(loaded.items, &atlas);
    let found = catalog.query(&Query {
        time,
        region: region.map(|r| r.to_string()),
    });
    let write_err = |e: std::io::Error| CliError::Usage(format!("cannot write the output: {e}"));
    let format = if args.json {
        OutputFormat::Json
    } else {
        args.format
    };
    let listed = || found.iter().filter_map(|&i| catalog.get(i));
    if format == OutputFormat::Geojson {
        crate::io::export::write_geojson(listed(), out).map_err(write_err)?;
    } else if format == OutputFormat::Csv {
        crate::io::export::write_csv(listed(), &atlas, out)
            .map_err(|e| CliError::Usage(format!("cannot write the output: {e}")))?;
    } else if format == OutputFormat::Json {
        let rows: Vec<EventJson> = found
            .iter()
            .filter_map(|&i| {
                catalog
                    .get(i)
                    .map(|e| EventJson::new(e, &atlas, catalog.anchor(i)))
            })
            .collect();
        let text = serde_json::to_string_pretty(&rows).map_err(|e| CliError::Usage(e.to_string()))?;
        writeln!(out, "{text}").map_err(write_err)?;
    } else {
        writeln!(out, "{:<23}  {:<6}  {:<18}  title", "when", "prec.", "casualties").map_err(write_err)?;
        for event in listed() {
            let prec = format!(
                "{}{}",
                if event.time().is_approximate() { "~" } else { "" },
                event.time().precision().as_str()
            );
            writeln!(
                out,
                "{:<23}  {:<6}  {:<18}  {}",
                event.time().interval().to_string(),
                prec,
                event.casualty_text().unwrap_or("-"),
                event.title()
            )
            .map_err(write_err)?;
        }
        writeln!(out, "{} event(s)", found.len()).map_err(write_err)?;
    }
    Ok(())
}
