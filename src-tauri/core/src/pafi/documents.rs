//! The documents of a path, through the document engine: the contrat PAFI, the convention de
//! stage / d'accueil of each activity at a host, and the bilan de parcours.
//!
//! Each gathers its data as `assets/templates/README.md` documents it for its type and declares
//! its signatories; a required signatory whose name is not known (no legal representative on
//! the student's record, no tutor yet…) keeps the document a draft that says what to fill in.
//! The student signs alone from 18 on the start date, unless they asked that the family sign.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde_json::{json, Value};

use super::parts::{DAYS, HALVES};
use super::{
    pafi, Activity, ActivityKind, Pafi, Period, SkillEvidence, SkillLevel, SlotKind,
    ValidationAuthority, ADULT, DSDEN_ONLY_BELOW,
};
use crate::casefile::CaseFile;
use crate::documents::registry::{generate, Document, DocumentRequest, SignatoryDecl};
use crate::documents::template::DocumentType;
use crate::error::{Error, Result};
use crate::registry::{
    establishment, partner, staff_member, student, Coded, LegalRep, PartnerKind, Relationship,
    Staff, StaffRole, Student,
};
use crate::school_year::{age_on, french_date as fr};
use crate::text::{lower_first, sentence};

/// Makes (or remakes, as a new version once the previous one left draft) the contract of a path.
pub fn contract_document(cf: &mut CaseFile, pafi_id: i64) -> Result<Document> {
    let p = pafi(cf, pafi_id)?;
    let (start, end) = dates_of(&p, "le contrat")?;
    let st = student(cf, p.student_id)?;
    let head = establishment(cf)?.input.head_name;
    let tutor = tutor_of(cf, &p)?;
    let reps = family(&st, &p, start);
    let refs = conventions(cf, &p.activities)?;

    let hosts = hosts(cf, &p.activities)?;
    let structures: Vec<Value> = hosts
        .iter()
        .map(|h| {
            let a = h.activity;
            json!({
                "nom": a.host_name, "statut": h.statut, "adresse": non_empty(&h.address),
                "representant": a.host_representative,
                "qualite_representant": a.host_representative_role,
                "tuteur": non_empty(&person(&a.host_tutor, &a.host_tutor_role)),
                "telephone": non_empty(&a.host_tutor_phone).or_else(|| non_empty(&h.phone)),
            })
        })
        .collect();
    let activites: Vec<Value> = p
        .activities
        .iter()
        .zip(&refs)
        .map(|(a, reference)| {
            json!({
                "intitule": a.title, "structure": structure_name(a),
                "date_debut": a.start_on, "date_fin": a.end_on,
                "rythme": rhythm(&p.periods, a),
                "convention": if a.needs_convention { json!(reference) } else { json!("sans objet") },
            })
        })
        .collect();
    let age = age_on(p.birth_date, start);
    let authority = match (&p.validation, age < DSDEN_ONLY_BELOW) {
        (_, true) => ValidationAuthority::Dasen,
        (Some(v), false) => v.authority,
        (None, false) => super::authority(cf)?,
    };
    let data = json!({
        "eleve": eleve(&st, &p, start),
        "responsables": reps.iter().map(responsable).collect::<Vec<_>>(),
        "pafi": {
            "date_diagnostic": p.diagnosis_on,
            "nature": nature(&p),
            "date_debut": start, "date_fin": end,
            "duree": duration(start, end),
            "objectifs": objectives(&p),
            "points_suivi": p.checkpoints.iter()
                .map(|c| json!({"date": c.due_on, "objet": c.subject}))
                .collect::<Vec<_>>(),
            "date_bilan": p.bilan_due_on,
            "retour": p.return_on.map(|d| json!({
                "date": d, "classe": p.class_name, "modalites": non_empty(&p.return_terms),
            })),
        },
        "emploi_du_temps": timetable(&p.periods, start),
        "activites": activites,
        "structures": structures,
        "tuteur": tutor_data(tutor.as_ref()),
        "coordonnateur_mlds": mlds(&p.mlds_coordinator),
        "validation": {
            "autorite": authority.in_contract(),
            "reference": p.validation.as_ref().and_then(|v| non_empty(&v.reference)),
            "date": p.validation.as_ref().map(|v| v.on),
        },
    });
    let mut signatories = vec![student_signatory(&st, "Lu et approuvé")];
    signatories.extend(family_signatories(&st, &p, start, "Lu et approuvé"));
    signatories.push(head_signatory(&head));
    signatories.push(SignatoryDecl {
        role: "Le tuteur du parcours".into(),
        name: tutor.as_ref().map(full_name),
        relationship: String::new(),
        required: true,
        mention: "Lu et approuvé".into(),
        missing_hint: "Désignez le tuteur du parcours.".into(),
    });
    for h in &hosts {
        signatories.push(host_signatory(h.activity, ""));
    }
    generate(
        cf,
        &DocumentRequest {
            kind: DocumentType::ContratPafi,
            record: ("pafi", p.id),
            student_id: Some(p.student_id),
            data,
            signatories,
        },
    )
}

