//! Killed and events per day, with honest time: an event known only to the
//! month (or the year) spreads its toll evenly over its days instead of
//! landing on the first one; and what a chart of them shows per bin (day,
//! week, month, year), by group (dataset or kind), or as running totals.

use super::catalog::Catalog;
use super::date::Interval;
use chrono::{Datelike, Days, NaiveDate};

/// Per-day totals of some events, by group, over a span of days.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DaySeries {
    /// The first day the totals cover.
    pub first: Option<NaiveDate>,
    /// Days covered.
    pub days: usize,
    /// The groups' names (datasets or kinds), in the order of the totals.
    pub groups: Vec<String>,
    /// Per group, per day: the killed's low bounds spread over each event's days.
    pub low: Vec<Vec<f64>>,
    /// Per group, per day: the killed's high bounds (the low bound where the
    /// toll is open-ended: see `open`).
    pub high: Vec<Vec<f64>>,
    /// Per day: the share of open-ended tolls ("more than 6,500") in it.
    pub open: Vec<f64>,
    /// Per group, per day: events, spread over their days.
    pub events: Vec<Vec<f64>>,
}

/// How the events are grouped for stacking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    /// All together.
    None,
    /// By the dataset they came from.
    Dataset,
    /// By kind (the most frequent few; the rest as "other").
    Kind,
}

/// Groups kept apart when stacking; the rest are "other".
pub const MAX_GROUPS: usize = 7;

impl DaySeries {
    /// The totals of the events of `catalog` given by their positions and
    /// intervals (as [`Catalog::dated`] gives them, read in order: at
    /// millions of events, looking each interval up costs seconds).
    pub fn new(
        catalog: &Catalog,
        dated: impl Iterator<Item = (usize, Interval)> + Clone,
        grouping: Grouping,
    ) -> Self {
        let span = dated.clone().map(|(_, iv)| iv).reduce(|a, b| a.union(&b));
        let Some(span) = span else {
            return Self::default();
        };
        let days = span.len_days() as usize;
        let (groups, group_of) = groups(catalog, dated.clone().map(|(i, _)| i), grouping);
        let g = groups.len().max(1);
        // Difference arrays: an event adds its per-day share from its first
        // day and takes it away after its last.
        let mut low = vec![vec![0.0; days + 1]; g];
        let mut high = vec![vec![0.0; days + 1]; g];
        let mut events = vec![vec![0.0; days + 1]; g];
        let mut open = vec![0.0; days + 1];
        for (i, iv) in dated {
            let Some(event) = catalog.get(i) else {
                continue;
            };
            let a = (iv.start - span.start).num_days() as usize;
            let b = (iv.end - span.start).num_days() as usize + 1;
            let n = (b - a) as f64;
            let k = group_of(i).min(g - 1);
            events[k][a] += 1.0 / n;
            events[k][b] -= 1.0 / n;
            if let Some(c) = &event.casualties() {
                let lo = f64::from(c.low) / n;
                let hi = f64::from(c.high.unwrap_or(c.low)) / n;
                low[k][a] += lo;
                low[k][b] -= lo;
                high[k][a] += hi;
                high[k][b] -= hi;
                if c.high.is_none() {
                    open[a] += 1.0 / n;
                    open[b] -= 1.0 / n;
                }
            }
        }
        let integrate = |v: &mut Vec<f64>| {
            let mut sum = 0.0;
            for x in v.iter_mut() {
                sum += *x;
                *x = sum;
            }
            v.truncate(days);
        };
        low.iter_mut()
            .chain(high.iter_mut())
            .chain(events.iter_mut())
            .for_each(integrate);
        integrate(&mut open);
        Self {
            first: Some(span.start),
            days,
            groups,
            low,
            high,
            open,
            events,
        }
    }

    /// The day at `k` days from the first.
    fn day(&self, k: usize) -> Option<NaiveDate> {
        self.first?.checked_add_days(Days::new(k as u64))
    }

