//! The world's countries and first-level divisions from the built-in
//! Natural Earth layers (gzipped GeoJSON, see `assets/geo/PROVENANCE.md`),
//! read straight into regions: typed, with no generic JSON tree between,
//! since a world of polygons is a few megabytes of coordinates.

use super::LoadError;
use super::region_geojson::slug;
use crate::model::region::{Region, RegionKind};
use geo::{LineString, MultiPolygon, Polygon};
use serde::Deserialize;
use std::io::Read;

/// The most room [`gunzip`] takes ahead on the gzip's word.
const MAX_HINTED_BYTES: usize = 256 << 20;

/// Unzips a gzipped UTF-8 text.
pub fn gunzip(file: &str, bytes: &[u8]) -> Result<String, LoadError> {
    // Room for the whole text at once, from the size gzip writes last
    // (modulo 4 GiB; a hint only): growing it step by step copied it
    // several times over at every start.
    let size = bytes
        .last_chunk::<4>()
        .map_or(0, |&size| u32::from_le_bytes(size) as usize);
    let mut text = String::with_capacity(size.min(MAX_HINTED_BYTES));
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .map_err(|source| LoadError::Io {
            file: file.to_string(),
            source,
        })?;
    Ok(text)
}

#[derive(Deserialize)]
struct Collection<P> {
    features: Vec<Feature<P>>,
}

