//! Students and their legal representatives.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{coded_enum, collect, decode, diff, email, non_empty, phone, required, Coded, Fields};
use crate::casefile::{CaseFile, JournalDraft, Tx};
use crate::error::{Error, Result};
use crate::school_year::{age_on, french_date};
use crate::text::{fold, tidy};

coded_enum! {
    /// Sex as recorded by SIECLE.
    Sex {
        /// Masculin.
        M = "M" / "Masculin",
        /// Féminin.
        F = "F" / "Féminin",
    }
}

coded_enum! {
    /// The student's track, as the bilan groups them.
    Track {
        /// Collège.
        College = "college" / "Collège",
        /// SEGPA, ULIS, 3e insertion / relais.
        Segpa = "segpa" / "SEGPA / ULIS",
        /// CAP.
        Cap = "cap" / "CAP",
        /// Bac pro.
        BacPro = "bac_pro" / "Bac pro",
        /// Seconde générale et technologique.
        SecondeGt = "seconde_gt" / "2de GT",
        /// Première générale ou technologique.
        PremiereGt = "premiere_gt" / "1re GT",
        /// Terminale générale ou technologique.
        TerminaleGt = "terminale_gt" / "Terminale GT",
        /// BTS, CPGE…
        PostBac = "post_bac" / "Post-bac",
        /// Mission de lutte contre le décrochage scolaire, complementary training.
        Mlds = "mlds" / "MLDS",
        /// Anything else.
        Autre = "autre" / "Autre",
    }
}

coded_enum! {
    /// How a legal representative is related to the student.
    Relationship {
        /// Mère.
        Mere = "mere" / "Mère",
        /// Père.
        Pere = "pere" / "Père",
        /// Tuteur / tutrice.
        Tuteur = "tuteur" / "Tuteur / tutrice",
        /// Other.
        Autre = "autre" / "Autre",
    }
}

/// A student's legal representative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LegalRep {
    /// Last name.
    pub last_name: String,
    /// First name.
    pub first_name: String,
    /// Relationship to the student.
    pub relationship: Relationship,
    /// Postal address.
    pub address: String,
    /// Phone.
    pub phone: String,
    /// E-mail.
    pub email: String,
}

/// What the user types to create or edit a student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StudentInput {
    /// Identifiant national élève (11 characters), if known.
    pub ine: Option<String>,
    /// SIECLE's ELEVE_ID, the join key of roster imports.
    pub eleve_id: Option<String>,
    /// Last name.
    pub last_name: String,
    /// First name.
    pub first_name: String,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Sex, if known.
    pub sex: Option<Sex>,
    /// Class ("2NDE3").
    pub class_name: String,
    /// MEF code (11 characters), if known.
    pub mef: Option<String>,
    /// Track.
    pub track: Option<Track>,
    /// Entry date in the establishment.
    pub entry_date: Option<NaiveDate>,
    /// Exit date, if the student left or will leave.
    pub exit_date: Option<NaiveDate>,
    /// Status ("Scolaire", "Apprenti"…).
    pub status: String,
    /// The student's own e-mail.
    pub email: String,
    /// The student's own phone.
    pub phone: String,
    /// Legal representatives, in order.
    pub legal_reps: Vec<LegalRep>,
    /// Groups the student belongs to (roster imports: SIECLE structures of type G).
    #[serde(default)]
    pub groups: Vec<String>,
    /// The school's own label of the MEF (from SIECLE's nomenclature), if known.
    #[serde(default)]
    pub mef_label: Option<String>,
    /// Why the student left (SIECLE `CODE_MOTIF_SORTIE`), if known.
    #[serde(default)]
    pub exit_reason: Option<String>,
}

/// A student as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Student {
    /// Its id in the case file.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Its fields.
    #[serde(flatten)]
    pub input: StudentInput,
    /// Archived students are hidden from lists by default.
    pub archived: bool,
    /// Age today, in whole years.
    pub age: i32,
}

/// One line of the students list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StudentRow {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Last name.
    pub last_name: String,
    /// First name.
    pub first_name: String,
    /// Class.
    pub class_name: String,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// INE.
    pub ine: Option<String>,
    /// Archived.
    pub archived: bool,
}

