//! RGPD retention: what a purge would delete, refused when the preview changed, done in one
//! transaction with its certificate; the journal's entries about the purged student lose their
//! text but the chain still verifies; frozen bilans stay.

use accroche_core::casefile::{self, journal_list, verify_journal};
use accroche_core::export::{from_json, init_from_export};
use accroche_core::gpds::{create_flag, FlagInput, Signal, SignalKind};
use accroche_core::registry::{student, update_student};
use accroche_core::retention::{preview, purge, set_years_after_exit, years_after_exit};
use accroche_core::school_year::SchoolYear;
use accroche_core::Error;
use accroche_tests::{clock, date, fixtures, PASSPHRASE};

#[test]
fn a_purge_deletes_what_outlived_its_retention_keeps_the_chain_and_prints_a_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("purge.accroche");
    let json = std::fs::read_to_string(fixtures().join("gpds-export.json")).unwrap();
    let mut cf = init_from_export(&path, PASSPHRASE, &from_json(&json).unwrap(), clock())
        .unwrap()
        .casefile;
    // Jules Œuvray (id 2) left on 30/06/2026; a flag of his before he left.
    create_flag(
        &mut cf,
        &FlagInput {
            student_id: 2,
            flagged_on: date(2026, 3, 2),
            raised_by: Some(1),
            signals: vec![Signal {
                kind: SignalKind::Comportement,
                amount: None,
                unjustified: None,
                detail: "Tensions en classe".into(),
            }],
            note: String::new(),
        },
    )
    .unwrap();
    // Léa (id 1) left on 01/07/2026 but her follow-up is still open.
    let mut lea = student(&cf, 1).unwrap().input;
    lea.entry_date = Some(date(2025, 9, 1));
    lea.exit_date = Some(date(2026, 7, 1));
    update_student(&mut cf, 1, &lea).unwrap();
    let bilan_out = dir.path().join("bilan.json");
    accroche_core::bilan::export(
        &mut cf,
        SchoolYear(2025),
        accroche_core::bilan::ExportFormat::Json,
        &bilan_out,
    )
    .unwrap();

    // By default, kept until the end of the year after the exit: Jules stays until 31/08/2027.
    assert_eq!(years_after_exit(&cf).unwrap(), 1);
    let p = preview(&cf).unwrap();
    assert!(p.due.is_empty(), "{:?}", p.due);
    // Kept only for the year of the exit: Jules is due; Léa is held by her open follow-up.
    assert!(set_years_after_exit(&mut cf, 6).is_err());
    set_years_after_exit(&mut cf, 0).unwrap();
    let p = preview(&cf).unwrap();
    assert_eq!(p.due.len(), 1, "{:?}", p.due);
    assert_eq!(p.due[0].name, "Jules Œuvray (1CAP1)");
    assert_eq!(p.due[0].kept_until, date(2026, 8, 31));
    assert_eq!(p.due[0].counts.flags, 1);
    assert!(
        p.due[0].counts.journal_entries >= 1,
        "{:?}",
        p.due[0].counts
    );
    assert_eq!(p.held.len(), 1);
    assert_eq!(p.held[0].student_id, 1);
    assert!(
        p.held[0]
            .held_by
            .as_deref()
            .unwrap_or_default()
            .contains("suivi GPDS ouvert"),
        "{:?}",
        p.held[0].held_by
    );

    // The preview the user saw must still hold.
    let certificate = dir.path().join("certificat.pdf");
    let e = purge(&mut cf, 2, &certificate).unwrap_err();
    assert!(matches!(e, Error::Conflict(_)), "{e:?}");
    assert!(!certificate.exists());
    // A certificate that cannot be written: nothing purged.
    let nowhere = dir.path().join("absent").join("certificat.pdf");
    assert!(purge(&mut cf, 1, &nowhere).is_err());
    assert!(student(&cf, 2).is_ok(), "nothing purged");

    let report = purge(&mut cf, 1, &certificate).unwrap();
    assert_eq!(report.counts.students, 1);
    assert_eq!(report.counts.flags, 1);
    assert!(student(&cf, 2).is_err(), "Jules's record is gone");
    let flags: u32 = cf
        .conn()
        .query_row("SELECT count(*) FROM flag WHERE student_id = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(flags, 0);
    let ok: String = cf
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");

    // The journal: his entries lose their text, the chain holds, the purge itself is there.
    let journal = journal_list(&cf, 10_000).unwrap();
    let text: String = journal
        .iter()
        .map(|e| format!("{} {:?}\n", e.summary, e.changes))
        .collect();
    assert!(!text.contains("Œuvray"), "{text}");
    assert!(journal
        .iter()
        .any(|e| e.summary == "Entrée effacée lors de la purge du 22/11/2026"));
    assert!(journal[0]
        .summary
        .starts_with("Purge RGPD : données de 1 élève sorti effacées"));
    let check = verify_journal(&cf).unwrap();
    assert!(check.broken.is_none(), "{}", check.verdict);
    assert!(
        check.verdict.contains("effacé par une purge"),
        "{}",
        check.verdict
    );

    // The certificate names no one.
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", certificate.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let pdf = String::from_utf8_lossy(&out.stdout);
    assert!(pdf.contains("Certificat de purge des données"), "{pdf}");
    assert!(
        pdf.contains("Purge effectuée le 22/11/2026 par Karim Benhamou"),
        "{pdf}"
    );
    assert!(pdf.contains("Repérages"), "{pdf}");
    assert!(!pdf.contains("Œuvray") && !pdf.contains("Jules"), "{pdf}");

    // Nothing more to purge; the frozen bilan is kept as exported.
    let e = purge(&mut cf, 0, &certificate).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Aucune donnée n'a dépassé sa durée de conservation : rien à purger."
    );
    let frozen = accroche_core::bilan::exports(&cf, SchoolYear(2025)).unwrap();
    assert_eq!(frozen.len(), 1);
    drop(cf);
    let cf = casefile::open(&path, PASSPHRASE, true, clock())
        .unwrap()
        .casefile;
    assert!(verify_journal(&cf).unwrap().broken.is_none());
}
