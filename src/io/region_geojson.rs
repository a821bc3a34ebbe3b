//! Regions and map layers from GeoJSON: polygons with a name, lines, points.

use super::features::split_features;
use super::{LoadError, Loaded, Place, Problem};
use crate::model::region::{Region, RegionKind, RegionStyle};
use geo::{Geometry, MultiPolygon};
use geojson::JsonObject;

/// One feature's geometry and properties.
#[derive(Clone, Debug)]
pub struct Shape {
    pub index: usize,
    pub props: JsonObject,
    pub geometry: Geometry<f64>,
}

impl Shape {
    /// A text property, if present.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.props.get(key).and_then(|v| v.as_str())
    }

    /// A true/false property (absent counts as false).
    pub fn flag(&self, key: &str) -> bool {
        self.props.get(key).and_then(|v| v.as_bool()).unwrap_or(false)
    }

    /// The geometry as polygons, if it is a Polygon or MultiPolygon.
    pub fn polygons(&self) -> Option<MultiPolygon<f64>> {
        match &self.geometry {
            Geometry::Polygon(p) => Some(MultiPolygon(vec![p.clone()])),
            Geometry::MultiPolygon(m) => Some(m.clone()),
            _ => None,
        }
    }
}

/// Reads every feature with a geometry; features without one, or with one
/// that does not convert, become problems.
pub fn read_shapes(file: &str, text: &str) -> Result<Loaded<Vec<Shape>>, LoadError> {
    let Loaded {
        items: features,
        mut problems,
        ..
    } = split_features(file, text)?;
    let mut items = Vec::with_capacity(features.len());
    for (index, feature) in features {
        let problem = |message: String| Problem {
            file: file.to_string(),
            place: Place::Feature(index),
            field: Some("geometry".into()),
            message,
        };
        let Some(geometry) = &feature.geometry else {
            problems.push(problem("is missing".into()));
            continue;
        };
        // geojson's conversion indexes [0] and [1] of every position: check first.
        if has_short_position(&geometry.value) {
            problems.push(problem("every position needs two coordinates [lon, lat]".into()));
            continue;
        }
        match Geometry::<f64>::try_from(&geometry.value) {
            Ok(g) => items.push(Shape {
                index,
                props: feature.properties.clone().unwrap_or_default(),
                geometry: g,
            }),
            Err(e) => problems.push(problem(e.to_string())),
        }
    }
    Ok(Loaded {
        items,
        problems,
        notes: Vec::new(),
    })
}

/// Whether any position of the geometry has fewer than two numbers.
fn has_short_position(value: &geojson::GeometryValue) -> bool {
    use geojson::GeometryValue as V;
    let short = |p: &geojson::Position| p.len() < 2;
    match value {
        V::Point { coordinates } => short(coordinates),
        V::MultiPoint { coordinates } | V::LineString { coordinates } => coordinates.iter().any(short),
        V::MultiLineString { coordinates } | V::Polygon { coordinates } => {
            coordinates.iter().flatten().any(short)
        }
        V::MultiPolygon { coordinates } => coordinates.iter().flatten().flatten().any(short),
        V::GeometryCollection { geometries } => geometries.iter().any(|g| has_short_position(&g.value)),
    }
}

/// Reads a user's regions: polygon features with a `name` (optional `id`,
/// `kind`: country, disputed_territory or district; default district).
pub fn parse_regions(file: &str, text: &str) -> Result<Loaded<Vec<Region>>, LoadError> {
    let Loaded {
        items, mut problems, ..
    } = read_shapes(file, text)?;
    let mut regions = Vec::with_capacity(items.len());
    for shape in items {
        let problem = |field: &str, message: String| Problem {
            file: file.to_string(),
            place: Place::Feature(shape.index),
            field: Some(field.into()),
            message,
        };
        let Some(geometry) = shape.polygons() else {
            problems.push(problem(
                "geometry",
                "a region must be a Polygon or MultiPolygon".into(),
            ));
            continue;
        };
        let Some(name) = shape.text("name").or_else(|| shape.text("NAME")) else {
            problems.push(problem("name", "is missing".into()));
            continue;
        };
        let kind = match shape.text("kind") {
            None | Some("district") => RegionKind::District,
            Some("country") => RegionKind::Country,
            Some("disputed_territory") => RegionKind::DisputedTerritory,
            Some(other) => {
                problems.push(problem(
                    "kind",
                    format!("'{other}' is not one of country, disputed_territory, district"),
                ));
                continue;
            }
        };
        let style = match shape.text("style") {
            None => None,
            Some(text) => match RegionStyle::parse(text) {
                Some(style) => Some(style),
                None => {
                    problems.push(problem(
                        "style",
                        format!("'{text}' is not one of plain, subject, subject-N, disputed"),
                    ));
                    continue;
                }
            },
        };
        let id = shape.text("id").map_or_else(|| slug(name), str::to_string);
        let mut region = Region::new(id, name.to_string(), kind, geometry);
        region.focus = true;
        region.linked = true;
        if let Some(style) = style {
            region.style = style;
        }
        region.note = shape.text("note").map(str::to_string);
        regions.push(region);
    }
    Ok(Loaded {
        items: regions,
        problems,
        notes: Vec::new(),
    })
}

/// "Khankendi (Stepanakert)" to "khankendi-stepanakert".
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}
