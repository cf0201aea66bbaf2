//! The documents of an alliance, through the document engine: the contrat d'alliance éducative
//! (the family, the student, the school), the convention de partenariat with one partner, the
//! charte de déontologie of one member, and the compte-rendu of a follow-up meeting.
//!
//! Each gathers its data as `assets/templates/README.md` documents it for its type and declares
//! its signatories; a required signatory whose name is not known (no référent designated, no
//! legal representative on the student's record…) keeps the document a draft that says what to
//! fill in. What a document prints is what may be shared: the contract carries the text of the
//! « équipe » diagnosis entries and, of a restricted entry, only its résumé utile when its author
//! wrote one (a restricted text never goes into a document, whoever prints it), and
//! the family's refusal to sign is recorded on the alliance, never as a missing document.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde_json::{json, Value};

use super::{alliance, Alliance, AllianceKind, Member, Polarity, ResponseStatus};
use crate::casefile::CaseFile;
use crate::documents::registry::{
    document, generate, Document, DocumentRequest, DocumentState, SignatoryDecl,
};
use crate::documents::template::DocumentType;
use crate::error::{Error, Result};
use crate::registry::{
    establishment, non_empty, partner, staff_member, student, Coded, Contact, LegalRep,
    PartnerKind, Relationship, Staff, StaffRole, Student,
};
use crate::school_year::{age_on, SchoolYear};
use crate::text::{lower_first, sentence};

/// From this age the student signs alone: the family is no longer a party.
const ADULT: i32 = 18;

/// Makes (or remakes, as a new version once the previous one left draft) the contract with the
/// family. Made whatever the family's answer: a refusal is recorded on the alliance, and the
/// contract stays the text that was proposed.
pub fn contract_document(cf: &mut CaseFile, alliance_id: i64) -> Result<Document> {
    let a = alliance(cf, alliance_id)?;
    let st = student(cf, a.student_id)?;
    let head = establishment(cf)?.input.head_name;
    let today = cf.today();
    let referent = referent_of(cf, &a)?;
    let minor = age_on(st.input.birth_date, today) < ADULT;
    let reps = if minor { legal_reps(&st) } else { Vec::new() };

    // Only what may be shared: the text of « équipe » entries, the résumé utile of restricted
    // ones; a restricted text stays in the case file.
    let printed: Vec<(&super::DiagnosisEntry, &str)> = a
        .diagnosis
        .iter()
        .filter_map(|d| {
            if !d.sensitivity.is_restricted() {
                Some((d, d.text.as_str()))
            } else if !d.summary.is_empty() {
                Some((d, d.summary.as_str()))
            } else {
                None
            }
        })
        .collect();
    let of = |polarity: Polarity| {
        printed
            .iter()
            .filter(|(d, _)| d.polarity == polarity)
            .map(|(_, text)| sentence(text))
            .collect::<Vec<_>>()
    };
    let reponses: Vec<Value> = a
        .responses
        .iter()
        .filter(|r| r.status != ResponseStatus::Abandoned)
        .map(|r| {
            json!({
                "theme": r.theme.label(), "action": r.action, "intervenants": r.responsible,
                "rythme": non_empty(&r.rhythm), "echeance": r.end_on,
            })
        })
        .collect();
    let membres: Vec<Value> = team(&a)
        .map(|m| {
            json!({
                "nom": m.name, "fonction": function_in_alliance(m),
                "structure": non_empty(&m.partner_name), "charte_signee": m.charte_on.is_some(),
            })
        })
        .collect();
    let mut held: Vec<_> = a.meetings.iter().collect();
    held.sort_by_key(|m| (m.held_on, m.id));
    let rencontres: Vec<Value> = held
        .iter()
        .map(|m| {
            json!({
                "date": m.held_on,
                "objet": match non_empty(&m.place) {
                    Some(place) => format!("Réunion de suivi ({place})"),
                    None => "Réunion de suivi".to_owned(),
                },
            })
        })
        .collect();
    let data = json!({
        "eleve": eleve(&st, &a, today),
        "responsables": reps.iter().map(|r| responsable(r)).collect::<Vec<_>>(),
        "alliance": {
            "interne": a.kind == AllianceKind::Internal,
            "date_debut": a.start_on.unwrap_or(today),
            "date_fin": a.end_on,
            "referent": match &referent {
                Some((m, staff)) => json!({
                    "nom": m.name,
                    "fonction": staff_function(m.staff_role),
                    "telephone": staff.as_ref().and_then(|s| non_empty(&s.input.phone)),
                    "courriel": staff.as_ref().and_then(|s| non_empty(&s.input.email)),
                }),
                None => json!({
                    "nom": "(à compléter)", "fonction": "personnel de l'établissement",
                    "telephone": null, "courriel": null,
                }),
            },
            "diagnostic": {
                "date": printed.iter().map(|(d, _)| d.noted_on).max(),
                "potentialites": of(Polarity::Strength),
                "difficultes": of(Polarity::Difficulty),
            },
        },
        "reponses": reponses,
        "membres": membres,
        "suivi": {
            "rythme": non_empty(&a.rhythm),
            "rencontres": rencontres,
            "date_evaluation": a.evaluation.as_ref().map(|e| e.on),
        },
    });
    let mut signatories = vec![SignatoryDecl {
        role: "L'élève".into(),
        name: non_empty(&a.student_name),
        relationship: "l'élève".into(),
        required: true,
        mention: "Lu et approuvé".into(),
        missing_hint: "Indiquez le nom de l'élève dans sa fiche.".into(),
    }];
    if minor {
        signatories.extend(family_signatories(&reps));
    }
    signatories.push(head_signatory(&head, "Le chef d'établissement"));
    signatories.push(referent_signatory(referent.as_ref().map(|(m, _)| m), ""));
    generate(
        cf,
        &DocumentRequest {
            kind: DocumentType::ContratAlliance,
            record: ("alliance", a.id),
            student_id: Some(a.student_id),
            data,
            signatories,
        },
    )
}