/// Normalises and checks a student. `today`, when given, also checks the birth date is
/// plausible for a secondary pupil (imports of old records pass `None`).
pub(crate) fn validate_student(s: &StudentInput, today: Option<NaiveDate>) -> Result<StudentInput> {
    let ine = match s.ine.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(v) => {
            let v = v.to_uppercase();
            if v.chars().count() != 11 || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(Error::invalid(
                    "ine",
                    format!(
                        "L'INE doit compter 11 caractères, chiffres et lettres (exemple : 1234567890A) ; « {v} » en compte {}.",
                        v.chars().count()
                    ),
                ));
            }
            Some(v)
        }
    };
    let mef = match s.mef.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(v) if v.len() == 11 && v.chars().all(|c| c.is_ascii_alphanumeric()) => {
            Some(v.to_uppercase())
        }
        Some(v) => {
            return Err(Error::invalid(
                "mef",
                format!(
                "Le code MEF compte 11 caractères (exemple : 24620010110) ; « {v} » n'en a pas 11."
            ),
            ))
        }
    };
    if let Some(today) = today {
        if s.birth_date > today {
            return Err(Error::invalid(
                "birthDate",
                "La date de naissance ne peut pas être dans le futur.",
            ));
        }
        let age = age_on(s.birth_date, today);
        if !(9..=25).contains(&age) {
            return Err(Error::invalid(
                "birthDate",
                format!(
                    "Née ou né le {}, l'élève aurait {age} ans : vérifiez la date (un élève du second degré a entre 10 et 25 ans).",
                    french_date(s.birth_date)
                ),
            ));
        }
    }
    if let (Some(entry), Some(exit)) = (s.entry_date, s.exit_date) {
        if exit < entry {
            return Err(Error::invalid(
                "exitDate",
                "La date de sortie précède la date d'entrée.",
            ));
        }
    }
    let mut reps = Vec::with_capacity(s.legal_reps.len());
    for (i, r) in s.legal_reps.iter().enumerate() {
        reps.push(LegalRep {
            last_name: required(
                &r.last_name,
                &format!("legalReps[{i}].lastName"),
                "Indiquez le nom du responsable légal.",
            )?,
            first_name: tidy(&r.first_name),
            relationship: r.relationship,
            address: r.address.trim().to_owned(),
            phone: phone(&r.phone, &format!("legalReps[{i}].phone"))?,
            email: email(&r.email, &format!("legalReps[{i}].email"))?,
        });
    }
    Ok(StudentInput {
        ine,
        eleve_id: s.eleve_id.as_deref().and_then(non_empty),
        last_name: required(
            &tidy(&s.last_name),
            "lastName",
            "Indiquez le nom de l'élève.",
        )?,
        first_name: required(
            &tidy(&s.first_name),
            "firstName",
            "Indiquez le prénom de l'élève.",
        )?,
        birth_date: s.birth_date,
        sex: s.sex,
        class_name: required(
            &s.class_name,
            "className",
            "Indiquez la classe de l'élève (exemple : 2NDE3).",
        )?,
        mef,
        track: s.track,
        entry_date: s.entry_date,
        exit_date: s.exit_date,
        status: tidy(&s.status),
        email: email(&s.email, "email")?,
        phone: phone(&s.phone, "phone")?,
        legal_reps: reps,
        groups: s.groups.iter().filter_map(|g| non_empty(g)).collect(),
        mef_label: s.mef_label.as_deref().and_then(non_empty),
        exit_reason: s.exit_reason.as_deref().and_then(non_empty),
    })
}

