//! Consolidating an académie: 300 establishments' anonymous JSON files read and merged (the
//! target is under a second). One real bilan is computed from the demo school, then made into
//! 300 with other UAIs and varied values.
#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;

use accroche_core::bilan::merge::{merge, parse};
use accroche_core::bilan::{bilan, to_json};
use accroche_core::casefile::{self, fixed_clock};
use accroche_core::demo::{generate, Scale};
use accroche_core::export::init_from_export;
use accroche_core::school_year::SchoolYear;
use chrono::NaiveDate;
use criterion::Criterion;

const PASSPHRASE: &str = "mesure de performance accroche";
const SCHOOLS: u32 = 300;

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let clock = fixed_clock(today.and_hms_opt(10, 0, 0).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lycee.accroche");
    let export = generate(Scale::Normal, 1, today);
    drop(init_from_export(&path, PASSPHRASE, &export, clock.clone()).unwrap());
    let cf = casefile::open(&path, PASSPHRASE, true, clock)
        .unwrap()
        .casefile;
    let one = bilan(&cf, SchoolYear(2026)).unwrap();
    // 300 establishments: other UAIs, each value shifted by a school- and figure-dependent amount.
    let files: Vec<String> = (0..SCHOOLS)
        .map(|i| {
            let mut b = one.clone();
            b.uai = format!("0{:06}{}", 540_000 + i, char::from(b'A' + (i % 26) as u8));
            b.establishment = format!("Établissement n° {i}");
            for (j, f) in b
                .sections
                .iter_mut()
                .flat_map(|s| &mut s.figures)
                .enumerate()
            {
                f.value += (i * 7 + j as u32 * 3) % 23;
            }
            for (j, r) in b
                .sections
                .iter_mut()
                .flat_map(|s| &mut s.distributions)
                .flat_map(|d| &mut d.rows)
                .enumerate()
            {
                r.count += (i * 5 + j as u32) % 11;
            }
            to_json(&b).unwrap()
        })
        .collect();
    let bytes: usize = files.iter().map(String::len).sum();
    println!(
        "{SCHOOLS} bilans JSON, {:.1} Mo au total",
        bytes as f64 / 1_000_000.0
    );
    let names: Vec<String> = (0..SCHOOLS).map(|i| format!("bilan-{i}.json")).collect();
    let mut c = Criterion::default().configure_from_args().sample_size(20);
    c.bench_function(
        "consolidation de 300 bilans (lecture JSON + fusion)",
        |bch| {
            bch.iter(|| {
                let bilans: Vec<_> = files
                    .iter()
                    .zip(&names)
                    .map(|(text, name)| parse(text, name).unwrap())
                    .collect();
                black_box(merge(&bilans).unwrap())
            })
        },
    );
    c.final_summary();
}
