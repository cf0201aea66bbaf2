//! Comparing a roster file with the case file, applying it in one transaction, undoing it.
//!
//! Matching: by INE, then ELEVE_ID, then (last name, first name, birth date), accents and case
//! ignored. A student is never deleted by an import: a past exit date, or (for SIECLE, whose
//! exports are complete) absence from the file, marks them as left and archives them. Fields
//! the référent changed by hand are not overwritten: they are reported as conflicts.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{mef, RosterFile, RosterSource, RosterStudent, Skipped};
use crate::casefile::{CaseFile, Change, JournalDraft};
use crate::error::{Error, Result};
use crate::registry::{
    self, diff, establishment, insert_student, manual_fields, set_manual_fields, validate_student,
    write_student_row, StudentInput,
};
use crate::school_year::{french_date, SchoolYear};
use crate::text::fold;

/// How many students an import adds, changes, marks as left, leaves alone, or cannot use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportCounts {
    /// Students added.
    pub new: usize,
    /// Students whose details change.
    pub updated: usize,
    /// Students now marked as left.
    pub left: usize,
    /// Students found identical.
    pub unchanged: usize,
    /// Records not used (with their reason in the preview).
    pub skipped: usize,
}

/// A student the import would add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PreviewNew {
    /// Where in the file.
    pub location: String,
    /// "Léa DUBOIS".
    pub name: String,
    /// Class.
    pub class_name: String,
}

/// A student the import would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PreviewUpdate {
    /// The student's id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// "Léa DUBOIS".
    pub name: String,
    /// The fields that change (before → after).
    pub changes: Vec<Change>,
    /// Fields changed by hand in Accroche that the file sees otherwise: kept as they are
    /// (`before` = in Accroche, `after` = in the file).
    pub conflicts: Vec<Change>,
}

/// A student the import would mark as left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PreviewLeft {
    /// The student's id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// "Léa DUBOIS".
    pub name: String,
    /// The exit date recorded.
    pub exit_date: NaiveDate,
    /// Why: "date de sortie dans le fichier" or "absent de l'export".
    pub reason: String,
}

/// A record the import does not use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PreviewSkipped {
    /// Where in the file.
    pub location: String,
    /// The name as read.
    pub name: String,
    /// Why, in French.
    pub reason: String,
}

/// "10 nouveaux, 1 mis à jour, 0 sorti, 8 inchangés, 5 ignorés" (French: 0 and 1 are singular).
pub fn counts_sentence(c: &ImportCounts) -> String {
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count > 1 { many } else { one })
    };
    [
        n(c.new, "nouveau", "nouveaux"),
        n(c.updated, "mis à jour", "mis à jour"),
        n(c.left, "sorti", "sortis"),
        n(c.unchanged, "inchangé", "inchangés"),
        n(c.skipped, "ignoré", "ignorés"),
    ]
    .join(", ")
}

/// What an import would do, shown before anything changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// The file's name.
    pub file_name: String,
    /// "SIECLE (version 3.0)", "Pronote", "ONDE".
    pub source: String,
    /// The counts.
    pub counts: ImportCounts,
    /// Students to add.
    pub new: Vec<PreviewNew>,
    /// Students to change.
    pub updated: Vec<PreviewUpdate>,
    /// Students to mark as left.
    pub left: Vec<PreviewLeft>,
    /// Records not used.
    pub skipped: Vec<PreviewSkipped>,
    /// Things to check before applying (another school's UAI, another school year).
    pub warnings: Vec<String>,
}

/// The last import, for "Annuler le dernier import".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportBatch {
    /// Its id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// When.
    pub at: chrono::NaiveDateTime,
    /// The file imported.
    pub file_name: String,
    /// The counts.
    pub counts: ImportCounts,
    /// Whether it can still be undone (nothing was written since).
    pub can_undo: bool,
}

