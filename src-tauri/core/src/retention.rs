//! RGPD retention: the data of a student who left is kept until the end of the school year
//! following the year of their exit (by default; 0 to 5 years after, a case-file setting), and
//! as long as a follow-up, a PAFI or an alliance of theirs is still open. Then a purge deletes
//! it — flags, GPDS reviews and actions, entretiens, mesures, PAFI, alliances, notes, documents,
//! the student's record and legal representatives — in one transaction, erases the text of the
//! journal entries about them (their hashes stay: the chain still verifies), and prints a
//! certificate (what kinds, how many, when, by whom — no names). Frozen bilan exports are kept.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::casefile::{CaseFile, Change, JournalDraft};
use crate::documents::layout::{report, Cover, Header, ReportInput};
use crate::documents::markup::build::{bold, plain};
use crate::documents::markup::{Block, ColumnAlign, Table};
use crate::documents::render::{self, PdfMeta};
use crate::error::{Error, Result};
use crate::school_year::{french_date, SchoolYear};

/// School years kept after the year of a student's exit, by default.
pub const DEFAULT_YEARS_AFTER_EXIT: u32 = 1;
/// The most one may keep.
pub const MAX_YEARS_AFTER_EXIT: u32 = 5;

/// How many records of each kind a purge deletes (or deleted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "PurgeCounts"))]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Students' records (with their legal representatives).
    pub students: u32,
    /// Flags (repérages).
    pub flags: u32,
    /// GPDS decisions about them.
    pub reviews: u32,
    /// Follow-up actions.
    pub actions: u32,
    /// Entretiens de situation.
    pub entretiens: u32,
    /// Mesures de responsabilisation.
    pub mesures: u32,
    /// PAFI (with all their parts).
    pub pafi: u32,
    /// Alliances éducatives (with all their parts).
    pub alliances: u32,
    /// Notes on the student (every sensitivity).
    pub notes: u32,
    /// Documents (PDFs, every version, scans).
    pub documents: u32,
    /// Journal entries whose text is erased.
    pub journal_entries: u32,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.students += o.students;
        self.flags += o.flags;
        self.reviews += o.reviews;
        self.actions += o.actions;
        self.entretiens += o.entretiens;
        self.mesures += o.mesures;
        self.pafi += o.pafi;
        self.alliances += o.alliances;
        self.notes += o.notes;
        self.documents += o.documents;
        self.journal_entries += o.journal_entries;
    }

    /// The kinds with their French names, in print order.
    pub fn kinds(&self) -> [(&'static str, u32); 11] {
        [
            ("Fiches d'élèves (et responsables légaux)", self.students),
            ("Repérages", self.flags),
            ("Décisions du GPDS", self.reviews),
            ("Actions de suivi", self.actions),
            ("Entretiens de situation", self.entretiens),
            ("Mesures de responsabilisation", self.mesures),
            (
                "PAFI (avec leurs activités, emplois du temps, bilans)",
                self.pafi,
            ),
            (
                "Alliances éducatives (avec leurs équipes, diagnostics, réunions)",
                self.alliances,
            ),
            ("Notes (toutes diffusions)", self.notes),
            ("Documents (PDF, versions, scans)", self.documents),
            (
                "Entrées du journal effacées (empreintes gardées)",
                self.journal_entries,
            ),
        ]
    }
}

/// A student whose data the purge deletes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "PurgeStudent"))]
#[serde(rename_all = "camelCase")]
pub struct Due {
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// « Léa Dubois (2NDE3) ».
    pub name: String,
    /// When they left.
    pub exit_date: NaiveDate,
    /// The last day their data is kept.
    pub kept_until: NaiveDate,
    /// What would go.
    pub counts: Counts,
    /// Why it stays for now (an open follow-up, a PAFI or an alliance under way), if it does.
    pub held_by: Option<String>,
}

/// What a purge would do today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "PurgePreview"))]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// The policy: school years kept after the year of exit.
    pub years_after_exit: u32,
    /// Today.
    pub on: NaiveDate,
    /// The students whose data goes (held ones excluded).
    pub due: Vec<Due>,
    /// Students past their date whose data stays for now, with why.
    pub held: Vec<Due>,
    /// The totals of what goes.
    pub totals: Counts,
}

