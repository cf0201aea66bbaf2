//! The student's file as a readable PDF for the family: a cover saying what it is and on whose
//! request, then one part per mechanism, as tables (label | value) and paragraphs, laid out by
//! the documents' report layout ([`crate::documents::layout::report`]) and drawn by its one
//! renderer. This file decides what is said, never where it goes.

use chrono::{NaiveDate, NaiveDateTime};

use super::{full_name, AllianceFile, StudentFile, WITHHELD};
use crate::casefile::{CaseFile, JournalEntry};
use crate::documents::layout::{report, Cover, Header, Layout, Logo, ReportInput};
use crate::documents::markup::build::{heading, span, sub_heading};
use crate::documents::markup::{Block, Inline, Table};
use crate::documents::render::{self, PdfMeta};
use crate::error::Result;
use crate::pafi::Pafi;
use crate::registry::{establishment_logo, Coded};
use crate::school_year::french_date;
use crate::users::SignedIn;

/// The document's title, on the cover and atop every later page.
pub const TITLE: &str = "Données détenues sur un élève";

/// Printed for a part of the file that holds nothing.
pub const NOTHING: &str = "Aucune donnée.";

/// The student's file, as `viewer` may read it, as PDF bytes (dated by the case file's clock).
///
/// # Errors
/// As [`super::student_file`]; [`crate::Error::Format`] if the PDF cannot be produced.
pub fn student_file_pdf(cf: &CaseFile, student_id: i64, viewer: &SignedIn) -> Result<Vec<u8>> {
    pdf(cf, &super::student_file(cf, student_id, viewer)?)
}

/// The PDF of a file already read, with the establishment's logo read from `cf`.
pub(super) fn pdf(cf: &CaseFile, file: &StudentFile) -> Result<Vec<u8>> {
    let logo = establishment_logo(cf)?.map(|l| Logo {
        mime: l.mime.to_owned(),
        bytes: l.bytes,
    });
    pdf_with(file, logo, cf.now())
}

fn pdf_with(file: &StudentFile, logo: Option<Logo>, created: NaiveDateTime) -> Result<Vec<u8>> {
    let name = full_name(&file.student);
    render::pdf(
        &layout(file, logo)?,
        &PdfMeta {
            title: format!("Données détenues sur {name}"),
            author: file.establishment.name.clone(),
            subject: "Droit d'accès (RGPD, article 15)".to_owned(),
            created,
        },
    )
}

fn layout(file: &StudentFile, logo: Option<Logo>) -> Result<Layout> {
    let name = full_name(&file.student);
    report(&ReportInput {
        header: Header {
            name: file.establishment.name.clone(),
            uai: file.establishment.uai.clone(),
            address: file.establishment.address.clone(),
            logo,
        },
        cover: cover(file, &name),
        blocks: body(file),
        footer: format!(
            "{} — Données détenues sur {name} au {}",
            file.establishment.name,
            french_date(file.made_on)
        ),
    })
}

// ---------------------------------------------------------------------------------------------
// Building blocks.

fn plain(text: impl Into<String>) -> Inline {
    vec![span(one_line(&text.into()), false, false)]
}

fn italic(text: impl Into<String>) -> Inline {
    vec![span(one_line(&text.into()), false, true)]
}

/// Addresses and free text keep their line breaks as « ; » in a cell.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ; ")
}

fn nothing() -> Block {
    Block::Paragraph {
        text: italic(NOTHING),
    }
}

fn date(d: NaiveDate) -> String {
    french_date(d)
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(french_date).unwrap_or_default()
}

fn at(t: NaiveDateTime) -> String {
    t.format("%d/%m/%Y %H:%M").to_string()
}

/// A two-column table « Rubrique | Contenu »; empty values are left out.
fn fields(rows: Vec<(&str, String)>) -> Block {
    Block::Table(Table {
        widths: Some(vec![32.0, 68.0]),
        align: Vec::new(),
        keep_together: false,
        header: vec![plain("Rubrique"), plain("Contenu")],
        rows: rows
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(l, v)| vec![plain(l), plain(v)])
            .collect(),
    })
}

/// A table with its header and column widths (percent); rows as plain text.
fn table(header: &[&str], widths: &[f32], rows: Vec<Vec<String>>) -> Block {
    Block::Table(Table {
        widths: Some(widths.to_vec()),
        align: Vec::new(),
        keep_together: false,
        header: header.iter().map(|h| plain(*h)).collect(),
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(plain).collect())
            .collect(),
    })
}

