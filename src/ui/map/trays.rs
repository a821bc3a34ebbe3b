//! Events outside the view, gathered by place into chips at the map's edge,
//! each pointing toward its place: the map says that something happened
//! off screen and where to look.

use super::projector::Projector;
use crate::model::{Atlas, Catalog};
use crate::ui::state::AppState;
use crate::ui::style::{Palette, event_color};
use egui::{Align2, FontId, Painter, Pos2, Rect, Stroke, Vec2, vec2};
use std::borrow::Cow;
use std::sync::Arc;

/// At most this many chips; the places with fewest events share the last.
pub const MAX_CHIPS: usize = 8;
/// The height of a chip, in points.
const CHIP_HEIGHT: f32 = 22.0;
/// Places are told apart by name and by this cell of the world (degrees):
/// one name spread over a country makes a chip per part.
const PLACE_CELL_DEG: f32 = 1.0;

/// Events at one place (by its name), wherever the view is.
#[derive(Clone, Debug)]
pub struct Place {
    pub name: String,
    /// By date.
    pub events: Arc<[usize]>,
    /// (lon, Mercator y) of its first event: where a chip points.
    pub world: [f32; 2],
}

/// A chip at the map's edge for events outside the view.
#[derive(Clone, Debug)]
pub struct TrayChip {
    pub place: String,
    /// The events there, by date within each place.
    pub events: Arc<[usize]>,
    pub rect: Rect,
    /// Unit vector from the map's centre toward the place.
    pub direction: Vec2,
}

/// What a place is called on a chip: the event's own place name, else the
/// name of the first region it concerns, else "elsewhere".
pub fn place_name<'a>(catalog: &'a Catalog, atlas: &'a Atlas, i: usize) -> &'a str {
    let Some(event) = catalog.get(i) else {
        return "elsewhere";
    };
    if let Some(place) = event.place() {
        return place;
    }
    event
        .regions()
        .iter()
        .find_map(|id| atlas.get(id).map(|r| r.name.as_str()))
        .unwrap_or("elsewhere")
}

/// The events `(position, world point)` gathered by place: places in the
/// order their first events are given, each place's events in date order.
/// (Given in position order, a million events' texts are read from memory
/// in the order they lie there, several times faster than in date order.)
pub fn group_by_place(
    catalog: &Catalog,
    atlas: &Atlas,
    events: impl IntoIterator<Item = (usize, [f32; 2])>,
) -> Vec<Place> {
    let cell = |w: [f32; 2]| {
        let k = |x: f32| (x / PLACE_CELL_DEG).floor() as i32;
        (k(w[0]), k(w[1]))
    };
    // Each (name, cell)'s place in `places`: hashed, not ordered by name (a
    // million places' names compared cost seconds).
    type Key<'a> = (&'a str, (i32, i32));
    let mut found: foldhash::HashMap<Key, usize> = foldhash::HashMap::default();
    let mut places: Vec<(&str, Vec<usize>, [f32; 2])> = Vec::new();
    for (i, w) in events {
        let name = place_name(catalog, atlas, i);
        let k = *found.entry((name, cell(w))).or_insert_with(|| {
            places.push((name, Vec::new(), w));
            places.len() - 1
        });
        if let Some(place) = places.get_mut(k) {
            place.1.push(i);
        }
    }
    let anchors = catalog.world_points();
    places
        .into_iter()
        .map(|(name, events, world)| {
            if events.len() < 2 {
                return Place {
                    name: name.to_string(),
                    events: events.into(),
                    world,
                };
            }
            // The place is drawn at its earliest event's point.
            let events = catalog.sorted_by_date(events);
            let world = events
                .first()
                .and_then(|&i| anchors.get(i))
                .copied()
                .unwrap_or(world);
            Place {
                name: name.to_string(),
                events: events.into(),
                world,
            }
        })
        .collect()
}

/// Whether a world point lies inside the projector's view.
pub fn in_view(p: &Projector, w: [f32; 2]) -> bool {
    p.screen().contains(p.world_to_screen(w))
}

