//! The people who use a case file on this laptop: accounts, roles, and who is signed in.
//!
//! Each account has its own passphrase, which unlocks (wraps) the one case-file key: see
//! [`crate::casefile`] for the key slots. The signed-in user is the author of every record and
//! every journal entry, and their [`Role`] decides what they may read ([`crate::access`]) and
//! write.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::registry::coded_enum;

coded_enum! {
    /// What an account may do in the case file.
    Role {
        /// The référent décrochage: administers the case file and its accounts, reads
        /// everything but another's « auteur seul » notes.
        Referent = "referent" / "Référent décrochage",
        /// The head of school or their deputy.
        Direction = "direction" / "Direction",
        /// A conseiller principal d'éducation.
        Cpe = "cpe" / "CPE",
        /// A psychologue de l'Éducation nationale.
        PsyEn = "psy_en" / "Psy-EN",
        /// The school nurse, social worker or doctor: reads « restreint » entries.
        MedicoSocial = "medico_social" / "Médico-social",
        /// A teacher (professeur principal…).
        Enseignant = "enseignant" / "Enseignant",
        /// Reads what the team may read; writes nothing.
        LectureSeule = "lecture_seule" / "Lecture seule",
    }
}

impl Role {
    /// Whether this role may write (every role but « lecture seule »).
    pub fn may_write(self) -> bool {
        self != Role::LectureSeule
    }

    /// Whether this role reads « restreint » entries written by others.
    pub fn reads_restricted(self) -> bool {
        matches!(self, Role::Referent | Role::MedicoSocial)
    }
}

/// The user signed in to an open case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    /// The account's id (0: opened with the recovery key, before any account is chosen).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// "Prénom Nom", as the journal names them.
    pub name: String,
    /// What they may do.
    pub role: Role,
}

use chrono::{NaiveDateTime, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension};

use crate::casefile::keys::{self, DataKey, KeyFileAccount, Slot};
use crate::casefile::{check_passphrase, CaseFile, Change, JournalDraft, Tx};
use crate::error::{Error, Result};
use crate::registry::Coded;

/// Who the journal names when the case file was opened with its recovery key.
pub const RECOVERY_NAME: &str = "Clé de secours";

/// An account of the case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// "Prénom Nom".
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// Whether they may still sign in.
    pub active: bool,
    /// When the account was made.
    pub created_at: NaiveDateTime,
    /// When it was deactivated.
    pub deactivated_at: Option<NaiveDateTime>,
}

fn role_of(code: &str) -> Role {
    Role::ALL
        .iter()
        .copied()
        .find(|r| r.code() == code)
        .unwrap_or(Role::LectureSeule)
}

fn tidy_name(name: &str) -> Result<String> {
    let name = crate::text::tidy(name);
    if name.is_empty() {
        return Err(Error::invalid(
            "name",
            "Indiquez le prénom et le nom de la personne.",
        ));
    }
    if name.chars().count() > 80 {
        return Err(Error::invalid(
            "name",
            "Ce nom est trop long (80 caractères au plus).",
        ));
    }
    Ok(name)
}

/// The journal entry of a change to account `id`, with at most one changed field.
fn account_entry(
    id: i64,
    summary: String,
    change: Option<(&str, Option<&str>, &str)>,
) -> JournalDraft {
    JournalDraft {
        entity: "app_user",
        entity_id: Some(id),
        student_id: None,
        summary,
        changes: change
            .map(|(field, before, after)| Change {
                field: field.into(),
                before: before.map(Into::into),
                after: Some(after.into()),
            })
            .into_iter()
            .collect(),
    }
}

/// Creates an account inside a write (its slot wraps `key` under `passphrase`); returns its id.
pub(crate) fn insert_account(
    tx: &mut Tx<'_>,
    key: &DataKey,
    name: &str,
    role: Role,
    passphrase: &str,
    journal: bool,
) -> Result<i64> {
    check_passphrase(passphrase)?;
    let name = tidy_name(name)?;
    let folded = crate::text::fold(&name);
    let taken: Option<String> = tx
        .conn()
        .query_row(
            "SELECT name FROM app_user WHERE key_name = ?1 AND active = 1",
            [&folded],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(existing) = taken {
        return Err(Error::invalid(
            "name",
            format!("Un compte existe déjà au nom de {existing} : distinguez les deux noms (une initiale, un second prénom)."),
        ));
    }
    tx.conn().execute(
        "INSERT INTO app_user (name, key_name, role, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, folded, role.code(), tx.at()],
    )?;
    let id = tx.conn().last_insert_rowid();
    let slot = Slot::wrap(key, id, passphrase)?;
    tx.conn().execute(
        "UPDATE app_user SET slot = ?1 WHERE id = ?2",
        params![serde_json::to_string(&slot)?, id],
    )?;
    if journal {
        tx.journal(account_entry(
            id,
            format!("Compte créé : {name} ({})", role.label()),
            Some(("Rôle", None, role.label())),
        ))?;
    }
    Ok(id)
}

/// Every active account with a slot, as the key file lists them.
fn key_file_accounts(conn: &Connection) -> Result<Vec<KeyFileAccount>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, slot FROM app_user WHERE active = 1 AND slot <> '' ORDER BY name COLLATE NOCASE, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, slot) = row?;
        let slot = serde_json::from_str(&slot)?;
        out.push(KeyFileAccount { id, name, slot });
    }
    Ok(out)
}

