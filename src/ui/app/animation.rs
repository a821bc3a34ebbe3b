//! Export ▸ Animation…: a dialog for the days, the step, the size and the
//! format (defaulting to the timeline's view), then the animation rendered
//! on its own thread with its progress and Cancel in the top bar.

use super::ChronomapApp;
use crate::io::animation::AnimationKind;
use crate::model::frames::{Step, frame_days};
use crate::ui::command::{AnimationRequest, Command};
use crate::ui::render::job::RenderJob;
use crate::ui::render::{RenderSpec, parse_size};
use crate::ui::state::AppState;
use chrono::NaiveDate;
use std::path::PathBuf;
use std::sync::Arc;

/// What the dialog's fields hold.
#[derive(Clone, Debug)]
pub struct AnimationForm {
    from: String,
    to: String,
    step: String,
    size: String,
    fps: u32,
    kind: AnimationKind,
    /// Where to write; asked in a file dialog when empty.
    path: String,
    error: Option<String>,
}

/// The frames the default step aims at.
const DEFAULT_FRAMES: i64 = 40;

impl AnimationForm {
    /// The timeline's days, in about forty steps.
    fn for_view(from: NaiveDate, to: NaiveDate) -> Self {
        let days = (to - from).num_days().max(1);
        let step = if days <= DEFAULT_FRAMES {
            "1d"
        } else if days <= 7 * DEFAULT_FRAMES {
            "7d"
        } else if days <= 31 * DEFAULT_FRAMES {
            "1m"
        } else {
            "1y"
        };
        Self {
            from: from.to_string(),
            to: to.to_string(),
            step: step.into(),
            size: "960x540".into(),
            fps: 4,
            kind: AnimationKind::Gif,
            path: String::new(),
            error: None,
        }
    }

    /// The output path with the extension of the chosen format (a folder
    /// path ends in `/`).
    fn match_path_to_kind(&mut self) {
        let trimmed = self
            .path
            .trim()
            .trim_end_matches(['/', std::path::MAIN_SEPARATOR]);
        if trimmed.is_empty() {
            return;
        }
        // Only an animation's own extension goes: "story.v2.gif" keeps ".v2".
        let path = PathBuf::from(trimmed);
        let own = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gif") || e.eq_ignore_ascii_case("mp4"));
        let stem = if own { path.with_extension("") } else { path };
        self.path = match self.kind {
            AnimationKind::Gif => format!("{}.gif", stem.display()),
            AnimationKind::Mp4 => format!("{}.mp4", stem.display()),
            AnimationKind::Frames => format!("{}/", stem.display()),
        };
    }

    /// The request the fields make with `path`, or what is wrong with them.
    fn request(&self, path: PathBuf) -> Result<AnimationRequest, String> {
        let day =
            |s: &str| crate::model::date::parse_day(s.trim()).map_err(|e| format!("'{}': {e}", s.trim()));
        let (from, to) = (day(&self.from)?, day(&self.to)?);
        let step = Step::parse(&self.step).map_err(|e| e.to_string())?;
        let size = parse_size(&self.size).map_err(|e| e.to_string())?;
        frame_days(from, to, step).map_err(|e| e.to_string())?;
        if !path.as_os_str().is_empty() && AnimationKind::of(&path).is_none() {
            return Err(format!(
                "'{}': save to a .gif or .mp4 file, or a folder path ending in /",
                path.display()
            ));
        }
        Ok(AnimationRequest {
            from,
            to,
            step,
            fps: self.fps,
            size,
            path,
        })
    }
}

impl ChronomapApp {
    /// Opens the dialog on the timeline's days.
    pub(super) fn open_animation_dialog(&mut self) {
        let view = self.timeline.view();
        let span = self.state.span();
        self.animation_form = Some(AnimationForm::for_view(
            view.start.max(span.start),
            view.end.min(span.end),
        ));
    }