/// Chips for the `places` outside the view, at most [`MAX_CHIPS`] (the
/// busiest, then the rest as "N other places"; placed busiest first, then
/// by name), along the map's edge toward
/// their places, clear of each other and of `obstacles` (the legend, the
/// zoom buttons).
pub fn chips(p: &Projector, places: &[Place], obstacles: &[Rect]) -> Vec<TrayChip> {
    // Outside the view, by name (one name may span several cells), in the
    // order of the places' first events.
    let mut found: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    let mut groups: Vec<Group> = Vec::new();
    for place in places.iter().filter(|pl| !in_view(p, pl.world)) {
        let k = *found.entry(place.name.as_str()).or_insert_with(|| {
            groups.push(Group {
                name: Cow::Borrowed(&place.name),
                lists: Vec::new(),
                count: 0,
                world: place.world,
                largest: 0,
            });
            groups.len() - 1
        });
        let Some(group) = groups.get_mut(k) else { continue };
        // Point toward the place's largest part.
        if place.events.len() > group.largest {
            group.world = place.world;
            group.largest = place.events.len();
        }
        group.count += place.events.len();
        group.lists.push(place.events.clone());
    }
    // The busiest first (they take the best spots), then by name.
    let busiest = |a: &Group, b: &Group| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name));
    if groups.len() > MAX_CHIPS {
        // Only the chips shown are sorted; a million places are not.
        groups.select_nth_unstable_by(MAX_CHIPS - 2, busiest);
        let rest = groups.split_off(MAX_CHIPS - 1);
        groups.sort_by(busiest);
        let count: usize = rest.iter().map(|g| g.count).sum();
        let world = rest.iter().fold([0.0, 0.0], |a, g| {
            let w = g.count as f32 / count.max(1) as f32;
            [a[0] + g.world[0] * w, a[1] + g.world[1] * w]
        });
        groups.push(Group {
            name: Cow::Owned(format!("{} other places", rest.len())),
            lists: rest.into_iter().flat_map(|g| g.lists).collect(),
            count,
            world,
            largest: 0,
        });
    } else {
        groups.sort_by(busiest);
    }
    let mut placed: Vec<TrayChip> = Vec::new();
    for group in groups {
        let events: Arc<[usize]> = match group.lists.as_slice() {
            [one] => one.clone(),
            many => many.iter().flat_map(|l| l.iter().copied()).collect(),
        };
        let direction = (p.world_to_screen(group.world) - p.screen().center()).normalized();
        let size = vec2(
            16.0 + 7.5 * (group.name.chars().count() as f32 + 4.0),
            CHIP_HEIGHT,
        );
        let taken: Vec<Rect> = obstacles
            .iter()
            .copied()
            .chain(placed.iter().map(|c| c.rect))
            .collect();
        if let Some(rect) = free_spot(p.screen(), direction, size, &taken) {
            placed.push(TrayChip {
                place: group.name.into_owned(),
                events,
                rect,
                direction,
            });
        }
    }
    placed
}

/// Places outside the view that one chip shows.
struct Group<'a> {
    name: Cow<'a, str>,
    /// Each place's events.
    lists: Vec<Arc<[usize]>>,
    count: usize,
    /// Where the chip points.
    world: [f32; 2],
    /// The most events of one place so far.
    largest: usize,
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
        let any_active = chip.events.iter().any(|&i| state.is_active(i));
        let focus = [state.selected_event, state.hovered_event]
            .into_iter()
            .flatten()
            .any(|s| chip.events.contains(&s));
        let base = chip
            .events
            .first()
            .map_or(palette.faded, |&i| event_color(state, i));
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

    fn place(name: &str, lon: f64, lat: f64, events: &[usize]) -> Place {
        Place {
            name: name.into(),
            events: events.into(),
            world: Projector::world(lon, lat),
        }
    }

    #[test]
    fn only_places_outside_the_view_get_chips_pointing_toward_them() {
        let p = projector();
        let places = [
            place("Washington", -77.0, 38.9, &[0, 1]),
            place("Moscow", 37.6, 55.75, &[2]),
            place("Goris", 46.34, 39.51, &[3]),
        ];
        let chips = chips(&p, &places, &[]);
        let names: Vec<&str> = chips.iter().map(|c| c.place.as_str()).collect();
        assert_eq!(names, ["Washington", "Moscow"], "the busiest first");
        let washington = &chips[0];
        assert!(washington.direction.x < -0.9, "west");
        assert!(washington.rect.left() < 60.0, "at the left edge");
        let moscow = &chips[1];
        assert!(moscow.direction.y < 0.0, "north");
    }

    #[test]
    fn chips_keep_clear_of_the_overlays_and_each_other() {
        let p = projector();
        // Many places to the south-west, where the legend sits.
        let places: Vec<Place> = (0..6)
            .map(|k| place(&format!("Town {k}"), 30.0 - k as f64, 20.0 - k as f64, &[k]))
            .collect();
        let legend = Rect::from_min_max(pos2(0.0, 450.0), pos2(340.0, 600.0));
        let chips = chips(&p, &places, &[legend]);
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
    fn past_the_limit_the_quietest_places_share_a_chip() {
        let p = projector();
        let places: Vec<Place> = (0..12)
            .map(|k| place(&format!("P{k}"), -100.0 + 10.0 * k as f64, -30.0, &vec![k; k + 1]))
            .collect();
        let chips = chips(&p, &places, &[]);
        assert_eq!(chips.len(), MAX_CHIPS);
        let other = chips.iter().find(|c| c.place == "5 other places").unwrap();
        assert_eq!(other.events.len(), 1 + 2 + 3 + 4 + 5);
    }
}