/// Makes (or remakes) the convention de stage / d'accueil of an activity at a host.
pub fn convention_document(cf: &mut CaseFile, activity_id: i64) -> Result<Document> {
    let pafi_id: i64 = cf
        .conn()
        .prepare_cached("SELECT pafi_id FROM pafi_activity WHERE id = ?1")?
        .query_row([activity_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound("Cette activité n'existe pas (ou plus).".into()))?;
    let p = pafi(cf, pafi_id)?;
    let a = p
        .activities
        .iter()
        .find(|a| a.id == activity_id)
        .ok_or_else(|| Error::NotFound("Cette activité n'existe pas (ou plus).".into()))?;
    if !a.needs_convention {
        return Err(Error::invalid(
            "activityId",
            format!(
                "L'activité « {} » ({}) ne se déroule pas dans une structure d'accueil : elle n'a pas de convention de stage. Seules les activités en entreprise, en association ou dans un service en ont une.",
                a.title,
                a.kind.label().to_lowercase()
            ),
        ));
    }
    let st = student(cf, p.student_id)?;
    let e = establishment(cf)?.input;
    let tutor = tutor_of(cf, &p)?;
    let host = match a.partner_id {
        Some(id) => Some(partner(cf, id)?),
        None => None,
    };
    let (host_address, host_phone, host_email, statut) = host
        .as_ref()
        .map(|h| {
            (
                h.input.address.clone(),
                h.input.phone.clone(),
                h.input.email.clone(),
                statut(h.input.kind),
            )
        })
        .unwrap_or_default();
    let reps = family(&st, &p, a.start_on);
    let contract = latest_reference(cf, DocumentType::ContratPafi, "pafi", p.id)?;
    let referent = match &tutor {
        Some(t) => json!({
            "nom": full_name(t),
            "fonction": format!("{}, tuteur du parcours", function(t.input.role)),
            "telephone": non_empty(&t.input.phone), "courriel": non_empty(&t.input.email),
        }),
        None => json!({
            "nom": e.referent_name, "fonction": "référent décrochage scolaire",
            "telephone": null, "courriel": null,
        }),
    };
    let data = json!({
        "eleve": eleve(&st, &p, a.start_on),
        "responsables": reps.iter().map(responsable).collect::<Vec<_>>(),
        "parcours": {
            "reference": contract,
            "date_debut": p.start_on.unwrap_or(a.start_on),
            "date_fin": p.end_on.unwrap_or(a.end_on),
        },
        "accueil": {
            "nom": a.host_name, "statut": statut, "siret": null,
            "adresse": non_empty(&host_address),
            "representant": a.host_representative,
            "qualite_representant": a.host_representative_role,
            "telephone": non_empty(&host_phone), "courriel": non_empty(&host_email),
            "assurance": null,
        },
        "tuteur_accueil": {
            "nom": a.host_tutor, "fonction": a.host_tutor_role,
            "telephone": non_empty(&a.host_tutor_phone), "courriel": null,
        },
        "referent_etablissement": referent,
        "stage": {
            "date_debut": a.start_on, "date_fin": a.end_on,
            "lieu": non_empty(&a.address),
            "heures_hebdo": hours_number(a.hours_per_week),
            "horaires": hours_by_day(&p.periods, a),
            "activites": a.tasks.iter().map(|t| task(t)).collect::<Vec<_>>(),
            "derogation": null, "equipements": null, "transport": null, "restauration": null,
            "visites": p.checkpoints.iter()
                .filter(|c| c.due_on >= a.start_on && c.due_on <= a.end_on)
                .map(|c| c.due_on)
                .collect::<Vec<_>>(),
            "date_evaluation": null,
        },
        "assurance_eleve": null,
    });
    let mut signatories = vec![
        head_signatory(&e.head_name),
        host_signatory(a, "Lu et approuvé"),
        SignatoryDecl {
            role: "Le tuteur d'accueil".into(),
            name: non_empty(&a.host_tutor),
            relationship: String::new(),
            required: true,
            mention: "Pris connaissance".into(),
            missing_hint: format!(
                "Indiquez le tuteur de l'élève chez {} (activité « {} »).",
                a.host_name, a.title
            ),
        },
        student_signatory(&st, "Lu et approuvé"),
    ];
    signatories.extend(family_signatories(&st, &p, a.start_on, "Lu et approuvé"));
    generate(
        cf,
        &DocumentRequest {
            kind: DocumentType::ConventionStage,
            record: ("pafi_activity", a.id),
            student_id: Some(p.student_id),
            data,
            signatories,
        },
    )
}

/// Makes (or remakes) the bilan de parcours of a path (once its final bilan is saved).
pub fn bilan_document(cf: &mut CaseFile, pafi_id: i64) -> Result<Document> {
    let p = pafi(cf, pafi_id)?;
    let Some(b) = &p.bilan else {
        return Err(Error::invalid(
            "bilan",
            format!(
                "Le PAFI {} n'a pas encore de bilan final : saisissez-le d'abord, le bilan de parcours l'imprime.",
                crate::text::de(&p.student_name)
            ),
        ));
    };
    let st = student(cf, p.student_id)?;
    let head = establishment(cf)?.input.head_name;
    let tutor = tutor_of(cf, &p)?;
    let start = p.start_on.unwrap_or(b.held_on);
    let contract = latest_reference(cf, DocumentType::ContratPafi, "pafi", p.id)?;
    let skills: Vec<Value> = b
        .skills
        .iter()
        .map(|s| {
            let mut notes = Vec::new();
            if !s.observations.is_empty() {
                notes.push(s.observations.trim_end_matches('.').to_owned());
            }
            notes.push(match s.evidence {
                SkillEvidence::School => "montrée en classe".to_owned(),
                SkillEvidence::Outside => "montrée hors de l'école".to_owned(),
            });
            if !s.validated && s.level == SkillLevel::Acquired {
                notes.push("reste à valider par le tuteur".to_owned());
            }
            json!({
                "competence": s.skill, "niveau": s.level.code(),
                "observations": sentence(&notes.join(" ; ")),
            })
        })
        .collect();
    let observations: Vec<Value> = p
        .checkpoints
        .iter()
        .filter_map(|c| {
            let held = c.held_on?;
            let text = c.summary.trim();
            (!text.is_empty()).then(|| {
                json!({
                    "auteur": format!("Bilan intermédiaire du {}", fr(held)),
                    "qualite": c.subject, "texte": text,
                })
            })
        })
        .collect();
    let data = json!({
        "eleve": eleve(&st, &p, b.held_on),
        "parcours": {
            "reference": contract,
            "nature": nature(&p),
            "date_debut": start,
            "date_fin": p.end_on.unwrap_or(b.held_on),
            "date_fin_effective": p.interrupted_on,
            "motif_fin": p.interrupted_on.and_then(|_| non_empty(&p.interruption_reason)),
        },
        "tuteur": {
            "nom": tutor.as_ref().map_or_else(|| "(à compléter)".to_owned(), full_name),
            "fonction": tutor.as_ref().map_or_else(|| "tuteur du parcours".to_owned(), |t| function(t.input.role)),
        },
        "bilan": {"date": b.held_on, "participants": b.participants},
        "activites": p.activities.iter().map(|a| json!({
            "intitule": a.title, "structure": structure_name(a),
            "date_debut": a.start_on, "date_fin": a.end_on, "realisation": a.realisation,
        })).collect::<Vec<_>>(),
        "assiduite": {
            "demi_journees_prevues": b.planned_half_days,
            "demi_journees_absence": b.absent_half_days,
            "demi_journees_justifiees": b.justified_half_days,
            "retards": b.lates,
            "commentaire": non_empty(&b.attendance_comment),
        },
        "competences": skills,
        "observations": observations,
        "avis_eleve": non_empty(&b.student_view),
        "avis_famille": non_empty(&b.family_view),
        "issue": {
            "code": b.outcome.code(), "libelle": b.outcome.label(),
            "date": b.outcome_on, "precisions": non_empty(&b.outcome_details),
        },
        "preconisations": b.recommendations.iter().map(|r| sentence(r)).collect::<Vec<_>>(),
    });
    let mut signatories = vec![
        head_signatory(&head),
        SignatoryDecl {
            role: "Le tuteur du parcours".into(),
            name: tutor.as_ref().map(full_name),
            relationship: String::new(),
            required: true,
            mention: String::new(),
            missing_hint: "Désignez le tuteur du parcours.".into(),
        },
        student_signatory(&st, "Pris connaissance"),
    ];
    signatories.extend(family_signatories(&st, &p, start, "Pris connaissance"));
    generate(
        cf,
        &DocumentRequest {
            kind: DocumentType::BilanPafi,
            record: ("pafi", p.id),
            student_id: Some(p.student_id),
            data,
            signatories,
        },
    )
}

/// The path's dates, which the contract prints: refused in French while one is missing.
fn dates_of(p: &Pafi, what: &str) -> Result<(NaiveDate, NaiveDate)> {
    match (p.start_on, p.end_on) {
        (Some(s), Some(e)) => Ok((s, e)),
        (s, _) => Err(Error::invalid(
            if s.is_none() { "startOn" } else { "endOn" },
            format!("Indiquez les dates de début et de fin du parcours : {what} les mentionne."),
        )),
    }
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// "Nom, fonction" (or the name alone).
fn person(name: &str, role: &str) -> String {
    match (name.trim(), role.trim()) {
        ("", _) => String::new(),
        (n, "") => n.to_owned(),
        (n, r) => format!("{n}, {r}"),
    }
}

fn full_name(s: &Staff) -> String {
    format!("{} {}", s.input.first_name, s.input.last_name)
        .trim()
        .to_owned()
}

/// A staff member's function as a contract writes it after the name.
fn function(role: StaffRole) -> String {
    match role {
        StaffRole::Direction => "personnel de direction".into(),
        StaffRole::Referent => "référent décrochage scolaire".into(),
        StaffRole::Cpe => "conseiller principal d'éducation".into(),
        StaffRole::PsyEn => "psychologue de l'Éducation nationale".into(),
        StaffRole::CoordonnateurMlds => "coordonnateur de la MLDS".into(),
        other => lower_first(other.label()),
    }
}

/// A task as the convention lists it: lower case first, no final punctuation.
fn task(s: &str) -> String {
    lower_first(s.trim().trim_end_matches(['.', ';', ' ']))
}

/// The tutor, if one is designated.
fn tutor_of(cf: &CaseFile, p: &Pafi) -> Result<Option<Staff>> {
    p.tutor_id.map(|id| staff_member(cf, id)).transpose()
}

fn tutor_data(t: Option<&Staff>) -> Value {
    match t {
        Some(t) => json!({
            "nom": full_name(t), "fonction": function(t.input.role), "rythme": null,
            "telephone": non_empty(&t.input.phone), "courriel": non_empty(&t.input.email),
        }),
        None => json!({
            "nom": "(à compléter)", "fonction": "tuteur du parcours", "rythme": null,
            "telephone": null, "courriel": null,
        }),
    }
}

/// The student as every PAFI document shows them, their age taken on `on`.
fn eleve(st: &Student, p: &Pafi, on: NaiveDate) -> Value {
    let s = &st.input;
    let formation = s
        .mef_label
        .as_deref()
        .and_then(non_empty)
        .or_else(|| p.track.or(s.track).map(|t| t.label().to_owned()))
        .unwrap_or_else(|| "formation non renseignée".to_owned());
    json!({
        "prenom": s.first_name, "nom": s.last_name, "date_naissance": s.birth_date,
        "age": age_on(s.birth_date, on),
        "classe": if p.class_name.is_empty() { &s.class_name } else { &p.class_name },
        "formation": formation,
    })
}

/// Whether the family signs: always for a minor on `on`; for an adult, only if they asked.
fn family_signs(p: &Pafi, on: NaiveDate) -> bool {
    age_on(p.birth_date, on) < ADULT || p.family_signs
}

/// The legal representatives who are parties (none for an adult who signs alone).
fn family<'a>(st: &'a Student, p: &Pafi, on: NaiveDate) -> Vec<&'a LegalRep> {
    if !family_signs(p, on) {
        return Vec::new();
    }
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

fn quality(r: Relationship) -> &'static str {
    match r {
        Relationship::Mere => "Mère",
        Relationship::Pere => "Père",
        Relationship::Tuteur => "Tuteur légal",
        Relationship::Autre => "Représentant légal",
    }
}

