//! How long the last frames took, so a user with a big file can see whether
//! the app keeps up (shown small in the top bar).

use std::collections::VecDeque;

/// The last [`FrameTimes::KEPT`] frame times, in milliseconds, and the
/// intervals between frames shown while the window kept repainting.
///
/// The two differ where the picture is rasterised on the CPU (no GPU): a frame
/// may take 5 ms to build and 150 ms to reach the screen.
#[derive(Clone, Debug, Default)]
pub struct FrameTimes {
    frame_ms: VecDeque<f32>,
    interval_ms: VecDeque<f32>,
}

impl FrameTimes {
    /// About two seconds of frames at 60 Hz.
    pub const KEPT: usize = 120;

    /// Records one frame's time.
    pub fn push(&mut self, frame_ms: f32) {
        if self.frame_ms.len() == Self::KEPT {
            self.frame_ms.pop_front();
        }
        self.frame_ms.push_back(frame_ms);
    }

    /// Longer pauses are idle time (nothing to redraw), not slow frames.
    pub const MAX_INTERVAL_MS: f32 = 500.0;

    /// Records the time since the previous frame began; pauses longer than
    /// [`Self::MAX_INTERVAL_MS`] are left out.
    pub fn push_interval(&mut self, interval_ms: f32) {
        if interval_ms > Self::MAX_INTERVAL_MS {
            return;
        }
        if self.interval_ms.len() == Self::KEPT {
            self.interval_ms.pop_front();
        }
        self.interval_ms.push_back(interval_ms);
    }

    /// (median, 95th percentile) of the kept frames, if any.
    pub fn median_p95_ms(&self) -> Option<(f32, f32)> {
        median_p95(&self.frame_ms)
    }

    /// Frames a second while the window was redrawing: from the median interval.
    pub fn frames_per_sec(&self) -> Option<f32> {
        median_p95(&self.interval_ms).map(|(median, _)| 1e3 / median.max(1e-3))
    }
}

fn median_p95(values: &VecDeque<f32>) -> Option<(f32, f32)> {
    if values.is_empty() {
        return None;
    }
    let mut sorted: Vec<f32> = values.iter().copied().collect();
    sorted.sort_by(f32::total_cmp);
    let at = |q: usize| sorted[(sorted.len() - 1) * q / 100];
    Some((at(50), at(95)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_frames_and_reports_median_and_p95() {
        let mut times = FrameTimes::default();
        assert_eq!(times.median_p95_ms(), None);
        for _ in 0..FrameTimes::KEPT {
            times.push(100.0); // pushed out below
        }
        for k in 1..=FrameTimes::KEPT {
            times.push(k as f32);
        }
        let (median, p95) = times.median_p95_ms().unwrap();
        assert_eq!(median, 60.0);
        assert_eq!(p95, 114.0);
    }

    #[test]
    fn frames_per_second_come_from_intervals_without_idle_pauses() {
        let mut times = FrameTimes::default();
        assert_eq!(times.frames_per_sec(), None);
        for _ in 0..10 {
            times.push_interval(160.0); // a software rasteriser's pace
            times.push_interval(3_000.0); // the window idle: left out
        }
        assert_eq!(times.frames_per_sec(), Some(6.25));
        // Frames cheap to build can still reach the screen slowly.
        times.push(5.0);
        assert_eq!(times.median_p95_ms(), Some((5.0, 5.0)));
    }
}
