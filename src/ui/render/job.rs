//! An animation rendered on its own thread for the window: its progress,
//! a way to cancel it, and how it ended.

use super::{RenderError, RenderSpec, render};
use crate::ui::state::AppState;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// One animation being written.
pub struct RenderJob {
    pub path: PathBuf,
    pub total: usize,
    done: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    outcome: Arc<Mutex<Option<Result<(), String>>>>,
}

impl RenderJob {
    /// Starts rendering `spec` of `state` to `path`; `ctx` is asked to
    /// repaint as frames are done.
    pub fn start(state: AppState, spec: RenderSpec, path: PathBuf, ctx: egui::Context) -> Self {
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let outcome = Arc::new(Mutex::new(None));
        let job = Self {
            path: path.clone(),
            total: spec.days.len(),
            done: done.clone(),
            cancel: cancel.clone(),
            outcome: outcome.clone(),
        };
        std::thread::spawn(move || {
            let run = || -> Result<(), RenderError> {
                let sink = crate::io::animation::open(&path, spec.size, spec.fps)?;
                let mut progress = |n: usize, _total: usize| {
                    done.store(n, Ordering::Relaxed);
                    ctx.request_repaint();
                };
                render(state, &spec, sink, &mut progress, &cancel)
            };
            // A bug that panics must still end the job, as a message.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
                .unwrap_or_else(|_| {
                    Err(RenderError::Output(
                        crate::io::animation::AnimationError::Invalid {
                            path: path.display().to_string(),
                            reason: "rendering stopped on an internal error".into(),
                        },
                    ))
                })
                .map_err(|e| e.to_string());
            if let Ok(mut slot) = outcome.lock() {
                *slot = Some(result);
            }
            ctx.request_repaint();
        });
        job
    }

    /// Frames done so far.
    pub fn done(&self) -> usize {
        self.done.load(Ordering::Relaxed)
    }

    /// Asks the thread to stop; nothing is left written.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// How it ended, once it has (taken: returns it once).
    pub fn take_result(&self) -> Option<Result<(), String>> {
        self.outcome.lock().ok().and_then(|mut slot| slot.take())
    }
}
