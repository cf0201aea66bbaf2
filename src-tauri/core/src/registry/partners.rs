//! Partner organisations (CMPP, ASE, PJJ, mission locale, companies…) and their contact people.

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
    /// The kind of partner organisation.
    PartnerKind {
        /// Centre médico-psycho-pédagogique / centre médico-psychologique.
        CmppCmp = "cmpp_cmp" / "CMPP / CMP",
        /// Aide sociale à l'enfance.
        Ase = "ase" / "ASE",
        /// Protection judiciaire de la jeunesse.
        Pjj = "pjj" / "PJJ",
        /// Maison des adolescents.
        Mda = "mda" / "Maison des adolescents",
        /// Programme de réussite éducative.
        Pre = "pre" / "PRE",
        /// Mission locale.
        MissionLocale = "mission_locale" / "Mission locale",
        /// Centre d'information et d'orientation.
        Cio = "cio" / "CIO",
        /// Centre de formation d'apprentis.
        Cfa = "cfa" / "CFA",
        /// Association.
        Association = "association" / "Association",
        /// Company.
        Entreprise = "entreprise" / "Entreprise",
        /// Town hall, département…
        Collectivite = "collectivite" / "Collectivité",
        /// Service civique host.
        ServiceCivique = "service_civique" / "Service civique",
        /// Other.
        Autre = "autre" / "Autre",
    }
}

/// A contact person at a partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    /// Last name.
    pub last_name: String,
    /// First name.
    pub first_name: String,
    /// Function ("éducatrice", "conseiller").
    pub function: String,
    /// Phone.
    pub phone: String,
    /// E-mail.
    pub email: String,
}

/// What the user types for a partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PartnerInput {
    /// Organisation name.
    pub name: String,
    /// Kind.
    pub kind: PartnerKind,
    /// Address.
    pub address: String,
    /// Phone.
    pub phone: String,
    /// E-mail.
    pub email: String,
    /// Contact people, in order.
    pub contacts: Vec<Contact>,
}

/// A partner as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Partner {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Fields.
    #[serde(flatten)]
    pub input: PartnerInput,
    /// Archived.
    pub archived: bool,
}

impl PartnerInput {
    fn validated(&self) -> Result<PartnerInput> {
        let mut contacts = Vec::with_capacity(self.contacts.len());
        for (i, c) in self.contacts.iter().enumerate() {
            contacts.push(Contact {
                last_name: required(
                    &tidy(&c.last_name),
                    &format!("contacts[{i}].lastName"),
                    "Indiquez le nom de la personne contact.",
                )?,
                first_name: tidy(&c.first_name),
                function: tidy(&c.function),
                phone: phone(&c.phone, &format!("contacts[{i}].phone"))?,
                email: email(&c.email, &format!("contacts[{i}].email"))?,
            });
        }
        Ok(PartnerInput {
            name: required(&tidy(&self.name), "name", "Indiquez le nom du partenaire.")?,
            kind: self.kind,
            address: self.address.trim().to_owned(),
            phone: phone(&self.phone, "phone")?,
            email: email(&self.email, "email")?,
            contacts,
        })
    }

    fn fields(&self) -> Fields {
        let contacts = self
            .contacts
            .iter()
            .map(|c| {
                format!("{} {}", c.first_name, c.last_name)
                    .trim()
                    .to_owned()
            })
            .collect::<Vec<_>>()
            .join(" ; ");
        vec![
            ("Nom", Some(self.name.clone())),
            ("Type", Some(self.kind.label().to_owned())),
            ("Adresse", non_empty(&self.address)),
            ("Téléphone", non_empty(&self.phone)),
            ("Courriel", non_empty(&self.email)),
            ("Contacts", non_empty(&contacts)),
        ]
    }
}

fn write_contacts(conn: &Connection, id: i64, contacts: &[Contact]) -> Result<()> {
    conn.execute("DELETE FROM partner_contact WHERE partner_id = ?1", [id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO partner_contact (partner_id, position, last_name, first_name, function, phone, email)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, c) in contacts.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            c.last_name,
            c.first_name,
            c.function,
            c.phone,
            c.email
        ])?;
    }
    Ok(())
}

/// Inserts a validated partner with a given id (or a new one) and its contacts.
pub(crate) fn insert_partner(
    conn: &Connection,
    id: Option<i64>,
    p: &PartnerInput,
    archived: bool,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO partner (id, name, name_key, kind, address, phone, email, archived)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        p.name,
        fold(&p.name),
        p.kind.code(),
        p.address,
        p.phone,
        p.email,
        archived
    ])?;
    let id = conn.last_insert_rowid();
    write_contacts(conn, id, &p.contacts)?;
    Ok(id)
}