/// Rewrites the key file beside the case file at `casefile` from the accounts `conn` holds: the
/// case file is the reference, so a key file lost, damaged or behind is made whole again.
pub(crate) fn write_key_file(conn: &Connection, casefile: &Path) -> Result<()> {
    keys::write(casefile, key_file_accounts(conn)?)
}

/// The account `id`, signed in: it must exist and be active.
pub(crate) fn signed_in(conn: &Connection, id: i64) -> Result<SignedIn> {
    let row: Option<(String, String, bool)> = conn
        .query_row(
            "SELECT name, role, active FROM app_user WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match row {
        Some((name, role, true)) => Ok(SignedIn {
            id,
            name,
            role: role_of(&role),
        }),
        Some((name, _, false)) => Err(Error::Forbidden(format!(
            "Le compte de {name} a été désactivé : demandez au référent de le réactiver ou de vous en créer un."
        ))),
        None => Err(Error::Forbidden(
            "Ce compte n'existe pas dans ce dossier (restauré d'une sauvegarde plus ancienne ?) : demandez au référent de le recréer.".into(),
        )),
    }
}

/// Converts a file encrypted with the référent's passphrase: the référent gets an account
/// unlocked by that same passphrase, the file is re-encrypted with a fresh data key (the one an
/// interrupted conversion left in the key file, if any), and the key file is written.
pub(crate) fn convert_legacy(cf: &mut CaseFile, passphrase: &str) -> Result<DataKey> {
    let existing: Option<(i64, DataKey)> = keys::read(cf.path()).ok().flatten().and_then(|f| {
        f.accounts
            .iter()
            .find_map(|a| a.slot.unwrap_key(a.id, passphrase).map(|k| (a.id, k)))
    });
    let key = existing
        .as_ref()
        .map(|(_, k)| k.clone())
        .unwrap_or_else(DataKey::random);
    let has_account: Option<i64> = match &existing {
        Some((id, _)) => cf
            .conn()
            .query_row("SELECT id FROM app_user WHERE id = ?1", [id], |r| r.get(0))
            .optional()?,
        None => None,
    };
    let id = match has_account {
        Some(id) => id,
        None => {
            let name = cf.author().to_owned();
            let k = key.clone();
            cf.write(|tx| insert_account(tx, &k, &name, Role::Referent, passphrase, true))?
        }
    };
    write_key_file(cf.conn(), cf.path())?;
    cf.rekey(&key)?;
    let user = signed_in(cf.conn(), id)?;
    cf.set_user(user);
    Ok(key)
}

fn referent_only(cf: &CaseFile) -> Result<()> {
    if cf.user().role == Role::Referent {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "Seul le référent décrochage gère les comptes du dossier.".into(),
        ))
    }
}

fn data_key(cf: &CaseFile) -> Result<DataKey> {
    cf.data_key().cloned().ok_or_else(|| {
        Error::Forbidden(
            "Ce dossier est ouvert en lecture seule avec l'ancienne phrase de passe : ouvrez-le normalement pour gérer ses comptes.".into(),
        )
    })
}

