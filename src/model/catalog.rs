//! The loaded events and the questions asked of them: which are active on a
//! day, which fall in a range, which concern a region.

use super::atlas::Atlas;
use super::date::Interval;
use super::date_order::{TimeRanks, date_order};
use super::event::{Event, Location};
use super::point_index::PointIndex;
use super::projection::mercator_y;
use super::store::{EventRef, EventStore};
use super::time_index::TimeIndex;
use chrono::NaiveDate;
use std::sync::{Arc, OnceLock};

/// From this many events on, the indexes are built on two threads.
const PARALLEL_FROM_EVENTS: usize = 50_000;

/// A time condition on events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeFilter {
    /// Any time.
    #[default]
    All,
    /// Active on this day (the day lies in the event's interval).
    At(NaiveDate),
    /// Sharing at least one day with this range.
    Overlapping(Interval),
}

/// What to select from a catalog.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub time: TimeFilter,
    /// Keep events that concern this region id.
    pub region: Option<String>,
}

/// One loaded file's worth of events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dataset {
    /// What to call it in the legend (usually the file name).
    pub name: String,
    /// How many events it holds.
    pub len: usize,
}

/// Events with their time index and map anchors.
///
/// The events are the datasets' stores, shared: a catalog made from this
/// one with a file more ([`Catalog::with_dataset`]) holds the same stores,
/// and only the indexes are made anew.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    stores: Vec<Arc<EventStore>>,
    datasets: Vec<Dataset>,
    /// The position of each dataset's first event.
    starts: Vec<usize>,
    len: usize,
    index: TimeIndex,
    /// Each event's interval, by its time's rank.
    times: TimeRanks,
    /// Where each event not at a point is drawn (lon, lat), by position:
    /// an event at a point is drawn there, and most are.
    placed: Vec<(u32, [f64; 2])>,
    /// What the map counts and hit-tests: made with the other indexes on
    /// the loading thread, or, for a catalog made [for queries
    /// alone](Catalog::for_queries), when first asked for.
    map: OnceLock<MapIndex>,
    span: Option<Interval>,
    /// Positions of the events over an area, a route or several points.
    shaped: Vec<usize>,
}

/// Each event's anchor on the map, and an index over them.
#[derive(Clone, Debug, Default)]
struct MapIndex {
    /// Each event's anchor in (longitude, Mercator y), NaN if it has none.
    world: Vec<[f32; 2]>,
    /// `world`'s placed anchors, for hover and click.
    spatial: PointIndex,
}

impl MapIndex {
    /// The anchors of the stores' events, one store after another: an
    /// event's point, or where `placed` draws it.
    fn new(stores: &[Arc<EventStore>], placed: &[(u32, [f64; 2])]) -> Self {
        let mut world: Vec<[f32; 2]> = stores
            .iter()
            .flat_map(|store| (0..store.len()).map(move |i| store.point(i)))
            .map(|point| match point {
                Some([lon, lat]) if lon.is_finite() && lat.is_finite() => {
                    [lon as f32, mercator_y(lat) as f32]
                }
                _ => [f32::NAN; 2],
            })
            .collect();
        for &(i, [lon, lat]) in placed {
            if let Some(w) = world.get_mut(i as usize) {
                *w = [lon as f32, mercator_y(lat) as f32];
            }
        }
        let spatial = PointIndex::new(&world);
        Self { world, spatial }
    }
}

/// Whether a catalog makes its map index with the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MapIndexNow {
    Yes,
    WhenAsked,
}

impl Catalog {
    /// Indexes `events` as one dataset, placing each on `atlas`.
    pub fn new(events: impl Into<EventStore>, atlas: &Atlas) -> Self {
        Self::with_datasets(vec![("events".to_string(), finished(events.into()))], atlas)
    }

    /// Indexes `events` as one dataset for queries by date and region (as
    /// the command line asks them): the map's anchors and hit-test index
    /// are made only if asked for, not with the others.
    pub fn for_queries(events: impl Into<EventStore>, atlas: &Atlas) -> Self {
        Self::build(
            vec![("events".to_string(), finished(events.into()))],
            atlas,
            MapIndexNow::WhenAsked,
        )
    }