/// Reads a roster file: SIECLE XML or zip, or a Pronote / ONDE CSV, with SIECLE's optional
/// `Nomenclature.xml` for the MEF labels and `ResponsablesAvecAdresses.xml` for the legal
/// representatives (without it, the import leaves the case file's representatives alone).
pub fn read_roster(
    path: &Path,
    nomenclature: Option<&Path>,
    responsables: Option<&Path>,
) -> Result<RosterFile> {
    let read = |p: &Path| -> Result<Vec<u8>> {
        if !p.is_file() {
            return Err(Error::NotFound(format!(
                "Le fichier {} est introuvable. Vérifiez son emplacement.",
                p.display()
            )));
        }
        let size = std::fs::metadata(p).map_err(|e| Error::io(p, e))?.len();
        if size > super::MAX_FILE_BYTES as u64 {
            return Err(Error::Format(format!(
                "Le fichier {} fait {} Mo : c'est plus que les {} Mo qu'un export d'élèves peut peser. Vérifiez que c'est le bon fichier.",
                p.display(),
                size / 1_000_000,
                super::MAX_FILE_BYTES / 1_000_000
            )));
        }
        std::fs::read(p).map_err(|e| Error::io(p, e))
    };
    let bytes = read(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_lowercase();
    if lower.ends_with(".csv") || lower.ends_with(".txt") {
        return super::csv::parse_csv(&bytes, &name);
    }
    let nomenclature = match nomenclature {
        Some(p) => Some(super::siecle::parse_nomenclature(&read(p)?)?),
        None => None,
    };
    let mut roster = super::siecle::parse_siecle(&bytes, &name, nomenclature.as_ref())?;
    if let Some(p) = responsables {
        let file = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let reps = super::siecle::parse_responsables(&read(p)?, &file)?;
        super::siecle::attach_legal_reps(&mut roster, &reps)?;
    }
    Ok(roster)
}

/// What applying would write, computed once and shared by the preview and the apply.
struct Plan {
    preview: ImportPreview,
    inserts: Vec<StudentInput>,
    updates: Vec<(i64, StudentInput, bool)>,
}

/// The state of a student before an import touched it (undo restores it).
#[derive(Serialize, Deserialize)]
struct Snapshot {
    input: StudentInput,
    archived: bool,
    manual_fields: Vec<String>,
}

fn name_key(last: &str, first: &str, birth: NaiveDate) -> String {
    format!("{}|{}|{birth}", fold(last), fold(first))
}

fn source_label(source: &RosterSource) -> String {
    match source {
        RosterSource::Siecle { version } => format!("SIECLE (version {version})"),
        RosterSource::Pronote => "Pronote".into(),
        RosterSource::Onde => "ONDE".into(),
    }
}

fn status_label(code: &str) -> String {
    match code {
        "ST" => "Scolaire".into(),
        "AP" => "Apprenti".into(),
        "FC" => "Formation continue".into(),
        other => other.into(),
    }
}

/// The student as the file sees it, starting from what the case file holds.
fn overlay(before: &StudentInput, rs: &RosterStudent, roster: &RosterFile) -> StudentInput {
    let mut s = before.clone();
    let siecle = matches!(roster.source, RosterSource::Siecle { .. });
    if rs.ine.is_some() {
        s.ine.clone_from(&rs.ine);
    }
    if rs.eleve_id.is_some() {
        s.eleve_id.clone_from(&rs.eleve_id);
    }
    s.last_name.clone_from(&rs.last_name);
    s.first_name.clone_from(&rs.first_name);
    s.birth_date = rs.birth_date;
    if rs.sex.is_some() {
        s.sex = rs.sex;
    }
    if let Some(class) = &rs.class_name {
        s.class_name.clone_from(class);
    }
    if siecle || !rs.groups.is_empty() {
        s.groups.clone_from(&rs.groups);
    }
    if let Some(code) = &rs.mef {
        s.mef = Some(code.clone());
        s.track = Some(mef::track_for_mef(code));
    }
    if rs.mef_label.is_some() {
        s.mef_label.clone_from(&rs.mef_label);
    }
    if rs.entry_date.is_some() {
        s.entry_date = rs.entry_date;
    }
    if siecle || rs.exit_date.is_some() {
        s.exit_date = rs.exit_date;
    }
    if rs.exit_reason.is_some() || (siecle && rs.exit_date.is_none()) {
        s.exit_reason.clone_from(&rs.exit_reason);
    }
    if let Some(code) = &rs.status {
        s.status = status_label(code);
    }
    if !rs.email.is_empty() {
        s.email.clone_from(&rs.email);
    }
    if !rs.phone.is_empty() {
        s.phone.clone_from(&rs.phone);
    }
    if roster.has_legal_reps {
        s.legal_reps.clone_from(&rs.legal_reps);
    }
    s
}

/// Puts back, in `after`, the field labelled `label` as it is in `before`.
fn keep_field(label: &str, after: &mut StudentInput, before: &StudentInput) {
    match label {
        "INE" => after.ine.clone_from(&before.ine),
        "Identifiant SIECLE" => after.eleve_id.clone_from(&before.eleve_id),
        "Nom" => after.last_name.clone_from(&before.last_name),
        "Prénom" => after.first_name.clone_from(&before.first_name),
        "Date de naissance" => after.birth_date = before.birth_date,
        "Sexe" => after.sex = before.sex,
        "Classe" => after.class_name.clone_from(&before.class_name),
        "MEF" | "Filière" | "Libellé de la formation" => {
            after.mef.clone_from(&before.mef);
            after.track = before.track;
            after.mef_label.clone_from(&before.mef_label);
        }
        "Date d'entrée" => after.entry_date = before.entry_date,
        "Date de sortie" | "Motif de sortie" => {
            after.exit_date = before.exit_date;
            after.exit_reason.clone_from(&before.exit_reason);
        }
        "Statut" => after.status.clone_from(&before.status),
        "Courriel" => after.email.clone_from(&before.email),
        "Téléphone" => after.phone.clone_from(&before.phone),
        "Responsables légaux" => after.legal_reps.clone_from(&before.legal_reps),
        "Groupes" => after.groups.clone_from(&before.groups),
        _ => {}
    }
}

fn new_input(rs: &RosterStudent, roster: &RosterFile, class: &str) -> StudentInput {
    let empty = StudentInput {
        ine: None,
        eleve_id: None,
        last_name: String::new(),
        first_name: String::new(),
        birth_date: rs.birth_date,
        sex: None,
        class_name: class.to_owned(),
        mef: None,
        track: None,
        entry_date: None,
        exit_date: None,
        status: String::new(),
        email: String::new(),
        phone: String::new(),
        legal_reps: Vec::new(),
        groups: Vec::new(),
        mef_label: None,
        exit_reason: None,
    };
    overlay(&empty, rs, roster)
}

fn plan(cf: &CaseFile, roster: &RosterFile, file_name: &str) -> Result<Plan> {
    let today = cf.today();
    let est = establishment(cf)?.input;
    let conn = cf.conn();
    let stored = registry::students_all(conn)?;
    let mut manual: HashMap<i64, Vec<String>> = HashMap::new();
    {
        let mut stmt =
            conn.prepare("SELECT id, manual_fields FROM student WHERE manual_fields <> '[]'")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, json) = row?;
            manual.insert(id, serde_json::from_str(&json)?);
        }
    }
    let mut by_ine = HashMap::new();
    let mut by_eleve_id = HashMap::new();
    let mut by_name = HashMap::new();
    for (i, (_, s, _)) in stored.iter().enumerate() {
        if let Some(ine) = &s.ine {
            by_ine.insert(ine.clone(), i);
        }
        if let Some(e) = &s.eleve_id {
            by_eleve_id.insert(e.clone(), i);
        }
        by_name.insert(name_key(&s.last_name, &s.first_name, s.birth_date), i);
    }

    let mut preview = ImportPreview {
        file_name: file_name.to_owned(),
        source: source_label(&roster.source),
        counts: ImportCounts::default(),
        new: Vec::new(),
        updated: Vec::new(),
        left: Vec::new(),
        skipped: roster
            .skipped
            .iter()
            .map(|s: &Skipped| PreviewSkipped {
                location: s.location.clone(),
                name: s.name.clone(),
                reason: s.reason.clone(),
            })
            .collect(),
        warnings: Vec::new(),
    };
    if let Some(uai) = &roster.uai {
        if !uai.eq_ignore_ascii_case(&est.uai) {
            preview.warnings.push(format!(
                "Ce fichier concerne l'établissement {uai}, et ce dossier l'établissement {} : vérifiez que c'est le bon export.",
                est.uai
            ));
        }
    }
    if let Some(year) = roster.school_year {
        if year != est.school_year_start {
            preview.warnings.push(format!(
                "Ce fichier porte sur l'année scolaire {}, et le dossier est en {} : SIECLE change d'année entre juin et septembre ; vérifiez la date de l'export.",
                SchoolYear(year).label(),
                SchoolYear(est.school_year_start).label()
            ));
        }
    }

    let mut inserts = Vec::new();
    let mut updates = Vec::new();
    let mut matched = HashSet::new();
    let mut seen_new = HashSet::new();
    for rs in &roster.students {
        let display = format!("{} {}", rs.first_name, rs.last_name);
        let skip = |reason: String| PreviewSkipped {
            location: rs.location.clone(),
            name: display.clone(),
            reason,
        };
        let found = rs
            .ine
            .as_ref()
            .and_then(|k| by_ine.get(k))
            .or_else(|| rs.eleve_id.as_ref().and_then(|k| by_eleve_id.get(k)))
            .or_else(|| by_name.get(&name_key(&rs.last_name, &rs.first_name, rs.birth_date)))
            .copied();
        let left_now = rs.exit_date.is_some_and(|d| d <= today);
        let Some(i) = found else {
            let key = name_key(&rs.last_name, &rs.first_name, rs.birth_date);
            if left_now {
                let when = rs.exit_date.map(french_date).unwrap_or_default();
                preview
                    .skipped
                    .push(skip(format!("déjà sorti le {when} : pas ajouté")));
            } else if let Some(class) = rs.class_name.as_deref().filter(|c| !c.is_empty()) {
                if !seen_new.insert(key) {
                    preview
                        .skipped
                        .push(skip("en double dans le fichier".into()));
                    continue;
                }
                match validate_student(&new_input(rs, roster, class), None) {
                    Ok(input) => {
                        preview.new.push(PreviewNew {
                            location: rs.location.clone(),
                            name: display.clone(),
                            class_name: class.to_owned(),
                        });
                        inserts.push(input);
                    }
                    Err(e) => preview.skipped.push(skip(e.to_string())),
                }
            } else {
                preview.skipped.push(skip(
                    "aucune classe dans le fichier (seulement des groupes)".into(),
                ));
            }
            continue;
        };
        if !matched.insert(i) {
            preview.skipped.push(skip(
                "en double dans le fichier (même élève qu'une ligne précédente)".into(),
            ));
            continue;
        }
        let (id, before, archived) = &stored[i];
        let mut after = overlay(before, rs, roster);
        let candidate = diff(&before.fields(), &after.fields());
        let hand = manual.get(id).map(Vec::as_slice).unwrap_or_default();
        let mut conflicts = Vec::new();
        for c in candidate {
            if hand.contains(&c.field) {
                keep_field(&c.field, &mut after, before);
                conflicts.push(c);
            }
        }
        let after = match validate_student(&after, None) {
            Ok(a) => a,
            Err(e) => {
                preview.skipped.push(skip(e.to_string()));
                continue;
            }
        };
        let changes = diff(&before.fields(), &after.fields());
        let returned = !left_now && *archived && before.exit_date.is_some_and(|d| d <= today);
        let archive = if left_now {
            true
        } else if returned {
            false
        } else {
            *archived
        };
        if left_now && !archived {
            preview.left.push(PreviewLeft {
                student_id: *id,
                name: display.clone(),
                exit_date: rs.exit_date.unwrap_or(today),
                reason: "date de sortie dans le fichier".into(),
            });
            updates.push((*id, after, true));
        } else if !changes.is_empty() || archive != *archived || !conflicts.is_empty() {
            preview.updated.push(PreviewUpdate {
                student_id: *id,
                name: display.clone(),
                changes,
                conflicts,
            });
            updates.push((*id, after, archive));
        } else {
            preview.counts.unchanged += 1;
        }
    }

    // SIECLE exports list the whole school: a student it no longer lists has left.
    if matches!(roster.source, RosterSource::Siecle { .. }) {
        let on = roster.exported_on.filter(|d| *d <= today).unwrap_or(today);
        for (i, (id, s, archived)) in stored.iter().enumerate() {
            if matched.contains(&i) || *archived || s.eleve_id.is_none() {
                continue;
            }
            let mut after = s.clone();
            after.exit_date = Some(s.exit_date.filter(|d| *d <= on).unwrap_or(on));
            preview.left.push(PreviewLeft {
                student_id: *id,
                name: format!("{} {}", s.first_name, s.last_name),
                exit_date: after.exit_date.unwrap_or(on),
                reason: "absent de l'export".into(),
            });
            updates.push((*id, after, true));
        }
    }
    preview.counts.new = preview.new.len();
    preview.counts.updated = preview.updated.len();
    preview.counts.left = preview.left.len();
    preview.counts.skipped = preview.skipped.len();
    Ok(Plan {
        preview,
        inserts,
        updates,
    })
}

