//! The parts of an alliance: the team and its chartes, the partners' formalisation, the
//! family's contract, the shared diagnosis, the responses, follow-up meetings, the sharing log.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::path::open_frame;
use super::{
    fr, AllianceKind, AllianceMeeting, AlliancePartner, DiagnosisEntry, Domain, FamilyContract,
    Formalisation, Frame, Member, Polarity, Response, ResponseStatus, Share, Theme,
};
use crate::access::{self, Masked, Sensitivity};
use crate::casefile::{CaseFile, Change, JournalDraft};
use crate::error::{Error, Result};
use crate::gpds::active_staff;
use crate::registry::{collect, decode, Coded, StaffRole};
use crate::text::tidy;
use crate::users::SignedIn;

/// A member to add: a member of staff, or a partner's contact (by name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MemberInput {
    /// A member of staff.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub staff_id: Option<i64>,
    /// Or a partner of the directory.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub partner_id: Option<i64>,
    /// The partner's contact ("Prénom Nom"), from the directory's contacts or typed.
    pub contact_name: String,
    /// Their function.
    pub contact_function: String,
    /// Their role in this alliance.
    pub role: String,
    /// The student's référent in the alliance (a member of staff).
    pub is_referent: bool,
}

/// The family's answer to the contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FamilyChange {
    /// Where the contract stands.
    pub status: FamilyContract,
    /// Since when.
    pub on: Option<NaiveDate>,
    /// The family's stated reason (refused), or why it was not proposed.
    pub reason: String,
}

/// An entry of the diagnosis, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DiagnosisInput {
    /// Domain.
    pub domain: Option<Domain>,
    /// Potentiality or difficulty.
    pub polarity: Option<Polarity>,
    /// What was observed.
    pub text: String,
    /// When.
    pub noted_on: Option<NaiveDate>,
    /// By which member.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub member_id: Option<i64>,
    /// Who may read it (restreint, auteur seul: médico-social members and partners only).
    pub sensitivity: Sensitivity,
    /// The résumé utile: what may be shared with the whole team (may be empty).
    pub summary: String,
}

/// A response, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ResponseInput {
    /// Theme.
    pub theme: Option<Theme>,
    /// What is done.
    pub action: String,
    /// The member responsible (required).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub member_id: Option<i64>,
    /// From.
    pub start_on: Option<NaiveDate>,
    /// To.
    pub end_on: Option<NaiveDate>,
    /// How often.
    pub rhythm: String,
    /// Where it stands.
    pub status: ResponseStatus,
}

/// A follow-up meeting, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", ts(rename = "AllianceMeetingInput"))]
pub struct MeetingInput {
    /// When.
    pub held_on: Option<NaiveDate>,
    /// At what time ("17:30").
    pub time: String,
    /// Where.
    pub place: String,
    /// Members present (the others are absent).
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub present: Vec<i64>,
    /// Notes.
    pub notes: String,
    /// Decisions, one per line.
    pub decisions: Vec<String>,
}

/// Information shared with a member, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ShareInput {
    /// When.
    pub shared_on: Option<NaiveDate>,
    /// With whom.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub member_id: Option<i64>,
    /// What (only what is needed).
    pub information: String,
    /// Why.
    pub purpose: String,
    /// The family was informed beforehand.
    pub family_informed: bool,
    /// The user confirmed the warnings (charte not signed, family not informed).
    pub confirm: bool,
}

fn journal_part(
    tx: &mut crate::casefile::Tx<'_>,
    f: &Frame,
    summary: String,
    changes: Vec<Change>,
) -> Result<()> {
    tx.journal(JournalDraft {
        entity: "alliance",
        entity_id: Some(f.id),
        student_id: Some(f.student_id),
        summary,
        changes,
    })
}

fn member_of(conn: &Connection, alliance_id: i64, member_id: i64, field: &str) -> Result<Member> {
    members(conn, alliance_id)?
        .into_iter()
        .find(|m| m.id == member_id && m.left_on.is_none())
        .ok_or_else(|| {
            Error::invalid(
                field,
                "Cette personne ne fait pas partie de l'équipe de l'alliance : choisissez-la dans la liste.",
            )
        })
}

