//! The state the panels share: the day, the selection, playback. Plain data
//! with no egui, changed only through [`super::command::Command`]s.

use crate::model::{Atlas, Catalog, EventFilter, Interval, Sym, SymList};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How fast playback moves the day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlaySpeed {
    DayPerSec,
    WeekPerSec,
    #[default]
    MonthPerSec,
    YearPerSec,
}

impl PlaySpeed {
    /// Every speed, slowest first.
    pub const ALL: [PlaySpeed; 4] = [
        Self::DayPerSec,
        Self::WeekPerSec,
        Self::MonthPerSec,
        Self::YearPerSec,
    ];

    /// Days of the timeline per second of playback.
    pub fn days_per_sec(self) -> f64 {
        match self {
            Self::DayPerSec => 1.0,
            Self::WeekPerSec => 7.0,
            Self::MonthPerSec => 30.0,
            Self::YearPerSec => 365.0,
        }
    }

    /// The label in the speed menu.
    pub fn label(self) -> &'static str {
        match self {
            Self::DayPerSec => "1 day/s",
            Self::WeekPerSec => "1 week/s",
            Self::MonthPerSec => "1 month/s",
            Self::YearPerSec => "1 year/s",
        }
    }
}

/// The share of the data's span over which an event that has ended fades
/// in the cumulative mode.
pub const FADE_SHARE: f32 = 0.25;

/// What every panel reads.
///
/// The inputs (catalog, filter, day, selected region) change only through
/// methods, and each of them ends in [`AppState::derive`]: the one place that
/// recomputes what follows from them, so no entry point can forget a step.
#[derive(Debug)]
pub struct AppState {
    /// Shared with the loading threads, which place events on it.
    pub atlas: Arc<Atlas>,
    /// Shared with the loading threads, which add datasets to it off the UI
    /// thread (see `super::loader`). Replaced only by [`Self::set_catalog`].
    catalog: Arc<Catalog>,
    day: NaiveDate,
    selected_region: Option<String>,
    pub selected_event: Option<usize>,
    /// The event under the pointer in any panel (last frame's).
    pub hovered_event: Option<usize>,
    pub playing: bool,
    pub speed: PlaySpeed,
    /// Fractional days of playback not yet applied.
    play_carry_days: f64,
    filter: EventFilter,
    /// Whether every event up to the day counts as active (not only those
    /// whose interval holds it).
    cumulative: bool,
    /// Events the reader removed (by position), shown nowhere and not exported.
    removed: std::collections::BTreeSet<usize>,
    derived: Derived,
}

/// Which inputs changed since [`AppState::derive`] last ran.
#[derive(Clone, Copy, Debug, Default)]
struct Changed {
    catalog: bool,
    filter: bool,
    day: bool,
    region: bool,
}

impl Changed {
    const ALL: Self = Self {
        catalog: true,
        filter: true,
        day: true,
        region: true,
    };
}

/// Everything computed from (catalog, filter, day, selected region).
#[derive(Debug, Default)]
struct Derived {
    /// From the catalog: every event kind, sorted.
    kinds: Vec<String>,
    /// From the filter: whether each event passes it.
    passes: Vec<bool>,
    /// From `passes`: how many do.
    shown_count: usize,
    /// From `passes`: shown events per region id.
    region_counts: std::collections::HashMap<Sym, usize>,
    /// Changes whenever the catalog or the filter does, so caches know to refresh.
    generation: u64,
    /// From the day and `passes`: whether each event is active.
    active_flags: Vec<bool>,
    /// From the day and `passes`: the active events, by date.
    active: Vec<usize>,
    /// From the selected region and `passes`: the events the list shows, by
    /// date; `None` when that is every event (the catalog's date order,
    /// not a copy of ten million positions).
    listed: Option<Vec<u32>>,
}

impl AppState {
    /// State over the data, on `day` (clamped into the data's span; the last
    /// day of the data when `None`).
    pub fn new(atlas: Atlas, catalog: Catalog, day: Option<NaiveDate>) -> Self {
        let mut state = Self {
            atlas: Arc::new(atlas),
            catalog: Arc::new(catalog),
            day: NaiveDate::MIN,
            selected_region: None,
            selected_event: None,
            hovered_event: None,
            playing: false,
            speed: PlaySpeed::default(),
            play_carry_days: 0.0,
            filter: EventFilter::default(),
            cumulative: false,
            removed: Default::default(),
            derived: Derived::default(),
        };
        state.day = day.unwrap_or(state.span().end);
        state.derive(Changed::ALL);
        state
    }