fn responsable(r: &&LegalRep) -> Value {
    json!({
        "qualite": quality(r.relationship), "nom": rep_name(r),
        "adresse": non_empty(&r.address), "telephone": non_empty(&r.phone),
    })
}

fn student_signatory(st: &Student, mention: &str) -> SignatoryDecl {
    SignatoryDecl {
        role: "L'élève".into(),
        name: non_empty(&format!("{} {}", st.input.first_name, st.input.last_name)),
        relationship: "l'élève".into(),
        required: true,
        mention: mention.into(),
        missing_hint: "Indiquez le nom de l'élève dans sa fiche.".into(),
    }
}

fn head_signatory(head: &str) -> SignatoryDecl {
    SignatoryDecl {
        role: "Le chef d'établissement".into(),
        name: non_empty(head),
        relationship: String::new(),
        required: true,
        mention: String::new(),
        missing_hint: "Indiquez le nom du chef d'établissement dans Paramètres.".into(),
    }
}

/// The legal representatives' boxes: the first required, the second optional and only if
/// recorded; none for a student of age on `on` who signs alone.
fn family_signatories(st: &Student, p: &Pafi, on: NaiveDate, mention: &str) -> Vec<SignatoryDecl> {
    if !family_signs(p, on) {
        return Vec::new();
    }
    let reps = family(st, p, on);
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
            mention: mention.into(),
            missing_hint: "Ajoutez un responsable légal dans la fiche de l'élève.".into(),
        }
    };
    let mut out = vec![decl(reps.first().copied(), true)];
    if let Some(second) = reps.get(1) {
        out.push(decl(Some(second), false));
    }
    out
}

