//! A line per frame written to a file, to measure what the screen gets in a
//! real window (`benches/window-drag`): where the picture is rasterised on the
//! CPU, the time between frames is far longer than the time to build one.
//! Turned on by the `CHRONOMAP_FRAME_LOG` environment variable (a file path).

use chrono::NaiveDate;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::time::Instant;

/// The environment variable that names the log file.
pub const FRAME_LOG_VAR: &str = "CHRONOMAP_FRAME_LOG";

/// When the process started, as `main` marked it: the log's times count from it,
/// so the first line says how long start-up took to the first frame.
static PROCESS_START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// Marks the process's start (called first thing in `main`).
pub fn mark_process_start() {
    PROCESS_START.get_or_init(Instant::now);
}

/// Writes `<seconds since start> <slider day> <loading: 0 or 1> <map scale>`
/// per frame (the scale in points per degree: it changes while the map
/// zooms). Start is the process's start if `main` marked it, else the log's
/// creation.
pub struct FrameLog {
    out: BufWriter<File>,
    start: Instant,
}

impl FrameLog {
    /// Creates (or empties) the log file.
    pub fn create(path: &Path) -> io::Result<Self> {
        Ok(Self {
            out: BufWriter::new(File::create(path)?),
            start: PROCESS_START.get().copied().unwrap_or_else(Instant::now),
        })
    }

    /// Logs the frame just built.
    pub fn frame(&mut self, day: NaiveDate, loading: bool, points_per_deg: f64) -> io::Result<()> {
        let secs = self.start.elapsed().as_secs_f64();
        writeln!(
            self.out,
            "{secs:.4} {day} {} {points_per_deg:.3}",
            u8::from(loading)
        )?;
        // Each line reaches the file at once: the measuring script reads it live.
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_frame_is_a_line_with_its_time_day_loading_state_and_scale() {
        let path = std::env::temp_dir().join(format!("chronomap-frame-log-{}", std::process::id()));
        let mut log = FrameLog::create(&path).unwrap();
        let day = NaiveDate::from_ymd_opt(2022, 11, 8).unwrap();
        log.frame(day, true, 50.0).unwrap();
        log.frame(day, false, 62.5).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(' ').collect()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0][1..], ["2022-11-08", "1", "50.000"]);
        assert_eq!(lines[1][1..], ["2022-11-08", "0", "62.500"]);
        let t: Vec<f64> = lines.iter().map(|l| l[0].parse().unwrap()).collect();
        assert!(t[0] >= 0.0 && t[1] >= t[0]);
    }
}
