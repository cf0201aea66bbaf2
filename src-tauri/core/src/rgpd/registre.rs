//! The « fiche de registre des activités de traitement » (RGPD, article 30) of the case file,
//! for the académie's data protection officer: filled from the establishment, with what the
//! case file holds today as numbers only — never a name.

use crate::casefile::{auto_lock_minutes, CaseFile};
use crate::documents::layout::{report, Cover, Header, Layout, Logo, ReportInput};
use crate::documents::markup::build::{heading, para, plain, span};
use crate::documents::markup::{Block, ListItem, Table};
use crate::documents::render::{self, PdfMeta};
use crate::error::Result;
use crate::registry::{establishment, establishment_logo, Coded, Establishment};
use crate::school_year::french_date;

/// The record's title, on the cover and atop every later page.
pub const TITLE: &str = "Fiche de registre des activités de traitement";

/// What the case file holds today, as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counts {
    students: u64,
    archived_students: u64,
    staff: u64,
    partners: u64,
    documents: u64,
    journal: u64,
}

fn counts(cf: &CaseFile) -> Result<Counts> {
    let n = |sql: &str| -> Result<u64> {
        let v: i64 = cf.conn().query_row(sql, [], |r| r.get(0))?;
        Ok(u64::try_from(v).unwrap_or(0))
    };
    Ok(Counts {
        students: n("SELECT count(*) FROM student")?,
        archived_students: n("SELECT count(*) FROM student WHERE archived = 1")?,
        staff: n("SELECT count(*) FROM staff WHERE archived = 0")?,
        partners: n("SELECT count(*) FROM partner WHERE archived = 0")?,
        documents: n("SELECT count(*) FROM document")?,
        journal: n("SELECT count(*) FROM journal")?,
    })
}

/// The record of processing activities of the case file, as PDF bytes, dated by the case
/// file's clock: the controller (the head of school), the purposes, the legal basis, the people
/// and data concerned, the recipients, the retention periods, the security measures and how
/// many students, staff and partners the file holds today. No student is named.
///
/// # Errors
/// [`crate::Error::Db`] underneath; [`crate::Error::Format`] if the PDF cannot be produced.
pub fn registre_pdf(cf: &CaseFile) -> Result<Vec<u8>> {
    let est = establishment(cf)?;
    let logo = establishment_logo(cf)?.map(|l| Logo {
        mime: l.mime.to_owned(),
        bytes: l.bytes,
    });
    let made_on = cf.today();
    let kept = crate::retention::policy(crate::retention::years_after_exit(cf)?);
    let laid = layout(
        &est,
        logo,
        &counts(cf)?,
        auto_lock_minutes(cf)?,
        &kept,
        made_on,
    )?;
    render::pdf(
        &laid,
        &PdfMeta {
            title: format!("{TITLE} — {}", est.input.name),
            author: est.input.name.clone(),
            subject: "Registre des activités de traitement (RGPD, article 30)".to_owned(),
            created: cf.now(),
        },
    )
}

fn list(items: &[&str]) -> Block {
    Block::List {
        items: items
            .iter()
            .map(|t| ListItem {
                number: None,
                text: plain(*t),
            })
            .collect(),
    }
}

/// An item « **Label** : text ».
fn labelled(items: &[(&str, &str)]) -> Block {
    Block::List {
        items: items
            .iter()
            .map(|(l, t)| ListItem {
                number: None,
                text: vec![span(format!("{l} : "), true, false), span(*t, false, false)],
            })
            .collect(),
    }
}

fn fields(rows: Vec<(&str, String)>) -> Block {
    Block::Table(Table {
        widths: Some(vec![36.0, 64.0]),
        align: Vec::new(),
        keep_together: true,
        header: vec![plain("Rubrique"), plain("Contenu")],
        rows: rows
            .into_iter()
            .map(|(l, v)| {
                let v = if v.trim().is_empty() {
                    "À compléter".to_owned()
                } else {
                    v
                };
                vec![plain(l), plain(v)]
            })
            .collect(),
    })
}

fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

