//! The chart under the track: killed (or events) per day, week, month or
//! year over the timeline's days, drawn with egui_plot. It follows the
//! filter and the selected region, shows the day as a line, and a click or
//! drag in it moves the day; the wheel zooms the timeline it shares.
//!
//! Per-day totals are made once per data, filter, region and grouping
//! ([`DaySeries`]); the bins once per view; a frame only turns the bins
//! into plot items.

use super::view::TimelineView;
use crate::model::Interval;
use crate::model::series::{Bin, BinUnit, DaySeries, Grouping};
use crate::ui::command::Command;
use crate::ui::state::AppState;
use crate::ui::style::{dataset_color, kind_color};
use chrono::{Datelike, NaiveDate};
use egui::{Color32, Rect, Role, Ui, WidgetInfo};
use egui_plot::{Bar, BarChart, GridMark, Legend, Line, Plot, PlotPoint, PlotPoints, Text, VLine};
use std::sync::Arc;

/// What the chart counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Measure {
    /// Deaths: the low bound solid, up to the high bound lighter.
    #[default]
    Killed,
    /// Events, as lines.
    Events,
}

/// The least width of a bin, in points.
const MIN_BIN_POINTS: f32 = 6.0;
const KILLED: Color32 = Color32::from_rgb(200, 40, 40);
/// The span from the low bound up to the high one: the killed colour, light.
const HIGH: Color32 = Color32::from_rgba_premultiplied(60, 12, 12, 76);

/// What the series was made from: the data and filter, the region, the grouping.
type SeriesKey = (u64, Option<String>, Grouping);

/// The chart's own state: what it shows, and its caches.
#[derive(Default)]
pub struct ChartPanel {
    pub measure: Measure,
    /// How bars are stacked; by dataset when several are loaded, unless chosen.
    pub grouping: Option<Grouping>,
    /// The bins' width; chosen for the zoom unless set.
    pub bin_unit: Option<BinUnit>,
    series: Option<(SeriesKey, Arc<DaySeries>)>,
    bins: Option<BinsCache>,
    /// The plot's area last frame (the track above lines up with it).
    frame: Option<Rect>,
}

/// The bins for one view.
struct BinsCache {
    key: (SeriesKey, TimelineView, BinUnit, bool),
    bins: Vec<Bin>,
    unit: BinUnit,
}

impl ChartPanel {
    /// The plot's area as last drawn.
    pub fn frame(&self) -> Option<Rect> {
        self.frame
    }

    /// The bins as last drawn, and their width.
    pub fn bins(&self) -> Option<(&[Bin], BinUnit)> {
        self.bins.as_ref().map(|b| (b.bins.as_slice(), b.unit))
    }

    /// The groups of the bars as last drawn.
    pub fn groups(&self) -> &[String] {
        self.series.as_ref().map_or(&[], |(_, s)| s.groups.as_slice())
    }

    /// The x of the start of `day` in the plot as last drawn.
    pub fn x_for(&self, view: &TimelineView, day: NaiveDate) -> Option<f32> {
        self.frame.map(|f| view.x_for(f, day))
    }

    fn grouping_for(&self, state: &AppState) -> Grouping {
        self.grouping.unwrap_or(if state.catalog().datasets().len() > 1 {
            Grouping::Dataset
        } else {
            Grouping::None
        })
    }

    /// Brings the series and bins up to date for `view` at `width` points.
    fn update(&mut self, state: &AppState, view: &TimelineView, width: f32) {
        let grouping = self.grouping_for(state);
        let key: SeriesKey = (
            state.generation(),
            state.selected_region().map(str::to_string),
            grouping,
        );
        if self.series.as_ref().is_none_or(|(k, _)| *k != key) {
            let series = DaySeries::new(state.catalog(), state.listed_dated(), grouping);
            self.series = Some((key.clone(), Arc::new(series)));
        }
        let (days, width) = (view.days(), f64::from(width));
        // A chosen width, unless its bins would be under a point wide.
        let unit = match self.bin_unit {
            Some(unit) => unit.max(BinUnit::for_view(days, width, 1.0)),
            None => BinUnit::for_view(days, width, f64::from(MIN_BIN_POINTS)),
        };
        let bins_key = (key, *view, unit, state.cumulative());
        if self.bins.as_ref().is_none_or(|b| b.key != bins_key) {
            let Some((_, series)) = &self.series else { return };
            let bins = series.bins(view.interval(), unit, state.cumulative());
            self.bins = Some(BinsCache {
                key: bins_key,
                bins,
                unit,
            });
        }
    }
}

