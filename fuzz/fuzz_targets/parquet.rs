//! Parquet files (GeoParquet, dictionary pages, every codec chronomap
//! builds) from arbitrary bytes.
#![no_main]

use chronomap_fuzz::{atlas, check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(atlas) = atlas() else { return };
    if let Ok((_, loaded)) = chronomap::io::parquet::load_parquet_bytes("fuzz.parquet", data.to_vec(), atlas) {
        check(&loaded, "fuzz.parquet");
    }
});