    /// State over data shared with a window (a copy to render frames from on
    /// another thread), on `day`.
    pub fn from_shared(atlas: Arc<Atlas>, catalog: Arc<Catalog>, day: Option<NaiveDate>) -> Self {
        let mut state = Self::new(Atlas::default(), Catalog::default(), None);
        state.atlas = atlas;
        state.catalog = catalog;
        state.day = day.unwrap_or(state.span().end);
        state.derive(Changed::ALL);
        state
    }

    /// Recomputes what follows from the inputs that changed, in order: the
    /// kinds and the day's range (catalog), what passes the filter and the
    /// counts over it (catalog, filter), the active events (and the day),
    /// the listed ones (and the region).
    fn derive(&mut self, changed: Changed) {
        let Changed {
            catalog,
            filter,
            day,
            region,
        } = changed;
        let n = self.catalog.events().len();
        if catalog {
            self.derived.kinds = kinds_of(&self.catalog);
            self.derived.active_flags = vec![false; n];
            self.derived.active.clear();
            let span = self.span();
            self.day = self.day.clamp(span.start, span.end);
            if self.selected_event.is_some_and(|i| i >= n) {
                self.selected_event = None;
            }
        }
        if catalog || filter {
            self.derive_passes();
            if self.selected_event.is_some_and(|i| !self.is_shown(i)) {
                self.selected_event = None;
            }
        }
        if catalog || filter || day {
            self.derive_active();
        }
        if catalog || filter || region {
            self.derive_listed();
        }
    }

    fn derive_passes(&mut self) {
        let catalog = &self.catalog;
        let d = &mut self.derived;
        // No filter passes everything, without reading a million events.
        d.passes = if self.filter.is_empty() {
            vec![true; catalog.events().len()]
        } else {
            (0..catalog.events().len())
                .map(|i| self.filter.matches(catalog.event(i), catalog.dataset_of(i)))
                .collect()
        };
        for &i in &self.removed {
            if let Some(p) = d.passes.get_mut(i) {
                *p = false;
            }
        }
        d.shown_count = d.passes.iter().filter(|&&p| p).count();
        // Counted per shared region list first (a big import has a few hundred),
        // by address: hashing every event's region ids took 70 ms at 10^6.
        let mut per_list: foldhash::HashMap<usize, (&SymList, usize)> = Default::default();
        for (e, _) in catalog.events().zip(&d.passes).filter(|(_, p)| **p) {
            per_list
                .entry(e.regions().identity())
                .or_insert((e.regions(), 0))
                .1 += 1;
        }
        let mut counts: std::collections::HashMap<Sym, usize> = Default::default();
        for (list, n) in per_list.into_values() {
            for r in list {
                *counts.entry(r.clone()).or_default() += n;
            }
        }
        d.region_counts = counts;
        d.generation += 1;
    }

    fn derive_active(&mut self) {
        let d = &mut self.derived;
        for &i in &d.active {
            if let Some(flag) = d.active_flags.get_mut(i) {
                *flag = false;
            }
        }
        let passes = &d.passes;
        let catalog = &self.catalog;
        let day = self.day;
        d.active = if self.cumulative {
            // Every event begun by the day: a prefix of the date order.
            let by_date = catalog.by_date();
            let begun =
                by_date.partition_point(|&i| catalog.interval(i as usize).is_none_or(|iv| iv.start <= day));
            by_date[..begun]
                .iter()
                .map(|&i| i as usize)
                .filter(|&i| catalog.interval(i).is_some() && passes.get(i).copied().unwrap_or(false))
                .collect()
        } else {
            catalog
                .active_at(day)
                .into_iter()
                .filter(|&i| passes.get(i).copied().unwrap_or(false))
                .collect()
        };
        for &i in &d.active {
            if let Some(flag) = d.active_flags.get_mut(i) {
                *flag = true;
            }
        }
    }

    fn derive_listed(&mut self) {
        let (catalog, passes) = (&self.catalog, &self.derived.passes);
        let region = self.selected_region.as_deref();
        if region.is_none() && self.derived.shown_count == passes.len() {
            self.derived.listed = None;
            return;
        }
        self.derived.listed = Some(
            catalog
                .by_date()
                .iter()
                .copied()
                .filter(|&i| {
                    let i = i as usize;
                    passes[i] && region.is_none_or(|id| catalog.event(i).concerns(id))
                })
                .collect(),
        );
    }

    /// The days the timeline covers: the data's span (or the last year when empty).
    pub fn span(&self) -> Interval {
        self.catalog.span().unwrap_or_else(|| {
            let end = chrono::Utc::now().date_naive();
            Interval {
                start: end.checked_sub_days(Days::new(365)).unwrap_or(end),
                end,
            }
        })
    }

    /// The slider's day.
    pub fn day(&self) -> NaiveDate {
        self.day
    }

