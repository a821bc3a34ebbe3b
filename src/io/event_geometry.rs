//! An event feature's geometry: none, a point, or a shape (an area, a
//! route, several points), checked as GeoJSON requires: positions on the
//! globe, rings of four positions or more that end where they begin, areas
//! whose rings do not cross themselves.

use super::features::FieldError;
use crate::model::shape::EventShape;
use geojson::{Feature, GeometryValue, Position};

/// What an event feature's geometry is.
#[derive(Debug)]
pub enum EventGeometry {
    None,
    Point { lon: f64, lat: f64 },
    Shape(EventShape),
}

fn err(message: impl Into<String>) -> FieldError {
    ("geometry".to_string(), message.into())
}

/// The feature's geometry, checked.
pub fn parse_geometry(feature: &Feature) -> Result<EventGeometry, FieldError> {
    let Some(geometry) = &feature.geometry else {
        return Ok(EventGeometry::None);
    };
    let value = &geometry.value;
    match value {
        GeometryValue::Point { coordinates } => {
            let (lon, lat) = position(coordinates)?;
            Ok(EventGeometry::Point { lon, lat })
        }
        GeometryValue::MultiPoint { coordinates } | GeometryValue::LineString { coordinates } => {
            positions(coordinates)?;
            if matches!(value, GeometryValue::LineString { .. }) && coordinates.len() < 2 {
                return Err(err("a LineString needs two positions or more"));
            }
            shape(value)
        }
        GeometryValue::MultiLineString { coordinates } => {
            for line in coordinates {
                positions(line)?;
                if line.len() < 2 {
                    return Err(err("each line of a MultiLineString needs two positions or more"));
                }
            }
            shape(value)
        }
        GeometryValue::Polygon { coordinates } => {
            rings(coordinates, None)?;
            shape(value)
        }
        GeometryValue::MultiPolygon { coordinates } => {
            for (k, polygon) in coordinates.iter().enumerate() {
                rings(polygon, Some(k))?;
            }
            shape(value)
        }
        GeometryValue::GeometryCollection { .. } => Err(err(
            "a GeometryCollection is not an event's geometry: use a Multi* geometry, or one feature per part",
        )),
    }
}

fn shape(value: &GeometryValue) -> Result<EventGeometry, FieldError> {
    let geometry = geo::Geometry::<f64>::try_from(value.clone()).map_err(|e| err(e.to_string()))?;
    EventShape::new(geometry)
        .map(EventGeometry::Shape)
        .map_err(|e| err(e.to_string()))
}

fn position(p: &Position) -> Result<(f64, f64), FieldError> {
    let (Some(&lon), Some(&lat)) = (p.as_slice().first(), p.as_slice().get(1)) else {
        return Err(err("a position needs two coordinates [lon, lat]"));
    };
    check_lon_lat(lon, lat).map_err(err)?;
    Ok((lon, lat))
}

fn positions(ps: &[Position]) -> Result<(), FieldError> {
    if ps.is_empty() {
        return Err(err("the geometry has no positions"));
    }
    ps.iter().try_for_each(|p| position(p).map(|_| ()))
}

/// A polygon's rings: each of four positions or more, closed.
fn rings(rings: &[Vec<Position>], polygon: Option<usize>) -> Result<(), FieldError> {
    if rings.is_empty() {
        return Err(err("the polygon has no rings"));
    }
    let of = |k: usize| match (polygon, k) {
        (None, 0) => "the polygon's outer ring".to_string(),
        (None, k) => format!("the polygon's ring {k}"),
        (Some(p), 0) => format!("polygon {p}'s outer ring"),
        (Some(p), k) => format!("polygon {p}'s ring {k}"),
    };
    for (k, ring) in rings.iter().enumerate() {
        positions(ring)?;
        if ring.len() < 4 {
            return Err(err(format!(
                "{} has {} positions; a ring needs 4 or more",
                of(k),
                ring.len()
            )));
        }
        if ring.first().map(Position::as_slice) != ring.last().map(Position::as_slice) {
            return Err(err(format!(
                "{} does not close: its last position must repeat its first",
                of(k)
            )));
        }
    }
    Ok(())
}

/// Checks that a coordinate pair is on the globe.
pub fn check_lon_lat(lon: f64, lat: f64) -> Result<(), String> {
    if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("longitude {lon} is outside -180..180"));
    }
    if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
        return Err(format!("latitude {lat} is outside -90..90"));
    }
    Ok(())
}
