//! The yearly bilan: every indicator the académie asks for a school year (1 September – 31
//! August), each with its written definition, computed from the mechanisms' own records by the
//! date of each fact. Anonymous by construction: figures and distributions only, never a
//! student's name, INE or birth date.
//!
//! Read-only. Dates decide the year: a flag by its day, a meeting by its date, a PAFI's
//! "started" by its change to « en cours » and "finished" by its change to « terminé » (so a path
//! across two years counts as started in one and finished in the other).
//!
//! Exports: [`pdf`] (cover, tables, charts, qualitative part, definitions), [`sheet`] (XLSX, one
//! sheet per table, and CSV), the anonymous JSON ([`to_json`]); [`merge`] consolidates many
//! schools' JSON files.

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::casefile::CaseFile;
use crate::error::Result;
use crate::pafi::{ActivityKind, Outcome};
use crate::registry::{establishment, Coded, PartnerKind, Track};
use crate::school_year::{age_on, SchoolYear};

pub mod merge;
pub mod pdf;
pub mod sheet;
pub mod store;

pub use store::{
    compare, export, exports, frozen_bilan, overview, qualitative, save_qualitative, years,
    ExportFormat, Exported, FigureChange, Frozen, Overview,
};

/// The version of the anonymous JSON's schema (`assets/bilan/README.md`); raised whenever a
/// figure is added, removed or redefined, so that merging refuses mixed files.
pub const SCHEMA_VERSION: u32 = 1;

/// One figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Figure {
    /// Stable identifier (`pafi_commences`), the key coordinators merge on.
    pub id: String,
    /// French label.
    pub label: String,
    /// The value.
    pub value: u32,
    /// Which records, which dates.
    pub definition: String,
}

/// One row of a distribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "BilanShare"))]
#[serde(rename_all = "camelCase")]
pub struct Share {
    /// Stable key (`16_18`, `F`, `bac_pro`).
    pub key: String,
    /// French label.
    pub label: String,
    /// Count.
    pub count: u32,
}

/// A distribution (age, gender, track…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Distribution {
    /// Stable identifier (`pafi_age`).
    pub id: String,
    /// French label.
    pub label: String,
    /// Rows, in display order (empty categories kept, so that files merge row by row).
    pub rows: Vec<Share>,
    /// Which records.
    pub definition: String,
}

/// A part of the bilan (GPDS, alliances, PAFI, other mechanisms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Section {
    /// Stable identifier.
    pub id: String,
    /// French title.
    pub title: String,
    /// Figures.
    pub figures: Vec<Figure>,
    /// Distributions.
    pub distributions: Vec<Distribution>,
}

/// The bilan of one school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AnnualBilan"))]
#[serde(rename_all = "camelCase")]
pub struct Bilan {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The establishment's UAI.
    pub uai: String,
    /// Its name.
    pub establishment: String,
    /// "2026-2027".
    pub school_year: String,
    /// The day it was computed.
    pub computed_on: NaiveDate,
    /// Sections.
    pub sections: Vec<Section>,
}

impl Bilan {
    /// A figure's value by id, wherever it is.
    pub fn value(&self, id: &str) -> Option<u32> {
        self.sections
            .iter()
            .flat_map(|s| &s.figures)
            .find(|f| f.id == id)
            .map(|f| f.value)
    }

    /// A distribution by id.
    pub fn distribution(&self, id: &str) -> Option<&Distribution> {
        self.sections
            .iter()
            .flat_map(|s| &s.distributions)
            .find(|d| d.id == id)
    }
}

/// The qualitative part the référent writes for the year (as in the national evaluation of the
/// GPDS and alliances éducatives: apports, difficultés, leviers, perspectives). Printed in the PDF
/// and the XLSX; never in the anonymous JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "BilanQualitative"))]
#[serde(rename_all = "camelCase")]
pub struct Qualitative {
    /// What the mechanisms brought to the students and the school.
    pub apports: String,
    /// Difficulties met.
    pub difficultes: String,
    /// What helped (levers).
    pub leviers: String,
    /// What is planned next.
    pub perspectives: String,
}

impl Qualitative {
    /// The four parts with their French headings, in print order.
    pub fn parts(&self) -> [(&'static str, &str); 4] {
        [
            ("Apports", &self.apports),
            ("Difficultés rencontrées", &self.difficultes),
            ("Leviers", &self.leviers),
            ("Perspectives", &self.perspectives),
        ]
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.parts().iter().all(|(_, t)| t.trim().is_empty())
    }
}

/// What a record behind a figure is, so that the screen can open it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "BilanRecordKind"))]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A student's file.
    Student,
    /// A GPDS meeting.
    Meeting,
    /// A PAFI.
    Pafi,
    /// An alliance éducative.
    Alliance,
    /// A partner of the directory.
    Partner,
}

impl RecordKind {
    fn of(code: &str) -> Result<Self> {
        Ok(match code {
            "student" => Self::Student,
            "meeting" => Self::Meeting,
            "pafi" => Self::Pafi,
            "alliance" => Self::Alliance,
            "partner" => Self::Partner,
            other => {
                return Err(crate::Error::Format(format!(
                    "Type d'enregistrement inconnu dans le bilan : {other}."
                )))
            }
        })
    }
}

