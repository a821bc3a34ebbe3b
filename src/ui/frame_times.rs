//! How long the last frames took, so a user with a big file can see whether
//! the app keeps up (shown small in the top bar).

use std::collections::VecDeque;

/// The last [`FrameTimes::KEPT`] frame times, in milliseconds.
#[derive(Clone, Debug, Default)]
pub struct FrameTimes {
    frame_ms: VecDeque<f32>,
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

    /// (median, 95th percentile) of the kept frames, if any.
    pub fn median_p95_ms(&self) -> Option<(f32, f32)> {
        if self.frame_ms.is_empty() {
            return None;
        }
        let mut sorted: Vec<f32> = self.frame_ms.iter().copied().collect();
        sorted.sort_by(f32::total_cmp);
        let at = |q: usize| sorted[(sorted.len() - 1) * q / 100];
        Some((at(50), at(95)))
    }
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
}
