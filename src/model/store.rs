//! Events stored by column: one dataset's events as a few flat arrays
//! instead of a million structs.
//!
//! Each event is a row across the columns: the offset of its texts in one
//! text arena, its point, and small ids into tables of the values that many
//! events share (times, kinds, tolls, region and actor lists, publications).
//! Ids take one, two or four bytes each, as their tables need: 30 to 50
//! bytes an event besides its own texts, against 176 for an [`Event`] and
//! one allocation more for its texts. An [`EventRef`] reads one
//! row back with the accessors an [`Event`] has; [`EventRef::to_event`] makes
//! the owned value where one is edited.
//!
//! A store only grows ([`Extend`]); a [`Catalog`](super::Catalog) shares it
//! between versions of itself, so adding a file copies no event.

use super::casualties::Casualties;
use super::event::{Event, Location, Note, Publication, Source};
use super::event_texts::TextsRef;
use super::narrow::{NarrowSlice, NarrowVec};
use super::relative::EventTime;
use super::sym::{Sym, SymList};
use super::text_arena::{TextArena, TextAt};
use std::hash::Hash;
use std::sync::Arc;

/// One dataset's events, by column (see the module docs).
#[derive(Clone, Debug, Default)]
pub struct EventStore {
    /// Every event's texts, end to end.
    text: TextArena,
    /// Where each event's texts are in `text` (their length is their last
    /// part's end).
    text_at: Vec<TextAt>,
    /// Where each part ends, relative to the event's start, every event's
    /// end to end (a byte each while every event's texts are that short).
    ends: NarrowVec,
    /// Where each event's ends start in `ends`; one more entry than events.
    ends_at: Vec<u32>,
    /// (lon, lat) of events at a point; NaN longitude for the others, whose
    /// location is in `places`.
    points: Vec<[f64; 2]>,
    /// The locations that are not a point, by event position (ascending).
    places: Vec<(u32, Location)>,
    times: Column<EventTime>,
    kinds: Column<Sym>,
    tolls: Column<Option<Arc<Casualties>>>,
    wounded: Column<Option<Arc<Casualties>>>,
    regions: Column<SymList>,
    actors: Column<SymList>,
    publications: Column<Publication>,
    /// Notes, by event position (ascending); most events have none.
    notes: Vec<(u32, Box<[Note]>)>,
    /// Whose slots the columns' slot lookups hold (see [`Slots`]).
    slot_space: Option<u64>,
}

/// An event whose shared values are borrowed from where a loader keeps
/// them: the store clones one (raising its count, a locked instruction)
/// only the first time it meets it, not once per event.
#[derive(Debug)]
pub struct EventParts<'a> {
    /// Its own texts (copied into the store).
    pub texts: TextsRef<'a>,
    /// As [`Event::kind`].
    pub kind: &'a Sym,
    /// As [`Event::time`].
    pub time: TimeParts<'a>,
    /// As [`Event::casualties`].
    pub casualties: Option<&'a Arc<Casualties>>,
    /// As [`Event::wounded`].
    pub wounded: Option<&'a Arc<Casualties>>,
    /// As [`Event::regions`].
    pub regions: &'a SymList,
    /// As [`Event::location`] (moved in).
    pub location: Location,
    /// As [`Event::publication`].
    pub publication: &'a Publication,
    /// As [`Event::notes`] (moved in).
    pub notes: Box<[Note]>,
    /// As [`Event::actors`].
    pub actors: &'a SymList,
    /// Where the loader keeps the toll, regions and actors, if it keeps
    /// them in tables.
    pub slots: Option<Slots>,
}

/// The slots of an event's shared values in a loader's tables: a store
/// finds a value it has met by its slot, without hashing it. `space` names
/// the tables: slots of other tables are not mixed up with these.
#[derive(Clone, Copy, Debug)]
pub struct Slots {
    /// Which tables (a number no other loader's tables have).
    pub space: u64,
    /// The toll's slot, if the event has one.
    pub toll: Option<u32>,
    /// The region list's slot.
    pub regions: u32,
    /// The actor list's slot.
    pub actors: u32,
}