impl StudentInput {
    pub(crate) fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    pub(crate) fn fields(&self) -> Fields {
        let date = |d: Option<NaiveDate>| d.map(french_date);
        let reps = self
            .legal_reps
            .iter()
            .map(|r| {
                format!(
                    "{} : {} {}",
                    r.relationship.label(),
                    r.first_name,
                    r.last_name
                )
                .trim()
                .to_owned()
            })
            .collect::<Vec<_>>()
            .join(" ; ");
        vec![
            ("INE", self.ine.clone()),
            ("Identifiant SIECLE", self.eleve_id.clone()),
            ("Nom", Some(self.last_name.clone())),
            ("Prénom", Some(self.first_name.clone())),
            ("Date de naissance", date(Some(self.birth_date))),
            ("Sexe", self.sex.map(|s| s.label().to_owned())),
            ("Classe", Some(self.class_name.clone())),
            ("MEF", self.mef.clone()),
            ("Filière", self.track.map(|t| t.label().to_owned())),
            ("Date d'entrée", date(self.entry_date)),
            ("Date de sortie", date(self.exit_date)),
            ("Statut", non_empty(&self.status)),
            ("Courriel", non_empty(&self.email)),
            ("Téléphone", non_empty(&self.phone)),
            ("Responsables légaux", non_empty(&reps)),
            ("Groupes", non_empty(&self.groups.join(", "))),
            ("Libellé de la formation", self.mef_label.clone()),
            ("Motif de sortie", self.exit_reason.clone()),
        ]
    }
}

fn check_unique(conn: &Connection, s: &StudentInput, id: Option<i64>) -> Result<()> {
    let clash = |column: &str, value: &str| -> Result<Option<String>> {
        Ok(conn
            .query_row(
                &format!(
                    "SELECT first_name || ' ' || last_name FROM student
                     WHERE {column} = ?1 AND id IS NOT ?2"
                ),
                params![value, id],
                |r| r.get(0),
            )
            .optional()?)
    };
    if let Some(ine) = &s.ine {
        if let Some(other) = clash("ine", ine)? {
            return Err(Error::invalid(
                "ine",
                format!("L'INE {ine} est déjà celui de {other}. Vérifiez-le."),
            ));
        }
    }
    if let Some(eid) = &s.eleve_id {
        if let Some(other) = clash("eleve_id", eid)? {
            return Err(Error::invalid(
                "eleveId",
                format!("L'identifiant SIECLE {eid} est déjà celui de {other}."),
            ));
        }
    }
    Ok(())
}

fn write_reps(conn: &Connection, id: i64, reps: &[LegalRep]) -> Result<()> {
    conn.execute("DELETE FROM legal_rep WHERE student_id = ?1", [id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO legal_rep (student_id, position, last_name, first_name, relationship,
                                address, phone, email)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (i, r) in reps.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            r.last_name,
            r.first_name,
            r.relationship.code(),
            r.address,
            r.phone,
            r.email
        ])?;
    }
    Ok(())
}

fn keys(s: &StudentInput) -> (String, String) {
    let (last, first) = (fold(&s.last_name), fold(&s.first_name));
    (format!("{last} {first}"), format!("{first} {last}"))
}

/// Runs an INSERT or UPDATE of a student row whose parameters are numbered as the columns
/// here (?1 id … ?21 exit_reason): the one place that turns a student into SQL values.
fn bind_row(
    stmt: &mut rusqlite::CachedStatement<'_>,
    id: Option<i64>,
    s: &StudentInput,
    archived: bool,
) -> Result<usize> {
    let (k1, k2) = keys(s);
    Ok(stmt.execute(params![
        id,
        s.ine,
        s.eleve_id,
        s.last_name,
        s.first_name,
        k1,
        k2,
        s.birth_date,
        s.sex.map(Coded::code),
        s.class_name,
        s.mef,
        s.track.map(Coded::code),
        s.entry_date,
        s.exit_date,
        s.status,
        s.email,
        s.phone,
        archived,
        serde_json::to_string(&s.groups)?,
        s.mef_label,
        s.exit_reason
    ])?)
}

/// Inserts a validated student with a given id (or a new one) and its legal representatives.
pub(crate) fn insert_student(
    conn: &Connection,
    id: Option<i64>,
    s: &StudentInput,
    archived: bool,
) -> Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO student (id, ine, eleve_id, last_name, first_name, key_last_first,
             key_first_last, birth_date, sex, class_name, mef, track, entry_date, exit_date,
             status, email, phone, archived, groups, mef_label, exit_reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, ?20, ?21)",
    )?;
    bind_row(&mut stmt, id, s, archived)?;
    let id = conn.last_insert_rowid();
    write_reps(conn, id, &s.legal_reps)?;
    Ok(id)
}

