//! Events gathered by place, wherever the view is: what the chips at the
//! map's edge (`trays.rs`) are made from. No painting here.

use crate::model::{Atlas, Catalog};

/// Places are told apart by name and by this cell of the world (degrees):
/// one name spread over a country makes a chip per part.
const PLACE_CELL_DEG: f32 = 1.0;

/// Events gathered by place, wherever the view is: by name, and within a
/// name by the `PLACE_CELL_DEG` cell of the world its events are in.
///
/// Laid out flat, a start per place and a position per event, with the
/// names read from the events when asked: ten million events at as many
/// places take 90 MB here, where a name, a list and a hash entry per place
/// took gigabytes.
#[derive(Clone, Debug, Default)]
pub struct Places {
    /// Where each place's events start in `events`, the places of one name
    /// side by side; one more entry than places.
    starts: Vec<u32>,
    /// Whether each place's name differs from the previous place's.
    new_name: Vec<bool>,
    /// Event positions, place after place, each place's in date order.
    events: Vec<u32>,
}

/// What a place is called on a chip: the event's own place name, else the
/// name of the first region it concerns, else "elsewhere".
pub fn place_name<'a>(catalog: &'a Catalog, atlas: &'a Atlas, i: usize) -> &'a str {
    let Some(event) = catalog.get(i) else {
        return "elsewhere";
    };
    if let Some(place) = event.place() {
        return place;
    }
    event
        .regions()
        .iter()
        .find_map(|id| atlas.get(id).map(|r| r.name.as_str()))
        .unwrap_or("elsewhere")
}

/// Marks a place number (in [`Numbered`]) as one of a name's further cells.
const FURTHER_CELL: u32 = 1 << 31;
/// The place number of an event that is not gathered (it has no point).
const NOT_PLACED: u32 = u32::MAX;

/// The events given to [`Places::new`], each with its place's number: the
/// name's number for the first cell a name was met in, else
/// [`FURTHER_CELL`] with the number of that further cell.
struct Numbered {
    /// Each event's place, in the order given ([`NOT_PLACED`] if none).
    place_of: Vec<u32>,
    /// How many names.
    names: u32,
    /// The name of each further cell.
    further_name: Vec<u32>,
}

impl Numbered {
    fn new(catalog: &Catalog, atlas: &Atlas, events: impl ExactSizeIterator<Item = usize>) -> Self {
        let world = catalog.world_points();
        let cell = |w: [f32; 2]| {
            // Longitude and Mercator y within ±360: a cell number each in 0..1024.
            let k = |x: f32| ((x / PLACE_CELL_DEG).floor() as i32 + 512).clamp(0, 1023) as u32;
            k(w[0]) << 10 | k(w[1])
        };
        // The cell of an event with a point.
        let cell_of = |i: usize| world.get(i).filter(|w| !w[0].is_nan()).map(|&w| cell(w));
        // Seeded per run: names in a file cannot be made to collide.
        let hash_state = foldhash::fast::RandomState::default();
        let hash = |name: &str| std::hash::BuildHasher::hash_one(&hash_state, name);
        let name_of = |i: u32| place_name(catalog, atlas, i as usize);
        // Room for as many names as events given (at most the catalog's):
        // the table never grows, which would hash every name again, each
        // read from its event.
        let room = events.len().min(catalog.len());
        // Names by number, and one event of each (whose name it is, and
        // whose cell is the name's first).
        let mut names: hashbrown::HashTable<u32> = hashbrown::HashTable::with_capacity(room);
        let mut name_event: Vec<u32> = Vec::with_capacity(room);
        // A name's further cells: (name, cell) -> the further cell's number.
        let mut further: foldhash::HashMap<(u32, u32), u32> = foldhash::HashMap::default();
        let mut further_name: Vec<u32> = Vec::new();
        let mut place_of: Vec<u32> = Vec::with_capacity(room);
        for i in events {
            let full = name_event.len() + further_name.len() >= (FURTHER_CELL - 1) as usize;
            let (Ok(pos), Some(c), false) = (u32::try_from(i), cell_of(i), full) else {
                place_of.push(NOT_PLACED);
                continue;
            };
            let name = name_of(pos);
            let h = hash(name);
            let n = match names.find(h, |&n| {
                name_event.get(n as usize).is_some_and(|&e| name_of(e) == name)
            }) {
                Some(&n) => n,
                None => {
                    let n = name_event.len() as u32;
                    names.insert_unique(h, n, |&m| {
                        name_event.get(m as usize).map_or(0, |&e| hash(name_of(e)))
                    });
                    name_event.push(pos);
                    n
                }
            };
            let first_cell = name_event.get(n as usize).and_then(|&e| cell_of(e as usize));
            place_of.push(if first_cell == Some(c) {
                n
            } else {
                let k = *further.entry((n, c)).or_insert_with(|| {
                    further_name.push(n);
                    further_name.len() as u32 - 1
                });
                FURTHER_CELL | k
            });
        }
        Self {
            place_of,
            names: name_event.len() as u32,
            further_name,
        }
    }

