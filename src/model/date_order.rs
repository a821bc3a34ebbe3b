//! The events' date order (interval, then load order), made from the
//! distinct times the stores keep rather than by sorting every event: a
//! million events share a few hundred thousand times at most, so those are
//! sorted, and the events are placed by a counting sort over them.

use super::date::Interval;
use super::store::EventStore;
use chrono::NaiveDate;
use std::sync::Arc;

/// The order the events' intervals give.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DateOrder {
    /// Positions sorted by (start, end, load order).
    pub by_date: Vec<u32>,
    /// From the earliest start to the latest end.
    pub span: Option<Interval>,
    /// `by_date` in runs of one interval each, in order.
    pub runs: Vec<DateRun>,
}

/// Each event's interval, kept as its time's rank among the distinct
/// intervals: nothing per event but the ids its store holds already (at ten
/// million events, 80 MB less than an interval each), and two ranks compare
/// as their intervals do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimeRanks {
    /// Every distinct interval once, sorted (with [`no_time`]'s).
    distinct: Vec<Interval>,
    /// Each store's times' ranks in `distinct`.
    ranks: Vec<Vec<u32>>,
    /// The rank of an event the store holds no time for.
    none: u32,
}

impl TimeRanks {
    /// The rank of the time `id` of store `store` (its position among the
    /// catalog's stores), or of no time.
    pub fn rank(&self, store: usize, id: Option<u32>) -> u32 {
        id.and_then(|id| self.ranks.get(store)?.get(id as usize).copied())
            .unwrap_or(self.none)
    }

    /// The interval of a rank.
    pub fn interval(&self, rank: u32) -> Interval {
        self.distinct.get(rank as usize).copied().unwrap_or_else(no_time)
    }
}

/// Events in the date order that share one interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateRun {
    /// Their interval.
    pub interval: Interval,
    /// Where the run ends in [`DateOrder::by_date`] (the next one starts there).
    pub end: u32,
}

/// The interval of an event the store holds no time for.
fn no_time() -> Interval {
    Interval::day(NaiveDate::MIN)
}

/// The date order of the stores' events, one store after another, and the
/// ranks that give each one's interval.
pub fn date_order(stores: &[Arc<EventStore>]) -> (DateOrder, TimeRanks) {
    let tables: Vec<Vec<Interval>> = stores
        .iter()
        .map(|store| store.times_shared().table.iter().map(|t| t.interval()).collect())
        .collect();
    // Every distinct interval once, sorted: a time's rank is its place here.
    let mut distinct: Vec<Interval> = tables.iter().flatten().copied().collect();
    distinct.push(no_time());
    distinct.sort_unstable();
    distinct.dedup();
    let rank_of = |iv: &Interval| distinct.binary_search(iv).unwrap_or(0) as u32;
    let ranks: Vec<Vec<u32>> = tables
        .iter()
        .map(|table| table.iter().map(rank_of).collect())
        .collect();
    let no_time_rank = rank_of(&no_time());
    // A stable counting sort: equal intervals stay in load order.
    let mut next = vec![0u32; distinct.len() + 1];
    each_rank(stores, &ranks, no_time_rank, |rank| next[rank as usize + 1] += 1);
    let used = |rank: usize| next[rank + 1] > 0;
    let span = (0..distinct.len())
        .filter(|&r| used(r))
        .map(|r| distinct[r])
        .reduce(|a, b| a.union(&b));
    for r in 1..next.len() {
        next[r] += next[r - 1];
    }
    let runs = (0..distinct.len())
        .filter(|&r| next[r + 1] > next[r])
        .map(|r| DateRun {
            interval: distinct[r],
            end: next[r + 1],
        })
        .collect();
    let len = next.last().copied().unwrap_or(0) as usize;
    let mut by_date = vec![0u32; len];
    let mut pos = 0u32;
    each_rank(stores, &ranks, no_time_rank, |rank| {
        if let Some(at) = next.get_mut(rank as usize) {
            if let Some(slot) = by_date.get_mut(*at as usize) {
                *slot = pos;
            }
            *at += 1;
        }
        pos += 1;
    });
    let order = DateOrder { by_date, span, runs };
    let times = TimeRanks {
        distinct,
        ranks,
        none: no_time_rank,
    };
    (order, times)
}

/// Calls `f` with each event's rank (its time's `ranks`), store after store.
fn each_rank(stores: &[Arc<EventStore>], ranks: &[Vec<u32>], no_time_rank: u32, mut f: impl FnMut(u32)) {
    for (store, ranks) in stores.iter().zip(ranks) {
        store
            .times_shared()
            .ids
            .for_each(|id| f(ranks.get(id as usize).copied().unwrap_or(no_time_rank)));
    }
}