/// Adds a member: a member of staff, or a partner's contact (an interne alliance takes staff
/// only). Nobody is added twice. The référent is a member of staff; naming a new one replaces
/// the previous one.
pub fn add_member(cf: &mut CaseFile, alliance_id: i64, input: &MemberInput) -> Result<Member> {
    let f = open_frame(cf, alliance_id)?;
    let conn = cf.conn();
    let current = members(conn, alliance_id)?;
    let (label, staff, partner, name, function) = match (input.staff_id, input.partner_id) {
        (Some(s), None) => {
            let name = active_staff(conn, s, "staffId")?;
            if current
                .iter()
                .any(|m| m.staff_id == Some(s) && m.left_on.is_none())
            {
                return Err(Error::invalid(
                    "staffId",
                    format!("{name} fait déjà partie de l'équipe."),
                ));
            }
            (name.clone(), Some(s), None, String::new(), String::new())
        }
        (None, Some(p)) => {
            if f.kind == AllianceKind::Internal {
                return Err(Error::invalid(
                    "partnerId",
                    "Une alliance interne ne réunit que des personnels de l'établissement : passez-la en externe pour y associer un partenaire.",
                ));
            }
            let partner = crate::registry::partner(cf, p).map_err(|_| {
                Error::invalid(
                    "partnerId",
                    "Ce partenaire n'existe pas dans l'annuaire : choisissez-le dans la liste.",
                )
            })?;
            let name = tidy(&input.contact_name);
            if name.is_empty() {
                return Err(Error::invalid(
                    "contactName",
                    format!(
                        "Indiquez la personne qui représente {} dans l'alliance.",
                        partner.input.name
                    ),
                ));
            }
            if input.is_referent {
                return Err(Error::invalid(
                    "isReferent",
                    "Le référent de l'élève dans l'alliance est un personnel de l'établissement : l'accompagnement ne s'externalise pas.",
                ));
            }
            let folded = crate::text::fold(&name);
            if current.iter().any(|m| {
                m.partner_id == Some(p)
                    && m.left_on.is_none()
                    && crate::text::fold(&m.name) == folded
            }) {
                return Err(Error::invalid(
                    "contactName",
                    format!(
                        "{name} ({}) fait déjà partie de l'équipe.",
                        partner.input.name
                    ),
                ));
            }
            (
                format!("{name} ({})", partner.input.name),
                None,
                Some(p),
                name,
                tidy(&input.contact_function),
            )
        }
        _ => {
            return Err(Error::invalid(
                "staffId",
                "Choisissez un personnel de l'établissement ou un partenaire.",
            ))
        }
    };
    let role = tidy(&input.role);
    let id = cf.write(|tx| {
        let conn = tx.conn();
        if input.is_referent {
            conn.execute(
                "UPDATE alliance_member SET is_referent = 0 WHERE alliance_id = ?1",
                [alliance_id],
            )?;
        }
        conn.execute(
            "INSERT INTO alliance_member (alliance_id, staff_id, partner_id, contact_name, contact_function, role, is_referent)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![alliance_id, staff, partner, name, function, role, input.is_referent],
        )?;
        let id = conn.last_insert_rowid();
        if let Some(p) = partner {
            conn.execute(
                "INSERT INTO alliance_partner (alliance_id, partner_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                params![alliance_id, p],
            )?;
        }
        journal_part(
            tx,
            &f,
            format!(
                "Alliance éducative {} : {label} rejoint l'équipe{}",
                crate::text::de(&f.student_name),
                if input.is_referent { " comme référent de l'élève" } else { "" }
            ),
            Vec::new(),
        )?;
        Ok(id)
    })?;
    member_of(cf.conn(), alliance_id, id, "memberId")
}

/// Makes a member of staff the student's référent in the alliance (the previous one is no
/// longer).
pub fn set_member_referent(cf: &mut CaseFile, alliance_id: i64, member_id: i64) -> Result<Member> {
    let f = open_frame(cf, alliance_id)?;
    let m = member_of(cf.conn(), alliance_id, member_id, "memberId")?;
    if m.staff_id.is_none() {
        return Err(Error::invalid(
            "memberId",
            "Le référent de l'élève dans l'alliance est un personnel de l'établissement : l'accompagnement ne s'externalise pas.",
        ));
    }
    if m.is_referent {
        return Ok(m);
    }
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE alliance_member SET is_referent = (id = ?2) WHERE alliance_id = ?1",
            params![alliance_id, member_id],
        )?;
        journal_part(
            tx,
            &f,
            format!(
                "Alliance éducative {} : {} devient le référent de l'élève",
                crate::text::de(&f.student_name),
                m.name
            ),
            Vec::new(),
        )
    })?;
    member_of(cf.conn(), alliance_id, member_id, "memberId")
}

/// Takes a member off the team on `on`; what they wrote or took charge of stays attributed to
/// them. The référent cannot leave without a successor.
pub fn remove_member(
    cf: &mut CaseFile,
    alliance_id: i64,
    member_id: i64,
    on: NaiveDate,
) -> Result<()> {
    let f = open_frame(cf, alliance_id)?;
    let m = member_of(cf.conn(), alliance_id, member_id, "memberId")?;
    if m.is_referent {
        return Err(Error::invalid(
            "memberId",
            "Désignez d'abord un autre référent de l'élève : l'alliance ne reste pas sans référent dans l'établissement.",
        ));
    }
    if on > cf.today() {
        return Err(Error::invalid(
            "on",
            format!("La date {} est dans le futur.", fr(on)),
        ));
    }
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE alliance_member SET left_on = ?2 WHERE id = ?1",
            params![member_id, on],
        )?;
        journal_part(
            tx,
            &f,
            format!(
                "Alliance éducative {} : {} quitte l'équipe le {}",
                crate::text::de(&f.student_name),
                m.label(),
                fr(on)
            ),
            Vec::new(),
        )
    })
}

