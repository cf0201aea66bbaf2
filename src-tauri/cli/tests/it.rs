//! The `accroche` binary, as scripts and administrators use it. These tests live in the CLI
//! package so that `cargo test` always builds the binary they run (CARGO_BIN_EXE_accroche).
#![allow(clippy::unwrap_used)]

use std::io::Read;
use std::process::{Command, Output, Stdio};

use accroche_core::casefile;
use accroche_tests::*;

fn accroche(args: &[&str], passphrase: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accroche"))
        .args(args)
        .env("ACCROCHE_PASSPHRASE", passphrase)
        .env("ACCROCHE_NOW", "2026-11-22T10:00:00")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn demo_then_list_export_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.accroche");
    let f = file.to_str().unwrap();
    let o = accroche(&["demo", f, "--seed", "3"], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("élèves"), "{}", stdout(&o));

    let o = accroche(&["students", f, "list", "--json"], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        rows.as_array().unwrap().len() > 500,
        "the demo school's students are listed"
    );

    // Piped into a command that stops reading early (`| head`): no panic, no error.
    let mut child = Command::new(env!("CARGO_BIN_EXE_accroche"))
        .args(["students", f, "list"])
        .env("ACCROCHE_PASSPHRASE", PASSPHRASE)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(
        o.status.success(),
        "a closed pipe is not an error: {}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));

    // The demo's paths, as the core lists them.
    let o = accroche(&["pafi", f, "list", "--json"], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    let cli: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let core = {
        let cf = casefile::open(&file, PASSPHRASE, true, clock())
            .unwrap()
            .casefile;
        serde_json::to_value(accroche_core::pafi::list_pafi(&cf).unwrap()).unwrap()
    };
    assert_eq!(cli, core, "the CLI lists the core's paths");
    assert_eq!(cli.as_array().unwrap().len(), 4, "{cli}");
    let o = accroche(&["pafi", f, "list"], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for needle in [
        "— En cours depuis le ",
        "— Terminé depuis le ",
        "— à l'issue : Retour en classe ordinaire",
        "— Proposé depuis le ",
        "dates à fixer — tuteur à désigner",
        "— En attente de validation depuis le ",
        "4 parcours",
    ] {
        assert!(text.contains(needle), "« {needle} » missing:\n{text}");
    }

    // The demo's alliances, as the core lists them.
    let o = accroche(&["alliance", f, "list", "--json"], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    let cli: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let core = {
        let cf = casefile::open(&file, PASSPHRASE, true, clock())
            .unwrap()
            .casefile;
        serde_json::to_value(accroche_core::alliance::list_alliances(&cf).unwrap()).unwrap()
    };
    assert_eq!(cli, core, "the CLI lists the core's alliances");
    assert_eq!(cli.as_array().unwrap().len(), 4, "{cli}");
    let o = accroche(&["alliance", f, "list"], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for needle in [
        "— Alliance externe — En cours depuis le ",
        "— Contrat signé par la famille — 5 membres, 2 chartes non signées",
        "— Alliance interne — En cours depuis le ",
        "— Contrat refusé par la famille — 3 membres, 1 charte non signée",
        "— Clôturée depuis le ",
        "— Proposée depuis le ",
        "— référent à désigner — Contrat pas encore proposé — aucun membre",
        "référent : Sophie Lagarde",
        "4 alliances",
    ] {
        assert!(text.contains(needle), "« {needle} » missing:\n{text}");
    }
    let o = accroche(&["dashboard", f], PASSPHRASE);
    assert!(
        stdout(&o).contains("Rappels sur les PAFI : "),
        "{}",
        stdout(&o)
    );

    let json = dir.path().join("export.json");
    let o = accroche(&["export", f, "-o", json.to_str().unwrap()], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    let copy = dir.path().join("copie.accroche");
    let o = accroche(
        &[
            "init",
            copy.to_str().unwrap(),
            "--from",
            json.to_str().unwrap(),
        ],
        PASSPHRASE,
    );
    assert!(o.status.success(), "{}", stderr(&o));

    let o = accroche(&["check", copy.to_str().unwrap()], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Intégrité : correcte"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn errors_are_french_sentences_with_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lycee.accroche");
    let f = file.to_str().unwrap();
    let o = accroche(
        &[
            "init",
            f,
            "--uai",
            "0750654X",
            "--name",
            "Lycée",
            "--academie",
            "Paris",
            "--head",
            "H",
            "--referent",
            "R",
        ],
        PASSPHRASE,
    );
    assert_eq!(o.status.code(), Some(7));
    assert!(
        stderr(&o).contains("la lettre de contrôle est D"),
        "{}",
        stderr(&o)
    );
    assert!(!file.exists(), "nothing is created");

    let o = accroche(
        &[
            "init",
            f,
            "--uai",
            "0750654D",
            "--name",
            "Lycée",
            "--academie",
            "Paris",
            "--head",
            "H",
            "--referent",
            "R",
        ],
        PASSPHRASE,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = accroche(&["pafi", f, "list"], PASSPHRASE);
    assert!(
        stdout(&o).contains("0 parcours (aucun PAFI dans ce dossier)"),
        "{}",
        stdout(&o)
    );
    let o = accroche(&["alliance", f, "list"], PASSPHRASE);
    assert!(
        stdout(&o).contains("0 alliance (aucune alliance éducative dans ce dossier)"),
        "{}",
        stdout(&o)
    );
    let o = accroche(&["check", f], "pas la bonne phrase");
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stderr(&o).trim(), "accroche : Phrase de passe incorrecte.");
}

#[test]
fn a_second_process_gets_the_lock_message_and_can_still_read() {
    let (_dir, path, opened) = new_casefile();
    let f = path.to_str().unwrap();
    let o = accroche(&["backup", f], PASSPHRASE);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Ce dossier est déjà ouvert sur cet ordinateur."),
        "{}",
        stderr(&o)
    );
    let o = accroche(&["students", f, "list"], PASSPHRASE);
    assert!(
        o.status.success(),
        "read-only access works while locked: {}",
        stderr(&o)
    );
    drop(opened);
    let o = accroche(&["backup", f], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(casefile::list_backups(&path).unwrap().len(), 2);
}

#[test]
fn import_previews_applies_and_undoes_from_the_command_line() {
    let (_dir, path, opened) = accroche_tests::new_casefile();
    drop(opened);
    let f = path.to_str().unwrap();
    let fixtures = accroche_tests::fixtures();
    let xml = fixtures.join("siecle/ElevesSansAdresses.xml");
    let xml = xml.to_str().unwrap();

    let o = accroche(&["import", f, xml, "--dry-run", "--json"], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    let counts: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(counts["new"], 10, "{counts}");
    assert_eq!(counts["skipped"], 5, "{counts}");
    let o = accroche(&["students", f, "list", "--json"], PASSPHRASE);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&o.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        0,
        "--dry-run changes nothing"
    );

    let o = accroche(&["import", f, xml], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o)
            .contains("Import fait : 10 nouveaux, 0 mis à jour, 0 sorti, 0 inchangé, 5 ignorés"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("« 31/02/2010 » impossible"),
        "skipped records say why: {}",
        stdout(&o)
    );
    let o = accroche(&["import", f, xml, "--json"], PASSPHRASE);
    let counts: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (counts["new"].as_u64(), counts["unchanged"].as_u64()),
        (Some(0), Some(10)),
        "re-import changes nothing"
    );

    let o = accroche(&["undo-import", f], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = accroche(&["undo-import", f], PASSPHRASE);
    assert!(
        o.status.success(),
        "the first import can be undone too: {}",
        stderr(&o)
    );
    let o = accroche(&["students", f, "list", "--json"], PASSPHRASE);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&o.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        0,
        "both imports undone"
    );
    let o = accroche(&["undo-import", f], PASSPHRASE);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("Aucun import à annuler."),
        "{}",
        stderr(&o)
    );

    let bad = path.with_file_name("pas-un-export.xml");
    std::fs::write(&bad, "bonjour").unwrap();
    let o = accroche(&["import", f, bad.to_str().unwrap()], PASSPHRASE);
    assert!(!o.status.success());
    assert!(stderr(&o).starts_with("accroche : "), "{}", stderr(&o));
}

#[test]
fn the_dashboard_and_agenda_from_the_command_line_match_the_core() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gpds.accroche");
    let f = file.to_str().unwrap();
    let export = fixtures().join("gpds-export.json");
    let o = accroche(&["init", f, "--from", export.to_str().unwrap()], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = accroche(&["dashboard", f, "--json"], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    let cli: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cf = casefile::open(&file, PASSPHRASE, true, clock())
        .unwrap()
        .casefile;
    let core = serde_json::to_value(accroche_core::gpds::dashboard(&cf).unwrap()).unwrap();
    assert_eq!(
        cli, core,
        "the CLI prints the screen's dashboard, line for line"
    );
    assert_eq!(cli["counts"]["inFollowup"], 1);
    assert_eq!(
        cli["counts"]["openProposals"], 1,
        "the PAFI proposed on 13/10/2026"
    );
    assert_eq!(cli["nextMeeting"]["agendaSize"], 1);

    let o = accroche(&["dashboard", f], PASSPHRASE);
    let text = stdout(&o);
    assert!(text.contains("Tableau de bord du 22/11/2026"), "{text}");
    assert!(
        text.contains("Prochaine séance : 08/12/2026 à 14:00 (1 élève à l'ordre du jour)"),
        "{text}"
    );
    assert!(
        text.contains("Léa Dubois-Lefèvre (2MRC1) — PAFI proposé le 13/10/2026"),
        "{text}"
    );

    let o = accroche(&["gpds", f, "agenda"], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("Séance GPDS du 08/12/2026 à 14:00 — Salle B12 (prévue)"),
        "{text}"
    );
    assert!(
        text.contains("1. DUBOIS-LEFÈVRE Léa (2MRC1) — Point de suivi prévu le 08/12/2026"),
        "{text}"
    );
    let o = accroche(&["gpds", f, "agenda", "--json"], PASSPHRASE);
    let agenda: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(agenda["items"][0]["inChargeName"], "Karim Benhamou");
    let o = accroche(&["gpds", f, "agenda", "--seance", "99"], PASSPHRASE);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("Cette séance n'existe pas"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn documents_are_listed_exported_and_verified_from_the_command_line() {
    let (dir, file) = gpds_school("docs.accroche");
    let f = file.to_str().unwrap();
    {
        let mut cf = casefile::open(&file, PASSPHRASE, false, clock())
            .unwrap()
            .casefile;
        accroche_core::gpds::minutes_document(&mut cf, 1).unwrap();
    }
    let o = accroche(&["documents", f, "list"], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("GPDS-2026-0001"), "{}", stdout(&o));
    let o = accroche(&["documents", f, "list", "--json"], PASSPHRASE);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list[0]["state"], "draft");

    let pdf = dir.path().join("cr.pdf");
    let o = accroche(
        &[
            "documents",
            f,
            "export",
            "GPDS-2026-0001",
            "-o",
            pdf.to_str().unwrap(),
        ],
        PASSPHRASE,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = accroche(&["verify", f, pdf.to_str().unwrap()], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("GPDS-2026-0001 v1"),
        "{}",
        stdout(&o)
    );

    let mut bytes = std::fs::read(&pdf).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    let altered = dir.path().join("altered.pdf");
    std::fs::write(&altered, bytes).unwrap();
    let o = accroche(&["verify", f, altered.to_str().unwrap()], PASSPHRASE);
    assert!(!o.status.success(), "an altered file is not accepted");
    assert!(stderr(&o).contains("Fichier modifié"), "{}", stderr(&o));
    let o = accroche(
        &[
            "documents",
            f,
            "export",
            "GPDS-2099-0001",
            "-o",
            pdf.to_str().unwrap(),
        ],
        PASSPHRASE,
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("Aucun document de référence « GPDS-2099-0001 »"),
        "{}",
        stderr(&o)
    );

    // The seal's authority certificate, for whoever must check: the same as the core's.
    let pem = dir.path().join("autorite.pem");
    let o = accroche(
        &["documents", f, "certificate", "-o", pem.to_str().unwrap()],
        PASSPHRASE,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut cf = casefile::open(&file, PASSPHRASE, false, clock())
        .unwrap()
        .casefile;
    let ca = accroche_core::documents::seal_store::ca_certificate(&mut cf).unwrap();
    assert_eq!(std::fs::read_to_string(&pem).unwrap(), ca.pem);
    assert!(
        stdout(&o).contains(&format!("Empreinte SHA-256 : {}", ca.sha256)),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_bilan_json_from_the_command_line_is_the_cores_and_a_bad_year_is_refused() {
    let (dir, file) = gpds_school("bilan.accroche");
    let f = file.to_str().unwrap();
    let o = accroche(&["bilan", f, "--year", "2026-2027"], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cf = casefile::open(&file, PASSPHRASE, true, clock())
        .unwrap()
        .casefile;
    let core =
        accroche_core::bilan::bilan(&cf, accroche_core::school_year::SchoolYear(2026)).unwrap();
    assert_eq!(printed, serde_json::to_value(&core).unwrap());
    assert_eq!(core.value("seances_gpds"), Some(1));
    drop(cf);
    let out = dir.path().join("bilan.json");
    let o = accroche(
        &[
            "bilan",
            f,
            "--year",
            "2026",
            "--format",
            "json",
            "-o",
            out.to_str().unwrap(),
        ],
        PASSPHRASE,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Bilan 2026-2027 écrit"),
        "{}",
        stdout(&o)
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written, printed);
    assert!(
        stdout(&o).contains("Premier export de l'année"),
        "{}",
        stdout(&o)
    );
    // Exported again: frozen figures compared, nothing changed.
    let again = |out: &std::path::Path, format: &str| {
        accroche(
            &[
                "bilan",
                f,
                "--year",
                "2026-2027",
                "--format",
                format,
                "-o",
                out.to_str().unwrap(),
            ],
            PASSPHRASE,
        )
    };
    let o = again(&out, "json");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Chiffres inchangés depuis l'export du 22/11/2026."),
        "{}",
        stdout(&o)
    );
    // A purge of old records (simulated): the next export lists what moved.
    let cf = casefile::open(&file, PASSPHRASE, false, clock())
        .unwrap()
        .casefile;
    cf.conn().execute("DELETE FROM mesure", []).unwrap();
    drop(cf);
    let o = again(&out, "json");
    assert!(
        stdout(&o).contains("Chiffres changés depuis l'export du 22/11/2026 :\n  Mesures de responsabilisation : 1 → 0"),
        "{}",
        stdout(&o)
    );
    // A PDF is not printed in the terminal.
    let o = accroche(
        &["bilan", f, "--year", "2026-2027", "--format", "pdf"],
        PASSPHRASE,
    );
    assert_eq!(o.status.code(), Some(7), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("ajoutez -o bilan.pdf"),
        "{}",
        stderr(&o)
    );
    let o = accroche(&["bilan", f, "--year", "2026-2028"], PASSPHRASE);
    assert_eq!(o.status.code(), Some(7), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("« 2026-2028 » n'est pas une année scolaire"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn journal_verify_passes_on_an_intact_file_and_names_an_altered_entry() {
    let (_dir, file) = gpds_school("journal.accroche");
    let f = file.to_str().unwrap();
    let o = accroche(&["journal", f, "verify"], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Journal intègre : "),
        "{}",
        stdout(&o)
    );
    let cf = casefile::open(&file, PASSPHRASE, false, clock())
        .unwrap()
        .casefile;
    cf.conn()
        .execute_batch(
            "DROP TRIGGER journal_append_only_update;
             UPDATE journal SET author = 'Quelqu''un d''autre' WHERE id = 2;",
        )
        .unwrap();
    drop(cf);
    let o = accroche(&["journal", f, "verify"], PASSPHRASE);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("Journal altéré : l'entrée n° 2 ("),
        "{}",
        stderr(&o)
    );
    let o = accroche(&["journal", f, "list", "--limit", "1"], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1);
}

#[test]
fn bilan_merge_consolidates_schools_and_refuses_another_year() {
    let (dir, file) = gpds_school("ecole.accroche");
    let f = file.to_str().unwrap();
    let o = accroche(&["bilan", f, "--year", "2026-2027"], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut other: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let a = dir.path().join("a.json");
    std::fs::write(&a, &o.stdout).unwrap();
    other["uai"] = "0541234A".into();
    other["establishment"] = "Collège des Exemples".into();
    let b = dir.path().join("b.json");
    std::fs::write(&b, serde_json::to_string(&other).unwrap()).unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());

    let o = accroche(&["bilan", "merge", a, b], PASSPHRASE);
    assert!(o.status.success(), "{}", stderr(&o));
    let merged: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(merged["schoolYear"], "2026-2027");
    assert_eq!(merged["schools"][0]["uai"], "0541234A", "sorted by UAI");
    let seances = merged["sections"][0]["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "seances_gpds")
        .unwrap();
    assert_eq!(seances["values"], serde_json::json!([1, 1]));
    assert_eq!(seances["total"], 2);

    let out = dir.path().join("academie.xlsx");
    let o = accroche(
        &["bilan", "merge", a, b, "-o", out.to_str().unwrap()],
        PASSPHRASE,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("2 bilans consolidés (2026-2027)"),
        "{}",
        stdout(&o)
    );
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));

    other["schoolYear"] = "2025-2026".into();
    let c = dir.path().join("c.json");
    std::fs::write(&c, serde_json::to_string(&other).unwrap()).unwrap();
    let o = accroche(&["bilan", "merge", a, c.to_str().unwrap()], PASSPHRASE);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("ne portent pas sur la même année scolaire"),
        "{}",
        stderr(&o)
    );
    let o = accroche(
        &[
            "bilan",
            "merge",
            a,
            b,
            "-o",
            dir.path().join("x.pdf").to_str().unwrap(),
        ],
        PASSPHRASE,
    );
    assert_eq!(o.status.code(), Some(7), "{}", stderr(&o));
}

/// A case file made by `accroche init --from` the GPDS fixture, in a fresh folder.
fn gpds_school(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    let export = fixtures().join("gpds-export.json");
    let o = accroche(
        &[
            "init",
            file.to_str().unwrap(),
            "--from",
            export.to_str().unwrap(),
        ],
        PASSPHRASE,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    (dir, file)
}
