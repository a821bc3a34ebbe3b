//! Files for the window tests: dropped on the window, written for a test,
//! and waiting for their loads to finish.

#![expect(clippy::panic, clippy::unwrap_used, reason = "test helpers fail loudly")]

use chronomap::ui::ChronomapApp;
use egui_kittest::Harness;

/// A file dropped on the window.
#[derive(Debug)]
pub struct Dropped(pub std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Runs frames until background loads finish (bounded).
pub fn wait_for_loads(h: &mut Harness<'_, ChronomapApp>) {
    for _ in 0..200 {
        if !h.state().is_loading() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    panic!("loading did not finish");
}

/// `text` in a file called `name` in this test run's folder.
pub fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("chronomap-ui-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}