#[derive(Deserialize)]
struct Feature<P> {
    properties: P,
    geometry: Geometry,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Geometry {
    Polygon { coordinates: Vec<Vec<[f64; 2]>> },
    MultiPolygon { coordinates: Vec<Vec<Vec<[f64; 2]>>> },
}

impl Geometry {
    fn into_multi_polygon(self) -> MultiPolygon<f64> {
        let polygon = |rings: Vec<Vec<[f64; 2]>>| {
            let mut rings = rings
                .into_iter()
                .map(|r| LineString::from(r.into_iter().map(|[x, y]| (x, y)).collect::<Vec<_>>()));
            let exterior = rings.next().unwrap_or_else(|| LineString::new(Vec::new()));
            Polygon::new(exterior, rings.collect())
        };
        match self {
            Self::Polygon { coordinates } => MultiPolygon(vec![polygon(coordinates)]),
            Self::MultiPolygon { coordinates } => {
                MultiPolygon(coordinates.into_iter().map(polygon).collect())
            }
        }
    }
}

/// A country's properties (see PROVENANCE: "World layers").
#[derive(Deserialize)]
struct CountryProps {
    name: String,
    iso_a3: Option<String>,
    iso_a2: Option<String>,
    name_long: Option<String>,
    formal_en: Option<String>,
    label_lon: Option<f64>,
    label_lat: Option<f64>,
}

/// A first-level division's properties.
#[derive(Deserialize)]
struct Admin1Props {
    name: String,
    #[serde(default)]
    alt_names: Vec<String>,
    iso_3166_2: Option<String>,
    adm0_a3: Option<String>,
    country: Option<String>,
    label_lon: Option<f64>,
    label_lat: Option<f64>,
}

fn parse<P: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<Collection<P>, LoadError> {
    serde_json::from_str(text).map_err(|e| LoadError::Invalid {
        file: file.to_string(),
        reason: format!("not a FeatureCollection of the expected shape: {e}"),
    })
}

/// The countries, as regions with ids made from their names ("sudan"), their
/// ISO codes and longer names as other names.
pub fn countries(file: &str, text: &str) -> Result<Vec<Region>, LoadError> {
    let collection: Collection<CountryProps> = parse(file, text)?;
    Ok(collection
        .features
        .into_iter()
        .map(|f| {
            let p = f.properties;
            let mut region = Region::new(
                slug(&p.name),
                p.name.clone(),
                RegionKind::Country,
                f.geometry.into_multi_polygon(),
            );
            region.alt_names = [p.iso_a3, p.iso_a2, p.name_long, p.formal_en]
                .into_iter()
                .flatten()
                .filter(|n| !n.is_empty() && *n != p.name && !n.starts_with('-'))
                .collect();
            if let (Some(lon), Some(lat)) = (p.label_lon, p.label_lat) {
                region.set_label_point(lon, lat);
            }
            region
        })
        .collect())
}

/// The first-level divisions, except those of the countries in `skip` (ISO
/// alpha-3: where finer divisions are built in), as districts that events
/// are not linked to, with ids "<country code>-<name>" ("sd-north-darfur").
pub fn admin1(file: &str, text: &str, skip: &[&str]) -> Result<Vec<Region>, LoadError> {
    let collection: Collection<Admin1Props> = parse(file, text)?;
    let mut seen = std::collections::HashSet::new();
    Ok(collection
        .features
        .into_iter()
        .filter(|f| {
            f.properties
                .adm0_a3
                .as_deref()
                .is_none_or(|a3| !skip.contains(&a3))
        })
        .map(|f| {
            let p = f.properties;
            let country_code = p
                .iso_3166_2
                .as_deref()
                .and_then(|c| c.split('-').next())
                .filter(|c| !c.is_empty())
                .or(p.adm0_a3.as_deref())
                .unwrap_or("xx")
                .to_ascii_lowercase();
            let base = format!("{country_code}-{}", slug(&p.name));
            let mut id = base.clone();
            let mut n = 2;
            while !seen.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            let mut region = Region::new(id, p.name, RegionKind::District, f.geometry.into_multi_polygon());
            region.alt_names = p.alt_names;
            region.parent = p.country;
            region.linked = false;
            if let (Some(lon), Some(lat)) = (p.label_lon, p.label_lat) {
                region.set_label_point(lon, lat);
            }
            region
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTRY: &str = r#"{"type": "FeatureCollection", "features": [
      {"type": "Feature", "properties": {"name": "Squareland", "iso_a3": "SQL", "iso_a2": "SQ",
        "name_long": "Republic of Squareland", "formal_en": null, "label_lon": 1.0, "label_lat": 1.0},
       "geometry": {"type": "Polygon", "coordinates": [[[0,0],[2,0],[2,2],[0,2],[0,0]]]}}]}"#;

    #[test]
    fn a_country_reads_with_its_codes_and_label_point() {
        let regions = countries("c.geojson", COUNTRY).unwrap();
        let r = &regions[0];
        assert_eq!(&*r.id, "squareland");
        assert!(r.is_named("SQL") && r.is_named("republic of squareland"));
        assert!(r.contains(1.0, 1.5));
        assert_eq!(r.label_point().map(|p| (p.x(), p.y())), Some((1.0, 1.0)));
        assert!(r.linked);
    }

    #[test]
    fn divisions_are_districts_not_linked_and_skip_built_in_countries() {
        let text = r#"{"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"name": "North", "alt_names": ["Nord"], "iso_3166_2": "SQ-N",
            "adm0_a3": "SQL", "country": "Squareland", "label_lon": 1.0, "label_lat": 1.5},
           "geometry": {"type": "MultiPolygon", "coordinates": [[[[0,1],[2,1],[2,2],[0,2],[0,1]]]]}},
          {"type": "Feature", "properties": {"name": "Syunik", "adm0_a3": "ARM", "country": "Armenia"},
           "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        let regions = admin1("a.geojson", text, &["ARM"]).unwrap();
        assert_eq!(regions.len(), 1);
        assert_eq!(&*regions[0].id, "sq-north");
        assert_eq!(regions[0].kind, RegionKind::District);
        assert!(!regions[0].linked);
        assert!(regions[0].is_named("Nord"));
        assert_eq!(regions[0].parent.as_deref(), Some("Squareland"));
    }

    #[test]
    fn a_broken_layer_names_its_file() {
        let e = countries(
            "world.geojson",
            r#"{"type": "FeatureCollection", "features": [{"type": "Feature"}]}"#,
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("world.geojson: "), "{e}");
    }
}