/// Records that a member signed the charte de déontologie (`on` none: not signed after all).
pub fn set_charte(
    cf: &mut CaseFile,
    alliance_id: i64,
    member_id: i64,
    on: Option<NaiveDate>,
    method: Option<&str>,
) -> Result<Member> {
    let f = open_frame(cf, alliance_id)?;
    let m = member_of(cf.conn(), alliance_id, member_id, "memberId")?;
    if let Some(d) = on {
        if d > cf.today() {
            return Err(Error::invalid(
                "on",
                format!("La date {} est dans le futur.", fr(d)),
            ));
        }
    }
    let method = match (on, method) {
        (None, _) => None,
        (Some(_), Some(m @ ("screen" | "paper"))) => Some(m),
        (Some(_), _) => {
            return Err(Error::invalid(
                "method",
                "Indiquez si la charte a été signée sur papier ou à l'écran.",
            ))
        }
    };
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE alliance_member SET charte_on = ?2, charte_method = ?3 WHERE id = ?1",
            params![member_id, on, method],
        )?;
        journal_part(
            tx,
            &f,
            match on {
                Some(d) => format!(
                    "Alliance éducative {} : charte signée par {} le {}",
                    crate::text::de(&f.student_name),
                    m.label(),
                    fr(d)
                ),
                None => format!(
                    "Alliance éducative {} : charte de {} notée non signée",
                    crate::text::de(&f.student_name),
                    m.label()
                ),
            },
            Vec::new(),
        )
    })?;
    member_of(cf.conn(), alliance_id, member_id, "memberId")
}

/// Records where the family stands with the contract d'alliance. A refusal never blocks the
/// alliance; it is dated, keeps the family's stated reason and is counted in the bilan.
pub fn set_family(
    cf: &mut CaseFile,
    alliance_id: i64,
    change: &FamilyChange,
) -> Result<super::Alliance> {
    let f = open_frame(cf, alliance_id)?;
    let reason = change.reason.trim().to_owned();
    let on = match change.status {
        FamilyContract::Pending => None,
        _ => Some(
            change
                .on
                .ok_or_else(|| Error::invalid("on", "Indiquez la date."))?,
        ),
    };
    if let Some(d) = on {
        if d > cf.today() {
            return Err(Error::invalid(
                "on",
                format!("La date {} est dans le futur.", fr(d)),
            ));
        }
    }
    match change.status {
        FamilyContract::Refused if reason.is_empty() => {
            return Err(Error::invalid(
                "reason",
                "Notez la raison donnée par la famille (ses mots) : le refus ne remet pas en cause l'accompagnement, mais il se comprend.",
            ))
        }
        FamilyContract::NotProposed if reason.is_empty() => {
            return Err(Error::invalid(
                "reason",
                "Indiquez pourquoi le contrat n'est pas proposé à la famille.",
            ))
        }
        _ => {}
    }
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE alliance SET family = ?2, family_on = ?3, family_reason = ?4, family_at = ?5, updated_at = ?5 WHERE id = ?1",
            params![alliance_id, change.status.code(), on, reason, tx.at()],
        )?;
        journal_part(
            tx,
            &f,
            format!(
                "Alliance éducative {} : {}{}",
                crate::text::de(&f.student_name),
                change.status.label().to_lowercase(),
                on.map(|d| format!(" le {}", fr(d))).unwrap_or_default()
            ),
            vec![Change {
                field: "Contrat avec la famille".into(),
                before: Some(f.family.label().into()),
                after: Some(change.status.label().into()),
            }],
        )
    })?;
    super::alliance(cf, alliance_id)
}