    /// Where each place goes among all places: a name's first cell, then
    /// its further cells, name after name.
    fn slots(&self) -> impl Fn(u32) -> usize + '_ {
        let further_name = &self.further_name;
        let mut order: Vec<u32> = (0..further_name.len() as u32).collect();
        order.sort_unstable_by_key(|&k| (further_name.get(k as usize).copied(), k));
        let mut rank = vec![0u32; order.len()];
        for (r, &k) in order.iter().enumerate() {
            if let Some(slot) = rank.get_mut(k as usize) {
                *slot = r as u32;
            }
        }
        // The further cells of names before name `n`.
        let before =
            move |n: u32| order.partition_point(|&k| further_name.get(k as usize).is_some_and(|&m| m < n));
        move |place: u32| {
            if place & FURTHER_CELL == 0 {
                place as usize + before(place)
            } else {
                let k = (place & !FURTHER_CELL) as usize;
                let name = further_name.get(k).copied().unwrap_or(0);
                (name + rank.get(k).copied().unwrap_or(0) + 1) as usize
            }
        }
    }
}

impl Places {
    /// Gathers those of the `events` (positions, best given in position
    /// order: their texts are then read in the order they lie in memory)
    /// that have a point on the map.
    pub fn new<I>(catalog: &Catalog, atlas: &Atlas, events: I) -> Self
    where
        I: IntoIterator<Item = usize>,
        I::IntoIter: Clone + ExactSizeIterator,
    {
        let events = events.into_iter();
        let numbered = Numbered::new(catalog, atlas, events.clone());
        let slot_of = numbered.slots();
        let places = numbered.names as usize + numbered.further_name.len();
        let mut new_name = vec![false; places];
        for n in 0..numbered.names {
            if let Some(first) = new_name.get_mut(slot_of(n)) {
                *first = true;
            }
        }
        let mut starts = vec![0u32; places + 1];
        for &place in numbered.place_of.iter().filter(|&&p| p != NOT_PLACED) {
            if let Some(count) = starts.get_mut(slot_of(place) + 1) {
                *count += 1;
            }
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        // Filled with each place's next free entry as it goes; then moved
        // up by one, each place's end is the next one's start.
        let mut gathered = vec![0u32; starts.last().map_or(0, |&n| n as usize)];
        for (i, &place) in events.zip(&numbered.place_of) {
            if place == NOT_PLACED {
                continue;
            }
            if let Some(at) = starts.get_mut(slot_of(place))
                && let Some(e) = gathered.get_mut(*at as usize)
            {
                *e = i as u32;
                *at += 1;
            }
        }
        drop(slot_of);
        drop(numbered);
        starts.copy_within(0..places, 1);
        if let Some(first) = starts.first_mut() {
            *first = 0;
        }
        let mut gathered = Self {
            starts,
            new_name,
            events: gathered,
        };
        for k in 0..gathered.len() {
            let range = gathered.range(k);
            if let Some(list) = gathered.events.get_mut(range)
                && list.len() > 1
            {
                catalog.sort_by_date(list);
            }
        }
        gathered
    }

    /// How many places.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn range(&self, k: usize) -> std::ops::Range<usize> {
        let at = |k: usize| self.starts.get(k).map_or(0, |&s| s as usize);
        at(k)..at(k + 1)
    }

    /// The events at place `k`, by date.
    pub fn events(&self, k: usize) -> &[u32] {
        self.events.get(self.range(k)).unwrap_or(&[])
    }