/// « Pour <host>, <role> »: who signs for the host of an activity.
fn host_signatory(a: &Activity, mention: &str) -> SignatoryDecl {
    let role = a.host_representative_role.trim();
    SignatoryDecl {
        role: if role.is_empty() {
            format!("Pour {}", a.host_name)
        } else {
            format!("Pour {}, {role}", a.host_name)
        },
        name: non_empty(&a.host_representative),
        relationship: String::new(),
        required: true,
        mention: mention.into(),
        missing_hint: format!(
            "Indiquez qui signe pour {} dans l'activité « {} ».",
            a.host_name, a.title
        ),
    }
}

/// The legal form printed after a host's name, when the directory's kind says it.
fn statut(kind: PartnerKind) -> Option<String> {
    match kind {
        PartnerKind::Association => Some("association".into()),
        PartnerKind::Collectivite => Some("collectivité territoriale".into()),
        _ => None,
    }
}

/// A host of the path: the first activity at each partner (its representative signs).
struct Host<'a> {
    activity: &'a Activity,
    statut: Option<String>,
    address: String,
    phone: String,
}

fn hosts<'a>(cf: &CaseFile, activities: &'a [Activity]) -> Result<Vec<Host<'a>>> {
    let mut out: Vec<Host<'a>> = Vec::new();
    for a in activities.iter().filter(|a| a.needs_convention) {
        let Some(pid) = a.partner_id else { continue };
        if out.iter().any(|h| h.activity.partner_id == Some(pid)) {
            continue;
        }
        let p = partner(cf, pid)?;
        out.push(Host {
            activity: a,
            statut: statut(p.input.kind),
            address: p.input.address,
            phone: p.input.phone,
        });
    }
    Ok(out)
}

