//! The Pronote / ONDE CSV parser on arbitrary bytes: Ok or a French error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = accroche_core::roster::csv::parse_csv(data, "f.csv");
});