/// « 12 », « 7,5 ».
fn hours(h: f64) -> String {
    let text = format!("{:.1}", h);
    text.strip_suffix(".0")
        .map(str::to_owned)
        .unwrap_or_else(|| text.replace('.', ","))
}

fn yes_no(b: bool) -> String {
    if b { "oui" } else { "non" }.to_owned()
}

// ---------------------------------------------------------------------------------------------
// Cover and body.

fn cover(file: &StudentFile, name: &str) -> Cover {
    Cover {
        title: format!("Données détenues sur {name}"),
        lines: vec![
            vec![span(&file.establishment.name, true, false)],
            plain(format!("UAI {}", file.establishment.uai)),
            plain(format!(
                "Document établi le {} à la demande de la famille (droit d'accès, RGPD art. 15)",
                french_date(file.made_on)
            )),
        ],
        foot: vec![Block::Notice {
            paragraphs: vec![
                vec![
                    span("Ce que ce document contient : ", true, false),
                    span(
                        "tout ce que le dossier de prévention du décrochage scolaire de \
                         l'établissement contient sur l'élève — son identité et ses \
                         responsables légaux, les repérages et le suivi du groupe de prévention \
                         du décrochage scolaire (GPDS), les actions, les entretiens de \
                         situation, les mesures de responsabilisation, les parcours aménagés \
                         (PAFI), les alliances éducatives, la liste des documents établis et le \
                         journal des accès et modifications.",
                        false,
                        false,
                    ),
                ],
                plain(
                    "Certaines informations relèvent de la scolarité, de l'assiduité, de la \
                     situation familiale et sociale ou de la santé ; elles ne sont partagées \
                     qu'entre les professionnels qui accompagnent l'élève. Pour faire rectifier \
                     une information, adressez-vous au chef d'établissement.",
                ),
            ],
        }],
    }
}

fn body(file: &StudentFile) -> Vec<Block> {
    let mut b = Vec::new();
    identity(&mut b, file);
    gpds(&mut b, file);
    actions(&mut b, file);
    entretiens(&mut b, file);
    mesures(&mut b, file);
    pafi_part(&mut b, file);
    alliances(&mut b, file);
    notes(&mut b, file);
    documents(&mut b, file);
    journal(&mut b, &file.journal);
    b
}

fn identity(b: &mut Vec<Block>, file: &StudentFile) {
    let s = &file.student.input;
    b.push(heading("1. Identité et responsables légaux"));
    b.push(fields(vec![
        ("Nom", s.last_name.clone()),
        ("Prénom", s.first_name.clone()),
        ("Date de naissance", date(s.birth_date)),
        (
            "Sexe",
            s.sex.map(|x| x.label().to_owned()).unwrap_or_default(),
        ),
        ("INE", s.ine.clone().unwrap_or_default()),
        ("Classe", s.class_name.clone()),
        (
            "Formation",
            s.track.map(|t| t.label().to_owned()).unwrap_or_default(),
        ),
        (
            "MEF",
            match (&s.mef, &s.mef_label) {
                (Some(code), Some(label)) => format!("{code} — {label}"),
                (Some(code), None) => code.clone(),
                (None, Some(label)) => label.clone(),
                (None, None) => String::new(),
            },
        ),
        ("Groupes", s.groups.join(", ")),
        ("Statut", s.status.clone()),
        ("Date d'entrée", opt_date(s.entry_date)),
        ("Date de sortie", opt_date(s.exit_date)),
        ("Motif de sortie", s.exit_reason.clone().unwrap_or_default()),
        ("Courriel", s.email.clone()),
        ("Téléphone", s.phone.clone()),
        ("Identifiant SIECLE", s.eleve_id.clone().unwrap_or_default()),
        ("Fiche archivée", yes_no(file.student.archived)),
    ]));
    if s.legal_reps.is_empty() {
        b.push(sub_heading("Responsables légaux"));
        b.push(nothing());
    }
    for (i, r) in s.legal_reps.iter().enumerate() {
        b.push(sub_heading(format!(
            "Responsable légal {} : {} {} ({})",
            i + 1,
            r.first_name,
            r.last_name,
            r.relationship.label()
        )));
        b.push(fields(vec![
            ("Adresse", r.address.clone()),
            ("Téléphone", r.phone.clone()),
            ("Courriel", r.email.clone()),
        ]));
    }
}

