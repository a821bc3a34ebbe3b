//! Regions of the map: named areas with a kind, a geometry and, where it
//! changed, who controlled them when.

use super::date::Interval;
use super::sym::Sym;
use chrono::NaiveDate;
use geo::{BoundingRect, Contains, InteriorPoint, Intersects, Line, MultiPolygon, Point, Rect};
use serde::Serialize;
use std::sync::OnceLock;

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

/// How a region is set apart on the map, as its data says: the renderer
/// knows styles, not regions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RegionStyle {
    /// Land like any other.
    #[default]
    Plain,
    /// One of the places the data is about, each in its own colour (0, 1, …).
    Subject(u8),
    /// A disputed territory, drawn over the countries around it.
    Disputed,
}

impl RegionStyle {
    /// Reads a style property: `subject` (optionally `subject-2` …),
    /// `disputed`, `plain`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().to_ascii_lowercase();
        match text.as_str() {
            "plain" | "" => Some(Self::Plain),
            "disputed" => Some(Self::Disputed),
            "subject" => Some(Self::Subject(0)),
            _ => {
                let n: u8 = text.strip_prefix("subject-")?.parse().ok()?;
                Some(Self::Subject(n.saturating_sub(1)))
            }
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
    /// Stable identifier, e.g. `nagorno-karabakh`, `az-kalbajar` (shared with
    /// the events that concern it).
    pub id: Sym,
    pub name: String,
    /// Other names it goes by (e.g. "Artsakh", "Khankendi").
    pub alt_names: Vec<String>,
    pub kind: RegionKind,
    /// The country a district belongs to.
    pub parent: Option<String>,
    /// Whether it is part of the subject of the map, not a neighbour for context.
    pub focus: bool,
    /// How the map sets it apart.
    pub style: RegionStyle,
    /// A word on what the outline shows, for the legend (e.g. "1991 oblast
    /// outline" for a territory whose border changed).
    pub note: Option<String>,
    pub geometry: MultiPolygon<f64>,
    /// Known changes of control; empty when it did not change.
    pub control: Vec<ControlPeriod>,
    /// Whether events with a point inside are linked to it. Off for the
    /// built-in districts, whose lines are too coarse to place a town.
    pub linked: bool,
    bbox: Option<Rect<f64>>,
    /// Made when first asked for (a world of regions is mostly never labelled
    /// or hit), unless the data gives it.
    label_point: OnceLock<Option<Point<f64>>>,
    bands: OnceLock<EdgeBands>,
}

/// The polygon edges sorted into horizontal bands, so that a point test
/// looks only at the edges of its band (a few dozen, not thousands).
#[derive(Clone, Debug, Default)]
struct EdgeBands {
    min_y: f64,
    band_height: f64,
    /// Edges as (x1, y1, x2, y2), per band.
    bands: Vec<Vec<[f64; 4]>>,
}

impl EdgeBands {
    fn new(geometry: &MultiPolygon<f64>, bbox: Option<Rect<f64>>) -> Self {
        let Some(bbox) = bbox else {
            return Self::default();
        };
        let edges: Vec<[f64; 4]> = geometry
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .flat_map(|ring| ring.lines())
            .map(|l| [l.start.x, l.start.y, l.end.x, l.end.y])
            .collect();
        let count = (edges.len() / 4).clamp(1, 2048);
        let band_height = (bbox.height() / count as f64).max(1e-9);
        let mut bands = vec![Vec::new(); count];
        for e in edges {
            let (lo, hi) = (e[1].min(e[3]), e[1].max(e[3]));
            let first = (((lo - bbox.min().y) / band_height) as usize).min(count - 1);
            let last = (((hi - bbox.min().y) / band_height) as usize).min(count - 1);
            for band in &mut bands[first..=last] {
                band.push(e);
            }
        }
        Self {
            min_y: bbox.min().y,
            band_height,
            bands,
        }
    }

