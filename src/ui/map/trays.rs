//! Events outside the view, gathered by place into chips at the map's edge,
//! each pointing toward its place: the map says that something happened
//! off screen and where to look.

use super::places::Places;
use super::projector::Projector;
use crate::model::{Atlas, Catalog};
use crate::ui::state::AppState;
use crate::ui::style::{Palette, event_color};
use egui::{Align2, FontId, Painter, Pos2, Rect, Stroke, Vec2, vec2};
use std::sync::Arc;

/// At most this many chips; the places with fewest events share the last.
pub const MAX_CHIPS: usize = 8;
/// The height of a chip, in points.
const CHIP_HEIGHT: f32 = 22.0;

/// A chip at the map's edge for events outside the view.
#[derive(Clone, Debug)]
pub struct TrayChip {
    pub place: String,
    /// The events there, by date within each place.
    pub events: Arc<[u32]>,
    pub rect: Rect,
    /// Unit vector from the map's centre toward the place.
    pub direction: Vec2,
}

/// Whether a world point lies inside the projector's view.
pub fn in_view(p: &Projector, w: [f32; 2]) -> bool {
    p.screen().contains(p.world_to_screen(w))
}

/// Chips for the `places` outside the view, at most [`MAX_CHIPS`] (the
/// busiest, then the rest as "N other places"; placed busiest first, then
/// by name), along the map's edge toward their places, clear of each other
/// and of `obstacles` (the legend, the zoom buttons).
pub fn chips(
    p: &Projector,
    (catalog, atlas): (&Catalog, &Atlas),
    places: &Places,
    obstacles: &[Rect],
) -> Vec<TrayChip> {
    // Each place projected once: both passes below read these.
    let outside: Vec<bool> = (0..places.len())
        .map(|k| !in_view(p, places.world(catalog, k)))
        .collect();
    // The busiest names (of equally busy ones, those met first), kept in
    // order while the names go by: a million names are neither stored,
    // sorted nor read.
    let mut best: Vec<Group> = Vec::with_capacity(MAX_CHIPS + 1);
    let mut names = 0usize;
    let mut count = 0usize;
    let mut weighted = [0.0f64; 2];
    for range in places.by_name() {
        let Some(group) = Group::outside(places, catalog, range, &outside) else {
            continue;
        };
        names += 1;
        count += group.count;
        weighted = group.add_weighted(weighted, 1.0);
        let at = best.partition_point(|b| b.count >= group.count);
        if at < MAX_CHIPS {
            best.insert(at, group);
            best.truncate(MAX_CHIPS);
        }
    }
    // Past the limit, the names not among the busiest share the last chip.
    let mut rest = None;
    if names > MAX_CHIPS {
        best.truncate(MAX_CHIPS - 1);
        let mut rest_count = count;
        for group in &best {
            rest_count -= group.count;
            weighted = group.add_weighted(weighted, -1.0);
        }
        let named: Vec<usize> = best.iter().map(|g| g.places.start).collect();
        let others = places.by_name().filter(|r| !named.contains(&r.start));
        let events = events_outside(places, others, &outside, rest_count);
        let share = 1.0 / rest_count.max(1) as f64;
        let world = [(weighted[0] * share) as f32, (weighted[1] * share) as f32];
        let name = format!("{} other places", names - (MAX_CHIPS - 1));
        rest = Some((name, events, world));
    }
    // Placed busiest first, then by name; the shared chip last.
    let mut best: Vec<(&str, Group)> = best
        .into_iter()
        .map(|g| (places.name(catalog, atlas, g.places.start), g))
        .collect();
    best.sort_by(|(a_name, a), (b_name, b)| b.count.cmp(&a.count).then_with(|| a_name.cmp(b_name)));
    let shown = best
        .iter()
        .map(|(name, g)| {
            let events = events_outside(places, [g.places.clone()].into_iter(), &outside, g.count);
            (name.to_string(), events, g.world)
        })
        .chain(rest);
    let mut placed: Vec<TrayChip> = Vec::new();
    for (name, events, world) in shown {
        let direction = (p.world_to_screen(world) - p.screen().center()).normalized();
        let size = vec2(16.0 + 7.5 * (name.chars().count() as f32 + 4.0), CHIP_HEIGHT);
        let taken: Vec<Rect> = obstacles
            .iter()
            .copied()
            .chain(placed.iter().map(|c| c.rect))
            .collect();
        if let Some(rect) = free_spot(p.screen(), direction, size, &taken) {
            placed.push(TrayChip {
                place: name,
                events: events.into(),
                rect,
                direction,
            });
        }
    }
    placed
}