fn gpds(b: &mut Vec<Block>, file: &StudentFile) {
    let g = &file.gpds;
    b.push(heading("2. Repérages et suivi GPDS"));
    if g.followup.is_none() && g.flags.is_empty() && g.reviews.is_empty() && g.proposals.is_empty()
    {
        b.push(nothing());
        return;
    }
    if let Some(f) = &g.followup {
        b.push(sub_heading("Suivi individuel"));
        b.push(fields(vec![
            ("En cours", yes_no(f.open)),
            ("Depuis le", date(f.opened_on)),
            (
                "Personne chargée du suivi",
                f.in_charge_name.clone().unwrap_or_default(),
            ),
            ("Prochain examen", opt_date(f.next_review)),
            ("Fin du suivi", opt_date(f.closed_on)),
            (
                "Motif de fin",
                f.close_reason
                    .map(|r| r.label().to_owned())
                    .unwrap_or_default(),
            ),
        ]));
    }
    b.push(sub_heading("Repérages"));
    if g.flags.is_empty() {
        b.push(nothing());
    } else {
        b.push(table(
            &["Date", "Signaux", "Repéré par", "Note"],
            &[14.0, 38.0, 18.0, 30.0],
            g.flags
                .iter()
                .map(|f| {
                    vec![
                        date(f.input.flagged_on),
                        f.input
                            .signals
                            .iter()
                            .map(|s| s.describe())
                            .collect::<Vec<_>>()
                            .join(" ; "),
                        f.raised_by_name.clone(),
                        f.input.note.clone(),
                    ]
                })
                .collect(),
        ));
    }
    b.push(sub_heading("Examens en séance du GPDS"));
    if g.reviews.is_empty() {
        b.push(nothing());
    } else {
        b.push(table(
            &["Séance du", "Situation", "Décision", "Suivi"],
            &[14.0, 42.0, 22.0, 22.0],
            g.reviews
                .iter()
                .map(|r| {
                    let mut decision = r.decision.label().to_owned();
                    if let Some(reason) = r.close_reason {
                        decision.push_str(&format!(" : {}", reason.label().to_lowercase()));
                    }
                    if !r.close_detail.is_empty() {
                        decision.push_str(&format!(" ({})", r.close_detail));
                    }
                    let mut follow = Vec::new();
                    if let Some(n) = &r.in_charge_name {
                        follow.push(format!("par {n}"));
                    }
                    if let Some(d) = r.next_review {
                        follow.push(format!("à revoir le {}", date(d)));
                    }
                    vec![
                        date(r.meeting_date),
                        r.situation.clone(),
                        decision,
                        follow.join(", "),
                    ]
                })
                .collect(),
        ));
    }
    b.push(sub_heading("Propositions de PAFI ou d'alliance éducative"));
    if g.proposals.is_empty() {
        b.push(nothing());
    } else {
        b.push(table(
            &["Date", "Proposition", "État"],
            &[18.0, 50.0, 32.0],
            g.proposals
                .iter()
                .map(|p| {
                    vec![
                        date(p.proposed_on),
                        match p.kind.as_str() {
                            "pafi" => "Parcours aménagé (PAFI)".to_owned(),
                            "alliance" => "Alliance éducative".to_owned(),
                            other => other.to_owned(),
                        },
                        match p.status.as_str() {
                            "open" => "En attente".to_owned(),
                            "taken" => "Mise en œuvre".to_owned(),
                            "dropped" => "Abandonnée".to_owned(),
                            other => other.to_owned(),
                        },
                    ]
                })
                .collect(),
        ));
    }
}

fn actions(b: &mut Vec<Block>, file: &StudentFile) {
    b.push(heading("3. Actions"));
    let list = &file.gpds.actions;
    if list.is_empty() {
        b.push(nothing());
        return;
    }
    b.push(table(
        &[
            "Décidée",
            "Action",
            "Confiée à",
            "Échéance",
            "Où elle en est",
        ],
        &[13.0, 30.0, 17.0, 13.0, 27.0],
        list.iter()
            .map(|a| {
                let mut state = a.status.label().to_owned();
                if let Some(d) = a.done_on {
                    state.push_str(&format!(" le {}", date(d)));
                }
                if !a.result.is_empty() {
                    state.push_str(&format!(" — {}", a.result));
                }
                if !a.cancel_reason.is_empty() {
                    state.push_str(&format!(" — {}", a.cancel_reason));
                }
                vec![
                    a.meeting_date
                        .map(|d| format!("GPDS du {}", date(d)))
                        .unwrap_or_else(|| date(a.created_at.date())),
                    a.what(),
                    a.owner_name.clone(),
                    date(a.due_on),
                    state,
                ]
            })
            .collect(),
    ));
}