    /// The dialog, while open.
    pub(super) fn animation_dialog_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(form) = &mut self.animation_form else {
            return;
        };
        let mut open = true;
        let mut chosen: Option<AnimationRequest> = None;
        egui::Window::new("Export animation")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("animation fields").num_columns(2).show(ui, |ui| {
                    for (label, value, hint) in [
                        ("From", &mut form.from, "YYYY-MM-DD"),
                        ("To", &mut form.to, "YYYY-MM-DD"),
                        ("Step", &mut form.step, "1d, 7d, 1m, 1y"),
                        ("Size", &mut form.size, "960x540"),
                    ] {
                        let l = ui.label(label);
                        ui.add(
                            egui::TextEdit::singleline(value)
                                .hint_text(hint)
                                .desired_width(110.0),
                        )
                        .labelled_by(l.id);
                        ui.end_row();
                    }
                    let l = ui.label("Frames a second");
                    ui.add(egui::DragValue::new(&mut form.fps).range(1..=60))
                        .labelled_by(l.id);
                    ui.end_row();
                    ui.label("Format");
                    ui.horizontal(|ui| {
                        for kind in [AnimationKind::Gif, AnimationKind::Mp4, AnimationKind::Frames] {
                            if ui.selectable_value(&mut form.kind, kind, kind.label()).changed() {
                                form.match_path_to_kind();
                            }
                        }
                    });
                    ui.end_row();
                    let l = ui.label("Save to");
                    ui.horizontal(|ui| {
                        ui.add(
                            egui::TextEdit::singleline(&mut form.path)
                                .hint_text("chosen when you render")
                                .desired_width(220.0),
                        )
                        .labelled_by(l.id);
                        if ui.button("Choose…").clicked()
                            && let Some(path) = pick_path(form.kind)
                        {
                            form.path = path.display().to_string();
                        }
                    });
                    ui.end_row();
                });
                ui.label(
                    egui::RichText::new(
                        "Each frame is the map on one day, as the window shows it, with the date, \
                         the data's title and a strip of the whole time span.",
                    )
                    .small()
                    .weak(),
                );
                if let Some(e) = &form.error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                if ui.button("Render").clicked() {
                    match form.request(PathBuf::from(form.path.trim())) {
                        Ok(request) if request.path.as_os_str().is_empty() => {
                            chosen = pick_path(form.kind).map(|path| AnimationRequest { path, ..request });
                        }
                        Ok(request) => chosen = Some(request),
                        Err(e) => form.error = Some(e),
                    }
                }
            });
        if let Some(request) = chosen {
            commands.push(Command::RenderAnimation(request));
            self.animation_form = None;
        } else if !open {
            self.animation_form = None;
        }
    }

    /// Starts writing the animation on its own thread.
    pub(super) fn start_render(&mut self, ctx: &egui::Context, request: AnimationRequest) {
        let days = match frame_days(request.from, request.to, request.step) {
            Ok(days) => days,
            Err(e) => {
                self.messages.push(format!("Animation not written: {e}"));
                return;
            }
        };
        // The frames show what the window does: its filter, region and mode.
        let mut state = AppState::from_shared(
            Arc::clone(&self.state.atlas),
            Arc::clone(self.state.catalog()),
            days.first().copied(),
        );
        state.set_filter(self.state.filter().clone());
        state.select_region(self.state.selected_region().map(str::to_string));
        state.set_cumulative(self.state.cumulative());
        // Events the reader removed are in no export, animations included.
        for pos in self.state.removed() {
            state.set_removed(pos, true);
        }
        let spec = RenderSpec {
            days,
            fps: request.fps,
            size: request.size,
            title: self.data_label.clone(),
            extent: self.map.projector().map(|p| p.visible_bounds()),
        };
        self.rendering = Some(RenderJob::start(state, spec, request.path, ctx.clone()));
    }

    /// Takes the animation's end, when it comes.
    pub(super) fn poll_render(&mut self) {
        let Some(job) = &self.rendering else { return };
        if let Some(result) = job.take_result() {
            self.messages.push(match result {
                Ok(()) => format!("saved {} ({} frames)", job.path.display(), job.total),
                Err(e) if e == "cancelled" => "Animation cancelled: nothing was written".to_string(),
                Err(e) => format!("Animation not written: {e}"),
            });
            self.rendering = None;
        }
    }

    /// The animation's progress and Cancel, in the top bar.
    pub(super) fn render_progress_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some(job) = &self.rendering else { return };
        let name = job.path.file_name().map_or_else(
            || job.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        ui.add(
            egui::ProgressBar::new(job.done() as f32 / job.total.max(1) as f32)
                .desired_width(160.0)
                .text(format!("Rendering {name} {}/{}", job.done(), job.total)),
        );
        if ui.button("Cancel rendering").clicked() {
            commands.push(Command::CancelRender);
        }
    }

    /// Stops the animation being written.
    pub(super) fn cancel_render(&self) {
        if let Some(job) = &self.rendering {
            job.cancel();
        }
    }

    /// Whether an animation is being written.
    pub fn is_rendering(&self) -> bool {
        self.rendering.is_some()
    }
}

/// Where to write, asked in a file dialog (a folder for PNG frames: they go
/// into a new `chronomap-frames` folder in it).
fn pick_path(kind: AnimationKind) -> Option<PathBuf> {
    match kind {
        AnimationKind::Gif | AnimationKind::Mp4 => {
            let ext = if kind == AnimationKind::Gif { "gif" } else { "mp4" };
            rfd::FileDialog::new()
                .add_filter(kind.label(), &[ext])
                .set_file_name(format!("chronomap-story.{ext}"))
                .save_file()
        }
        AnimationKind::Frames => rfd::FileDialog::new()
            .pick_folder()
            .map(|dir| PathBuf::from(format!("{}/", dir.join("chronomap-frames").display()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choosing_a_format_changes_only_an_animations_own_extension() {
        let day = |d: &str| crate::model::date::parse_day(d).unwrap();
        let mut form = AnimationForm::for_view(day("2022-01-01"), day("2022-12-31"));
        let mut to = |path: &str, kind| {
            form.path = path.into();
            form.kind = kind;
            form.match_path_to_kind();
            form.path.clone()
        };
        assert_eq!(to("out/story.v2.gif", AnimationKind::Mp4), "out/story.v2.mp4");
        assert_eq!(to("out/story.v2.mp4", AnimationKind::Frames), "out/story.v2/");
        assert_eq!(to("out.2022/", AnimationKind::Gif), "out.2022.gif");
        assert_eq!(to("", AnimationKind::Gif), "");
    }
}