/// What a purge did (printed on its certificate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "PurgeReport"))]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The day.
    pub on: NaiveDate,
    /// Who ran it.
    pub by: String,
    /// The policy applied.
    pub years_after_exit: u32,
    /// What was deleted.
    pub counts: Counts,
    /// The establishment (for the certificate).
    pub establishment: String,
    /// Its UAI.
    pub uai: String,
}

/// The policy: school years kept after the year of a student's exit.
pub fn years_after_exit(cf: &CaseFile) -> Result<u32> {
    Ok(cf
        .meta("retention_years_after_exit")?
        .and_then(|v| v.parse().ok())
        .filter(|n| *n <= MAX_YEARS_AFTER_EXIT)
        .unwrap_or(DEFAULT_YEARS_AFTER_EXIT))
}

/// Sets the policy (0 to 5 school years after the year of exit), journaled.
pub fn set_years_after_exit(cf: &mut CaseFile, years: u32) -> Result<u32> {
    if years > MAX_YEARS_AFTER_EXIT {
        return Err(Error::invalid(
            "years",
            format!("Choisissez de 0 à {MAX_YEARS_AFTER_EXIT} années scolaires après l'année de sortie."),
        ));
    }
    let before = years_after_exit(cf)?;
    if before == years {
        return Ok(years);
    }
    cf.write(|tx| {
        tx.set_meta("retention_years_after_exit", &years.to_string())?;
        tx.journal(JournalDraft {
            entity: "casefile",
            entity_id: None,
            student_id: None,
            summary: format!("Durée de conservation : {}", policy(years)),
            changes: vec![Change {
                field: "Années scolaires gardées après la sortie".into(),
                before: Some(before.to_string()),
                after: Some(years.to_string()),
            }],
        })
    })?;
    Ok(years)
}

/// « jusqu'à la fin de l'année scolaire qui suit celle de la sortie ».
pub fn policy(years: u32) -> String {
    match years {
        0 => "jusqu'à la fin de l'année scolaire de la sortie de l'élève".into(),
        1 => "jusqu'à la fin de l'année scolaire qui suit celle de la sortie de l'élève".into(),
        n => {
            format!("jusqu'à la fin de la {n}e année scolaire après celle de la sortie de l'élève")
        }
    }
}

/// The last day a student's data is kept, for an exit on `exit`.
pub fn kept_until(exit: NaiveDate, years: u32) -> NaiveDate {
    let y = i32::try_from(years).unwrap_or(0);
    SchoolYear(SchoolYear::containing(exit).0 + y).last_day()
}

fn count(conn: &Connection, sql: &str, id: i64) -> Result<u32> {
    Ok(conn.query_row(sql, [id], |r| r.get(0))?)
}

fn counts_of(conn: &Connection, id: i64) -> Result<Counts> {
    Ok(Counts {
        students: 1,
        flags: count(conn, "SELECT count(*) FROM flag WHERE student_id = ?1", id)?,
        reviews: count(
            conn,
            "SELECT count(*) FROM review WHERE student_id = ?1",
            id,
        )?,
        actions: count(
            conn,
            "SELECT count(*) FROM action WHERE student_id = ?1",
            id,
        )?,
        entretiens: count(
            conn,
            "SELECT count(*) FROM entretien WHERE student_id = ?1",
            id,
        )?,
        mesures: count(
            conn,
            "SELECT count(*) FROM mesure WHERE student_id = ?1",
            id,
        )?,
        pafi: count(conn, "SELECT count(*) FROM pafi WHERE student_id = ?1", id)?,
        alliances: count(
            conn,
            "SELECT count(*) FROM alliance WHERE student_id = ?1",
            id,
        )?,
        notes: count(
            conn,
            "SELECT count(*) FROM student_note WHERE student_id = ?1",
            id,
        )?,
        documents: count(
            conn,
            "SELECT count(*) FROM document WHERE student_id = ?1",
            id,
        )?,
        journal_entries: count(
            conn,
            "SELECT count(*) FROM journal WHERE student_id = ?1 AND redacted_on IS NULL",
            id,
        )?,
    })
}