/// Records how a partner works with the school in this alliance: a signed convention, an
/// informal collaboration or a refusal (both with their reason).
pub fn set_partner_formalisation(
    cf: &mut CaseFile,
    alliance_id: i64,
    partner_id: i64,
    formalisation: Formalisation,
    on: Option<NaiveDate>,
    reason: &str,
) -> Result<super::Alliance> {
    let f = open_frame(cf, alliance_id)?;
    let known: Option<String> = cf
        .conn()
        .query_row(
            "SELECT p.name FROM alliance_partner ap JOIN partner p ON p.id = ap.partner_id
              WHERE ap.alliance_id = ?1 AND ap.partner_id = ?2",
            params![alliance_id, partner_id],
            |r| r.get(0),
        )
        .optional()?;
    let name = known.ok_or_else(|| {
        Error::invalid(
            "partnerId",
            "Ce partenaire ne fait pas partie de l'alliance : ajoutez d'abord l'un de ses membres à l'équipe.",
        )
    })?;
    let reason = reason.trim().to_owned();
    if matches!(
        formalisation,
        Formalisation::Informal | Formalisation::Refused
    ) && reason.is_empty()
    {
        return Err(Error::invalid(
            "reason",
            format!(
                "Indiquez la raison ({}).",
                if formalisation == Formalisation::Informal {
                    "par exemple : un éducateur de rue qui garde la confiance du jeune"
                } else {
                    "celle donnée par le partenaire"
                }
            ),
        ));
    }
    let on = match formalisation {
        Formalisation::Pending => None,
        _ => Some(on.ok_or_else(|| Error::invalid("on", "Indiquez la date."))?),
    };
    if let Some(d) = on {
        if d > cf.today() {
            return Err(Error::invalid(
                "on",
                format!("La date {} est dans le futur.", fr(d)),
            ));
        }
    }
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE alliance_partner SET formalisation = ?3, on_date = ?4, reason = ?5 WHERE alliance_id = ?1 AND partner_id = ?2",
            params![alliance_id, partner_id, formalisation.code(), on, reason],
        )?;
        journal_part(
            tx,
            &f,
            format!(
                "Alliance éducative {} : {name} — {}",
                crate::text::de(&f.student_name),
                formalisation.label().to_lowercase()
            ),
            Vec::new(),
        )
    })?;
    super::alliance(cf, alliance_id)
}

/// Adds an entry to the shared diagnosis, dated and attributed to a member, typed by the
/// signed-in user. Only médico-social members (Psy-EN, infirmier, assistant social, médecin)
/// and partners may restrict an entry; « auteur seul » needs a personal account. The journal
/// names the entry, never the text of a restricted one.
pub fn add_diagnosis(
    cf: &mut CaseFile,
    alliance_id: i64,
    input: &DiagnosisInput,
) -> Result<DiagnosisEntry> {
    let who = cf.user().clone();
    access::check_may_write(cf, &who)?;
    let f = open_frame(cf, alliance_id)?;
    let domain = input
        .domain
        .ok_or_else(|| Error::invalid("domain", "Choisissez le domaine."))?;
    let polarity = input.polarity.ok_or_else(|| {
        Error::invalid(
            "polarity",
            "Indiquez s'il s'agit d'une potentialité ou d'une difficulté.",
        )
    })?;
    let text = input.text.trim().to_owned();
    if text.is_empty() {
        return Err(Error::invalid("text", "Décrivez ce qui a été observé."));
    }
    let noted_on = input
        .noted_on
        .ok_or_else(|| Error::invalid("notedOn", "Indiquez la date."))?;
    if noted_on > cf.today() {
        return Err(Error::invalid(
            "notedOn",
            format!("La date {} est dans le futur.", fr(noted_on)),
        ));
    }
    let member_id = input
        .member_id
        .ok_or_else(|| Error::invalid("memberId", "Indiquez qui apporte cet élément."))?;
    let m = member_of(cf.conn(), alliance_id, member_id, "memberId")?;
    let sensitivity = input.sensitivity;
    if sensitivity.is_restricted() && !may_restrict(&m) {
        return Err(Error::invalid(
            "sensitivity",
            "Seuls les membres médico-sociaux (Psy-EN, infirmier, assistant social, médecin) et les partenaires peuvent restreindre un élément : choisissez « Équipe ».",
        ));
    }
    if sensitivity == Sensitivity::Auteur && who.id == 0 {
        return Err(Error::invalid(
            "sensitivity",
            "Un élément « auteur seul » n'est lu que par son auteur : il demande d'être connecté avec un compte personnel. Choisissez « Restreint », ou connectez-vous avec votre compte.",
        ));
    }
    let summary = input.summary.trim().to_owned();
    let id = cf.write(|tx| {
        tx.conn().execute(
            "INSERT INTO alliance_diagnosis (alliance_id, domain, polarity, text, noted_on, member_id, restricted,
                                             sensitivity, summary, author_user_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![alliance_id, domain.code(), polarity.code(), text, noted_on, member_id,
                    sensitivity.is_restricted(), sensitivity.code(), summary, who.id, tx.at()],
        )?;
        let id = tx.conn().last_insert_rowid();
        let mut changes = vec![Change {
            field: "Diffusion".into(),
            before: None,
            after: Some(sensitivity.label().into()),
        }];
        if !sensitivity.is_restricted() {
            changes.push(Change {
                field: "Élément".into(),
                before: None,
                after: Some(text.clone()),
            });
        }
        if !summary.is_empty() {
            changes.push(Change {
                field: "Résumé utile".into(),
                before: None,
                after: Some(summary.clone()),
            });
        }
        journal_part(
            tx,
            &f,
            format!(
                "Alliance éducative {} : diagnostic partagé — {} ({}), par {}{}",
                crate::text::de(&f.student_name),
                polarity.label().to_lowercase(),
                domain.label().to_lowercase(),
                m.label(),
                match sensitivity {
                    Sensitivity::Equipe => "",
                    Sensitivity::Restreint => ", restreint",
                    Sensitivity::Auteur => ", réservé à son auteur",
                }
            ),
            changes,
        )?;
        Ok(id)
    })?;
    let mut entry = diagnosis(cf.conn(), alliance_id)?
        .into_iter()
        .find(|d| d.id == id)
        .ok_or_else(|| Error::NotFound("Cet élément n'existe pas (ou plus).".into()))?;
    entry.readable = entry.readable_by(&who);
    Ok(entry)
}

