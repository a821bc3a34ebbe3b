//! The window: one file per panel or widget (`*_ui` functions), the shared
//! state and the commands that change it.

pub mod app;
pub mod article_ui;
pub mod command;
pub mod details_ui;
pub mod event_list_ui;
pub mod filter_ui;
pub mod frame_log;
pub mod frame_times;
pub mod loader;
pub mod map;
pub mod render;
pub mod review_ui;
pub mod screenshot;
pub mod settings;
pub mod state;
pub mod style;
pub mod timeline;

pub use app::{ChronomapApp, StartOptions};
