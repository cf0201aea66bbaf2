//! Accounts: each person's passphrase unwraps the one case-file key; roles decide who writes
//! and who manages; the recovery key opens everything and rebuilds a lost key file.

use accroche_core::casefile::{self, journal_list, open_as, sign_in_accounts};
use accroche_core::registry::create_student;
use accroche_core::users::{self, Role};
use accroche_core::Error;
use accroche_tests::*;

const NURSE: &str = "infirmière du lycée 2026";
const TEACHER: &str = "professeur principal 2nde";

fn key_file(path: &std::path::Path) -> std::path::PathBuf {
    path.with_extension("accroche.cles")
}

/// A case file with a médico-social account and a teacher's, closed; returns their ids.
fn with_staff() -> (tempfile::TempDir, std::path::PathBuf, String, i64, i64) {
    let (dir, path, opened) = new_casefile();
    let recovery = opened.recovery_key.clone().unwrap();
    let mut cf = opened.casefile;
    let nurse = users::create_account(&mut cf, "Sophie Lambert", Role::MedicoSocial, NURSE)
        .unwrap()
        .id;
    let teacher = users::create_account(&mut cf, "Paul Girard", Role::Enseignant, TEACHER)
        .unwrap()
        .id;
    drop(cf);
    (dir, path, recovery, nurse, teacher)
}

#[test]
fn creating_a_case_file_makes_the_referents_account_and_tells_a_recovery_key_once() {
    let (_dir, path, opened) = new_casefile();
    let key = opened.recovery_key.clone().expect("told at creation");
    assert_eq!(key.len(), 39, "8 groups of 4, with dashes: {key}");
    assert_eq!(key.split('-').count(), 8);
    let cf = &opened.casefile;
    assert_eq!(cf.user().name, "Karim Benhamou");
    assert_eq!(cf.user().role, Role::Referent);
    drop(opened);
    let again = casefile::open(&path, PASSPHRASE, false, clock()).unwrap();
    assert!(again.recovery_key.is_none(), "shown only once");
    assert_eq!(
        sign_in_accounts(&path).unwrap(),
        [(1, "Karim Benhamou".to_string())]
    );
    // The key file names staff only, and holds no passphrase nor key in clear.
    let bytes = std::fs::read_to_string(key_file(&path)).unwrap();
    assert!(bytes.contains("Karim Benhamou"));
    assert!(!bytes.contains(PASSPHRASE));
    assert!(!bytes.contains(&key.replace('-', "")));
}

#[test]
fn each_account_opens_with_its_own_passphrase_and_is_the_author_of_its_writes() {
    let (_dir, path, _key, nurse, teacher) = with_staff();
    let mut cf = open_as(&path, Some(nurse), NURSE, false, clock())
        .unwrap()
        .casefile;
    assert_eq!(cf.user().name, "Sophie Lambert");
    assert_eq!(cf.user().role, Role::MedicoSocial);
    create_student(&mut cf, &student("Dubois", "Léa")).unwrap();
    assert_eq!(journal_list(&cf, 1).unwrap()[0].author, "Sophie Lambert");
    drop(cf);
    // Without naming the account, the passphrase finds it.
    let cf = casefile::open(&path, TEACHER, true, clock())
        .unwrap()
        .casefile;
    assert_eq!(cf.user().id, teacher);
    drop(cf);
    // Another account's passphrase does not open this one.
    let err = open_as(&path, Some(teacher), NURSE, true, clock()).unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase), "{err:?}");
    let err = casefile::open(&path, "pas la bonne phrase du tout", true, clock()).unwrap_err();
    assert_eq!(err.to_string(), "Phrase de passe incorrecte.");
}

