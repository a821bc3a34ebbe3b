//! Finding the events active on a day, or overlapping a range, without
//! scanning them all.

use super::date::Interval;
use chrono::NaiveDate;

/// Event positions sorted by start day, with a running maximum of end days, so
/// that a query skips every event that ended before its range begins.
#[derive(Clone, Debug, Default)]
pub struct TimeIndex {
    /// Positions into the event list, by start day.
    order: Vec<u32>,
    starts: Vec<NaiveDate>,
    ends: Vec<NaiveDate>,
    /// `max_end[i]` is the latest end among `order[..=i]`; never decreases.
    max_end: Vec<NaiveDate>,
}

impl TimeIndex {
    /// Builds the index over the intervals, in the order given.
    pub fn new(intervals: &[Interval]) -> Self {
        let mut order: Vec<u32> = (0..intervals.len() as u32).collect();
        order.sort_by_key(|&i| (intervals[i as usize].start, intervals[i as usize].end));
        let starts: Vec<NaiveDate> = order.iter().map(|&i| intervals[i as usize].start).collect();
        let ends: Vec<NaiveDate> = order.iter().map(|&i| intervals[i as usize].end).collect();
        let mut max_end = Vec::with_capacity(ends.len());
        let mut running = NaiveDate::MIN;
        for &e in &ends {
            running = running.max(e);
            max_end.push(running);
        }
        Self {
            order,
            starts,
            ends,
            max_end,
        }
    }

    /// Positions of the intervals that share a day with `range`, by start day.
    pub fn overlapping(&self, range: Interval) -> impl Iterator<Item = usize> + '_ {
        // Everything at or after `hi` starts after the range ends.
        let hi = self.starts.partition_point(|s| *s <= range.end);
        // Everything before `lo` ended before the range starts.
        let lo = self.max_end[..hi].partition_point(|e| *e < range.start);
        (lo..hi)
            .filter(move |&k| self.ends[k] >= range.start)
            .map(move |k| self.order[k] as usize)
    }

    /// Positions of the intervals that contain `day`.
    pub fn active_at(&self, day: NaiveDate) -> impl Iterator<Item = usize> + '_ {
        self.overlapping(Interval::day(day))
    }

    /// The number of intervals indexed.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The distinct start days, sorted: the stops for "next/previous event".
    pub fn starts(&self) -> &[NaiveDate] {
        &self.starts
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
        let intervals: Vec<Interval> = (0..500)
            .map(|_| {
                let s = next(1000);
                let len = if next(10) == 0 { next(400) } else { next(5) };
                iv(s, s + len)
            })
            .collect();
        let index = TimeIndex::new(&intervals);
        for q in 0..60 {
            let a = q * 23;
            let range = iv(a, a + next(30));
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
        let at = |n| index.active_at(d(n)).collect::<Vec<_>>();
        assert_eq!(at(0), vec![0]);
        assert_eq!(at(5), vec![0, 1]);
        assert_eq!(at(10), vec![0]);
        assert_eq!(at(11), vec![2]);
        assert!(at(21).is_empty());
        assert!(TimeIndex::new(&[]).active_at(d(0)).next().is_none());
    }
}
