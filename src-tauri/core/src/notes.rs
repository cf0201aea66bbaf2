//! Notes on a student: what a professional writes on the student's page, dated, attributed to
//! its author's account and role, with its sensitivity ([`Sensitivity`]) and its « résumé
//! utile » — the part the author chooses to share with the whole team, kept apart from the raw
//! note (the law allows sharing only what is needed).
//!
//! Owns `student_note` (schema 10). Who reads a note is decided by [`access::may_read`], never
//! here. Lists ([`student_notes`], the chronology, the exports) never carry the text of a
//! restricted note, even to a user who may read it: that text is given by [`read_note`] alone,
//! which writes the reading in the journal when the reader is not the note's author. A user who
//! may not read a note sees that it exists (« 1 note restreinte — Médico-social, 12/03/2026 »)
//! and its résumé utile.
//!
//! Rules (French [`Error::Validation`] naming the field, nothing saved): a note has a text and a
//! date, neither in the future nor before the student's birth; an « auteur seul » note needs a
//! personal account (account 0 is nobody in particular: no one could ever read it back). A
//! résumé longer than the note is fine. Writing is refused to « lecture seule » accounts and on a
//! case file opened read-only. A note is changed only by the account that wrote it; it is
//! deleted by that account or by the référent décrochage (who answers the family's requests for
//! erasure and administers the case file: deleting reveals nothing of the text). Every write is
//! journaled with what changed — the text itself only while the note is « équipe », since the
//! journal is read by every user.
//!
//! Every function takes the signed-in user (`who`, the desktop passes `cf.user()`), so that the
//! rules can be exercised for any account.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::access::{self, Masked, Sensitivity};
use crate::casefile::{CaseFile, Change, JournalDraft, Tx};
use crate::error::{Error, Result};
use crate::registry::{collect, decode, Coded};
use crate::school_year::french_date as fr;
use crate::users::{Role, SignedIn};

/// A note as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StudentNoteInput {
    /// The day it is about (today by default in the form).
    pub written_on: Option<NaiveDate>,
    /// Who may read it.
    pub sensitivity: Sensitivity,
    /// The note.
    pub text: String,
    /// The résumé utile: what may be shared with the team (may be empty).
    pub summary: String,
}

/// A note as one user sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StudentNote {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// The day it is about.
    pub written_on: NaiveDate,
    /// The author's name ("" when the user may not read the note: the stub names the role).
    pub author_name: String,
    /// The author's role when they wrote it.
    pub author_role: Role,
    /// Who may read it.
    pub sensitivity: Sensitivity,
    /// The text: given for an « équipe » note, and by [`read_note`]; none in lists for a
    /// restricted note, and never to a user who may not read it.
    pub text: Option<String>,
    /// The résumé utile, shown to every user (may be empty).
    pub summary: String,
    /// What stands for the text when it is not given (« 1 note restreinte — Médico-social,
    /// 12/03/2026 »).
    pub stub: String,
    /// Whether this user may read the text (« Lire » for a restricted note).
    pub readable: bool,
    /// Whether this user may change it (they wrote it).
    pub editable: bool,
    /// Whether this user may delete it (they wrote it, or they are the référent).
    pub deletable: bool,
    /// When it was written.
    pub created_at: NaiveDateTime,
    /// When it was last changed.
    pub updated_at: NaiveDateTime,
}

/// A student's notes for one user, and what that user may write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StudentNotes {
    /// The notes, the latest first.
    pub notes: Vec<StudentNote>,
    /// Whether this user may write notes (not « lecture seule », not a read-only opening).
    pub may_write: bool,
    /// Whether this user may write « auteur seul » notes (a personal account).
    pub may_write_author_only: bool,
}