    /// Moves the slider (clamped to the span) and recomputes the active events.
    pub fn set_day(&mut self, day: NaiveDate) {
        let span = self.span();
        let day = day.clamp(span.start, span.end);
        if day == self.day {
            return;
        }
        self.day = day;
        self.derive(Changed {
            day: true,
            ..Changed::default()
        });
    }

    /// The events, with their indexes.
    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// The current filter.
    pub fn filter(&self) -> &EventFilter {
        &self.filter
    }

    /// Changes the filter; the list, the map and the timeline follow it.
    pub fn set_filter(&mut self, filter: EventFilter) {
        self.filter = filter;
        self.derive(Changed {
            filter: true,
            ..Changed::default()
        });
    }

    /// How many events pass the filter.
    pub fn shown_count(&self) -> usize {
        self.derived.shown_count
    }

    /// How many shown events concern the region.
    pub fn region_event_count(&self, id: &str) -> usize {
        self.derived.region_counts.get(id).copied().unwrap_or(0)
    }

    /// A number that changes whenever the events or the filter change.
    pub fn generation(&self) -> u64 {
        self.derived.generation
    }

    /// Every event kind in the data, sorted.
    pub fn kinds(&self) -> &[String] {
        &self.derived.kinds
    }

    /// Whether the event passes the filter (is shown at all).
    pub fn is_shown(&self, pos: usize) -> bool {
        self.derived.passes.get(pos).copied().unwrap_or(false)
    }

    /// Replaces the events (e.g. after a dataset was added); positions of
    /// events already loaded stay the same, so the selection is kept. In the
    /// window, only a finished load calls it, with the loading threads'
    /// newest catalog (see `super::loader::SharedData`): a catalog set any
    /// other way would be missing from the next load's.
    pub fn set_catalog(&mut self, catalog: Arc<Catalog>) {
        self.catalog = catalog;
        self.derive(Changed::ALL);
    }

    /// Removes the event at `pos` from every panel and export (`true`), or
    /// brings it back.
    pub fn set_removed(&mut self, pos: usize, removed: bool) {
        let changed = if removed {
            self.removed.insert(pos)
        } else {
            self.removed.remove(&pos)
        };
        if changed {
            self.derive(Changed {
                filter: true,
                ..Changed::default()
            });
        }
    }