/// Every account, active ones first, by name.
pub fn list(cf: &CaseFile) -> Result<Vec<Account>> {
    let mut stmt = cf.conn().prepare(
        "SELECT id, name, role, active, created_at, deactivated_at FROM app_user
         ORDER BY active DESC, name COLLATE NOCASE, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Account {
            id: r.get(0)?,
            name: r.get(1)?,
            role: role_of(&r.get::<_, String>(2)?),
            active: r.get(3)?,
            created_at: r.get(4)?,
            deactivated_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn account(cf: &CaseFile, id: i64) -> Result<Account> {
    list(cf)?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| Error::NotFound("Ce compte n'existe pas (ou plus).".into()))
}

fn active_referents(cf: &CaseFile) -> Result<i64> {
    Ok(cf.conn().query_row(
        "SELECT count(*) FROM app_user WHERE active = 1 AND role = 'referent'",
        [],
        |r| r.get(0),
    )?)
}

/// Creates an account (the référent only): its own passphrase unlocks the same case file.
pub fn create_account(
    cf: &mut CaseFile,
    name: &str,
    role: Role,
    passphrase: &str,
) -> Result<Account> {
    referent_only(cf)?;
    let key = data_key(cf)?;
    let path = cf.path().to_path_buf();
    let id = cf.write(|tx| {
        let id = insert_account(tx, &key, name, role, passphrase, true)?;
        write_key_file(tx.conn(), &path)?;
        Ok(id)
    })?;
    account(cf, id)
}

/// Changes an account's role (the référent only; the last référent keeps the role).
pub fn set_role(cf: &mut CaseFile, id: i64, role: Role) -> Result<Account> {
    referent_only(cf)?;
    let before = account(cf, id)?;
    if before.role == role {
        return Ok(before);
    }
    if before.role == Role::Referent && before.active && active_referents(cf)? <= 1 {
        return Err(Error::invalid(
            "role",
            "C'est le seul compte de référent : donnez d'abord ce rôle à un autre compte.",
        ));
    }
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE app_user SET role = ?1 WHERE id = ?2",
            params![role.code(), id],
        )?;
        tx.journal(account_entry(
            id,
            format!("Rôle du compte de {} modifié", before.name),
            Some(("Rôle", Some(before.role.label()), role.label())),
        ))
    })?;
    account(cf, id)
}

/// Deactivates an account (the référent only; not one's own, not the last référent): its slot
/// leaves the key file and the case file, so its passphrase opens nothing any more.
pub fn deactivate(cf: &mut CaseFile, id: i64) -> Result<Account> {
    referent_only(cf)?;
    let a = account(cf, id)?;
    if !a.active {
        return Ok(a);
    }
    if id == cf.user().id {
        return Err(Error::invalid(
            "id",
            "Vous ne pouvez pas désactiver votre propre compte.",
        ));
    }
    if a.role == Role::Referent && active_referents(cf)? <= 1 {
        return Err(Error::invalid(
            "id",
            "C'est le seul compte de référent : il ne peut pas être désactivé.",
        ));
    }
    let path = cf.path().to_path_buf();
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE app_user SET active = 0, slot = '', deactivated_at = ?1 WHERE id = ?2",
            params![tx.at(), id],
        )?;
        tx.journal(account_entry(
            id,
            format!("Compte désactivé : {}", a.name),
            Some(("Actif", Some("oui"), "non")),
        ))?;
        write_key_file(tx.conn(), &path)
    })?;
    account(cf, id)
}

fn rewrap(cf: &mut CaseFile, id: i64, passphrase: &str, summary: String) -> Result<()> {
    check_passphrase(passphrase)?;
    let key = data_key(cf)?;
    let slot = Slot::wrap(&key, id, passphrase)?;
    let path = cf.path().to_path_buf();
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE app_user SET slot = ?1 WHERE id = ?2 AND active = 1",
            params![serde_json::to_string(&slot)?, id],
        )?;
        tx.journal(account_entry(id, summary, None))?;
        write_key_file(tx.conn(), &path)
    })
}

/// Sets a new passphrase for someone who forgot theirs (the référent only).
pub fn reset_passphrase(cf: &mut CaseFile, id: i64, passphrase: &str) -> Result<()> {
    referent_only(cf)?;
    let a = account(cf, id)?;
    if !a.active {
        return Err(Error::invalid(
            "id",
            "Ce compte est désactivé : réactivez-le en créant un nouveau compte.",
        ));
    }
    rewrap(
        cf,
        id,
        passphrase,
        format!(
            "Phrase de passe de {} réinitialisée par le référent",
            a.name
        ),
    )
}

/// Changes the signed-in account's own passphrase; re-encrypts nothing else.
pub fn change_own_passphrase(cf: &mut CaseFile, current: &str, new: &str) -> Result<()> {
    let me = cf.user().clone();
    if me.id == 0 {
        return Err(Error::invalid(
            "current",
            "Ouvert avec la clé de secours : créez d'abord votre compte (« Reprendre le dossier »).",
        ));
    }
    let slot: String =
        cf.conn()
            .query_row("SELECT slot FROM app_user WHERE id = ?1", [me.id], |r| {
                r.get(0)
            })?;
    let slot: Slot = serde_json::from_str(&slot)?;
    if slot.unwrap_key(me.id, current).is_none() {
        return Err(Error::invalid(
            "current",
            "La phrase de passe actuelle est incorrecte.",
        ));
    }
    if current == new {
        return Err(Error::invalid(
            "passphrase",
            "La nouvelle phrase de passe est identique à l'actuelle.",
        ));
    }
    rewrap(
        cf,
        me.id,
        new,
        format!("Phrase de passe de {} changée", me.name),
    )
}