    /// The totals per bin over `range`, bins of `unit`; running totals from
    /// the first day with `cumulative`.
    pub fn bins(&self, range: Interval, unit: BinUnit, cumulative: bool) -> Vec<Bin> {
        let Some(first) = self.first else {
            return Vec::new();
        };
        let g = self.groups.len().max(1);
        let mut bins: Vec<Bin> = Vec::new();
        let mut running_low = vec![0.0; g];
        let mut running_high = vec![0.0; g];
        let mut running_events = vec![0.0; g];
        let mut running_open = 0.0;
        // Running totals count from the first day of data, not of the view.
        let from = if cumulative { first } else { range.start.max(first) };
        let last = first
            .checked_add_days(Days::new(self.days.saturating_sub(1) as u64))
            .unwrap_or(first);
        let to = range.end.min(last);
        if to < from {
            return bins;
        }
        let mut k = (from - first).num_days().max(0) as usize;
        let end_k = (to - first).num_days().max(0) as usize;
        while k <= end_k {
            let Some(day) = self.day(k) else { break };
            let start = unit.start_of(day);
            let next = unit.next(start).unwrap_or(NaiveDate::MAX);
            let mut bin = Bin {
                start,
                end: next.pred_opt().unwrap_or(start),
                low: vec![0.0; g],
                high: vec![0.0; g],
                events: vec![0.0; g],
                open: 0.0,
            };
            while k <= end_k && self.day(k).is_some_and(|d| d < next) {
                for j in 0..g {
                    bin.low[j] += self.low.get(j).and_then(|v| v.get(k)).copied().unwrap_or(0.0);
                    bin.high[j] += self.high.get(j).and_then(|v| v.get(k)).copied().unwrap_or(0.0);
                    bin.events[j] += self.events.get(j).and_then(|v| v.get(k)).copied().unwrap_or(0.0);
                }
                bin.open += self.open.get(k).copied().unwrap_or(0.0);
                k += 1;
            }
            if cumulative {
                accumulate(&mut running_low, &mut bin.low);
                accumulate(&mut running_high, &mut bin.high);
                accumulate(&mut running_events, &mut bin.events);
                running_open += bin.open;
                bin.open = running_open;
            }
            if !cumulative || bin.end >= range.start {
                bins.push(bin);
            }
        }
        bins
    }
}

/// Adds `values` to the `running` totals and puts the totals in their place.
fn accumulate(running: &mut [f64], values: &mut [f64]) {
    for (total, value) in running.iter_mut().zip(values) {
        *total += *value;
        *value = *total;
    }
}

/// The totals of one bin, per group.
#[derive(Clone, Debug, PartialEq)]
pub struct Bin {
    pub start: NaiveDate,
    /// The bin's last day.
    pub end: NaiveDate,
    pub low: Vec<f64>,
    pub high: Vec<f64>,
    pub events: Vec<f64>,
    /// Open-ended tolls' share in the bin (above 0: its high bound is open).
    pub open: f64,
}

impl Bin {
    /// The killed's low bound, all groups.
    pub fn total_low(&self) -> f64 {
        self.low.iter().sum()
    }

    /// The killed's high bound, all groups.
    pub fn total_high(&self) -> f64 {
        self.high.iter().sum()
    }

    /// Events, all groups.
    pub fn total_events(&self) -> f64 {
        self.events.iter().sum()
    }
}

/// How wide a bin is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum BinUnit {
    Day,
    Week,
    Month,
    Year,
}

impl BinUnit {
    /// The narrowest unit giving bins at least `min_points` wide when
    /// `days` are shown over `width_points`.
    pub fn for_view(days: f64, width_points: f64, min_points: f64) -> Self {
        let per_day = width_points / days.max(1.0);
        [
            (Self::Day, 1.0),
            (Self::Week, 7.0),
            (Self::Month, 30.4),
            (Self::Year, 365.25),
        ]
        .into_iter()
        .find(|(_, len)| per_day * len >= min_points)
        .map_or(Self::Year, |(u, _)| u)
    }

    /// The name for a legend: "per week".
    pub fn label(self) -> &'static str {
        match self {
            Self::Day => "per day",
            Self::Week => "per week",
            Self::Month => "per month",
            Self::Year => "per year",
        }
    }

    /// The first day of the bin holding `day` (weeks start on Monday).
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Self::Day => day,
            Self::Week => day
                .checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
                .unwrap_or(day),
            Self::Month => day.with_day(1).unwrap_or(day),
            Self::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day),
        }
    }

    /// The first day of the bin after the one starting on `start`.
    pub fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Self::Day => start.succ_opt(),
            Self::Week => start.checked_add_days(Days::new(7)),
            Self::Month => start.checked_add_months(chrono::Months::new(1)),
            Self::Year => NaiveDate::from_ymd_opt(start.year() + 1, 1, 1),
        }
    }
}

