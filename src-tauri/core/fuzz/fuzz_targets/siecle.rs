//! SIECLE parsers on arbitrary bytes: each must return Ok or a French error, never panic.
#![no_main]

use accroche_core::roster::siecle::{parse_nomenclature, parse_responsables, parse_siecle};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let nomenclature = parse_nomenclature(data).ok();
    let _ = parse_siecle(data, "f.xml", nomenclature.as_ref());
    let _ = parse_responsables(data, "f.xml");
});