/// The diagnosis entry with its text, for `viewer`. Reading a restricted entry someone else
/// typed is written in the journal, in its own transaction, before the text is given.
///
/// # Errors
/// [`Error::NotFound`]; [`Error::Forbidden`] if `viewer` may not read it, or if the entry is
/// restricted and the case file was opened read-only (the reading could not be journaled).
pub fn read_diagnosis(
    cf: &mut CaseFile,
    viewer: &SignedIn,
    alliance_id: i64,
    entry_id: i64,
) -> Result<DiagnosisEntry> {
    let f = super::frame(cf.conn(), alliance_id)?;
    let mut entry = diagnosis(cf.conn(), alliance_id)?
        .into_iter()
        .find(|d| d.id == entry_id)
        .ok_or_else(|| Error::NotFound("Cet élément n'existe pas (ou plus).".into()))?;
    if !entry.readable_by(viewer) {
        return Err(Error::Forbidden(format!(
            "Cet élément est {} : votre rôle ({}) ne permet pas de le lire. Son résumé utile, s'il y en a un, est lisible par tous.",
            if entry.sensitivity == Sensitivity::Auteur { "réservé à son auteur" } else { "restreint" },
            viewer.role.label().to_lowercase()
        )));
    }
    if entry.sensitivity.is_restricted() && !access::is_author(viewer, entry.author_user_id) {
        access::check_may_journal_reading(cf)?;
        cf.write(|tx| {
            journal_part(
                tx,
                &f,
                format!(
                    "Lecture d'un élément restreint du diagnostic partagé {}",
                    crate::text::de(&f.student_name)
                ),
                vec![Change {
                    field: "Élément lu".into(),
                    before: None,
                    after: Some(format!(
                        "du {}, apporté par {}, lu par {}",
                        fr(entry.noted_on),
                        entry.author,
                        viewer.name
                    )),
                }],
            )
        })?;
    }
    entry.readable = true;
    Ok(entry)
}

fn may_restrict(m: &Member) -> bool {
    m.partner_id.is_some()
        || matches!(
            m.staff_role,
            Some(
                StaffRole::PsyEn
                    | StaffRole::Infirmier
                    | StaffRole::AssistantSocial
                    | StaffRole::Medecin
            )
        )
}

/// Adds (`id` none) or changes a response. It names its responsible member; "Proposer un PAFI"
/// opens the PAFI mechanism: a PAFI proposal waits for the référent (as from the GPDS).
pub fn save_response(
    cf: &mut CaseFile,
    alliance_id: i64,
    id: Option<i64>,
    input: &ResponseInput,
) -> Result<Response> {
    let f = open_frame(cf, alliance_id)?;
    let theme = input
        .theme
        .ok_or_else(|| Error::invalid("theme", "Choisissez le thème de la réponse."))?;
    let action = tidy(&input.action);
    if action.is_empty() {
        return Err(Error::invalid(
            "action",
            "Décrivez la réponse (ce qui est fait, par qui, comment).",
        ));
    }
    let member_id = input.member_id.ok_or_else(|| {
        Error::invalid(
            "memberId",
            "Désignez le membre de l'équipe responsable de cette réponse.",
        )
    })?;
    let m = member_of(cf.conn(), alliance_id, member_id, "memberId")?;
    if let (Some(s), Some(e)) = (input.start_on, input.end_on) {
        if e < s {
            return Err(Error::invalid(
                "endOn",
                format!(
                    "La date de fin ({}) précède la date de début ({}).",
                    fr(e),
                    fr(s)
                ),
            ));
        }
    }
    let before = match id {
        Some(i) => Some(
            responses(cf.conn(), alliance_id)?
                .into_iter()
                .find(|r| r.id == i)
                .ok_or_else(|| Error::NotFound("Cette réponse n'existe pas (ou plus).".into()))?,
        ),
        None => None,
    };
    let opens_pafi = theme == Theme::Pafi && before.as_ref().is_none_or(|b| b.theme != Theme::Pafi);
    let today = cf.today();
    let rhythm = tidy(&input.rhythm);
    let new_id = cf.write(|tx| {
        let conn = tx.conn();
        let id = match id {
            None => {
                conn.execute(
                    "INSERT INTO alliance_response (alliance_id, theme, action, member_id, start_on, end_on, rhythm, status)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![alliance_id, theme.code(), action, member_id, input.start_on, input.end_on, rhythm, input.status.code()],
                )?;
                conn.last_insert_rowid()
            }
            Some(i) => {
                conn.execute(
                    "UPDATE alliance_response SET theme = ?2, action = ?3, member_id = ?4, start_on = ?5, end_on = ?6,
                                                  rhythm = ?7, status = ?8 WHERE id = ?1",
                    params![i, theme.code(), action, member_id, input.start_on, input.end_on, rhythm, input.status.code()],
                )?;
                i
            }
        };
        if opens_pafi {
            conn.execute(
                "INSERT INTO proposal (student_id, kind, proposed_on) VALUES (?1, 'pafi', ?2)",
                params![f.student_id, today],
            )?;
        }
        journal_part(
            tx,
            &f,
            format!(
                "Alliance éducative {} : réponse « {} » {} ({}){}",
                crate::text::de(&f.student_name),
                action,
                if before.is_some() { "modifiée" } else { "ajoutée" },
                m.label(),
                if opens_pafi { " — PAFI proposé" } else { "" }
            ),
            Vec::new(),
        )?;
        Ok(id)
    })?;
    responses(cf.conn(), alliance_id)?
        .into_iter()
        .find(|r| r.id == new_id)
        .ok_or_else(|| Error::NotFound("Cette réponse n'existe pas (ou plus).".into()))
}