/// One record behind a figure or a distribution's row: what "open the figure" lists. It names
/// students, so it is shown in the app only and never exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "BilanRecord"))]
#[serde(rename_all = "camelCase")]
pub struct Record {
    /// What it is.
    pub kind: RecordKind,
    /// Its id (the student's for a student's action, entretien or mesure).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// « Chloé Arnaud (3A) », « Séance du 12/10/2026 », a partner's name.
    pub title: String,
    /// The date that puts it in the year.
    pub on: Option<NaiveDate>,
    /// What it is about (the action and its status, the path's state…).
    pub detail: String,
}

/// A student as records name them.
const WHO: &str = "s.first_name || ' ' || s.last_name || ' (' || s.class_name || ')'";

/// The students followed in GPDS during the year (entered or kept at a meeting held in it).
const FOLLOWED: &str = "SELECT r.student_id FROM review r JOIN meeting m ON m.id = r.meeting_id
     WHERE m.status = 'held' AND m.date BETWEEN ?1 AND ?2 AND r.decision IN ('enter', 'keep')";

/// The PAFI started during the year (changed to « en cours » on a date of the year).
const STARTED: &str = "SELECT t.pafi_id FROM pafi_transition t
     WHERE t.to_state = 'running' AND t.on_date BETWEEN ?1 AND ?2";

/// How a figure is computed: the records it counts, listed by one query taking the year's first
/// (?1) and last (?2) days and returning `kind, id, title, on, detail` (`{who}` names the
/// student `s`, `{followed}` and `{started}` are the sets above). Its value is the number of
/// records: what the screen opens is what was counted.
struct Spec {
    id: &'static str,
    label: &'static str,
    definition: &'static str,
    sql: &'static str,
}

const fn spec(
    id: &'static str,
    label: &'static str,
    definition: &'static str,
    sql: &'static str,
) -> Spec {
    Spec {
        id,
        label,
        definition,
        sql,
    }
}