/// Slots below this, or below four times a store's events, are looked up
/// directly; others by hashing.
const MIN_SLOTS: usize = 4096;

/// An event's time for [`EventParts`]: one made, or the dates and note of
/// a dataset's coded time (see [`EventTime::coded`]), made only if the
/// store does not have it yet.
#[derive(Clone, Copy, Debug)]
pub enum TimeParts<'a> {
    /// A time made already.
    Made(&'a EventTime),
    /// `EventTime::coded(when, note)`, made if the store lacks it.
    Coded {
        /// The dates.
        when: crate::model::FuzzyInterval,
        /// The note on the coding.
        note: &'a Sym,
    },
}

/// A store's times as it keeps them (see [`EventStore::times_shared`]).
#[derive(Clone, Copy, Debug)]
pub struct SharedTimes<'a> {
    /// Each distinct time once.
    pub table: &'a [EventTime],
    /// Each event's time, as a position in `table`.
    pub ids: NarrowSlice<'a>,
}

/// A column of ids into a table of shared values, found by a key that
/// tells them apart without comparing texts (an `Arc`'s address).
#[derive(Clone, Debug)]
struct Column<T: Shared> {
    /// A byte an event while the table holds at most 256 values.
    ids: NarrowVec,
    table: Vec<T>,
    seen: foldhash::HashMap<T::Key, u32>,
    /// The last value's key and id: neighbouring rows often share a value
    /// (a file's one publisher, a run of one kind), found without hashing.
    last: Option<(T::Key, u32)>,
    /// Ids by the values' slots in the loader's tables (see [`Slots`]);
    /// `u32::MAX` for a slot not met yet.
    by_slot: Vec<u32>,
}

/// A value many events share, and what tells two apart cheaply.
trait Shared: Clone {
    type Key: Hash + Eq + Clone + std::fmt::Debug;
    fn key(&self) -> Self::Key;
}

impl Shared for EventTime {
    type Key = (crate::model::FuzzyInterval, bool, usize);
    fn key(&self) -> Self::Key {
        self.sharing_key()
    }
}

impl Shared for Sym {
    type Key = usize;
    fn key(&self) -> usize {
        self.identity()
    }
}

impl Shared for SymList {
    type Key = usize;
    fn key(&self) -> usize {
        self.identity()
    }
}

impl Shared for Option<Arc<Casualties>> {
    type Key = usize;
    fn key(&self) -> usize {
        self.as_ref().map_or(0, |c| Arc::as_ptr(c) as usize)
    }
}

impl Shared for Publication {
    type Key = (usize, Option<chrono::NaiveDate>);
    fn key(&self) -> Self::Key {
        (self.publisher.identity(), self.date)
    }
}

impl<T: Shared> Default for Column<T> {
    fn default() -> Self {
        Self {
            ids: NarrowVec::default(),
            table: Vec::new(),
            seen: foldhash::HashMap::default(),
            last: None,
            by_slot: Vec::new(),
        }
    }
}

impl<T: Shared> Column<T> {
    /// The id of `value`, stored once per key.
    fn intern(&mut self, value: T) -> u32 {
        self.intern_with(value.key(), || value)
    }

    /// The id of the value with `key`, made by `make` the first time.
    fn intern_with(&mut self, key: T::Key, make: impl FnOnce() -> T) -> u32 {
        if let Some((last, id)) = &self.last
            && *last == key
        {
            return *id;
        }
        let table = &mut self.table;
        let id = *self.seen.entry(key.clone()).or_insert_with(|| {
            table.push(make());
            // Never more values than events, whose count fits a u32.
            u32::try_from(table.len() - 1).unwrap_or(u32::MAX)
        });
        self.last = Some((key, id));
        id
    }