    /// Even-odd ray casting over the band's edges (holes and parts included).
    fn contains(&self, x: f64, y: f64) -> bool {
        let k = (y - self.min_y) / self.band_height;
        if k.is_nan() || k < 0.0 {
            return false;
        }
        let Some(band) = self.bands.get(k as usize) else {
            return false;
        };
        let mut inside = false;
        for &[x1, y1, x2, y2] in band {
            if (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) {
                inside = !inside;
            }
        }
        inside
    }

    /// Whether an edge meets the box (its sides included).
    fn crosses(&self, area: &Rect<f64>) -> bool {
        let band = |y: f64| ((y - self.min_y) / self.band_height).max(0.0) as usize;
        let last = self.bands.len().saturating_sub(1);
        let (first, end) = (band(area.min().y).min(last), band(area.max().y).min(last));
        self.bands
            .get(first..=end)
            .into_iter()
            .flatten()
            .flatten()
            .any(|&[x1, y1, x2, y2]| Line::new((x1, y1), (x2, y2)).intersects(area))
    }
}

impl Region {
    /// A region; derived values (bounding box, label point) are computed once here.
    pub fn new(id: impl Into<Sym>, name: String, kind: RegionKind, geometry: MultiPolygon<f64>) -> Self {
        let bbox = geometry.bounding_rect();
        Self {
            id: id.into(),
            name,
            alt_names: Vec::new(),
            kind,
            parent: None,
            focus: false,
            style: if kind == RegionKind::DisputedTerritory {
                RegionStyle::Disputed
            } else {
                RegionStyle::Plain
            },
            note: None,
            geometry,
            control: Vec::new(),
            linked: kind != RegionKind::District,
            bbox,
            label_point: OnceLock::new(),
            bands: OnceLock::new(),
        }
    }

    /// Whether the point (degrees) lies inside the region.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        match self.bbox {
            Some(b) if b.contains(&Point::new(lon, lat)) => self
                .bands
                .get_or_init(|| EdgeBands::new(&self.geometry, self.bbox))
                .contains(lon, lat),
            _ => false,
        }
    }

    /// Whether the region's outline meets the box (its sides included): if
    /// not, the box lies wholly inside the region or wholly outside it.
    pub fn outline_meets(&self, area: &Rect<f64>) -> bool {
        match self.bbox {
            Some(b) if b.intersects(area) => self
                .bands
                .get_or_init(|| EdgeBands::new(&self.geometry, self.bbox))
                .crosses(area),
            _ => false,
        }
    }

    /// The bounding box of the geometry, if it has any.
    pub fn bbox(&self) -> Option<Rect<f64>> {
        self.bbox
    }

    /// A point inside the region's largest part, for labels and markers.
    pub fn label_point(&self) -> Option<Point<f64>> {
        // The interior point of the largest part: a mainland, not an exclave.
        *self
            .label_point
            .get_or_init(|| largest_part(&self.geometry).and_then(|p| p.interior_point()))
    }

    /// Sets where its name goes (e.g. the data's own label point).
    pub fn set_label_point(&mut self, lon: f64, lat: f64) {
        self.label_point = OnceLock::from(Some(Point::new(lon, lat)));
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
        Region::new("sq", "Square".into(), RegionKind::District, MultiPolygon(vec![p]))
    }

    #[test]
    fn contains_inside_not_outside() {
        let r = square();
        assert!(r.contains(1.0, 1.0));
        assert!(!r.contains(3.0, 1.0));
        assert!(!r.contains(-0.1, 1.0));
    }

    /// The banded test agrees with geo's on real, concave, multi-part shapes.
    #[test]
    fn banded_containment_agrees_with_geo() {
        let atlas = crate::embedded::atlas().unwrap();
        let mut seed = 11u64;
        let mut unit = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for region in atlas.regions().iter().filter(|r| r.kind != RegionKind::District) {
            let b = region.bbox().unwrap();
            for _ in 0..2000 {
                let (x, y) = (b.min().x + unit() * b.width(), b.min().y + unit() * b.height());
                let want = region.geometry.contains(&Point::new(x, y));
                assert_eq!(region.contains(x, y), want, "{} at {x},{y}", region.id);
            }
        }
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