/// Makes the convention de partenariat between the school and one partner of the alliance.
///
/// A convention binds the school and the partner, not one student: it is recorded on the
/// partner (`("partner", partner_id)`), carries no student's name, and is valid for every
/// alliance the partner joins until its end (the end of the school year). Asked again from
/// another alliance while one is in force (to sign, signed or sealed, not ended), that one is
/// returned as it is; a draft is remade; cancel a convention to make a new version. The
/// alliance it is asked from gives the partner's interlocutors (its members in the team) and
/// whether they signed the charte.
pub fn partnership_document(
    cf: &mut CaseFile,
    alliance_id: i64,
    partner_id: i64,
) -> Result<Document> {
    let a = alliance(cf, alliance_id)?;
    if !a.partners.iter().any(|p| p.partner_id == partner_id) {
        return Err(Error::invalid(
            "partnerId",
            "Ce partenaire ne fait pas partie de l'alliance éducative : ajoutez d'abord l'un de ses membres à l'équipe.",
        ));
    }
    let today = cf.today();
    if let Some(d) = convention_in_force(cf, partner_id, today)? {
        return Ok(d);
    }
    let p = partner(cf, partner_id)?;
    let e = establishment(cf)?.input;
    let members: Vec<&Member> = team(&a)
        .filter(|m| m.partner_id == Some(partner_id))
        .collect();
    // Who signs for the partner: the first person of the directory (its head, as the directory
    // lists them first); without one, its member in this alliance.
    let (representative, quality) = match p.input.contacts.first() {
        Some(c) => (non_empty(&contact_name(c)), lower_first(c.function.trim())),
        None => (
            members.first().and_then(|m| non_empty(&m.name)),
            members
                .first()
                .map(|m| lower_first(m.function.trim()))
                .unwrap_or_default(),
        ),
    };
    let charte = !members.is_empty() && members.iter().all(|m| m.charte_on.is_some());
    let name = p.input.name.clone();

    let mut contacts = vec![{
        let (phone, email) = staff_contact(cf, &e.referent_name)?;
        json!({
            "partie": "Établissement", "nom": e.referent_name,
            "fonction": "référent décrochage scolaire", "telephone": phone, "courriel": email,
        })
    }];
    let directory = |person: &str| {
        let folded = crate::text::fold(person);
        p.input
            .contacts
            .iter()
            .find(|c| crate::text::fold(&contact_name(c)) == folded)
    };
    let partner_contact = |person: &str, function: &str| {
        let known = directory(person);
        json!({
            "partie": name, "nom": person,
            "fonction": non_empty(function)
                .or_else(|| known.and_then(|c| non_empty(&c.function)))
                .map_or_else(|| "interlocuteur".to_owned(), |f| lower_first(&f)),
            "telephone": known.and_then(|c| non_empty(&c.phone)).or_else(|| non_empty(&p.input.phone)),
            "courriel": known.and_then(|c| non_empty(&c.email)).or_else(|| non_empty(&p.input.email)),
        })
    };
    if members.is_empty() {
        if let Some(c) = p.input.contacts.first() {
            contacts.push(partner_contact(&contact_name(c), &c.function));
        }
    }
    for m in &members {
        contacts.push(partner_contact(&m.name, &m.function));
    }
    let mut engagements_etablissement = vec![format!(
        "présenter {name} à l'élève et à sa famille avant toute orientation"
    )];
    if !charte {
        engagements_etablissement.push(
            "proposer aux professionnels du partenaire de signer la charte de déontologie des alliances éducatives"
                .to_owned(),
        );
    }
    let data = json!({
        "partenaire": {
            "nom": name, "statut": statut(p.input.kind),
            "adresse": non_empty(&p.input.address).unwrap_or_else(|| "adresse non renseignée".to_owned()),
            "representant": representative.clone().unwrap_or_else(|| "(à compléter)".to_owned()),
            "qualite_representant": quality,
            "mission": null,
        },
        "convention": {
            "objet": format!(
                "de définir les conditions dans lesquelles {name} participe, à la demande de l'établissement et avec l'accord des familles, aux alliances éducatives constituées autour d'élèves en risque de décrochage scolaire"
            ),
            "engagements_partenaire": [
                "désigner un professionnel qui participe, lorsque la famille en est d'accord, aux réunions de suivi des alliances éducatives auxquelles il est associé",
                "mettre en œuvre les réponses dont ses professionnels sont chargés et en rendre compte au référent de l'élève dans l'établissement",
            ],
            "engagements_etablissement": engagements_etablissement,
            "charte_signee": charte,
            "echange_donnees": charte,
            "financement": null,
            "date_ca": null,
            "date_debut": today,
            "date_fin": SchoolYear::containing(today).last_day(),
            "reconduction": null,
            "preavis": null,
            "date_bilan": null,
        },
        "contacts": contacts,
    });
    let signatories = vec![
        head_signatory(
            &e.head_name,
            "Pour l'établissement, le chef d'établissement",
        ),
        SignatoryDecl {
            role: if quality.is_empty() {
                format!("Pour {name}")
            } else {
                format!("Pour {name}, {quality}")
            },
            name: representative,
            relationship: String::new(),
            required: true,
            mention: String::new(),
            missing_hint: format!(
                "Indiquez dans l'annuaire des partenaires la personne qui représente {name}."
            ),
        },
    ];
    generate(
        cf,
        &DocumentRequest {
            kind: DocumentType::ConventionPartenariat,
            record: ("partner", partner_id),
            student_id: None,
            data,
            signatories,
        },
    )
}

