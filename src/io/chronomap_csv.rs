//! chronomap's own CSV export (see [`super::export::CSV_COLUMNS`]) read back,
//! as a CSV file or as Parquet written from it (pandas, polars, DuckDB).
//!
//! The time is the `edtf` column (else `start`/`end`) with `date_text` as its
//! words; casualties are `casualties_low`/`casualties_high` with
//! `casualties_text`; the place is the `WKT` geometry (a point or a shape),
//! else `longitude`/`latitude`; `regions`, `actors` are "; "-separated; the
//! `source` is "publisher, YYYY-MM-DD: title". A CSV keeps less than
//! GeoJSON: an event placed on a region comes back at the region's anchor,
//! and its quoted sentences as one text.

use super::csv_table::{Column, Header, RequiredColumns, Row, clip};
use super::event_geometry::{EventGeometry, check_lon_lat, parse_geometry};
use super::features::FieldError;
use super::row_cache::{NameId, RowCache, RowEvent, RowTime};
use super::table_format::{TableFormat, read_csv};
use super::{LoadError, Loaded};
use crate::model::date::{FuzzyDate, FuzzyInterval};
use crate::model::event::Location;
use crate::model::event_texts::TextParts;
use crate::model::relative::EventTime;
use crate::model::{Atlas, EventStore, Sym};
use smallvec::SmallVec;
use std::io::Read;
use std::str::FromStr;

/// The name of the format in messages.
pub const FORMAT_NAME: &str = "chronomap";

/// chronomap's CSV export as a [`TableFormat`].
pub struct ChronomapCsv;

impl TableFormat for ChronomapCsv {
    const NAME: &'static str = FORMAT_NAME;
    const REQUIRED: RequiredColumns<'static> = &[&["id"], &["title"], &["edtf", "start"]];
    type Columns = Columns;

    fn columns(header: &Header) -> Columns {
        let c = |name| header.column(name);
        Columns {
            id: c("id"),
            title: c("title"),
            kind: c("kind"),
            start: c("start"),
            end: c("end"),
            edtf: c("edtf"),
            date_text: c("date_text"),
            low: c("casualties_low"),
            best: c("casualties_best"),
            high: c("casualties_high"),
            casualties_text: c("casualties_text"),
            regions: c("regions"),
            longitude: c("longitude"),
            latitude: c("latitude"),
            place: c("place"),
            actors: c("actors"),
            quote: c("quote"),
            source: c("source"),
            source_url: c("source_url"),
            wkt: c("wkt"),
        }
    }

    fn parse_row(
        row: &Row,
        c: &Columns,
        atlas: &Atlas,
        cache: &mut RowCache,
    ) -> Result<RowEvent, FieldError> {
        parse_row(row, c, atlas, cache)
    }
}

/// Reads chronomap's exported events from a CSV stream.
pub fn parse_chronomap_csv_reader<R: Read + Send>(
    file: &str,
    reader: R,
    atlas: &Atlas,
    progress: &mut dyn FnMut(u64),
) -> Result<Loaded<EventStore>, LoadError> {
    read_csv::<ChronomapCsv, R>(file, reader, atlas, progress)
}

/// The columns a row is read from.
pub struct Columns {
    id: Column,
    title: Column,
    kind: Column,
    start: Column,
    end: Column,
    edtf: Column,
    date_text: Column,
    low: Column,
    best: Column,
    high: Column,
    casualties_text: Column,
    regions: Column,
    longitude: Column,
    latitude: Column,
    place: Column,
    actors: Column,
    quote: Column,
    source: Column,
    source_url: Column,
    wkt: Column,
}