/// A note as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stored {
    pub id: i64,
    pub student_id: i64,
    pub written_on: NaiveDate,
    pub author_user_id: Option<i64>,
    pub author_name: String,
    pub author_role: Role,
    pub sensitivity: Sensitivity,
    pub text: String,
    pub summary: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Stored {
    /// Whether `viewer` may read its text.
    pub fn readable_by(&self, viewer: &SignedIn) -> bool {
        access::may_read(
            viewer,
            self.sensitivity,
            self.author_user_id,
            Some(self.author_role),
        )
    }

    /// « 1 note restreinte — Médico-social, 12/03/2026 ».
    pub fn stub(&self) -> String {
        access::stub(
            Masked::Note,
            self.sensitivity,
            self.author_role.label(),
            self.written_on,
        )
    }

    /// As `viewer` sees it; `with_text`: give the text if they may read it.
    fn view(&self, viewer: &SignedIn, with_text: bool) -> StudentNote {
        let readable = self.readable_by(viewer);
        let text_given = readable && (with_text || !self.sensitivity.is_restricted());
        let editable = viewer.role.may_write() && self.author_user_id == Some(viewer.id);
        StudentNote {
            id: self.id,
            student_id: self.student_id,
            written_on: self.written_on,
            author_name: if readable {
                self.author_name.clone()
            } else {
                String::new()
            },
            author_role: self.author_role,
            sensitivity: self.sensitivity,
            text: text_given.then(|| self.text.clone()),
            summary: self.summary.clone(),
            stub: self.stub(),
            readable,
            editable,
            deletable: editable || (viewer.role == Role::Referent && viewer.role.may_write()),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

const COLUMNS: &str = "id, student_id, written_on, author_user_id, author_name, author_role, \
                       sensitivity, text, summary, created_at, updated_at";

fn stored_row(r: &Row<'_>) -> rusqlite::Result<Stored> {
    let role: String = r.get(5)?;
    let sensitivity: String = r.get(6)?;
    Ok(Stored {
        id: r.get(0)?,
        student_id: r.get(1)?,
        written_on: r.get(2)?,
        author_user_id: r.get(3)?,
        author_name: r.get(4)?,
        author_role: decode(&role, 5)?,
        sensitivity: decode(&sensitivity, 6)?,
        text: r.get(7)?,
        summary: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

/// A student's notes as stored, the latest first.
pub(crate) fn stored_of_student(conn: &Connection, student_id: i64) -> Result<Vec<Stored>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM student_note WHERE student_id = ?1
          ORDER BY written_on DESC, created_at DESC, id DESC"
    ))?;
    let rows = collect(stmt.query_map([student_id], stored_row)?)?;
    Ok(rows)
}

/// Every note as stored, by id (exports).
pub(crate) fn stored_all(conn: &Connection) -> Result<Vec<Stored>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM student_note ORDER BY id"))?;
    let rows = collect(stmt.query_map([], stored_row)?)?;
    Ok(rows)
}

fn stored(conn: &Connection, id: i64) -> Result<Stored> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM student_note WHERE id = ?1"))?
        .query_row([id], stored_row)
        .optional()?
        .ok_or_else(|| Error::NotFound("Cette note n'existe pas (ou plus) dans le dossier.".into()))
}

/// A student's notes as `viewer` sees them, the latest first: the text of « équipe » notes, a
/// stub and the résumé utile of the others (their text only through [`read_note`]).
///
/// # Errors
/// [`Error::NotFound`] if no student has this id.
pub fn student_notes(cf: &CaseFile, viewer: &SignedIn, student_id: i64) -> Result<StudentNotes> {
    crate::registry::student(cf, student_id)?;
    let writable = access::check_may_write(cf, viewer).is_ok();
    Ok(StudentNotes {
        notes: stored_of_student(cf.conn(), student_id)?
            .iter()
            .map(|n| n.view(viewer, false))
            .collect(),
        may_write: writable,
        may_write_author_only: writable && viewer.id != 0,
    })
}

/// A student's notes as `viewer` may read them, text included wherever they may read it (the
/// RGPD access file, which is journaled as a whole).
pub(crate) fn notes_for_file(
    cf: &CaseFile,
    viewer: &SignedIn,
    student_id: i64,
) -> Result<Vec<StudentNote>> {
    Ok(stored_of_student(cf.conn(), student_id)?
        .iter()
        .map(|n| n.view(viewer, true))
        .collect())
}

/// The note with its text, for `viewer`. Reading a restricted note someone else wrote is
/// written in the journal (« Lecture d'une note restreinte de Léa Dubois »), in its own
/// transaction, before the text is given.
///
/// # Errors
/// [`Error::NotFound`]; [`Error::Forbidden`] if `viewer` may not read it, or if the note is
/// restricted and the case file was opened read-only (the reading could not be journaled).
pub fn read_note(cf: &mut CaseFile, viewer: &SignedIn, id: i64) -> Result<StudentNote> {
    let n = stored(cf.conn(), id)?;
    if !n.readable_by(viewer) {
        return Err(Error::Forbidden(format!(
            "Cette note est {} : votre rôle ({}) ne permet pas de la lire. Son résumé utile, s'il y en a un, est lisible par tous.",
            sensitivity_adjective(n.sensitivity),
            viewer.role.label().to_lowercase()
        )));
    }
    if n.sensitivity.is_restricted() && !access::is_author(viewer, n.author_user_id) {
        access::check_may_journal_reading(cf)?;
        let student = student_name(cf.conn(), n.student_id)?;
        cf.write(|tx| {
            tx.journal(JournalDraft {
                entity: "student_note",
                entity_id: Some(n.id),
                student_id: Some(n.student_id),
                summary: format!(
                    "Lecture d'une note {} {}",
                    sensitivity_adjective(n.sensitivity),
                    crate::text::de(&student)
                ),
                changes: vec![Change {
                    field: "Note lue".into(),
                    before: None,
                    after: Some(format!(
                        "du {}, de {} ({}), par {}",
                        fr(n.written_on),
                        n.author_name,
                        n.author_role.label(),
                        viewer.name
                    )),
                }],
            })
        })?;
    }
    Ok(n.view(viewer, true))
}

/// « restreinte », « réservée à son auteur », « d'équipe ».
fn sensitivity_adjective(s: Sensitivity) -> &'static str {
    match s {
        Sensitivity::Equipe => "d'équipe",
        Sensitivity::Restreint => "restreinte",
        Sensitivity::Auteur => "réservée à son auteur",
    }
}