/// Makes the charte de déontologie one member signs (the head of school may countersign).
pub fn charte_document(cf: &mut CaseFile, alliance_id: i64, member_id: i64) -> Result<Document> {
    let a = alliance(cf, alliance_id)?;
    let m = member_in(&a, member_id)?;
    if let Some(left) = m.left_on {
        return Err(Error::invalid(
            "memberId",
            format!(
                "{} a quitté l'équipe le {} : sa charte ne se signe plus.",
                m.name,
                super::fr(left)
            ),
        ));
    }
    let head = establishment(cf)?.input.head_name;
    let contract = latest_reference(cf, DocumentType::ContratAlliance, "alliance", a.id)?;
    let referent = team(&a)
        .find(|m| m.is_referent)
        .map(|r| format!("{}, {}", r.name, staff_function(r.staff_role)));
    let data = json!({
        "charte": {"adoptee_le": null, "adoptee_par": null, "date_fin": a.end_on},
        "alliance": {
            "reference": contract, "eleve": a.student_name,
            "classe": non_empty(&a.class_name), "referent": referent,
        },
        "membre": {
            "nom": m.name, "fonction": function_of(m), "structure": non_empty(&m.partner_name),
            "secret_professionnel": bound_by_secrecy(cf, m)?,
        },
        "membres": team(&a).map(|x| json!({
            "nom": x.name, "fonction": function_in_alliance(x), "structure": non_empty(&x.partner_name),
        })).collect::<Vec<_>>(),
    });
    let mut countersign = head_signatory(&head, "Le chef d'établissement");
    countersign.required = false;
    let signatories = vec![
        SignatoryDecl {
            role: "Le membre de l'alliance".into(),
            name: non_empty(&m.name),
            relationship: String::new(),
            required: true,
            mention: "Lu et approuvé".into(),
            missing_hint: "Indiquez le nom de ce membre de l'équipe.".into(),
        },
        countersign,
    ];
    generate(
        cf,
        &DocumentRequest {
            kind: DocumentType::CharteDeontologie,
            record: ("alliance_member", m.id),
            student_id: Some(a.student_id),
            data,
            signatories,
        },
    )
}

