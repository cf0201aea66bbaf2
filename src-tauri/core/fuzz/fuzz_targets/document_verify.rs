//! The document verifier on arbitrary bytes (any file a user may drop to check a PDF): Ok or a
//! French error, never a panic.
//!
//! `verify_file` needs an open case file. Creating an encrypted one per input would be far too
//! slow, so ONE is created on the first input (an invented establishment, a fixed clock) in
//! target/document_verify-casefile/PID/ and kept for the whole run; `verify_file` only reads it.
#![no_main]

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use accroche_core::casefile::{fixed_clock, CaseFile};
use accroche_core::documents::registry::verify_file;
use accroche_core::registry::{create_case_file, EstablishmentInput, EstablishmentKind};
use libfuzzer_sys::fuzz_target;

static CASE_FILE: OnceLock<Mutex<CaseFile>> = OnceLock::new();

fn case_file() -> &'static Mutex<CaseFile> {
    CASE_FILE.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("target/document_verify-casefile")
            .join(std::process::id().to_string());
        // A stale directory from an earlier run with the same process id.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("case file directory");
        let establishment = EstablishmentInput {
            uai: "0750654D".into(),
            name: "Lycée Jean-Moulin d'Essai".into(),
            kind: EstablishmentKind::Lp,
            academie: "Paris".into(),
            address: "1 rue de l'Essai\n99001 Valmont-sur-Exemple".into(),
            head_name: "Hélène Marchetti".into(),
            referent_name: "Karim Benhamou".into(),
            school_year_start: 2026,
        };
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("date");
        let opened = create_case_file(
            &dir.join("fuzz.accroche"),
            "correct cheval batterie agrafe",
            &establishment,
            None,
            fixed_clock(at),
        )
        .expect("case file for the fuzz target");
        Mutex::new(opened.casefile)
    })
}

fuzz_target!(|data: &[u8]| {
    let cf = case_file().lock().unwrap_or_else(|e| e.into_inner());
    let _ = verify_file(&cf, data);
});