/// What importing `roster` would do, without changing anything.
pub fn preview(cf: &CaseFile, roster: &RosterFile, file_name: &str) -> Result<ImportPreview> {
    Ok(plan(cf, roster, file_name)?.preview)
}

/// Imports `roster` in one transaction (journaled per student, undoable) and returns what it did.
pub fn apply(cf: &mut CaseFile, roster: &RosterFile, file_name: &str) -> Result<ImportPreview> {
    let Plan {
        preview,
        inserts,
        updates,
    } = plan(cf, roster, file_name)?;
    let source = preview.source.clone();
    cf.write(|tx| {
        let conn = tx.conn();
        conn.execute(
            "INSERT INTO import_batch (at, author, file_name, source, counts, journal_from, journal_id)
             VALUES (?1, '', ?2, ?3, ?4, (SELECT coalesce(max(id), 0) + 1 FROM journal), 0)",
            params![
                tx.at().format("%Y-%m-%dT%H:%M:%S").to_string(),
                file_name,
                source,
                serde_json::to_string(&preview.counts)?
            ],
        )?;
        let batch = conn.last_insert_rowid();
        let record = |student: i64, before: Option<String>| -> Result<()> {
            conn.prepare_cached("INSERT INTO import_change (batch_id, student_id, before) VALUES (?1, ?2, ?3)")?
                .execute(params![batch, student, before])?;
            Ok(())
        };
        let mut journal = Vec::new();
        for input in &inserts {
            let id = insert_student(conn, None, input, false)?;
            record(id, None)?;
            journal.push((id, format!("Élève ajouté par l'import {source} ({file_name}) : {}", input.full_name()), diff(&Vec::new(), &input.fields())));
        }
        for (id, after, archived) in &updates {
            let before = registry::student_snapshot(conn, *id)?;
            let hand = manual_fields(conn, *id)?;
            let changes = diff(&before.0.fields(), &after.fields());
            record(
                *id,
                Some(serde_json::to_string(&Snapshot {
                    input: before.0,
                    archived: before.1,
                    manual_fields: hand,
                })?),
            )?;
            write_student_row(conn, *id, after, *archived)?;
            let what = if *archived && !before.1 {
                format!(
                    "Sortie enregistrée par l'import {source} : sorti le {}",
                    after.exit_date.map(french_date).unwrap_or_default()
                )
            } else {
                let labels: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
                format!("Fiche mise à jour par l'import {source} : {}", labels.join(", "))
            };
            journal.push((*id, what, changes));
        }
        for (id, summary, changes) in journal {
            tx.journal(JournalDraft {
                entity: "student",
                entity_id: Some(id),
                student_id: Some(id),
                summary,
                changes,
            })?;
        }
        let c = preview.counts;
        tx.journal(JournalDraft {
            entity: "import",
            entity_id: Some(batch),
            student_id: None,
            summary: format!(
                "Import de la liste des élèves ({source}, {file_name}) : {}",
                counts_sentence(&c)
            ),
            changes: Vec::new(),
        })?;
        tx.conn().execute(
            "UPDATE import_batch SET journal_id = (SELECT max(id) FROM journal), author = (SELECT author FROM journal WHERE id = (SELECT max(id) FROM journal)) WHERE id = ?1",
            [batch],
        )?;
        Ok(())
    })?;
    Ok(preview)
}

