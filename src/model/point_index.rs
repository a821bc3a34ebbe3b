//! Finding the event nearest a point among millions, in four bytes an event.
//!
//! A k-d tree laid out in one array, as kdbush lays it out: the positions
//! are ordered so that the middle of every range splits it, by x at even
//! depths and by y at odd ones, down to small leaves. The tree is that order
//! alone; the coordinates are the catalog's own anchors. An R-tree of the
//! same points held about 48 bytes each, 480 MB at 10^7 events.

/// Ranges this short are scanned, not split.
const LEAF_LEN: usize = 16;

/// The points' positions in k-d order (see the module docs).
#[derive(Clone, Debug, Default)]
pub struct PointIndex {
    order: Vec<u32>,
}

/// A range of `order` still to search, and the least squared distance any
/// of its points can have.
#[derive(Clone, Copy)]
struct Pending {
    start: usize,
    end: usize,
    axis: usize,
    bound_d2: f32,
}

impl PointIndex {
    /// Indexes the points that are not NaN; `points[i]` is position `i`.
    pub fn new(points: &[[f32; 2]]) -> Self {
        Self::split_paired_below(points, PAIRED_LEN)
    }

    /// The index, ranges up to `paired_len` split as pairs (see [`split`]).
    fn split_paired_below(points: &[[f32; 2]], paired_len: usize) -> Self {
        let mut order: Vec<u32> = (0..points.len() as u32)
            .filter(|&i| {
                points
                    .get(i as usize)
                    .is_some_and(|p| !p[0].is_nan() && !p[1].is_nan())
            })
            .collect();
        split(&mut order, points, 0, paired_len);
        Self { order }
    }

    /// How many points are indexed.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether no point is indexed.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The position of the point nearest `query` that `accept` takes, within
    /// `max_d2` (squared distance, inclusive); of equally near ones, the
    /// first. `points` are those the index was made from.
    pub fn nearest(
        &self,
        points: &[[f32; 2]],
        query: [f32; 2],
        max_d2: f32,
        accept: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        // (squared distance, position): the best so far, or the limit.
        let mut best = (max_d2, usize::MAX);
        let consider = |k: usize, best: &mut (f32, usize)| {
            let Some(&i) = self.order.get(k) else { return };
            let i = i as usize;
            let Some(p) = points.get(i) else { return };
            let d2 = (p[0] - query[0]).powi(2) + (p[1] - query[1]).powi(2);
            if (d2, i) < *best && accept(i) {
                *best = (d2, i);
            }
        };
        let mut pending = vec![Pending {
            start: 0,
            end: self.order.len(),
            axis: 0,
            bound_d2: 0.0,
        }];
        while let Some(range) = pending.pop() {
            if range.bound_d2 > best.0 {
                continue;
            }
            if range.end - range.start <= LEAF_LEN {
                for k in range.start..range.end {
                    consider(k, &mut best);
                }
                continue;
            }
            let middle = range.start + (range.end - range.start) / 2;
            consider(middle, &mut best);
            let Some(split_at) = self
                .order
                .get(middle)
                .and_then(|&i| points.get(i as usize))
                .map(|p| p[range.axis])
            else {
                continue;
            };
            let offset = query[range.axis] - split_at;
            let below = Pending {
                start: range.start,
                end: middle,
                axis: 1 - range.axis,
                bound_d2: range.bound_d2,
            };
            let above = Pending {
                start: middle + 1,
                end: range.end,
                ..below
            };
            // The far side is at least `offset` away; the near side is searched first.
            let (near, far) = if offset < 0.0 {
                (below, above)
            } else {
                (above, below)
            };
            pending.push(Pending {
                bound_d2: range.bound_d2.max(offset * offset),
                ..far
            });
            pending.push(near);
        }
        (best.1 != usize::MAX).then_some(best.1)
    }
}

