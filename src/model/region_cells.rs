//! Which linked regions hold a point, answered per cell of a grid: most
//! cells lie wholly inside or outside every region near them, so a point
//! there needs no polygon test, and the cell's answer is worked out once.
//! Only the regions whose outline crosses a point's cell are tested.

use super::atlas::{Atlas, LinkedRegions, RegionIndices};
use super::sym::Sym;
use geo::Rect;

/// Cells per degree: an eighth of a degree (about 14 km), exact in binary.
const CELLS_PER_DEGREE: f64 = 8.0;
/// How many cells a lookup keeps (a few MB); emptied when full.
const MAX_CELLS_KEPT: usize = 1 << 16;

/// One cell's regions.
#[derive(Clone, Debug, Default)]
struct Cell {
    /// Regions holding the whole cell, in [`LinkedRegions::order`].
    inside: RegionIndices,
    /// Regions whose outline crosses the cell: tested point by point.
    crossing: RegionIndices,
}

/// The linked regions of one atlas with the cells already worked out.
/// Valid while that atlas is unchanged.
#[derive(Clone, Debug, Default)]
pub struct RegionCells {
    linked: LinkedRegions,
    cells: foldhash::HashMap<(i64, i64), Cell>,
}

impl RegionCells {
    /// The lookup for `atlas`, no cell worked out yet.
    pub fn new(atlas: &Atlas) -> Self {
        Self {
            linked: atlas.linked_regions(),
            cells: foldhash::HashMap::default(),
        }
    }

    /// The linked regions the cells are made from (for shapes).
    pub fn linked(&self) -> &LinkedRegions {
        &self.linked
    }

    /// The ids of the linked regions of `atlas` holding the point, as
    /// [`LinkedRegions::ids_at`] gives them.
    pub fn ids_at(&mut self, atlas: &Atlas, lon: f64, lat: f64) -> Vec<Sym> {
        atlas.region_ids(&self.indices_at(atlas, lon, lat))
    }

    /// Positions of the linked regions of `atlas` holding the point, as
    /// [`LinkedRegions::indices_at`] gives them.
    pub fn indices_at(&mut self, atlas: &Atlas, lon: f64, lat: f64) -> RegionIndices {
        // Far off the map (no loader passes such a point): no cell key.
        if !(lon.abs() <= 360.0 && lat.abs() <= 360.0) {
            return self.linked.indices_at(atlas, lon, lat);
        }
        let key = (
            (lon * CELLS_PER_DEGREE).floor() as i64,
            (lat * CELLS_PER_DEGREE).floor() as i64,
        );
        if !self.cells.contains_key(&key) && self.cells.len() >= MAX_CELLS_KEPT {
            self.cells.clear();
        }
        let linked = &self.linked;
        let cell = self
            .cells
            .entry(key)
            .or_insert_with(|| classify(linked, atlas, key));
        if cell.crossing.is_empty() {
            return cell.inside.clone();
        }
        let mut found = cell.inside.clone();
        found.extend(
            cell.crossing
                .iter()
                .copied()
                .filter(|&k| atlas.regions().get(k).is_some_and(|r| r.contains(lon, lat))),
        );
        LinkedRegions::order(atlas, &mut found);
        found
    }
}

/// Which regions hold the cell `key` whole, and whose outlines cross it.
fn classify(linked: &LinkedRegions, atlas: &Atlas, key: (i64, i64)) -> Cell {
    let corner = |k: i64| k as f64 / CELLS_PER_DEGREE;
    let area = Rect::new(
        (corner(key.0), corner(key.1)),
        (corner(key.0 + 1), corner(key.1 + 1)),
    );
    let centre = area.center();
    let mut cell = Cell::default();
    for k in linked.meeting(&area) {
        let Some(region) = atlas.regions().get(k) else {
            continue;
        };
        if region.outline_meets(&area) {
            cell.crossing.push(k);
        } else if region.contains(centre.x, centre.y) {
            cell.inside.push(k);
        }
    }
    LinkedRegions::order(atlas, &mut cell.inside);
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_give_what_testing_each_point_gives() {
        let atlas = crate::embedded::atlas().unwrap();
        let linked = atlas.linked_regions();
        let mut cells = RegionCells::new(&atlas);
        let mut r = crate::test_numbers::Numbers::new(0x2545_f491_4f6c_dd1d);
        let mut next = move || r.unit();
        let mut crossing_seen = 0;
        // The South Caucasus densely (borders, the exclave, the disputed
        // territory), then the whole world, then points on cell corners.
        let points = (0..20_000)
            .map(|i| match i % 4 {
                0 | 1 => [43.0 + next() * 8.0, 38.0 + next() * 4.0],
                2 => [next() * 360.0 - 180.0, next() * 180.0 - 90.0],
                _ => [(44.0 + next() * 4.0).floor() + 0.125, 40.0 + 0.25],
            })
            .chain([[180.0, 0.0], [-180.0, -90.0], [f64::NAN, 40.0]]);
        for [lon, lat] in points {
            let want = linked.indices_at(&atlas, lon, lat);
            assert_eq!(cells.indices_at(&atlas, lon, lat), want, "at {lon}, {lat}");
            let key = ((lon * 8.0).floor() as i64, (lat * 8.0).floor() as i64);
            crossing_seen += cells.cells.get(&key).is_some_and(|c| !c.crossing.is_empty()) as usize;
        }
        assert!(crossing_seen > 100, "borders were crossed: {crossing_seen}");
        let whole = cells
            .cells
            .values()
            .filter(|c| c.crossing.is_empty() && !c.inside.is_empty())
            .count();
        assert!(whole > 100, "cells wholly inside a region: {whole}");
    }
}