/// The date order of a list of intervals, by sorting them all (for lists
/// not kept as a store's shared times).
pub fn sorted_intervals(intervals: Vec<Interval>) -> DateOrder {
    let mut keyed: Vec<(Interval, u32)> = intervals
        .iter()
        .enumerate()
        .map(|(i, iv)| (*iv, i as u32))
        .collect();
    keyed.sort_unstable();
    let mut runs: Vec<DateRun> = Vec::new();
    for (end, (interval, _)) in keyed.iter().enumerate() {
        match runs.last_mut() {
            Some(run) if run.interval == *interval => run.end = end as u32 + 1,
            _ => runs.push(DateRun {
                interval: *interval,
                end: end as u32 + 1,
            }),
        }
    }
    DateOrder {
        span: intervals.iter().copied().reduce(|a, b| a.union(&b)),
        by_date: keyed.into_iter().map(|(_, i)| i).collect(),
        runs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::event::Event;

    fn event(when: &str) -> Event {
        crate::model::event::test_event(when, when)
    }

    /// Events from day `a` to day `b` of 2000 (counted from 1 January).
    fn store(days: &[(i64, i64)]) -> Arc<EventStore> {
        let day = |n: i64| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(n);
        Arc::new(
            days.iter()
                .map(|&(a, b)| event(&format!("{}/{}", day(a), day(b))))
                .collect(),
        )
    }

    /// What sorting every event gives: the order [`date_order`] must match.
    fn sorted_by_hand(stores: &[Arc<EventStore>]) -> DateOrder {
        sorted_intervals(
            stores
                .iter()
                .flat_map(|s| (0..s.len()).map(|i| s.time(i).map_or_else(no_time, |t| t.interval())))
                .collect(),
        )
    }

    #[test]
    fn the_order_is_the_one_sorting_every_event_gives() {
        let stores = vec![
            store(&[(5, 9), (1, 1), (5, 9), (5, 6), (1, 1), (30, 40)]),
            store(&[(5, 6), (0, 100), (1, 1)]),
        ];
        let (order, times) = date_order(&stores);
        assert_eq!(order, sorted_by_hand(&stores));
        // Each event's rank gives its interval, and ranks compare as intervals do.
        let mut seen: Vec<(u32, Interval)> = Vec::new();
        for (k, s) in stores.iter().enumerate() {
            for i in 0..s.len() {
                let rank = times.rank(k, s.times_shared().ids.get(i));
                let interval = s.time(i).map_or_else(no_time, |t| t.interval());
                assert_eq!(times.interval(rank), interval);
                seen.push((rank, interval));
            }
        }
        assert!(
            seen.iter()
                .all(|a| seen.iter().all(|b| a.0.cmp(&b.0) == a.1.cmp(&b.1)))
        );
        assert_eq!(times.interval(times.rank(0, None)), no_time());
        // The longest first as it starts first; equal intervals in load
        // order, across stores.
        assert_eq!(&order.by_date[..4], &[7, 1, 4, 8]);
        assert_eq!(order.span.map(|s| s.len_days()), Some(101));
    }

    #[test]
    fn many_events_over_few_times_come_out_in_order() {
        let days: Vec<(i64, i64)> = (0..5_000)
            .map(|i| ((i * 7919) % 97, (i * 7919) % 97 + i % 3))
            .collect();
        let stores = vec![store(&days), store(&days[..100])];
        assert_eq!(date_order(&stores).0, sorted_by_hand(&stores));
    }

    #[test]
    fn times_written_apart_with_one_interval_are_one_date() {
        // A year, and its first to last day: two times, one interval.
        let stores = vec![Arc::new(
            ["2020-01-01/2020-12-31", "2019", "2020", "2020-01-01/2020-12-31"]
                .into_iter()
                .map(event)
                .collect::<EventStore>(),
        )];
        let (order, _) = date_order(&stores);
        assert_eq!(order, sorted_by_hand(&stores));
        assert_eq!(order.by_date, vec![1, 0, 2, 3]);
    }

    #[test]
    fn no_events_have_no_order_and_no_span() {
        let (order, _) = date_order(&[store(&[]), store(&[])]);
        assert!(order.by_date.is_empty() && order.runs.is_empty());
        assert_eq!(order.span, None);
        assert_eq!(date_order(&[]).0, DateOrder::default());
    }
}