/// Where an activity takes place, for the tables: its host, or the service that runs it.
fn structure_name(a: &Activity) -> String {
    if !a.host_name.is_empty() {
        return a.host_name.clone();
    }
    match a.kind {
        ActivityKind::MldsModule => "MLDS".into(),
        ActivityKind::MissionLocale => "Mission locale".into(),
        _ => "Établissement".into(),
    }
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

/// Each activity's convention reference (none yet: null).
fn conventions(cf: &CaseFile, activities: &[Activity]) -> Result<Vec<Option<String>>> {
    activities
        .iter()
        .map(|a| latest_reference(cf, DocumentType::ConventionStage, "pafi_activity", a.id))
        .collect()
}

/// A French list: "a", "a et b", "a, b et c".
fn french_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} et {last}", rest.join(", ")),
    }
}

/// What the path mixes, from its activities' kinds and its schedule.
fn nature(p: &Pafi) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for a in &p.activities {
        let phrase = match a.kind {
            ActivityKind::CompanyInternship => "un stage en entreprise",
            ActivityKind::AssociationInternship => "un stage en association",
            ActivityKind::CivicService => "une mission de service civique",
            ActivityKind::MldsModule => "un module de la MLDS",
            ActivityKind::Remobilisation => "un module de remobilisation",
            ActivityKind::CfaDiscovery => "une découverte des formations en CFA",
            ActivityKind::MissionLocale => "un accompagnement par la mission locale",
            ActivityKind::Other => "une autre activité",
        };
        if !parts.iter().any(|p| p == phrase) {
            parts.push(phrase.to_owned());
        }
    }
    if parts.is_empty() {
        return None;
    }
    let school = p.periods.is_empty()
        || p.periods
            .iter()
            .flat_map(|q| &q.slots)
            .any(|s| s.kind == SlotKind::School);
    Some(if school {
        parts.insert(0, "la classe".into());
        format!("emploi du temps aménagé associant {}", french_list(&parts))
    } else {
        format!(
            "parcours hors de la classe associant {}",
            french_list(&parts)
        )
    })
}

