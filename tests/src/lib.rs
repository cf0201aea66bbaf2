//! Fixtures shared by the integration tests: invented people, fixed clocks, paths.
#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]

use std::path::{Path, PathBuf};

use accroche_core::casefile::{fixed_clock, Clock, Opened};
use accroche_core::registry::{
    create_case_file, EstablishmentInput, EstablishmentKind, LegalRep, Relationship, Sex,
    StudentInput, Track,
};
use chrono::{NaiveDate, NaiveDateTime};

/// The passphrase of test case files (meets the rule: 4 words).
pub const PASSPHRASE: &str = "correct cheval batterie agrafe";

/// A date.
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 10:00 on a date.
pub fn morning(y: i32, m: u32, d: u32) -> NaiveDateTime {
    date(y, m, d).and_hms_opt(10, 0, 0).unwrap()
}

/// A clock stopped at 10:00 on 22/11/2026.
pub fn clock() -> Clock {
    fixed_clock(morning(2026, 11, 22))
}

/// An invented establishment with a valid UAI.
pub fn establishment() -> EstablishmentInput {
    EstablishmentInput {
        uai: "0750654D".into(),
        name: "Lycée Jean-Moulin d'Essai".into(),
        kind: EstablishmentKind::Lp,
        academie: "Paris".into(),
        address: "1 rue de l'Essai\n99001 Valmont-sur-Exemple".into(),
        head_name: "Hélène Marchetti".into(),
        referent_name: "Karim Benhamou".into(),
        school_year_start: 2026,
    }
}

/// An invented student.
pub fn student(last: &str, first: &str) -> StudentInput {
    StudentInput {
        ine: None,
        eleve_id: None,
        last_name: last.into(),
        first_name: first.into(),
        birth_date: date(2010, 3, 14),
        sex: Some(Sex::F),
        class_name: "2NDE3".into(),
        mef: None,
        track: Some(Track::BacPro),
        entry_date: Some(date(2026, 9, 1)),
        exit_date: None,
        status: "Scolaire".into(),
        email: String::new(),
        phone: String::new(),
        legal_reps: vec![LegalRep {
            last_name: last.into(),
            first_name: "Nadia".into(),
            relationship: Relationship::Mere,
            address: "3 rue des Lilas\n99002 Saint-Fictif".into(),
            phone: "06 12 34 56 78".into(),
            email: "nadia@exemple.test".into(),
        }],
        groups: Vec::new(),
        mef_label: None,
        exit_reason: None,
    }
}

/// A fresh case file in a temp dir (kept alive by the returned `TempDir`).
pub fn new_casefile() -> (tempfile::TempDir, PathBuf, Opened) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lycee.accroche");
    let opened = create_case_file(&path, PASSPHRASE, &establishment(), None, clock()).unwrap();
    (dir, path, opened)
}

/// The repository's `tests/fixtures` folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The text of a PDF as `pdftotext` reads it (poppler-utils).
pub fn pdftotext(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext (poppler-utils) : {e}"));
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}