    /// Appends the value with `key`, made by `make` the first time:
    /// a value borrowed is cloned (its count raised) only then.
    fn push_with(&mut self, key: T::Key, make: impl FnOnce() -> T) {
        let id = self.intern_with(key, make);
        self.ids.push(id);
    }

    /// Appends a value borrowed.
    fn push_ref(&mut self, value: &T) {
        self.push_with(value.key(), || value.clone());
    }

    /// Appends the value with `key` kept at the loader's `slot` (see
    /// [`Slots`]), made by `make` the first time: found by slot once met,
    /// without hashing.
    fn push_slotted(&mut self, slot: Option<u32>, key: T::Key, make: impl FnOnce() -> T) {
        // Direct lookups only for slots in proportion to this store's
        // events: a store of one batch of rows is not given room for every
        // slot of a loader's tables (as many as its distinct actor pairs).
        let bound = MIN_SLOTS.max(4 * self.ids.len());
        let Some(slot) = slot.map(|s| s as usize).filter(|&s| s < bound) else {
            return self.push_with(key, make);
        };
        if let Some(&id) = self.by_slot.get(slot)
            && id != u32::MAX
        {
            self.ids.push(id);
            return;
        }
        let id = self.intern_with(key, make);
        if self.by_slot.len() <= slot {
            self.by_slot.resize(slot + 1, u32::MAX);
        }
        if let Some(at) = self.by_slot.get_mut(slot) {
            *at = id;
        }
        self.ids.push(id);
    }

    /// Appends `other`'s values, after this column's: its table's values
    /// are moved, not cloned (no counts raised where values are shared).
    fn append(&mut self, other: Self) {
        let ids: Vec<u32> = other.table.into_iter().map(|v| self.intern(v)).collect();
        self.ids.extend_remapped(other.ids.as_slice(), &ids);
    }

    /// Gives back spare room and the lookup of values.
    fn finish(&mut self) {
        self.ids.shrink_to_fit();
        self.table.shrink_to_fit();
        self.seen = foldhash::HashMap::default();
        self.last = None;
        self.by_slot = Vec::new();
    }

    /// The value of the event at `pos`.
    fn get(&self, pos: usize) -> Option<&T> {
        self.ids.get(pos).and_then(|id| self.table.get(id as usize))
    }

    /// The value of the event at `pos`, which must be in the store (every
    /// column has a row for every event, and every id a table entry).
    fn at(&self, pos: usize) -> &T {
        &self.table[self.ids.at(pos) as usize]
    }
}

/// Most events one store holds: positions are `u32` in its columns.
pub const MAX_EVENTS: usize = u32::MAX as usize;

