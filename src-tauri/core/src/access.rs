//! Who reads what: the sensitivity of what professionals write about a student (notes, entries
//! of an alliance's diagnosis), the one rule deciding whether a user may read such an entry
//! ([`may_read`]), and what stands in its place for a user who may not ([`stub`]).
//!
//! The rule, from the charte and the « secret partagé »: an « équipe » entry is read by every
//! user of the case file; a « restreint » one by the médico-social roles and the référent
//! ([`Role::reads_restricted`]) and by its author; an « auteur seul » one by its author only.
//! A user who may not read an entry still learns that it exists (« 1 note restreinte —
//! Médico-social, 12/03/2026 ») and reads its « résumé utile », the part its author chose to
//! share, never its text.
//!
//! Account 0 is nobody in particular (a case file opened with its recovery key, or written
//! before accounts existed): it is never « the author » when deciding who reads; its restricted
//! entries fall back on the author's role, as the alliances did before accounts.
//!
//! Pure functions: no database, no journal. The mechanisms read their rows, ask here, and journal
//! the readings themselves ([`crate::notes::read_note`], [`crate::alliance::read_diagnosis`]).

use chrono::NaiveDate;

use crate::casefile::CaseFile;
use crate::error::{Error, Result};
use crate::registry::{coded_enum, Coded, StaffRole};
use crate::school_year::french_date;
use crate::users::{Role, SignedIn};

coded_enum! {
    /// Who may read a note or a diagnosis entry.
    Sensitivity {
        /// Every user of the case file.
        Equipe = "equipe" / "Équipe",
        /// The médico-social roles, the référent and the author.
        Restreint = "restreint" / "Restreint",
        /// Its author only.
        Auteur = "auteur" / "Auteur seul",
    }
}

impl Sensitivity {
    /// Whether some users may not read it (« restreint » or « auteur seul »).
    pub fn is_restricted(self) -> bool {
        self != Sensitivity::Equipe
    }

    /// One line saying who reads it, as the forms explain the choice.
    pub fn explanation(self) -> &'static str {
        match self {
            Sensitivity::Equipe => "Lue par tous les utilisateurs du dossier.",
            Sensitivity::Restreint => {
                "Lue par les personnels médico-sociaux, le référent décrochage et son auteur ; chaque lecture est inscrite au journal."
            }
            Sensitivity::Auteur => "Lue par son auteur seulement.",
        }
    }
}

/// Whether `viewer` is the account that wrote an entry (account 0 is nobody in particular).
pub fn is_author(viewer: &SignedIn, author_user_id: Option<i64>) -> bool {
    viewer.id != 0 && author_user_id == Some(viewer.id)
}

/// Whether `viewer` may read an entry of this sensitivity, written by the account
/// `author_user_id` whose role was `author_role` (none: a partner, or unknown).
///
/// When the author's account is not known (none, or account 0), a « restreint » entry is also
/// read by the users of the author's role (what the alliances' diagnosis did before accounts).
pub fn may_read(
    viewer: &SignedIn,
    sensitivity: Sensitivity,
    author_user_id: Option<i64>,
    author_role: Option<Role>,
) -> bool {
    let author = is_author(viewer, author_user_id);
    match sensitivity {
        Sensitivity::Equipe => true,
        Sensitivity::Restreint => {
            viewer.role.reads_restricted()
                || author
                || (author_user_id.unwrap_or(0) == 0 && author_role == Some(viewer.role))
        }
        Sensitivity::Auteur => author,
    }
}

/// What a masked entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Masked {
    /// A note on a student's page.
    Note,
    /// An entry of an alliance's shared diagnosis.
    DiagnosisEntry,
}

