//! The window: one file per panel or widget (`*_ui` functions), the shared
//! state and the commands that change it.

pub mod app;
pub mod command;
pub mod details_ui;
pub mod disc_sprites;
pub mod event_list_ui;
pub mod filter_ui;
pub mod frame_log;
pub mod frame_times;
pub mod loader;
pub mod map_density;
pub mod map_labels;
pub mod map_layers;
pub mod map_markers;
pub mod map_raster;
pub mod map_ui;
pub mod map_view;
pub mod mesh_cache;
pub mod screenshot;
pub mod settings;
pub mod state;
pub mod style;
pub mod timeline_ui;

pub use app::{ChronomapApp, StartOptions};
