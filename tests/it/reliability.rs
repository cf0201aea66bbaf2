//! Reliability: `kill -9` in the middle of writes, damaged and foreign files, a full disk and a
//! read-only folder, and no personal data in clear anywhere on disk.
//!
//! The crash harness runs `ACCROCHE_CRASH_TRIALS` trials (10 by default; `make reliability`
//! runs 1000). Cases that need `mount` (root) are skipped, with the reason printed, where the
//! system does not allow it.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use accroche_core::casefile::{self, list_backups, verify_journal, CaseFile, LATEST_SCHEMA};
use accroche_core::registry::create_student;
use accroche_core::Error;
use accroche_tests::*;

/// A xorshift64 generator: reproducible from the trial number, no dependency.
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> XorShift {
        let mut rng = XorShift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        for _ in 0..8 {
            rng.next();
        }
        rng
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn integrity(cf: &CaseFile) -> String {
    cf.conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn student_count(cf: &CaseFile) -> u64 {
    cf.conn()
        .query_row("SELECT count(*) FROM student", [], |r| r.get::<_, i64>(0))
        .unwrap()
        .unsigned_abs()
}

/// What the writer said before it died.
#[derive(Default)]
struct Told {
    ready: bool,
    /// id → last name, of every student reported committed.
    committed: BTreeMap<i64, String>,
    /// The write begun and not reported done when the kill fell: student, flag or backup.
    in_write: Option<String>,
}

fn parse(lines: &[String]) -> Told {
    let mut told = Told::default();
    for line in lines {
        let words: Vec<&str> = line.split(' ').collect();
        match words.as_slice() {
            ["ready"] => told.ready = true,
            ["begin", what, _] => told.in_write = Some((*what).to_owned()),
            ["committed", _, id, last] => {
                told.committed
                    .insert(id.parse().unwrap(), (*last).to_owned());
                told.in_write = None;
            }
            ["flagged" | "backup", _] => told.in_write = None,
            _ => panic!("unexpected line from the writer: {line:?}"),
        }
    }
    told
}

/// A fresh case file is started every this many trials, so that the file (and the journal to
/// verify, the backups to copy) stays the size of a school's, not of a thousand crashes.
const TRIALS_PER_FILE: u32 = 25;

/// Kill -9 the writer at a random moment, reopen: the file is whole, every write it reported as
/// committed is there, and at most the one write it was doing when killed is there besides.
#[cfg(unix)]
#[test]
fn committed_writes_survive_a_kill_9_at_any_moment() {
    use std::os::unix::process::ExitStatusExt;

    let trials: u32 = std::env::var("ACCROCHE_CRASH_TRIALS")
        .ok()
        .map(|v| v.parse().expect("ACCROCHE_CRASH_TRIALS is a number"))
        .unwrap_or(10);
    let writer = env!("CARGO_BIN_EXE_crash_writer");
    let (mut confirmed, mut found, mut before_ready, mut unreported) = (0usize, 0usize, 0, 0);
    let (mut in_student, mut in_flag, mut in_backup) = (0, 0, 0);
    let mut leftovers = 0usize;
    let mut current: Option<(tempfile::TempDir, PathBuf)> = None;
    // Students in the case file, as counted at the last reopening.
    let mut students = 0;
    for trial in 0..trials {
        if trial % TRIALS_PER_FILE == 0 {
            let (dir, path, opened) = new_casefile();
            drop(opened);
            current = Some((dir, path));
        }
        let (dir, path) = current.as_ref().unwrap();
        let before = if trial % TRIALS_PER_FILE == 0 {
            0
        } else {
            students
        };
        let mut rng = XorShift::new(u64::from(trial) + 1);
        let mut child = Command::new(writer)
            .arg(path)
            .arg(trial.to_string())
            .env("ACCROCHE_PASSPHRASE", PASSPHRASE)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let mut lines = Vec::new();
        // Opening (the key derivation) takes most of a short life: one trial in eight is
        // killed at any moment from the start, opening included; the others at any moment of
        // their first 300 ms of writes.
        if trial % 8 == 7 {
            std::thread::sleep(Duration::from_millis(rng.below(1000)));
        } else {
            while lines.last().map(String::as_str) != Some("ready") {
                match receive.recv_timeout(Duration::from_secs(60)) {
                    Ok(line) => lines.push(line),
                    Err(e) => panic!("trial {trial}: the writer never got ready: {e}"),
                }
            }
            std::thread::sleep(Duration::from_millis(rng.below(300)));
        }
        // On Unix, Child::kill sends SIGKILL: no destructor, no flush, no rollback.
        child.kill().unwrap();
        let status = child.wait().unwrap();
        lines.extend(receive.iter());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert_eq!(
            status.signal(),
            Some(9),
            "trial {trial}: the writer must die of the kill, not stop by itself: {stderr}"
        );
        let told = parse(&lines);
        before_ready += u32::from(!told.ready);
        match told.in_write.as_deref() {
            Some("student") => in_student += 1,
            Some("flag") => in_flag += 1,
            Some(_) => in_backup += 1,
            None => {}
        }
        let in_student_write = told.in_write.as_deref() == Some("student");

        let cf = match casefile::open(path, PASSPHRASE, false, clock()) {
            Ok(o) => o.casefile,
            Err(e) => panic!(
                "trial {trial}: the case file must reopen after a kill -9 (a dead process's lock \
                 must not block): {e} ({:?})",
                e.detail()
            ),
        };
        assert_eq!(integrity(&cf), "ok", "trial {trial}: integrity_check");
        confirmed += told.committed.len();
        for (id, last) in &told.committed {
            let s = accroche_core::registry::student(&cf, *id).unwrap_or_else(|e| {
                panic!("trial {trial}: student {id} ({last}) was reported committed: {e}")
            });
            assert_eq!(&s.input.last_name, last, "trial {trial}: student {id}");
            found += 1;
        }
        students = student_count(&cf);
        let written = students - before;
        let reported = told.committed.len() as u64;
        assert!(
            written == reported || (in_student_write && written == reported + 1),
            "trial {trial}: {written} students written, {reported} reported, killed in: {:?}",
            told.in_write
        );
        unreported += u32::from(written > reported);
        let check = verify_journal(&cf).unwrap();
        assert!(
            check.broken.is_none(),
            "trial {trial}: the journal chain holds: {:?}",
            check.broken
        );
        drop(cf);
        if trial % TRIALS_PER_FILE == TRIALS_PER_FILE - 1 || trial + 1 == trials {
            leftovers += std::fs::read_dir(dir.path().join("Sauvegardes"))
                .map(|d| {
                    d.filter_map(Result::ok)
                        .filter(|e| e.file_name().to_string_lossy().contains(".partielle"))
                        .count()
                })
                .unwrap_or(0);
        }
    }
    println!(
        "fiabilité, kill -9 : {trials} essais, {confirmed} élèves annoncés écrits, {found} \
         retrouvés ; arrêts pendant l'ouverture : {before_ready}, pendant l'écriture d'un élève : \
         {in_student} (dont {unreported} écrit sans avoir été annoncé), d'un repérage : \
         {in_flag}, d'une sauvegarde : {in_backup} ; {leftovers} sauvegardes partielles laissées \
         dans Sauvegardes"
    );
    assert_eq!(found, confirmed);
}

/// A case file with pages to damage and a backup made before the damage.
fn backed_up_casefile() -> (tempfile::TempDir, PathBuf) {
    let (dir, path, opened) = new_casefile();
    let mut cf = opened.casefile;
    for i in 0..200 {
        create_student(&mut cf, &student(&format!("Élève{i:03}"), "Test")).unwrap();
    }
    cf.backup_now().unwrap();
    drop(cf);
    (dir, path)
}

type Damage = fn(Vec<u8>, &mut XorShift) -> Vec<u8>;

/// Damaged or foreign files: each is refused with the right error and its French message, the
/// file is left byte for byte as it was, and its backups are still listed for the restore.
/// (Bytes flipped in one page of the middle: `a_damaged_file_is_reported_as_such_…`.)
#[test]
fn damaged_and_foreign_files_are_refused_untouched_with_their_backups_listed() {
    const CORRUPT: &str = "Ce dossier est endommagé : Accroche ne peut pas l'ouvrir tel quel. \
                           Restaurez l'une de ses sauvegardes ; le fichier endommagé sera conservé.";
    const WRONG: &str = "Phrase de passe incorrecte.";
    let cases: [(&str, Damage, &str, &str); 9] = [
        (
            "tronqué à la moitié",
            |b, _| b[..b.len() / 2].to_vec(),
            "corrupt",
            CORRUPT,
        ),
        (
            "les 100 premiers octets",
            |b, _| b[..100].to_vec(),
            "wrong_passphrase",
            WRONG,
        ),
        (
            "4 Kio d'octets au hasard au milieu",
            |mut b, rng| {
                let start = b.len() / 2;
                for x in &mut b[start..start + 4096] {
                    *x = rng.next() as u8;
                }
                b
            },
            "corrupt",
            CORRUPT,
        ),
        (
            "la première page écrasée",
            |mut b, rng| {
                for x in &mut b[..4096] {
                    *x = rng.next() as u8;
                }
                b
            },
            "wrong_passphrase",
            WRONG,
        ),
        (
            "un PDF renommé",
            |_, _| {
                b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
                    .to_vec()
            },
            "wrong_passphrase",
            WRONG,
        ),
        (
            "un texte renommé",
            |_, _| {
                "Liste des élèves à revoir en GPDS.\n"
                    .repeat(300)
                    .into_bytes()
            },
            "wrong_passphrase",
            WRONG,
        ),
        (
            "un fichier vide",
            |_, _| Vec::new(),
            "format",
            "Ce fichier est vide : ce n'est pas (ou plus) un dossier Accroche. \
             Restaurez l'une de ses sauvegardes s'il en a.",
        ),
        (
            "une base SQLite non chiffrée",
            |_, _| {
                let dir = tempfile::tempdir().unwrap();
                let p = dir.path().join("clair.sqlite");
                let c = rusqlite::Connection::open(&p).unwrap();
                c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
                    .unwrap();
                drop(c);
                std::fs::read(&p).unwrap()
            },
            "wrong_passphrase",
            WRONG,
        ),
        (
            "une version plus récente",
            |_, _| Vec::new(), // replaced below: the schema version is raised through SQLite
            "newer_schema",
            "Ce dossier a été créé par une version plus récente d'Accroche.",
        ),
    ];
    let mut failures = Vec::new();
    for (i, (name, damage, code, message)) in cases.into_iter().enumerate() {
        let (_dir, path) = backed_up_casefile();
        if code == "newer_schema" {
            let cf = casefile::open(&path, PASSPHRASE, false, clock())
                .unwrap()
                .casefile;
            cf.conn()
                .pragma_update(None, "user_version", LATEST_SCHEMA + 1)
                .unwrap();
        } else {
            let bytes = std::fs::read(&path).unwrap();
            let mut rng = XorShift::new(i as u64 + 100);
            std::fs::write(&path, damage(bytes, &mut rng)).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let got = casefile::open(&path, PASSPHRASE, false, clock());
        let after = std::fs::read(&path).unwrap();
        let backups = list_backups(&path).unwrap();
        let line = match &got {
            Ok(_) => format!("{name}: opened!"),
            Err(e) => format!(
                "{name}: code {} message {:?} detail {:?}; unchanged {}; backups {}",
                e.code(),
                e.to_string(),
                e.detail(),
                before == after,
                backups.len()
            ),
        };
        println!("{line}");
        let ok = matches!(&got, Err(e) if e.code() == code && e.to_string() == message)
            && before == after
            && !backups.is_empty();
        if !ok {
            failures.push(line);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A mount made for a test, undone when dropped (even when the test fails).
#[cfg(target_os = "linux")]
struct Mount(PathBuf);

#[cfg(target_os = "linux")]
impl Mount {
    /// Runs `mount <args> <target>`; `None`, with the reason printed, where it is not allowed.
    fn new(test: &str, args: &[&str], target: &std::path::Path) -> Option<Mount> {
        let out = Command::new("mount").args(args).arg(target).output();
        match out {
            Ok(o) if o.status.success() => Some(Mount(target.to_path_buf())),
            Ok(o) => {
                println!(
                    "{test} : ignoré, mount {args:?} refusé : {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                println!("{test} : ignoré, mount introuvable : {e}");
                None
            }
        }
    }
}

#[cfg(target_os = "linux")]
impl Mount {
    /// Makes this (bind) mount read-only; false, with the reason printed, where not allowed.
    fn remount_read_only(&self, test: &str) -> bool {
        let out = Command::new("mount")
            .args(["-o", "remount,bind,ro"])
            .arg(&self.0)
            .output();
        let ok = matches!(&out, Ok(o) if o.status.success());
        if !ok {
            println!("{test} : ignoré, remontage en lecture seule refusé : {out:?}");
        }
        ok
    }
}

#[cfg(target_os = "linux")]
impl Drop for Mount {
    fn drop(&mut self) {
        let done = Command::new("umount").arg(&self.0).status();
        if !matches!(done, Ok(s) if s.success()) {
            let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        }
    }
}

fn names_of(cf: &CaseFile) -> Vec<String> {
    accroche_core::registry::list_students(cf, "", false)
        .unwrap()
        .into_iter()
        .map(|s| s.last_name)
        .collect()
}

/// On a full disk, writes fail with an error naming the file, nothing committed is lost, no
/// half-written file is left, and the case file opens whole once there is room again.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_writes_cleanly_and_loses_nothing() {
    let test = "disque plein";
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disque");
    std::fs::create_dir(&disk).unwrap();
    let Some(_mount) = Mount::new(test, &["-t", "tmpfs", "-o", "size=2m", "tmpfs"], &disk) else {
        return;
    };
    let path = disk.join("lycee.accroche");
    let mut cf = accroche_core::registry::create_case_file(
        &path,
        PASSPHRASE,
        &accroche_tests::establishment(),
        None,
        clock(),
    )
    .unwrap()
    .casefile;
    for i in 0..5 {
        create_student(&mut cf, &student(&format!("Avant{i}"), "Léa")).unwrap();
    }
    let committed = names_of(&cf);

    // Fill the disk to the last byte.
    let filler = disk.join("remplissage.bin");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        let chunk = vec![0u8; 4096];
        while f.write_all(&chunk).is_ok() {}
        let _ = f.sync_all();
    }

    // A student with a long address, until the case file has no room left.
    let mut big = student("Trop", "Long");
    big.legal_reps[0].address = "12 rue de la Mémoire pleine\n".repeat(20_000);
    let mut refused = None;
    for i in 0..20 {
        big.last_name = format!("Trop{i}");
        if let Err(e) = create_student(&mut cf, &big) {
            refused = Some(e);
            break;
        }
    }
    let refused = refused.expect("a write on a full disk must fail");
    let backup = cf
        .backup_now()
        .expect_err("a backup on a full disk must fail");
    let export = disk.join("export.json");
    let whole = accroche_core::files::write_whole(&export, &vec![b'x'; 1 << 20])
        .expect_err("an export on a full disk must fail");
    for (what, e) in [
        ("élève", &refused),
        ("sauvegarde", &backup),
        ("export", &whole),
    ] {
        println!("{test}, {what} : [{}] {e}", e.code());
        assert!(
            e.to_string().contains("le disque est plein")
                || e.to_string().contains("Le disque est plein"),
            "{what}: says the disk is full, in French: {e}"
        );
    }
    assert!(
        matches!(&whole, Error::Io { path, .. } if path.starts_with(&disk)),
        "the export's error names the file: {whole:?}"
    );
    assert!(!export.exists(), "no truncated export under the name asked");
    let leftovers: Vec<_> = std::fs::read_dir(&disk)
        .unwrap()
        .chain(std::fs::read_dir(disk.join("Sauvegardes")).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partiel"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no partial file keeps the space: {leftovers:?}"
    );
    assert_eq!(names_of(&cf), committed, "the refused write left nothing");
    drop(cf);

    // Reopening while the disk is still full.
    match casefile::open(&path, PASSPHRASE, false, clock()) {
        Ok(o) => {
            assert_eq!(integrity(&o.casefile), "ok");
            assert_eq!(names_of(&o.casefile), committed);
            println!("{test} : réouverture disque plein : ok");
        }
        Err(e) => println!("{test} : réouverture disque plein : [{}] {e}", e.code()),
    }
    std::fs::remove_file(&filler).unwrap();
    let cf = casefile::open(&path, PASSPHRASE, false, clock())
        .expect("with room again, the case file opens")
        .casefile;
    assert_eq!(integrity(&cf), "ok");
    assert_eq!(
        names_of(&cf),
        committed,
        "every student written before the disk filled"
    );
    assert!(verify_journal(&cf).unwrap().broken.is_none());
}

/// A case file in a read-only folder (a locked USB key, a read-only share): the writable
/// opening is refused with a message naming the file, and nothing is changed.
#[cfg(target_os = "linux")]
#[test]
fn a_read_only_folder_refuses_writing_and_keeps_the_file() {
    let test = "dossier en lecture seule";
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("cle");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("lycee.accroche");
    let mut cf = accroche_core::registry::create_case_file(
        &path,
        PASSPHRASE,
        &accroche_tests::establishment(),
        None,
        clock(),
    )
    .unwrap()
    .casefile;
    create_student(&mut cf, &student("Lecture", "Seule")).unwrap();
    let committed = names_of(&cf);
    drop(cf);
    let before = std::fs::read(&path).unwrap();
    let source = folder.to_string_lossy().into_owned();
    let Some(bind) = Mount::new(test, &["--bind", &source], &folder) else {
        return;
    };
    if !bind.remount_read_only(test) {
        return;
    }
    let err = casefile::open(&path, PASSPHRASE, false, clock()).expect_err("no writing here");
    println!("{test}, ouverture : [{}] {err}", err.code());
    assert!(
        err.to_string().starts_with("Erreur d'accès au fichier ")
            && err.to_string().contains("lycee.accroche")
            && err.to_string().contains("lecture seule"),
        "a French message naming the file: {err}"
    );
    match casefile::open(&path, PASSPHRASE, true, clock()) {
        Ok(o) => {
            assert_eq!(names_of(&o.casefile), committed);
            println!("{test}, lecture seule : ok");
        }
        Err(e) => println!("{test}, lecture seule : [{}] {e}", e.code()),
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is unchanged"
    );
}

/// Every file under `dir`, recursively.
fn files_under(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// After a realistic session, no name, INE or birth date is readable on disk: not in the case
/// file, its WAL and shared memory (the file still open, a write not yet checkpointed), the
/// backups, nor anything else left in the session's folder.
#[test]
fn no_personal_data_is_readable_in_any_file_on_disk() {
    use accroche_core::export::{from_json, init_from_export};
    use accroche_core::gpds::{create_flag, FlagInput, Signal, SignalKind};
    use accroche_core::registry::{list_staff, update_student};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lycee.accroche");
    let json = std::fs::read_to_string(fixtures().join("gpds-export.json")).unwrap();
    let mut cf = init_from_export(&path, PASSPHRASE, &from_json(&json).unwrap(), clock())
        .unwrap()
        .casefile;
    let mut zebulon = student("Quintardière", "Zébulon");
    zebulon.ine = Some("9876543210Z".into());
    zebulon.birth_date = date(2009, 7, 23);
    zebulon.legal_reps[0].first_name = "Anastasie".into();
    let z = create_student(&mut cf, &zebulon).unwrap();
    let raised_by = list_staff(&cf, "", false).unwrap()[0].id;
    create_flag(
        &mut cf,
        &FlagInput {
            student_id: z.id,
            flagged_on: date(2026, 11, 20),
            raised_by: Some(raised_by),
            signals: vec![Signal {
                kind: SignalKind::Retrait,
                amount: None,
                unjustified: None,
                detail: "Zébulon ne parle plus en classe".into(),
            }],
            note: "Vu avec Mme Quintardière.".into(),
        },
    )
    .unwrap();
    cf.backup_now().unwrap();
    drop(cf);
    let mut cf = casefile::open(&path, PASSPHRASE, false, clock())
        .unwrap()
        .casefile;
    zebulon.class_name = "1MRC2".into();
    update_student(&mut cf, z.id, &zebulon).unwrap();

    let needles = [
        "Zébulon",
        "Quintardière",
        "QUINTARDIÈRE",
        "Anastasie",
        "9876543210Z",
        "2009-07-23",
        "23/07/2009",
        // From the export the file was made of.
        "Dubois-Lefèvre",
        "1234567890A",
        "2010-03-14",
        // Nor the passphrase that unlocks the référent's account.
        PASSPHRASE,
    ];
    let files = files_under(dir.path());
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".accroche.cles")),
        "the check covers the accounts' key file: {files:?}"
    );
    let wal = files.iter().any(|f| f.to_string_lossy().ends_with("-wal"));
    assert!(wal, "the check must cover a live WAL: {files:?}");
    let mut scanned = 0;
    let mut found = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        scanned += bytes.len();
        for needle in needles {
            let utf16: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
            for (encoding, n) in [("UTF-8", needle.as_bytes()), ("UTF-16LE", &utf16[..])] {
                if bytes.windows(n.len()).any(|w| w == n) {
                    found.push(format!("{needle} ({encoding}) in {}", file.display()));
                }
            }
        }
    }
    println!(
        "données en clair : {} fichiers, {scanned} octets examinés, {} trouvées",
        files.len(),
        found.len()
    );
    drop(cf);
    assert!(found.is_empty(), "{found:#?}");
}
