//! `--screenshot`: render the window as set up, write it as PNG, close.

use egui::ColorImage;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Whether the screenshot was written (or why not), filled in before the window closes.
pub type ScreenshotOutcome = Arc<Mutex<Option<Result<(), String>>>>;

/// Frames to draw before taking the picture, so that fonts and layout settle.
const SETTLE_FRAMES: u32 = 4;

/// A screenshot to take once the window has settled.
pub struct ScreenshotJob {
    path: PathBuf,
    frames: u32,
    requested: bool,
    image: Arc<Mutex<Option<Arc<ColorImage>>>>,
    outcome: ScreenshotOutcome,
}

impl ScreenshotJob {
    /// A job writing to `path` and reporting to `outcome`.
    pub fn new(path: PathBuf, outcome: ScreenshotOutcome) -> Self {
        Self {
            path,
            frames: 0,
            requested: false,
            image: Arc::new(Mutex::new(None)),
            outcome,
        }
    }

    /// Called after every frame: asks for the picture, then saves it and closes.
    pub fn step(&mut self, ctx: &egui::Context) {
        self.frames += 1;
        ctx.request_repaint();
        if self.frames >= SETTLE_FRAMES && !self.requested {
            self.requested = true;
            let slot = self.image.clone();
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                if let Ok(mut s) = slot.lock() {
                    *s = Some(image);
                }
                repaint.request_repaint();
            });
        }
        let taken = self.image.lock().ok().and_then(|mut s| s.take());
        if let Some(image) = taken {
            let result = save_png(&self.path, &image);
            if let Ok(mut o) = self.outcome.lock() {
                *o = Some(result);
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// Writes an egui image as an RGBA PNG.
pub fn save_png(path: &std::path::Path, image: &ColorImage) -> Result<(), String> {
    let [w, h] = image.size;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    image::save_buffer(path, &bytes, w as u32, h as u32, image::ExtendedColorType::Rgba8)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
