//! The date ticks along the timeline: years, or months when zoomed in. The
//! track paints them and the chart draws its grid on them, so the two line up.

use super::view::TimelineView;
use chrono::{Datelike, NaiveDate};

/// One tick on the time axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    pub day: NaiveDate,
    /// "2022", or "Sep" within a year.
    pub label: String,
    /// A year's start (a longer, stronger tick).
    pub major: bool,
}

/// The least room between two year ticks, in points.
const MIN_YEAR_GAP_POINTS: f64 = 40.0;

/// The ticks in `view` when it is `width_points` wide.
pub fn ticks(view: &TimelineView, width_points: f32) -> Vec<Tick> {
    let days = view.days();
    let px_per_year = f64::from(width_points) / (days / 365.25);
    let year_step = [1, 2, 5, 10, 20, 50]
        .into_iter()
        .find(|s| px_per_year * f64::from(*s) >= MIN_YEAR_GAP_POINTS)
        .unwrap_or(100);
    let months = px_per_year >= 12.0 * 28.0;
    let mut out = Vec::new();
    let mut tick = NaiveDate::from_ymd_opt(view.start.year(), 1, 1).unwrap_or(view.start);
    while tick <= view.end {
        if tick >= view.start {
            let major = tick.month() == 1;
            let label = if major {
                tick.year().to_string()
            } else {
                tick.format("%b").to_string()
            };
            out.push(Tick {
                day: tick,
                label,
                major,
            });
        }
        tick = if months {
            tick.checked_add_months(chrono::Months::new(1))
        } else {
            NaiveDate::from_ymd_opt((tick.year().div_euclid(year_step) + 1) * year_step, 1, 1)
        }
        .unwrap_or(NaiveDate::MAX);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn years_when_wide_months_when_zoomed_in() {
        let wide = TimelineView {
            start: d(1990, 6, 1),
            end: d(2022, 12, 1),
        };
        let t = ticks(&wide, 1000.0);
        assert!(t.iter().all(|t| t.major));
        // 31 points a year: a tick every second year, on even years.
        assert_eq!(t.first().map(|t| t.day), Some(d(1992, 1, 1)));
        assert_eq!(t.get(1).map(|t| t.day), Some(d(1994, 1, 1)));
        let year = TimelineView {
            start: d(2022, 1, 15),
            end: d(2022, 12, 31),
        };
        let t = ticks(&year, 1000.0);
        assert_eq!(t.first().map(|t| t.label.as_str()), Some("Feb"));
        assert_eq!(t.len(), 11);
    }
}
