//! Animation benchmark: the built-in article's story rendered on the CPU and
//! encoded, as `chronomap render` does, at 960×540: 27 frames (2020-09-01 to
//! 2022-11-01 by a month) and 270 frames (by three days), as GIF and MP4.
//! Each run is a child process so that its peak memory (`VmHWM`) is its own:
//! memory that stays flat as frames grow shows they are streamed.
//!
//! Run: `cargo bench --bench render` (about 2 minutes).

#![expect(clippy::unwrap_used, reason = "a benchmark fails loudly")]

#[path = "support/peak_rss.rs"]
mod peak_rss;

use chrono::{Days, NaiveDate};
use chronomap::model::Catalog;
use chronomap::model::frames::{Step, frame_days};
use chronomap::ui::render::{RenderSpec, render};
use chronomap::ui::state::AppState;
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SIZE: [u32; 2] = [960, 540];

fn main() {
    chronomap::memory::return_freed_memory_soon();
    let args: Vec<String> = std::env::args().collect();
    if let Some(k) = args.iter().position(|a| a == "--render-child") {
        render_child(&args[k + 1], args[k + 2].parse().unwrap());
        return;
    }
    println!("| output | frames | render + encode (3 runs) | per frame | peak RSS | file |");
    println!("|---|---:|---:|---:|---:|---:|");
    for frames in [27, 270] {
        for ext in ["gif", "mp4"] {
            let runs: Vec<[f64; 3]> = (0..3).map(|_| in_child(ext, frames)).collect();
            let mut secs: Vec<f64> = runs.iter().map(|r| r[0]).collect();
            secs.sort_by(f64::total_cmp);
            let rss = runs.iter().map(|r| r[1]).fold(0.0, f64::max);
            println!(
                "| {ext} {}×{} | {frames} | {:.2} s ({:.2}–{:.2}) | {:.0} ms | {rss:.0} MB | {:.0} KB |",
                SIZE[0],
                SIZE[1],
                secs[1],
                secs[0],
                secs[2],
                secs[1] * 1000.0 / frames as f64,
                runs[0][2] / 1024.0,
            );
        }
    }
}

/// The days of `frames` frames from 2020-09-01: by a month for 27, else by three days.
fn days(frames: usize) -> Vec<NaiveDate> {
    let from = NaiveDate::from_ymd_opt(2020, 9, 1).unwrap();
    let step = if frames == 27 {
        Step::Months(1)
    } else {
        Step::Days(3)
    };
    let step_days = if frames == 27 { 0 } else { 3 * (frames as u64 - 1) };
    let to = if frames == 27 {
        NaiveDate::from_ymd_opt(2022, 11, 1).unwrap()
    } else {
        from.checked_add_days(Days::new(step_days)).unwrap()
    };
    let days = frame_days(from, to, step).unwrap();
    assert_eq!(days.len(), frames);
    days
}

fn render_child(ext: &str, frames: usize) {
    let atlas = chronomap::embedded::atlas().unwrap();
    let events = chronomap::embedded::article_events(&atlas).unwrap().items;
    let catalog = Catalog::new(events, &atlas);
    let days = days(frames);
    let state = AppState::new(atlas, catalog, days.first().copied());
    let path = std::env::temp_dir().join(format!("chronomap-bench-{}.{ext}", std::process::id()));
    let spec = RenderSpec {
        days,
        fps: 4,
        size: SIZE,
        title: "bench".into(),
        extent: None,
    };
    let start = Instant::now();
    let sink = chronomap::io::animation::open(&path, SIZE, 4).unwrap();
    render(state, &spec, sink, &mut |_, _| {}, &Default::default()).unwrap();
    let secs = start.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(&path).unwrap().len();
    std::fs::remove_file(&path).unwrap();
    let hwm_mb = peak_rss::peak_rss_mb();
    println!("{secs} {} {bytes}", hwm_mb);
}

/// [seconds, peak RSS in MB, file bytes] of one render in a fresh process.
fn in_child(ext: &str, frames: usize) -> [f64; 3] {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--render-child", ext, &frames.to_string()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<f64> = text.split_whitespace().filter_map(|v| v.parse().ok()).collect();
    assert_eq!(
        fields.len(),
        3,
        "child said: {text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    [fields[0], fields[1], fields[2]]
}
