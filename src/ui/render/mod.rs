//! The story as an animation: one picture per step of time, made with the
//! app's own map and annotations and painted on the CPU (no display, no
//! GPU), then streamed to a GIF, an MP4 or PNG frames
//! ([`crate::io::animation`]). The command line's `render` and the window's
//! Export ▸ Animation… both run [`render`].

pub mod frame_ui;
pub mod job;
pub mod soft;

use super::map::MapPanel;
use super::map::projector::Bounds;
use super::state::AppState;
use crate::io::animation::{AnimationError, FrameRef, FrameSink};
use crate::model::Interval;
use crate::model::frames::FrameError;
use chrono::NaiveDate;
use soft::SoftRenderer;
use std::sync::atomic::{AtomicBool, Ordering};

/// Why a render was refused or stopped.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("'{0}' is not a size: write WIDTHxHEIGHT with even numbers from 64 to 3840 (960x540)")]
    BadSize(String),
    #[error(transparent)]
    Frames(#[from] FrameError),
    #[error("the frame rate must be from 1 to 60, not {0}")]
    BadFps(u32),
    #[error("cancelled")]
    Cancelled,
    #[error(transparent)]
    Output(#[from] AnimationError),
}

/// `960x540`: even numbers from 64 to 3840.
pub fn parse_size(text: &str) -> Result<[u32; 2], RenderError> {
    let bad = || RenderError::BadSize(text.to_string());
    let (w, h) = text.trim().split_once(['x', 'X']).ok_or_else(bad)?;
    let n = |s: &str| -> Result<u32, RenderError> {
        let n: u32 = s.trim().parse().map_err(|_| bad())?;
        ((64..=3840).contains(&n) && n.is_multiple_of(2))
            .then_some(n)
            .ok_or_else(bad)
    };
    Ok([n(w)?, n(h)?])
}

/// What to render.
#[derive(Clone, Debug)]
pub struct RenderSpec {
    pub days: Vec<NaiveDate>,
    pub fps: u32,
    /// In pixels.
    pub size: [u32; 2],
    /// The data's name and source, shown with the date.
    pub title: String,
    /// The area the map shows (what the window's map shows, when exported
    /// from it), fitted to each frame; where the data is when `None`.
    pub extent: Option<Bounds>,
}

/// Frames of one state, painted on the CPU.
pub struct FrameMaker {
    ctx: egui::Context,
    soft: SoftRenderer,
    map: MapPanel,
    state: AppState,
    size: [u32; 2],
    title: String,
    /// The animation's whole range, for the time strip.
    span: Interval,
}

/// Passes of the UI per frame: the map draws its base picture and places
/// its labels on the first; the second shows them settled.
const PASSES: usize = 2;

impl FrameMaker {
    /// Frames of `state` (its filter, region and mode) at `size` pixels,
    /// of an animation over `span`.
    pub fn new(
        state: AppState,
        size: [u32; 2],
        title: String,
        extent: Option<Bounds>,
        span: Interval,
    ) -> Self {
        let ctx = egui::Context::default();
        ctx.set_visuals(egui::Visuals::dark());
        let mut map = MapPanel::new(&state.atlas, extent.or_else(|| super::map::home_of(&state)));
        map.hide_controls();
        Self {
            ctx,
            soft: SoftRenderer::default(),
            map,
            state,
            size,
            title,
            span,
        }
    }

    /// The picture on `day`, as RGBA bytes (unpremultiplied).
    pub fn frame(&mut self, day: NaiveDate) -> Vec<u8> {
        self.state.set_day(day);
        let [w, h] = self.size;
        let input = || egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(w as f32, h as f32),
            )),
            ..Default::default()
        };
        let mut shapes = Vec::new();
        let mut ppp = 1.0;
        for _ in 0..PASSES {
            let output = self.ctx.run_ui(input(), |ui| {
                frame_ui::frame_ui(ui, &self.state, &mut self.map, &self.title, self.span);
            });
            let mut delta = output.textures_delta;
            self.soft.update(&delta);
            // Applied above; `clear` tells epaint so.
            delta.clear();
            ppp = output.pixels_per_point;
            shapes = output.shapes;
        }
        // Only the settled pass is painted.
        let primitives = self.ctx.tessellate(shapes, ppp);
        let background = self.ctx.global_style().visuals.extreme_bg_color;
        let image = self
            .soft
            .paint(&primitives, [w as usize, h as usize], ppp, background);
        image
            .pixels
            .iter()
            .flat_map(egui::Color32::to_srgba_unmultiplied)
            .collect()
    }
}

/// Renders `spec.days` of `state` into `sink`; `progress` hears (done,
/// total) after each frame; `cancel` stops it (nothing is left written).
pub fn render(
    state: AppState,
    spec: &RenderSpec,
    mut sink: Box<dyn FrameSink>,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> Result<(), RenderError> {
    if !(1..=60).contains(&spec.fps) {
        return Err(RenderError::BadFps(spec.fps));
    }
    let (Some(&first), Some(&last)) = (spec.days.first(), spec.days.last()) else {
        return sink.finish().map_err(RenderError::from);
    };
    let span = Interval {
        start: first,
        end: last,
    };
    let mut maker = FrameMaker::new(state, spec.size, spec.title.clone(), spec.extent, span);
    let total = spec.days.len();
    for (k, &day) in spec.days.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(RenderError::Cancelled);
        }
        let rgba = maker.frame(day);
        sink.push(FrameRef {
            width: spec.size[0],
            height: spec.size[1],
            rgba: &rgba,
        })?;
        progress(k + 1, total);
    }
    sink.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_even_and_bounded() {
        assert_eq!(parse_size("960x540").unwrap(), [960, 540]);
        assert_eq!(parse_size(" 64X3840 ").unwrap(), [64, 3840]);
        assert!(parse_size("961x540").is_err() && parse_size("10x10").is_err() && parse_size("big").is_err());
        assert!(parse_size("3842x540").is_err() && parse_size("960x").is_err());
    }
}
