//! What a CSV loader's parsing thread keeps between rows: shared names, and
//! the times, tolls and region lists already made. A big export repeats
//! them; making and interning them anew for every row would cost more than
//! reading the row.

use crate::model::atlas::RegionIndices;
use crate::model::casualties::{Casualties, CasualtyError};
use crate::model::region_cells::RegionCells;
use crate::model::relative::EventTime;
use crate::model::{Atlas, Interner, Sym, SymList};
use chrono::NaiveDate;
use std::sync::Arc;

/// One parsing thread's shared values (see the module docs).
#[derive(Default)]
pub struct RowCache {
    names: Interner,
    times: foldhash::HashMap<TimeKey, EventTime>,
    tolls: foldhash::HashMap<(u32, Option<u32>, Option<u32>), Arc<Casualties>>,
    regions: foldhash::HashMap<RegionIndices, SymList>,
    /// The regions at points already seen: real exports repeat their
    /// places (a village's, a city's or a province's coordinates) across
    /// many rows. Bounded: emptied when full.
    at_points: foldhash::HashMap<(u64, u64), SymList>,
    /// Made on first use from the atlas of the load (which holds still).
    cells: Option<RegionCells>,
    /// The shared copies of the program's own words (kinds, notes,
    /// publishers), found by address: a few, asked for in every row.
    constants: Vec<((usize, usize), Sym)>,
}

/// How many points' regions a parsing thread keeps (about 3 MB).
const MAX_POINTS_KEPT: usize = 1 << 16;

/// What an event time is made from: first and last day as given, and the
/// format's own precision code.
pub type TimeKey = (NaiveDate, NaiveDate, u8);

impl RowCache {
    /// The shared copy of `text`.
    pub fn name(&mut self, text: &str) -> Sym {
        self.names.intern(text)
    }

    /// The shared copy of one of the program's own texts (a kind's or a
    /// publisher's name), found by its address rather than its text.
    pub fn constant(&mut self, text: &'static str) -> Sym {
        let address = (text.as_ptr() as usize, text.len());
        if let Some((_, sym)) = self.constants.iter().find(|(a, _)| *a == address) {
            return sym.clone();
        }
        let sym = self.names.intern(text);
        self.constants.push((address, sym.clone()));
        sym
    }

    /// The shared copy of `list`.
    pub fn list(&mut self, list: &[Sym]) -> SymList {
        self.names.intern_list(list)
    }

    /// The ids of the linked regions at a point (see
    /// [`Atlas::focus_regions_at`]), the list made once per combination.
    pub fn regions_at(&mut self, atlas: &Atlas, lon: f64, lat: f64) -> SymList {
        let point = (lon.to_bits(), lat.to_bits());
        if let Some(list) = self.at_points.get(&point) {
            return list.clone();
        }
        if self.at_points.len() >= MAX_POINTS_KEPT {
            self.at_points.clear();
        }
        let list = self.link(atlas, lon, lat);
        self.at_points.insert(point, list.clone());
        list
    }

    fn link(&mut self, atlas: &Atlas, lon: f64, lat: f64) -> SymList {
        let found = self
            .cells
            .get_or_insert_with(|| RegionCells::new(atlas))
            .indices_at(atlas, lon, lat);
        if let Some(list) = self.regions.get(&found) {
            return list.clone();
        }
        let list = self.names.intern_list(&atlas.region_ids(&found));
        self.regions.insert(found, list.clone());
        list
    }

    /// The time made by `make` for `key`, made once; its words shared.
    pub fn time(
        &mut self,
        key: TimeKey,
        make: impl FnOnce() -> Result<EventTime, String>,
    ) -> Result<EventTime, String> {
        if let Some(time) = self.times.get(&key) {
            return Ok(time.clone());
        }
        let time = make()?.share_words(&mut self.names);
        self.times.insert(key, time.clone());
        Ok(time)
    }

    /// The toll of these counts (see [`Casualties::from_counts`]), made once.
    pub fn toll(
        &mut self,
        low: u32,
        best: Option<u32>,
        high: Option<u32>,
    ) -> Result<Arc<Casualties>, CasualtyError> {
        if let Some(toll) = self.tolls.get(&(low, best, high)) {
            return Ok(toll.clone());
        }
        let mut toll = Casualties::from_counts(low, best, high)?;
        toll.text = self.names.share(toll.text);
        let toll = Arc::new(toll);
        self.tolls.insert((low, best, high), toll.clone());
        Ok(toll)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::FuzzyInterval;

    #[test]
    fn repeated_times_and_tolls_are_made_once_and_shared() {
        let mut cache = RowCache::default();
        let day = NaiveDate::from_ymd_opt(2020, 9, 27).unwrap();
        let mut made = 0;
        let mut make = || {
            made += 1;
            Ok(EventTime::absolute(FuzzyInterval::parse("2020-09-27").unwrap()))
        };
        let a = cache.time((day, day, 1), &mut make).unwrap();
        let b = cache.time((day, day, 1), &mut make).unwrap();
        assert_eq!(made, 1);
        assert_eq!(a, b);
        let a = cache.toll(12, Some(12), Some(12)).unwrap();
        let b = cache.toll(12, Some(12), Some(12)).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(*a, Casualties::exact(12));
        assert!(cache.toll(5, None, Some(2)).is_err());
    }

    #[test]
    fn regions_at_a_point_are_the_atlas_own_and_shared_per_combination() {
        let atlas = crate::embedded::atlas().unwrap();
        let mut cache = RowCache::default();
        // Stepanakert, then a second point in the same regions, then Yerevan.
        let a = cache.regions_at(&atlas, 46.7528, 39.8177);
        let b = cache.regions_at(&atlas, 46.76, 39.82);
        let c = cache.regions_at(&atlas, 44.5126, 40.1777);
        assert_eq!(a.as_slice(), atlas.focus_regions_at(46.7528, 39.8177).as_slice());
        assert_eq!(a, ["azerbaijan", "nagorno-karabakh"]);
        assert!(std::ptr::eq(a.as_slice(), b.as_slice()));
        assert_eq!(c, ["armenia"]);
        assert!(cache.regions_at(&atlas, 0.0, 0.0).is_empty());
        // The same point again: the same list, from the points kept.
        assert_eq!(cache.at_points.len(), 4);
        let again = cache.regions_at(&atlas, 46.7528, 39.8177);
        assert!(std::ptr::eq(a.as_slice(), again.as_slice()));
        assert_eq!(cache.at_points.len(), 4);
    }
}
