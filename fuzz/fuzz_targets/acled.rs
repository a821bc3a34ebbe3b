//! ACLED CSV from arbitrary bytes (invalid UTF-8 included), streamed.
#![no_main]

use chronomap_fuzz::{atlas, check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(atlas) = atlas() else { return };
    if let Ok(loaded) = chronomap::io::acled::parse_acled_reader("fuzz.csv", data, atlas, &mut |_| {}) {
        check(&loaded, "fuzz.csv");
    }
});