/// One name's places outside the view, as a chip shows them.
struct Group {
    /// The name's places (numbers in [`Places`]), in the view or not.
    places: std::ops::Range<usize>,
    /// The events at those outside the view.
    count: usize,
    /// Where the chip points: the place with most events outside the view.
    world: [f32; 2],
}

impl Group {
    /// The name's places in `range` that are `outside` the view (by place
    /// number), if any.
    fn outside(
        places: &Places,
        catalog: &Catalog,
        range: std::ops::Range<usize>,
        outside: &[bool],
    ) -> Option<Self> {
        let mut count = 0;
        let mut largest = None;
        for k in range.clone().filter(|&k| outside.get(k) == Some(&true)) {
            let n = places.events(k).len();
            count += n;
            if largest.is_none_or(|(_, m)| n > m) {
                largest = Some((k, n));
            }
        }
        let (k, _) = largest?;
        Some(Self {
            places: range,
            count,
            world: places.world(catalog, k),
        })
    }

    /// `sum` plus (`sign` times) this group's point weighted by its events.
    fn add_weighted(&self, sum: [f64; 2], sign: f64) -> [f64; 2] {
        let w = sign * self.count as f64;
        [
            sum[0] + w * f64::from(self.world[0]),
            sum[1] + w * f64::from(self.world[1]),
        ]
    }
}

/// The events at the places in `ranges` (numbers in [`Places`]) that are
/// `outside` the view, place after place, each place's by date; `count` of
/// them.
fn events_outside(
    places: &Places,
    ranges: impl Iterator<Item = std::ops::Range<usize>>,
    outside: &[bool],
    count: usize,
) -> Vec<u32> {
    let mut events = Vec::with_capacity(count);
    for k in ranges.flatten().filter(|&k| outside.get(k) == Some(&true)) {
        events.extend_from_slice(places.events(k));
    }
    events
}

/// Where a chip of `size` goes at the edge of `screen` toward `direction`:
/// where the ray from the centre leaves the screen, or the nearest free spot
/// along the edges from there.
fn free_spot(screen: Rect, direction: Vec2, size: Vec2, taken: &[Rect]) -> Option<Rect> {
    let inner = screen.shrink2(size / 2.0 + vec2(8.0, 6.0));
    if inner.width() <= 0.0 || inner.height() <= 0.0 {
        return None;
    }
    let start = edge_point(inner, inner.center(), direction);
    // Points around the edge, nearest the start first.
    const STEP: f32 = 6.0;
    let along = |from: Pos2, to: Pos2| {
        let n = ((to - from).length() / STEP).ceil().max(1.0) as usize;
        (0..n).map(move |k| from + (to - from) * (k as f32 / n as f32))
    };
    let mut spots: Vec<Pos2> = along(inner.left_top(), inner.right_top())
        .chain(along(inner.right_top(), inner.right_bottom()))
        .chain(along(inner.right_bottom(), inner.left_bottom()))
        .chain(along(inner.left_bottom(), inner.left_top()))
        .collect();
    spots.sort_by(|a, b| a.distance_sq(start).total_cmp(&b.distance_sq(start)));
    spots
        .into_iter()
        .map(|at| Rect::from_center_size(at, size))
        .find(|r| screen.contains_rect(*r) && !taken.iter().any(|t| t.intersects(*r)))
}

/// Where a ray from `centre` along `direction` leaves `rect`.
pub fn edge_point(rect: Rect, centre: Pos2, direction: Vec2) -> Pos2 {
    let t = |d: f32, lo: f32, hi: f32, c: f32| {
        if d.abs() < 1e-6 {
            f32::INFINITY
        } else {
            (if d > 0.0 { hi } else { lo } - c) / d
        }
    };
    let tx = t(direction.x, rect.left(), rect.right(), centre.x);
    let ty = t(direction.y, rect.top(), rect.bottom(), centre.y);
    centre + direction * tx.min(ty).max(0.0)
}