/// Makes the compte-rendu of a follow-up meeting, written and signed by the student's référent.
pub fn meeting_document(cf: &mut CaseFile, alliance_id: i64, meeting_id: i64) -> Result<Document> {
    let a = alliance(cf, alliance_id)?;
    let m = a
        .meetings
        .iter()
        .find(|m| m.id == meeting_id)
        .ok_or_else(|| {
            Error::NotFound(
                "Cette réunion de suivi n'existe pas (ou plus) dans cette alliance.".into(),
            )
        })?;
    let st = student(cf, a.student_id)?;
    let referent = team(&a).find(|m| m.is_referent);
    let contract = latest_reference(cf, DocumentType::ContratAlliance, "alliance", a.id)?;
    let who = |ids: &[i64]| -> Vec<String> {
        ids.iter()
            .filter_map(|id| a.members.iter().find(|x| x.id == *id))
            .map(attendee)
            .collect()
    };
    let points: Vec<Value> = a
        .responses
        .iter()
        .filter(|r| r.start_on.is_none_or(|s| s <= m.held_on))
        .map(|r| {
            json!({
                "reponse": format!("{} : {}", r.theme.label(), r.action),
                "responsable": r.responsible,
                "etat": r.status.label().to_lowercase(),
                "constats": non_empty(&r.result), "suite": null,
            })
        })
        .collect();
    // The next meeting, when the compte-rendu is written after it was held.
    let next = a
        .meetings
        .iter()
        .filter(|x| (x.held_on, x.id) > (m.held_on, m.id))
        .min_by_key(|x| (x.held_on, x.id))
        .map(|x| json!({"date": x.held_on, "heure": non_empty(&x.time), "lieu": non_empty(&x.place)}));
    let data = json!({
        "eleve": {
            "prenom": st.input.first_name, "nom": st.input.last_name,
            "classe": if a.class_name.is_empty() { &st.input.class_name } else { &a.class_name },
        },
        "alliance": {
            "reference": contract,
            "date_debut": a.start_on.unwrap_or(a.proposed_on),
            "referent": referent.map_or_else(|| "(à compléter)".to_owned(), |r| r.name.clone()),
        },
        "reunion": {"date": m.held_on, "heure": non_empty(&m.time), "lieu": non_empty(&m.place)},
        "presents": who(&m.present),
        "absents": who(&m.absent),
        "notes": m.notes.lines().filter_map(non_empty).collect::<Vec<_>>(),
        "points": points,
        "decisions": m.decisions.iter().map(|d| sentence(d)).collect::<Vec<_>>(),
        "prochaine_reunion": next,
    });
    generate(
        cf,
        &DocumentRequest {
            kind: DocumentType::CompteRenduAlliance,
            record: ("alliance_meeting", m.id),
            student_id: Some(a.student_id),
            data,
            signatories: vec![referent_signatory(referent, "Rédacteur")],
        },
    )
}

/// The team as it stands (members who left are not printed), référent first.
fn team(a: &Alliance) -> impl Iterator<Item = &Member> {
    a.members.iter().filter(|m| m.left_on.is_none())
}

fn member_in(a: &Alliance, member_id: i64) -> Result<&Member> {
    a.members.iter().find(|m| m.id == member_id).ok_or_else(|| {
        Error::NotFound("Cette personne ne fait pas partie de l'équipe de l'alliance.".into())
    })
}

/// The student's référent in the alliance, and their staff record (phone, e-mail).
fn referent_of(cf: &CaseFile, a: &Alliance) -> Result<Option<(Member, Option<Staff>)>> {
    let Some(m) = team(a).find(|m| m.is_referent) else {
        return Ok(None);
    };
    let staff = m.staff_id.map(|id| staff_member(cf, id)).transpose()?;
    Ok(Some((m.clone(), staff)))
}