fn layout(
    est: &Establishment,
    logo: Option<Logo>,
    c: &Counts,
    lock_minutes: u32,
    kept: &str,
    made_on: chrono::NaiveDate,
) -> Result<Layout> {
    let e = &est.input;
    let cover = Cover {
        title: TITLE.to_owned(),
        lines: vec![
            vec![span(&e.name, true, false)],
            plain(format!("UAI {}", e.uai)),
            plain("Traitement : prévention du décrochage scolaire (dossier Accroche)"),
            plain(format!("Fiche établie le {}", french_date(made_on))),
        ],
        foot: vec![Block::Notice {
            paragraphs: vec![
                vec![
                    span("Article 30 du RGPD : ", true, false),
                    span(
                        "le responsable de traitement tient un registre des activités de \
                         traitement. Cette fiche décrit le dossier de prévention du décrochage \
                         scolaire de l'établissement ; elle est à transmettre au délégué à la \
                         protection des données (DPO) de l'académie et à tenir à jour.",
                        false,
                        false,
                    ),
                ],
                plain(
                    "Elle ne contient aucune donnée nominative : seulement le nombre de \
                     personnes concernées à la date de la fiche.",
                ),
            ],
        }],
    };
    let b =
        vec![
        heading("1. Responsable de traitement et acteurs"),
        fields(vec![
            ("Établissement", format!("{} ({})", e.name, e.kind.label())),
            ("UAI", e.uai.clone()),
            ("Adresse", one_line(&e.address)),
            ("Académie", e.academie.clone()),
            (
                "Responsable de traitement",
                if e.head_name.trim().is_empty() {
                    String::new()
                } else {
                    format!("{}, chef d'établissement", e.head_name)
                },
            ),
            (
                "Mise en œuvre",
                if e.referent_name.trim().is_empty() {
                    String::new()
                } else {
                    format!("{}, référent décrochage scolaire", e.referent_name)
                },
            ),
            (
                "Délégué à la protection des données",
                format!("Le DPO de l'académie de {}", e.academie),
            ),
            ("Année scolaire en cours", est.school_year_label.clone()),
        ]),
        heading("2. Finalité du traitement"),
        para(
            "Prévention du décrochage scolaire : repérer les élèves en risque de décrochage, \
             organiser et tracer leur accompagnement, en rendre compte.",
        ),
        list(&[
            "Repérage des élèves (absentéisme, résultats, comportement, questionnaires).",
            "Groupe de prévention du décrochage scolaire (GPDS) : séances, examens, décisions, \
             suivi individuel, actions, entretiens de situation, mesures de responsabilisation.",
            "Parcours aménagés de formation initiale (PAFI) : contrat, activités, conventions, \
             suivi et bilan.",
            "Alliances éducatives : équipe, charte de déontologie, contrat avec la famille, \
             diagnostic partagé, réponses, suivi et évaluation.",
            "Bilan annuel de l'établissement (chiffres anonymes).",
        ]),
        heading("3. Base légale"),
        labelled(&[
            (
                "RGPD, article 6-1-e",
                "mission d'intérêt public dont est investi l'établissement.",
            ),
            (
                "Code de l'éducation",
                "articles L313-7 et L313-8 (repérage et accompagnement des jeunes sortis sans \
                 diplôme) et textes relatifs à la prévention du décrochage, aux PAFI et aux \
                 alliances éducatives.",
            ),
            (
                "Données de santé (RGPD, article 9)",
                "limitées au strict nécessaire à l'accompagnement, saisies comme notes ou \
                 éléments « restreints » que seuls les personnels médico-sociaux, le référent et \
                 leur auteur lisent (chaque lecture est inscrite au journal) ; l'équipe n'en lit \
                 que le résumé utile.",
            ),
        ]),
        heading("4. Catégories de personnes concernées"),
        list(&[
            "Élèves de l'établissement, y compris ceux sortis dans l'année et suivis l'année \
             suivante.",
            "Leurs responsables légaux.",
            "Personnels de l'établissement membres du GPDS, des équipes d'alliance ou tuteurs.",
            "Partenaires extérieurs (structures et leurs interlocuteurs).",
        ]),
        heading("5. Catégories de données"),
        labelled(&[
            (
                "Identité",
                "nom, prénom, date de naissance, sexe, INE, coordonnées ; responsables légaux \
                 et leurs coordonnées.",
            ),
            (
                "Scolarité",
                "classe, formation, dates d'entrée et de sortie, parcours, activités et \
                 compétences.",
            ),
            ("Assiduité", "absences, retards, exclusions."),
            (
                "Situation familiale et sociale",
                "éléments nécessaires à l'accompagnement, partagés selon la charte.",
            ),
            (
                "Santé (données sensibles, article 9)",
                "uniquement le nécessaire, en notes et éléments restreints (accès restreint).",
            ),
            (
                "Personnels et partenaires",
                "nom, fonction, coordonnées professionnelles, signatures des documents.",
            ),
        ]),
        heading("6. Destinataires"),
        list(&[
            "Les membres du GPDS, pour les élèves examinés.",
            "L'équipe de chaque alliance éducative, selon la charte de déontologie signée par \
             chacun de ses membres ; les éléments restreints restent aux personnels \
             médico-sociaux, au référent et à leur auteur, l'équipe n'en lisant que le résumé \
             utile.",
            "La DSDEN et l'académie : le bilan annuel anonyme uniquement (nombres, sans nom, \
             INE ni date de naissance).",
            "L'élève et sa famille, sur demande (droit d'accès).",
        ]),
        heading("7. Transferts hors de l'Union européenne"),
        para("Aucun : le dossier reste sur l'ordinateur de l'établissement."),
        heading("8. Durées de conservation"),
        list(&[
            &format!(
                "Les données d'un élève sorti de l'établissement sont conservées {kept}, et tant \
                 qu'un suivi GPDS, un PAFI ou une alliance éducative le concernant reste ouvert ; \
                 une purge les supprime ensuite et en délivre un certificat (sans aucun nom). Le \
                 journal garde la trace des entrées effacées, sans leur texte."
            ),
            "Les chiffres du bilan annuel sont anonymes et conservés.",
            "Les sauvegardes chiffrées suivent une rotation : les 7 dernières quotidiennes, la \
             dernière de chacune des 4 dernières semaines, les 5 dernières de chaque autre \
             sorte.",
        ]),
        heading("9. Mesures de sécurité"),
        list(&[
            "Dossier chiffré (SQLCipher, AES-256) avec une clé aléatoire ; chaque utilisateur a son \
             compte et sa phrase de passe, et un rôle qui limite ce qu'il lit et écrit.",
            "Clé de secours imprimée une seule fois et conservée sous clé par le chef \
             d'établissement.",
            &format!(
                "Verrouillage automatique après {lock_minutes} minutes d'inactivité ; \
                 verrouillage immédiat à la demande."
            ),
            "Journal chaîné et infalsifiable de toute création, modification ou communication \
             de données.",
            "Sauvegardes chiffrées avec la même clé.",
            "Aucun transfert réseau : l'application fonctionne hors ligne.",
            "Exports (PDF, JSON, tableur) uniquement à l'initiative du référent, et journalisés \
             lorsqu'ils concernent un élève.",
            "Documents signés scellés par l'établissement : toute modification est détectable.",
        ]),
        heading("10. Le dossier aujourd'hui"),
        Block::Table(Table {
            widths: Some(vec![70.0, 30.0]),
            align: vec![
                crate::documents::markup::ColumnAlign::Left,
                crate::documents::markup::ColumnAlign::Right,
            ],
            keep_together: true,
            header: vec![
                plain(format!("Au {}", french_date(made_on))),
                plain("Nombre"),
            ],
            rows: [
                ("Élèves", c.students),
                ("dont fiches archivées", c.archived_students),
                ("Personnels", c.staff),
                ("Partenaires", c.partners),
                ("Documents établis (toutes versions)", c.documents),
                ("Inscriptions au journal", c.journal),
            ]
            .iter()
            .map(|(l, n)| vec![plain(*l), plain(crate::documents::layout::french_number(*n))])
            .collect(),
        }),
    ];
    report(&ReportInput {
        header: Header {
            name: e.name.clone(),
            uai: e.uai.clone(),
            address: e.address.clone(),
            logo,
        },
        cover,
        blocks: b,
        footer: format!("{} — {TITLE}", e.name),
    })
}
