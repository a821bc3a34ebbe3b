//! Parquet files (GeoParquet, dictionary pages, every codec chronomap
//! builds) from arbitrary bytes.
//!
//! The parquet crate panics on some damaged pages (a division by zero in its
//! byte-array reader, found here); the loader catches that and reports a
//! damaged file, as the app must. libFuzzer's hook would abort on any panic,
//! caught or not, so the default hook is put back: a panic that escapes the
//! loader still aborts (libfuzzer-sys aborts when the target unwinds).
#![no_main]

use chronomap_fuzz::{atlas, check};
use libfuzzer_sys::fuzz_target;
use std::sync::Once;

static DEFAULT_HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    DEFAULT_HOOK.call_once(|| drop(std::panic::take_hook()));
    let Some(atlas) = atlas() else { return };
    if let Ok((_, loaded)) = chronomap::io::parquet::load_parquet_bytes("fuzz.parquet", data.to_vec(), atlas) {
        check(&loaded, "fuzz.parquet");
    }
});