/// Records a follow-up meeting: who was there (members of the team), notes, decisions.
pub fn record_meeting(
    cf: &mut CaseFile,
    alliance_id: i64,
    input: &MeetingInput,
) -> Result<AllianceMeeting> {
    let f = open_frame(cf, alliance_id)?;
    let held_on = input
        .held_on
        .ok_or_else(|| Error::invalid("heldOn", "Indiquez la date de la réunion."))?;
    if held_on > cf.today() {
        return Err(Error::invalid(
            "heldOn",
            format!(
                "La date {} est dans le futur : une réunion se note une fois tenue.",
                fr(held_on)
            ),
        ));
    }
    let time = input.time.trim().to_owned();
    if !time.is_empty() && chrono::NaiveTime::parse_from_str(&time, "%H:%M").is_err() {
        return Err(Error::invalid(
            "time",
            "L'heure s'écrit hh:mm (exemple : 17:30).",
        ));
    }
    let team: Vec<Member> = members(cf.conn(), alliance_id)?
        .into_iter()
        .filter(|m| m.left_on.is_none())
        .collect();
    for p in &input.present {
        if !team.iter().any(|m| m.id == *p) {
            return Err(Error::invalid(
                "present",
                "Une personne cochée ne fait pas partie de l'équipe.",
            ));
        }
    }
    if input.present.is_empty() {
        return Err(Error::invalid("present", "Cochez les membres présents."));
    }
    let decisions: Vec<String> = input
        .decisions
        .iter()
        .map(|d| tidy(d))
        .filter(|d| !d.is_empty())
        .collect();
    let notes = input.notes.trim().to_owned();
    let id = cf.write(|tx| {
        let conn = tx.conn();
        conn.execute(
            "INSERT INTO alliance_meeting (alliance_id, held_on, time, place, notes, decisions, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![alliance_id, held_on, time, tidy(&input.place), notes, serde_json::to_string(&decisions)?, tx.at()],
        )?;
        let id = conn.last_insert_rowid();
        for m in &team {
            conn.execute(
                "INSERT INTO alliance_meeting_member (meeting_id, member_id, present) VALUES (?1, ?2, ?3)",
                params![id, m.id, input.present.contains(&m.id)],
            )?;
        }
        journal_part(
            tx,
            &f,
            format!(
                "Alliance éducative {} : réunion de suivi du {}",
                crate::text::de(&f.student_name),
                fr(held_on)
            ),
            Vec::new(),
        )?;
        Ok(id)
    })?;
    meetings(cf.conn(), alliance_id)?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| Error::NotFound("Cette réunion n'existe pas (ou plus).".into()))
}