impl EventStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many events it holds.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Room for `more` events without growing the columns, as far as
    /// memory allows (a hint: a file's own count may be wrong).
    pub fn reserve(&mut self, more: usize) {
        let _ = self.points.try_reserve_exact(more);
        let _ = self.text_at.try_reserve_exact(more);
        let _ = self.ends_at.try_reserve_exact(more.saturating_add(1));
        for ids in self.id_columns_mut() {
            ids.try_reserve_exact(more);
        }
    }

    /// The id columns of the shared values, one entry per event each.
    fn id_columns_mut(&mut self) -> [&mut NarrowVec; 7] {
        [
            &mut self.times.ids,
            &mut self.kinds.ids,
            &mut self.tolls.ids,
            &mut self.wounded.ids,
            &mut self.regions.ids,
            &mut self.actors.ids,
            &mut self.publications.ids,
        ]
    }

    /// Appends one event. Past [`MAX_EVENTS`] events (or 4 Gi parts of
    /// texts in all), more are dropped.
    pub fn push(&mut self, event: Event) {
        self.push_parts(EventParts {
            texts: event.texts.as_ref(),
            kind: &event.kind,
            time: TimeParts::Made(&event.time),
            casualties: event.casualties.as_ref(),
            wounded: event.wounded.as_ref(),
            regions: &event.regions,
            location: event.location,
            publication: &event.publication,
            notes: event.notes,
            actors: &event.actors,
            slots: None,
        });
    }

    /// Appends one event whose shared values are borrowed (see
    /// [`EventParts`]). Past [`MAX_EVENTS`] events (or 4 Gi parts of texts
    /// in all), more are dropped.
    pub fn push_parts(&mut self, event: EventParts) {
        let pos = self.len();
        let Ok(pos32) = u32::try_from(pos) else { return };
        let texts = event.texts;
        let Ok(parts_end) = u32::try_from(self.ends.len() + texts.ends.len()) else {
            return;
        };
        if self.ends_at.is_empty() {
            self.ends_at.push(0);
        }
        self.text_at.push(self.text.push(texts.text));
        self.ends.extend(texts.ends.iter());
        self.ends_at.push(parts_end);
        match event.location {
            Location::Point { lon, lat } if !lon.is_nan() => self.points.push([lon, lat]),
            other => {
                self.points.push([f64::NAN; 2]);
                self.places.push((pos32, other));
            }
        }
        match event.time {
            TimeParts::Made(time) => self.times.push_ref(time),
            TimeParts::Coded { when, note } => self
                .times
                .push_with(EventTime::coded_sharing_key(when, note), || {
                    EventTime::coded(when, note.clone())
                }),
        }
        self.kinds.push_ref(event.kind);
        let toll_key = |t: Option<&Arc<Casualties>>| t.map_or(0, |c| Arc::as_ptr(c) as usize);
        if let Some(slots) = event.slots
            && self.slot_space != Some(slots.space)
        {
            self.slot_space = Some(slots.space);
            self.tolls.by_slot.clear();
            self.regions.by_slot.clear();
            self.actors.by_slot.clear();
        }
        let slot = |pick: fn(Slots) -> Option<u32>| event.slots.and_then(pick);
        self.tolls
            .push_slotted(slot(|s| s.toll), toll_key(event.casualties), || {
                event.casualties.cloned()
            });
        self.wounded
            .push_with(toll_key(event.wounded), || event.wounded.cloned());
        self.regions
            .push_slotted(slot(|s| Some(s.regions)), event.regions.key(), || {
                event.regions.clone()
            });
        self.actors
            .push_slotted(slot(|s| Some(s.actors)), event.actors.key(), || {
                event.actors.clone()
            });
        self.publications.push_ref(event.publication);
        if !event.notes.is_empty() {
            self.notes.push((pos32, event.notes));
        }
    }

    /// Appends `other`'s events after these, column by column. Past
    /// [`MAX_EVENTS`] (or 4 Gi parts of texts) in all, `other` is not appended.
    pub fn append(&mut self, other: EventStore) {
        let start = self.len();
        let Ok(start32) = u32::try_from(start + other.len()).map(|_| start as u32) else {
            return;
        };
        let Ok(ends_base) = u32::try_from(self.ends.len() + other.ends.len()).map(|_| self.ends.len() as u32)
        else {
            return;
        };
        if other.is_empty() {
            return;
        }
        if self.points.capacity() == 0 {
            // Nothing here, no room reserved: take `other` whole.
            *self = other;
            return;
        }
        if self.ends_at.is_empty() {
            self.ends_at.push(0);
        }
        let shift = self.text.append(other.text);
        self.text_at.extend(other.text_at.iter().map(|&at| at + shift));
        self.ends.extend_from(other.ends.as_slice());
        self.ends_at
            .extend(other.ends_at.iter().skip(1).map(|&at| at + ends_base));
        self.points.extend_from_slice(&other.points);
        self.places.extend(
            other
                .places
                .into_iter()
                .map(|(pos, location)| (pos + start32, location)),
        );
        self.notes
            .extend(other.notes.into_iter().map(|(pos, notes)| (pos + start32, notes)));
        self.times.append(other.times);
        self.kinds.append(other.kinds);
        self.tolls.append(other.tolls);
        self.wounded.append(other.wounded);
        self.regions.append(other.regions);
        self.actors.append(other.actors);
        self.publications.append(other.publications);
    }

    /// The event at `pos`.
    pub fn get(&self, pos: usize) -> Option<EventRef<'_>> {
        (pos < self.len()).then_some(EventRef { store: self, pos })
    }

    /// The event at `pos`, which must be in the store (as when indexing a
    /// slice: reading it panics otherwise).
    pub fn event(&self, pos: usize) -> EventRef<'_> {
        EventRef { store: self, pos }
    }

    /// Every event, in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            store: self,
            positions: 0..self.len(),
        }
    }

    /// Every event, owned (for tests and small edits).
    pub fn to_events(&self) -> Vec<Event> {
        self.iter().map(|e| e.to_event()).collect()
    }

    /// The point of the event at `pos`, without building its location
    /// (what the indexes read for a million events).
    pub fn point(&self, pos: usize) -> Option<[f64; 2]> {
        self.points.get(pos).copied().filter(|p| !p[0].is_nan())
    }

    /// The events not at a point: (position, location), in order.
    pub fn not_at_points(&self) -> impl Iterator<Item = (usize, &Location)> {
        self.places
            .iter()
            .map(|(pos, location)| (*pos as usize, location))
    }

    /// The time of the event at `pos` (see [`EventRef::time`]).
    pub fn time(&self, pos: usize) -> Option<&EventTime> {
        self.times.get(pos)
    }

    /// The distinct times and each event's id into them: what the time
    /// indexes are built from, once a time rather than once an event.
    pub fn times_shared(&self) -> SharedTimes<'_> {
        SharedTimes {
            table: &self.times.table,
            ids: self.times.ids.as_slice(),
        }
    }

    /// Ends loading: gives back the room reserved and not used, and forgets
    /// the lookups that find shared values (pushed later, a value is stored
    /// anew, not found).
    pub fn finish(&mut self) {
        self.text.shrink_to_fit();
        self.text_at.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.ends_at.shrink_to_fit();
        self.points.shrink_to_fit();
        self.places.shrink_to_fit();
        self.notes.shrink_to_fit();
        self.times.finish();
        self.kinds.finish();
        self.tolls.finish();
        self.wounded.finish();
        self.regions.finish();
        self.actors.finish();
        self.publications.finish();
    }

    fn sparse<T>(list: &[(u32, T)], pos: usize) -> Option<&T> {
        let k = list.binary_search_by_key(&pos, |(p, _)| *p as usize).ok()?;
        list.get(k).map(|(_, v)| v)
    }

    fn texts(&self, pos: usize) -> TextsRef<'_> {
        let span = |at: &[u32]| Some((*at.get(pos)? as usize, *at.get(pos + 1)? as usize));
        let ends = span(&self.ends_at).and_then(|(a, b)| self.ends.slice(a, b));
        let len = ends.and_then(|e| e.last()).map_or(0, |end| end as usize);
        let text = self.text_at.get(pos).and_then(|&at| self.text.get(at, len));
        TextsRef {
            text: text.unwrap_or_default(),
            ends: ends.unwrap_or_default(),
        }
    }
}