const GPDS: &[Spec] = &[
    spec(
        "eleves_signales",
        "Élèves signalés",
        "Élèves ayant au moins un repérage daté de l'année scolaire.",
        "SELECT 'student', s.id, {who}, max(f.flagged_on),
                CASE count(*) WHEN 1 THEN '1 repérage' ELSE count(*) || ' repérages' END
           FROM flag f JOIN student s ON s.id = f.student_id
          WHERE f.flagged_on BETWEEN ?1 AND ?2 GROUP BY s.id ORDER BY s.key_last_first",
    ),
    spec(
        "eleves_suivis_gpds",
        "Élèves suivis en GPDS",
        "Élèves entrés en suivi ou maintenus en suivi lors d'une séance du GPDS tenue pendant l'année scolaire.",
        "SELECT 'student', s.id, {who}, max(m.date),
                CASE WHEN max(r.decision = 'enter') THEN 'Entré en suivi dans l''année' ELSE 'Maintenu en suivi' END
           FROM review r JOIN meeting m ON m.id = r.meeting_id JOIN student s ON s.id = r.student_id
          WHERE m.status = 'held' AND m.date BETWEEN ?1 AND ?2 AND r.decision IN ('enter', 'keep')
          GROUP BY s.id ORDER BY s.key_last_first",
    ),
    spec(
        "seances_gpds",
        "Séances du GPDS tenues",
        "Séances closes (compte-rendu établi) dont la date tombe dans l'année scolaire.",
        "SELECT 'meeting', id, 'Séance du ' || strftime('%d/%m/%Y', date), date,
                CASE n WHEN 0 THEN 'Aucune décision' WHEN 1 THEN '1 élève examiné' ELSE n || ' élèves examinés' END
           FROM (SELECT m.id, m.date, m.time, (SELECT count(*) FROM review r WHERE r.meeting_id = m.id) AS n
                   FROM meeting m WHERE m.status = 'held' AND m.date BETWEEN ?1 AND ?2)
          ORDER BY date, time",
    ),
    spec(
        "actions_decidees",
        "Actions décidées",
        "Actions de suivi enregistrées pendant l'année scolaire.",
        "SELECT 'student', s.id, {who}, date(a.created_at), 'action:' || a.kind || ':' || a.status
           FROM action a JOIN student s ON s.id = a.student_id
          WHERE date(a.created_at) BETWEEN ?1 AND ?2 ORDER BY a.created_at, a.id",
    ),
    spec(
        "actions_realisees",
        "dont réalisées",
        "Parmi les actions décidées dans l'année, celles notées faites (à la date du calcul).",
        "SELECT 'student', s.id, {who}, a.done_on, 'action:' || a.kind || ':' || a.status
           FROM action a JOIN student s ON s.id = a.student_id
          WHERE date(a.created_at) BETWEEN ?1 AND ?2 AND a.status = 'done' ORDER BY a.created_at, a.id",
    ),
    // actions_taux_realisation is computed from the two above (see `gpds`).
    spec(
        "suivis_sans_responsable",
        "Élèves suivis sans personne chargée du suivi",
        "Élèves dont le suivi est ouvert sans personne chargée du suivi, à la date du calcul (doit être 0).",
        "SELECT 'student', s.id, {who}, f.opened_on, 'Suivi ouvert sans personne chargée du suivi'
           FROM followup f JOIN student s ON s.id = f.student_id
          WHERE f.open = 1 AND f.in_charge IS NULL AND s.archived = 0 AND ?1 <= ?2
          ORDER BY s.key_last_first",
    ),
    spec(
        "suivis_toujours_scolarises",
        "Élèves suivis encore scolarisés en fin d'année",
        "Élèves suivis en GPDS dans l'année sans date de sortie au 31 août (ou à la date du calcul).",
        "SELECT 'student', s.id, {who}, NULL, 'Scolarisé dans l''établissement'
           FROM student s WHERE s.id IN ({followed}) AND (s.exit_date IS NULL OR s.exit_date > ?2)
          ORDER BY s.key_last_first",
    ),
    spec(
        "suivis_sortis",
        "Élèves suivis sortis en cours d'année",
        "Élèves suivis en GPDS dans l'année dont la date de sortie tombe dans l'année scolaire.",
        "SELECT 'student', s.id, {who}, s.exit_date, 'Sorti de l''établissement'
           FROM student s WHERE s.id IN ({followed}) AND s.exit_date BETWEEN ?1 AND ?2
          ORDER BY s.key_last_first",
    ),
    spec(
        "sortis_sans_solution",
        "dont sortis sans solution connue",
        "Parmi les élèves suivis sortis dans l'année, ceux pour qui aucun entretien de situation n'a noté de solution.",
        "SELECT 'student', s.id, {who}, s.exit_date, 'Aucun entretien de situation avec une solution'
           FROM student s WHERE s.id IN ({followed}) AND s.exit_date BETWEEN ?1 AND ?2
            AND NOT EXISTS (SELECT 1 FROM entretien e WHERE e.student_id = s.id AND e.outcome = 'solution')
          ORDER BY s.key_last_first",
    ),
    spec(
        "sortis_devenir_connu",
        "dont devenir connu",
        "Parmi les élèves suivis sortis dans l'année, ceux dont la situation après la sortie est notée : un entretien de situation (avec ou sans solution), l'évaluation d'une alliance éducative ou le bilan final d'un PAFI.",
        "SELECT 'student', s.id, {who}, s.exit_date,
                CASE WHEN EXISTS (SELECT 1 FROM entretien e WHERE e.student_id = s.id) THEN 'Entretien de situation'
                     WHEN EXISTS (SELECT 1 FROM alliance a WHERE a.student_id = s.id AND a.situation IS NOT NULL) THEN 'Évaluation de l''alliance éducative'
                     ELSE 'Bilan final du PAFI' END
           FROM student s WHERE s.id IN ({followed}) AND s.exit_date BETWEEN ?1 AND ?2
            AND (EXISTS (SELECT 1 FROM entretien e WHERE e.student_id = s.id)
                 OR EXISTS (SELECT 1 FROM alliance a WHERE a.student_id = s.id AND a.situation IS NOT NULL)
                 OR EXISTS (SELECT 1 FROM pafi_bilan b JOIN pafi p ON p.id = b.pafi_id WHERE p.student_id = s.id))
          ORDER BY s.key_last_first",
    ),
];