const NUMBERS: [&str; 21] = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
    "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf", "vingt",
];

/// A number in French words, up to 69 (a path lasts at most a year: 53 weeks).
fn words(n: i64) -> Option<String> {
    let tens = |t: i64| match t {
        2 => "vingt",
        3 => "trente",
        4 => "quarante",
        5 => "cinquante",
        _ => "soixante",
    };
    match n {
        0..=20 => Some(NUMBERS[n as usize].to_owned()),
        21..=69 => {
            let (t, u) = (n / 10, n % 10);
            Some(match u {
                0 => tens(t).to_owned(),
                1 => format!("{} et un", tens(t)),
                u => format!("{}-{}", tens(t), NUMBERS[u as usize]),
            })
        }
        _ => None,
    }
}

/// The length of a path in words: « trois mois », « cinq semaines », « dix jours »; none when it
/// is none of these exactly (the dates say it).
fn duration(start: NaiveDate, end: NaiveDate) -> Option<String> {
    let next = end.succ_opt()?;
    for months in 1..=12u32 {
        if start.checked_add_months(chrono::Months::new(months)) == Some(next) {
            return Some(if months == 12 {
                "un an".to_owned()
            } else {
                format!("{} mois", words(i64::from(months))?)
            });
        }
    }
    let days = (end - start).num_days() + 1;
    let plural = |n: i64, one: &str, many: &str| -> Option<String> {
        Some(if n == 1 {
            one.to_owned()
        } else {
            format!("{} {many}", words(n)?)
        })
    };
    if days % 7 == 0 {
        return plural(days / 7, "une semaine", "semaines");
    }
    // Monday to Friday: whole school weeks.
    if (days + 2) % 7 == 0 && start.format("%u").to_string() == "1" {
        return plural((days + 2) / 7, "une semaine", "semaines");
    }
    if days < 28 {
        return plural(days, "un jour", "jours");
    }
    None
}

