//! Writing events out: GeoJSON in chronomap's own format (which it reads
//! back), and CSV with one row per event.

use crate::model::{Atlas, EventRef, Location};
use serde_json::{Map, Value, json};
use std::io::Write;

/// Writes `events` as a GeoJSON FeatureCollection that `event_geojson` reads back.
pub fn write_geojson<'a>(
    events: impl IntoIterator<Item = EventRef<'a>>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let features: Vec<Value> = events.into_iter().map(feature).collect();
    let collection = json!({ "type": "FeatureCollection", "features": features });
    serde_json::to_writer_pretty(&mut *out, &collection)?;
    writeln!(out)
}

fn feature(event: EventRef) -> Value {
    let interval = event.time().interval();
    let mut props = Map::new();
    props.insert("id".into(), json!(event.id()));
    props.insert("title".into(), json!(event.title()));
    props.insert("kind".into(), json!(event.kind()));
    props.insert("when".into(), json!(event.time().when.to_string()));
    props.insert("start".into(), json!(interval.start.to_string()));
    props.insert("end".into(), json!(interval.end.to_string()));
    props.insert("date_text".into(), json!(event.time().text()));
    let toll = |c: Option<&crate::model::Casualties>| {
        c.map_or(
            Value::Null,
            |c| json!({"low": c.low, "best": c.best, "high": c.high, "text": c.text}),
        )
    };
    props.insert("casualties".into(), toll(event.casualties()));
    // Flat integer fields too, which GDAL types as Integer (it keeps the
    // object above as a JSON string).
    let bound = |b: fn(&crate::model::Casualties) -> Option<u32>| {
        event.casualties().and_then(b).map_or(Value::Null, |n| json!(n))
    };
    props.insert("casualties_low".into(), bound(|c| Some(c.low)));
    props.insert("casualties_high".into(), bound(|c| c.high));
    if event.wounded().is_some() {
        props.insert("wounded".into(), toll(event.wounded()));
    }
    props.insert("regions".into(), json!(event.regions()));
    let (geometry, location) = match &event.location() {
        Location::Point { lon, lat } => (
            json!({"type": "Point", "coordinates": [lon, lat]}),
            event.place().map(|p| json!({ "place": p })),
        ),
        Location::Region(id) => (Value::Null, Some(json!({ "region": id }))),
        Location::Border(a, b) => (Value::Null, Some(json!({ "border": [a, b] }))),
        // The shape as it was read: geo keeps every coordinate as given.
        Location::Shape(s) => (
            serde_json::to_value(geojson::Geometry::new(geojson::GeometryValue::from(&s.geometry)))
                .unwrap_or(Value::Null),
            event.place().map(|p| json!({ "place": p })),
        ),
        Location::Unknown => (Value::Null, None),
    };
    if let Some(location) = location {
        props.insert("location".into(), location);
    }
    props.insert("quote".into(), json!(event.quotes().collect::<Vec<_>>()));
    let s = event.source();
    props.insert(
        "source".into(),
        json!({"publisher": s.publisher, "date": s.date.map(|d| d.to_string()), "title": s.title, "url": s.url}),
    );
    props.insert("notes".into(), json!(event.notes()));
    props.insert("actors".into(), json!(event.actors()));
    json!({ "type": "Feature", "id": event.id(), "geometry": geometry, "properties": props })
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 22] = [
    "id",
    "title",
    "kind",
    "start",
    "end",
    "edtf",
    "date_text",
    "precision",
    "approximate",
    "casualties_low",
    "casualties_best",
    "casualties_high",
    "casualties_text",
    "regions",
    "longitude",
    "latitude",
    "place",
    "actors",
    "quote",
    "source",
    "source_url",
    "WKT",
];