/// The groups' names and which group each event is in.
fn groups<'a>(
    catalog: &'a Catalog,
    positions: impl Iterator<Item = usize>,
    grouping: Grouping,
) -> (Vec<String>, Box<dyn Fn(usize) -> usize + 'a>) {
    match grouping {
        Grouping::None => (vec!["events".into()], Box::new(|_| 0)),
        Grouping::Dataset => {
            let names: Vec<String> = catalog.datasets().iter().map(|d| d.name.clone()).collect();
            let last = names.len().saturating_sub(1);
            (names, Box::new(move |i| catalog.dataset_of(i).min(last)))
        }
        Grouping::Kind => {
            let mut counts: Vec<(&str, usize)> = Vec::new();
            for i in positions {
                let Some(e) = catalog.get(i) else { continue };
                match counts.iter_mut().find(|(k, _)| *k == e.kind().as_str()) {
                    Some(c) => c.1 += 1,
                    None => counts.push((e.kind().as_str(), 1)),
                }
            }
            counts.sort_by_key(|(k, n)| (std::cmp::Reverse(*n), *k));
            let mut names: Vec<String> = counts
                .iter()
                .take(MAX_GROUPS)
                .map(|(k, _)| k.to_string())
                .collect();
            if counts.len() > MAX_GROUPS {
                names.push("other".into());
            }
            let kept: Vec<String> = names.clone();
            (
                names,
                Box::new(move |i| {
                    let kind = catalog.get(i).map_or("", |e| e.kind().as_str());
                    kept.iter().position(|k| k == kind).unwrap_or(MAX_GROUPS)
                }),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn article() -> Catalog {
        let atlas = crate::embedded::caucasus_atlas().unwrap();
        let events = crate::embedded::article_events(&atlas).unwrap().items;
        Catalog::new(events, &atlas)
    }

    /// Positions with their intervals, looked up one by one.
    fn dated(
        c: &Catalog,
        positions: impl Iterator<Item = usize> + Clone,
    ) -> impl Iterator<Item = (usize, Interval)> + Clone {
        positions.filter_map(|i| Some((i, c.interval(i)?)))
    }

    #[test]
    fn the_catalog_read_in_order_gives_what_lookups_give() {
        let c = article();
        let by_lookup: Vec<(usize, Interval)> = dated(&c, c.by_date().iter().map(|&i| i as usize)).collect();
        assert_eq!(c.dated().collect::<Vec<_>>(), by_lookup);
        assert_eq!(by_lookup.len(), c.len());
        let s = DaySeries::new(&c, c.dated(), Grouping::Kind);
        assert_eq!(s, DaySeries::new(&c, dated(&c, 0..c.len()), Grouping::Kind));
    }

    #[test]
    fn a_toll_known_to_the_month_spreads_over_the_month() {
        let c = article();
        let artillery = c.position("artillery-2022-09").unwrap();
        let s = DaySeries::new(&c, dated(&c, std::iter::once(artillery)), Grouping::None);
        assert_eq!(s.days, 30);
        let sept = Interval::new(d(2022, 9, 1), d(2022, 9, 30)).unwrap();
        let month = s.bins(sept, BinUnit::Month, false);
        assert_eq!(month.len(), 1);
        assert!(
            (month[0].total_low() - 280.0).abs() < 1e-6,
            "{}",
            month[0].total_low()
        );
        assert!(month[0].open > 0.0, "280+ is open-ended");
        // By day: a thirtieth each, never 280 on the 1st.
        let days = s.bins(sept, BinUnit::Day, false);
        assert_eq!(days.len(), 30);
        assert!(days.iter().all(|b| (b.total_low() - 280.0 / 30.0).abs() < 1e-6));
    }

    #[test]
    fn the_articles_september_2022_bin_holds_the_artillery_toll() {
        let c = article();
        let s = DaySeries::new(&c, c.dated(), Grouping::Kind);
        let sept = Interval::new(d(2022, 9, 1), d(2022, 9, 30)).unwrap();
        let bin = &s.bins(sept, BinUnit::Month, false)[0];
        // 280 from the artillery, and September's share of "hundreds in recent months".
        let recent = 200.0 * 30.0 / 192.0;
        assert!(
            (bin.total_low() - (280.0 + recent)).abs() < 1.0,
            "{}",
            bin.total_low()
        );
        assert!(bin.total_high() > bin.total_low());
    }

    #[test]
    fn running_totals_count_from_the_first_day() {
        let c = article();
        let s = DaySeries::new(&c, c.dated(), Grouping::None);
        let years = Interval::new(d(2019, 1, 1), d(2022, 12, 31)).unwrap();
        let bins = s.bins(years, BinUnit::Year, true);
        let lows: Vec<f64> = bins.iter().map(Bin::total_low).collect();
        assert!(lows.windows(2).all(|w| w[0] <= w[1]), "{lows:?}");
        assert!(lows.last().copied().unwrap() >= 6500.0 + 280.0 + 200.0 - 1.0);
        assert_eq!(bins.first().map(|b| b.start), Some(d(2019, 1, 1)));
    }

    #[test]
    fn bins_are_chosen_for_the_width() {
        assert_eq!(BinUnit::for_view(60.0, 600.0, 4.0), BinUnit::Day);
        assert_eq!(BinUnit::for_view(2000.0, 600.0, 4.0), BinUnit::Month);
        assert_eq!(BinUnit::for_view(12_000.0, 600.0, 4.0), BinUnit::Year);
        assert_eq!(BinUnit::Week.start_of(d(2022, 9, 15)), d(2022, 9, 12));
    }
}
