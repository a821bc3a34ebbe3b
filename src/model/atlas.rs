//! The map's content: regions, the places of the gazetteer, and the
//! context layers drawn with them (lakes, lines and areas valid for a span
//! of time).

use super::date::Interval;
use super::event::Location;
use super::gazetteer::Gazetteer;
use super::region::{Region, RegionKind};
use super::sym::Sym;
use chrono::NaiveDate;
use geo::{Distance, Euclidean, LineString, MultiPolygon, Point, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use std::collections::HashMap;
use std::sync::Arc;

/// A town the map names before any other (the built-in story's own places).
#[derive(Clone, Debug, PartialEq)]
pub struct Town {
    pub name: String,
    pub alt_name: Option<String>,
    pub lon: f64,
    pub lat: f64,
    pub capital: bool,
}

impl Town {
    /// What the map writes: "Stepanakert / Khankendi".
    pub fn label(&self) -> String {
        match &self.alt_name {
            Some(alt) => format!("{} / {alt}", self.name),
            None => self.name.clone(),
        }
    }
}

/// A line (e.g. a ceasefire line) drawn only while it was in force.
#[derive(Clone, Debug, PartialEq)]
pub struct TimedLine {
    pub name: String,
    pub line: LineString<f64>,
    pub valid: Interval,
}

/// An area (e.g. ground held after a ceasefire) drawn only while it applied.
#[derive(Clone, Debug, PartialEq)]
pub struct TimedArea {
    pub name: String,
    pub geometry: MultiPolygon<f64>,
    pub valid: Interval,
}

/// A lake or reservoir.
#[derive(Clone, Debug, PartialEq)]
pub struct Lake {
    pub name: String,
    pub geometry: MultiPolygon<f64>,
}

/// Everything the map draws besides events.
#[derive(Clone, Debug, Default)]
pub struct Atlas {
    /// Changed only through [`Atlas::add_regions`], which keeps `by_id`.
    regions: Vec<Region>,
    /// Positions in `regions` by id.
    by_id: HashMap<Sym, usize>,
    pub lakes: Vec<Lake>,
    pub lines: Vec<TimedLine>,
    pub areas: Vec<TimedArea>,
    /// Towns the map names first (the story's own places), before the
    /// gazetteer's by population.
    pub towns: Vec<Town>,
    /// Towns, countries and divisions by name (shared: it is large).
    pub places: Arc<Gazetteer>,
}

/// How close (degrees) a vertex of one region must be to another to count as
/// on their shared border.
const BORDER_TOLERANCE_DEG: f64 = 0.02;

/// Positions in [`Atlas::regions`]; a point lies in a few at most.
pub type RegionIndices = smallvec::SmallVec<[usize; 4]>;

/// The regions events are linked to, in a tree of their boxes: a point is
/// tested against the few regions whose box holds it, not every region of
/// the world, and against a region's edges only inside its box. Made from
/// one atlas; valid while that atlas is unchanged.
#[derive(Clone, Debug, Default)]
pub struct LinkedRegions {
    boxes: rstar::RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
}

impl LinkedRegions {
    /// Positions of the linked regions of `atlas` holding the point, countries first.
    pub fn indices_at(&self, atlas: &Atlas, lon: f64, lat: f64) -> RegionIndices {
        let mut found: RegionIndices = self
            .boxes
            .locate_all_at_point(&[lon, lat])
            .map(|b| b.data)
            .filter(|&k| atlas.regions.get(k).is_some_and(|r| r.contains(lon, lat)))
            .collect();
        Self::order(atlas, &mut found);
        found
    }

    /// Positions of the linked regions whose box meets `area`.
    pub fn meeting(&self, area: &Rect<f64>) -> RegionIndices {
        let envelope = rstar::AABB::from_corners([area.min().x, area.min().y], [area.max().x, area.max().y]);
        self.boxes
            .locate_in_envelope_intersecting(&envelope)
            .map(|b| b.data)
            .collect()
    }

    /// Puts positions of regions of `atlas` in the order points' regions
    /// are given: countries first; regions of one kind in atlas order.
    pub fn order(atlas: &Atlas, found: &mut [usize]) {
        found.sort_by_key(|&k| (atlas.regions.get(k).map(|r| kind_rank(r.kind)), k));
    }

    /// The ids of the linked regions of `atlas` holding the point, countries
    /// first (see [`Atlas::focus_regions_at`]).
    pub fn ids_at(&self, atlas: &Atlas, lon: f64, lat: f64) -> Vec<Sym> {
        atlas.region_ids(&self.indices_at(atlas, lon, lat))
    }

    /// The ids of the linked regions of `atlas` that `shape` touches (an
    /// area overlapping them, a route crossing them), countries first.
    pub fn ids_touching(&self, atlas: &Atlas, shape: &crate::model::shape::EventShape) -> Vec<Sym> {
        use geo::Intersects;
        let b = shape.bounds;
        let envelope = rstar::AABB::from_corners([b.min().x, b.min().y], [b.max().x, b.max().y]);
        let mut found: Vec<usize> = self
            .boxes
            .locate_in_envelope_intersecting(&envelope)
            .map(|r| r.data)
            .filter(|&k| {
                atlas
                    .regions
                    .get(k)
                    .is_some_and(|r| r.geometry.intersects(&shape.geometry))
            })
            .collect();
        found.sort_by_key(|&k| (atlas.regions.get(k).map(|r| kind_rank(r.kind)), k));
        atlas.region_ids(&found)
    }
}

impl Atlas {
    /// Adds regions; one with the id of a region already there replaces it.
    pub fn add_regions(&mut self, regions: impl IntoIterator<Item = Region>) {
        for region in regions {
            match self.by_id.get(&region.id) {
                Some(&k) => {
                    if let Some(old) = self.regions.get_mut(k) {
                        *old = region;
                    }
                }
                None => {
                    self.by_id.insert(region.id.clone(), self.regions.len());
                    self.regions.push(region);
                }
            }
        }
    }

    /// Draws every region as plain land, and makes none the map's subject:
    /// for data that is not about the places the built-in map sets apart.
    pub fn clear_subjects(&mut self) {
        for region in &mut self.regions {
            if matches!(region.style, super::region::RegionStyle::Subject(_)) {
                region.style = super::region::RegionStyle::Plain;
            }
            region.focus = false;
        }
    }

    /// Whether the gazetteer's places are in (the world's layers are).
    pub fn has_places(&self) -> bool {
        !self.places.places().is_empty()
    }

    /// Every region, in the order added.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// The region with this id.
    pub fn get(&self, id: &str) -> Option<&Region> {
        self.by_id.get(id).and_then(|&k| self.regions.get(k))
    }

    /// The position in [`Self::regions`] of the region with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The region this name (id, name or alternative name) refers to.
    pub fn find(&self, name: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.is_named(name))
    }

    /// Every region containing the point, countries first, then disputed
    /// territories, then districts.
    pub fn regions_at(&self, lon: f64, lat: f64) -> Vec<&Region> {
        let mut found: Vec<&Region> = self.regions.iter().filter(|r| r.contains(lon, lat)).collect();
        found.sort_by_key(|r| kind_rank(r.kind));
        found
    }

    /// The innermost region at the point that a click should select: a
    /// disputed territory before the country around it; districts are not picked.
    pub fn pick(&self, lon: f64, lat: f64) -> Option<&Region> {
        self.regions
            .iter()
            .filter(|r| r.linked && r.contains(lon, lat))
            .max_by_key(|r| kind_rank(r.kind))
    }

    /// The area the map is about: the union of the focus regions' boxes.
    pub fn focus_extent(&self) -> Option<Rect<f64>> {
        self.regions
            .iter()
            .filter(|r| r.focus)
            .filter_map(|r| r.bbox())
            .reduce(|a, b| union_rect(&a, &b))
    }

    /// The lines in force on `day`.
    pub fn lines_at(&self, day: NaiveDate) -> impl Iterator<Item = &TimedLine> {
        self.lines.iter().filter(move |l| l.valid.contains(day))
    }

    /// The areas that applied on `day`.
    pub fn areas_at(&self, day: NaiveDate) -> impl Iterator<Item = &TimedArea> {
        self.areas.iter().filter(move |a| a.valid.contains(day))
    }

    /// The point (lon, lat) a location is drawn at, if it can be placed.
    pub fn anchor(&self, location: &Location) -> Option<[f64; 2]> {
        match location {
            Location::Point { lon, lat } => Some([*lon, *lat]),
            Location::Region(id) => self.get(id)?.label_point().map(|p| [p.x(), p.y()]),
            Location::Border(a, b) => self.border_point(a, b),
            Location::Shape(s) => Some(s.anchor),
            Location::Unknown => None,
        }
    }

    /// A point on the border shared by two regions: of the vertices of `a`
    /// that lie (within a tolerance) on a vertex of `b`, the one closest to
    /// their middle. Shared borders share vertices in Natural Earth data.
    pub fn border_point(&self, a: &str, b: &str) -> Option<[f64; 2]> {
        let (ra, rb) = (self.get(a)?, self.get(b)?);
        let b_vertices: Vec<[f64; 2]> = rb
            .geometry
            .0
            .iter()
            .flat_map(|p| p.exterior().coords())
            .map(|c| [c.x, c.y])
            .collect();
        let tree = rstar::RTree::bulk_load(b_vertices);
        let tolerance2 = BORDER_TOLERANCE_DEG * BORDER_TOLERANCE_DEG;
        let near: Vec<Point<f64>> = ra
            .geometry
            .0
            .iter()
            .flat_map(|p| p.exterior().points())
            .filter(|p| {
                tree.nearest_neighbor_iter_with_distance_2(&[p.x(), p.y()])
                    .next()
                    .is_some_and(|(_, d2)| d2 < tolerance2)
            })
            .collect();
        let n = near.len() as f64;
        if n == 0.0 {
            return None;
        }
        let mean = Point::new(
            near.iter().map(|p| p.x()).sum::<f64>() / n,
            near.iter().map(|p| p.y()).sum::<f64>() / n,
        );
        near.iter()
            .min_by(|p, q| {
                Euclidean
                    .distance(**p, mean)
                    .total_cmp(&Euclidean.distance(**q, mean))
            })
            .map(|p| [p.x(), p.y()])
    }

    /// The ids of the linked regions (countries, disputed territories, regions
    /// a user loaded; not the built-in districts) containing the point: how
    /// imported events get their regions.
    /// For one point; to look up many, make [`Self::linked_regions`] once.
    pub fn focus_regions_at(&self, lon: f64, lat: f64) -> Vec<Sym> {
        self.linked_regions().ids_at(self, lon, lat)
    }

    /// The ids of the regions at these positions in [`Self::regions`].
    pub fn region_ids(&self, positions: &[usize]) -> Vec<Sym> {
        positions
            .iter()
            .filter_map(|&k| self.regions.get(k).map(|r| r.id.clone()))
            .collect()
    }

    /// The linked regions' boxes, for looking up many points.
    pub fn linked_regions(&self) -> LinkedRegions {
        let boxes = self
            .regions
            .iter()
            .enumerate()
            .filter(|(_, r)| r.linked)
            .filter_map(|(k, r)| {
                let b = r.bbox()?;
                let rect = Rectangle::from_corners([b.min().x, b.min().y], [b.max().x, b.max().y]);
                Some(GeomWithData::new(rect, k))
            })
            .collect();
        LinkedRegions {
            boxes: rstar::RTree::bulk_load(boxes),
        }
    }

    /// The box around every region.
    pub fn full_extent(&self) -> Option<Rect<f64>> {
        self.regions
            .iter()
            .filter_map(Region::bbox)
            .reduce(|a, b| union_rect(&a, &b))
    }
}

fn kind_rank(kind: RegionKind) -> u8 {
    match kind {
        RegionKind::Country => 0,
        RegionKind::DisputedTerritory => 1,
        RegionKind::District => 2,
    }
}

/// The smallest box holding both.
pub fn union_rect(a: &Rect<f64>, b: &Rect<f64>) -> Rect<f64> {
    Rect::new(
        geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
        geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
    )
}