/// The listed objectives, then the team's own lines, each as a sentence.
fn objectives(p: &Pafi) -> Vec<String> {
    p.objectives
        .iter()
        .map(|o| sentence(o.label()))
        .chain(
            p.objectives_text
                .lines()
                .map(|l| l.trim().trim_start_matches(['-', '•', '*']).trim())
                .filter(|l| !l.is_empty())
                .map(sentence),
        )
        .collect()
}

/// The period the contract prints: the one covering `on`, else the first.
fn period_at(periods: &[Period], on: NaiveDate) -> Option<&Period> {
    periods
        .iter()
        .find(|p| p.start_on <= on && on <= p.end_on)
        .or_else(|| periods.first())
}

/// The week grid: Monday to Friday (and Saturday when used), morning and afternoon.
fn timetable(periods: &[Period], start: NaiveDate) -> Value {
    let period = period_at(periods, start);
    let slots = period.map(|p| p.slots.as_slice()).unwrap_or_default();
    let days = if slots.iter().any(|s| s.day == 5) {
        6
    } else {
        5
    };
    let creneaux: Vec<Value> = HALVES
        .iter()
        .enumerate()
        .map(|(half, libelle)| {
            let cellules: Vec<Value> = (0..days)
                .map(|day| {
                    let slot = slots
                        .iter()
                        .find(|s| usize::from(s.day) == day && usize::from(s.half) == half);
                    json!({
                        "texte": slot.map(|s| s.text.clone()).unwrap_or_default(),
                        "activite": slot.is_some_and(|s| s.kind == SlotKind::Activity),
                    })
                })
                .collect();
            json!({"libelle": libelle, "cellules": cellules})
        })
        .collect();
    json!({"jours": &DAYS[..days], "creneaux": creneaux})
}

/// Each day an activity takes, with its halves (0 morning, 1 afternoon), from the period
/// covering its start (else every period).
fn activity_days(periods: &[Period], a: &Activity) -> Vec<(u8, Vec<u8>)> {
    let in_period = |p: &Period| {
        p.slots
            .iter()
            .filter(|s| s.kind == SlotKind::Activity && s.activity_id == Some(a.id))
            .map(|s| (s.day, s.half))
            .collect::<Vec<_>>()
    };
    let mut found = periods
        .iter()
        .find(|p| p.start_on <= a.start_on && a.start_on <= p.end_on)
        .map(in_period)
        .unwrap_or_default();
    if found.is_empty() {
        found = periods.iter().flat_map(in_period).collect();
    }
    let mut days: Vec<(u8, Vec<u8>)> = Vec::new();
    for (day, half) in found {
        match days.iter_mut().find(|(d, _)| *d == day) {
            Some((_, halves)) if !halves.contains(&half) => halves.push(half),
            Some(_) => {}
            None => days.push((day, vec![half])),
        }
    }
    days.sort_by_key(|(d, _)| *d);
    for (_, halves) in &mut days {
        halves.sort_unstable();
    }
    days
}

