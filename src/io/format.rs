//! The formats chronomap reads, and which one a CSV header names.

use std::fmt;

/// The formats chronomap reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// chronomap's own events as a GeoJSON FeatureCollection.
    EventGeoJson,
    /// UCDP Georeferenced Event Dataset CSV.
    Ucdp,
    /// ACLED CSV export.
    Acled,
    /// TimelineJS JSON.
    TimelineJs,
    /// GDELT 2.0 event export: tab-separated, no header.
    Gdelt,
    /// chronomap's own CSV export, read back.
    ChronomapCsv,
    /// A GeoJSON FeatureCollection of regions (polygons), not events.
    RegionGeoJson,
}

impl Format {
    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::EventGeoJson => "events GeoJSON",
            Self::Ucdp => "UCDP GED CSV",
            Self::Acled => "ACLED CSV",
            Self::TimelineJs => "TimelineJS JSON",
            Self::Gdelt => "GDELT 2.0 events",
            Self::ChronomapCsv => "chronomap CSV",
            Self::RegionGeoJson => "regions GeoJSON",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The format a CSV header line names, if any (or, for GDELT's headerless
/// exports, the format its first row has the shape of).
pub fn detect_csv_header(line: &str) -> Option<Format> {
    if super::gdelt::looks_like_gdelt(line) {
        return Some(Format::Gdelt);
    }
    let columns: Vec<String> = line
        .split([',', ';', '\t'])
        .map(|c| c.trim().trim_matches('"').trim().to_lowercase())
        .collect();
    let has = |name: &str| columns.iter().any(|c| c == name);
    if has("edtf") && has("casualties_low") && has("title") {
        Some(Format::ChronomapCsv)
    } else if has("date_start") && has("best") {
        Some(Format::Ucdp)
    } else if has("event_id_cnty") || has("event_date") {
        Some(Format::Acled)
    } else if has("globaleventid") && has("sqldate") {
        Some(Format::Gdelt)
    } else {
        None
    }
}