impl Extend<Event> for EventStore {
    fn extend<I: IntoIterator<Item = Event>>(&mut self, events: I) {
        let events = events.into_iter();
        self.reserve(events.size_hint().0);
        for event in events {
            self.push(event);
        }
    }
}

impl FromIterator<Event> for EventStore {
    fn from_iter<I: IntoIterator<Item = Event>>(events: I) -> Self {
        let mut store = Self::new();
        store.extend(events);
        store
    }
}

impl From<Vec<Event>> for EventStore {
    fn from(events: Vec<Event>) -> Self {
        events.into_iter().collect()
    }
}

impl<'a> IntoIterator for &'a EventStore {
    type Item = EventRef<'a>;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// A store's events in order (see [`EventStore::iter`]).
#[derive(Clone)]
pub struct Iter<'a> {
    store: &'a EventStore,
    positions: std::ops::Range<usize>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = EventRef<'a>;
    fn next(&mut self) -> Option<EventRef<'a>> {
        let pos = self.positions.next()?;
        Some(EventRef {
            store: self.store,
            pos,
        })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.positions.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// One stored event, read from its store's columns: what an [`Event`]
/// gives, borrowed. Made only for a position in the store.
#[derive(Clone, Copy)]
pub struct EventRef<'a> {
    store: &'a EventStore,
    pos: usize,
}