/// Draws the chips: bright while one of their events is active, with the
/// place, the number of events and an arrow toward the place.
pub fn paint_chips(painter: &Painter, state: &AppState, chips: &[TrayChip], palette: &Palette) {
    for chip in chips {
        // A chip can hold most of a big import's events: plain lookups per
        // event here, no colours (this runs every frame).
        let any_active = chip.events.iter().any(|&i| state.is_active(i as usize));
        let focus = [state.selected_event, state.hovered_event]
            .into_iter()
            .flatten()
            .any(|s| u32::try_from(s).is_ok_and(|s| chip.events.contains(&s)));
        let base = chip
            .events
            .first()
            .map_or(palette.faded, |&i| event_color(state, i as usize));
        let fill = if any_active {
            base
        } else {
            base.gamma_multiply(0.3)
        };
        let stroke = Stroke::new(
            if focus { 3.0 } else { 1.0 },
            if focus { palette.selection } else { palette.halo },
        );
        painter.rect(chip.rect, 6.0, fill, stroke, egui::StrokeKind::Inside);
        let text = format!("{} · {}", chip.place, chip.events.len());
        let text_color = if any_active {
            egui::Color32::WHITE
        } else {
            palette.text
        };
        painter.text(
            chip.rect.center(),
            Align2::CENTER_CENTER,
            text,
            FontId::proportional(12.0),
            text_color,
        );
        let start = edge_point(chip.rect, chip.rect.center(), chip.direction);
        painter.arrow(
            start,
            chip.direction * 16.0,
            Stroke::new(2.0, fill.gamma_multiply(1.5)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::map::places::test_support::{gathered, titles};
    use crate::ui::map::projector::MapView;
    use egui::pos2;

    fn projector() -> Projector {
        let view = MapView {
            center_lon: 45.5,
            center_lat: 40.0,
            points_per_deg: 100.0,
        };
        Projector::new(&view, Rect::from_min_size(Pos2::ZERO, vec2(900.0, 600.0)))
    }

    #[test]
    fn only_places_outside_the_view_get_chips_pointing_toward_them() {
        let p = projector();
        let (catalog, atlas, places) = gathered(&[
            ("Washington", [-77.0, 38.9], 2),
            ("Moscow", [37.6, 55.75], 1),
            ("Goris", [46.34, 39.51], 1),
        ]);
        let chips = chips(&p, (&catalog, &atlas), &places, &[]);
        let names: Vec<&str> = chips.iter().map(|c| c.place.as_str()).collect();
        assert_eq!(names, ["Washington", "Moscow"], "the busiest first");
        let washington = &chips[0];
        assert_eq!(washington.events.len(), 2);
        assert!(washington.direction.x < -0.9, "west");
        assert!(washington.rect.left() < 60.0, "at the left edge");
        let moscow = &chips[1];
        assert!(moscow.direction.y < 0.0, "north");
    }

    #[test]
    fn a_name_partly_in_view_counts_and_points_to_the_part_outside() {
        let p = projector();
        // One name at a town in view (two events) and far to the west (one).
        let (catalog, atlas, places) = gathered(&[
            ("Springfield", [46.0, 40.0], 2),
            ("Springfield", [-89.6, 39.8], 1),
        ]);
        let chips = chips(&p, (&catalog, &atlas), &places, &[]);
        assert_eq!(chips.len(), 1);
        assert_eq!(titles(&catalog, &chips[0].events), ["Springfield 0"]);
        assert!(chips[0].direction.x < -0.9, "west, not toward the part in view");
    }

    #[test]
    fn chips_keep_clear_of_the_overlays_and_each_other() {
        let p = projector();
        // Many places to the south-west, where the legend sits.
        let towns: Vec<(String, [f64; 2], usize)> = (0..6)
            .map(|k| (format!("Town {k}"), [30.0 - k as f64, 20.0 - k as f64], 1))
            .collect();
        let towns: Vec<(&str, [f64; 2], usize)> =
            towns.iter().map(|(n, w, c)| (n.as_str(), *w, *c)).collect();
        let (catalog, atlas, places) = gathered(&towns);
        let legend = Rect::from_min_max(pos2(0.0, 450.0), pos2(340.0, 600.0));
        let chips = chips(&p, (&catalog, &atlas), &places, &[legend]);
        assert_eq!(chips.len(), 6);
        for (k, a) in chips.iter().enumerate() {
            assert!(!a.rect.intersects(legend), "{} under the legend", a.place);
            assert!(p.screen().contains_rect(a.rect));
            for b in &chips[k + 1..] {
                assert!(!a.rect.intersects(b.rect), "{} on {}", a.place, b.place);
            }
        }
    }

    #[test]
    fn a_chip_each_up_to_the_limit_and_one_shared_just_past_it() {
        let p = projector();
        for (count, want_shared) in [(MAX_CHIPS, None), (MAX_CHIPS + 1, Some("2 other places"))] {
            let names: Vec<String> = (0..count).map(|k| format!("Q{k}")).collect();
            let spread: Vec<(&str, [f64; 2], usize)> = names
                .iter()
                .enumerate()
                .map(|(k, n)| (n.as_str(), [-100.0 + 10.0 * k as f64, -30.0], 1))
                .collect();
            let (catalog, atlas, places) = gathered(&spread);
            let chips = chips(&p, (&catalog, &atlas), &places, &[]);
            assert_eq!(chips.len(), MAX_CHIPS, "{count} names");
            let shared = chips.iter().find(|c| c.place.ends_with("other places"));
            assert_eq!(shared.map(|c| c.place.as_str()), want_shared);
            assert_eq!(chips.iter().map(|c| c.events.len()).sum::<usize>(), count);
        }
    }

    #[test]
    fn past_the_limit_the_quietest_places_share_a_chip() {
        let p = projector();
        let names: Vec<String> = (0..12).map(|k| format!("P{k}")).collect();
        let spread: Vec<(&str, [f64; 2], usize)> = names
            .iter()
            .enumerate()
            .map(|(k, n)| (n.as_str(), [-100.0 + 10.0 * k as f64, -30.0], k + 1))
            .collect();
        let (catalog, atlas, places) = gathered(&spread);
        let chips = chips(&p, (&catalog, &atlas), &places, &[]);
        assert_eq!(chips.len(), MAX_CHIPS);
        let named: Vec<&str> = chips
            .iter()
            .take(MAX_CHIPS - 1)
            .map(|c| c.place.as_str())
            .collect();
        assert_eq!(named, ["P11", "P10", "P9", "P8", "P7", "P6", "P5"]);
        let other = chips.iter().find(|c| c.place == "5 other places").unwrap();
        assert_eq!(other.events.len(), 1 + 2 + 3 + 4 + 5);
        // Pointing at their events' weighted middle: P0..P4 at -100..-60.
        let middle = (-100.0 * 1.0 - 90.0 * 2.0 - 80.0 * 3.0 - 70.0 * 4.0 - 60.0 * 5.0) / 15.0;
        let toward = p.world_to_screen(Projector::world(middle, -30.0)) - p.screen().center();
        assert!((other.direction - toward.normalized()).length() < 1e-3);
    }

    #[test]
    fn of_equally_busy_places_those_met_first_get_chips_shown_by_name() {
        let p = projector();
        let names: Vec<String> = (0..10).rev().map(|k| format!("T{k}")).collect();
        let spread: Vec<(&str, [f64; 2], usize)> =
            names.iter().map(|n| (n.as_str(), [-100.0, -30.0], 1)).collect();
        let (catalog, atlas, places) = gathered(&spread);
        let chips = chips(&p, (&catalog, &atlas), &places, &[]);
        let named: Vec<&str> = chips.iter().map(|c| c.place.as_str()).collect();
        assert_eq!(
            named,
            ["T3", "T4", "T5", "T6", "T7", "T8", "T9", "3 other places"]
        );
    }
}
