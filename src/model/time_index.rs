//! Finding the events active on a day, or overlapping a range, in
//! O(log n + k) without scanning them all.
//!
//! Intervals are split into classes by length (at most 1, 2, 4, ... days).
//! Within a class, sorted by start, an interval of length ≤ L that overlaps
//! `[a, b]` must start in `[a - L + 1, b]`: two binary searches bound the
//! candidates, and each candidate is at least half as long as L, so few of
//! them miss. Any mix of day-long clashes and decade-long wars stays fast.
//!
//! The index holds the date order itself, and a class holds runs of it
//! (events that share one interval are side by side there), not a start,
//! an end and a position per event: at ten million events 40 MB, not 160.

use super::date::Interval;
use super::date_order::DateRun;
use chrono::{Datelike, NaiveDate};

/// One length class: the runs of one interval whose intervals are at most
/// `max_len` days, by start (then end).
#[derive(Clone, Debug, Default)]
struct Class {
    max_len: i64,
    /// Each run's start and end as day numbers (days from the common era).
    starts: Vec<i32>,
    ends: Vec<i32>,
    /// Where each run starts and ends in the date order.
    from: Vec<u32>,
    to: Vec<u32>,
}

/// A run of the date order that shares one interval (see [`TimeIndex::dated`]).
#[derive(Clone, Copy, Debug)]
struct DatedRun {
    from: u32,
    to: u32,
    interval: Interval,
}

/// The index over a list of intervals.
#[derive(Clone, Debug, Default)]
pub struct TimeIndex {
    classes: Vec<Class>,
    /// Positions sorted by (start, end, position).
    by_date: Vec<u32>,
}

fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

impl TimeIndex {
    /// Builds the index over the intervals, in the order given.
    pub fn new(intervals: &[Interval]) -> Self {
        let order = super::date_order::sorted_intervals(intervals.to_vec());
        Self::from_runs(order.by_date, &order.runs)
    }

    /// Builds the index from the intervals' date order and its runs (as
    /// [`super::date_order::date_order`] makes them), keeping the order:
    /// each run's class and days are worked out once, and each class is
    /// filled in order, with no sorting of its own.
    pub fn from_runs(by_date: Vec<u32>, runs: &[DateRun]) -> Self {
        let class_of = |iv: &Interval| {
            let days = iv.len_days().max(1);
            // The class whose max_len = 2^c is the first ≥ days.
            (64 - (days - 1).leading_zeros()) as usize
        };
        let mut members: Vec<Class> = Vec::new();
        let mut from = 0u32;
        for run in runs {
            let c = class_of(&run.interval);
            if members.len() <= c {
                members.resize_with(c + 1, Class::default);
            }
            let class = &mut members[c];
            class.max_len = 1i64 << c;
            class.starts.push(day_number(run.interval.start));
            class.ends.push(day_number(run.interval.end));
            class.from.push(from);
            class.to.push(run.end);
            from = run.end;
        }
        members.retain(|m| !m.starts.is_empty());
        Self {
            classes: members,
            by_date,
        }
    }

    /// The positions in date order: by start, then end, then position.
    pub fn by_date(&self) -> &[u32] {
        &self.by_date
    }

    /// The positions in date order, each with its interval, read from the
    /// runs: no lookup per position, so a pass over millions of events
    /// reads memory in order.
    pub fn dated(&self) -> impl Iterator<Item = (usize, Interval)> + Clone + '_ {
        let date = |n: i32| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(NaiveDate::MIN);
        let mut runs: Vec<DatedRun> = self
            .classes
            .iter()
            .flat_map(|class| {
                (0..class.starts.len()).map(move |k| DatedRun {
                    from: class.from[k],
                    to: class.to[k],
                    interval: Interval {
                        start: date(class.starts[k]),
                        end: date(class.ends[k]),
                    },
                })
            })
            .collect();
        // Each class holds its runs in date order; together they tile it.
        runs.sort_unstable_by_key(|run| run.from);
        runs.into_iter().flat_map(move |run| {
            let positions = self.by_date.get(run.from as usize..run.to as usize);
            positions
                .unwrap_or_default()
                .iter()
                .map(move |&i| (i as usize, run.interval))
        })
    }

    /// Positions of the intervals that share a day with `range` (unordered).
    pub fn overlapping(&self, range: Interval) -> impl Iterator<Item = usize> + '_ {
        let (a, b) = (day_number(range.start), day_number(range.end));
        self.classes.iter().flat_map(move |class| {
            let earliest = a.saturating_sub((class.max_len - 1).min(i64::from(i32::MAX)) as i32);
            let lo = class.starts.partition_point(|&s| s < earliest);
            let hi = class.starts.partition_point(|&s| s <= b);
            (lo..hi).filter(move |&k| class.ends[k] >= a).flat_map(move |k| {
                let run = class.from[k] as usize..class.to[k] as usize;
                self.by_date
                    .get(run)
                    .unwrap_or_default()
                    .iter()
                    .map(|&i| i as usize)
            })
        })
    }

    /// Positions of the intervals that contain `day` (unordered).
    pub fn active_at(&self, day: NaiveDate) -> impl Iterator<Item = usize> + '_ {
        self.overlapping(Interval::day(day))
    }

    /// The number of intervals indexed.
    pub fn len(&self) -> usize {
        self.by_date.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.by_date.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(n as u64)
    }
    fn iv(a: i64, b: i64) -> Interval {
        Interval::new(d(a), d(b)).unwrap()
    }

    /// The index must agree with a plain scan on every query.
    #[test]
    fn agrees_with_a_linear_scan() {
        // A deterministic spread of short and long intervals.
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % m) as i64
        };
        let intervals: Vec<Interval> = (0..2000)
            .map(|_| {
                let s = next(3000);
                let len = match next(10) {
                    0 => next(2000),
                    1 => next(60),
                    _ => next(3),
                };
                iv(s, s + len)
            })
            .collect();
        let index = TimeIndex::new(&intervals);
        for q in 0..200 {
            let a = q * 17 - 100;
            let range = if a < 0 {
                iv(0, next(30))
            } else {
                iv(a, a + next(30))
            };
            let mut got: Vec<usize> = index.overlapping(range).collect();
            got.sort_unstable();
            let want: Vec<usize> = (0..intervals.len())
                .filter(|&i| intervals[i].overlaps(&range))
                .collect();
            assert_eq!(got, want, "range {range}");
        }
        let dated: Vec<(usize, Interval)> = index.dated().collect();
        let want: Vec<(usize, Interval)> = index
            .by_date()
            .iter()
            .map(|&i| (i as usize, intervals[i as usize]))
            .collect();
        assert_eq!(
            dated, want,
            "every position once, in date order, with its interval"
        );
    }

    #[test]
    fn active_at_edges() {
        let index = TimeIndex::new(&[iv(0, 10), iv(5, 5), iv(11, 20)]);
        let at = |n| {
            let mut v = index.active_at(d(n)).collect::<Vec<_>>();
            v.sort_unstable();
            v
        };
        assert_eq!(at(0), vec![0]);
        assert_eq!(at(5), vec![0, 1]);
        assert_eq!(at(10), vec![0]);
        assert_eq!(at(11), vec![2]);
        assert!(at(21).is_empty());
        assert!(TimeIndex::new(&[]).active_at(d(0)).next().is_none());
        // The index keeps the date order it was built from: by start, then end.
        let order = TimeIndex::new(&[iv(5, 5), iv(0, 10), iv(0, 3), iv(0, 3)]);
        assert_eq!(order.by_date(), &[2, 3, 1, 0]);
        assert_eq!(order.len(), 4);
    }
}
