//! Where a set of events is: the box around their places, robust to a few
//! far outliers (a dataset about Sudan that names a summit in Washington
//! still opens on Sudan).

/// A box in degrees: (min lon, min lat, max lon, max lat).
pub type Bounds = [f64; 4];

/// The smallest side of a box around events, in degrees: one place, or a
/// few close together, still show their surroundings.
const MIN_SIDE_DEG: f64 = 1.5;
/// Points farther from the middle than this many times the median distance
/// (and farther than [`MIN_REACH_DEG`]) are outliers.
const OUTLIER_FACTOR: f64 = 4.0;
const MIN_REACH_DEG: f64 = 12.0;
/// The share of points trimmed from each end of each axis in big sets.
const TRIM_SHARE: f64 = 0.01;
/// The most points [`sample`] gives: a box from a million points is the box
/// of ten million to a fraction of a percent, at a tenth of the memory.
pub const MAX_SAMPLE: usize = 1 << 20;

/// The points of the positions in `range` (`point` gives a position's, if
/// it has one) to find an extent from: all of them, or past [`MAX_SAMPLE`]
/// an even stride through them (every k-th point), so that a big load's box
/// is found without a copy of every point. The stride runs over the points,
/// not the positions: events without one, however they fall, are not what
/// it samples.
pub fn sample(range: std::ops::Range<usize>, point: impl Fn(usize) -> Option<[f64; 2]>) -> Vec<[f64; 2]> {
    let count = if range.len() > MAX_SAMPLE {
        range.clone().filter(|&i| point(i).is_some()).count()
    } else {
        0
    };
    let stride = count.div_ceil(MAX_SAMPLE).max(1);
    range.filter_map(point).step_by(stride).collect()
}

/// The box around `points` (lon, lat): the points near their middle (the
/// median), then the central 98 % of each axis; at least [`MIN_SIDE_DEG`]
/// on a side. `None` without finite points.
pub fn robust_extent(points: impl IntoIterator<Item = [f64; 2]>) -> Option<Bounds> {
    let points: Vec<[f64; 2]> = points
        .into_iter()
        .filter(|p| p[0].is_finite() && p[1].is_finite())
        .collect();
    if points.is_empty() {
        return None;
    }
    let middle = [
        median(points.iter().map(|p| p[0]))?,
        median(points.iter().map(|p| p[1]))?,
    ];
    let distance = |p: &[f64; 2]| (p[0] - middle[0]).hypot(p[1] - middle[1]);
    let typical = median(points.iter().map(distance))?;
    let reach = (OUTLIER_FACTOR * typical).max(MIN_REACH_DEG);
    let near: Vec<[f64; 2]> = points.iter().copied().filter(|p| distance(p) <= reach).collect();
    let axis = |k: usize| {
        let mut v: Vec<f64> = near.iter().map(|p| p[k]).collect();
        v.sort_by(f64::total_cmp);
        let cut = (v.len() as f64 * TRIM_SHARE).floor() as usize;
        let kept = &v[cut..v.len() - cut];
        Some((*kept.first()?, *kept.last()?))
    };
    let ((w, e), (s, n)) = (axis(0)?, axis(1)?);
    let grow = |lo: f64, hi: f64| {
        let pad = ((MIN_SIDE_DEG - (hi - lo)) / 2.0).max(0.0);
        (lo - pad, hi + pad)
    };
    let (w, e) = grow(w, e);
    let (s, n) = grow(s, n);
    Some([w, s.max(-85.0), e, n.min(85.0)])
}

fn median(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = values.collect();
    if v.is_empty() {
        return None;
    }
    let k = v.len() / 2;
    let (_, m, _) = v.select_nth_unstable_by(k, f64::total_cmp);
    Some(*m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_far_outlier_does_not_stretch_the_box() {
        // Five towns in Sudan and a summit in Washington.
        let sudan = [
            [25.35, 13.63],
            [32.53, 15.59],
            [22.45, 13.45],
            [24.88, 12.05],
            [32.56, 15.60],
        ];
        let mut points = sudan.to_vec();
        points.push([-77.04, 38.90]);
        let [w, s, e, n] = robust_extent(points).unwrap();
        assert!(w <= 22.45 && e >= 32.56 && s <= 12.05 && n >= 15.60);
        assert!(w > 0.0, "Washington left out: {w}");
    }

    #[test]
    fn one_place_gets_a_box_around_it() {
        let [w, s, e, n] = robust_extent([[46.75, 39.82]; 3]).unwrap();
        assert!((e - w - MIN_SIDE_DEG).abs() < 1e-9 && (n - s - MIN_SIDE_DEG).abs() < 1e-9);
        assert!(w < 46.75 && 46.75 < e);
        assert_eq!(robust_extent([[f64::NAN, 1.0]]), None);
    }

    #[test]
    fn samples_stride_evenly_through_the_points_of_big_ranges() {
        let at = |i: usize| Some([i as f64, 0.0]);
        assert_eq!(sample(3..10, at).len(), 7);
        let big = 5..5 + 3 * MAX_SAMPLE + 1;
        let picked: Vec<f64> = sample(big.clone(), at).iter().map(|p| p[0]).collect();
        assert!(picked.len() <= MAX_SAMPLE && picked.len() > MAX_SAMPLE / 2);
        assert_eq!(picked.first(), Some(&5.0));
        assert!(picked.windows(2).all(|w| w[1] - w[0] == 4.0));
        assert!(big.end as f64 - picked.last().unwrap() <= 4.0, "reaches the end");
        // Every other event placed, as a stride of two over positions would
        // miss them all: the stride is over the points.
        let odd = |i: usize| (i % 2 == 1).then_some([i as f64, 1.0]);
        let points = sample(0..4 * MAX_SAMPLE, odd);
        assert!(points.len() > MAX_SAMPLE / 2, "{}", points.len());
        assert!(robust_extent(points).is_some());
        // A few placed among millions are all found.
        let few = |i: usize| (i % 1_000_000 == 7).then_some([i as f64, 1.0]);
        assert_eq!(sample(0..3 * MAX_SAMPLE, few).len(), 4);
    }

    #[test]
    fn big_sets_lose_their_extreme_percent() {
        let mut points: Vec<[f64; 2]> = (0..1000)
            .map(|k| [f64::from(k % 100) / 10.0, f64::from(k / 100)])
            .collect();
        // A thin scatter out on one side, near enough not to be outliers by
        // distance, few enough to be trimmed.
        points.extend((0..5).map(|k| [12.0 + f64::from(k), 5.0]));
        let [_, _, e, _] = robust_extent(points).unwrap();
        assert!(e < 11.0, "{e}");
    }
}