fn entretiens(b: &mut Vec<Block>, file: &StudentFile) {
    b.push(heading("4. Entretiens de situation"));
    let list = &file.gpds.entretiens;
    if list.is_empty() {
        b.push(nothing());
        return;
    }
    for e in list {
        b.push(sub_heading(format!("Entretien du {}", date(e.held_on))));
        b.push(fields(vec![
            ("Mené par", e.staff_name.clone()),
            ("Diagnostic de la situation", e.diagnosis.clone()),
            ("Issue", e.outcome.label().to_owned()),
            ("Solution", e.solution.clone()),
            ("Suite", e.next_step.clone()),
        ]));
    }
}

fn mesures(b: &mut Vec<Block>, file: &StudentFile) {
    b.push(heading("5. Mesures de responsabilisation"));
    let list = &file.gpds.mesures;
    if list.is_empty() {
        b.push(nothing());
        return;
    }
    b.push(table(
        &["Période", "Durée", "Accueil", "État"],
        &[28.0, 12.0, 42.0, 18.0],
        list.iter()
            .map(|m| {
                let host = if m.host_detail.is_empty() {
                    m.host_name.clone()
                } else {
                    format!("{} — {}", m.host_name, m.host_detail)
                };
                vec![
                    format!("du {} au {}", date(m.start_on), date(m.end_on)),
                    format!("{} h", m.hours),
                    host,
                    m.status.label().to_owned(),
                ]
            })
            .collect(),
    ));
}

const DAYS: [&str; 7] = [
    "Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche",
];

fn pafi_part(b: &mut Vec<Block>, file: &StudentFile) {
    b.push(heading("6. Parcours aménagés de formation initiale (PAFI)"));
    if file.pafi.is_empty() {
        b.push(nothing());
        return;
    }
    for p in &file.pafi {
        one_pafi(b, p);
    }
}