/// « mardi, jeudi matin »: the half-days of an activity in the week; without a schedule, its
/// hours.
fn rhythm(periods: &[Period], a: &Activity) -> String {
    let days = activity_days(periods, a);
    if days.is_empty() {
        return format!("{} par semaine", hours_text(a.hours_per_week));
    }
    days.iter()
        .map(|(day, halves)| {
            let name = DAYS[usize::from(*day)].to_lowercase();
            match halves.as_slice() {
                [0] => format!("{name} matin"),
                [1] => format!("{name} après-midi"),
                _ => name,
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// 3.5 → « 3 h 30 », 4 → « 4 h » (to the nearest five minutes).
fn hours_text(hours: f64) -> String {
    let minutes = ((hours * 60.0 / 5.0).round() as i64) * 5;
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

/// The weekly hours as printed: a whole number, or « 10,5 ».
fn hours_number(hours: f64) -> Value {
    if hours.fract() == 0.0 {
        json!(hours as i64)
    } else {
        json!(format!("{hours}").replace('.', ","))
    }
}

/// The convention's timetable: one line per day of the activity, its hours shared evenly
/// between its half-days.
fn hours_by_day(periods: &[Period], a: &Activity) -> Vec<Value> {
    let days = activity_days(periods, a);
    let halves: usize = days.iter().map(|(_, h)| h.len()).sum();
    if halves == 0 {
        return vec![json!({
            "jour": "Chaque semaine",
            "plage": "selon le planning convenu avec l'établissement",
            "duree": hours_text(a.hours_per_week),
        })];
    }
    days.iter()
        .map(|(day, h)| {
            let plage = match h.as_slice() {
                [0] => "Matin",
                [1] => "Après-midi",
                _ => "Matin et après-midi",
            };
            json!({
                "jour": DAYS[usize::from(*day)],
                "plage": plage,
                "duree": hours_text(a.hours_per_week * h.len() as f64 / halves as f64),
            })
        })
        .collect()
}

/// The MLDS coordinator typed as "Nom, fonction".
fn mlds(text: &str) -> Value {
    let t = text.trim();
    if t.is_empty() {
        return Value::Null;
    }
    match t.split_once(',') {
        Some((name, role)) if !role.trim().is_empty() => {
            json!({"nom": name.trim(), "fonction": role.trim()})
        }
        _ => json!({"nom": t.trim_end_matches(','), "fonction": "coordonnateur de la MLDS"}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn lengths_read_as_a_contract_writes_them() {
        assert_eq!(
            duration(d(2027, 1, 11), d(2027, 2, 12)).as_deref(),
            Some("cinq semaines")
        );
        assert_eq!(
            duration(d(2027, 1, 4), d(2027, 4, 3)).as_deref(),
            Some("trois mois")
        );
        assert_eq!(
            duration(d(2027, 1, 4), d(2027, 1, 17)).as_deref(),
            Some("deux semaines")
        );
        assert_eq!(
            duration(d(2027, 1, 5), d(2027, 1, 14)).as_deref(),
            Some("dix jours")
        );
        assert_eq!(
            duration(d(2026, 9, 1), d(2027, 8, 31)).as_deref(),
            Some("un an")
        );
        assert_eq!(duration(d(2027, 1, 5), d(2027, 3, 2)), None);
        assert_eq!(words(41).as_deref(), Some("quarante et un"));
        assert_eq!(words(52).as_deref(), Some("cinquante-deux"));
    }

    #[test]
    fn hours_and_sentences_are_french() {
        assert_eq!(hours_text(3.5), "3 h 30");
        assert_eq!(hours_text(11.0 / 3.0), "3 h 40");
        assert_eq!(hours_text(4.0), "4 h");
        assert_eq!(hours_number(10.5), json!("10,5"));
        assert_eq!(hours_number(12.0), json!(12));
        assert_eq!(sentence("se remobiliser"), "Se remobiliser.");
        assert_eq!(task("Mise en rayon."), "mise en rayon");
        assert_eq!(
            french_list(&["a".into(), "b".into(), "c".into()]),
            "a, b et c"
        );
        assert_eq!(
            mlds("François Théret, coordonnateur MLDS"),
            json!({"nom": "François Théret", "fonction": "coordonnateur MLDS"})
        );
    }
}
