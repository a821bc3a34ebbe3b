//! Exports: the view as PNG (the window's next picture), the listed events
//! as GeoJSON or CSV.

use super::{ChronomapApp, PendingPng};
use crate::ui::command::ExportKind;
use std::sync::{Arc, Mutex};

impl ChronomapApp {
    pub(super) fn poll_png_export(&mut self) {
        let Some(pending) = &self.png_export else { return };
        let image = pending.image.lock().ok().and_then(|mut s| s.take());
        if let Some(image) = image {
            let result = crate::ui::screenshot::save_png(&pending.path, &image);
            self.messages.push(match result {
                Ok(()) => format!("saved {}", pending.path.display()),
                Err(e) => e,
            });
            self.png_export = None;
        }
    }

    pub(super) fn export_to(&mut self, ctx: &egui::Context, kind: ExportKind, path: std::path::PathBuf) {
        let events = self
            .state
            .listed()
            .iter()
            .filter_map(|&i| self.state.catalog().get(i as usize));
        let written = match kind {
            ExportKind::Png => {
                let image = Arc::new(Mutex::new(None));
                let (slot, repaint) = (image.clone(), ctx.clone());
                ctx.request_screenshot(move |shot| {
                    if let Ok(mut s) = slot.lock() {
                        *s = Some(shot);
                    }
                    repaint.request_repaint();
                });
                self.png_export = Some(PendingPng { path, image });
                return;
            }
            ExportKind::GeoJson => std::fs::File::create(&path)
                .and_then(|f| crate::io::export::write_geojson(events, &mut std::io::BufWriter::new(f)))
                .map_err(|e| e.to_string()),
            ExportKind::Csv => std::fs::File::create(&path)
                .map_err(|e| e.to_string())
                .and_then(|f| {
                    crate::io::export::write_csv(events, &self.state.atlas, &mut std::io::BufWriter::new(f))
                        .map_err(|e| e.to_string())
                }),
        };
        self.messages.push(match written {
            Ok(()) => format!("saved {}", path.display()),
            Err(e) => format!("cannot write {}: {e}", path.display()),
        });
    }
}