const ALLIANCES: &[Spec] = &[
    spec(
        "parcours_contractualises",
        "Parcours contractualisés avec les familles",
        "PAFI commencés dans l'année (contrat signé par l'élève et sa famille) et alliances éducatives dont la famille a signé le contrat dans l'année.",
        "SELECT 'pafi', p.id, {who}, (SELECT min(t.on_date) FROM pafi_transition t WHERE t.pafi_id = p.id
                                       AND t.to_state = 'running' AND t.on_date BETWEEN ?1 AND ?2), 'PAFI commencé'
           FROM pafi p JOIN student s ON s.id = p.student_id WHERE p.id IN ({started})
         UNION ALL
         SELECT 'alliance', a.id, {who}, a.family_on, 'Alliance éducative : contrat signé par la famille'
           FROM alliance a JOIN student s ON s.id = a.student_id
          WHERE a.family = 'signed' AND a.family_on BETWEEN ?1 AND ?2
          ORDER BY 4, 3",
    ),
    spec(
        "parcours_contractualises_alliance",
        "dont sous forme d'alliance éducative",
        "Alliances éducatives dont la famille a signé le contrat pendant l'année scolaire.",
        "SELECT 'alliance', a.id, {who}, a.family_on, 'Contrat signé par la famille'
           FROM alliance a JOIN student s ON s.id = a.student_id
          WHERE a.family = 'signed' AND a.family_on BETWEEN ?1 AND ?2 ORDER BY a.family_on, s.key_last_first",
    ),
    spec(
        "alliances_ouvertes",
        "Alliances éducatives ouvertes",
        "Alliances proposées pendant l'année scolaire.",
        "SELECT 'alliance', a.id, {who}, a.proposed_on, 'alliance:' || a.kind
           FROM alliance a JOIN student s ON s.id = a.student_id
          WHERE a.proposed_on BETWEEN ?1 AND ?2 ORDER BY a.proposed_on, s.key_last_first",
    ),
    spec(
        "alliances_internes",
        "dont internes",
        "Alliances ouvertes dans l'année ne réunissant que des personnels de l'établissement.",
        "SELECT 'alliance', a.id, {who}, a.proposed_on, 'alliance:' || a.kind
           FROM alliance a JOIN student s ON s.id = a.student_id
          WHERE a.kind = 'interne' AND a.proposed_on BETWEEN ?1 AND ?2 ORDER BY a.proposed_on, s.key_last_first",
    ),
    spec(
        "alliances_externes",
        "dont externes",
        "Alliances ouvertes dans l'année associant au moins un partenaire.",
        "SELECT 'alliance', a.id, {who}, a.proposed_on, 'alliance:' || a.kind
           FROM alliance a JOIN student s ON s.id = a.student_id
          WHERE a.kind = 'externe' AND a.proposed_on BETWEEN ?1 AND ?2 ORDER BY a.proposed_on, s.key_last_first",
    ),
    spec(
        "eleves_alliance_interne",
        "Élèves en alliance interne",
        "Élèves ayant une alliance interne ouverte à un moment de l'année scolaire.",
        "SELECT 'student', s.id, {who}, min(a.proposed_on), 'Alliance interne'
           FROM alliance a JOIN student s ON s.id = a.student_id
          WHERE a.kind = 'interne' AND a.proposed_on <= ?2
            AND (a.state NOT IN ('closed', 'abandoned') OR a.state_on >= ?1)
          GROUP BY s.id ORDER BY s.key_last_first",
    ),
    spec(
        "contrats_refuses_familles",
        "Contrats refusés par les familles",
        "Alliances dont la famille a refusé le contrat pendant l'année (l'accompagnement continue).",
        "SELECT 'alliance', a.id, {who}, a.family_on, 'Contrat refusé par la famille'
           FROM alliance a JOIN student s ON s.id = a.student_id
          WHERE a.family = 'refused' AND a.family_on BETWEEN ?1 AND ?2 ORDER BY a.family_on, s.key_last_first",
    ),
    spec(
        "partenaires_impliques",
        "Partenaires impliqués",
        "Partenaires distincts associés à une alliance ouverte à un moment de l'année scolaire.",
        "SELECT 'partner', p.id, p.name, NULL, 'partner:' || p.kind
           FROM partner p WHERE p.id IN (
                SELECT ap.partner_id FROM alliance_partner ap JOIN alliance a ON a.id = ap.alliance_id
                 WHERE a.proposed_on <= ?2 AND (a.state NOT IN ('closed', 'abandoned') OR a.state_on >= ?1))
          ORDER BY p.name",
    ),
    spec(
        "conventions_signees",
        "Conventions de partenariat signées",
        "Partenaires d'alliance dont la convention est notée signée à une date de l'année scolaire.",
        "SELECT 'alliance', a.id, {who}, ap.on_date, 'Convention signée avec ' || p.name
           FROM alliance_partner ap JOIN alliance a ON a.id = ap.alliance_id
           JOIN student s ON s.id = a.student_id JOIN partner p ON p.id = ap.partner_id
          WHERE ap.formalisation = 'convention' AND ap.on_date BETWEEN ?1 AND ?2 ORDER BY ap.on_date, p.name",
    ),
    spec(
        "collaborations_informelles",
        "Collaborations informelles",
        "Partenaires d'alliance travaillant sans convention (raison notée), à une date de l'année.",
        "SELECT 'alliance', a.id, {who}, ap.on_date, 'Sans convention : ' || p.name
           FROM alliance_partner ap JOIN alliance a ON a.id = ap.alliance_id
           JOIN student s ON s.id = a.student_id JOIN partner p ON p.id = ap.partner_id
          WHERE ap.formalisation = 'informal' AND ap.on_date BETWEEN ?1 AND ?2 ORDER BY ap.on_date, p.name",
    ),
    spec(
        "chartes_signees",
        "Chartes de déontologie signées",
        "Signatures de la charte par les membres des alliances, datées de l'année scolaire.",
        "SELECT 'alliance', a.id, {who}, m.charte_on,
                'Charte signée par ' || coalesce((SELECT st.first_name || ' ' || st.last_name FROM staff st WHERE st.id = m.staff_id),
                                                 nullif(m.contact_name, ''),
                                                 (SELECT p.name FROM partner p WHERE p.id = m.partner_id))
           FROM alliance_member m JOIN alliance a ON a.id = m.alliance_id JOIN student s ON s.id = a.student_id
          WHERE m.charte_on BETWEEN ?1 AND ?2 ORDER BY m.charte_on, m.id",
    ),
];