/// Logs information shared with a member: what, why, when, and whether the family knew
/// beforehand (as the law on shared confidential information asks). Sharing with a member who
/// has not signed the charte, or without informing the family, asks for a confirmation
/// ([`Error::NeedsConfirmation`]) and the log keeps it.
pub fn record_share(cf: &mut CaseFile, alliance_id: i64, input: &ShareInput) -> Result<Share> {
    let f = open_frame(cf, alliance_id)?;
    let shared_on = input
        .shared_on
        .ok_or_else(|| Error::invalid("sharedOn", "Indiquez la date du partage."))?;
    if shared_on > cf.today() {
        return Err(Error::invalid(
            "sharedOn",
            format!("La date {} est dans le futur.", fr(shared_on)),
        ));
    }
    let member_id = input.member_id.ok_or_else(|| {
        Error::invalid(
            "memberId",
            "Indiquez avec qui l'information a été partagée.",
        )
    })?;
    let m = member_of(cf.conn(), alliance_id, member_id, "memberId")?;
    let information = input.information.trim().to_owned();
    if information.is_empty() {
        return Err(Error::invalid(
            "information",
            "Indiquez l'information partagée (seulement ce qui est nécessaire).",
        ));
    }
    let purpose = input.purpose.trim().to_owned();
    if purpose.is_empty() {
        return Err(Error::invalid(
            "purpose",
            "Indiquez pourquoi elle a été partagée.",
        ));
    }
    let unsigned = m.charte_on.is_none();
    let mut warnings = Vec::new();
    if unsigned {
        warnings.push(format!(
            "{} n'a pas signé la charte de déontologie",
            m.label()
        ));
    }
    if !input.family_informed {
        warnings.push("la famille n'en a pas été informée au préalable".to_owned());
    }
    if !warnings.is_empty() && !input.confirm {
        return Err(Error::NeedsConfirmation {
            field: if unsigned { "memberId".into() } else { "familyInformed".into() },
            message: format!(
                "Attention : {}. Le partage d'informations à caractère secret suppose l'engagement de la charte et l'information préalable de la famille. L'enregistrer quand même (le journal le signalera) ?",
                warnings.join(" et ")
            ),
        });
    }
    let id = cf.write(|tx| {
        tx.conn().execute(
            "INSERT INTO alliance_share (alliance_id, shared_on, member_id, information, purpose, family_informed,
                                         charte_unsigned, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![alliance_id, shared_on, member_id, information, purpose, input.family_informed, unsigned, tx.at()],
        )?;
        let id = tx.conn().last_insert_rowid();
        journal_part(
            tx,
            &f,
            format!(
                "Alliance éducative {} : information partagée avec {} le {}{}{}",
                crate::text::de(&f.student_name),
                m.label(),
                fr(shared_on),
                if unsigned { " (charte non signée)" } else { "" },
                if input.family_informed { "" } else { " (famille non informée)" }
            ),
            Vec::new(),
        )?;
        Ok(id)
    })?;
    shares(cf.conn(), alliance_id)?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| Error::NotFound("Ce partage n'existe pas (ou plus).".into()))
}

pub(super) fn members(conn: &Connection, alliance_id: i64) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.staff_id, s.role, m.partner_id, coalesce(p.name, ''),
                coalesce(trim(s.first_name || ' ' || s.last_name), m.contact_name),
                m.contact_function, m.role, m.is_referent, m.charte_on, m.charte_method, m.left_on
           FROM alliance_member m LEFT JOIN staff s ON s.id = m.staff_id LEFT JOIN partner p ON p.id = m.partner_id
          WHERE m.alliance_id = ?1 ORDER BY m.is_referent DESC, m.partner_id IS NOT NULL, m.id",
    )?;
    let rows = stmt.query_map([alliance_id], member_row)?;
    collect(rows)
}

fn member_row(r: &Row<'_>) -> rusqlite::Result<Member> {
    let role: Option<String> = r.get(2)?;
    let staff_role: Option<StaffRole> = role.as_deref().and_then(StaffRole::from_code);
    let function: String = r.get(6)?;
    Ok(Member {
        id: r.get(0)?,
        staff_id: r.get(1)?,
        staff_role,
        partner_id: r.get(3)?,
        partner_name: r.get(4)?,
        name: r.get(5)?,
        function: match staff_role {
            Some(sr) if function.is_empty() => sr.label().to_owned(),
            _ => function,
        },
        role: r.get(7)?,
        is_referent: r.get(8)?,
        charte_on: r.get(9)?,
        charte_method: r.get(10)?,
        left_on: r.get(11)?,
    })
}

pub(super) fn partners(conn: &Connection, alliance_id: i64) -> Result<Vec<AlliancePartner>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ap.partner_id, p.name, ap.formalisation, ap.on_date, ap.reason,
                (SELECT d.state FROM document d WHERE d.kind = 'convention_partenariat'
                    AND d.record_entity = 'partner' AND d.record_id = ap.partner_id
                  ORDER BY d.created_at DESC, d.version DESC LIMIT 1)
           FROM alliance_partner ap JOIN partner p ON p.id = ap.partner_id
          WHERE ap.alliance_id = ?1 ORDER BY p.name_key",
    )?;
    let rows = stmt.query_map([alliance_id], |r| {
        let f: String = r.get(2)?;
        Ok(AlliancePartner {
            partner_id: r.get(0)?,
            name: r.get(1)?,
            formalisation: decode(&f, 2)?,
            on: r.get(3)?,
            reason: r.get(4)?,
            convention_state: r.get(5)?,
        })
    })?;
    collect(rows)
}

