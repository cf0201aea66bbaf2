//! The crash harness's writer: opens a case file and writes until it is killed.
//!
//! `crash_writer <case file> <trial>` (passphrase in `ACCROCHE_PASSPHRASE`) creates students
//! named `Crash<trial>-<n>` one write at a time, flags every fourth and makes a manual backup
//! every thirtieth, and tells the test what it did on stdout, one flushed line each:
//! `ready`; `begin student|flag|backup <n>` before each write; then, once it returned Ok,
//! `committed <n> <id> <last name as stored>` for a student, `flagged <n>`, `backup <n>`. The test kills it with SIGKILL at a random moment, then
//! checks that every `committed` student is in the file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use accroche_core::casefile;
use accroche_core::gpds::{create_flag, FlagInput, Signal, SignalKind};
use accroche_core::registry::{create_student, list_staff};
use accroche_tests::{clock, date, student};

/// Never reached in a trial (the test kills the writer long before); bounds a runaway writer.
const MAX_WRITES: u32 = 100_000;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("crash_writer : {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args_os().skip(1);
    let (Some(path), Some(trial)) = (args.next(), args.next()) else {
        return Err("usage : crash_writer <dossier.accroche> <essai>".into());
    };
    let path = PathBuf::from(path);
    let trial = trial.to_string_lossy().into_owned();
    let passphrase =
        std::env::var("ACCROCHE_PASSPHRASE").map_err(|_| "ACCROCHE_PASSPHRASE manque")?;
    let mut cf = casefile::open(&path, &passphrase, false, clock())
        .map_err(|e| format!("ouverture : {e}"))?
        .casefile;
    let raised_by = list_staff(&cf, "", false)
        .map_err(|e| e.to_string())?
        .first()
        .map(|s| s.id);
    let mut out = std::io::stdout().lock();
    let mut say = |line: String| -> Result<(), String> {
        writeln!(out, "{line}")
            .and_then(|()| out.flush())
            .map_err(|e| format!("stdout : {e}"))
    };
    say("ready".into())?;
    for n in 0..MAX_WRITES {
        let last = format!("Crash{trial}-{n}");
        say(format!("begin student {n}"))?;
        let s = create_student(&mut cf, &student(&last, "Kévin")).map_err(|e| e.to_string())?;
        say(format!("committed {n} {} {}", s.id, s.input.last_name))?;
        if let (0, Some(raised_by)) = (n % 4, raised_by) {
            let flag = FlagInput {
                student_id: s.id,
                flagged_on: date(2026, 11, 20),
                raised_by: Some(raised_by),
                signals: vec![Signal {
                    kind: SignalKind::Absences,
                    amount: Some(12),
                    unjustified: Some(6),
                    detail: String::new(),
                }],
                note: "Absences répétées le lundi.".into(),
            };
            say(format!("begin flag {n}"))?;
            create_flag(&mut cf, &flag).map_err(|e| e.to_string())?;
            say(format!("flagged {n}"))?;
        }
        if n % 30 == 29 {
            say(format!("begin backup {n}"))?;
            cf.backup_now().map_err(|e| e.to_string())?;
            say(format!("backup {n}"))?;
        }
    }
    Ok(())
}
