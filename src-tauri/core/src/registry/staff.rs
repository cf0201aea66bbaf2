//! The establishment's staff: who can be invited to a GPDS, be a tutor, a person in charge.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{
    coded_enum, collect, decode, diff, email, like_anywhere, non_empty, phone, required, Coded,
    Fields,
};
use crate::casefile::{CaseFile, JournalDraft};
use crate::error::{Error, Result};
use crate::text::{fold, tidy};

coded_enum! {
    /// A staff member's function.
    StaffRole {
        /// Chef d'établissement or adjoint.
        Direction = "direction" / "Direction",
        /// Référent décrochage.
        Referent = "referent" / "Référent décrochage",
        /// Conseiller principal d'éducation.
        Cpe = "cpe" / "CPE",
        /// Professeur principal.
        ProfesseurPrincipal = "professeur_principal" / "Professeur principal",
        /// Teacher.
        Enseignant = "enseignant" / "Enseignant·e",
        /// Psychologue de l'Éducation nationale.
        PsyEn = "psy_en" / "Psy-EN",
        /// School nurse.
        Infirmier = "infirmier" / "Infirmier·e",
        /// Social worker.
        AssistantSocial = "assistant_social" / "Assistant·e social·e",
        /// School doctor.
        Medecin = "medecin" / "Médecin scolaire",
        /// MLDS coordinator.
        CoordonnateurMlds = "coordonnateur_mlds" / "Coordonnateur·rice MLDS",
        /// Librarian teacher.
        Documentaliste = "documentaliste" / "Professeur documentaliste",
        /// Other.
        Autre = "autre" / "Autre",
    }
}

/// What the user types for a staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StaffInput {
    /// Last name.
    pub last_name: String,
    /// First name.
    pub first_name: String,
    /// Function.
    pub role: StaffRole,
    /// E-mail.
    pub email: String,
    /// Phone.
    pub phone: String,
}

/// A staff member as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Staff {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Fields.
    #[serde(flatten)]
    pub input: StaffInput,
    /// Archived (left the establishment).
    pub archived: bool,
}

impl StaffInput {
    fn validated(&self) -> Result<StaffInput> {
        Ok(StaffInput {
            last_name: required(&tidy(&self.last_name), "lastName", "Indiquez le nom.")?,
            first_name: tidy(&self.first_name),
            role: self.role,
            email: email(&self.email, "email")?,
            phone: phone(&self.phone, "phone")?,
        })
    }

    fn fields(&self) -> Fields {
        vec![
            ("Nom", Some(self.last_name.clone())),
            ("Prénom", non_empty(&self.first_name)),
            ("Fonction", Some(self.role.label().to_owned())),
            ("Courriel", non_empty(&self.email)),
            ("Téléphone", non_empty(&self.phone)),
        ]
    }

    fn display(&self) -> String {
        format!(
            "{} {} ({})",
            self.first_name,
            self.last_name,
            self.role.label()
        )
        .trim()
        .to_owned()
    }
}

/// Inserts a validated staff member with a given id (or a new one).
pub(crate) fn insert_staff(
    conn: &Connection,
    id: Option<i64>,
    s: &StaffInput,
    archived: bool,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO staff (id, last_name, first_name, key_last_first, role, email, phone, archived)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        s.last_name,
        s.first_name,
        fold(&format!("{} {}", s.last_name, s.first_name)),
        s.role.code(),
        s.email,
        s.phone,
        archived
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Adds a staff member.
pub fn create_staff(cf: &mut CaseFile, input: &StaffInput) -> Result<Staff> {
    let s = input.validated()?;
    let id = cf.write(|tx| {
        let id = insert_staff(tx.conn(), None, &s, false)?;
        tx.journal(JournalDraft {
            entity: "staff",
            entity_id: Some(id),
            student_id: None,
            summary: format!("Personnel ajouté : {}", s.display()),
            changes: diff(&Vec::new(), &s.fields()),
        })?;
        Ok(id)
    })?;
    staff_member(cf, id)
}

/// Changes a staff member's details.
pub fn update_staff(cf: &mut CaseFile, id: i64, input: &StaffInput) -> Result<Staff> {
    let before = staff_member(cf, id)?;
    let s = input.validated()?;
    let changes = diff(&before.input.fields(), &s.fields());
    if changes.is_empty() {
        return Ok(before);
    }
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE staff SET last_name = ?2, first_name = ?3, key_last_first = ?4, role = ?5,
                 email = ?6, phone = ?7 WHERE id = ?1",
            params![
                id,
                s.last_name,
                s.first_name,
                fold(&format!("{} {}", s.last_name, s.first_name)),
                s.role.code(),
                s.email,
                s.phone
            ],
        )?;
        tx.journal(JournalDraft {
            entity: "staff",
            entity_id: Some(id),
            student_id: None,
            summary: format!("Personnel modifié : {}", s.display()),
            changes: changes.clone(),
        })
    })?;
    staff_member(cf, id)
}

/// Archives or restores a staff member.
pub fn set_staff_archived(cf: &mut CaseFile, id: i64, archived: bool) -> Result<Staff> {
    let before = staff_member(cf, id)?;
    if before.archived == archived {
        return Ok(before);
    }
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE staff SET archived = ?2 WHERE id = ?1",
            params![id, archived],
        )?;
        tx.journal(JournalDraft {
            entity: "staff",
            entity_id: Some(id),
            student_id: None,
            summary: format!(
                "Personnel {} : {}",
                if archived { "archivé" } else { "désarchivé" },
                before.input.display()
            ),
            changes: vec![super::archive_change(archived)],
        })
    })?;
    staff_member(cf, id)
}

const COLUMNS: &str = "id, last_name, first_name, role, email, phone, archived";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Staff> {
    let role: String = r.get(3)?;
    Ok(Staff {
        id: r.get(0)?,
        input: StaffInput {
            last_name: r.get(1)?,
            first_name: r.get(2)?,
            role: decode(&role, 3)?,
            email: r.get(4)?,
            phone: r.get(5)?,
        },
        archived: r.get(6)?,
    })
}

/// One staff member.
pub fn staff_member(cf: &CaseFile, id: i64) -> Result<Staff> {
    cf.conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM staff WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("Aucun membre du personnel n'a le numéro {id}.")))
}

/// Staff whose name contains `query` (accents and case ignored), by last name.
pub fn list_staff(cf: &CaseFile, query: &str, include_archived: bool) -> Result<Vec<Staff>> {
    list_staff_in(cf.conn(), query, include_archived)
}

pub(crate) fn list_staff_in(
    conn: &Connection,
    query: &str,
    include_archived: bool,
) -> Result<Vec<Staff>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM staff WHERE (?2 OR archived = 0) AND key_last_first LIKE ?1 ESCAPE '\\'
         ORDER BY key_last_first"
    ))?;
    let rows = stmt.query_map(
        params![like_anywhere(&fold(query)), include_archived],
        from_row,
    )?;
    collect(rows)
}