/// Orders `order` so that the middle splits it on `axis`, and each half on
/// the other axis, down to leaves; ranges up to `paired_len` as pairs.
fn split(order: &mut [u32], points: &[[f32; 2]], axis: usize, paired_len: usize) {
    if order.len() <= LEAF_LEN {
        return;
    }
    if order.len() <= paired_len {
        // Each position beside its point: partitioning contiguous pairs is
        // several times quicker than looking every position's point up at
        // random. Only ranges this small, so that the copy stays small.
        let mut pairs: Vec<([f32; 2], u32)> = order
            .iter()
            .map(|&i| (points.get(i as usize).copied().unwrap_or_default(), i))
            .collect();
        split_pairs(&mut pairs, axis);
        for (at, (_, i)) in order.iter_mut().zip(pairs) {
            *at = i;
        }
        return;
    }
    let middle = order.len() / 2;
    let coordinate = |i: &u32| points.get(*i as usize).map_or(0.0, |p| p[axis]);
    order.select_nth_unstable_by(middle, |a, b| coordinate(a).total_cmp(&coordinate(b)));
    let (below, rest) = order.split_at_mut(middle);
    split(below, points, 1 - axis, paired_len);
    split(
        rest.get_mut(1..).unwrap_or_default(),
        points,
        1 - axis,
        paired_len,
    );
}

/// The longest range split as pairs of points and positions (12 MB).
const PAIRED_LEN: usize = 1 << 20;

/// [`split`] over points beside their positions.
fn split_pairs(pairs: &mut [([f32; 2], u32)], axis: usize) {
    if pairs.len() <= LEAF_LEN {
        return;
    }
    let middle = pairs.len() / 2;
    pairs.select_nth_unstable_by(middle, |a, b| a.0[axis].total_cmp(&b.0[axis]));
    let (below, rest) = pairs.split_at_mut(middle);
    split_pairs(below, 1 - axis);
    split_pairs(rest.get_mut(1..).unwrap_or_default(), 1 - axis);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The nearest accepted point by looking at every one.
    fn by_scanning(
        points: &[[f32; 2]],
        q: [f32; 2],
        max_d2: f32,
        accept: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        points
            .iter()
            .enumerate()
            .filter(|(_, p)| !p[0].is_nan())
            .map(|(i, p)| ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2), i))
            .filter(|&(d2, i)| d2 <= max_d2 && accept(i))
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
            .map(|(_, i)| i)
    }

    #[test]
    fn finds_what_a_scan_finds() {
        let mut r = crate::test_numbers::Numbers::new(0x9e37_79b9_7f4a_7c15);
        let mut next = move || r.unit() as f32;
        // Clustered, repeated, scattered and unplaced points.
        let mut points: Vec<[f32; 2]> = (0..5_000)
            .map(|i| match i % 5 {
                0 => [f32::NAN, f32::NAN],
                1 => [44.5, 40.1],
                2 => [44.0 + next() * 0.01, 40.0 + next() * 0.01],
                _ => [next() * 360.0 - 180.0, next() * 170.0 - 85.0],
            })
            .collect();
        points.push([0.0, 100.0]);
        // Split as pairs throughout, and (as for a big catalog) by looking
        // points up above ranges of 64.
        for index in [
            PointIndex::new(&points),
            PointIndex::split_paired_below(&points, 64),
        ] {
            check_against_a_scan(&index, &points, &mut next);
        }
    }

    fn check_against_a_scan(index: &PointIndex, points: &[[f32; 2]], mut next: impl FnMut() -> f32) {
        assert_eq!(index.len(), 4_001);
        for k in 0..400 {
            let q = if k % 2 == 0 {
                [44.0 + next() * 0.02, 40.0 + next() * 0.02]
            } else {
                [next() * 360.0 - 180.0, next() * 170.0 - 85.0]
            };
            let max_d2 = [1e-6, 0.01, 25.0, f32::INFINITY][k % 4];
            let modulus = 1 + k % 7;
            let accept = |i: usize| i.is_multiple_of(modulus);
            assert_eq!(
                index.nearest(points, q, max_d2, accept),
                by_scanning(points, q, max_d2, accept),
                "query {q:?} within {max_d2}, every {modulus}th"
            );
        }
        assert_eq!(
            index.nearest(points, [44.5, 40.1], 0.0, |_| true),
            Some(1),
            "the first of equals"
        );
        assert_eq!(index.nearest(points, [44.5, 40.1], 0.0, |i| i > 1), Some(6));
        assert_eq!(
            index.nearest(points, [0.0, 100.5], 0.25, |_| true),
            Some(5_000),
            "the limit is inclusive"
        );
        assert_eq!(index.nearest(points, [0.0, 100.5], 0.25, |i| i != 5_000), None);
    }

    #[test]
    fn an_empty_index_finds_nothing() {
        let index = PointIndex::new(&[[f32::NAN; 2]]);
        assert!(index.is_empty());
        assert_eq!(
            index.nearest(&[[f32::NAN; 2]], [0.0, 0.0], f32::INFINITY, |_| true),
            None
        );
    }
}
