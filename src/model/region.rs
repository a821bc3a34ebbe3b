//! Regions of the map: named areas with a kind, a geometry and, where it
//! changed, who controlled them when.

use super::date::Interval;
use chrono::NaiveDate;
use geo::{BoundingRect, Contains, InteriorPoint, MultiPolygon, Point, Rect};
use serde::Serialize;

/// What sort of area a region is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionKind {
    Country,
    DisputedTerritory,
    District,
}

impl RegionKind {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Country => "country",
            Self::DisputedTerritory => "disputed_territory",
            Self::District => "district",
        }
    }

    /// A phrase for tooltips.
    pub fn label(self) -> &'static str {
        match self {
            Self::Country => "country",
            Self::DisputedTerritory => "disputed territory",
            Self::District => "district",
        }
    }
}

/// Who held a region during a span of days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlPeriod {
    pub interval: Interval,
    pub holder: Holder,
    /// How the period ended or began, in words, with its source.
    pub note: String,
}

/// The sides that held ground in the conflict, as the map shades them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Holder {
    Armenian,
    Azerbaijani,
    /// Fought over: the period in which it changed hands is not known to the day.
    Contested,
}

impl Holder {
    /// A phrase for tooltips and the details panel.
    pub fn label(self) -> &'static str {
        match self {
            Self::Armenian => "held by Armenian forces",
            Self::Azerbaijani => "held by Azerbaijan",
            Self::Contested => "contested",
        }
    }
}

/// A named area of the map.
#[derive(Clone, Debug)]
pub struct Region {
    /// Stable identifier, e.g. `nagorno-karabakh`, `az-kalbajar`.
    pub id: String,
    pub name: String,
    /// Other names it goes by (e.g. "Artsakh", "Khankendi").
    pub alt_names: Vec<String>,
    pub kind: RegionKind,
    /// The country a district belongs to.
    pub parent: Option<String>,
    /// Whether it is part of the subject of the map, not a neighbour for context.
    pub focus: bool,
    pub geometry: MultiPolygon<f64>,
    /// Known changes of control; empty when it did not change.
    pub control: Vec<ControlPeriod>,
    bbox: Option<Rect<f64>>,
    label_point: Option<Point<f64>>,
}

impl Region {
    /// A region; derived values (bounding box, label point) are computed once here.
    pub fn new(id: String, name: String, kind: RegionKind, geometry: MultiPolygon<f64>) -> Self {
        let bbox = geometry.bounding_rect();
        // The interior point of the largest part: a mainland, not an exclave.
        let label_point = largest_part(&geometry).and_then(|p| p.interior_point());
        Self {
            id,
            name,
            alt_names: Vec::new(),
            kind,
            parent: None,
            focus: false,
            geometry,
            control: Vec::new(),
            bbox,
            label_point,
        }
    }

    /// Whether the point (degrees) lies inside the region.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        let p = Point::new(lon, lat);
        match self.bbox {
            Some(b) if !b.contains(&p) => false,
            _ => self.geometry.contains(&p),
        }
    }

    /// The bounding box of the geometry, if it has any.
    pub fn bbox(&self) -> Option<Rect<f64>> {
        self.bbox
    }

    /// A point inside the region's largest part, for labels and markers.
    pub fn label_point(&self) -> Option<Point<f64>> {
        self.label_point
    }

    /// Who held it on `date`, if its control is recorded as changing.
    pub fn control_at(&self, date: NaiveDate) -> Option<&ControlPeriod> {
        self.control.iter().find(|c| c.interval.contains(date))
    }

    /// Whether `name` names this region (id, name or alternative name; case-insensitive).
    pub fn is_named(&self, name: &str) -> bool {
        let name = name.trim();
        self.id.eq_ignore_ascii_case(name)
            || self.name.eq_ignore_ascii_case(name)
            || self.alt_names.iter().any(|a| a.eq_ignore_ascii_case(name))
    }
}

fn largest_part(geometry: &MultiPolygon<f64>) -> Option<&geo::Polygon<f64>> {
    use geo::Area;
    geometry
        .0
        .iter()
        .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn square() -> Region {
        let p = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 2.0), (x: 0.0, y: 2.0)];
        Region::new(
            "sq".into(),
            "Square".into(),
            RegionKind::District,
            MultiPolygon(vec![p]),
        )
    }

    #[test]
    fn contains_inside_not_outside() {
        let r = square();
        assert!(r.contains(1.0, 1.0));
        assert!(!r.contains(3.0, 1.0));
        assert!(!r.contains(-0.1, 1.0));
    }

    #[test]
    fn names_match_case_insensitively() {
        let mut r = square();
        r.alt_names.push("Quadrat".into());
        assert!(r.is_named("SQUARE"));
        assert!(r.is_named("sq"));
        assert!(r.is_named("quadrat"));
        assert!(!r.is_named("circle"));
    }

    #[test]
    fn control_changes_at_the_boundary_day() {
        let mut r = square();
        let d = |m, day| NaiveDate::from_ymd_opt(2020, m, day).unwrap();
        r.control = vec![
            ControlPeriod {
                interval: Interval::new(d(1, 1), d(11, 24)).unwrap(),
                holder: Holder::Armenian,
                note: String::new(),
            },
            ControlPeriod {
                interval: Interval::new(d(11, 25), d(12, 31)).unwrap(),
                holder: Holder::Azerbaijani,
                note: String::new(),
            },
        ];
        assert_eq!(r.control_at(d(11, 24)).map(|c| c.holder), Some(Holder::Armenian));
        assert_eq!(
            r.control_at(d(11, 25)).map(|c| c.holder),
            Some(Holder::Azerbaijani)
        );
    }
}
