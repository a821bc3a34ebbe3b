//! What a table loader's parsing thread keeps between rows: shared names,
//! and the times, tolls and region lists already made. A big export repeats
//! them; making and interning them anew for every row would cost more than
//! reading the row.
//!
//! A row parser gets each shared value as a small id ([`NameId`], ...),
//! copied rather than counted: a row names a dozen shared values, and
//! cloning each (an atomic count raised, then lowered when the store already
//! has it) cost more than the rest of the row. The store borrows the values
//! from here ([`RowCache::parts`]) and clones one the first time it meets it.

use crate::model::atlas::RegionIndices;
use crate::model::casualties::{Casualties, CasualtyError};
use crate::model::event::{Location, Note, Publication};
use crate::model::event_texts::{PartEnds, TextParts, TextsRef, write_parts};
use crate::model::narrow::NarrowSlice;
use crate::model::region_cells::RegionCells;
use crate::model::relative::EventTime;
use crate::model::{Atlas, EventParts, EventStore, FuzzyInterval, Interner, Slots, Sym, SymList, TimeParts};
use chrono::NaiveDate;
use smallvec::SmallVec;
use std::sync::Arc;

/// A name kept by a [`RowCache`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NameId(u32);

/// A list of names (actors, regions) kept by a [`RowCache`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ListId(u32);

/// A toll kept by a [`RowCache`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TollId(u32);

/// An event time kept by a [`RowCache`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeId(u32);

/// A publication (publisher and day) kept by a [`RowCache`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PublicationId(u32);

/// One row's event as a row parser makes it: its own texts and location,
/// and its shared values by their ids in the parsing thread's [`RowCache`].
#[derive(Debug)]
pub struct RowEvent {
    /// The texts given to [`RowCache::texts`] for this row.
    pub texts: RowTexts,
    /// Its kind's name.
    pub kind: NameId,
    /// When it happened.
    pub time: RowTime,
    /// The killed, if counted.
    pub casualties: Option<TollId>,
    /// The ids of its regions.
    pub regions: ListId,
    /// Where it happened (its own).
    pub location: Location,
    /// Who published it, and when.
    pub publication: PublicationId,
    /// Notes of its own.
    pub notes: Box<[Note]>,
    /// The parties named.
    pub actors: ListId,
}

/// Says that a row's texts are in its cache (see [`RowCache::texts`]).
#[derive(Debug)]
pub struct RowTexts(());

/// A row's event time.
#[derive(Clone, Copy, Debug)]
pub enum RowTime {
    /// One kept by the cache.
    Kept(TimeId),
    /// A dataset's coded time (see [`EventTime::coded`]), made by the store
    /// if it has not got it yet: a big export's many date ranges are not
    /// worth keeping here as well.
    Coded {
        /// The dates.
        when: FuzzyInterval,
        /// The note on the coding.
        note: NameId,
    },
}

/// One parsing thread's shared values (see the module docs).
#[derive(Default)]
pub struct RowCache {
    /// Interns the words of times (see [`EventTime::share_words`]).
    words: Interner,
    names: Kept<Sym, Sym>,
    /// The ids of the program's own words (kinds, notes, publishers),
    /// found by address: a few, asked for in every row.
    constants: Vec<((usize, usize), NameId)>,
    /// Lists by their members' identities.
    lists: Kept<SmallVec<[usize; 4]>, SymList>,
    /// Lists of at most two names by their ids (`u32::MAX` for none).
    pairs: foldhash::HashMap<(u32, u32), ListId>,
    tolls: Kept<TollKey, Arc<Casualties>>,
    /// Times by their sharing key (see [`EventTime::sharing_key`]).
    times: Kept<(FuzzyInterval, bool, usize), EventTime>,
    /// The times made for a format's own key (see [`RowCache::time`]).
    time_ids: foldhash::HashMap<TimeKey, TimeId>,
    publications: Kept<(NameId, Option<NaiveDate>), Publication>,
    regions: foldhash::HashMap<RegionIndices, ListId>,
    /// The regions at points already seen: real exports repeat their
    /// places (a village's, a city's or a province's coordinates) across
    /// many rows. Bounded: emptied when full.
    at_points: foldhash::HashMap<(u64, u64), ListId>,
    /// Points found among those kept since they were last emptied.
    points_found: usize,
    /// Rows left before points are kept again, after they did not pay.
    points_rested: usize,
    /// Made on first use from the atlas of the load (which holds still).
    cells: Option<RegionCells>,
    /// Names these tables for a store's slot lookups (see [`Slots`]).
    space: Space,
    /// The texts of the row being read, in buffers reused row after row.
    text: String,
    ends: PartEnds,
}