/// Adds a partner organisation.
pub fn create_partner(cf: &mut CaseFile, input: &PartnerInput) -> Result<Partner> {
    let p = input.validated()?;
    let id = cf.write(|tx| {
        let id = insert_partner(tx.conn(), None, &p, false)?;
        tx.journal(JournalDraft {
            entity: "partner",
            entity_id: Some(id),
            student_id: None,
            summary: format!("Partenaire ajouté : {} ({})", p.name, p.kind.label()),
            changes: diff(&Vec::new(), &p.fields()),
        })?;
        Ok(id)
    })?;
    partner(cf, id)
}

/// Changes a partner's details and contacts.
pub fn update_partner(cf: &mut CaseFile, id: i64, input: &PartnerInput) -> Result<Partner> {
    let before = partner(cf, id)?;
    let p = input.validated()?;
    let changes = diff(&before.input.fields(), &p.fields());
    if changes.is_empty() && before.input.contacts == p.contacts {
        return Ok(before);
    }
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE partner SET name = ?2, name_key = ?3, kind = ?4, address = ?5, phone = ?6,
                 email = ?7 WHERE id = ?1",
            params![
                id,
                p.name,
                fold(&p.name),
                p.kind.code(),
                p.address,
                p.phone,
                p.email
            ],
        )?;
        write_contacts(tx.conn(), id, &p.contacts)?;
        tx.journal(JournalDraft {
            entity: "partner",
            entity_id: Some(id),
            student_id: None,
            summary: format!("Partenaire modifié : {}", p.name),
            changes: changes.clone(),
        })
    })?;
    partner(cf, id)
}

/// Archives or restores a partner.
pub fn set_partner_archived(cf: &mut CaseFile, id: i64, archived: bool) -> Result<Partner> {
    let before = partner(cf, id)?;
    if before.archived == archived {
        return Ok(before);
    }
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE partner SET archived = ?2 WHERE id = ?1",
            params![id, archived],
        )?;
        tx.journal(JournalDraft {
            entity: "partner",
            entity_id: Some(id),
            student_id: None,
            summary: format!(
                "Partenaire {} : {}",
                if archived { "archivé" } else { "désarchivé" },
                before.input.name
            ),
            changes: vec![super::archive_change(archived)],
        })
    })?;
    partner(cf, id)
}

const COLUMNS: &str = "id, name, kind, address, phone, email, archived";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Partner> {
    let kind: String = r.get(2)?;
    Ok(Partner {
        id: r.get(0)?,
        input: PartnerInput {
            name: r.get(1)?,
            kind: decode(&kind, 2)?,
            address: r.get(3)?,
            phone: r.get(4)?,
            email: r.get(5)?,
            contacts: Vec::new(),
        },
        archived: r.get(6)?,
    })
}

fn contacts_of(conn: &Connection, id: i64) -> Result<Vec<Contact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT last_name, first_name, function, phone, email FROM partner_contact
         WHERE partner_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Contact {
            last_name: r.get(0)?,
            first_name: r.get(1)?,
            function: r.get(2)?,
            phone: r.get(3)?,
            email: r.get(4)?,
        })
    })?;
    collect(rows)
}

/// One partner with its contacts.
pub fn partner(cf: &CaseFile, id: i64) -> Result<Partner> {
    let mut p = cf
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM partner WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("Aucun partenaire n'a le numéro {id}.")))?;
    p.input.contacts = contacts_of(cf.conn(), id)?;
    Ok(p)
}

/// Partners whose name contains `query` (accents and case ignored), by name, with contacts.
pub fn list_partners(cf: &CaseFile, query: &str, include_archived: bool) -> Result<Vec<Partner>> {
    list_partners_in(cf.conn(), query, include_archived)
}

pub(crate) fn list_partners_in(
    conn: &Connection,
    query: &str,
    include_archived: bool,
) -> Result<Vec<Partner>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM partner WHERE (?2 OR archived = 0) AND name_key LIKE ?1 ESCAPE '\\'
         ORDER BY name_key"
    ))?;
    let mut all = collect(stmt.query_map(
        params![like_anywhere(&fold(query)), include_archived],
        from_row,
    )?)?;
    for p in &mut all {
        p.input.contacts = contacts_of(conn, p.id)?;
    }
    Ok(all)
}
