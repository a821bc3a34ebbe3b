//! User region GeoJSON (`--regions`, drag and drop) from arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(loaded) = chronomap::io::region_geojson::parse_regions("fuzz.geojson", text) {
        for problem in &loaded.problems {
            let _ = problem.to_string();
        }
    }
});