/// The most recent import not yet undone, if any.
pub fn last_import(cf: &CaseFile) -> Result<Option<ImportBatch>> {
    let row = cf
        .conn()
        .query_row(
            // Undoable while nothing was written after it but later imports that were undone
            // (and their undo entries): those left the case file exactly as this import did.
            "SELECT b.id, b.at, b.file_name, b.counts, NOT EXISTS (
                 SELECT 1 FROM journal j
                 WHERE j.id > b.journal_id
                   AND j.entity <> 'import_undo'
                   AND NOT EXISTS (
                       SELECT 1 FROM import_batch u
                       WHERE u.undone_at IS NOT NULL AND j.id BETWEEN u.journal_from AND u.journal_id))
             FROM import_batch b WHERE b.undone_at IS NULL ORDER BY b.id DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, bool>(4)?,
                ))
            },
        )
        .optional()?;
    let Some((id, at, file_name, counts, can_undo)) = row else {
        return Ok(None);
    };
    Ok(Some(ImportBatch {
        id,
        at: chrono::NaiveDateTime::parse_from_str(&at, "%Y-%m-%dT%H:%M:%S")
            .map_err(|_| Error::Format(format!("Date d'import illisible : {at}")))?,
        file_name,
        counts: serde_json::from_str(&counts)?,
        can_undo,
    }))
}