    /// Indexes several datasets' events together.
    pub fn with_datasets(parts: Vec<(String, Arc<EventStore>)>, atlas: &Atlas) -> Self {
        Self::build(parts, atlas, MapIndexNow::Yes)
    }

    fn build(parts: Vec<(String, Arc<EventStore>)>, atlas: &Atlas, map_now: MapIndexNow) -> Self {
        let mut datasets = Vec::with_capacity(parts.len());
        let mut stores = Vec::with_capacity(parts.len());
        let mut starts = Vec::with_capacity(parts.len());
        let mut len = 0;
        for (name, store) in parts {
            starts.push(len);
            len += store.len();
            datasets.push(Dataset {
                name,
                len: store.len(),
            });
            stores.push(store);
        }
        let time_indexes = || {
            let (order, times) = date_order(&stores);
            let index = TimeIndex::from_runs(order.by_date, &order.runs);
            (times, order.span, index)
        };
        let place_indexes = || {
            let placed: Vec<(u32, [f64; 2])> = stores
                .iter()
                .zip(&starts)
                .flat_map(|(store, &start)| {
                    store
                        .not_at_points()
                        .filter_map(move |(i, location)| Some(((start + i) as u32, atlas.anchor(location)?)))
                })
                .collect();
            let map = OnceLock::new();
            if map_now == MapIndexNow::Yes {
                let _ = map.set(MapIndex::new(&stores, &placed));
            }
            (placed, map)
        };
        // Big catalogs build the two on two cores; small ones are not worth a thread.
        let ((times, span, index), (placed, map)) = if len < PARALLEL_FROM_EVENTS {
            (time_indexes(), place_indexes())
        } else {
            std::thread::scope(|scope| {
                let time = scope.spawn(time_indexes);
                let place = place_indexes();
                let time = time.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
                (time, place)
            })
        };
        let shaped = stores
            .iter()
            .zip(&starts)
            .flat_map(|(store, &start)| {
                store
                    .not_at_points()
                    .filter(|(_, location)| matches!(location, Location::Shape(_)))
                    .map(move |(i, _)| start + i)
            })
            .collect();
        Self {
            stores,
            datasets,
            starts,
            len,
            index,
            times,
            placed,
            map,
            span,
            shaped,
        }
    }

    /// Positions of the events over an area, along a route or at several points.
    pub fn shaped(&self) -> &[usize] {
        &self.shaped
    }

    /// A catalog of these events and one more dataset. The events already
    /// here are shared, not copied, and this catalog stays as it is (a
    /// loading thread builds the next one while the window shows this one);
    /// the indexes are made anew. A catalog opened with no events at all has
    /// one empty dataset: the first one added takes its place.
    pub fn with_dataset(&self, name: String, events: impl Into<EventStore>, atlas: &Atlas) -> Self {
        let mut parts = self.parts();
        if self.len == 0 && parts.len() == 1 {
            parts.clear();
        }
        parts.push((name, finished(events.into())));
        Self::with_datasets(parts, atlas)
    }

    /// A catalog of these events with the one at `pos` replaced by `event`
    /// (a reader's correction), every position as it was. Only the dataset
    /// it is in is stored anew.
    pub fn with_event_replaced(&self, pos: usize, event: Event, atlas: &Atlas) -> Self {
        let mut parts = self.parts();
        let k = self.dataset_of(pos);
        if let (Some((_, store)), Some(&start)) = (parts.get_mut(k), self.starts.get(k)) {
            let mut event = Some(event);
            let fixed: EventStore = store
                .iter()
                .map(|e| match event.take_if(|_| e.position() + start == pos) {
                    Some(new) => new,
                    None => e.to_event(),
                })
                .collect();
            *store = Arc::new(fixed);
        }
        Self::with_datasets(parts, atlas)
    }