/// A number no other cache has.
struct Space(u64);

impl Default for Space {
    fn default() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Self(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

/// Values by id, each kept once per key.
struct Kept<K, T> {
    values: Vec<T>,
    ids: foldhash::HashMap<K, u32>,
}

impl<K, T> Default for Kept<K, T> {
    fn default() -> Self {
        Self {
            values: Vec::new(),
            ids: foldhash::HashMap::default(),
        }
    }
}

impl<K: std::hash::Hash + Eq, T> Kept<K, T> {
    /// The value with id `id`, which this table gave (ids are never made
    /// elsewhere: one out of range is a bug, and panics as indexing does).
    fn get(&self, id: u32) -> &T {
        &self.values[id as usize]
    }

    /// The id of the value kept for `key`, if any.
    fn find<Q: std::hash::Hash + Eq + ?Sized>(&self, key: &Q) -> Option<u32>
    where
        K: std::borrow::Borrow<Q>,
    {
        self.ids.get(key).copied()
    }

    /// The id of the value kept for `key`, made by `make` the first time.
    fn id<E>(&mut self, key: K, make: impl FnOnce() -> Result<T, E>) -> Result<u32, E> {
        if let Some(&id) = self.ids.get(&key) {
            return Ok(id);
        }
        self.values.push(make()?);
        // Never more values than rows read by one thread.
        let id = u32::try_from(self.values.len() - 1).unwrap_or(u32::MAX);
        self.ids.insert(key, id);
        Ok(id)
    }
}

/// For [`Kept::id`] when making cannot fail.
enum Never {}

/// How many points' regions a parsing thread keeps (about 2 MB).
const MAX_POINTS_KEPT: usize = 1 << 16;

/// How many rows the points kept rest when they did not pay (see
/// [`RowCache::regions_at`]).
const POINTS_REST: usize = 1 << 18;

/// What an event time is made from: first and last day as given, and the
/// format's own precision code.
pub type TimeKey = (NaiveDate, NaiveDate, u8);

/// What a toll is made from: low, best and high counts, and the words for
/// them when the row gives its own.
type TollKey = (u32, Option<u32>, Option<u32>, Option<NameId>);

impl RowCache {
    /// The id of `text`.
    pub fn name(&mut self, text: &str) -> NameId {
        if let Some(id) = self.names.find(text) {
            return NameId(id);
        }
        let sym = self.words.intern(text);
        let Ok(id) = self.names.id(sym.clone(), || Ok::<_, Never>(sym));
        NameId(id)
    }

    /// The id of one of the program's own texts (a kind's or a publisher's
    /// name), found by its address rather than its text.
    pub fn constant(&mut self, text: &'static str) -> NameId {
        let address = (text.as_ptr() as usize, text.len());
        if let Some((_, id)) = self.constants.iter().find(|(a, _)| *a == address) {
            return *id;
        }
        let id = self.name(text);
        self.constants.push((address, id));
        id
    }

    /// The name with id `id`.
    pub fn name_of(&self, id: NameId) -> &Sym {
        self.names.get(id.0)
    }

    /// The id of the list of these names.
    pub fn list(&mut self, names: &[NameId]) -> ListId {
        // Most rows name one or two (the sides, the actors): found by a
        // pair of ids, without building a key.
        let pair = match names {
            [] => Some((u32::MAX, u32::MAX)),
            [a] => Some((a.0, u32::MAX)),
            [a, b] => Some((a.0, b.0)),
            _ => None,
        };
        if let Some(id) = pair.and_then(|p| self.pairs.get(&p)) {
            return *id;
        }
        let syms: SmallVec<[Sym; 4]> = names.iter().map(|&n| self.name_of(n).clone()).collect();
        let id = self.list_of(&syms);
        if let Some(pair) = pair {
            self.pairs.insert(pair, id);
        }
        id
    }

    /// The id of a list of names made elsewhere (an atlas's region ids).
    pub fn list_of(&mut self, syms: &[Sym]) -> ListId {
        let key: SmallVec<[usize; 4]> = syms.iter().map(Sym::identity).collect();
        let Ok(id) = self
            .lists
            .id(key, || Ok::<_, Never>(SymList::from(syms.to_vec())));
        ListId(id)
    }

    /// The ids of the linked regions at a point (see
    /// [`Atlas::focus_regions_at`]), the list made once per combination.
    pub fn regions_at(&mut self, atlas: &Atlas, lon: f64, lat: f64) -> ListId {
        if self.points_rested > 0 {
            self.points_rested -= 1;
            return self.link(atlas, lon, lat);
        }
        let point = (lon.to_bits(), lat.to_bits());
        if let Some(&id) = self.at_points.get(&point) {
            self.points_found += 1;
            return id;
        }
        if self.at_points.len() >= MAX_POINTS_KEPT {
            // Points that hardly repeat (every event at its own spot) are
            // looked up for nothing: the points kept rest a while.
            if self.points_found < MAX_POINTS_KEPT / 8 {
                self.points_rested = POINTS_REST;
            }
            self.points_found = 0;
            self.at_points.clear();
        }
        let id = self.link(atlas, lon, lat);
        self.at_points.insert(point, id);
        id
    }

    fn link(&mut self, atlas: &Atlas, lon: f64, lat: f64) -> ListId {
        let found = self
            .cells
            .get_or_insert_with(|| RegionCells::new(atlas))
            .indices_at(atlas, lon, lat);
        if let Some(&id) = self.regions.get(&found) {
            return id;
        }
        let id = self.list_of(&atlas.region_ids(&found));
        self.regions.insert(found, id);
        id
    }

    /// The id of the time made by `make` for `key`, made once; its words shared.
    pub fn time(
        &mut self,
        key: TimeKey,
        make: impl FnOnce() -> Result<EventTime, String>,
    ) -> Result<TimeId, String> {
        if let Some(&id) = self.time_ids.get(&key) {
            return Ok(id);
        }
        let id = self.own_time(make()?);
        self.time_ids.insert(key, id);
        Ok(id)
    }

    /// The id of a time the row parser made, kept once per dates and words.
    pub fn own_time(&mut self, time: EventTime) -> TimeId {
        let time = time.share_words(&mut self.words);
        let Ok(id) = self.times.id(time.sharing_key(), || Ok::<_, Never>(time));
        TimeId(id)
    }

    /// The id of the toll of these counts (see [`Casualties::from_counts`]),
    /// made once; said in `words` when given instead of the counts' own words.
    pub fn toll(
        &mut self,
        low: u32,
        best: Option<u32>,
        high: Option<u32>,
        words: Option<NameId>,
    ) -> Result<TollId, CasualtyError> {
        let (names, shared) = (&self.names, &mut self.words);
        let id = self.tolls.id((low, best, high, words), || {
            let mut toll = Casualties::from_counts(low, best, high)?;
            toll.text = match words {
                Some(words) => names.get(words.0).clone(),
                None => shared.share(toll.text),
            };
            Ok(Arc::new(toll))
        })?;
        Ok(TollId(id))
    }

    /// The id of the publication by `publisher` on `date`.
    pub fn publication(&mut self, publisher: NameId, date: Option<NaiveDate>) -> PublicationId {
        let names = &self.names;
        let Ok(id) = self.publications.id((publisher, date), || {
            Ok::<_, Never>(Publication {
                publisher: names.get(publisher.0).clone(),
                date,
            })
        });
        PublicationId(id)
    }

    /// Keeps the texts of the row being read (until the next row's).
    pub fn texts(&mut self, parts: TextParts) -> RowTexts {
        write_parts(parts, &mut self.text, &mut self.ends);
        RowTexts(())
    }

    /// Appends the event `row` to `store`, its texts and shared values
    /// borrowed from here: `row` must be the last one this cache was given
    /// texts for.
    pub fn push_into(&self, row: RowEvent, store: &mut EventStore) {
        let RowEvent {
            texts: RowTexts(()),
            kind,
            time,
            casualties,
            regions,
            location,
            publication,
            notes,
            actors,
        } = row;
        store.push_parts(EventParts {
            texts: TextsRef {
                text: &self.text,
                ends: NarrowSlice::U32(&self.ends),
            },
            kind: self.name_of(kind),
            time: match time {
                RowTime::Kept(id) => TimeParts::Made(self.times.get(id.0)),
                RowTime::Coded { when, note } => TimeParts::Coded {
                    when,
                    note: self.name_of(note),
                },
            },
            casualties: casualties.map(|t| self.tolls.get(t.0)),
            wounded: None,
            regions: self.lists.get(regions.0),
            location,
            publication: self.publications.get(publication.0),
            notes,
            actors: self.lists.get(actors.0),
            slots: Some(Slots {
                space: self.space.0,
                toll: casualties.map(|t| t.0),
                regions: regions.0,
                actors: actors.0,
            }),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // The same time made by a row parser itself: the same id.
        let own = cache.own_time(EventTime::absolute(FuzzyInterval::parse("2020-09-27").unwrap()));
        assert_eq!(own, a);
        let a = cache.toll(12, Some(12), Some(12), None).unwrap();
        let b = cache.toll(12, Some(12), Some(12), None).unwrap();
        assert_eq!(a, b);
        assert_eq!(**cache.tolls.get(a.0), Casualties::exact(12));
        let said = cache.name("a dozen killed");
        let c = cache.toll(12, Some(12), Some(12), Some(said)).unwrap();
        assert_ne!(a, c);
        assert_eq!(cache.tolls.get(c.0).text, "a dozen killed");
        assert!(cache.toll(5, None, Some(2), None).is_err());
    }

    #[test]
    fn names_and_lists_get_one_id_each() {
        let mut cache = RowCache::default();
        let a = cache.name("Government of Armenia");
        let b = cache.name(&String::from("Government of Armenia"));
        let c = cache.constant("Government of Armenia");
        assert_eq!((a, a), (b, c));
        assert_ne!(a, cache.name("Government of Azerbaijan"));
        let az = cache.name("Government of Azerbaijan");
        let both = cache.list(&[a, az]);
        assert_eq!(both, cache.list(&[b, az]));
        assert_ne!(both, cache.list(&[az, a]));
        assert_eq!(
            *cache.lists.get(both.0),
            ["Government of Armenia", "Government of Azerbaijan"]
        );
        // A list of the same names made elsewhere: the same id.
        let syms = [cache.name_of(a).clone(), cache.name_of(az).clone()];
        assert_eq!(cache.list_of(&syms), both);
    }

    #[test]
    fn a_row_event_is_stored_with_its_shared_values() {
        let mut cache = RowCache::default();
        let day = NaiveDate::from_ymd_opt(2020, 9, 27).unwrap();
        let make = || Ok(EventTime::absolute(FuzzyInterval::parse("2020-09-27").unwrap()));
        let row = |cache: &mut RowCache| RowEvent {
            texts: cache.texts(TextParts {
                id: "r1",
                title: "Shelling",
                ..Default::default()
            }),
            kind: cache.constant("clash"),
            time: RowTime::Kept(cache.time((day, day, 1), make).unwrap()),
            casualties: Some(cache.toll(3, Some(3), Some(3), None).unwrap()),
            regions: cache.list_of(&[]),
            location: Location::Point {
                lon: 46.75,
                lat: 39.82,
            },
            publication: {
                let p = cache.name("UCDP GED");
                cache.publication(p, None)
            },
            notes: Box::default(),
            actors: {
                let a = cache.name("Armenia");
                cache.list(&[a])
            },
        };
        let mut store = EventStore::new();
        for _ in 0..2 {
            let event = row(&mut cache);
            cache.push_into(event, &mut store);
        }
        let events = store.to_events();
        assert_eq!(events.len(), 2);
        let e = &events[1];
        assert_eq!((e.id(), e.title(), e.kind.as_str()), ("r1", "Shelling", "clash"));
        assert_eq!(e.casualties.as_deref(), Some(&Casualties::exact(3)));
        assert_eq!(e.publication.publisher, "UCDP GED");
        assert_eq!(e.actors, ["Armenia"]);
        assert_eq!(e.time.interval(), events[0].time.interval());
        assert!(Arc::ptr_eq(
            events[0].casualties.as_ref().unwrap(),
            e.casualties.as_ref().unwrap()
        ));
    }

    #[test]
    fn points_that_do_not_repeat_are_not_kept() {
        let atlas = crate::embedded::atlas().unwrap();
        let mut cache = RowCache::default();
        let mut numbers = crate::test_numbers::Numbers::new(7);
        let mut point = || (44.0 + 2.0 * numbers.unit(), 39.0 + 2.0 * numbers.unit());
        for _ in 0..=MAX_POINTS_KEPT {
            let (lon, lat) = point();
            cache.regions_at(&atlas, lon, lat);
        }
        assert!(cache.at_points.len() <= 1, "emptied, and resting");
        assert!(cache.points_rested > 0);
        let (lon, lat) = point();
        let id = cache.regions_at(&atlas, lon, lat);
        assert_eq!(
            id,
            cache.regions_at(&atlas, lon, lat),
            "the same regions, looked up again"
        );
        assert!(cache.at_points.len() <= 1);

        // Points that repeat stay kept.
        let mut cache = RowCache::default();
        for k in 0..=MAX_POINTS_KEPT {
            let (lon, lat) = (44.0 + (k % 1000) as f64 * 0.001, 40.0);
            cache.regions_at(&atlas, lon, lat);
        }
        assert_eq!(cache.points_rested, 0);
        assert_eq!(cache.at_points.len(), 1000);
    }

    #[test]
    fn regions_at_a_point_are_the_atlas_own_and_shared_per_combination() {
        let atlas = crate::embedded::atlas().unwrap();
        let mut cache = RowCache::default();
        // Stepanakert, then a second point in the same regions, then Yerevan.
        let a = cache.regions_at(&atlas, 46.7528, 39.8177);
        let b = cache.regions_at(&atlas, 46.76, 39.82);
        let c = cache.regions_at(&atlas, 44.5126, 40.1777);
        let list = |id: ListId| cache.lists.get(id.0).clone();
        assert_eq!(
            list(a).as_slice(),
            atlas.focus_regions_at(46.7528, 39.8177).as_slice()
        );
        assert_eq!(list(a), ["azerbaijan", "nagorno-karabakh"]);
        assert_eq!(a, b);
        assert_eq!(list(c), ["armenia"]);
        let nowhere = cache.regions_at(&atlas, 0.0, 0.0);
        assert!(cache.lists.get(nowhere.0).is_empty());
        // The same point again: the same list, from the points kept.
        assert_eq!(cache.at_points.len(), 4);
        assert_eq!(cache.regions_at(&atlas, 46.7528, 39.8177), a);
        assert_eq!(cache.at_points.len(), 4);
    }
}