fn one_pafi(b: &mut Vec<Block>, p: &Pafi) {
    b.push(sub_heading(format!(
        "PAFI proposé le {} — {}",
        date(p.proposed_on),
        p.state.label()
    )));
    b.push(fields(vec![
        (
            "État",
            format!("{} depuis le {}", p.state.label(), date(p.state_on)),
        ),
        ("Classe", p.class_name.clone()),
        (
            "Période",
            match (p.start_on, p.end_on) {
                (Some(s), Some(e)) => format!("du {} au {}", date(s), date(e)),
                (Some(s), None) => format!("à partir du {}", date(s)),
                _ => String::new(),
            },
        ),
        ("Tuteur", p.tutor_name.clone()),
        ("Coordonnateur MLDS", p.mlds_coordinator.clone()),
        (
            "Objectifs",
            p.objectives
                .iter()
                .map(|o| o.label())
                .collect::<Vec<_>>()
                .join(" ; "),
        ),
        ("Objectifs (précisions)", p.objectives_text.clone()),
        ("Diagnostic du GPDS", opt_date(p.diagnosis_on)),
        ("Bilan final prévu le", opt_date(p.bilan_due_on)),
        ("Retour en classe prévu le", opt_date(p.return_on)),
        ("Modalités du retour", p.return_terms.clone()),
        (
            "Transmis pour validation le",
            opt_date(p.validation_requested_on),
        ),
        (
            "Validation",
            p.validation
                .as_ref()
                .map(|v| {
                    let mut s = format!("{} le {}", v.authority.label(), date(v.on));
                    if !v.reference.is_empty() {
                        s.push_str(&format!(" (réf. {})", v.reference));
                    }
                    s
                })
                .unwrap_or_default(),
        ),
        ("Interrompu le", opt_date(p.interrupted_on)),
        ("Motif de l'interruption", p.interruption_reason.clone()),
    ]));
    if !p.activities.is_empty() {
        b.push(sub_heading("Activités"));
        b.push(table(
            &["Activité", "Accueil", "Période", "Tâches et réalisation"],
            &[24.0, 26.0, 20.0, 30.0],
            p.activities
                .iter()
                .map(|a| {
                    let mut host = a.host_name.clone();
                    if !a.host_tutor.is_empty() {
                        host.push_str(&format!(" — tuteur : {}", a.host_tutor));
                        if !a.host_tutor_role.is_empty() {
                            host.push_str(&format!(", {}", a.host_tutor_role));
                        }
                    }
                    if !a.address.is_empty() {
                        host.push_str(&format!(" — {}", a.address));
                    }
                    let mut tasks = a.tasks.join(" ; ");
                    if !a.realisation.is_empty() {
                        tasks.push_str(&format!(" — Réalisé : {}", a.realisation));
                    }
                    vec![
                        format!("{} : {}", a.kind.label(), a.title),
                        host,
                        format!(
                            "du {} au {}, {} h par semaine",
                            date(a.start_on),
                            date(a.end_on),
                            hours(a.hours_per_week)
                        ),
                        tasks,
                    ]
                })
                .collect(),
        ));
    }
    if !p.periods.is_empty() {
        b.push(sub_heading("Emploi du temps"));
        b.push(table(
            &["Période", "Demi-journées"],
            &[30.0, 70.0],
            p.periods
                .iter()
                .map(|per| {
                    vec![
                        format!(
                            "{} (du {} au {})",
                            per.label,
                            date(per.start_on),
                            date(per.end_on)
                        ),
                        per.slots
                            .iter()
                            .map(|s| {
                                format!(
                                    "{} {} : {}",
                                    DAYS.get(usize::from(s.day)).copied().unwrap_or("?"),
                                    if s.half == 0 { "matin" } else { "après-midi" },
                                    if s.text.is_empty() {
                                        s.kind.label().to_owned()
                                    } else {
                                        s.text.clone()
                                    }
                                )
                            })
                            .collect::<Vec<_>>()
                            .join(" ; "),
                    ]
                })
                .collect(),
        ));
    }
    if !p.notes.is_empty() {
        b.push(sub_heading("Notes de suivi"));
        b.push(table(
            &["Date", "Auteur", "Note"],
            &[14.0, 20.0, 66.0],
            p.notes
                .iter()
                .map(|n| vec![date(n.written_on), n.author_name.clone(), n.text.clone()])
                .collect(),
        ));
    }
    if !p.checkpoints.is_empty() {
        b.push(sub_heading("Bilans intermédiaires"));
        b.push(table(
            &["Prévu le", "Objet", "Tenu le", "Compte rendu"],
            &[14.0, 28.0, 14.0, 44.0],
            p.checkpoints
                .iter()
                .map(|c| {
                    vec![
                        date(c.due_on),
                        c.subject.clone(),
                        opt_date(c.held_on),
                        c.summary.clone(),
                    ]
                })
                .collect(),
        ));
    }
    if !p.amendments.is_empty() {
        b.push(sub_heading("Avenants"));
        b.push(table(
            &["Date", "Objet"],
            &[18.0, 82.0],
            p.amendments
                .iter()
                .map(|a| vec![date(a.on), a.reason.clone()])
                .collect(),
        ));
    }
    if let Some(bl) = &p.bilan {
        b.push(sub_heading("Bilan final"));
        b.push(fields(vec![
            ("Tenu le", date(bl.held_on)),
            ("Participants", bl.participants.join(" ; ")),
            (
                "Assiduité",
                format!(
                    "{} demi-journée(s) d'absence dont {} justifiée(s), {} retard(s){}",
                    bl.absent_half_days,
                    bl.justified_half_days,
                    bl.lates,
                    bl.planned_half_days
                        .map(|n| format!(", sur {n} demi-journées prévues"))
                        .unwrap_or_default()
                ),
            ),
            ("Sur l'assiduité", bl.attendance_comment.clone()),
            ("Point de vue de l'élève", bl.student_view.clone()),
            ("Point de vue de la famille", bl.family_view.clone()),
            (
                "Situation à l'issue",
                format!(
                    "{}{}{}",
                    bl.outcome.label(),
                    bl.outcome_on
                        .map(|d| format!(" à partir du {}", date(d)))
                        .unwrap_or_default(),
                    if bl.outcome_details.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", bl.outcome_details)
                    }
                ),
            ),
            ("Recommandations", bl.recommendations.join(" ; ")),
        ]));
        if !bl.skills.is_empty() {
            b.push(table(
                &["Compétence", "Niveau", "Preuve", "Observations", "Validée"],
                &[26.0, 16.0, 18.0, 28.0, 12.0],
                bl.skills
                    .iter()
                    .map(|s| {
                        vec![
                            s.skill.clone(),
                            s.level.label().to_owned(),
                            s.evidence.label().to_owned(),
                            s.observations.clone(),
                            yes_no(s.validated),
                        ]
                    })
                    .collect(),
            ));
        }
    }
    b.push(sub_heading("Étapes du parcours"));
    b.push(table(
        &["Date", "Étape", "Note"],
        &[16.0, 34.0, 50.0],
        p.transitions
            .iter()
            .map(|t| {
                vec![
                    date(t.on),
                    match t.from {
                        Some(from) => format!("{} → {}", from.label(), t.to.label()),
                        None => t.to.label().to_owned(),
                    },
                    t.note.clone(),
                ]
            })
            .collect(),
    ));
}