const PAFI: &[Spec] = &[
    spec(
        "pafi_proposes",
        "PAFI proposés",
        "PAFI proposés (par le GPDS ou directement) pendant l'année scolaire.",
        "SELECT 'pafi', p.id, {who}, p.proposed_on, 'pafi:' || p.state
           FROM pafi p JOIN student s ON s.id = p.student_id
          WHERE p.proposed_on BETWEEN ?1 AND ?2 ORDER BY p.proposed_on, s.key_last_first",
    ),
    spec(
        "pafi_valides",
        "PAFI validés",
        "PAFI dont la validation est datée de l'année scolaire.",
        "{moved:validated}",
    ),
    spec(
        "pafi_commences",
        "PAFI commencés",
        "PAFI passés « en cours » à une date de l'année scolaire (un parcours sur deux années compte l'année où il commence).",
        "{moved:running}",
    ),
    spec(
        "pafi_termines",
        "PAFI terminés",
        "PAFI passés « terminé » (bilan fait) à une date de l'année scolaire (un parcours sur deux années compte l'année où il finit).",
        "{moved:finished}",
    ),
    spec(
        "pafi_interrompus",
        "PAFI interrompus",
        "PAFI interrompus à une date de l'année scolaire.",
        "{moved:interrupted}",
    ),
];

const OTHERS: &[Spec] = &[
    spec(
        "entretiens",
        "Entretiens de situation tenus",
        "Entretiens de situation datés de l'année scolaire.",
        "SELECT 'student', s.id, {who}, e.held_on, 'entretien:' || e.outcome
           FROM entretien e JOIN student s ON s.id = e.student_id
          WHERE e.held_on BETWEEN ?1 AND ?2 ORDER BY e.held_on, s.key_last_first",
    ),
    spec(
        "entretiens_solution",
        "dont une solution trouvée",
        "Entretiens de l'année dont l'issue notée est « solution trouvée ».",
        "SELECT 'student', s.id, {who}, e.held_on, 'entretien:' || e.outcome
           FROM entretien e JOIN student s ON s.id = e.student_id
          WHERE e.held_on BETWEEN ?1 AND ?2 AND e.outcome = 'solution' ORDER BY e.held_on, s.key_last_first",
    ),
    spec(
        "mesures",
        "Mesures de responsabilisation",
        "Mesures de responsabilisation commençant pendant l'année scolaire.",
        "SELECT 'student', s.id, {who}, m.start_on, 'mesure:' || m.status
           FROM mesure m JOIN student s ON s.id = m.student_id
          WHERE m.start_on BETWEEN ?1 AND ?2 ORDER BY m.start_on, s.key_last_first",
    ),
    spec(
        "mesures_effectuees",
        "dont effectuées",
        "Mesures de l'année notées effectuées.",
        "SELECT 'student', s.id, {who}, m.start_on, 'mesure:' || m.status
           FROM mesure m JOIN student s ON s.id = m.student_id
          WHERE m.start_on BETWEEN ?1 AND ?2 AND m.status = 'done' ORDER BY m.start_on, s.key_last_first",
    ),
];

/// The PAFI that changed to a state on a date of the year.
const MOVED: &str = "SELECT 'pafi', p.id, {who}, t.on_date, 'pafi:' || p.state
       FROM pafi p JOIN student s ON s.id = p.student_id
       JOIN (SELECT pafi_id, min(on_date) AS on_date FROM pafi_transition
              WHERE to_state = '{state}' AND on_date BETWEEN ?1 AND ?2 GROUP BY pafi_id) t ON t.pafi_id = p.id
      ORDER BY t.on_date, s.key_last_first";

struct Ctx<'a> {
    conn: &'a Connection,
    from: NaiveDate,
    to: NaiveDate,
}

impl Ctx<'_> {
    /// The records of a spec's query (`extra` is ?3 when the query takes one).
    fn list(&self, sql: &str, extra: Option<&str>) -> Result<Vec<Record>> {
        let sql = match sql
            .strip_prefix("{moved:")
            .and_then(|s| s.strip_suffix('}'))
        {
            Some(state) => MOVED.replace("{state}", state),
            None => sql.to_owned(),
        };
        let sql = sql
            .replace("{who}", WHO)
            .replace("{followed}", FOLLOWED)
            .replace("{started}", STARTED);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let read = |r: &rusqlite::Row<'_>| {
            Ok((
                r.get::<_, String>(0)?,
                Record {
                    kind: RecordKind::Student,
                    id: r.get(1)?,
                    title: r.get(2)?,
                    on: r.get(3)?,
                    detail: r.get(4)?,
                },
            ))
        };
        let rows = match extra {
            Some(x) => stmt.query_map(params![self.from, self.to, x], read)?,
            None => stmt.query_map(params![self.from, self.to], read)?,
        };
        rows.map(|row| {
            let (kind, mut record) = row?;
            record.kind = RecordKind::of(&kind)?;
            record.detail = detail(&record.detail);
            Ok(record)
        })
        .collect()
    }
}