fn student_name(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row(
        "SELECT first_name || ' ' || last_name FROM student WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("Aucun élève n'a le numéro {id}.")))
}

/// A note's input, checked: (date, text, summary).
fn validated(
    cf: &CaseFile,
    who: &SignedIn,
    student_id: i64,
    input: &StudentNoteInput,
) -> Result<(NaiveDate, String, String)> {
    let student = crate::registry::student(cf, student_id)?;
    let written_on = input
        .written_on
        .ok_or_else(|| Error::invalid("writtenOn", "Indiquez la date de la note."))?;
    if written_on > cf.today() {
        return Err(Error::invalid(
            "writtenOn",
            format!(
                "La date {} est dans le futur : une note se date du jour où elle est écrite, ou d'un jour passé.",
                fr(written_on)
            ),
        ));
    }
    if written_on < student.input.birth_date {
        return Err(Error::invalid(
            "writtenOn",
            format!(
                "La date {} précède la naissance de l'élève ({}) : vérifiez l'année.",
                fr(written_on),
                fr(student.input.birth_date)
            ),
        ));
    }
    let text = input.text.trim().to_owned();
    if text.is_empty() {
        return Err(Error::invalid(
            "text",
            "Écrivez la note : elle ne peut pas être vide.",
        ));
    }
    if input.sensitivity == Sensitivity::Auteur && who.id == 0 {
        return Err(Error::invalid(
            "sensitivity",
            "Une note « auteur seul » n'est lue que par son auteur : elle demande d'être connecté avec un compte personnel. Choisissez « Restreint », ou connectez-vous avec votre compte.",
        ));
    }
    Ok((written_on, text, input.summary.trim().to_owned()))
}

/// The text as the journal may show it: itself while the note is « équipe ».
fn journaled_text(s: Sensitivity, text: &str) -> String {
    match s {
        Sensitivity::Equipe => text.to_owned(),
        _ => format!("(texte non reproduit : note {})", sensitivity_adjective(s)),
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

fn journal_note(tx: &mut Tx<'_>, n: &Stored, summary: String, changes: Vec<Change>) -> Result<()> {
    tx.journal(JournalDraft {
        entity: "student_note",
        entity_id: Some(n.id),
        student_id: Some(n.student_id),
        summary,
        changes,
    })
}

/// Writes a note on a student's page, by `who`.
///
/// # Errors
/// [`Error::ReadOnly`], [`Error::Forbidden`] (« lecture seule »), [`Error::NotFound`] (no such
/// student), [`Error::Validation`] (see the module's rules).
pub fn add_note(
    cf: &mut CaseFile,
    who: &SignedIn,
    student_id: i64,
    input: &StudentNoteInput,
) -> Result<StudentNote> {
    access::check_may_write(cf, who)?;
    let (written_on, text, summary) = validated(cf, who, student_id, input)?;
    let student = student_name(cf.conn(), student_id)?;
    let id = cf.write(|tx| {
        let at = tx.at();
        tx.conn().execute(
            "INSERT INTO student_note (student_id, written_on, author_user_id, author_name, author_role,
                                       sensitivity, text, summary, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            params![student_id, written_on, who.id, who.name, who.role.code(),
                    input.sensitivity.code(), text, summary, at],
        )?;
        let n = Stored {
            id: tx.conn().last_insert_rowid(),
            student_id,
            written_on,
            author_user_id: Some(who.id),
            author_name: who.name.clone(),
            author_role: who.role,
            sensitivity: input.sensitivity,
            text: text.clone(),
            summary: summary.clone(),
            created_at: at,
            updated_at: at,
        };
        let mut changes = vec![
            Change {
                field: "Date".into(),
                before: None,
                after: Some(fr(written_on)),
            },
            Change {
                field: "Diffusion".into(),
                before: None,
                after: Some(input.sensitivity.label().into()),
            },
            Change {
                field: "Texte".into(),
                before: None,
                after: Some(journaled_text(input.sensitivity, &text)),
            },
        ];
        if !summary.is_empty() {
            changes.push(Change {
                field: "Résumé utile".into(),
                before: None,
                after: Some(summary.clone()),
            });
        }
        journal_note(
            tx,
            &n,
            format!(
                "Note {} ajoutée au dossier {}",
                sensitivity_adjective(input.sensitivity),
                crate::text::de(&student)
            ),
            changes,
        )?;
        Ok(n.id)
    })?;
    Ok(stored(cf.conn(), id)?.view(who, true))
}

/// Changes a note; only the account that wrote it may.
///
/// # Errors
/// As [`add_note`]; [`Error::Forbidden`] for another user; [`Error::NotFound`].
pub fn update_note(
    cf: &mut CaseFile,
    who: &SignedIn,
    id: i64,
    input: &StudentNoteInput,
) -> Result<StudentNote> {
    access::check_may_write(cf, who)?;
    let old = stored(cf.conn(), id)?;
    if old.author_user_id != Some(who.id) {
        return Err(Error::Forbidden(format!(
            "Seul l'auteur d'une note peut la modifier ({} l'a écrite).",
            if old.readable_by(who) {
                old.author_name.clone()
            } else {
                format!("un compte « {} »", old.author_role.label())
            }
        )));
    }
    let (written_on, text, summary) = validated(cf, who, old.student_id, input)?;
    let new = Stored {
        written_on,
        sensitivity: input.sensitivity,
        text,
        summary,
        ..old.clone()
    };
    let mut changes = Vec::new();
    let mut change = |field: &str, before: Option<String>, after: Option<String>| {
        if before != after {
            changes.push(Change {
                field: field.into(),
                before,
                after,
            });
        }
    };
    change("Date", Some(fr(old.written_on)), Some(fr(new.written_on)));
    change(
        "Diffusion",
        Some(old.sensitivity.label().into()),
        Some(new.sensitivity.label().into()),
    );
    if old.text != new.text {
        change(
            "Texte",
            Some(journaled_text(old.sensitivity, &old.text)),
            Some(format!(
                "{}{}",
                journaled_text(new.sensitivity, &new.text),
                // Two texts not reproduced would read alike: say that the text did change.
                if new.sensitivity.is_restricted() {
                    " (modifié)"
                } else {
                    ""
                }
            )),
        );
    }
    change(
        "Résumé utile",
        non_empty(&old.summary),
        non_empty(&new.summary),
    );
    if changes.is_empty() {
        return Ok(old.view(who, true));
    }
    let student = student_name(cf.conn(), old.student_id)?;
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE student_note SET written_on = ?2, sensitivity = ?3, text = ?4, summary = ?5, updated_at = ?6
              WHERE id = ?1",
            params![id, new.written_on, new.sensitivity.code(), new.text, new.summary, tx.at()],
        )?;
        journal_note(
            tx,
            &new,
            format!(
                "Note {} {} modifiée",
                sensitivity_adjective(new.sensitivity),
                crate::text::de(&student)
            ),
            changes,
        )
    })?;
    Ok(stored(cf.conn(), id)?.view(who, true))
}