#[test]
fn changing_ones_passphrase_rewraps_one_slot_and_nothing_else() {
    let (_dir, path, _key, nurse, teacher) = with_staff();
    let before = std::fs::read_to_string(key_file(&path)).unwrap();
    let slot_of = |json: &str, id: i64| -> serde_json::Value {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        v["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()["slot"]
            .clone()
    };
    let mut cf = open_as(&path, Some(nurse), NURSE, false, clock())
        .unwrap()
        .casefile;
    let e =
        users::change_own_passphrase(&mut cf, "pas la bonne", "nouvelle phrase de l'infirmière")
            .unwrap_err();
    assert_eq!(e.to_string(), "La phrase de passe actuelle est incorrecte.");
    let e = users::change_own_passphrase(&mut cf, NURSE, "court").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("La phrase de passe est trop courte"),
        "{e}"
    );
    users::change_own_passphrase(&mut cf, NURSE, "nouvelle phrase de l'infirmière").unwrap();
    drop(cf);
    let after = std::fs::read_to_string(key_file(&path)).unwrap();
    assert_ne!(slot_of(&before, nurse), slot_of(&after, nurse));
    assert_eq!(
        slot_of(&before, teacher),
        slot_of(&after, teacher),
        "the others' slots are untouched"
    );
    assert_eq!(slot_of(&before, 1), slot_of(&after, 1));
    assert!(open_as(&path, Some(nurse), NURSE, true, clock()).is_err());
    assert!(open_as(
        &path,
        Some(nurse),
        "nouvelle phrase de l'infirmière",
        true,
        clock()
    )
    .is_ok());
    assert!(open_as(&path, Some(teacher), TEACHER, true, clock()).is_ok());
    assert!(casefile::open(&path, PASSPHRASE, true, clock()).is_ok());
}

#[test]
fn only_the_referent_manages_accounts_and_a_read_only_account_writes_nothing() {
    let (_dir, path, _key, nurse, teacher) = with_staff();
    let mut cf = open_as(&path, Some(teacher), TEACHER, false, clock())
        .unwrap()
        .casefile;
    let e = users::create_account(&mut cf, "Intrus", Role::Referent, "une phrase assez longue")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Seul le référent décrochage gère les comptes du dossier."
    );
    assert!(matches!(
        users::deactivate(&mut cf, nurse),
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        users::set_role(&mut cf, teacher, Role::Referent),
        Err(Error::Forbidden(_))
    ));
    drop(cf);

    let mut cf = casefile::open(&path, PASSPHRASE, false, clock())
        .unwrap()
        .casefile;
    users::set_role(&mut cf, teacher, Role::LectureSeule).unwrap();
    let e = users::set_role(&mut cf, 1, Role::Direction).unwrap_err();
    assert_eq!(
        e.to_string(),
        "C'est le seul compte de référent : donnez d'abord ce rôle à un autre compte."
    );
    assert_eq!(
        users::deactivate(&mut cf, 1).unwrap_err().to_string(),
        "Vous ne pouvez pas désactiver votre propre compte."
    );
    let e = users::create_account(
        &mut cf,
        "sophie LAMBERT",
        Role::Cpe,
        "une phrase assez longue",
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("Un compte existe déjà au nom de Sophie Lambert :"),
        "{e}"
    );
    drop(cf);

    let mut cf = open_as(&path, Some(teacher), TEACHER, false, clock())
        .unwrap()
        .casefile;
    let entries = journal_list(&cf, 100).unwrap().len();
    let e = create_student(&mut cf, &student("Dubois", "Léa")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Votre compte est en lecture seule : vous pouvez consulter le dossier, pas le modifier. Demandez au référent de changer votre rôle si besoin."
    );
    assert_eq!(
        journal_list(&cf, 100).unwrap().len(),
        entries,
        "nothing written"
    );
}

#[test]
fn a_deactivated_account_opens_nothing_even_with_an_old_key_file() {
    let (_dir, path, _key, nurse, _teacher) = with_staff();
    let old_keys = std::fs::read(key_file(&path)).unwrap();
    let mut cf = casefile::open(&path, PASSPHRASE, false, clock())
        .unwrap()
        .casefile;
    let a = users::deactivate(&mut cf, nurse).unwrap();
    assert!(!a.active);
    drop(cf);
    assert!(
        !sign_in_accounts(&path)
            .unwrap()
            .iter()
            .any(|(id, _)| *id == nurse),
        "gone from the key file"
    );
    assert!(matches!(
        casefile::open(&path, NURSE, true, clock()),
        Err(Error::WrongPassphrase)
    ));
    // Someone put the old key file back: the case file itself refuses the account.
    std::fs::write(key_file(&path), old_keys).unwrap();
    let e = open_as(&path, Some(nurse), NURSE, true, clock()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Le compte de Sophie Lambert a été désactivé : demandez au référent de le réactiver ou de vous en créer un."
    );
}