/// Details written as codes by the queries (`action:tutorat:done`), in French.
fn detail(raw: &str) -> String {
    use crate::alliance::AllianceKind;
    use crate::gpds::{ActionKind, ActionStatus, MesureStatus};
    use crate::pafi::PafiState;
    let mut parts = raw.split(':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("action"), Some(kind), Some(status)) => format!(
            "{} — {}",
            ActionKind::from_code(kind).map_or(kind, |k| k.label()),
            ActionStatus::from_code(status)
                .map_or(status, |s| s.label())
                .to_lowercase()
        ),
        (Some("alliance"), Some(kind), None) => AllianceKind::from_code(kind)
            .map_or(kind, |k| k.label())
            .to_owned(),
        (Some("partner"), Some(kind), None) => PartnerKind::from_code(kind)
            .map_or(kind, |k| k.label())
            .to_owned(),
        (Some("pafi"), Some(state), None) => format!(
            "Aujourd'hui : {}",
            PafiState::from_code(state)
                .map_or(state, |s| s.label())
                .to_lowercase()
        ),
        (Some("entretien"), Some("solution"), None) => "Solution trouvée".into(),
        (Some("entretien"), Some(_), None) => "Pas de solution à ce jour".into(),
        (Some("mesure"), Some(status), None) => format!(
            "Mesure {}",
            MesureStatus::from_code(status)
                .map_or(status, |s| s.label())
                .to_lowercase()
        ),
        _ => raw.to_owned(),
    }
}

fn figure(id: &str, label: &str, value: u32, definition: &str) -> Figure {
    Figure {
        id: id.into(),
        label: label.into(),
        value,
        definition: definition.into(),
    }
}

fn distribution(id: &str, label: &str, definition: &str, rows: Vec<Share>) -> Distribution {
    Distribution {
        id: id.into(),
        label: label.into(),
        rows,
        definition: definition.into(),
    }
}

fn share(key: &str, label: &str, count: u32) -> Share {
    Share {
        key: key.into(),
        label: label.into(),
        count,
    }
}

fn count(records: &[Record]) -> u32 {
    u32::try_from(records.len()).unwrap_or(u32::MAX)
}

/// The figures of a list of specs, with their records.
fn figures(c: &Ctx<'_>, specs: &[Spec]) -> Result<Vec<(Figure, Vec<Record>)>> {
    specs
        .iter()
        .map(|s| {
            let records = c.list(s.sql, None)?;
            Ok((
                figure(s.id, s.label, count(&records), s.definition),
                records,
            ))
        })
        .collect()
}

/// A section as computed: each figure and each distribution's row with the records behind it.
struct Computed {
    section: Section,
    figures: Vec<Vec<Record>>,
    /// Per distribution, per row.
    rows: Vec<Vec<Vec<Record>>>,
}

fn computed(
    id: &str,
    title: &str,
    figures: Vec<(Figure, Vec<Record>)>,
    dists: Vec<(Distribution, Vec<Vec<Record>>)>,
) -> Computed {
    let (figures, figure_records): (Vec<_>, Vec<_>) = figures.into_iter().unzip();
    let (distributions, rows): (Vec<_>, Vec<_>) = dists.into_iter().unzip();
    Computed {
        section: Section {
            id: id.into(),
            title: title.into(),
            figures,
            distributions,
        },
        figures: figure_records,
        rows,
    }
}

/// A distribution whose rows are given with their records.
fn dist(
    id: &str,
    label: &str,
    definition: &str,
    rows: Vec<(&str, &str, Vec<Record>)>,
) -> (Distribution, Vec<Vec<Record>>) {
    let (shares, records): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .map(|(key, label, records)| (share(key, label, count(&records)), records))
        .unzip();
    (distribution(id, label, definition, shares), records)
}

/// The bilan of `year`, as of the case file's today.
pub fn bilan(cf: &CaseFile, year: SchoolYear) -> Result<Bilan> {
    let (head, sections) = compute(cf, year)?;
    Ok(Bilan {
        sections: sections.into_iter().map(|c| c.section).collect(),
        ..head
    })
}

/// The records behind a figure (`key` None) or behind a distribution's row (`figure` is the
/// distribution's id, `key` the row's): what the Bilan screen opens. Names students: in the app
/// only.
pub fn records(
    cf: &CaseFile,
    year: SchoolYear,
    figure: &str,
    key: Option<&str>,
) -> Result<Vec<Record>> {
    let (_, sections) = compute(cf, year)?;
    for c in sections {
        if let Some(i) = c.section.figures.iter().position(|f| f.id == figure) {
            if key.is_none() {
                return Ok(c.figures.into_iter().nth(i).unwrap_or_default());
            }
        }
        if let Some(i) = c.section.distributions.iter().position(|d| d.id == figure) {
            let Some(key) = key else { break };
            let d = &c.section.distributions[i];
            if let Some(j) = d.rows.iter().position(|r| r.key == key) {
                return Ok(c
                    .rows
                    .into_iter()
                    .nth(i)
                    .and_then(|r| r.into_iter().nth(j))
                    .unwrap_or_default());
            }
        }
    }
    Err(crate::Error::NotFound(match key {
        Some(key) => format!("Le bilan n'a pas de ligne « {key} » dans « {figure} »."),
        None => format!("Le bilan n'a pas d'indicateur « {figure} »."),
    }))
}

