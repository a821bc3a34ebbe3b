//! TimelineJS JSON from arbitrary text.
#![no_main]

use chronomap_fuzz::{atlas, check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(atlas) = atlas() else { return };
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(loaded) = chronomap::io::timelinejs::parse_timeline("fuzz.json", text, atlas) {
        check(&loaded.into_store(), "fuzz.json");
    }
});
