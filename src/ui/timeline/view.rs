//! The span of days the timeline's detail shows, as a plain value, with the
//! moves that change it; and the stretch it opens on: where the events are.

use crate::model::Interval;
use chrono::{Datelike, Days, NaiveDate};
use egui::Rect;

/// The span of days the track shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimelineView {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// The shortest span the track zooms to, in days.
const MIN_SPAN_DAYS: i64 = 14;
/// The share of events the opening view holds.
const DENSE_SHARE: f64 = 0.75;

impl TimelineView {
    /// The whole of `span`, with a little room at both ends.
    pub fn around(span: Interval) -> Self {
        let pad = Days::new((span.len_days() / 40).max(3) as u64);
        Self {
            start: span.start.checked_sub_days(pad).unwrap_or(span.start),
            end: span.end.checked_add_days(pad).unwrap_or(span.end),
        }
    }

    /// Where the events are: the shortest stretch holding three quarters of
    /// their starts (and the end of the last of them), with room around it;
    /// the whole `span` when that is not much shorter.
    pub fn densest(starts: &[NaiveDate], span: Interval) -> Self {
        let whole = Self::around(span);
        let n = starts.len();
        if n < 4 {
            return whole;
        }
        let need = ((n as f64) * DENSE_SHARE).ceil() as usize;
        let mut best: Option<(i64, usize)> = None;
        for k in 0..=n - need {
            let len = (starts[k + need - 1] - starts[k]).num_days();
            if best.is_none_or(|(l, _)| len < l) {
                best = Some((len, k));
            }
        }
        let Some((_, k)) = best else { return whole };
        let stretch = Interval {
            start: starts[k],
            end: span.end.max(starts[k + need - 1]),
        };
        // Not worth a narrower view when it saves little.
        if stretch.len_days() * 10 > span.len_days() * 7 {
            return whole;
        }
        Self::around(stretch)
    }

    /// The days shown.
    pub fn interval(&self) -> Interval {
        Interval {
            start: self.start,
            end: self.end,
        }
    }

    pub(super) fn days(&self) -> f64 {
        (self.end - self.start).num_days().max(1) as f64
    }

    /// The x of the start of `day` in `rect`.
    pub fn x_for(&self, rect: Rect, day: NaiveDate) -> f32 {
        let d = (day - self.start).num_days() as f64;
        rect.left() + (d / self.days()) as f32 * rect.width()
    }

    /// The day at `x` in `rect`.
    pub fn day_at(&self, rect: Rect, x: f32) -> NaiveDate {
        let d = ((x - rect.left()) / rect.width().max(1.0)) as f64 * self.days();
        let d = d.floor().clamp(0.0, self.days());
        self.start
            .checked_add_days(Days::new(d as u64))
            .unwrap_or(self.end)
    }

    /// Zooms by `factor` (< 1 zooms in) keeping the day at `x` in place, within `limits`.
    pub fn zoom_about(&mut self, rect: Rect, x: f32, factor: f64, limits: TimelineView) {
        let frac = f64::from(((x - rect.left()) / rect.width().max(1.0)).clamp(0.0, 1.0));
        let anchor = self.start.num_days_from_ce() as f64 + frac * self.days();
        let max_days = (limits.end - limits.start).num_days() as f64;
        let days = (self.days() * factor).clamp(MIN_SPAN_DAYS as f64, max_days.max(MIN_SPAN_DAYS as f64));
        let start = (anchor - frac * days).round() as i32;
        self.set(start, days as i32, limits);
    }

    /// Moves by a fraction of its width, within `limits`.
    pub fn pan(&mut self, fraction: f64, limits: TimelineView) {
        let days = self.days() as i32;
        let start = self.start.num_days_from_ce() + (fraction * f64::from(days)).round() as i32;
        self.set(start, days, limits);
    }

    /// Keeps its width and centres `day`, within `limits`.
    pub fn center_on(&mut self, day: NaiveDate, limits: TimelineView) {
        let days = self.days() as i32;
        self.set(day.num_days_from_ce() - days / 2, days, limits);
    }

    /// Zooms by `factor` with `day` in the middle, within `limits`.
    pub fn focus(&mut self, day: NaiveDate, factor: f64, limits: TimelineView) {
        let max_days = (limits.end - limits.start).num_days() as f64;
        let days =
            (self.days() * factor).clamp(MIN_SPAN_DAYS as f64, max_days.max(MIN_SPAN_DAYS as f64)) as i32;
        self.set(day.num_days_from_ce() - days / 2, days, limits);
    }

    /// Pans (without zooming) so that `day` is in view.
    pub fn reveal(&mut self, day: NaiveDate, limits: TimelineView) {
        if day < self.start || day > self.end {
            self.center_on(day, limits);
        }
    }

    fn set(&mut self, start: i32, days: i32, limits: TimelineView) {
        let lo = limits.start.num_days_from_ce();
        let hi = limits.end.num_days_from_ce();
        let start = start.clamp(lo, (hi - days).max(lo));
        let from = |n: i32| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(limits.start);
        self.start = from(start);
        self.end = from((start + days).min(hi.max(start + 1)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_article_opens_on_2020_to_2022_not_1991() {
        let starts = [
            d(1991, 1, 1),
            d(2020, 1, 1),
            d(2020, 1, 1),
            d(2020, 1, 1),
            d(2022, 5, 1),
            d(2022, 9, 1),
            d(2022, 10, 29),
            d(2022, 11, 6),
            d(2022, 11, 7),
            d(2022, 11, 7),
        ];
        let span = Interval::new(d(1991, 1, 1), d(2022, 11, 8)).unwrap();
        let v = TimelineView::densest(&starts, span);
        assert!(v.start > d(2019, 6, 1) && v.start <= d(2020, 1, 1), "{v:?}");
        assert!(v.end >= d(2022, 11, 8));
    }

    #[test]
    fn evenly_spread_events_open_on_the_whole_span() {
        let starts: Vec<NaiveDate> = (0..20).map(|k| d(2000 + k, 6, 1)).collect();
        let span = Interval::new(d(2000, 6, 1), d(2019, 6, 1)).unwrap();
        assert_eq!(TimelineView::densest(&starts, span), TimelineView::around(span));
    }

    #[test]
    fn zoom_keeps_the_day_under_the_pointer() {
        let limits = TimelineView {
            start: d(2000, 1, 1),
            end: d(2010, 1, 1),
        };
        let mut v = limits;
        let rect = Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1000.0, 50.0));
        let under = v.day_at(rect, 250.0);
        v.zoom_about(rect, 250.0, 0.5, limits);
        assert!((v.day_at(rect, 250.0) - under).num_days().abs() <= 2);
        assert!((v.days() - limits.days() / 2.0).abs() < 2.0);
    }
}