impl<'a> EventRef<'a> {
    /// Its position in its store.
    pub fn position(self) -> usize {
        self.pos
    }

    /// Id, title, place, the source's title and address, and its sentences.
    pub fn texts(self) -> TextsRef<'a> {
        self.store.texts(self.pos)
    }

    /// The id, unique in its dataset.
    pub fn id(self) -> &'a str {
        self.texts().id()
    }

    /// The one-line title.
    pub fn title(self) -> &'a str {
        self.texts().title()
    }

    /// The place's name, if the source gives one.
    pub fn place(self) -> Option<&'a str> {
        self.texts().place()
    }

    /// The source's own sentences, verbatim, in order.
    pub fn quotes(self) -> impl ExactSizeIterator<Item = &'a str> + Clone {
        self.texts().quotes()
    }

    /// A short category (see [`Event::kind`]).
    pub fn kind(self) -> &'a Sym {
        self.store.kinds.at(self.pos)
    }

    /// When it happened.
    pub fn time(self) -> &'a EventTime {
        self.store.times.at(self.pos)
    }

    /// The killed, if counted.
    pub fn casualties(self) -> Option<&'a Casualties> {
        self.store.tolls.at(self.pos).as_deref()
    }

    /// The wounded, where counted apart from the killed.
    pub fn wounded(self) -> Option<&'a Casualties> {
        self.store.wounded.at(self.pos).as_deref()
    }

    /// Ids of the regions it concerns.
    pub fn regions(self) -> &'a SymList {
        self.store.regions.at(self.pos)
    }

    /// Parties named.
    pub fn actors(self) -> &'a SymList {
        self.store.actors.at(self.pos)
    }

    /// Where it happened.
    pub fn location(self) -> Location {
        match self.store.points.get(self.pos) {
            Some(&[lon, lat]) if !lon.is_nan() => Location::Point { lon, lat },
            _ => EventStore::sparse(&self.store.places, self.pos)
                .cloned()
                .unwrap_or(Location::Unknown),
        }
    }

    /// Who published its source, and when.
    pub fn publication(self) -> &'a Publication {
        self.store.publications.at(self.pos)
    }

    /// Facts from outside its source, each with its citation.
    pub fn notes(self) -> &'a [Note] {
        EventStore::sparse(&self.store.notes, self.pos).map_or(&[], |n| n)
    }

    /// The text it comes from.
    pub fn source(self) -> Source<'a> {
        let texts = self.texts();
        let publication = self.publication();
        Source {
            publisher: &publication.publisher,
            date: publication.date,
            title: texts.source_title(),
            url: texts.source_url(),
        }
    }

    /// Whether it concerns the region with this id.
    pub fn concerns(self, region_id: &str) -> bool {
        self.regions().iter().any(|r| &**r == region_id)
    }

    /// The casualty label, if any ("6,500+ killed").
    pub fn casualty_text(self) -> Option<&'a str> {
        self.casualties().map(|c| c.text.as_str())
    }

    /// The event, owned.
    pub fn to_event(self) -> Event {
        Event {
            texts: self.texts().to_owned(),
            kind: self.kind().clone(),
            time: self.time().clone(),
            casualties: self.store.tolls.at(self.pos).clone(),
            wounded: self.store.wounded.at(self.pos).clone(),
            regions: self.regions().clone(),
            location: self.location(),
            publication: self.publication().clone(),
            notes: self.notes().into(),
            actors: self.actors().clone(),
        }
    }
}