/// What stands for an entry a user may not read: « 1 note restreinte — Médico-social,
/// 12/03/2026 », with the author's role or function (`who`) and the entry's date.
pub fn stub(what: Masked, sensitivity: Sensitivity, who: &str, on: NaiveDate) -> String {
    let thing = match (what, sensitivity) {
        (Masked::Note, Sensitivity::Equipe) => "1 note",
        (Masked::Note, Sensitivity::Restreint) => "1 note restreinte",
        (Masked::Note, Sensitivity::Auteur) => "1 note réservée à son auteur",
        (Masked::DiagnosisEntry, Sensitivity::Equipe) => "1 élément",
        (Masked::DiagnosisEntry, Sensitivity::Restreint) => "1 élément restreint",
        (Masked::DiagnosisEntry, Sensitivity::Auteur) => "1 élément réservé à son auteur",
    };
    let who = who.trim();
    if who.is_empty() {
        format!("{thing} — {}", french_date(on))
    } else {
        format!("{thing} — {who}, {}", french_date(on))
    }
}

/// The account role that matches a member of staff's function, for the fallback of
/// [`may_read`] on entries written before accounts (none: no role reads like them).
pub fn role_of_staff(role: StaffRole) -> Option<Role> {
    match role {
        StaffRole::Direction => Some(Role::Direction),
        StaffRole::Referent => Some(Role::Referent),
        StaffRole::Cpe => Some(Role::Cpe),
        StaffRole::PsyEn => Some(Role::PsyEn),
        StaffRole::Infirmier | StaffRole::AssistantSocial | StaffRole::Medecin => {
            Some(Role::MedicoSocial)
        }
        StaffRole::ProfesseurPrincipal | StaffRole::Enseignant | StaffRole::Documentaliste => {
            Some(Role::Enseignant)
        }
        StaffRole::CoordonnateurMlds | StaffRole::Autre => None,
    }
}

/// Refuses a write by `who` in `cf`: a case file opened read-only ([`Error::ReadOnly`]), an
/// account of role « lecture seule » ([`Error::Forbidden`]).
pub fn check_may_write(cf: &CaseFile, who: &SignedIn) -> Result<()> {
    if cf.read_only() {
        return Err(Error::ReadOnly);
    }
    if !who.role.may_write() {
        return Err(Error::Forbidden(format!(
            "Votre compte ({}) permet de consulter le dossier, pas d'y écrire.",
            who.role.label().to_lowercase()
        )));
    }
    Ok(())
}

/// Refuses to give the text of a restricted entry from a case file opened read-only: the reading
/// must be written in the journal, which a read-only opening cannot do.
pub fn check_may_journal_reading(cf: &CaseFile) -> Result<()> {
    if cf.read_only() {
        return Err(Error::Forbidden(
            "Ce dossier est ouvert en lecture seule : la lecture d'un élément restreint doit être inscrite au journal, ce qui est impossible ainsi. Fermez-le, puis ouvrez-le sans la lecture seule pour le lire."
                .into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64, role: Role) -> SignedIn {
        SignedIn {
            id,
            name: format!("Compte {id}"),
            role,
        }
    }

    #[test]
    fn the_stub_names_the_kind_the_role_and_the_day() {
        let on = NaiveDate::from_ymd_opt(2026, 3, 12).unwrap_or_default();
        assert_eq!(
            stub(Masked::Note, Sensitivity::Restreint, "Infirmière", on),
            "1 note restreinte — Infirmière, 12/03/2026"
        );
        assert_eq!(
            stub(Masked::DiagnosisEntry, Sensitivity::Auteur, "", on),
            "1 élément réservé à son auteur — 12/03/2026"
        );
    }

    #[test]
    fn account_zero_is_nobody_in_particular() {
        let zero = user(0, Role::Cpe);
        assert!(!is_author(&zero, Some(0)));
        assert!(!may_read(
            &zero,
            Sensitivity::Auteur,
            Some(0),
            Some(Role::Cpe)
        ));
        // Its restricted entries fall back on the author's role.
        assert!(may_read(
            &zero,
            Sensitivity::Restreint,
            Some(0),
            Some(Role::Cpe)
        ));
        assert!(!may_read(
            &user(3, Role::Enseignant),
            Sensitivity::Restreint,
            Some(0),
            Some(Role::Cpe)
        ));
    }
}