fn compute(cf: &CaseFile, year: SchoolYear) -> Result<(Bilan, Vec<Computed>)> {
    let e = establishment(cf)?.input;
    let c = Ctx {
        conn: cf.conn(),
        from: year.first_day(),
        to: year.last_day(),
    };
    let head = Bilan {
        schema_version: SCHEMA_VERSION,
        uai: e.uai,
        establishment: e.name,
        school_year: year.label(),
        computed_on: cf.today(),
        sections: Vec::new(),
    };
    Ok((
        head,
        vec![gpds(&c)?, alliances(&c)?, pafi(&c)?, others(&c)?],
    ))
}

fn gpds(c: &Ctx<'_>) -> Result<Computed> {
    let mut list = figures(c, GPDS)?;
    let value = |list: &[(Figure, Vec<Record>)], id: &str| {
        list.iter()
            .find(|(f, _)| f.id == id)
            .map_or(0, |(f, _)| f.value)
    };
    let (decided, done) = (
        value(&list, "actions_decidees"),
        value(&list, "actions_realisees"),
    );
    let behind = list
        .iter()
        .find(|(f, _)| f.id == "actions_decidees")
        .map(|(_, r)| r.clone())
        .unwrap_or_default();
    let at = list
        .iter()
        .position(|(f, _)| f.id == "actions_realisees")
        .map_or(list.len(), |i| i + 1);
    list.insert(
        at,
        (
            figure(
                "actions_taux_realisation",
                "Taux de réalisation des actions (%)",
                (done * 100).checked_div(decided).unwrap_or(0),
                "Actions réalisées / actions décidées, en pour cent arrondi à l'unité inférieure (0 sans action).",
            ),
            behind,
        ),
    );
    Ok(computed("gpds", "Repérage et GPDS", list, Vec::new()))
}