/// The day number the plot's x axis counts in.
fn x_of(day: NaiveDate) -> f64 {
    f64::from(day.num_days_from_ce())
}

fn day_of(x: f64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(x.floor() as i32)
}

/// Draws the chart's header and plot; queues a day the user picked.
pub fn chart_ui(
    ui: &mut Ui,
    chart: &mut ChartPanel,
    state: &AppState,
    view: &mut TimelineView,
    commands: &mut Vec<Command>,
) {
    header_ui(ui, chart, state);
    let width = chart.frame.map_or(ui.available_width() - 60.0, |f| f.width());
    chart.update(state, view, width.max(50.0));
    let Some(cache) = &chart.bins else { return };
    let groups = chart.groups().to_vec();
    let grouping = chart.grouping_for(state);
    let measure = chart.measure;
    let cumulative = state.cumulative();
    let ticks = super::axis::ticks(view, width);
    let (x0, x1) = (x_of(view.start), x_of(view.end));
    let y_max = cache
        .bins
        .iter()
        .map(|b| match measure {
            Measure::Killed => b.total_high(),
            Measure::Events => b.events.iter().copied().fold(0.0, f64::max),
        })
        .fold(0.0, f64::max)
        .max(1.0);
    let day = state.day();
    let cursor = ui.visuals().selection.bg_fill;
    let text_color = ui.visuals().text_color();
    let mut plot = Plot::new("casualties chart");
    // The header says what the colours are; a legend only tells groups apart.
    if groups.len() > 1 {
        plot = plot.legend(Legend::default().position(egui_plot::Corner::LeftTop));
    }
    let response = plot
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .show_axes([false, true])
        .y_axis_min_width(44.0)
        .y_axis_formatter(|mark, _| thousands(mark.value))
        .x_grid_spacer(move |_| {
            ticks
                .iter()
                .map(|t| GridMark {
                    value: x_of(t.day),
                    step_size: if t.major { 365.0 } else { 30.0 },
                })
                .collect()
        })
        .show(ui, |plot_ui| {
            plot_ui.set_plot_bounds_x(x0..=x1);
            plot_ui.set_plot_bounds_y(0.0..=y_max * 1.2);
            match measure {
                Measure::Killed => {
                    for chart in killed_charts(&cache.bins, &groups, grouping) {
                        plot_ui.bar_chart(chart);
                    }
                    for bin in open_marks(&cache.bins) {
                        let x = (x_of(bin.start) + x_of(bin.end) + 1.0) / 2.0;
                        plot_ui.text(
                            Text::new("", PlotPoint::new(x, bin.total_high()), "+")
                                .anchor(egui::Align2::CENTER_BOTTOM)
                                .color(text_color)
                                .allow_hover(false),
                        );
                    }
                }
                Measure::Events => {
                    for (k, name) in groups.iter().enumerate() {
                        let points: Vec<[f64; 2]> = cache
                            .bins
                            .iter()
                            .map(|b| {
                                let x = (x_of(b.start) + x_of(b.end) + 1.0) / 2.0;
                                [x, b.events.get(k).copied().unwrap_or(0.0)]
                            })
                            .collect();
                        plot_ui.line(
                            Line::new(name.clone(), PlotPoints::from(points))
                                .color(group_color(grouping, k, name))
                                .width(2.0)
                                .allow_hover(false),
                        );
                    }
                }
            }
            plot_ui.vline(
                VLine::new("", x_of(day))
                    .color(cursor)
                    .width(2.0)
                    .allow_hover(false),
            );
            let picked = plot_ui.response().clicked() || plot_ui.response().dragged();
            picked
                .then(|| plot_ui.pointer_coordinate())
                .flatten()
                .and_then(|p| day_of(p.x))
        });
    let frame = *response.transform.frame();
    chart.frame = Some(frame);
    if let Some(day) = response.inner {
        commands.push(Command::SetDay(day));
    }
    let plot = response.response;
    plot.widget_info(|| WidgetInfo::labeled(Role::Figure, true, "Chart of killed and events"));
    super::wheel_ui(ui, &plot, frame, view, state);
    if let Some(pointer) = plot.hover_pos()
        && frame.contains(pointer)
    {
        let x = response.transform.value_from_position(pointer).x;
        let bin = day_of(x).and_then(|d| cache.bins.iter().find(|b| b.start <= d && d <= b.end));
        if let Some(bin) = bin {
            let bin = bin.clone();
            plot.on_hover_ui_at_pointer(|ui| {
                bin_tooltip_ui(ui, state, &bin, cache.unit, &groups, cumulative)
            });
        }
    }
}