/// Creates a student.
pub fn create_student(cf: &mut CaseFile, input: &StudentInput) -> Result<Student> {
    let s = validate_student(input, Some(cf.today()))?;
    let id = cf.write(|tx| {
        check_unique(tx.conn(), &s, None)?;
        let id = insert_student(tx.conn(), None, &s, false)?;
        journal(
            tx,
            id,
            format!("Fiche élève créée : {}", s.full_name()),
            diff(&Vec::new(), &s.fields()),
        )?;
        Ok(id)
    })?;
    student(cf, id)
}

fn journal(
    tx: &mut Tx<'_>,
    id: i64,
    summary: String,
    changes: Vec<crate::casefile::Change>,
) -> Result<()> {
    tx.journal(JournalDraft {
        entity: "student",
        entity_id: Some(id),
        student_id: Some(id),
        summary,
        changes,
    })
}

/// Overwrites a validated student's row and legal representatives.
pub(crate) fn write_student_row(
    conn: &Connection,
    id: i64,
    s: &StudentInput,
    archived: bool,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE student SET ine = ?2, eleve_id = ?3, last_name = ?4, first_name = ?5,
             key_last_first = ?6, key_first_last = ?7, birth_date = ?8, sex = ?9,
             class_name = ?10, mef = ?11, track = ?12, entry_date = ?13, exit_date = ?14,
             status = ?15, email = ?16, phone = ?17, archived = ?18, groups = ?19,
             mef_label = ?20, exit_reason = ?21
         WHERE id = ?1",
    )?;
    bind_row(&mut stmt, Some(id), s, archived)?;
    write_reps(conn, id, &s.legal_reps)
}

/// The labels of the fields changed by hand since the student was created or imported.
pub(crate) fn manual_fields(conn: &Connection, id: i64) -> Result<Vec<String>> {
    let json: String = conn.query_row(
        "SELECT manual_fields FROM student WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(serde_json::from_str(&json)?)
}

/// Replaces the labels of the fields changed by hand.
pub(crate) fn set_manual_fields(conn: &Connection, id: i64, labels: &[String]) -> Result<()> {
    conn.prepare_cached("UPDATE student SET manual_fields = ?2 WHERE id = ?1")?
        .execute(params![id, serde_json::to_string(labels)?])?;
    Ok(())
}

/// Changes a student's details. Nothing is written (nor journaled) if nothing changed.
pub fn update_student(cf: &mut CaseFile, id: i64, input: &StudentInput) -> Result<Student> {
    let before = student(cf, id)?;
    let s = validate_student(input, Some(cf.today()))?;
    let changes = diff(&before.input.fields(), &s.fields());
    if changes.is_empty() {
        return Ok(before);
    }
    cf.write(|tx| {
        check_unique(tx.conn(), &s, Some(id))?;
        write_student_row(tx.conn(), id, &s, before.archived)?;
        // Remember what was changed by hand, so that a roster import shows a conflict instead
        // of silently overwriting it.
        let mut manual = manual_fields(tx.conn(), id)?;
        for c in &changes {
            if !manual.contains(&c.field) {
                manual.push(c.field.clone());
            }
        }
        set_manual_fields(tx.conn(), id, &manual)?;
        let labels: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        let summary = format!("Fiche élève modifiée : {}", labels.join(", "));
        journal(tx, id, summary, changes.clone())
    })?;
    student(cf, id)
}

/// Archives or restores a student (archived students leave the default lists).
pub fn set_student_archived(cf: &mut CaseFile, id: i64, archived: bool) -> Result<Student> {
    let before = student(cf, id)?;
    if before.archived == archived {
        return Ok(before);
    }
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE student SET archived = ?2 WHERE id = ?1",
            params![id, archived],
        )?;
        let verb = if archived {
            "archivée"
        } else {
            "désarchivée"
        };
        journal(
            tx,
            id,
            format!("Fiche élève {verb} : {}", before.input.full_name()),
            vec![super::archive_change(archived)],
        )
    })?;
    student(cf, id)
}

const COLUMNS: &str = "id, ine, eleve_id, last_name, first_name, birth_date, sex, class_name, mef,
    track, entry_date, exit_date, status, email, phone, archived, groups, mef_label, exit_reason";

