//! Parquet files (GeoParquet, dictionary pages, every codec chronomap
//! builds) from arbitrary bytes.
//!
//! The parquet crate panics on some damaged pages (a division by zero in its
//! byte-array reader, found here); the loader catches that inside
//! `io::quiet_panic::caught` and reports a damaged file, as the app must, and
//! libFuzzer's abort hook is not called for it. A panic anywhere else still
//! aborts and is a finding.
#![no_main]

use chronomap_fuzz::{atlas, check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(atlas) = atlas() else { return };
    if let Ok((_, loaded)) = chronomap::io::parquet::load_parquet_bytes("fuzz.parquet", data.to_vec(), atlas) {
        check(&loaded, "fuzz.parquet");
    }
});