fn held_by(conn: &Connection, id: i64) -> Result<Option<String>> {
    let mut why = Vec::new();
    if count(
        conn,
        "SELECT count(*) FROM followup WHERE student_id = ?1 AND open = 1",
        id,
    )? > 0
    {
        why.push("suivi GPDS ouvert");
    }
    if count(
        conn,
        "SELECT count(*) FROM pafi WHERE student_id = ?1 AND state NOT IN ('finished', 'interrupted')",
        id,
    )? > 0
    {
        why.push("PAFI en cours");
    }
    if count(
        conn,
        "SELECT count(*) FROM alliance WHERE student_id = ?1 AND state NOT IN ('closed', 'abandoned')",
        id,
    )? > 0
    {
        why.push("alliance éducative en cours");
    }
    Ok((!why.is_empty()).then(|| why.join(", ")))
}

/// What a purge would delete today, and which students past their date stay (and why).
pub fn preview(cf: &CaseFile) -> Result<Preview> {
    let years = years_after_exit(cf)?;
    let on = cf.today();
    let conn = cf.conn();
    let mut stmt = conn.prepare(
        "SELECT id, first_name || ' ' || last_name || ' (' || class_name || ')', exit_date
           FROM student WHERE exit_date IS NOT NULL ORDER BY exit_date, key_last_first",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, NaiveDate>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let (mut due, mut held, mut totals) = (Vec::new(), Vec::new(), Counts::default());
    for (student_id, name, exit_date) in rows {
        let until = kept_until(exit_date, years);
        if on <= until {
            continue;
        }
        let d = Due {
            student_id,
            name,
            exit_date,
            kept_until: until,
            counts: counts_of(conn, student_id)?,
            held_by: held_by(conn, student_id)?,
        };
        if d.held_by.is_some() {
            held.push(d);
        } else {
            totals.add(&d.counts);
            due.push(d);
        }
    }
    Ok(Preview {
        years_after_exit: years,
        on,
        due,
        held,
        totals,
    })
}

/// Deletes everything about one student, in the caller's transaction.
fn delete_student(conn: &Connection, id: i64, on: &str) -> Result<()> {
    let by_docs = "IN (SELECT id FROM document WHERE student_id = ?1)";
    for sql in [
        format!("DELETE FROM document_scan WHERE document_id {by_docs}"),
        format!("DELETE FROM document_signatory WHERE document_id {by_docs}"),
        format!("DELETE FROM document_file WHERE document_id {by_docs}"),
        "DELETE FROM document WHERE student_id = ?1".into(),
        "UPDATE alliance_response SET pafi_id = NULL
          WHERE pafi_id IN (SELECT id FROM pafi WHERE student_id = ?1)"
            .into(),
        "DELETE FROM alliance WHERE student_id = ?1".into(),
        "DELETE FROM pafi WHERE student_id = ?1".into(),
        "DELETE FROM proposal WHERE student_id = ?1".into(),
        "DELETE FROM action WHERE student_id = ?1".into(),
        "DELETE FROM review WHERE student_id = ?1".into(),
        "DELETE FROM agenda_item WHERE student_id = ?1".into(),
        "DELETE FROM followup_assignment WHERE student_id = ?1".into(),
        "DELETE FROM followup WHERE student_id = ?1".into(),
        "DELETE FROM flag WHERE student_id = ?1".into(),
        "DELETE FROM entretien WHERE student_id = ?1".into(),
        "DELETE FROM mesure WHERE student_id = ?1".into(),
        "DELETE FROM student_note WHERE student_id = ?1".into(),
        "UPDATE meeting_guest SET students =
            (SELECT json_group_array(value) FROM json_each(meeting_guest.students) WHERE value <> ?1)
          WHERE EXISTS (SELECT 1 FROM json_each(meeting_guest.students) WHERE value = ?1)"
            .into(),
        "DELETE FROM import_change WHERE student_id = ?1".into(),
        "DELETE FROM student WHERE id = ?1".into(),
    ] {
        conn.execute(&sql, [id])?;
    }
    crate::casefile::redact_journal_of_student(conn, id, on)?;
    Ok(())
}

/// Purges today what [`preview`] lists, in one transaction, and writes its certificate at
/// `certificate` (whole or not at all: if it cannot be written, nothing is purged).
/// `expected` is the number of students the user saw in the preview: if it changed since, the
/// purge is refused (preview again).
pub fn purge(cf: &mut CaseFile, expected: usize, certificate: &std::path::Path) -> Result<Report> {
    let p = preview(cf)?;
    if p.due.is_empty() {
        return Err(Error::invalid(
            "purge",
            "Aucune donnée n'a dépassé sa durée de conservation : rien à purger.",
        ));
    }
    if p.due.len() != expected {
        return Err(Error::Conflict(format!(
            "L'aperçu a changé ({} élève{} concerné{} maintenant) : relisez-le avant de purger.",
            p.due.len(),
            if p.due.len() > 1 { "s" } else { "" },
            if p.due.len() > 1 { "s" } else { "" },
        )));
    }
    let e = crate::registry::establishment(cf)?.input;
    let report = Report {
        on: p.on,
        by: cf.author().to_owned(),
        years_after_exit: p.years_after_exit,
        counts: p.totals.clone(),
        establishment: e.name,
        uai: e.uai,
    };
    let pdf = certificate_pdf(&report)?;
    let on = french_date(p.on);
    let changes = report
        .counts
        .kinds()
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(kind, n)| Change {
            field: (*kind).into(),
            before: None,
            after: Some(n.to_string()),
        })
        .collect();
    cf.write(|tx| {
        for d in &p.due {
            delete_student(tx.conn(), d.student_id, &on)?;
        }
        tx.journal(JournalDraft {
            entity: "purge",
            entity_id: None,
            student_id: None,
            summary: format!(
                "Purge RGPD : données de {} élève{} sorti{} effacées (conservation {})",
                p.due.len(),
                if p.due.len() > 1 { "s" } else { "" },
                if p.due.len() > 1 { "s" } else { "" },
                policy(p.years_after_exit)
            ),
            changes,
        })?;
        crate::files::write_whole(certificate, &pdf)
    })?;
    Ok(report)
}