fn from_row(r: &Row<'_>) -> rusqlite::Result<(i64, StudentInput, bool)> {
    let sex: Option<String> = r.get(6)?;
    let track: Option<String> = r.get(9)?;
    Ok((
        r.get(0)?,
        StudentInput {
            ine: r.get(1)?,
            eleve_id: r.get(2)?,
            last_name: r.get(3)?,
            first_name: r.get(4)?,
            birth_date: r.get(5)?,
            sex: sex.map(|s| decode(&s, 6)).transpose()?,
            class_name: r.get(7)?,
            mef: r.get(8)?,
            track: track.map(|t| decode(&t, 9)).transpose()?,
            entry_date: r.get(10)?,
            exit_date: r.get(11)?,
            status: r.get(12)?,
            email: r.get(13)?,
            phone: r.get(14)?,
            legal_reps: Vec::new(),
            groups: {
                let json: String = r.get(16)?;
                serde_json::from_str(&json).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        16,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?
            },
            mef_label: r.get(17)?,
            exit_reason: r.get(18)?,
        },
        r.get(15)?,
    ))
}

fn reps_of(conn: &Connection, id: i64) -> Result<Vec<LegalRep>> {
    let mut stmt = conn.prepare_cached(
        "SELECT last_name, first_name, relationship, address, phone, email
         FROM legal_rep WHERE student_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([id], |r| {
        let rel: String = r.get(2)?;
        Ok(LegalRep {
            last_name: r.get(0)?,
            first_name: r.get(1)?,
            relationship: decode(&rel, 2)?,
            address: r.get(3)?,
            phone: r.get(4)?,
            email: r.get(5)?,
        })
    })?;
    collect(rows)
}

/// One student with legal representatives and age.
pub fn student(cf: &CaseFile, id: i64) -> Result<Student> {
    let found = cf
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM student WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?;
    let (id, mut input, archived) =
        found.ok_or_else(|| Error::NotFound(format!("Aucun élève n'a le numéro {id}.")))?;
    input.legal_reps = reps_of(cf.conn(), id)?;
    Ok(Student {
        id,
        age: age_on(input.birth_date, cf.today()),
        input,
        archived,
    })
}

/// One student's stored fields and archived flag (imports snapshot them before changing them).
pub(crate) fn student_snapshot(conn: &Connection, id: i64) -> Result<(StudentInput, bool)> {
    let (_, mut input, archived) = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM student WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("Aucun élève n'a le numéro {id}.")))?;
    input.legal_reps = reps_of(conn, id)?;
    Ok((input, archived))
}

/// Every student with legal representatives, by id (exports).
pub(crate) fn all_students(conn: &Connection) -> Result<Vec<(i64, StudentInput, bool)>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM student ORDER BY id"))?;
    let mut all = collect(stmt.query_map([], from_row)?)?;
    for (id, input, _) in &mut all {
        input.legal_reps = reps_of(conn, *id)?;
    }
    Ok(all)
}

/// Students whose last or first name starts with `query` (accents and case ignored; "dubois
/// léa" and "léa dubois" both match), sorted by last name then first name.
pub fn list_students(
    cf: &CaseFile,
    query: &str,
    include_archived: bool,
) -> Result<Vec<StudentRow>> {
    let q = fold(query);
    let upper = format!("{q}\u{10FFFF}");
    let mut stmt = cf.conn().prepare_cached(
        "SELECT id, last_name, first_name, class_name, birth_date, ine, archived
         FROM student
         WHERE (?3 OR archived = 0)
           AND ((key_last_first >= ?1 AND key_last_first < ?2)
             OR (key_first_last >= ?1 AND key_first_last < ?2))
         ORDER BY key_last_first",
    )?;
    let rows = stmt.query_map(params![q, upper, include_archived], |r| {
        Ok(StudentRow {
            id: r.get(0)?,
            last_name: r.get(1)?,
            first_name: r.get(2)?,
            class_name: r.get(3)?,
            birth_date: r.get(4)?,
            ine: r.get(5)?,
            archived: r.get(6)?,
        })
    })?;
    collect(rows)
}