    /// The datasets' names and stores, shared.
    fn parts(&self) -> Vec<(String, Arc<EventStore>)> {
        self.datasets
            .iter()
            .zip(&self.stores)
            .map(|(d, store)| (d.name.clone(), Arc::clone(store)))
            .collect()
    }

    /// The datasets, in load order.
    pub fn datasets(&self) -> &[Dataset] {
        &self.datasets
    }

    /// The dataset the event at `pos` came from.
    pub fn dataset_of(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s <= pos).saturating_sub(1)
    }

    /// How many events it holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// All events, in load order.
    pub fn events(&self) -> impl ExactSizeIterator<Item = EventRef<'_>> + Clone {
        let stores = self.stores.iter().flat_map(|store| store.iter());
        ExactLen::new(stores, self.len)
    }

    /// The event at a position.
    pub fn get(&self, pos: usize) -> Option<EventRef<'_>> {
        let k = self.dataset_of(pos);
        self.stores.get(k)?.get(pos.checked_sub(*self.starts.get(k)?)?)
    }

    /// The event at a position, which must be in the catalog (as when
    /// indexing a slice).
    pub fn event(&self, pos: usize) -> EventRef<'_> {
        let k = self.dataset_of(pos);
        self.stores[k].event(pos - self.starts[k])
    }

    /// The position of the event with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.events().position(|e| e.id() == id)
    }

    /// Positions sorted by date (as `u32`: 40 MB less at 10^7 events).
    pub fn by_date(&self) -> &[u32] {
        self.index.by_date()
    }

    /// Positions in date order, each with its interval: the same as
    /// [`Self::by_date`] and [`Self::interval`], read in order.
    pub fn dated(&self) -> impl Iterator<Item = (usize, Interval)> + Clone + '_ {
        self.index.dated()
    }

    /// Where the event at `pos` is drawn (lon, lat).
    pub fn anchor(&self, pos: usize) -> Option<[f64; 2]> {
        match self.get(pos)?.location() {
            Location::Point { lon, lat } => Some([lon, lat]).filter(|_| lon.is_finite() && lat.is_finite()),
            _ => self
                .placed
                .binary_search_by_key(&pos, |&(i, _)| i as usize)
                .ok()
                .and_then(|k| self.placed.get(k))
                .map(|&(_, a)| a),
        }
    }

    /// Each event's anchor in (longitude, Mercator y), by position; NaN for
    /// events that cannot be placed. Single precision (a metre or better).
    pub fn world_points(&self) -> &[[f32; 2]] {
        &self.map_index().world
    }

    /// The map's anchors and hit-test index, made the first time they are
    /// asked for (see [`Catalog::for_queries`]).
    fn map_index(&self) -> &MapIndex {
        self.map.get_or_init(|| MapIndex::new(&self.stores, &self.placed))
    }

    /// The nearest event to the point (longitude, Mercator y) within
    /// `max_distance` (same units) that `accept` takes.
    pub fn nearest(
        &self,
        x: f64,
        y: f64,
        max_distance: f64,
        accept: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let max_d2 = (max_distance * max_distance) as f32;
        let map = self.map_index();
        map.spatial
            .nearest(&map.world, [x as f32, y as f32], max_d2, accept)
    }

    /// From the earliest start to the latest end.
    pub fn span(&self) -> Option<Interval> {
        self.span
    }

    /// Positions of events active on `day`, sorted by date.
    pub fn active_at(&self, day: NaiveDate) -> Vec<usize> {
        self.sorted(self.index.active_at(day).collect())
    }

    /// Positions of events sharing a day with `range`, in no order (cheap to stop early).
    pub fn overlapping_unsorted(&self, range: Interval) -> impl Iterator<Item = usize> + '_ {
        self.index.overlapping(range)
    }

    /// `positions` sorted by date (the list order).
    pub fn sorted_by_date(&self, positions: Vec<usize>) -> Vec<usize> {
        self.sorted(positions)
    }

    /// Sorts positions into date order, as [`Self::by_date`] has them.
    pub fn sort_by_date(&self, positions: &mut [u32]) {
        positions.sort_unstable_by_key(|&i| self.date_key(i as usize));
    }

    /// Positions matching the query, sorted by date.
    pub fn query(&self, query: &Query) -> Vec<usize> {
        let by_time: Vec<usize> = match query.time {
            TimeFilter::All => self.by_date().iter().map(|&i| i as usize).collect(),
            TimeFilter::At(day) => self.active_at(day),
            TimeFilter::Overlapping(range) => self.sorted(self.index.overlapping(range).collect()),
        };
        match &query.region {
            None => by_time,
            Some(region) => by_time
                .into_iter()
                .filter(|&i| self.get(i).is_some_and(|e| e.concerns(region)))
                .collect(),
        }
    }

    /// The first event start after `day`, for "next event".
    pub fn next_start_after(&self, day: NaiveDate) -> Option<NaiveDate> {
        // Starts rise along the date order.
        let by_date = self.by_date();
        let k = by_date.partition_point(|&i| self.start_of(i) <= day);
        by_date.get(k).map(|&i| self.start_of(i))
    }

    /// The last event start before `day`, for "previous event".
    pub fn prev_start_before(&self, day: NaiveDate) -> Option<NaiveDate> {
        let by_date = self.by_date();
        let k = by_date.partition_point(|&i| self.start_of(i) < day);
        k.checked_sub(1)
            .and_then(|k| by_date.get(k))
            .map(|&i| self.start_of(i))
    }

    /// The first day of the event at `pos` (the earliest day for one without a time).
    fn start_of(&self, pos: u32) -> NaiveDate {
        self.interval(pos as usize).map_or(NaiveDate::MIN, |iv| iv.start)
    }

    fn sorted(&self, positions: Vec<usize>) -> Vec<usize> {
        // Each key looked up once, not at every comparison.
        let mut keyed: Vec<(Option<u32>, usize)> = positions.into_iter().map(|i| self.date_key(i)).collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, i)| i).collect()
    }

    /// Where the event at `pos` is in `sorted` (positions in date order, as
    /// [`Self::by_date`] and [`Self::sorted_by_date`] give them): a binary
    /// search, not a scan of a list that may hold a million.
    pub fn find_in_date_order(&self, sorted: &[u32], pos: usize) -> Option<usize> {
        let key = self.date_key(pos);
        sorted
            .binary_search_by_key(&key, |&i| self.date_key(i as usize))
            .ok()
    }

    /// The date order: interval, then load order.
    fn date_key(&self, pos: usize) -> (Option<u32>, usize) {
        (self.rank(pos), pos)
    }

    /// The rank of the interval of the event at `pos` (see [`TimeRanks`]).
    fn rank(&self, pos: usize) -> Option<u32> {
        let (k, local) = match self.stores.as_slice() {
            [_] => (0, pos),
            _ => {
                let k = self.dataset_of(pos);
                (k, pos.checked_sub(*self.starts.get(k)?)?)
            }
        };
        let store = self.stores.get(k)?;
        (local < store.len()).then(|| self.times.rank(k, store.times_shared().ids.get(local)))
    }

    /// The interval of the event at `pos`.
    pub fn interval(&self, pos: usize) -> Option<Interval> {
        self.rank(pos).map(|r| self.times.interval(r))
    }
}

