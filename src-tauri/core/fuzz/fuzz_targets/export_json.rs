//! The case-file JSON import (`export::from_json`) on arbitrary UTF-8: Ok or a French error,
//! never a panic. Inputs that are not UTF-8 are skipped (the caller reads the file as text).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = accroche_core::export::from_json(text);
    }
});
