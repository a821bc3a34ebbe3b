//! An event that covers an area (a district shelled, a blockade zone), runs
//! along a route (a corridor, a front line) or strikes several places: its
//! geometry as the source gave it, and the one point that stands for it on
//! the map (its marker, the place a click finds it).

use geo::{BoundingRect, Geometry, InteriorPoint, Rect, Validation};

/// What kind of shape an event has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ShapeKind {
    Polygon,
    MultiPolygon,
    LineString,
    MultiLineString,
    MultiPoint,
}

impl ShapeKind {
    /// The GeoJSON type name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Polygon => "Polygon",
            Self::MultiPolygon => "MultiPolygon",
            Self::LineString => "LineString",
            Self::MultiLineString => "MultiLineString",
            Self::MultiPoint => "MultiPoint",
        }
    }

    /// An area (drawn filled), not a route or points.
    pub fn is_area(self) -> bool {
        matches!(self, Self::Polygon | Self::MultiPolygon)
    }
}

/// An event's shape.
#[derive(Clone, Debug, PartialEq)]
pub struct EventShape {
    /// In degrees (lon, lat), as the source gave it.
    pub geometry: Geometry<f64>,
    pub kind: ShapeKind,
    /// A point inside the area, or on the route, or one of the points: the
    /// event's marker.
    pub anchor: [f64; 2],
    /// Its bounding box in degrees.
    pub bounds: Rect<f64>,
}

/// Why a geometry cannot be an event's shape.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    #[error(
        "a {0} geometry is not an event's shape (Point, Polygon, MultiPolygon, LineString, MultiLineString or MultiPoint)"
    )]
    Unsupported(&'static str),
    #[error("the {kind} is empty")]
    Empty { kind: &'static str },
    #[error("the {kind} is not valid: {reason}")]
    Invalid { kind: &'static str, reason: String },
}

impl EventShape {
    /// The shape of `geometry`, checked: valid (no ring crossing itself),
    /// not empty.
    pub fn new(geometry: Geometry<f64>) -> Result<Self, ShapeError> {
        let kind = match &geometry {
            Geometry::Polygon(_) => ShapeKind::Polygon,
            Geometry::MultiPolygon(_) => ShapeKind::MultiPolygon,
            Geometry::LineString(_) => ShapeKind::LineString,
            Geometry::MultiLineString(_) => ShapeKind::MultiLineString,
            Geometry::MultiPoint(_) => ShapeKind::MultiPoint,
            Geometry::Point(_) => return Err(ShapeError::Unsupported("Point")),
            Geometry::Line(_) => return Err(ShapeError::Unsupported("Line")),
            Geometry::GeometryCollection(_) => return Err(ShapeError::Unsupported("GeometryCollection")),
            Geometry::Rect(_) => return Err(ShapeError::Unsupported("Rect")),
            Geometry::Triangle(_) => return Err(ShapeError::Unsupported("Triangle")),
        };
        let name = kind.name();
        let invalid = |reason: String| ShapeError::Invalid { kind: name, reason };
        // Routes may cross themselves (a road back and forth); areas may not.
        if kind.is_area() {
            geometry.check_validation().map_err(|e| invalid(e.to_string()))?;
        }
        let bounds = geometry.bounding_rect().ok_or(ShapeError::Empty { kind: name })?;
        let anchor = geometry
            .interior_point()
            .map(|p| [p.x(), p.y()])
            .ok_or(ShapeError::Empty { kind: name })?;
        Ok(Self {
            geometry,
            kind,
            anchor,
            bounds,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, MultiPoint, Polygon, polygon};

    #[test]
    fn an_areas_anchor_is_inside_it_even_when_it_is_concave() {
        // A "C" shape: its centroid falls outside it.
        let c = polygon![
            (x: 0.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 1.0), (x: 1.0, y: 1.0),
            (x: 1.0, y: 2.0), (x: 3.0, y: 2.0), (x: 3.0, y: 3.0), (x: 0.0, y: 3.0),
        ];
        let s = EventShape::new(Geometry::Polygon(c.clone())).unwrap();
        assert_eq!(s.kind, ShapeKind::Polygon);
        assert!(geo::Contains::contains(
            &c,
            &geo::Point::new(s.anchor[0], s.anchor[1])
        ));
        assert_eq!(s.bounds.max().x, 3.0);
    }

    #[test]
    fn routes_and_point_sets_anchor_on_themselves() {
        let route = LineString::from(vec![(44.0, 40.0), (45.0, 40.0), (46.0, 41.0)]);
        let s = EventShape::new(Geometry::LineString(route.clone())).unwrap();
        assert!(route.0.iter().any(|c| c.x == s.anchor[0] && c.y == s.anchor[1]));
        let towns = MultiPoint::from(vec![(44.5, 40.2), (46.7, 39.8)]);
        let s = EventShape::new(Geometry::MultiPoint(towns)).unwrap();
        assert!([44.5, 46.7].contains(&s.anchor[0]));
    }

    #[test]
    fn a_self_intersecting_area_and_a_point_are_refused() {
        // A bow tie.
        let bow = Polygon::new(
            LineString::from(vec![(0.0, 0.0), (2.0, 2.0), (2.0, 0.0), (0.0, 2.0), (0.0, 0.0)]),
            vec![],
        );
        let e = EventShape::new(Geometry::Polygon(bow)).unwrap_err();
        assert!(e.to_string().contains("self-intersection"), "{e}");
        assert_eq!(
            EventShape::new(Geometry::Point(geo::Point::new(1.0, 1.0))),
            Err(ShapeError::Unsupported("Point"))
        );
    }
}