/// The purge certificate: what kinds of records, how many, when, by whom, under which policy.
/// Names no one.
pub fn certificate_pdf(r: &Report) -> Result<Vec<u8>> {
    let title = "Certificat de purge des données";
    let rows = r
        .counts
        .kinds()
        .iter()
        .map(|(kind, n)| vec![plain(*kind), plain(n.to_string())])
        .collect();
    let layout = report(&ReportInput {
        header: Header {
            name: r.establishment.clone(),
            uai: r.uai.clone(),
            address: String::new(),
            logo: None,
        },
        cover: Cover {
            title: title.into(),
            lines: vec![
                bold(&r.establishment),
                plain(format!("UAI {}", r.uai)),
                plain(format!("Purge effectuée le {} par {}", french_date(r.on), r.by)),
            ],
            foot: vec![Block::Notice {
                paragraphs: vec![plain(
                    "Ce certificat ne nomme aucun élève : il dit quelles catégories de données ont été effacées, combien, quand et par qui, en application de la durée de conservation du dossier (RGPD, article 5-1-e).",
                )],
            }],
        },
        blocks: vec![
            Block::Heading {
                text: plain("Durée de conservation appliquée"),
            },
            Block::Paragraph {
                text: plain(format!(
                    "Les données d'un élève sorti de l'établissement sont conservées {}, et tant qu'un suivi GPDS, un PAFI ou une alliance éducative le concernant reste ouvert ; elles sont ensuite effacées du dossier.",
                    policy(r.years_after_exit)
                )),
            },
            Block::Heading {
                text: plain("Données effacées"),
            },
            Block::Table(Table {
                widths: Some(vec![80.0, 20.0]),
                align: vec![ColumnAlign::Left, ColumnAlign::Right],
                keep_together: true,
                header: vec![plain("Catégorie"), plain("Nombre")],
                rows,
            }),
            Block::Paragraph {
                text: plain(
                    "Le journal du dossier garde la trace de chaque entrée effacée (sa date, son auteur et son empreinte), sans son texte : la chaîne du journal reste vérifiable. Les bilans annuels déjà exportés, anonymes, sont conservés tels qu'ils ont été transmis.",
                ),
            },
        ],
        footer: format!("{} — {}", r.establishment, title),
    })?;
    render::pdf(
        &layout,
        &PdfMeta {
            title: format!("{title} — {}", r.establishment),
            author: r.establishment.clone(),
            subject: title.into(),
            created: r.on.and_time(NaiveTime::MIN),
        },
    )
}

/// Every student's id and exit date, for tests and the CLI's listing.
pub fn exits(cf: &CaseFile) -> Result<Vec<(i64, NaiveDate)>> {
    let mut stmt = cf
        .conn()
        .prepare("SELECT id, exit_date FROM student WHERE exit_date IS NOT NULL ORDER BY id")?;
    let rows = stmt.query_map(params![], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