fn alliances(b: &mut Vec<Block>, file: &StudentFile) {
    b.push(heading("7. Alliances éducatives"));
    if file.alliances.is_empty() {
        b.push(nothing());
        return;
    }
    for a in &file.alliances {
        one_alliance(b, a);
    }
}

fn one_alliance(b: &mut Vec<Block>, af: &AllianceFile) {
    let a = &af.alliance;
    b.push(sub_heading(format!(
        "{} proposée le {} — {}",
        a.kind.label(),
        date(a.proposed_on),
        a.state.label()
    )));
    b.push(fields(vec![
        (
            "État",
            format!("{} depuis le {}", a.state.label(), date(a.state_on)),
        ),
        ("Classe", a.class_name.clone()),
        (
            "Période",
            match (a.start_on, a.end_on) {
                (Some(s), Some(e)) => format!("du {} au {}", date(s), date(e)),
                (Some(s), None) => format!("à partir du {}", date(s)),
                (None, Some(e)) => format!("jusqu'au {}", date(e)),
                (None, None) => String::new(),
            },
        ),
        ("Rythme du suivi", a.rhythm.clone()),
        (
            "Contrat avec la famille",
            format!(
                "{}{}",
                a.family.label(),
                a.family_on
                    .map(|d| format!(" (le {})", date(d)))
                    .unwrap_or_default()
            ),
        ),
        ("Motif (famille)", a.family_reason.clone()),
        ("Motif de l'abandon", a.abandon_reason.clone()),
    ]));
    b.push(sub_heading("Équipe"));
    if a.members.is_empty() {
        b.push(nothing());
    } else {
        b.push(table(
            &[
                "Membre",
                "Rôle dans l'alliance",
                "Charte signée",
                "Parti le",
            ],
            &[36.0, 34.0, 16.0, 14.0],
            a.members
                .iter()
                .map(|m| {
                    let mut role = m.role.clone();
                    if m.is_referent {
                        role = format!("référent de l'élève — {role}");
                    }
                    vec![
                        m.label(),
                        role,
                        m.charte_on.map(date).unwrap_or_else(|| "non".to_owned()),
                        opt_date(m.left_on),
                    ]
                })
                .collect(),
        ));
    }
    if !a.partners.is_empty() {
        b.push(sub_heading("Partenaires"));
        b.push(table(
            &["Partenaire", "Travail avec l'établissement", "Motif"],
            &[34.0, 30.0, 36.0],
            a.partners
                .iter()
                .map(|p| {
                    vec![
                        p.name.clone(),
                        format!(
                            "{}{}",
                            p.formalisation.label(),
                            p.on.map(|d| format!(" (le {})", date(d)))
                                .unwrap_or_default()
                        ),
                        p.reason.clone(),
                    ]
                })
                .collect(),
        ));
    }
    b.push(sub_heading("Diagnostic partagé"));
    if a.diagnosis.is_empty() && af.withheld.is_empty() {
        b.push(nothing());
    } else {
        let mut rows: Vec<(NaiveDate, Vec<Inline>)> = a
            .diagnosis
            .iter()
            .map(|e| {
                let mut text = e.text.clone();
                if e.sensitivity.is_restricted() {
                    text = format!("(élément {}) {text}", e.sensitivity.label().to_lowercase());
                }
                (
                    e.noted_on,
                    vec![
                        plain(date(e.noted_on)),
                        plain(format!("{} — {}", e.domain.label(), e.polarity.label())),
                        plain(&e.author),
                        plain(text),
                    ],
                )
            })
            .collect();
        rows.extend(af.withheld.iter().map(|w| {
            (
                w.noted_on,
                vec![
                    plain(date(w.noted_on)),
                    plain(format!("{} — {}", w.domain.label(), w.polarity.label())),
                    plain(&w.author),
                    if w.summary.is_empty() {
                        italic(WITHHELD)
                    } else {
                        vec![
                            span(one_line(WITHHELD), false, true),
                            span(
                                format!(" Résumé utile : {}", one_line(&w.summary)),
                                false,
                                false,
                            ),
                        ]
                    },
                ],
            )
        }));
        rows.sort_by_key(|(d, _)| *d);
        b.push(Block::Table(Table {
            widths: Some(vec![13.0, 22.0, 22.0, 43.0]),
            align: Vec::new(),
            keep_together: false,
            header: vec![
                plain("Date"),
                plain("Domaine"),
                plain("Apporté par"),
                plain("Élément"),
            ],
            rows: rows.into_iter().map(|(_, r)| r).collect(),
        }));
    }
    if !a.responses.is_empty() {
        b.push(sub_heading("Réponses proposées"));
        b.push(table(
            &["Thème", "Action", "Responsable", "Où elle en est"],
            &[18.0, 36.0, 22.0, 24.0],
            a.responses
                .iter()
                .map(|r| {
                    let mut state = r.status.label().to_owned();
                    if !r.result.is_empty() {
                        state.push_str(&format!(" — {}", r.result));
                    }
                    let mut action = r.action.clone();
                    let period = match (r.start_on, r.end_on) {
                        (Some(s), Some(e)) => format!("du {} au {}", date(s), date(e)),
                        (Some(s), None) => format!("à partir du {}", date(s)),
                        _ => String::new(),
                    };
                    for extra in [period, r.rhythm.clone()] {
                        if !extra.is_empty() {
                            action.push_str(&format!(" — {extra}"));
                        }
                    }
                    vec![
                        r.theme.label().to_owned(),
                        action,
                        r.responsible.clone(),
                        state,
                    ]
                })
                .collect(),
        ));
    }
    if !a.meetings.is_empty() {
        b.push(sub_heading("Réunions de suivi"));
        let name_of = |id: &i64| {
            a.members
                .iter()
                .find(|m| m.id == *id)
                .map(|m| m.name.clone())
                .unwrap_or_default()
        };
        b.push(table(
            &["Date", "Présents", "Notes", "Décisions"],
            &[14.0, 24.0, 34.0, 28.0],
            a.meetings
                .iter()
                .map(|m| {
                    vec![
                        format!("{} {}", date(m.held_on), m.time).trim().to_owned(),
                        m.present.iter().map(name_of).collect::<Vec<_>>().join(", "),
                        m.notes.clone(),
                        m.decisions.join(" ; "),
                    ]
                })
                .collect(),
        ));
    }
    if !a.shares.is_empty() {
        b.push(sub_heading("Informations partagées"));
        b.push(table(
            &[
                "Date",
                "Avec",
                "Information",
                "Pourquoi",
                "Famille informée",
            ],
            &[13.0, 20.0, 30.0, 25.0, 12.0],
            a.shares
                .iter()
                .map(|s| {
                    vec![
                        date(s.shared_on),
                        s.recipient.clone(),
                        s.information.clone(),
                        s.purpose.clone(),
                        yes_no(s.family_informed),
                    ]
                })
                .collect(),
        ));
    }
    if let Some(e) = &a.evaluation {
        b.push(sub_heading("Évaluation partagée"));
        b.push(fields(vec![
            ("Le", date(e.on)),
            ("Situation de l'élève", e.situation.label().to_owned()),
            ("Précisions", e.situation_details.clone()),
            ("Ce qui a fonctionné", e.what_worked.clone()),
        ]));
    }
    b.push(sub_heading("Étapes de l'alliance"));
    b.push(table(
        &["Date", "Étape", "Note"],
        &[16.0, 34.0, 50.0],
        a.transitions
            .iter()
            .map(|t| {
                vec![
                    date(t.on),
                    match t.from {
                        Some(from) => format!("{} → {}", from.label(), t.to.label()),
                        None => t.to.label().to_owned(),
                    },
                    t.note.clone(),
                ]
            })
            .collect(),
    ));
}