impl std::fmt::Debug for EventRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.to_event().fmt(f)
    }
}

impl PartialEq<Event> for EventRef<'_> {
    fn eq(&self, other: &Event) -> bool {
        self.to_event() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FuzzyInterval;
    use crate::model::event_texts::{EventTexts, TextParts};

    /// Memory the store's columns hold, in bytes (not its tables' values).
    fn heap_bytes(store: &mut EventStore) -> usize {
        fn cap<T>(v: &Vec<T>) -> usize {
            v.capacity() * size_of::<T>()
        }
        let ids: usize = store.id_columns_mut().iter().map(|ids| ids.heap_bytes()).sum();
        store.text.capacity()
            + cap(&store.text_at)
            + store.ends.heap_bytes()
            + cap(&store.ends_at)
            + cap(&store.points)
            + cap(&store.places)
            + cap(&store.notes)
            + ids
    }

    fn event(id: &str, when: &str, location: Location) -> Event {
        Event {
            texts: EventTexts::new(TextParts {
                id,
                title: &format!("Title of {id}"),
                place: Some("Stepanakert"),
                source_title: "A source",
                source_url: Some("https://example.org"),
                quotes: &["One sentence.", "Another."],
            }),
            kind: "clash".into(),
            time: EventTime::absolute(FuzzyInterval::parse(when).unwrap()),
            casualties: Some(Arc::new(Casualties::exact(7))),
            wounded: None,
            regions: vec!["armenia".into()].into(),
            location,
            publication: Publication {
                publisher: "DW".into(),
                date: chrono::NaiveDate::from_ymd_opt(2022, 11, 8),
            },
            notes: Box::new([Note {
                text: "A note.".into(),
                source: "Somewhere".into(),
            }]),
            actors: vec!["A".into(), "B".into()].into(),
        }
    }

    #[test]
    fn values_found_by_slot_are_those_of_their_tables() {
        let (armenia, georgia): (SymList, SymList) =
            (vec!["armenia".into()].into(), vec!["georgia".into()].into());
        let tolls = [Arc::new(Casualties::exact(7)), Arc::new(Casualties::exact(9))];
        let mut store = EventStore::new();
        // Two loaders' tables: slot 0 holds different values in each.
        for (space, regions, toll) in [
            (1, &armenia, &tolls[0]),
            (2, &georgia, &tolls[1]),
            (1, &armenia, &tolls[0]),
        ] {
            let e = event("a", "2020-09-27", Location::Unknown);
            store.push_parts(EventParts {
                casualties: Some(toll),
                regions,
                slots: Some(Slots {
                    space,
                    toll: Some(0),
                    regions: 0,
                    actors: 0,
                }),
                ..parts(&e)
            });
        }
        let got: Vec<(String, Option<u32>)> = store
            .iter()
            .map(|e| (e.regions()[0].to_string(), e.casualties().and_then(|c| c.best)))
            .collect();
        assert_eq!(
            got,
            [
                ("armenia".into(), Some(7)),
                ("georgia".into(), Some(9)),
                ("armenia".into(), Some(7))
            ]
        );
    }

    /// `event`'s parts, borrowed.
    fn parts(e: &Event) -> EventParts<'_> {
        EventParts {
            texts: e.texts.as_ref(),
            kind: &e.kind,
            time: TimeParts::Made(&e.time),
            casualties: e.casualties.as_ref(),
            wounded: e.wounded.as_ref(),
            regions: &e.regions,
            location: e.location.clone(),
            publication: &e.publication,
            notes: e.notes.clone(),
            actors: &e.actors,
            slots: None,
        }
    }

    #[test]
    fn every_event_comes_back_as_pushed() {
        let events = vec![
            event(
                "a",
                "2020-09-27",
                Location::Point {
                    lon: 46.75,
                    lat: 39.8,
                },
            ),
            event("b", "2022-09~", Location::Region("armenia".into())),
            Event {
                notes: Box::default(),
                casualties: None,
                ..event("c", "1991", Location::Unknown)
            },
            event(
                "d",
                "2020",
                Location::Border("armenia".into(), "azerbaijan".into()),
            ),
        ];
        let store = EventStore::from(events.clone());
        assert_eq!(store.len(), 4);
        assert_eq!(store.to_events(), events);
        let b = store.get(1).unwrap();
        assert_eq!(b.id(), "b");
        assert_eq!(b.quotes().collect::<Vec<_>>(), ["One sentence.", "Another."]);
        assert_eq!(b.casualty_text(), Some("7 killed"));
        assert!(b.concerns("armenia"));
        assert_eq!(b.source().publisher, "DW");
        assert_eq!(store.get(2).unwrap().notes().len(), 0);
        assert_eq!(store.get(3).unwrap().notes().len(), 1);
        assert_eq!(store.point(0), Some([46.75, 39.8]));
        assert_eq!(store.point(1), None);
        assert!(store.get(4).is_none());

        let (first, second) = events.split_at(1);
        let mut joined = EventStore::from(first.to_vec());
        joined.append(EventStore::from(second.to_vec()));
        joined.append(EventStore::new());
        assert_eq!(joined.to_events(), events, "appended column by column");
        let mut onto_empty = EventStore::new();
        onto_empty.append(EventStore::from(events.clone()));
        assert_eq!(onto_empty.to_events(), events);
    }

    #[test]
    fn texts_come_back_when_a_long_one_widens_the_part_ends() {
        let titled = |id: &str, title: &str| Event {
            texts: EventTexts::new(TextParts {
                id,
                title,
                ..TextParts::default()
            }),
            ..event(id, "2020", Location::Unknown)
        };
        let (long, longer) = ("l".repeat(300), "m".repeat(70_000));
        let events = vec![
            titled("a", "short"),
            titled("b", &long),
            titled("c", &longer),
            titled("d", "x"),
        ];
        let pushed = EventStore::from(events.clone());
        assert!(matches!(pushed.ends, NarrowVec::U32(_)));
        assert_eq!(pushed.to_events(), events);
        // Appended: a store of short texts onto one of long ones, and back.
        let mut joined = EventStore::from(events[..1].to_vec());
        joined.append(EventStore::from(events[1..].to_vec()));
        assert_eq!(joined.to_events(), events);
        let mut joined = EventStore::from(events[1..3].to_vec());
        joined.append(EventStore::from(events[3..].to_vec()));
        assert_eq!(joined.to_events(), events[1..]);
    }

    #[test]
    fn shared_values_are_stored_once() {
        let toll = Some(Arc::new(Casualties::exact(3)));
        let kind = Sym::from("clash");
        let events = (0..1000).map(|i| Event {
            casualties: toll.clone(),
            kind: kind.clone(),
            notes: Box::default(),
            ..event(&format!("e{i}"), "2020", Location::Point { lon: 1.0, lat: 2.0 })
        });
        let mut store: EventStore = events.collect();
        store.finish();
        assert_eq!(store.len(), 1000);
        assert_eq!(store.tolls.table.len(), 1);
        assert_eq!(store.kinds.table.len(), 1);
        assert_eq!(store.get(999).unwrap().id(), "e999");
        // Besides its own texts, an event takes under 40 bytes (an Event,
        // 176): 28 for its texts' place and its point, ids of one or two
        // bytes (a thousand values need two), part ends of a byte.
        assert!(matches!(store.ends, NarrowVec::U8(_)));
        assert!(matches!(store.kinds.ids, NarrowVec::U8(_)));
        let texts = store.text.capacity() + store.ends.heap_bytes();
        let per_event = (heap_bytes(&mut store) - texts) / store.len();
        assert!(per_event < 40, "{per_event} bytes an event besides its texts");
    }
}