/// Writes `events` as CSV (see [`CSV_COLUMNS`]); lists are joined with "; ",
/// map positions are where the map draws the event; `WKT` is its point or
/// shape (GDAL's CSV driver reads a column of that name as the geometry).
pub fn write_csv<'a>(
    events: impl IntoIterator<Item = EventRef<'a>>,
    atlas: &Atlas,
    out: &mut dyn Write,
) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    for e in events {
        let interval = e.time().interval();
        let anchor = atlas.anchor(&e.location());
        let place = e.place().unwrap_or_default().to_string();
        let num = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        let s = e.source();
        // "publisher, day: title", each part only when there is one.
        let mut source = s.publisher.to_string();
        if let Some(d) = s.date {
            source.push_str(&format!(", {d}"));
        }
        if !s.title.is_empty() {
            source.push_str(&format!(": {}", s.title));
        }
        w.write_record([
            e.id().to_string(),
            e.title().to_string(),
            e.kind().to_string(),
            interval.start.to_string(),
            interval.end.to_string(),
            e.time().when.to_string(),
            e.time().text().into_owned(),
            e.time().precision().as_str().to_string(),
            e.time().is_approximate().to_string(),
            num(e.casualties().map(|c| c.low)),
            num(e.casualties().and_then(|c| c.best)),
            num(e.casualties().and_then(|c| c.high)),
            e.casualty_text().unwrap_or_default().to_string(),
            e.regions().join("; "),
            anchor.map(|a| format!("{:.5}", a[0])).unwrap_or_default(),
            anchor.map(|a| format!("{:.5}", a[1])).unwrap_or_default(),
            place,
            e.actors().join("; "),
            e.quotes().collect::<Vec<_>>().join(" "),
            source,
            s.url.unwrap_or_default().to_string(),
            wkt_of(&e.location()),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// The event's own geometry as WKT: its point or its shape (empty for a
/// region, a border or no place: the map only draws those at an anchor).
fn wkt_of(location: &Location) -> String {
    use wkt::ToWkt;
    match location {
        Location::Point { lon, lat } => geo::Point::new(*lon, *lat).wkt_string(),
        Location::Shape(s) => s.geometry.wkt_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embedded;

    #[test]
    fn geojson_export_reads_back_the_same_events() {
        let atlas = embedded::atlas().unwrap();
        let events = embedded::article_events(&atlas).unwrap().items;
        let mut buf = Vec::new();
        write_geojson(&crate::model::EventStore::from(events.clone()), &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let back = crate::io::event_geojson::parse_events("export.geojson", &text, &atlas).unwrap();
        assert!(back.problems.is_empty(), "{:?}", back.problems);
        assert_eq!(back.items.len(), events.len());
        for (a, b) in events.iter().zip(&back.items) {
            assert_eq!(a.id(), b.id());
            assert_eq!(a.time.interval(), b.time.interval());
            assert_eq!(a.time.precision(), b.time.precision());
            assert_eq!(a.time.is_approximate(), b.time.is_approximate());
            assert_eq!(a.time.text(), b.time.text(), "{}", a.id());
            assert_eq!(
                a.casualties.as_ref().map(|c| (c.low, c.high)),
                b.casualties.as_ref().map(|c| (c.low, c.high))
            );
            assert_eq!(a.regions, b.regions);
            assert_eq!(a.location, b.location);
            assert_eq!(a.place(), b.place());
            assert_eq!(a.quotes().collect::<Vec<_>>(), b.quotes().collect::<Vec<_>>());
            assert_eq!(a.source(), b.source());
        }
    }

    #[test]
    fn csv_export_has_a_row_per_event() {
        let atlas = embedded::atlas().unwrap();
        let events = embedded::article_events(&atlas).unwrap().items;
        let mut buf = Vec::new();
        write_csv(&crate::model::EventStore::from(events.clone()), &atlas, &mut buf).unwrap();
        let mut reader = csv::Reader::from_reader(buf.as_slice());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            CSV_COLUMNS.to_vec()
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), events.len());
        let war = rows.iter().find(|r| &r[0] == "war-2020").unwrap();
        assert_eq!(&war[9], "6500");
        assert_eq!(&war[10], "", "no best estimate");
        assert_eq!(&war[11], "", "no upper bound");
        assert_eq!(&war[12], "6,500+ killed");
    }
}