/// Opened with the recovery key: makes (or takes back) the référent's account `name` with
/// `passphrase` and signs it in. This is how a case file is handed to a new référent.
pub fn take_over(cf: &mut CaseFile, name: &str, passphrase: &str) -> Result<SignedIn> {
    if cf.user().id != 0 || cf.user().role != Role::Referent {
        return Err(Error::Forbidden(
            "Reprendre le dossier demande de l'ouvrir avec sa clé de secours.".into(),
        ));
    }
    check_passphrase(passphrase)?;
    let name = tidy_name(name)?;
    let key = data_key(cf)?;
    let folded = crate::text::fold(&name);
    let existing: Option<(i64, String)> = cf
        .conn()
        .query_row(
            "SELECT id, role FROM app_user WHERE key_name = ?1 AND active = 1",
            [&folded],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let id = match existing {
        Some((id, role)) => {
            let slot = Slot::wrap(&key, id, passphrase)?;
            cf.write(|tx| {
                tx.conn().execute(
                    "UPDATE app_user SET slot = ?1, role = 'referent' WHERE id = ?2",
                    params![serde_json::to_string(&slot)?, id],
                )?;
                tx.journal(account_entry(
                    id,
                    format!("Dossier repris avec la clé de secours par {name}"),
                    Some(("Rôle", Some(role_of(&role).label()), Role::Referent.label())),
                ))
            })?;
            id
        }
        None => cf.write(|tx| {
            let id = insert_account(tx, &key, &name, Role::Referent, passphrase, true)?;
            tx.journal(account_entry(
                id,
                format!("Dossier repris avec la clé de secours par {name}"),
                None,
            ))?;
            Ok(id)
        })?,
    };
    write_key_file(cf.conn(), cf.path())?;
    let user = signed_in(cf.conn(), id)?;
    cf.set_user(user.clone());
    Ok(user)
}

/// The recovery key as printed (the référent only, or opened with it).
pub fn recovery_key(cf: &CaseFile) -> Result<String> {
    referent_only(cf)?;
    Ok(data_key(cf)?.recovery_text())
}

/// The recovery key's sheet, for the head of school's safe: the key, what it opens, when to use
/// it, and that nobody can make another.
pub fn recovery_pdf(cf: &CaseFile, key: &str) -> Result<Vec<u8>> {
    use crate::documents::layout::{report, Cover, Header, ReportInput};
    use crate::documents::markup::{escape, parse, parse_inline};
    use crate::documents::render::{self, PdfMeta};
    let e = crate::registry::establishment(cf)?;
    let title = "Clé de secours du dossier Accroche";
    let now = cf.now();
    let file_name = cf
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let body = format!(
        "## La clé\n\n**{key}**\n\n\
         Dossier : {file}. Établissement : {school} (UAI {uai}). Clé éditée le {date} par {by}.\n\n\
         ## À quoi elle sert\n\n\
         - Elle ouvre ce dossier et toutes ses sauvegardes, sans aucune phrase de passe.\n\
         - C'est le seul moyen d'y revenir si toutes les phrases de passe sont perdues, ou si le fichier de clés (« {file}.cles ») a disparu.\n\
         - Elle sert à confier le dossier à un nouveau référent : à l'ouverture, choisissez « Clé de secours », puis « Reprendre le dossier » pour créer son compte.\n\n\
         ## Comment la garder\n\n\
         - Conservez cette feuille sous clé (coffre du chef d'établissement), jamais avec l'ordinateur.\n\
         - Ne la photographiez pas, ne l'envoyez pas par courriel.\n\
         - Accroche ne la conserve pas en clair et ne peut pas en fabriquer une autre : une clé perdue ne se remplace pas.\n",
        key = escape(key),
        file = escape(&file_name),
        school = escape(&e.input.name),
        uai = escape(&e.input.uai),
        date = crate::school_year::french_date(now.date()),
        by = escape(cf.author()),
    );
    let layout = report(&ReportInput {
        header: Header {
            name: e.input.name.clone(),
            uai: e.input.uai.clone(),
            address: String::new(),
            logo: None,
        },
        cover: Cover {
            title: title.into(),
            lines: vec![
                parse_inline(&format!("**{}**", escape(&e.input.name))),
                parse_inline(&format!("Dossier {}", escape(&file_name))),
                parse_inline(&format!("Clé de secours : **{}**", escape(key))),
            ],
            foot: parse(
                "> Document confidentiel : quiconque détient cette clé et le fichier du dossier peut lire tout ce qu'il contient.",
            )?,
        },
        blocks: parse(&body)?,
        footer: format!("{} — {title}", e.input.name),
    })?;
    render::pdf(
        &layout,
        &PdfMeta {
            title: format!("{title} — {}", e.input.name),
            author: e.input.name.clone(),
            subject: title.into(),
            created: now.date().and_time(NaiveTime::MIN),
        },
    )
}