pub(super) fn diagnosis(conn: &Connection, alliance_id: i64) -> Result<Vec<DiagnosisEntry>> {
    let team = members(conn, alliance_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, domain, polarity, text, noted_on, member_id, sensitivity, summary, author_user_id
           FROM alliance_diagnosis WHERE alliance_id = ?1 ORDER BY domain, polarity, noted_on, id",
    )?;
    let rows = stmt.query_map([alliance_id], |r| {
        let domain: String = r.get(1)?;
        let polarity: String = r.get(2)?;
        let member_id: i64 = r.get(5)?;
        let sensitivity: String = r.get(6)?;
        let sensitivity: Sensitivity = decode(&sensitivity, 6)?;
        let noted_on: NaiveDate = r.get(4)?;
        let author = team.iter().find(|m| m.id == member_id);
        Ok(DiagnosisEntry {
            id: r.get(0)?,
            domain: decode(&domain, 1)?,
            polarity: decode(&polarity, 2)?,
            text: r.get(3)?,
            noted_on,
            member_id,
            author: author.map(Member::label).unwrap_or_default(),
            author_role: author.and_then(|m| m.staff_role),
            author_user_id: r.get(8)?,
            sensitivity,
            summary: r.get(7)?,
            stub: access::stub(
                Masked::DiagnosisEntry,
                sensitivity,
                author.map(stub_function).as_deref().unwrap_or(""),
                noted_on,
            ),
            readable: true,
        })
    })?;
    let mut list = collect(rows)?;
    list.sort_by_key(|d| {
        (
            Domain::ALL.iter().position(|x| *x == d.domain),
            Polarity::ALL.iter().position(|x| *x == d.polarity),
            d.noted_on,
            d.id,
        )
    });
    Ok(list)
}

/// The function a stub names: the member's function, or their structure for a partner.
fn stub_function(m: &Member) -> String {
    if !m.function.is_empty() {
        m.function.clone()
    } else if !m.partner_name.is_empty() {
        m.partner_name.clone()
    } else {
        String::new()
    }
}

pub(super) fn responses(conn: &Connection, alliance_id: i64) -> Result<Vec<Response>> {
    let team = members(conn, alliance_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, theme, action, member_id, start_on, end_on, rhythm, status, pafi_id, result
           FROM alliance_response WHERE alliance_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([alliance_id], |r| {
        let theme: String = r.get(1)?;
        let status: String = r.get(7)?;
        let member_id: i64 = r.get(3)?;
        Ok(Response {
            id: r.get(0)?,
            theme: decode(&theme, 1)?,
            action: r.get(2)?,
            member_id,
            responsible: team
                .iter()
                .find(|m| m.id == member_id)
                .map(Member::label)
                .unwrap_or_default(),
            start_on: r.get(4)?,
            end_on: r.get(5)?,
            rhythm: r.get(6)?,
            status: decode(&status, 7)?,
            pafi_id: r.get(8)?,
            result: r.get(9)?,
        })
    })?;
    collect(rows)
}

pub(super) fn meetings(conn: &Connection, alliance_id: i64) -> Result<Vec<AllianceMeeting>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, held_on, time, place, notes, decisions FROM alliance_meeting
          WHERE alliance_id = ?1 ORDER BY held_on DESC, id DESC",
    )?;
    let mut list = collect(stmt.query_map([alliance_id], |r| {
        let decisions: String = r.get(5)?;
        Ok(AllianceMeeting {
            id: r.get(0)?,
            held_on: r.get(1)?,
            time: r.get(2)?,
            place: r.get(3)?,
            notes: r.get(4)?,
            decisions: serde_json::from_str(&decisions).unwrap_or_default(),
            present: Vec::new(),
            absent: Vec::new(),
        })
    })?)?;
    let mut who = conn.prepare_cached(
        "SELECT member_id, present FROM alliance_meeting_member WHERE meeting_id = ?1 ORDER BY member_id",
    )?;
    for m in &mut list {
        for row in who.query_map([m.id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)))? {
            let (id, present) = row?;
            if present {
                m.present.push(id);
            } else {
                m.absent.push(id);
            }
        }
    }
    Ok(list)
}

pub(super) fn shares(conn: &Connection, alliance_id: i64) -> Result<Vec<Share>> {
    let team = members(conn, alliance_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, shared_on, member_id, information, purpose, family_informed, charte_unsigned
           FROM alliance_share WHERE alliance_id = ?1 ORDER BY shared_on DESC, id DESC",
    )?;
    let rows = stmt.query_map([alliance_id], |r| {
        let member_id: i64 = r.get(2)?;
        Ok(Share {
            id: r.get(0)?,
            shared_on: r.get(1)?,
            member_id,
            recipient: team
                .iter()
                .find(|m| m.id == member_id)
                .map(Member::label)
                .unwrap_or_default(),
            information: r.get(3)?,
            purpose: r.get(4)?,
            family_informed: r.get(5)?,
            charte_unsigned: r.get(6)?,
        })
    })?;
    collect(rows)
}
