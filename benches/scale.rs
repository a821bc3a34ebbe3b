//! Scale benchmarks: load a UCDP GED CSV, query "active at t", hit-test a
//! point, and run whole UI frames while the slider moves, at 10^3, 10^5 and
//! 10^6 events, against the article dataset's frame.
//!
//! Run: `cargo bench --bench scale` (add `-- --quick` for 10^3 and 10^5 only;
//! `-- --size N` for one size; `-- --generate N FILE` only writes N synthetic
//! events to FILE; `-- --frames FILE N` only runs N frames over FILE, for a
//! profiler; `-- --article-frames N` the same over the article dataset).
//! Loading runs in a child process so that its peak memory is its own.

#![expect(clippy::unwrap_used, reason = "a benchmark fails loudly")]

#[path = "support/peak_rss.rs"]
mod peak_rss;
#[path = "support/ucdp_gen.rs"]
mod ucdp_gen;

use chronomap::model::projection::mercator_y;
use chronomap::model::{Atlas, Catalog};
use chronomap::ui::command::Command;
use chronomap::ui::settings::Settings;
use chronomap::ui::state::AppState;
use chronomap::ui::{ChronomapApp, StartOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

// The app's allocator (see src/main.rs), so the figures are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    chronomap::memory::return_freed_memory_soon();
    let args: Vec<String> = std::env::args().collect();
    if let Some(k) = args.iter().position(|a| a == "--load-child") {
        load_child(Path::new(&args[k + 1]));
        return;
    }
    // `--generate N FILE` writes the synthetic data for use elsewhere (the window).
    if let Some(k) = args.iter().position(|a| a == "--generate") {
        let n: usize = args[k + 1].parse().unwrap();
        let mut text = String::with_capacity(n * 600);
        ucdp_gen::write_csv(n, 42, &mut text);
        std::fs::write(&args[k + 2], text).unwrap();
        return;
    }
    // `--frames FILE N` only runs N frames over FILE (for a profiler).
    if let Some(k) = args.iter().position(|a| a == "--frames") {
        let atlas = chronomap::embedded::atlas().unwrap();
        // Shared by the three runs, as the window shares its catalog.
        let catalog = Arc::new(load(Path::new(&args[k + 1]), &atlas).0);
        let count = args[k + 2].parse().unwrap();
        let (med, p95) = frames(&atlas, catalog.clone(), count);
        println!("frame median {med:.2} ms, p95 {p95:.2} ms");
        let (med, p95) = timeline_zoom_frames(&atlas, catalog.clone(), count);
        println!("while the timeline zooms: frame median {med:.2} ms, p95 {p95:.2} ms");
        let (med, p95) = map_pan_frames(&atlas, catalog, count);
        println!("while the map pans: frame median {med:.2} ms, p95 {p95:.2} ms");
        return;
    }
    // `--article-frames N` only runs N frames over the article dataset (for a profiler).
    if let Some(k) = args.iter().position(|a| a == "--article-frames") {
        let atlas = chronomap::embedded::atlas().unwrap();
        let events = chronomap::embedded::article_events(&atlas).unwrap().items;
        let count = args[k + 1].parse().unwrap();
        let catalog = Arc::new(Catalog::new(events, &atlas));
        let (med, p95) = frames(&atlas, catalog.clone(), count);
        println!("article: frame median {med:.2} ms, p95 {p95:.2} ms");
        let (med, p95) = frames_without_chart(&atlas, catalog, count);
        println!("article, chart hidden: frame median {med:.2} ms, p95 {p95:.2} ms");
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    // `--size N` measures that size alone.
    let only: Option<usize> = args
        .iter()
        .position(|a| a == "--size")
        .and_then(|k| args.get(k + 1)?.parse().ok());
    let sizes: Vec<usize> = match only {
        Some(n) => vec![n],
        None if quick => vec![1_000, 100_000],
        None => vec![1_000, 100_000, 1_000_000],
    };
    let atlas = chronomap::embedded::atlas().unwrap();

    let article = {
        let events = chronomap::embedded::article_events(&atlas).unwrap().items;
        Arc::new(Catalog::new(events, &atlas))
    };
    let (a_med, a_p95) = frames(&atlas, article, 300);
    println!("article dataset (10 events): frame median {a_med:.2} ms, p95 {a_p95:.2} ms");
    println!();
    println!(
        "| events | load (events/s) | load time | peak RSS | at(t) per call | hit-test per call | frame median | frame p95 | p95 / article |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut zoom_rows = Vec::new();
    let mut chart_rows = Vec::new();
    for &n in &sizes {
        let path = generate(n);
        let (secs, rss_mb, parse_secs) = load_in_child(&path);
        let catalog = Arc::new(load(&path, &atlas).0);
        assert_eq!(catalog.events().len(), n);
        let at_us = at_per_call(&catalog);
        let hit_us = hit_per_call(&catalog);
        let (zoom_med, zoom_p95) = timeline_zoom_frames(&atlas, catalog.clone(), 300);
        let (pan_med, pan_p95) = map_pan_frames(&atlas, catalog.clone(), 300);
        zoom_rows.push(format!(
            "| {n} | {zoom_med:.2} ms | {zoom_p95:.2} ms | {pan_med:.2} ms | {pan_p95:.2} ms |"
        ));
        let (bare_med, bare_p95) = frames_without_chart(&atlas, catalog.clone(), 300);
        let (med, p95) = frames(&atlas, catalog, 300);
        chart_rows.push(format!(
            "| {n} | {med:.2} ms | {p95:.2} ms | {bare_med:.2} ms | {bare_p95:.2} ms | {:.2}× |",
            p95 / bare_p95
        ));
        println!(
            "| {n} | {:.0} | {secs:.2} s ({parse_secs:.2} + {:.2}) | {rss_mb:.0} MB | {at_us:.1} µs | {hit_us:.1} µs | {med:.2} ms | {p95:.2} ms | {:.2}× |",
            n as f64 / secs,
            secs - parse_secs,
            p95 / a_p95
        );
        let _ = std::fs::remove_file(&path);
    }
    println!();
    println!("While the timeline zooms (its histogram redone each frame) and while the map pans:");
    println!();
    println!("| events | zoom: frame median | zoom: frame p95 | pan: frame median | pan: frame p95 |");
    println!("|---:|---:|---:|---:|---:|");
    for row in zoom_rows {
        println!("{row}");
    }
    println!();
    println!("Frames while the slider moves, with the chart shown (the default) and hidden:");
    println!();
    println!(
        "| events | chart: frame median | chart: frame p95 | no chart: frame median | no chart: frame p95 | p95 ratio |"
    );
    println!("|---:|---:|---:|---:|---:|---:|");
    for row in chart_rows {
        println!("{row}");
    }
}

fn generate(n: usize) -> PathBuf {
    let mut text = String::with_capacity(n * 600);
    ucdp_gen::write_csv(n, 42, &mut text);
    let path = std::env::temp_dir().join(format!("chronomap-bench-ucdp-{n}.csv"));
    std::fs::write(&path, text).unwrap();
    path
}

/// Parses the file and builds the catalog (indexes included), as the app
/// does; also returns the seconds spent parsing alone.
fn load(path: &Path, atlas: &Atlas) -> (Catalog, f64) {
    let start = Instant::now();
    // Any format the app reads (the generated data is UCDP GED CSV; its
    // Parquet twin is read by the Parquet reader).
    let loaded = chronomap::io::load_events_file(path, atlas).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems.first());
    let parse_secs = start.elapsed().as_secs_f64();
    (Catalog::new(loaded.items, atlas), parse_secs)
}

fn load_child(path: &Path) {
    let atlas = chronomap::embedded::atlas().unwrap();
    let start = Instant::now();
    let (catalog, parse_secs) = load(path, &atlas);
    let secs = start.elapsed().as_secs_f64();
    let hwm_mb = peak_rss::peak_rss_mb();
    println!("{} {secs} {} {parse_secs}", catalog.events().len(), hwm_mb);
}

/// (total seconds, peak RSS in MB, seconds parsing) of a load in a fresh process.
fn load_in_child(path: &Path) -> (f64, f64, f64) {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("--load-child")
        .arg(path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<f64> = text.split_whitespace().filter_map(|v| v.parse().ok()).collect();
    assert_eq!(
        fields.len(),
        4,
        "child said: {text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (fields[1], fields[2], fields[3])
}

fn per_call(calls: usize, mut f: impl FnMut(usize)) -> f64 {
    // Median of 15 batches, in µs per call.
    let mut batches: Vec<f64> = (0..15)
        .map(|b| {
            let start = Instant::now();
            for k in 0..calls {
                f(b * calls + k);
            }
            start.elapsed().as_secs_f64() * 1e6 / calls as f64
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    batches[batches.len() / 2]
}

fn at_per_call(catalog: &Catalog) -> f64 {
    let span = catalog.span().unwrap();
    let days = (span.end - span.start).num_days().max(1) as u64;
    let mut found = 0usize;
    let us = per_call(2_000, |k| {
        let day = span.start + chrono::Days::new((k as u64 * 7919) % days);
        found += std::hint::black_box(catalog.active_at(day)).len();
    });
    std::hint::black_box(found);
    us
}

fn hit_per_call(catalog: &Catalog) -> f64 {
    let mut rng = ucdp_gen::Rng::new(7);
    let points: Vec<(f64, f64)> = (0..4096)
        .map(|_| (42.0 + 9.5 * rng.unit(), mercator_y(37.5 + 5.7 * rng.unit())))
        .collect();
    // About 8 screen points at the default zoom (~115 points per degree).
    let reach = 8.0 / 115.0;
    per_call(2_000, |k| {
        let (x, y) = points[k % points.len()];
        std::hint::black_box(catalog.nearest(x, y, reach, |_| true));
    })
}

/// Whole frames while the slider moves 3 days each frame; returns (median, p95) in ms.
fn frames(atlas: &Atlas, catalog: Arc<Catalog>, count: usize) -> (f64, f64) {
    frames_while(atlas, catalog, count, |app, ctx, day, _| {
        app.apply(ctx, Command::SetDay(day))
    })
}

/// As [`frames`], with the timeline's chart hidden.
fn frames_without_chart(atlas: &Atlas, catalog: Arc<Catalog>, count: usize) -> (f64, f64) {
    frames_while(atlas, catalog, count, |app, ctx, day, _| {
        app.timeline.show_chart = false;
        app.apply(ctx, Command::SetDay(day))
    })
}

/// Whole frames while the timeline zooms in and out about the slider's day (the
/// slider still): its histogram is redone for every new view. Returns (median,
/// p95) in ms.
fn timeline_zoom_frames(atlas: &Atlas, catalog: Arc<Catalog>, count: usize) -> (f64, f64) {
    frames_while(atlas, catalog, count, |app, _, _, k| {
        let rect = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1264.0, 100.0));
        let x = app.timeline.view().x_for(rect, app.state.day());
        // 50 frames in (to a fifth of the span), 50 back out.
        let factor = if (k / 50) % 2 == 0 { 0.97 } else { 1.0 / 0.97 };
        app.timeline.zoom_about(rect, x, factor, &app.state);
    })
}

/// Whole frames while the map pans (the slider still), 4 points a frame, 50
/// frames one way and 50 back: the view moves every frame, so the density
/// cells counted before move along (recounted once it rests) and the base
/// map is its last texture, moved. Returns (median, p95) in ms.
fn map_pan_frames(atlas: &Atlas, catalog: Arc<Catalog>, count: usize) -> (f64, f64) {
    frames_while(atlas, catalog, count, |app, _, _, k| {
        let dx = if (k / 50) % 2 == 0 { 4.0 } else { -4.0 };
        app.map.pan(dx, 0.0);
    })
}

/// Whole frames (the app's UI code plus tessellation), after 20 frames at
/// rest, `change` applied before each: (app, context, a day 3 days on from
/// the last, frame number).
fn frames_while(
    atlas: &Atlas,
    catalog: Arc<Catalog>,
    count: usize,
    mut change: impl FnMut(&mut ChronomapApp, &egui::Context, chrono::NaiveDate, usize),
) -> (f64, f64) {
    let mut state = AppState::new(atlas.clone(), Catalog::default(), None);
    state.set_catalog(catalog);
    let span = state.span();
    let mut app = ChronomapApp::new(state, Settings::default(), StartOptions::default());
    let ctx = egui::Context::default();
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    };
    let days = (span.end - span.start).num_days().max(1) as u64;
    let mut times = Vec::with_capacity(count);
    for k in 0..count + 20 {
        let day = span.start + chrono::Days::new((k as u64 * 3) % days);
        // Warm up at rest, as a window is before the user moves anything:
        // the base map's texture is drawn, fonts and caches are made.
        if k >= 20 {
            change(&mut app, &ctx, day, k - 20);
        }
        let start = Instant::now();
        let output = ctx.run_ui(input(), |ui| app.frame_ui(ui));
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        std::hint::black_box(primitives);
        if k >= 20 {
            times.push(start.elapsed());
        }
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (ms(times[times.len() / 2]), ms(times[times.len() * 95 / 100]))
}
