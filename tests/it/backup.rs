//! Automatic daily backups, retention, manual backups, restore.

use std::collections::BTreeSet;

use accroche_core::casefile::{self, fixed_clock, list_backups, restore, BackupKind};
use accroche_core::registry::{create_student, list_students};
use accroche_tests::*;
use chrono::{Datelike, Duration};

#[test]
fn opening_makes_one_backup_a_day_beside_the_file_and_it_is_encrypted() {
    let (dir, path, opened) = new_casefile();
    assert!(
        opened.backup.is_some(),
        "the first opening of the day backs up"
    );
    drop(opened);
    let again = casefile::open(&path, PASSPHRASE, false, clock()).unwrap();
    assert!(
        again.backup.is_none(),
        "a second opening the same day does not"
    );
    drop(again);
    let backups = list_backups(&path).unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(
        backups[0].path.parent().unwrap(),
        dir.path().join("Sauvegardes")
    );
    assert_eq!(backups[0].date, date(2026, 11, 22));
    let bytes = std::fs::read(&backups[0].path).unwrap();
    assert!(
        !bytes.starts_with(b"SQLite format 3"),
        "backups are encrypted like the file"
    );
}

#[test]
fn retention_keeps_seven_daily_and_four_weekly_backups() {
    let (_dir, path, opened) = new_casefile();
    drop(opened);
    let start = date(2026, 11, 22);
    for day in 1..=60 {
        let at = (start + Duration::days(day)).and_hms_opt(9, 0, 0).unwrap();
        drop(casefile::open(&path, PASSPHRASE, false, fixed_clock(at)).unwrap());
    }
    let backups = list_backups(&path).unwrap();
    let daily: Vec<_> = backups
        .iter()
        .filter(|b| b.kind == BackupKind::Daily)
        .collect();
    let weekly: Vec<_> = backups
        .iter()
        .filter(|b| b.kind == BackupKind::Weekly)
        .collect();
    assert_eq!(daily.len(), 7, "{backups:#?}");
    assert_eq!(weekly.len(), 4, "{backups:#?}");
    assert_eq!(backups.len(), 11, "nothing else is kept: {backups:#?}");
    let last = start + Duration::days(60);
    assert_eq!(daily[0].date, last, "the newest is today's");
    let weeks: BTreeSet<_> = weekly.iter().map(|b| b.date.iso_week().week()).collect();
    assert_eq!(weeks.len(), 4, "one weekly backup per week");
    assert!(
        weekly.iter().all(|w| w.date < daily[6].date),
        "weeklies are older than the dailies"
    );
}

#[test]
fn restoring_brings_back_the_backup_and_keeps_the_state_it_replaced() {
    let (_dir, path, opened) = new_casefile();
    let mut cf = opened.casefile;
    create_student(&mut cf, &student("Avant", "Alice")).unwrap();
    drop(cf);
    // The next day's opening backs up a file holding "Avant".
    let next = fixed_clock(morning(2026, 11, 23));
    let opened = casefile::open(&path, PASSPHRASE, false, next.clone()).unwrap();
    let backup = opened.backup.clone().expect("daily backup");
    let mut cf = opened.casefile;
    create_student(&mut cf, &student("Après", "Bob")).unwrap();
    drop(cf);

    let restored = restore(&path, &backup, PASSPHRASE, next).unwrap().casefile;
    let names: Vec<_> = list_students(&restored, "", true)
        .unwrap()
        .into_iter()
        .map(|r| r.last_name)
        .collect();
    assert_eq!(
        names,
        vec!["Avant"],
        "the backup's content replaced the file's"
    );
    let pre = list_backups(&path)
        .unwrap()
        .into_iter()
        .find(|b| b.kind == BackupKind::PreRestore)
        .expect("the replaced state is saved first");
    drop(restored);
    let undo = restore(&path, &pre.path, PASSPHRASE, clock())
        .unwrap()
        .casefile;
    let names: Vec<_> = list_backups(&path)
        .unwrap()
        .iter()
        .map(|b| b.file_name.clone())
        .collect();
    let students: Vec<_> = list_students(&undo, "", true)
        .unwrap()
        .into_iter()
        .map(|r| r.last_name)
        .collect();
    assert_eq!(
        students,
        vec!["Après", "Avant"],
        "the pre-restore backup undoes the restore ({names:?})"
    );
}

#[test]
fn a_restore_with_the_wrong_passphrase_touches_nothing() {
    let (_dir, path, opened) = new_casefile();
    let backup = opened.backup.clone().unwrap();
    drop(opened);
    let before = std::fs::read(&path).unwrap();
    let err = restore(&path, &backup, "mauvaise phrase de passe", clock()).unwrap_err();
    assert_eq!(err.to_string(), "Phrase de passe incorrecte.");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(
        casefile::verify_backup(&path, &backup, "mauvaise phrase de passe").is_err(),
        "the check a window runs before closing its case file refuses it too"
    );
    assert!(casefile::verify_backup(&path, &backup, PASSPHRASE).is_ok());
}

#[test]
fn a_manual_backup_is_listed_as_such() {
    let (_dir, path, opened) = new_casefile();
    let b = opened.casefile.backup_now().unwrap();
    assert_eq!(b.kind, BackupKind::Manual);
    assert!(b.file_name.contains("manuelle"), "{}", b.file_name);
    assert_eq!(
        list_backups(&path).unwrap().len(),
        2,
        "the daily and the manual one"
    );
}

#[test]
fn a_half_made_backup_left_by_a_crash_is_cleared_at_the_next_opening() {
    let (_dir, path, opened) = new_casefile();
    drop(opened);
    let folder = accroche_core::casefile::backup_dir(&path);
    std::fs::create_dir_all(&folder).unwrap();
    let stale = folder.join(".lycee_2026-11-20.accroche.partielle");
    std::fs::write(&stale, b"moitie de sauvegarde").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let fresh = folder.join(".autre.accroche.partielle");
    std::fs::write(&fresh, b"en cours").unwrap();
    let cf = casefile::open(&path, PASSPHRASE, false, clock())
        .unwrap()
        .casefile;
    cf.backup_now().unwrap();
    assert!(!stale.exists(), "the stale half-made backup is gone");
    assert!(fresh.exists(), "a recent one is left alone");
}