fn referent_signatory(m: Option<&Member>, mention: &str) -> SignatoryDecl {
    SignatoryDecl {
        role: "Le référent de l'élève dans l'établissement".into(),
        name: m.and_then(|m| non_empty(&m.name)),
        relationship: String::new(),
        required: true,
        mention: mention.into(),
        missing_hint:
            "Désignez, parmi les personnels de l'établissement, le référent de l'élève dans l'alliance."
                .into(),
    }
}

fn head_signatory(head: &str, role: &str) -> SignatoryDecl {
    SignatoryDecl {
        role: role.into(),
        name: non_empty(head),
        relationship: String::new(),
        required: true,
        mention: String::new(),
        missing_hint: "Indiquez le nom du chef d'établissement dans Paramètres.".into(),
    }
}

/// A staff member's function as a document writes it after the name.
fn staff_function(role: Option<StaffRole>) -> String {
    match role {
        None => "personnel de l'établissement".into(),
        Some(StaffRole::Direction) => "personnel de direction".into(),
        Some(StaffRole::Referent) => "référent décrochage scolaire".into(),
        Some(StaffRole::Cpe) => "conseiller principal d'éducation".into(),
        Some(StaffRole::PsyEn) => "psychologue de l'Éducation nationale".into(),
        Some(StaffRole::CoordonnateurMlds) => "coordonnateur de la MLDS".into(),
        Some(StaffRole::Autre) => "personnel de l'établissement".into(),
        Some(other) => lower_first(other.label()),
    }
}

/// A member's function: a member of staff's from their role, a partner's as typed.
fn function_of(m: &Member) -> String {
    if m.partner_id.is_some() {
        non_empty(&m.function).map_or_else(|| "intervenant".to_owned(), |f| lower_first(&f))
    } else {
        staff_function(m.staff_role)
    }
}

/// The function printed in the team's list: the référent is said so.
fn function_in_alliance(m: &Member) -> String {
    let f = function_of(m);
    if m.is_referent {
        format!("{f}, référent de l'élève")
    } else {
        f
    }
}

/// "Nom, fonction" (staff) or "Nom, structure" (partner), as the compte-rendu lists people.
fn attendee(m: &Member) -> String {
    let mut s = if m.partner_name.is_empty() {
        format!("{}, {}", m.name, m.function)
    } else {
        format!("{}, {}", m.name, m.partner_name)
    };
    if m.is_referent {
        s.push_str(", référent");
    }
    s
}

/// Whether the member signs under professional secrecy: médico-social staff, and partners
/// from health, social and justice services.
fn bound_by_secrecy(cf: &CaseFile, m: &Member) -> Result<bool> {
    if let Some(id) = m.partner_id {
        let kind = partner(cf, id)?.input.kind;
        return Ok(matches!(
            kind,
            PartnerKind::CmppCmp | PartnerKind::Ase | PartnerKind::Pjj | PartnerKind::Mda
        ));
    }
    Ok(matches!(
        m.staff_role,
        Some(
            StaffRole::PsyEn
                | StaffRole::Infirmier
                | StaffRole::AssistantSocial
                | StaffRole::Medecin
        )
    ))
}

/// The student as the contract shows them, their age taken on `on`.
fn eleve(st: &Student, a: &Alliance, on: NaiveDate) -> Value {
    let s = &st.input;
    let formation = s
        .mef_label
        .as_deref()
        .and_then(non_empty)
        .or_else(|| s.track.map(|t| t.label().to_owned()))
        .unwrap_or_else(|| "formation non renseignée".to_owned());
    json!({
        "prenom": s.first_name, "nom": s.last_name, "date_naissance": s.birth_date,
        "age": age_on(s.birth_date, on),
        "classe": if a.class_name.is_empty() { &s.class_name } else { &a.class_name },
        "formation": formation,
    })
}

/// The legal representatives who are parties: the first two with a name.
fn legal_reps(st: &Student) -> Vec<&LegalRep> {
    st.input
        .legal_reps
        .iter()
        .filter(|r| !rep_name(r).is_empty())
        .take(2)
        .collect()
}

fn rep_name(r: &LegalRep) -> String {
    format!("{} {}", r.first_name.trim(), r.last_name.trim())
        .trim()
        .to_owned()
}

fn responsable(r: &LegalRep) -> Value {
    let quality = match r.relationship {
        Relationship::Mere => "Mère",
        Relationship::Pere => "Père",
        Relationship::Tuteur => "Tuteur légal",
        Relationship::Autre => "Représentant légal",
    };
    json!({
        "qualite": quality, "nom": rep_name(r),
        "adresse": non_empty(&r.address), "telephone": non_empty(&r.phone),
    })
}