fn alliances(c: &Ctx<'_>) -> Result<Computed> {
    let by_kind = PartnerKind::ALL
        .iter()
        .map(|k| {
            let records = c.list(
                "SELECT 'partner', p.id, p.name, NULL, 'partner:' || p.kind
                   FROM partner p WHERE p.kind = ?3 AND p.id IN (
                        SELECT ap.partner_id FROM alliance_partner ap JOIN alliance a ON a.id = ap.alliance_id
                         WHERE a.proposed_on <= ?2 AND (a.state NOT IN ('closed', 'abandoned') OR a.state_on >= ?1))
                  ORDER BY p.name",
                Some(k.code()),
            )?;
            Ok((k.code(), k.label(), records))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(computed(
        "alliances",
        "Parcours contractualisés et alliances éducatives",
        figures(c, ALLIANCES)?,
        vec![dist(
            "partenaires_par_type",
            "Partenaires impliqués, par type",
            "Partenaires distincts associés à une alliance ouverte à un moment de l'année, selon leur type dans l'annuaire.",
            by_kind,
        )],
    ))
}

/// A PAFI started in the year, as the distributions read it.
struct Started {
    record: Record,
    age: i32,
    sex: Option<String>,
    track: Option<String>,
    start: NaiveDate,
    end: NaiveDate,
    kinds: Vec<String>,
}

impl Started {
    fn months(&self, m: u32) -> NaiveDate {
        self.start
            .checked_add_months(Months::new(m))
            .unwrap_or(self.start)
    }
}

fn pafi(c: &Ctx<'_>) -> Result<Computed> {
    let mut stmt = c.conn.prepare_cached(&format!(
        "SELECT p.id, s.birth_date, s.sex, p.track, p.start_on, p.end_on, {WHO}, p.state
           FROM pafi p JOIN student s ON s.id = p.student_id
          WHERE p.start_on IS NOT NULL AND p.end_on IS NOT NULL AND p.id IN ({STARTED})
          ORDER BY p.start_on, s.key_last_first"
    ))?;
    let rows = stmt.query_map(params![c.from, c.to], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, NaiveDate>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, NaiveDate>(4)?,
            r.get::<_, NaiveDate>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut kinds_stmt = c
        .conn
        .prepare_cached("SELECT DISTINCT kind FROM pafi_activity WHERE pafi_id = ?1")?;
    let mut started = Vec::new();
    for row in rows {
        let (id, birth, sex, track, start, end, title, state) = row?;
        let kinds = kinds_stmt
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        started.push(Started {
            record: Record {
                kind: RecordKind::Pafi,
                id,
                title,
                on: Some(start),
                detail: detail(&format!("pafi:{state}")),
            },
            age: age_on(birth, start),
            sex,
            track,
            start,
            end,
            kinds,
        });
    }
    let pick = |f: &dyn Fn(&Started) -> bool| -> Vec<Record> {
        started
            .iter()
            .filter(|s| f(s))
            .map(|s| s.record.clone())
            .collect()
    };
    let ages = vec![
        ("15", "15 ans", pick(&|s| s.age <= 15)),
        (
            "16_18",
            "16 à 18 ans",
            pick(&|s| (16..=18).contains(&s.age)),
        ),
        ("19_plus", "Plus de 18 ans", pick(&|s| s.age > 18)),
    ];
    let genders = vec![
        ("F", "Filles", pick(&|s| s.sex.as_deref() == Some("F"))),
        ("M", "Garçons", pick(&|s| s.sex.as_deref() == Some("M"))),
        ("inconnu", "Non renseigné", pick(&|s| s.sex.is_none())),
    ];
    let mut tracks: Vec<_> = Track::ALL
        .iter()
        .map(|t| {
            (
                t.code(),
                t.label(),
                pick(&|s| s.track.as_deref() == Some(t.code())),
            )
        })
        .collect();
    tracks.push(("inconnue", "Non renseignée", pick(&|s| s.track.is_none())));
    let natures: Vec<_> = ActivityKind::ALL
        .iter()
        .map(|k| {
            (
                k.code(),
                k.label(),
                pick(&|s| s.kinds.iter().any(|x| x == k.code())),
            )
        })
        .collect();
    let durations = vec![
        (
            "2_mois",
            "Deux mois au plus",
            pick(&|s| s.end <= s.months(2)),
        ),
        (
            "2_6_mois",
            "De deux à six mois",
            pick(&|s| s.end > s.months(2) && s.end <= s.months(6)),
        ),
        (
            "6_mois_plus",
            "Plus de six mois",
            pick(&|s| s.end > s.months(6)),
        ),
    ];
    let outcomes = Outcome::ALL
        .iter()
        .map(|o| {
            let records = c.list(
                "SELECT 'pafi', p.id, {who}, t.on_date, 'pafi:' || p.state
                   FROM pafi_bilan b JOIN pafi p ON p.id = b.pafi_id JOIN student s ON s.id = p.student_id
                   JOIN (SELECT pafi_id, min(on_date) AS on_date FROM pafi_transition
                          WHERE to_state = 'finished' AND on_date BETWEEN ?1 AND ?2 GROUP BY pafi_id) t ON t.pafi_id = p.id
                  WHERE b.outcome = ?3 ORDER BY t.on_date, s.key_last_first",
                Some(o.code()),
            )?;
            Ok((o.code(), o.label(), records))
        })
        .collect::<Result<Vec<_>>>()?;
    let of_started =
        "PAFI commencés dans l'année (passés « en cours » à une date de l'année scolaire)";
    Ok(computed(
        "pafi",
        "Parcours aménagés de formation initiale (PAFI)",
        figures(c, PAFI)?,
        vec![
            dist("pafi_age", "PAFI commencés, par âge au premier jour", &format!("{of_started}, selon l'âge de l'élève au premier jour du parcours."), ages),
            dist("pafi_genre", "PAFI commencés, par genre", &format!("{of_started}, selon le sexe inscrit dans la fiche de l'élève."), genders),
            dist("pafi_filiere", "PAFI commencés, par filière", &format!("{of_started}, selon la filière de l'élève quand le parcours a été proposé."), tracks),
            dist("pafi_nature", "PAFI commencés, par nature des activités", &format!("{of_started} comptant au moins une activité de ce type (un parcours peut en compter plusieurs)."), natures),
            dist("pafi_duree", "PAFI commencés, par durée prévue", &format!("{of_started}, selon la durée entre le premier et le dernier jour prévus."), durations),
            dist("pafi_situation_fin", "PAFI terminés, par situation à l'issue", "PAFI terminés dans l'année, selon la situation de l'élève notée au bilan final.", outcomes),
        ],
    ))
}

fn others(c: &Ctx<'_>) -> Result<Computed> {
    let list = figures(c, OTHERS)?;
    let all = list
        .iter()
        .find(|(f, _)| f.id == "entretiens")
        .map(|(_, r)| r.clone())
        .unwrap_or_default();
    let (solution, none): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|r| r.detail == detail("entretien:solution"));
    Ok(computed(
        "autres",
        "Entretiens de situation et mesures de responsabilisation",
        list,
        vec![dist(
            "entretiens_issue",
            "Entretiens de situation, par issue",
            "Entretiens de situation datés de l'année scolaire, selon l'issue notée.",
            vec![
                ("solution", "Solution trouvée", solution),
                ("sans_solution", "Pas de solution à ce jour", none),
            ],
        )],
    ))
}

/// Writes the anonymous JSON of `year`'s bilan at `path`, whole or not at all.
pub fn export_json(cf: &CaseFile, year: SchoolYear, path: &std::path::Path) -> Result<Bilan> {
    let b = bilan(cf, year)?;
    crate::files::write_whole(path, to_json(&b)?.as_bytes())?;
    Ok(b)
}

/// The anonymous JSON of a bilan (pretty-printed, with a final line break): what coordinators
/// merge. Holds the UAI, the establishment's name, the year and every figure; no student data.
pub fn to_json(b: &Bilan) -> Result<String> {
    Ok(serde_json::to_string_pretty(b)? + "\n")
}
