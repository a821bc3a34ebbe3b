//! chronomap: a map-and-timeline visualiser for conflict events.
//!
//! - [`model`]: time, events, regions and queries (no UI);
//! - [`io`]: loaders, one module per file format;
//! - [`embedded`]: the article dataset and the map built into the binary;
//! - [`cli`]: the command-line face over the model;
//! - [`memory`]: the allocator's setting the binaries share;
//! - [`ui`]: the window (egui).

pub mod cli;
pub mod embedded;
pub mod io;
pub mod memory;
pub mod model;
#[cfg(test)]
mod test_numbers;
pub mod ui;