fn parse_row(row: &Row, c: &Columns, atlas: &Atlas, cache: &mut RowCache) -> Result<RowEvent, FieldError> {
    let id = row.required(c.id)?;
    let title = row.required(c.title)?;
    let when = match row.text(c.edtf)? {
        Some(edtf) => FuzzyInterval::parse(edtf).map_err(|e| ("edtf".to_string(), e.to_string()))?,
        None => {
            let day = |column: Column| -> Result<Option<FuzzyDate>, FieldError> {
                row.text(column)?
                    .map(|t| FuzzyDate::parse(t).map_err(|e| (column.name().to_string(), e.to_string())))
                    .transpose()
            };
            let from = day(c.start)?.ok_or_else(|| ("start".to_string(), "is empty".to_string()))?;
            let to = day(c.end)?.unwrap_or(from);
            if to.last_day() < from.first_day() {
                return Err(("end".into(), format!("{to} is before the start {from}")));
            }
            FuzzyInterval { from, to }
        }
    };
    let time = match row.text(c.date_text)? {
        Some(words) => {
            let words = cache.name(words);
            let words = cache.name_of(words).clone();
            cache.own_time(EventTime::said(when, words))
        }
        None => cache.own_time(EventTime::absolute(when)),
    };
    let casualties = match row.count(c.low)? {
        Some(low) => {
            let words = row.text(c.casualties_text)?.map(|text| cache.name(text));
            Some(
                cache
                    .toll(low, row.count(c.best)?, row.count(c.high)?, words)
                    .map_err(|e| ("casualties_high".to_string(), e.to_string()))?,
            )
        }
        None => None,
    };
    let location = match row.text(c.wkt)? {
        Some(wkt) => from_wkt(wkt)?,
        None => match (row.text(c.longitude)?, row.text(c.latitude)?) {
            (Some(_), Some(_)) => {
                let lat = row.degrees(c.latitude, 90.0)?;
                let lon = row.degrees(c.longitude, 180.0)?;
                check_lon_lat(lon, lat).map_err(|m| ("longitude".to_string(), m))?;
                Location::Point { lon, lat }
            }
            _ => Location::Unknown,
        },
    };
    let list = |column: Column| -> Result<Vec<&str>, FieldError> {
        Ok(row
            .text(column)?
            .map(|t| t.split(';').map(str::trim).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default())
    };
    let mut regions: Vec<Sym> = Vec::new();
    for r in list(c.regions)? {
        let region = atlas
            .get(r)
            .ok_or_else(|| ("regions".to_string(), format!("unknown region id '{}'", clip(r))))?;
        regions.push(region.id.clone());
    }
    let regions = if regions.is_empty() {
        match &location {
            Location::Point { lon, lat } => cache.regions_at(atlas, *lon, *lat),
            _ => cache.list(&[]),
        }
    } else {
        cache.list_of(&regions)
    };
    let actors: SmallVec<[NameId; 2]> = list(c.actors)?.into_iter().map(|a| cache.name(a)).collect();
    let (publisher, date, source_title) = split_source(row.text(c.source)?.unwrap_or_default());
    let quote = row.text(c.quote)?;
    let kind = cache.name(row.text(c.kind)?.unwrap_or("event"));
    let publisher = cache.name(publisher);
    Ok(RowEvent {
        texts: cache.texts(TextParts {
            id,
            title,
            place: row.text(c.place)?,
            source_title,
            source_url: row.text(c.source_url)?,
            quotes: quote.as_slice(),
        }),
        kind,
        time: RowTime::Kept(time),
        casualties,
        regions,
        location,
        publication: cache.publication(publisher, date),
        notes: Box::default(),
        actors: cache.list(&actors),
    })
}

/// "DW, 2022-11-08: Armenia, Azerbaijan hold ..." → publisher, day, title
/// (as the export writes them; "DW: title" without a day).
fn split_source(text: &str) -> (&str, Option<chrono::NaiveDate>, &str) {
    let (head, title) = text.split_once(": ").unwrap_or((text.trim_end_matches(':'), ""));
    if let Some((publisher, day)) = head.rsplit_once(", ")
        && let Ok(day) = crate::model::date::parse_day(day)
    {
        return (publisher, Some(day), title);
    }
    (head, None, title)
}

/// The event's place from its WKT, checked as GeoJSON geometry is.
fn from_wkt(text: &str) -> Result<Location, FieldError> {
    let bad = |m: String| ("wkt".to_string(), m);
    let wkt =
        wkt::Wkt::<f64>::from_str(text).map_err(|e| bad(format!("'{}' is not WKT: {e}", clip(text))))?;
    let geometry = geo::Geometry::<f64>::try_from(wkt).map_err(|e| bad(e.to_string()))?;
    let feature = geojson::Feature {
        geometry: Some(geojson::Geometry::new(geojson::GeometryValue::from(&geometry))),
        ..Default::default()
    };
    Ok(match parse_geometry(&feature).map_err(|(_, m)| bad(m))? {
        EventGeometry::None => Location::Unknown,
        EventGeometry::Point { lon, lat } => Location::Point { lon, lat },
        EventGeometry::Shape(shape) => Location::Shape(std::sync::Arc::new(shape)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_split_as_the_export_joins_them() {
        let day = chrono::NaiveDate::from_ymd_opt(2022, 11, 8);
        assert_eq!(
            split_source("DW, 2022-11-08: Talks: a start"),
            ("DW", day, "Talks: a start")
        );
        assert_eq!(split_source("UCDP GED: Shelling"), ("UCDP GED", None, "Shelling"));
        assert_eq!(split_source("ACLED"), ("ACLED", None, ""));
        assert_eq!(split_source("DW, 2022-11-08"), ("DW", day, ""));
        assert_eq!(split_source(""), ("", None, ""));
    }

    #[test]
    fn the_csv_export_reads_back() {
        let atlas = crate::embedded::atlas().unwrap();
        let events = crate::embedded::article_events(&atlas).unwrap().items;
        let mut csv = Vec::new();
        let store = EventStore::from(events.clone());
        super::super::export::write_csv(&store, &atlas, &mut csv).unwrap();
        let back = parse_chronomap_csv_reader("export.csv", &csv[..], &atlas, &mut |_| {})
            .unwrap()
            .into_events();
        assert!(back.problems.is_empty(), "{:?}", back.problems);
        assert_eq!(back.items.len(), events.len());
        for (a, b) in events.iter().zip(&back.items) {
            assert_eq!((a.id(), a.title(), &a.kind), (b.id(), b.title(), &b.kind));
            assert_eq!(a.time.when, b.time.when);
            assert_eq!(a.time.text(), b.time.text());
            assert_eq!(a.casualty_text(), b.casualty_text());
            assert_eq!(a.regions, b.regions);
            assert_eq!(a.source().url, b.source().url);
            assert_eq!(a.source().date, b.source().date);
            if let Location::Point { .. } = a.location {
                assert_eq!(a.location, b.location);
            }
        }
        assert!(
            !looks_wrong(&super::super::format::detect_csv_header(
                super::super::export::CSV_COLUMNS.join(",").as_str()
            )),
            "the export's header names the format"
        );
    }

    fn looks_wrong(format: &Option<super::super::Format>) -> bool {
        *format != Some(super::super::Format::ChronomapCsv)
    }
}
