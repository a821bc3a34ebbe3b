//! The loaded events and the questions asked of them: which are active on a
//! day, which fall in a range, which concern a region.

use super::atlas::Atlas;
use super::date::Interval;
use super::event::Event;
use super::time_index::TimeIndex;
use chrono::NaiveDate;

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

/// Events with their time index and map anchors.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    events: Vec<Event>,
    index: TimeIndex,
    /// Event positions sorted by (start, end, id): the list order.
    by_date: Vec<usize>,
    /// Where each event is drawn (lon, lat), if it can be placed.
    anchors: Vec<Option<[f64; 2]>>,
    span: Option<Interval>,
}

impl Catalog {
    /// Indexes `events`, placing each on `atlas`.
    pub fn new(events: Vec<Event>, atlas: &Atlas) -> Self {
        let intervals: Vec<Interval> = events.iter().map(|e| e.time.interval()).collect();
        let index = TimeIndex::new(&intervals);
        let mut by_date: Vec<usize> = (0..events.len()).collect();
        by_date.sort_by(|&a, &b| (intervals[a], &events[a].id).cmp(&(intervals[b], &events[b].id)));
        let anchors = events.iter().map(|e| atlas.anchor(&e.location)).collect();
        let span = intervals.iter().copied().reduce(|a, b| a.union(&b));
        Self {
            events,
            index,
            by_date,
            anchors,
            span,
        }
    }

    /// All events, in load order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The event at a position.
    pub fn get(&self, pos: usize) -> Option<&Event> {
        self.events.get(pos)
    }

    /// The position of the event with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|e| e.id == id)
    }

    /// Positions sorted by date.
    pub fn by_date(&self) -> &[usize] {
        &self.by_date
    }

    /// Where the event at `pos` is drawn (lon, lat).
    pub fn anchor(&self, pos: usize) -> Option<[f64; 2]> {
        self.anchors.get(pos).copied().flatten()
    }

    /// From the earliest start to the latest end.
    pub fn span(&self) -> Option<Interval> {
        self.span
    }

    /// Positions of events active on `day`, sorted by date.
    pub fn active_at(&self, day: NaiveDate) -> Vec<usize> {
        self.sorted(self.index.active_at(day).collect())
    }

    /// Positions matching the query, sorted by date.
    pub fn query(&self, query: &Query) -> Vec<usize> {
        let by_time: Vec<usize> = match query.time {
            TimeFilter::All => self.by_date.clone(),
            TimeFilter::At(day) => self.active_at(day),
            TimeFilter::Overlapping(range) => self.sorted(self.index.overlapping(range).collect()),
        };
        match &query.region {
            None => by_time,
            Some(region) => by_time
                .into_iter()
                .filter(|&i| self.events[i].concerns(region))
                .collect(),
        }
    }

    /// The first event start after `day`, for "next event".
    pub fn next_start_after(&self, day: NaiveDate) -> Option<NaiveDate> {
        let starts = self.index.starts();
        starts.get(starts.partition_point(|s| *s <= day)).copied()
    }

    /// The last event start before `day`, for "previous event".
    pub fn prev_start_before(&self, day: NaiveDate) -> Option<NaiveDate> {
        let starts = self.index.starts();
        let k = starts.partition_point(|s| *s < day);
        k.checked_sub(1).and_then(|k| starts.get(k)).copied()
    }

    fn sorted(&self, mut positions: Vec<usize>) -> Vec<usize> {
        positions.sort_by(|&a, &b| {
            let (ea, eb) = (&self.events[a], &self.events[b]);
            (ea.time.interval(), &ea.id).cmp(&(eb.time.interval(), &eb.id))
        });
        positions
    }
}
