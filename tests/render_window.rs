//! Export ▸ Animation… in the window, driven through egui_kittest: the
//! dialog opens on the timeline's view, renders in the background while the
//! window keeps drawing frames, and Cancel leaves nothing written.

#![expect(clippy::panic, clippy::unwrap_used, reason = "test helpers fail loudly")]

#[expect(dead_code, reason = "the shared helpers this file does not use")]
mod support;

use chronomap::ui::ChronomapApp;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use support::harness;

fn out_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chronomap-render-window-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Frames one at a time: a render in progress asks for a repaint after
/// each of its frames, so `run` would never settle.
fn steps(h: &mut Harness<'_, ChronomapApp>, n: usize) {
    for _ in 0..n {
        h.step();
    }
}

fn open_dialog(h: &mut Harness<'_, ChronomapApp>) {
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Animation…").click();
    h.run();
    h.get_by_label("Export animation");
}

fn set(h: &mut Harness<'_, ChronomapApp>, field: &str, text: &str) {
    h.get_by_label(field).set_text_value_accesskit(text);
    h.run();
    assert_eq!(h.get_by_label(field).value().as_deref(), Some(text), "{field}");
}

/// Fills the dialog with the example (smaller) and clicks Render.
fn render(h: &mut Harness<'_, ChronomapApp>, step: &str, path: &std::path::Path) {
    open_dialog(h);
    set(h, "From", "2020-09-01");
    set(h, "To", "2022-11-01");
    set(h, "Step", step);
    set(h, "Size", "320x180");
    set(h, "Save to", path.to_str().unwrap());
    h.get_by_label("Render").click();
    steps(h, 2);
}

fn wait_for_render(h: &mut Harness<'_, ChronomapApp>) {
    for _ in 0..3000 {
        if !h.state().is_rendering() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    panic!("rendering did not finish");
}

#[test]
fn the_dialog_opens_on_the_timelines_view() {
    let mut h = harness();
    open_dialog(&mut h);
    let from = h.get_by_label("From").value().unwrap();
    let to = h.get_by_label("To").value().unwrap();
    let span = h.state().state.span();
    let (from, to) = (support::day(&from), support::day(&to));
    assert!(
        span.start <= from && from < to && to <= span.end,
        "{from} {to} in {span:?}"
    );
    assert!(!h.state().is_rendering());
}

#[test]
fn render_writes_a_gif_in_the_background() {
    let mut h = harness();
    let dir = out_dir("gif");
    let path = dir.join("story.gif");
    render(&mut h, "1m", &path);
    assert!(h.state().is_rendering(), "started, on its own thread");
    h.get_by_label("Cancel rendering");
    // The window goes on drawing frames while the animation is written.
    let before = h.ctx.cumulative_pass_nr();
    steps(&mut h, 3);
    assert!(h.ctx.cumulative_pass_nr() > before);
    wait_for_render(&mut h);
    h.run();
    let messages = h.state().messages().join("\n");
    assert!(messages.contains("(27 frames)"), "{messages}");
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options.read_info(std::fs::File::open(&path).unwrap()).unwrap();
    assert_eq!((decoder.width(), decoder.height()), (320, 180));
    let mut frames = 0;
    while decoder.read_next_frame().unwrap().is_some() {
        frames += 1;
    }
    assert_eq!(frames, 27);
    assert!(
        h.query_by_label("Cancel rendering").is_none(),
        "the progress bar is gone"
    );
}

#[test]
fn cancel_stops_the_render_and_leaves_nothing() {
    let mut h = harness();
    let dir = out_dir("cancel");
    let path = dir.join("long.mp4");
    // 792 days, one frame each: far longer than the test waits.
    render(&mut h, "1d", &path);
    assert!(h.state().is_rendering());
    h.get_by_label("Cancel rendering").click();
    steps(&mut h, 1);
    wait_for_render(&mut h);
    h.run();
    let messages = h.state().messages().join("\n");
    assert!(
        messages.contains("Animation cancelled: nothing was written"),
        "{messages}"
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "no file, no .part");
}

#[test]
fn a_bad_field_is_said_in_the_dialog_and_nothing_starts() {
    let mut h = harness();
    open_dialog(&mut h);
    set(&mut h, "Step", "1x");
    set(&mut h, "Save to", "/tmp/never.gif");
    h.get_by_label("Render").click();
    h.run();
    assert!(!h.state().is_rendering());
    assert!(h.query_by_label_contains("is not a step").is_some());
    h.get_by_label("Export animation");
}