/// The legal representatives' boxes: the first required (said missing when none is recorded),
/// the second optional.
fn family_signatories(reps: &[&LegalRep]) -> Vec<SignatoryDecl> {
    let decl = |r: Option<&LegalRep>, required: bool| {
        let (role, relationship) = match r.map(|r| r.relationship) {
            Some(Relationship::Mere) => ("La mère, responsable légale", "mère"),
            Some(Relationship::Pere) => ("Le père, responsable légal", "père"),
            Some(Relationship::Tuteur) => ("Le tuteur légal", "tuteur"),
            Some(Relationship::Autre) | None => ("Le représentant légal", "représentant légal"),
        };
        SignatoryDecl {
            role: role.into(),
            name: r.map(rep_name),
            relationship: relationship.into(),
            required,
            mention: "Lu et approuvé".into(),
            missing_hint: "Ajoutez un responsable légal dans la fiche de l'élève.".into(),
        }
    };
    let mut out = vec![decl(reps.first().copied(), true)];
    if let Some(second) = reps.get(1) {
        out.push(decl(Some(second), false));
    }
    out
}

fn contact_name(c: &Contact) -> String {
    format!("{} {}", c.first_name.trim(), c.last_name.trim())
        .trim()
        .to_owned()
}

/// The phone and e-mail of a member of staff known by name (the référent décrochage).
fn staff_contact(cf: &CaseFile, name: &str) -> Result<(Option<String>, Option<String>)> {
    let found: Option<(String, String)> = cf
        .conn()
        .prepare_cached(
            "SELECT phone, email FROM staff WHERE archived = 0
               AND trim(first_name || ' ' || last_name) = ?1 ORDER BY id LIMIT 1",
        )?
        .query_row([name.trim()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(found.map_or((None, None), |(p, e)| (non_empty(&p), non_empty(&e))))
}

/// The legal form printed after a partner's name, when the directory's kind says it.
fn statut(kind: PartnerKind) -> Option<String> {
    match kind {
        PartnerKind::Association => Some("association".into()),
        PartnerKind::Collectivite => Some("collectivité territoriale".into()),
        _ => None,
    }
}

/// The partner's convention that is in force on `today` (to sign, signed or sealed, until its
/// end date), if any.
fn convention_in_force(
    cf: &CaseFile,
    partner_id: i64,
    today: NaiveDate,
) -> Result<Option<Document>> {
    let latest: Option<(i64, String, String)> = cf
        .conn()
        .prepare_cached(
            "SELECT id, state, data FROM document
              WHERE kind = ?1 AND record_entity = 'partner' AND record_id = ?2
              ORDER BY version DESC LIMIT 1",
        )?
        .query_row(
            params![DocumentType::ConventionPartenariat.code(), partner_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((id, state, data)) = latest else {
        return Ok(None);
    };
    let live = matches!(
        DocumentState::from_code(&state),
        Some(DocumentState::ToSign | DocumentState::Signed | DocumentState::Sealed)
    );
    let ends = serde_json::from_str::<Value>(&data)
        .ok()
        .and_then(|d| {
            d.pointer("/convention/date_fin")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    if live && ends.is_some_and(|e| e >= today) {
        return Ok(Some(document(cf, id)?));
    }
    Ok(None)
}

/// The reference of the latest (not cancelled) document of a kind for a record.
fn latest_reference(
    cf: &CaseFile,
    kind: DocumentType,
    entity: &str,
    id: i64,
) -> Result<Option<String>> {
    Ok(cf
        .conn()
        .prepare_cached(
            "SELECT reference FROM document
              WHERE kind = ?1 AND record_entity = ?2 AND record_id = ?3 AND state <> 'cancelled'
              ORDER BY version DESC LIMIT 1",
        )?
        .query_row(params![kind.code(), entity, id], |r| r.get(0))
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_and_sentences_read_as_documents_write_them() {
        assert_eq!(
            staff_function(Some(StaffRole::Cpe)),
            "conseiller principal d'éducation"
        );
        assert_eq!(staff_function(Some(StaffRole::Medecin)), "médecin scolaire");
        assert_eq!(sentence("bonne participation"), "Bonne participation.");
        assert_eq!(sentence("Déjà dit !"), "Déjà dit !");
        assert_eq!(lower_first("Éducatrice"), "éducatrice");
    }
}
