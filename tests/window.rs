//! The real binary in a real window: the release build under Xvfb with
//! `--screenshot` writes a PNG of the window, and the PNG shows a map.
//!
//! Needs `xvfb-run` and Mesa (see `scripts/system-packages`) and the release
//! binary (`cargo build --release`, which `scripts/check` runs first).

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers outside #[test] functions fail loudly"
)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn release_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let bin = target.join("release").join("chronomap");
    assert!(
        bin.exists(),
        "{} is missing: run `cargo build --release` first (scripts/check does)",
        bin.display()
    );
    bin
}

/// Runs the binary under Xvfb with a fresh, empty settings folder; kills it
/// if it hangs (a guard against a stuck window, not a timing assertion).
fn screenshot(args: &[&str], out: &std::path::Path) -> std::process::Output {
    let runtime = tempdir("runtime");
    let data = tempdir("data");
    let mut child = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x800x24"])
        .arg(release_binary())
        .args(args)
        .arg("--screenshot")
        .arg(out)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("XDG_DATA_HOME", &data)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xvfb-run must be installed (scripts/system-packages)");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.wait_with_output().unwrap()
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chronomap-window-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn release_binary_writes_a_screenshot_of_the_window() {
    let out_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("window-test");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join("september-2022.png");
    let _ = std::fs::remove_file(&out);
    let output = screenshot(&["--at", "2022-09-13"], &out);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "exit {:?}: {stderr}",
        output.status.code()
    );

    let image = image::open(&out).unwrap().to_rgba8();
    assert_eq!((image.width(), image.height()), (1280, 800), "the window's size");
    // Not blank: many colours, including the sea's blue and land.
    let mut colours = std::collections::HashSet::new();
    for p in image.pixels().step_by(7) {
        colours.insert(p.0);
    }
    assert!(
        colours.len() > 200,
        "only {} colours: a blank window?",
        colours.len()
    );
    // The sea and Armenia are there in their palette colours.
    let count = |c: egui::Color32| image.pixels().filter(|p| p.0[..3] == c.to_array()[..3]).count();
    let found = [true, false].map(|dark| {
        let palette = chronomap::ui::style::Palette::new(dark);
        [count(palette.sea), count(palette.subject(0))]
    });
    // (Xvfb's pointer rests mid-screen, so the region there is drawn hovered.)
    let [sea, armenia] = found.into_iter().max_by_key(|c| c[0]).unwrap();
    assert!(sea > 5_000, "no sea on the map ({sea} pixels)");
    assert!(armenia > 5_000, "Armenia missing: {armenia} pixels");
}

#[test]
fn bad_arguments_fail_before_a_window_opens() {
    let out = std::env::temp_dir().join("chronomap-never-written.png");
    let output = Command::new(release_binary())
        .args(["--select", "Atlantis", "--screenshot"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown region 'Atlantis'"));
    assert!(!out.exists());
}