    /// Place `k`'s name.
    pub fn name<'a>(&self, catalog: &'a Catalog, atlas: &'a Atlas, k: usize) -> &'a str {
        self.events(k)
            .first()
            .map_or("elsewhere", |&i| place_name(catalog, atlas, i as usize))
    }

    /// Where place `k` is drawn: its earliest event's point (lon, Mercator y).
    pub fn world(&self, catalog: &Catalog, k: usize) -> [f32; 2] {
        self.events(k)
            .first()
            .and_then(|&i| catalog.world_points().get(i as usize))
            .copied()
            .unwrap_or([f32::NAN; 2])
    }

    /// The places of each name, as ranges of place numbers.
    pub fn by_name(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let mut k = 0;
        std::iter::from_fn(move || {
            if k >= self.len() {
                return None;
            }
            let start = k;
            k += 1;
            while self.new_name.get(k) == Some(&false) {
                k += 1;
            }
            Some(start..k)
        })
    }
}

/// Events at places, for the chips' tests and the places'.
#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::model::event::{Event, Location, test_event};
    use crate::model::event_texts::{EventTexts, TextParts};

    /// An event at a point, with a place name.
    pub(crate) fn event_at(id: &str, when: &str, place: &str, [lon, lat]: [f64; 2]) -> Event {
        Event {
            texts: EventTexts::new(TextParts {
                id,
                title: id,
                place: Some(place),
                ..TextParts::default()
            }),
            location: Location::Point { lon, lat },
            ..test_event(id, when)
        }
    }

    /// A catalog of `(place, point, events there)`, every place's events in a
    /// row, gathered into places.
    pub(crate) fn gathered(places: &[(&str, [f64; 2], usize)]) -> (Catalog, Atlas, Places) {
        let mut events = Vec::new();
        for (name, point, n) in places {
            for k in 0..*n {
                events.push(event_at(&format!("{name} {k}"), "2020", name, *point));
            }
        }
        let atlas = Atlas::default();
        let catalog = Catalog::new(events, &atlas);
        let places = Places::new(&catalog, &atlas, 0..catalog.len());
        (catalog, atlas, places)
    }

    /// The titles of the events at these positions.
    pub(crate) fn titles(catalog: &Catalog, events: &[u32]) -> Vec<String> {
        events
            .iter()
            .map(|&i| catalog.event(i as usize).title().to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{event_at, titles};
    use super::*;
    use crate::model::event::{Event, Location};

    #[test]
    fn places_gather_events_by_name_and_cell_each_by_date() {
        let washington = [-77.04, 38.9];
        let events = vec![
            event_at("late", "2022-11-07", "Washington", washington),
            event_at("moscow", "2021", "Moscow", [37.6, 55.75]),
            event_at("early", "2020-01-01", "Washington", washington),
            // Same name, another cell of the world: a place of its own.
            event_at("georgia", "2019", "Washington", [-82.7, 33.7]),
            event_at("middle", "2021-06-01", "Washington", [-77.2, 38.95]),
            Event {
                location: Location::Unknown,
                ..event_at("nowhere", "2020", "Washington", washington)
            },
        ];
        let atlas = Atlas::default();
        let catalog = Catalog::new(events, &atlas);
        let places = Places::new(&catalog, &atlas, 0..catalog.len());
        assert_eq!(places.len(), 3, "two cells of Washington and Moscow");
        let names: Vec<Vec<(String, Vec<String>)>> = places
            .by_name()
            .map(|range| {
                range
                    .map(|k| {
                        (
                            places.name(&catalog, &atlas, k).to_string(),
                            titles(&catalog, places.events(k)),
                        )
                    })
                    .collect()
            })
            .collect();
        let list = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(
            names,
            [
                vec![
                    ("Washington".to_string(), list(&["early", "middle", "late"])),
                    ("Washington".to_string(), list(&["georgia"])),
                ],
                vec![("Moscow".to_string(), list(&["moscow"]))],
            ]
        );
        // A place is drawn at its earliest event.
        let early = catalog.position("early").unwrap();
        assert_eq!(places.world(&catalog, 0), catalog.world_points()[early]);
        // Only the events given are gathered.
        let some = Places::new(&catalog, &atlas, [early, catalog.position("moscow").unwrap()]);
        assert_eq!(some.len(), 2);
        assert!(Places::new(&catalog, &atlas, []).is_empty());
    }
}
