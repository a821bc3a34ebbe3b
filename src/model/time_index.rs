//! Finding the events active on a day, or overlapping a range, in
//! O(log n + k) without scanning them all.
//!
//! Intervals are split into classes by length (at most 1, 2, 4, ... days).
//! Within a class, sorted by start, an interval of length ≤ L that overlaps
//! `[a, b]` must start in `[a - L + 1, b]`: two binary searches bound the
//! candidates, and each candidate is at least half as long as L, so few of
//! them miss. Any mix of day-long clashes and decade-long wars stays fast.

use super::date::Interval;
use super::date_order::DateRun;
use chrono::{Datelike, NaiveDate};

/// One length class: intervals of at most `max_len` days, by start (then
/// end, then position).
#[derive(Clone, Debug, Default)]
struct Class {
    max_len: i64,
    /// Start and end as day numbers (days from the common era), by start.
    starts: Vec<i32>,
    ends: Vec<i32>,
    /// Positions into the caller's list.
    ids: Vec<u32>,
}

/// The index over a list of intervals.
#[derive(Clone, Debug, Default)]
pub struct TimeIndex {
    classes: Vec<Class>,
    len: usize,
}

fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

impl TimeIndex {
    /// Builds the index over the intervals, in the order given.
    pub fn new(intervals: &[Interval]) -> Self {
        let order = super::date_order::sorted_intervals(intervals.to_vec());
        Self::from_runs(intervals.len(), &order.by_date, &order.runs)
    }

    /// Builds the index over `len` intervals from their date order and its
    /// runs (as [`super::date_order::date_order`] makes them): each run's
    /// class and days are worked out once, and each class is filled in
    /// order, with no sorting of its own.
    pub fn from_runs(len: usize, by_date: &[u32], runs: &[DateRun]) -> Self {
        let class_of = |iv: &Interval| {
            let days = iv.len_days().max(1);
            // The class whose max_len = 2^c is the first ≥ days.
            (64 - (days - 1).leading_zeros()) as usize
        };
        let mut sizes: Vec<usize> = Vec::new();
        let mut start = 0usize;
        for run in runs {
            let c = class_of(&run.interval);
            if sizes.len() <= c {
                sizes.resize(c + 1, 0);
            }
            sizes[c] += (run.end as usize).saturating_sub(start);
            start = run.end as usize;
        }
        let mut members: Vec<Class> = sizes
            .iter()
            .enumerate()
            .map(|(c, &n)| Class {
                max_len: 1i64 << c,
                starts: Vec::with_capacity(n),
                ends: Vec::with_capacity(n),
                ids: Vec::with_capacity(n),
            })
            .collect();
        let mut start = 0usize;
        for run in runs {
            let ids = by_date.get(start..run.end as usize).unwrap_or_default();
            start = run.end as usize;
            let Some(class) = members.get_mut(class_of(&run.interval)) else {
                continue;
            };
            let (a, b) = (day_number(run.interval.start), day_number(run.interval.end));
            class.starts.extend(std::iter::repeat_n(a, ids.len()));
            class.ends.extend(std::iter::repeat_n(b, ids.len()));
            class.ids.extend_from_slice(ids);
        }
        members.retain(|m| !m.ids.is_empty());
        Self {
            classes: members,
            len,
        }
    }

    /// Positions of the intervals that share a day with `range` (unordered).
    pub fn overlapping(&self, range: Interval) -> impl Iterator<Item = usize> + '_ {
        let (a, b) = (day_number(range.start), day_number(range.end));
        self.classes.iter().flat_map(move |class| {
            let earliest = a.saturating_sub((class.max_len - 1).min(i64::from(i32::MAX)) as i32);
            let lo = class.starts.partition_point(|&s| s < earliest);
            let hi = class.starts.partition_point(|&s| s <= b);
            (lo..hi)
                .filter(move |&k| class.ends[k] >= a)
                .map(move |k| class.ids[k] as usize)
        })
    }

    /// Positions of the intervals that contain `day` (unordered).
    pub fn active_at(&self, day: NaiveDate) -> impl Iterator<Item = usize> + '_ {
        self.overlapping(Interval::day(day))
    }

    /// The number of intervals indexed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
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
    }
}
