//! The pure model: time, events, regions and the queries over them. Nothing
//! here knows about windows or egui.

pub mod article_doc;
pub mod atlas;
pub mod casualties;
pub mod catalog;
pub mod date;
pub mod date_order;
pub mod event;
pub mod event_texts;
pub mod extent;
pub mod extract;
pub mod filter;
pub mod frames;
pub mod gazetteer;
pub mod narrow;
pub mod point_index;
pub mod projection;
pub mod region;
pub mod region_cells;
pub mod relative;
pub mod review;
pub mod series;
pub mod shape;
pub mod store;
pub mod sym;
pub mod text_arena;
pub mod time_index;

pub use atlas::Atlas;
pub use casualties::Casualties;
pub use catalog::{Catalog, Query};
pub use date::{FuzzyDate, FuzzyInterval, Interval, Precision};
pub use event::{Event, Location, Note, Publication, Source};
pub use event_texts::{EventTexts, TextParts};
pub use filter::EventFilter;
pub use gazetteer::{Gazetteer, Place as GazetteerPlace, PlaceKind};
pub use region::{Region, RegionKind, RegionStyle};
pub use relative::EventTime;
pub use store::{EventParts, EventRef, EventStore, Slots, TimeParts};
pub use sym::{Interner, Sym, SymList};