/// A loaded store, its spare room given back, ready to share.
fn finished(mut store: EventStore) -> Arc<EventStore> {
    store.finish();
    Arc::new(store)
}

/// An iterator that knows its length (a flattened or filtered one does
/// not), told it by whoever made it.
#[derive(Clone)]
pub struct ExactLen<I> {
    inner: I,
    left: usize,
}

impl<I: Iterator> ExactLen<I> {
    /// `inner`, which gives `len` items.
    pub fn new(inner: I, len: usize) -> Self {
        Self { inner, left: len }
    }
}

impl<I: Iterator> Iterator for ExactLen<I> {
    type Item = I::Item;
    fn next(&mut self) -> Option<I::Item> {
        let next = self.inner.next()?;
        self.left = self.left.saturating_sub(1);
        Some(next)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<I: Iterator> ExactSizeIterator for ExactLen<I> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::event::Location;

    fn event(id: &str, when: &str) -> Event {
        Event {
            regions: vec!["armenia".into()].into(),
            ..crate::model::event::test_event(id, when)
        }
    }

    #[test]
    fn datasets_keep_their_events_when_one_is_added() {
        let atlas = Atlas::default();
        let catalog = Catalog::new(vec![event("a", "2020"), event("b", "2019")], &atlas);
        let catalog = catalog.with_dataset("more".into(), vec![event("c", "2021-05")], &atlas);
        assert_eq!(catalog.datasets().len(), 2);
        assert_eq!(
            catalog.datasets()[1],
            Dataset {
                name: "more".into(),
                len: 1
            }
        );
        let c = catalog.position("c").unwrap();
        assert_eq!(catalog.dataset_of(c), 1);
        assert_eq!(catalog.dataset_of(catalog.position("a").unwrap()), 0);
        let ids: Vec<&str> = catalog
            .by_date()
            .iter()
            .map(|&i| catalog.get(i as usize).unwrap().id())
            .collect();
        assert_eq!(ids, ["b", "a", "c"]);
    }

    #[test]
    fn a_dataset_added_shares_the_events_already_loaded() {
        let atlas = Atlas::default();
        let catalog = Catalog::new(vec![event("a", "2020"), event("b", "2019")], &atlas);
        let more = catalog.with_dataset("more".into(), vec![event("c", "2021-05")], &atlas);
        assert!(
            Arc::ptr_eq(&catalog.stores[0], &more.stores[0]),
            "the first file's events are shared, not copied"
        );
        let fixed = more.with_event_replaced(2, event("c", "2018"), &atlas);
        assert!(
            Arc::ptr_eq(&more.stores[0], &fixed.stores[0]),
            "only the corrected dataset is stored anew"
        );
        assert!(!Arc::ptr_eq(&more.stores[1], &fixed.stores[1]));
    }

    #[test]
    fn the_first_dataset_added_to_an_empty_catalog_takes_the_empty_ones_place() {
        let atlas = Atlas::default();
        let catalog =
            Catalog::new(Vec::new(), &atlas).with_dataset("a.txt".into(), vec![event("a", "2020")], &atlas);
        assert_eq!(catalog.datasets().len(), 1);
        assert_eq!(catalog.datasets()[0].name, "a.txt");
    }

    #[test]
    fn a_replaced_event_keeps_its_position_and_dataset_and_is_reindexed() {
        let atlas = Atlas::default();
        let catalog = Catalog::new(vec![event("a", "2020"), event("b", "2019")], &atlas).with_dataset(
            "more".into(),
            vec![event("c", "2021-05")],
            &atlas,
        );
        let fixed = catalog.with_event_replaced(2, event("c", "2018-02"), &atlas);
        assert_eq!(fixed.len(), 3);
        assert_eq!(fixed.position("c"), Some(2));
        assert_eq!(fixed.dataset_of(2), 1);
        assert_eq!(fixed.datasets(), catalog.datasets());
        assert_eq!(fixed.by_date().first(), Some(&2u32), "indexed on its new date");
        let feb = NaiveDate::from_ymd_opt(2018, 2, 10).unwrap();
        assert_eq!(fixed.active_at(feb), [2]);
        assert!(
            catalog.active_at(feb).is_empty(),
            "the catalog it came from is unchanged"
        );
    }

    #[test]
    fn events_are_found_in_a_date_ordered_subset() {
        let atlas = Atlas::default();
        let events = ["2020", "2019", "2020", "2021-05", "2019-03"].map(|d| event(d, d));
        let catalog = Catalog::new(events.to_vec(), &atlas);
        let all = catalog.sorted_by_date((0..catalog.len()).collect());
        assert!(
            all.iter()
                .map(|&i| i as u32)
                .eq(catalog.by_date().iter().copied())
        );
        for (row, &pos) in all.iter().enumerate() {
            assert_eq!(catalog.find_in_date_order(catalog.by_date(), pos), Some(row));
        }
        let some: Vec<u32> = catalog
            .sorted_by_date(vec![3, 0])
            .iter()
            .map(|&i| i as u32)
            .collect();
        assert_eq!(catalog.find_in_date_order(&some, 3), Some(1));
        assert_eq!(catalog.find_in_date_order(&some, 2), None);
    }

    #[test]
    fn anchors_are_the_point_or_the_region_label_and_both_are_hit() {
        let atlas = crate::embedded::atlas().unwrap();
        let mut point = event("point", "2020");
        point.location = Location::Point {
            lon: 46.75,
            lat: 39.82,
        };
        let mut region = event("region", "2020");
        region.location = Location::Region("armenia".into());
        let events = vec![region, event("nowhere", "2020"), point];
        let eager = Catalog::new(events.clone(), &atlas);
        assert!(eager.map.get().is_some(), "made with the other indexes");
        let lazy = Catalog::for_queries(events, &atlas);
        assert!(lazy.map.get().is_none(), "not made until asked for");
        let label = atlas.get("armenia").and_then(|r| r.label_point()).unwrap();
        for catalog in [eager, lazy] {
            assert_eq!(catalog.anchor(0), Some([label.x(), label.y()]));
            assert_eq!(catalog.anchor(1), None);
            assert_eq!(catalog.anchor(2), Some([46.75, 39.82]));
            assert_eq!(catalog.anchor(3), None);
            let world = catalog.world_points();
            assert_eq!(world.len(), 3);
            assert_eq!(world[2], [46.75_f32, mercator_y(39.82) as f32]);
            assert!(world[1][0].is_nan());
            assert_eq!(world[0], [label.x() as f32, mercator_y(label.y()) as f32]);
            for pos in [0, 2] {
                let [lon, lat] = catalog.anchor(pos).unwrap();
                assert_eq!(catalog.nearest(lon, mercator_y(lat), 1e-6, |_| true), Some(pos));
            }
        }
    }

    #[test]
    fn nearest_finds_the_closest_accepted_event() {
        let atlas = Atlas::default();
        let at = |id: &str, lon: f64, lat: f64| {
            let mut e = event(id, "2020");
            e.location = Location::Point { lon, lat };
            e
        };
        let catalog = Catalog::new(
            vec![at("a", 46.0, 40.0), at("b", 46.1, 40.0), at("c", 49.0, 40.0)],
            &atlas,
        );
        let y = mercator_y(40.0);
        assert_eq!(catalog.nearest(46.02, y, 0.5, |_| true), Some(0));
        assert_eq!(catalog.nearest(46.02, y, 0.5, |i| i != 0), Some(1));
        assert_eq!(catalog.nearest(47.5, y, 0.5, |_| true), None);
    }

    #[test]
    fn queries_by_day_range_and_region() {
        let atlas = Atlas::default();
        let catalog = Catalog::new(vec![event("a", "2020"), event("b", "2022-09~")], &atlas);
        let day = |s: &str| crate::model::date::parse_day(s).unwrap();
        assert_eq!(catalog.active_at(day("2022-09-13")), vec![1]);
        let q = Query {
            time: TimeFilter::Overlapping(Interval::new(day("2020-12-01"), day("2022-09-01")).unwrap()),
            region: Some("armenia".into()),
        };
        assert_eq!(catalog.query(&q), vec![0, 1]);
        let none = Query {
            time: TimeFilter::All,
            region: Some("georgia".into()),
        };
        assert!(catalog.query(&none).is_empty());
        assert_eq!(
            catalog.next_start_after(day("2020-06-01")),
            Some(day("2022-09-01"))
        );
        assert_eq!(
            catalog.prev_start_before(day("2022-09-01")),
            Some(day("2020-01-01"))
        );
    }
}
