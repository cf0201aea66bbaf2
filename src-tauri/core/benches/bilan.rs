//! The yearly bilan at the "large school" scale (2,000 students a year over 10 school years,
//! with ten years of GPDS history): computing one year's indicators and writing the anonymous
//! JSON; and the target, one year's bilan as PDF + XLSX (computed, then both written)
//! under 300 ms median.
#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;
use std::time::Instant;

use accroche_core::bilan::{bilan, pdf, qualitative, sheet, to_json};
use accroche_core::casefile::{self, fixed_clock};
use accroche_core::demo::{generate, Scale};
use accroche_core::export::init_from_export;
use accroche_core::school_year::SchoolYear;
use chrono::NaiveDate;
use criterion::Criterion;

const PASSPHRASE: &str = "mesure de performance accroche";

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let clock = fixed_clock(today.and_hms_opt(10, 0, 0).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grand-lycee.accroche");
    let export = generate(Scale::Large, 1, today);
    let started = Instant::now();
    drop(init_from_export(&path, PASSPHRASE, &export, clock.clone()).unwrap());
    println!(
        "Grand dossier : {} élèves, créé en {:.2} s",
        export.students.len(),
        started.elapsed().as_secs_f64()
    );
    let cf = casefile::open(&path, PASSPHRASE, true, clock)
        .unwrap()
        .casefile;
    let year = SchoolYear(2025);
    let b = bilan(&cf, year).unwrap();
    println!(
        "Bilan {} : {} élèves signalés, {} suivis, {} séances",
        b.school_year,
        b.value("eleves_signales").unwrap_or(0),
        b.value("eleves_suivis_gpds").unwrap_or(0),
        b.value("seances_gpds").unwrap_or(0)
    );
    let mut c = Criterion::default().configure_from_args().sample_size(30);
    c.bench_function("bilan d'une année (indicateurs)", |bch| {
        bch.iter(|| black_box(bilan(&cf, year).unwrap()))
    });
    c.bench_function("bilan d'une année (indicateurs + JSON anonyme)", |bch| {
        bch.iter(|| black_box(to_json(&bilan(&cf, year).unwrap()).unwrap()))
    });
    let q = qualitative(&cf, year).unwrap();
    let sizes = (
        pdf::pdf(&b, &q).unwrap().len(),
        sheet::xlsx(&b, &q).unwrap().len(),
    );
    println!("PDF {} octets, XLSX {} octets", sizes.0, sizes.1);
    c.bench_function("bilan d'une année (indicateurs + PDF + XLSX)", |bch| {
        bch.iter(|| {
            let b = bilan(&cf, year).unwrap();
            black_box((pdf::pdf(&b, &q).unwrap(), sheet::xlsx(&b, &q).unwrap()))
        })
    });
    c.final_summary();
}
