//! `chronomap regions`: the regions of the map, or those containing a point.

use super::json::RegionJson;
use super::{CliError, parse_date};
use chrono::NaiveDate;
use clap::Args;
use std::io::Write;

/// Options of `chronomap regions`.
#[derive(Debug, Args)]
pub struct RegionsArgs {
    /// GeoJSON of regions to add to the map (repeatable).
    #[arg(long = "regions", value_name = "FILE")]
    pub regions: Vec<std::path::PathBuf>,
    /// Only regions containing this point, as LAT,LON in degrees.
    #[arg(long, value_name = "LAT,LON", value_parser = parse_lat_lon, allow_hyphen_values = true)]
    pub point: Option<(f64, f64)>,
    /// Also say who held each region on this day, where that changed.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub at: Option<NaiveDate>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Parses "39.8177,46.7528" into (lat, lon), checking the ranges.
pub fn parse_lat_lon(text: &str) -> Result<(f64, f64), String> {
    let bad = || format!("'{text}' is not a point; expected LAT,LON in degrees, e.g. 39.82,46.75");
    let (lat, lon) = text.split_once(',').ok_or_else(bad)?;
    let lat: f64 = lat.trim().parse().map_err(|_| bad())?;
    let lon: f64 = lon.trim().parse().map_err(|_| bad())?;
    crate::io::event_geometry::check_lon_lat(lon, lat)?;
    Ok((lat, lon))
}

/// Runs the command, writing to `out`.
pub fn run(args: &RegionsArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), CliError> {
    let atlas = super::load_region_atlas(&args.regions, err)?;
    let regions: Vec<_> = match args.point {
        Some((lat, lon)) => atlas.regions_at(lon, lat),
        None => atlas.regions().iter().collect(),
    };
    let rows: Vec<RegionJson> = regions.iter().map(|r| RegionJson::new(r, args.at)).collect();
    let write_err = |e: std::io::Error| CliError::Usage(format!("cannot write the output: {e}"));
    if args.json {
        let text = serde_json::to_string_pretty(&rows).map_err(|e| CliError::Usage(e.to_string()))?;
        writeln!(out, "{text}").map_err(write_err)?;
    } else {
        for row in &rows {
            let control = row
                .control
                .as_ref()
                .map_or(String::new(), |c| format!("  ({})", c.holder));
            writeln!(out, "{:<26}  {:<18}  {}{}", row.id, row.kind, row.name, control).map_err(write_err)?;
        }
        writeln!(out, "{} region(s)", rows.len()).map_err(write_err)?;
    }
    Ok(())
}