fn header_ui(ui: &mut Ui, chart: &mut ChartPanel, state: &AppState) {
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(&mut chart.measure, Measure::Killed, "Killed")
            .on_hover_text("Deaths per bin");
        ui.selectable_value(&mut chart.measure, Measure::Events, "Event counts")
            .on_hover_text("Events per bin");
        let mut grouping = chart.grouping_for(state);
        let name = |g: Grouping| match g {
            Grouping::None => "all together",
            Grouping::Dataset => "by dataset",
            Grouping::Kind => "by kind",
        };
        let label = ui.label("Stack");
        egui::ComboBox::from_id_salt("chart stack")
            .selected_text(name(grouping))
            .show_ui(ui, |ui| {
                for g in [Grouping::None, Grouping::Dataset, Grouping::Kind] {
                    ui.selectable_value(&mut grouping, g, name(g));
                }
            })
            .response
            .labelled_by(label.id);
        if grouping != chart.grouping_for(state) {
            chart.grouping = Some(grouping);
        }
        let auto = chart
            .bins
            .as_ref()
            .filter(|_| chart.bin_unit.is_none())
            .map(|b| b.unit);
        let bin_name = |u: Option<BinUnit>| match u {
            Some(u) => u.label().to_string(),
            None => format!("{} (auto)", auto.map_or("", BinUnit::label)),
        };
        let bars_label = ui.label("Bars");
        egui::ComboBox::from_id_salt("chart bars")
            .selected_text(bin_name(chart.bin_unit))
            .show_ui(ui, |ui| {
                for u in [
                    None,
                    Some(BinUnit::Day),
                    Some(BinUnit::Week),
                    Some(BinUnit::Month),
                    Some(BinUnit::Year),
                ] {
                    ui.selectable_value(&mut chart.bin_unit, u, bin_name(u));
                }
            })
            .response
            .labelled_by(bars_label.id)
            .on_hover_text("How wide a bar is: chosen for the zoom, or fixed");
        let how = match (chart.measure, state.cumulative()) {
            (Measure::Killed, false) => {
                "solid: low bound · light: up to the high bound · +: open-ended (\"at least\")"
            }
            (Measure::Killed, true) => "running totals · solid: low bound · light: up to the high bound",
            (Measure::Events, false) => "events per bin",
            (Measure::Events, true) => "running total of events",
        };
        ui.label(egui::RichText::new(how).small()).on_hover_text(
            "An event known only to the month or the year counts a share on each of its days, \
                 never all of it on the first: its deaths spread over the bins it spans.",
        );
        ui.label(
            egui::RichText::new("dates known to a month or year spread over it")
                .small()
                .weak(),
        );
    });
}

/// The bins that get a "+" for an open-ended toll: in each run of bins with
/// one, the tallest (a "+" over every week of a year-long "more than 6,500"
/// would hide the bars).
fn open_marks(bins: &[Bin]) -> Vec<&Bin> {
    let mut marks: Vec<&Bin> = Vec::new();
    let mut in_run = false;
    for bin in bins {
        if bin.open <= 0.0 {
            in_run = false;
            continue;
        }
        match marks.last_mut() {
            Some(last) if in_run => {
                if bin.total_high() > last.total_high() {
                    *last = bin;
                }
            }
            _ => marks.push(bin),
        }
        in_run = true;
    }
    marks
}

/// The stacked bars of deaths: each group's low bound, then the span up to
/// the high bound on top, lighter.
fn killed_charts(bins: &[Bin], groups: &[String], grouping: Grouping) -> Vec<BarChart> {
    let mut charts: Vec<BarChart> = Vec::new();
    // Solid fills without outlines: outlines of narrow bars read as hatching.
    let bar = |b: &Bin, h: f64, fill: Color32| {
        let len = (b.end - b.start).num_days() as f64 + 1.0;
        Bar::new((x_of(b.start) + x_of(b.end) + 1.0) / 2.0, h)
            .width(len * 0.86)
            .fill(fill)
            .stroke(egui::Stroke::NONE)
    };
    for (k, name) in groups.iter().enumerate() {
        let color = group_color(grouping, k, name);
        let bars = bins
            .iter()
            .map(|b| bar(b, b.low.get(k).copied().unwrap_or(0.0), color))
            .collect();
        let label = if groups.len() > 1 {
            format!("{name} (low bound)")
        } else {
            "killed (low bound)".into()
        };
        let below: Vec<&BarChart> = charts.iter().collect();
        let chart = BarChart::new(label, bars)
            .color(color)
            .allow_hover(false)
            .stack_on(&below);
        charts.push(chart);
    }
    let spread = bins
        .iter()
        .map(|b| bar(b, (b.total_high() - b.total_low()).max(0.0), HIGH))
        .collect();
    let below: Vec<&BarChart> = charts.iter().collect();
    let high = BarChart::new("up to the high bound", spread)
        .color(HIGH)
        .allow_hover(false)
        .stack_on(&below);
    charts.push(high);
    charts
}

