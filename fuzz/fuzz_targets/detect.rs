//! Format detection and dispatch: arbitrary text through `load_events_text`,
//! and arbitrary bytes through the streaming reader path that files take.
#![no_main]

use chronomap_fuzz::{atlas, check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(atlas) = atlas() else { return };
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(loaded) = chronomap::io::load_events_text("fuzz", text, atlas)
    {
        check(&loaded, "fuzz");
    }
    if let Ok((_, loaded)) = chronomap::io::detect::load_events_from_reader("fuzz", data, atlas, &mut |_| {})
    {
        check(&loaded, "fuzz");
    }
});
