//! GDELT 2.0 event exports (tab-separated, headerless) from arbitrary bytes.
#![no_main]

use chronomap_fuzz::{atlas, check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(atlas) = atlas() else { return };
    if let Ok(loaded) = chronomap::io::gdelt::parse_gdelt_reader("fuzz.export.CSV", data, atlas, &mut |_| {}) {
        check(&loaded, "fuzz.export.CSV");
    }
});