/// Puts every student the last import touched back as it was, and removes the ones it added.
/// Refused once anything else was written after the import (the state before could no longer
/// be restored exactly).
pub fn undo_last_import(cf: &mut CaseFile) -> Result<ImportBatch> {
    let batch =
        last_import(cf)?.ok_or_else(|| Error::NotFound("Aucun import à annuler.".into()))?;
    if !batch.can_undo {
        return Err(Error::Conflict(
            "Des modifications ont été enregistrées depuis cet import : il ne peut plus être annulé. Restaurez la sauvegarde du jour si nécessaire (Paramètres → Sauvegardes).".into(),
        ));
    }
    cf.write(|tx| {
        let conn = tx.conn();
        let changes: Vec<(i64, Option<String>)> = {
            let mut stmt = conn.prepare(
                "SELECT student_id, before FROM import_change WHERE batch_id = ?1 ORDER BY rowid DESC",
            )?;
            let rows = stmt.query_map([batch.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (id, before) in changes {
            match before {
                None => {
                    conn.execute("DELETE FROM student WHERE id = ?1", [id])?;
                }
                Some(json) => {
                    let snap: Snapshot = serde_json::from_str(&json)?;
                    write_student_row(conn, id, &snap.input, snap.archived)?;
                    set_manual_fields(conn, id, &snap.manual_fields)?;
                }
            }
        }
        conn.execute(
            "UPDATE import_batch SET undone_at = ?2 WHERE id = ?1",
            params![batch.id, tx.at().format("%Y-%m-%dT%H:%M:%S").to_string()],
        )?;
        tx.journal(JournalDraft {
            entity: "import_undo",
            entity_id: Some(batch.id),
            student_id: None,
            summary: format!("Import annulé : {} (du {})", batch.file_name, french_date(batch.at.date())),
            changes: Vec::new(),
        })
    })?;
    Ok(batch)
}
