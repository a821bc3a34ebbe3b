//! Workbooks (xlsx, xls, xlsb, ods, told apart by their bytes) from arbitrary bytes.
#![no_main]

use chronomap_fuzz::{atlas, check};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(atlas) = atlas() else { return };
    if let Ok((_, loaded)) = chronomap::io::workbook::load_workbook_bytes("fuzz.xlsx", data.to_vec(), atlas) {
        check(&loaded, "fuzz.xlsx");
    }
});