/// Deletes a note: its author, or the référent décrochage (who answers the family's requests
/// for erasure; deleting reveals nothing of the text). The journal keeps that it existed, who
/// deleted it and when, without its text unless it was « équipe ».
///
/// # Errors
/// [`Error::ReadOnly`], [`Error::Forbidden`], [`Error::NotFound`].
pub fn delete_note(cf: &mut CaseFile, who: &SignedIn, id: i64) -> Result<()> {
    access::check_may_write(cf, who)?;
    let n = stored(cf.conn(), id)?;
    if n.author_user_id != Some(who.id) && who.role != Role::Referent {
        return Err(Error::Forbidden(
            "Seuls l'auteur d'une note et le référent décrochage peuvent la supprimer.".into(),
        ));
    }
    let student = student_name(cf.conn(), n.student_id)?;
    cf.write(|tx| {
        tx.conn()
            .execute("DELETE FROM student_note WHERE id = ?1", [id])?;
        let mut changes = vec![
            Change {
                field: "Note".into(),
                before: Some(n.stub()),
                after: None,
            },
            Change {
                field: "Texte".into(),
                before: Some(journaled_text(n.sensitivity, &n.text)),
                after: None,
            },
        ];
        if !n.summary.is_empty() {
            changes.push(Change {
                field: "Résumé utile".into(),
                before: Some(n.summary.clone()),
                after: None,
            });
        }
        journal_note(
            tx,
            &n,
            format!(
                "Note {} {} supprimée",
                sensitivity_adjective(n.sensitivity),
                crate::text::de(&student)
            ),
            changes,
        )
    })
}

/// A note in the student's chronology: the text of an « équipe » note; for the others, the stub
/// and the résumé utile (lists never carry a restricted text).
pub(crate) struct Event {
    pub on: NaiveDate,
    pub at: NaiveDateTime,
    pub summary: String,
    pub detail: String,
    pub author: String,
}

/// A student's notes, for the chronology.
pub(crate) fn student_events(cf: &CaseFile, student_id: i64) -> Result<Vec<Event>> {
    Ok(stored_of_student(cf.conn(), student_id)?
        .into_iter()
        .map(|n| {
            let resume = (!n.summary.is_empty()).then(|| format!("Résumé utile : {}", n.summary));
            if n.sensitivity.is_restricted() {
                Event {
                    on: n.written_on,
                    at: n.created_at,
                    summary: n.stub(),
                    detail: resume.unwrap_or_default(),
                    author: n.author_role.label().to_owned(),
                }
            } else {
                Event {
                    on: n.written_on,
                    at: n.created_at,
                    summary: format!("Note de {} ({})", n.author_name, n.author_role.label()),
                    detail: n.text,
                    author: n.author_name,
                }
            }
        })
        .collect())
}