fn notes(b: &mut Vec<Block>, file: &StudentFile) {
    b.push(heading("8. Notes"));
    if file.notes.is_empty() {
        b.push(nothing());
        return;
    }
    b.push(Block::Paragraph {
        text: plain(
            "Les notes écrites par les professionnels sur l'élève. Une note restreinte n'est lue que \
             par les professionnels habilités (secret partagé) : elle est signalée ici, avec son \
             résumé utile, sans son texte, si ce document est établi pour une personne qui ne peut \
             pas la lire.",
        ),
    });
    let rows = file
        .notes
        .iter()
        .map(|n| {
            let who = if n.author_name.is_empty() {
                n.author_role.label().to_owned()
            } else {
                format!("{} ({})", n.author_name, n.author_role.label())
            };
            let mut content = match &n.text {
                Some(t) => vec![span(one_line(t), false, false)],
                None => vec![span(format!("{}. {}", n.stub, WITHHELD), false, true)],
            };
            if !n.summary.is_empty() {
                content.push(span(
                    format!(" Résumé utile : {}", one_line(&n.summary)),
                    false,
                    false,
                ));
            }
            vec![
                plain(date(n.written_on)),
                plain(who),
                plain(n.sensitivity.label()),
                content,
            ]
        })
        .collect();
    b.push(Block::Table(Table {
        widths: Some(vec![13.0, 22.0, 13.0, 52.0]),
        align: Vec::new(),
        keep_together: false,
        header: vec![
            plain("Date"),
            plain("Auteur"),
            plain("Diffusion"),
            plain("Note"),
        ],
        rows,
    }));
}