fn group_color(grouping: Grouping, k: usize, name: &str) -> Color32 {
    match grouping {
        Grouping::None => KILLED,
        Grouping::Dataset => dataset_color(k),
        Grouping::Kind if name == "other" => Color32::GRAY,
        Grouping::Kind => kind_color(name),
    }
}

/// A bin's figures, and the events in it (the first few).
fn bin_tooltip_ui(
    ui: &mut Ui,
    state: &AppState,
    bin: &Bin,
    unit: BinUnit,
    groups: &[String],
    cumulative: bool,
) {
    /// Events named in the tooltip.
    const NAMED: usize = 6;
    let when = match unit {
        BinUnit::Day => bin.start.format("%-d %b %Y").to_string(),
        BinUnit::Week => format!("week of {}", bin.start.format("%-d %b %Y")),
        BinUnit::Month => bin.start.format("%B %Y").to_string(),
        BinUnit::Year => bin.start.format("%Y").to_string(),
    };
    ui.strong(if cumulative {
        format!("Up to the end of {when}")
    } else {
        when
    });
    let (low, high) = (bin.total_low(), bin.total_high());
    let killed = if bin.open > 0.0 {
        format!("killed: at least {}", thousands(low))
    } else if high > low + 0.5 {
        format!("killed: {} to {}", thousands(low), thousands(high))
    } else {
        format!("killed: {}", thousands(low))
    };
    ui.label(killed);
    ui.label(format!("events: {}", count_text(bin.total_events())));
    if groups.len() > 1 {
        for (k, name) in groups.iter().enumerate() {
            let low = bin.low.get(k).copied().unwrap_or(0.0);
            let events = bin.events.get(k).copied().unwrap_or(0.0);
            if low > 0.0 || events > 0.0 {
                ui.label(format!(
                    "{name}: {} killed, {} events",
                    thousands(low),
                    count_text(events)
                ));
            }
        }
    }
    if cumulative {
        return;
    }
    let Ok(range) = Interval::new(bin.start, bin.end) else {
        return;
    };
    let region = state.selected_region();
    let catalog = state.catalog();
    let mut inside: Vec<usize> = catalog
        .overlapping_unsorted(range)
        .filter(|&i| state.is_shown(i))
        .filter(|&i| region.is_none_or(|r| catalog.get(i).is_some_and(|e| e.concerns(r))))
        .take(NAMED + 1)
        .collect();
    let more = inside.len() > NAMED;
    inside.truncate(NAMED);
    for i in catalog.sorted_by_date(inside) {
        if let Some(e) = catalog.get(i) {
            let toll = e.casualty_text().map(|t| format!(" · {t}")).unwrap_or_default();
            ui.label(egui::RichText::new(format!("{}{toll}", e.title())).small());
        }
    }
    if more {
        ui.label(egui::RichText::new("and more").small().weak());
    }
    ui.label(
        egui::RichText::new("Tolls known only to a month or year count a share in each of its bins.")
            .small()
            .weak(),
    );
}

/// "6,500" (rounded to whole numbers).
pub fn thousands(value: f64) -> String {
    let n = value.round().max(0.0) as u64;
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whole counts as they are; shares of spread events with one decimal.
fn count_text(value: f64) -> String {
    if (value - value.round()).abs() < 0.05 {
        format!("{}", value.round())
    } else {
        format!("{value:.1} (events known to a month or year count a share)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(thousands(6500.0), "6,500");
        assert_eq!(thousands(280.4), "280");
        assert_eq!(thousands(1_234_567.0), "1,234,567");
        assert_eq!(count_text(3.0), "3");
    }

    #[test]
    fn one_plus_per_run_of_open_ended_bins() {
        let bin = |m: u32, low: f64, open: f64| Bin {
            start: NaiveDate::from_ymd_opt(2020, m, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2020, m, 28).unwrap(),
            low: vec![low],
            high: vec![low],
            events: vec![1.0],
            open,
        };
        let bins = [
            bin(1, 5.0, 1.0),
            bin(2, 9.0, 1.0),
            bin(3, 1.0, 0.0),
            bin(4, 2.0, 0.5),
        ];
        let marks: Vec<u32> = open_marks(&bins).iter().map(|b| b.start.month()).collect();
        assert_eq!(marks, [2, 4]);
    }
}