    /// The positions of the events the reader removed.
    pub fn removed(&self) -> impl Iterator<Item = usize> + '_ {
        self.removed.iter().copied()
    }

    /// Brings back every removed event.
    pub fn restore_removed(&mut self) {
        if !self.removed.is_empty() {
            self.removed.clear();
            self.derive(Changed {
                filter: true,
                ..Changed::default()
            });
        }
    }

    /// How many events the reader removed.
    pub fn removed_count(&self) -> usize {
        self.removed.len()
    }

    /// Whether every event up to the day is shown as active.
    pub fn cumulative(&self) -> bool {
        self.cumulative
    }

    /// Shows every event up to the day (`true`), or only those active on it.
    pub fn set_cumulative(&mut self, on: bool) {
        if on != self.cumulative {
            self.cumulative = on;
            self.derive(Changed {
                day: true,
                ..Changed::default()
            });
        }
    }

    /// How strongly an active event is drawn: 1 while the day is within its
    /// interval; in the cumulative mode, less the longer ago it ended, down to
    /// a quarter after [`FADE_SHARE`] of the data's span.
    pub fn recency(&self, pos: usize) -> f32 {
        let Some(iv) = self.catalog.interval(pos) else {
            return 1.0;
        };
        if !self.cumulative || iv.end >= self.day {
            return 1.0;
        }
        let age = (self.day - iv.end).num_days() as f32;
        let fade_days = (self.span().len_days() as f32 * FADE_SHARE).max(30.0);
        1.0 - 0.75 * (age / fade_days).min(1.0)
    }

    /// Whether the event is active on the slider's day (and passes the filter);
    /// in the cumulative mode, whether it began by the day.
    pub fn is_active(&self, pos: usize) -> bool {
        self.derived.active_flags.get(pos).copied().unwrap_or(false)
    }

    /// The events active on the slider's day, by date.
    pub fn active(&self) -> &[usize] {
        &self.derived.active
    }

    /// The events the list shows (all, or the selected region's), by date.
    pub fn listed(&self) -> &[u32] {
        self.derived.listed.as_deref().unwrap_or(self.catalog.by_date())
    }

    /// The listed events with their intervals, by date: read in order from
    /// the catalog's runs when nothing narrows the list, looked up otherwise.
    pub fn listed_dated(&self) -> impl Iterator<Item = (usize, Interval)> + Clone + '_ {
        let catalog = &self.catalog;
        let (all, some) = match &self.derived.listed {
            None => (Some(catalog.dated()), None),
            Some(listed) => (
                None,
                Some(
                    listed
                        .iter()
                        .filter_map(|&i| Some((i as usize, catalog.interval(i as usize)?))),
                ),
            ),
        };
        all.into_iter().flatten().chain(some.into_iter().flatten())
    }

    /// The list row that belongs at the top on the slider's day: the first
    /// event starting on or after it, or before that the run of still-active
    /// events that started just before. (Not the first active event: one that
    /// began years ago would push the day's own events out of view.)
    pub fn list_row_for_day(&self) -> usize {
        /// How far back a run of active rows is followed.
        const MAX_BACK: usize = 50;
        let catalog = &self.catalog;
        let listed = self.listed();
        let mut row =
            listed.partition_point(|&j| catalog.interval(j as usize).is_some_and(|r| r.start < self.day));
        let stop = row.saturating_sub(MAX_BACK);
        while row > stop && self.is_active(listed[row - 1] as usize) {
            row -= 1;
        }
        row
    }

    /// The selected region's id, whose events the list shows.
    pub fn selected_region(&self) -> Option<&str> {
        self.selected_region.as_deref()
    }

    /// Selects a region (by id) and filters the list to its events.
    pub fn select_region(&mut self, region: Option<String>) {
        self.selected_region = region;
        self.derive(Changed {
            region: true,
            ..Changed::default()
        });
    }

    /// Selects an event and moves the slider into its interval (as little as possible).
    pub fn select_event(&mut self, pos: Option<usize>) {
        self.selected_event = pos.filter(|&p| p < self.catalog.events().len());
        if let Some(event) = self.selected_event.and_then(|p| self.catalog.get(p)) {
            let interval = event.time().interval();
            self.set_day(self.day.clamp(interval.start, interval.end));
        }
    }

    /// The event after (or before) the selected one in list order, or the
    /// first one starting after (before) the slider's day.
    pub fn neighbour_event(&self, forward: bool) -> Option<usize> {
        let list = self.listed();
        if let Some(k) = self
            .selected_event
            .and_then(|s| self.catalog.find_in_date_order(list, s))
        {
            let neighbour = if forward {
                list.get(k + 1)
            } else {
                k.checked_sub(1).and_then(|k| list.get(k))
            };
            return neighbour.map(|&i| i as usize);
        }
        let start = |i: usize| self.catalog.event(i).time().interval().start;
        let mut list = list.iter().map(|&i| i as usize);
        if forward {
            list.find(|&i| start(i) > self.day)
        } else {
            list.rev().find(|&i| start(i) < self.day)
        }
    }

    /// Steps to the next or previous event: selects it and moves the slider to its start.
    pub fn step_event(&mut self, forward: bool) {
        if let Some(next) = self.neighbour_event(forward) {
            self.selected_event = Some(next);
            self.set_day(self.catalog.event(next).time().interval().start);
        }
    }

    /// Moves the slider by whole days.
    pub fn step_days(&mut self, days: i64) {
        let moved = if days >= 0 {
            self.day.checked_add_days(Days::new(days.unsigned_abs()))
        } else {
            self.day.checked_sub_days(Days::new(days.unsigned_abs()))
        };
        if let Some(day) = moved {
            self.set_day(day);
        }
    }

    /// Advances playback by `dt_secs` of wall time; stops at the end of the span.
    pub fn advance_playback(&mut self, dt_secs: f64) {
        if !self.playing {
            return;
        }
        self.play_carry_days += dt_secs * self.speed.days_per_sec();
        let whole = self.play_carry_days.floor();
        self.play_carry_days -= whole;
        if whole >= 1.0 {
            self.step_days(whole as i64);
        }
        if self.day >= self.span().end {
            self.playing = false;
        }
    }

    /// Starts or stops playback; starting at the end starts over.
    pub fn set_playing(&mut self, playing: bool) {
        if playing && self.day >= self.span().end {
            self.set_day(self.span().start);
        }
        self.playing = playing;
        self.play_carry_days = 0.0;
    }
}

fn kinds_of(catalog: &Catalog) -> Vec<String> {
    // By address first (kinds are interned): sorting a million texts took 80 ms.
    let mut seen: foldhash::HashMap<usize, &str> = Default::default();
    for e in catalog.events() {
        seen.entry(e.kind().identity()).or_insert(e.kind().as_str());
    }
    let set: std::collections::BTreeSet<&str> = seen.into_values().collect();
    set.into_iter().map(str::to_string).collect()
}

#[cfg(test)]
mod tests;