fn documents(b: &mut Vec<Block>, file: &StudentFile) {
    b.push(heading("9. Documents"));
    if file.documents.is_empty() {
        b.push(nothing());
        return;
    }
    b.push(Block::Paragraph {
        text: plain(
            "Les documents établis au sujet de l'élève (contrats, conventions, bilans…). \
             Chacun peut être remis sur demande.",
        ),
    });
    b.push(table(
        &[
            "Référence",
            "Document",
            "Version",
            "État",
            "Établi le",
            "Signataires",
        ],
        &[17.0, 27.0, 9.0, 12.0, 13.0, 22.0],
        file.documents
            .iter()
            .map(|d| {
                let mut state = d.state.label().to_owned();
                if let Some(r) = &d.cancel_reason {
                    state.push_str(&format!(" — {r}"));
                }
                vec![
                    d.reference.clone(),
                    format!("{} — {}", d.kind.label(), d.title),
                    d.version.to_string(),
                    state,
                    date(d.created_at.date()),
                    d.signatories
                        .iter()
                        .map(|s| match s.signed_at {
                            Some(t) => format!("{} (signé le {})", s.name, date(t.date())),
                            None => s.name.clone(),
                        })
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ; "),
                ]
            })
            .collect(),
    ));
}

fn journal(b: &mut Vec<Block>, entries: &[JournalEntry]) {
    b.push(heading("10. Journal des accès et modifications"));
    if entries.is_empty() {
        b.push(nothing());
        return;
    }
    b.push(Block::Paragraph {
        text: plain(
            "Chaque création, modification ou communication de données concernant l'élève \
             est inscrite dans un journal chaîné qui ne peut être ni modifié ni effacé.",
        ),
    });
    b.push(table(
        &["Date", "Par", "Inscription"],
        &[17.0, 18.0, 65.0],
        entries
            .iter()
            .map(|e| {
                let mut text = e.summary.clone();
                let changes: Vec<String> = e
                    .changes
                    .iter()
                    .map(|c| match (&c.before, &c.after) {
                        (Some(x), Some(y)) => format!("{} : {} → {}", c.field, x, y),
                        (None, Some(y)) => format!("{} : {}", c.field, y),
                        (Some(x), None) => format!("{} : {} → (vide)", c.field, x),
                        (None, None) => c.field.clone(),
                    })
                    .collect();
                if !changes.is_empty() {
                    text.push_str(&format!(" — {}", changes.join(" ; ")));
                }
                vec![at(e.at), e.author.clone(), text]
            })
            .collect(),
    ));
}