#[test]
fn a_slot_moved_under_another_account_unlocks_nothing() {
    let (_dir, path, _key, _nurse, teacher) = with_staff();
    // The teacher copies their slot onto the référent's entry, hoping to sign in as référent.
    let json = std::fs::read_to_string(key_file(&path)).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let accounts = v["accounts"].as_array_mut().unwrap();
    let theirs = accounts.iter().find(|a| a["id"] == teacher).unwrap()["slot"].clone();
    for a in accounts.iter_mut() {
        if a["id"] == 1 {
            a["slot"] = theirs.clone();
        }
    }
    std::fs::write(key_file(&path), serde_json::to_vec(&v).unwrap()).unwrap();
    let e = open_as(&path, Some(1), TEACHER, true, clock()).unwrap_err();
    assert!(matches!(e, Error::WrongPassphrase), "{e:?}");
}

#[test]
fn the_recovery_key_opens_without_a_key_file_rebuilds_it_and_hands_the_file_over() {
    let (_dir, path, recovery, nurse, _teacher) = with_staff();
    std::fs::remove_file(key_file(&path)).unwrap();
    assert!(matches!(
        casefile::open(&path, PASSPHRASE, false, clock()),
        Err(Error::WrongPassphrase)
    ));
    // Typed back loosely: lower case, no dashes, O for 0.
    let typed = recovery.replace('-', " ").to_lowercase().replace('0', "o");
    let mut cf = casefile::open(&path, &typed, false, clock())
        .unwrap()
        .casefile;
    assert_eq!(cf.user().name, "Clé de secours");
    assert!(key_file(&path).is_file(), "the key file is rebuilt");
    // A new référent takes the file over.
    let e = users::take_over(&mut cf, "", "la phrase de la nouvelle référente").unwrap_err();
    assert_eq!(
        e.to_string(),
        "Indiquez le prénom et le nom de la personne."
    );
    let me =
        users::take_over(&mut cf, "Inès Moreau", "la phrase de la nouvelle référente").unwrap();
    assert_eq!(me.role, Role::Referent);
    assert_eq!(cf.user().name, "Inès Moreau");
    create_student(&mut cf, &student("Dubois", "Léa")).unwrap();
    assert_eq!(journal_list(&cf, 1).unwrap()[0].author, "Inès Moreau");
    assert!(journal_list(&cf, 10)
        .unwrap()
        .iter()
        .any(|e| e.summary == "Dossier repris avec la clé de secours par Inès Moreau"));
    drop(cf);
    assert_eq!(
        casefile::open(&path, "la phrase de la nouvelle référente", true, clock())
            .unwrap()
            .casefile
            .user()
            .name,
        "Inès Moreau"
    );
    // The accounts kept in the case file came back with the key file.
    assert!(open_as(&path, Some(nurse), NURSE, true, clock()).is_ok());
    assert!(casefile::open(&path, PASSPHRASE, true, clock()).is_ok());
    // A wrong recovery key is a wrong passphrase, nothing more.
    let mut wrong = recovery.clone().into_bytes();
    wrong[0] = if wrong[0] == b'A' { b'B' } else { b'A' };
    let e = casefile::open(&path, std::str::from_utf8(&wrong).unwrap(), true, clock()).unwrap_err();
    assert!(matches!(e, Error::WrongPassphrase), "{e:?}");
}

#[test]
fn backups_share_the_key_and_the_recovery_key_opens_them() {
    let (_dir, path, recovery, nurse, _teacher) = with_staff();
    let cf = casefile::open(&path, PASSPHRASE, false, clock())
        .unwrap()
        .casefile;
    let b = cf.backup_now().unwrap();
    drop(cf);
    assert!(casefile::verify_backup(&path, &b.path, NURSE).is_ok());
    assert!(casefile::verify_backup(&path, &b.path, &recovery).is_ok());
    assert!(casefile::verify_backup(&path, &b.path, "une phrase qui n'est à personne").is_err());
    let restored = casefile::restore(&path, &b.path, NURSE, clock()).unwrap();
    assert_eq!(restored.casefile.user().id, nurse);
}

#[test]
fn the_recovery_sheet_prints_the_key_for_the_safe() {
    let (dir, _path, opened) = new_casefile();
    let key = opened.recovery_key.clone().unwrap();
    let cf = opened.casefile;
    assert_eq!(users::recovery_key(&cf).unwrap(), key);
    let pdf = users::recovery_pdf(&cf, &key).unwrap();
    let out = dir.path().join("cle.pdf");
    std::fs::write(&out, pdf).unwrap();
    let text = pdftotext(&out);
    assert!(text.contains(&key), "{text}");
    assert!(text.contains("Clé de secours du dossier Accroche"));
    assert!(text.contains("coffre du chef d'établissement"));
    assert!(text.contains("Reprendre le dossier"));
}
