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

struct Ctx<'a> {
    conn: &'a Connection,
    from: NaiveDate,
    to: NaiveDate,
}

impl Ctx<'_> {
    fn count(&self, sql: &str) -> Result<u32> {
        Ok(self
            .conn
            .query_row(sql, params![self.from, self.to], |r| r.get(0))?)
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

/// The bilan of `year`, as of the case file's today.
pub fn bilan(cf: &CaseFile, year: SchoolYear) -> Result<Bilan> {
    let e = establishment(cf)?.input;
    let c = Ctx {
        conn: cf.conn(),
        from: year.first_day(),
        to: year.last_day(),
    };
    Ok(Bilan {
        schema_version: SCHEMA_VERSION,
        uai: e.uai,
        establishment: e.name,
        school_year: year.label(),
        computed_on: cf.today(),
        sections: vec![gpds(&c)?, alliances(cf, &c, year)?, pafi(&c)?, others(&c)?],
    })
}

fn gpds(c: &Ctx<'_>) -> Result<Section> {
    let decided =
        c.count("SELECT count(*) FROM action WHERE date(created_at) BETWEEN ?1 AND ?2")?;
    let done = c.count(
        "SELECT count(*) FROM action WHERE date(created_at) BETWEEN ?1 AND ?2 AND status = 'done'",
    )?;
    let followed_sql =
        "SELECT DISTINCT r.student_id FROM review r JOIN meeting m ON m.id = r.meeting_id
          WHERE m.status = 'held' AND m.date BETWEEN ?1 AND ?2 AND r.decision IN ('enter', 'keep')";
    Ok(Section {
        id: "gpds".into(),
        title: "Repérage et GPDS".into(),
        figures: vec![
            figure(
                "eleves_signales",
                "Élèves signalés",
                c.count("SELECT count(DISTINCT student_id) FROM flag WHERE flagged_on BETWEEN ?1 AND ?2")?,
                "Élèves ayant au moins un repérage daté de l'année scolaire.",
            ),
            figure(
                "eleves_suivis_gpds",
                "Élèves suivis en GPDS",
                c.count(&format!("SELECT count(*) FROM ({followed_sql})"))?,
                "Élèves entrés en suivi ou maintenus en suivi lors d'une séance du GPDS tenue pendant l'année scolaire.",
            ),
            figure(
                "seances_gpds",
                "Séances du GPDS tenues",
                c.count("SELECT count(*) FROM meeting WHERE status = 'held' AND date BETWEEN ?1 AND ?2")?,
                "Séances closes (compte-rendu établi) dont la date tombe dans l'année scolaire.",
            ),
            figure(
                "actions_decidees",
                "Actions décidées",
                decided,
                "Actions de suivi enregistrées pendant l'année scolaire.",
            ),
            figure(
                "actions_realisees",
                "dont réalisées",
                done,
                "Parmi les actions décidées dans l'année, celles notées faites (à la date du calcul).",
            ),
            figure(
                "actions_taux_realisation",
                "Taux de réalisation des actions (%)",
                (done * 100).checked_div(decided).unwrap_or(0),
                "Actions réalisées / actions décidées, en pour cent arrondi à l'unité inférieure (0 sans action).",
            ),
            figure(
                "suivis_sans_responsable",
                "Élèves suivis sans personne chargée du suivi",
                c.count(
                    "SELECT count(*) FROM followup f JOIN student s ON s.id = f.student_id
                      WHERE f.open = 1 AND f.in_charge IS NULL AND s.archived = 0 AND ?1 <= ?2",
                )?,
                "Élèves dont le suivi est ouvert sans personne chargée du suivi, à la date du calcul (doit être 0).",
            ),
            figure(
                "suivis_toujours_scolarises",
                "Élèves suivis encore scolarisés en fin d'année",
                c.count(&format!(
                    "SELECT count(*) FROM student WHERE id IN ({followed_sql})
                        AND (exit_date IS NULL OR exit_date > ?2)"
                ))?,
                "Élèves suivis en GPDS dans l'année sans date de sortie au 31 août (ou à la date du calcul).",
            ),
            figure(
                "suivis_sortis",
                "Élèves suivis sortis en cours d'année",
                c.count(&format!(
                    "SELECT count(*) FROM student WHERE id IN ({followed_sql})
                        AND exit_date BETWEEN ?1 AND ?2"
                ))?,
                "Élèves suivis en GPDS dans l'année dont la date de sortie tombe dans l'année scolaire.",
            ),
            figure(
                "sortis_sans_solution",
                "dont sortis sans solution connue",
                c.count(&format!(
                    "SELECT count(*) FROM student s WHERE s.id IN ({followed_sql})
                        AND s.exit_date BETWEEN ?1 AND ?2
                        AND NOT EXISTS (SELECT 1 FROM entretien e WHERE e.student_id = s.id AND e.outcome = 'solution')"
                ))?,
                "Parmi les élèves suivis sortis dans l'année, ceux pour qui aucun entretien de situation n'a noté de solution.",
            ),
        ],
        distributions: Vec::new(),
    })
}

fn alliances(cf: &CaseFile, c: &Ctx<'_>, year: SchoolYear) -> Result<Section> {
    let f = crate::alliance::figures(cf, year)?;
    let pafi_started = c.count(
        "SELECT count(DISTINCT pafi_id) FROM pafi_transition WHERE to_state = 'running' AND on_date BETWEEN ?1 AND ?2",
    )?;
    let mut by_kind = Vec::new();
    for k in PartnerKind::ALL {
        let n: u32 = c.conn.query_row(
            "SELECT count(DISTINCT ap.partner_id) FROM alliance_partner ap
               JOIN alliance a ON a.id = ap.alliance_id JOIN partner p ON p.id = ap.partner_id
              WHERE p.kind = ?3 AND a.proposed_on <= ?2
                AND (a.state NOT IN ('closed', 'abandoned') OR a.state_on >= ?1)",
            params![c.from, c.to, k.code()],
            |r| r.get(0),
        )?;
        by_kind.push(share(k.code(), k.label(), n));
    }
    Ok(Section {
        id: "alliances".into(),
        title: "Parcours contractualisés et alliances éducatives".into(),
        figures: vec![
            figure(
                "parcours_contractualises",
                "Parcours contractualisés avec les familles",
                pafi_started + f.family_signed,
                "PAFI commencés dans l'année (contrat signé par l'élève et sa famille) et alliances éducatives dont la famille a signé le contrat dans l'année.",
            ),
            figure(
                "parcours_contractualises_alliance",
                "dont sous forme d'alliance éducative",
                f.family_signed,
                "Alliances éducatives dont la famille a signé le contrat pendant l'année scolaire.",
            ),
            figure(
                "alliances_ouvertes",
                "Alliances éducatives ouvertes",
                f.opened,
                "Alliances proposées pendant l'année scolaire.",
            ),
            figure("alliances_internes", "dont internes", f.internal, "Alliances ouvertes dans l'année ne réunissant que des personnels de l'établissement."),
            figure("alliances_externes", "dont externes", f.external, "Alliances ouvertes dans l'année associant au moins un partenaire."),
            figure(
                "eleves_alliance_interne",
                "Élèves en alliance interne",
                f.students_internal,
                "Élèves ayant une alliance interne ouverte à un moment de l'année scolaire.",
            ),
            figure(
                "contrats_refuses_familles",
                "Contrats refusés par les familles",
                f.family_refused,
                "Alliances dont la famille a refusé le contrat pendant l'année (l'accompagnement continue).",
            ),
            figure(
                "partenaires_impliques",
                "Partenaires impliqués",
                f.partners_involved,
                "Partenaires distincts associés à une alliance ouverte à un moment de l'année scolaire.",
            ),
            figure(
                "conventions_signees",
                "Conventions de partenariat signées",
                f.conventions_signed,
                "Partenaires d'alliance dont la convention est notée signée à une date de l'année scolaire.",
            ),
            figure(
                "collaborations_informelles",
                "Collaborations informelles",
                f.informal,
                "Partenaires d'alliance travaillant sans convention (raison notée), à une date de l'année.",
            ),
            figure(
                "chartes_signees",
                "Chartes de déontologie signées",
                f.chartes_signed,
                "Signatures de la charte par les membres des alliances, datées de l'année scolaire.",
            ),
        ],
        distributions: vec![distribution(
            "partenaires_par_type",
            "Partenaires impliqués, par type",
            "Partenaires distincts associés à une alliance ouverte à un moment de l'année, selon leur type dans l'annuaire.",
            by_kind,
        )],
    })
}

/// A PAFI started in the year, as the distributions read it.
struct Started {
    age: i32,
    sex: Option<String>,
    track: Option<String>,
    start: NaiveDate,
    end: NaiveDate,
    kinds: Vec<String>,
}

fn pafi(c: &Ctx<'_>) -> Result<Section> {
    let moved = |to: &str| -> Result<u32> {
        Ok(c.conn.query_row(
            "SELECT count(DISTINCT pafi_id) FROM pafi_transition WHERE to_state = ?3 AND on_date BETWEEN ?1 AND ?2",
            params![c.from, c.to, to],
            |r| r.get(0),
        )?)
    };
    let mut stmt = c.conn.prepare_cached(
        "SELECT p.id, s.birth_date, s.sex, p.track, p.start_on, p.end_on
           FROM pafi p JOIN student s ON s.id = p.student_id
          WHERE p.start_on IS NOT NULL AND p.end_on IS NOT NULL
            AND EXISTS (SELECT 1 FROM pafi_transition t WHERE t.pafi_id = p.id AND t.to_state = 'running'
                          AND t.on_date BETWEEN ?1 AND ?2)",
    )?;
    let rows = stmt.query_map(params![c.from, c.to], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, NaiveDate>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, NaiveDate>(4)?,
            r.get::<_, NaiveDate>(5)?,
        ))
    })?;
    let mut kinds_stmt = c
        .conn
        .prepare_cached("SELECT DISTINCT kind FROM pafi_activity WHERE pafi_id = ?1")?;
    let mut started = Vec::new();
    for row in rows {
        let (id, birth, sex, track, start, end) = row?;
        let kinds = kinds_stmt
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        started.push(Started {
            age: age_on(birth, start),
            sex,
            track,
            start,
            end,
            kinds,
        });
    }
    let count = |f: &dyn Fn(&Started) -> bool| started.iter().filter(|s| f(s)).count() as u32;
    let months = |s: &Started, m: u32| {
        s.start
            .checked_add_months(Months::new(m))
            .unwrap_or(s.start)
    };
    let ages = vec![
        share("15", "15 ans", count(&|s| s.age <= 15)),
        share(
            "16_18",
            "16 à 18 ans",
            count(&|s| (16..=18).contains(&s.age)),
        ),
        share("19_plus", "Plus de 18 ans", count(&|s| s.age > 18)),
    ];
    let genders = vec![
        share("F", "Filles", count(&|s| s.sex.as_deref() == Some("F"))),
        share("M", "Garçons", count(&|s| s.sex.as_deref() == Some("M"))),
        share("inconnu", "Non renseigné", count(&|s| s.sex.is_none())),
    ];
    let mut tracks: Vec<Share> = Track::ALL
        .iter()
        .map(|t| {
            share(
                t.code(),
                t.label(),
                count(&|s| s.track.as_deref() == Some(t.code())),
            )
        })
        .collect();
    tracks.push(share(
        "inconnue",
        "Non renseignée",
        count(&|s| s.track.is_none()),
    ));
    let natures: Vec<Share> = ActivityKind::ALL
        .iter()
        .map(|k| {
            share(
                k.code(),
                k.label(),
                count(&|s| s.kinds.iter().any(|x| x == k.code())),
            )
        })
        .collect();
    let durations = vec![
        share(
            "2_mois",
            "Deux mois au plus",
            count(&|s| s.end <= months(s, 2)),
        ),
        share(
            "2_6_mois",
            "De deux à six mois",
            count(&|s| s.end > months(s, 2) && s.end <= months(s, 6)),
        ),
        share(
            "6_mois_plus",
            "Plus de six mois",
            count(&|s| s.end > months(s, 6)),
        ),
    ];
    let mut outcomes = Vec::new();
    for o in Outcome::ALL {
        let n: u32 = c.conn.query_row(
            "SELECT count(*) FROM pafi_bilan b
              WHERE b.outcome = ?3 AND EXISTS (SELECT 1 FROM pafi_transition t WHERE t.pafi_id = b.pafi_id
                AND t.to_state = 'finished' AND t.on_date BETWEEN ?1 AND ?2)",
            params![c.from, c.to, o.code()],
            |r| r.get(0),
        )?;
        outcomes.push(share(o.code(), o.label(), n));
    }
    let of_started =
        "PAFI commencés dans l'année (passés « en cours » à une date de l'année scolaire)";
    Ok(Section {
        id: "pafi".into(),
        title: "Parcours aménagés de formation initiale (PAFI)".into(),
        figures: vec![
            figure(
                "pafi_proposes",
                "PAFI proposés",
                c.count("SELECT count(*) FROM pafi WHERE proposed_on BETWEEN ?1 AND ?2")?,
                "PAFI proposés (par le GPDS ou directement) pendant l'année scolaire.",
            ),
            figure("pafi_valides", "PAFI validés", moved("validated")?, "PAFI dont la validation est datée de l'année scolaire."),
            figure("pafi_commences", "PAFI commencés", moved("running")?, "PAFI passés « en cours » à une date de l'année scolaire (un parcours sur deux années compte l'année où il commence)."),
            figure("pafi_termines", "PAFI terminés", moved("finished")?, "PAFI passés « terminé » (bilan fait) à une date de l'année scolaire (un parcours sur deux années compte l'année où il finit)."),
            figure("pafi_interrompus", "PAFI interrompus", moved("interrupted")?, "PAFI interrompus à une date de l'année scolaire."),
        ],
        distributions: vec![
            distribution("pafi_age", "PAFI commencés, par âge au premier jour", &format!("{of_started}, selon l'âge de l'élève au premier jour du parcours."), ages),
            distribution("pafi_genre", "PAFI commencés, par genre", &format!("{of_started}, selon le sexe inscrit dans la fiche de l'élève."), genders),
            distribution("pafi_filiere", "PAFI commencés, par filière", &format!("{of_started}, selon la filière de l'élève quand le parcours a été proposé."), tracks),
            distribution("pafi_nature", "PAFI commencés, par nature des activités", &format!("{of_started} comptant au moins une activité de ce type (un parcours peut en compter plusieurs)."), natures),
            distribution("pafi_duree", "PAFI commencés, par durée prévue", &format!("{of_started}, selon la durée entre le premier et le dernier jour prévus."), durations),
            distribution("pafi_situation_fin", "PAFI terminés, par situation à l'issue", "PAFI terminés dans l'année, selon la situation de l'élève notée au bilan final.", outcomes),
        ],
    })
}

fn others(c: &Ctx<'_>) -> Result<Section> {
    Ok(Section {
        id: "autres".into(),
        title: "Entretiens de situation et mesures de responsabilisation".into(),
        figures: vec![
            figure(
                "entretiens",
                "Entretiens de situation tenus",
                c.count("SELECT count(*) FROM entretien WHERE held_on BETWEEN ?1 AND ?2")?,
                "Entretiens de situation datés de l'année scolaire.",
            ),
            figure(
                "entretiens_solution",
                "dont une solution trouvée",
                c.count("SELECT count(*) FROM entretien WHERE held_on BETWEEN ?1 AND ?2 AND outcome = 'solution'")?,
                "Entretiens de l'année dont l'issue notée est « solution trouvée ».",
            ),
            figure(
                "mesures",
                "Mesures de responsabilisation",
                c.count("SELECT count(*) FROM mesure WHERE start_on BETWEEN ?1 AND ?2")?,
                "Mesures de responsabilisation commençant pendant l'année scolaire.",
            ),
            figure(
                "mesures_effectuees",
                "dont effectuées",
                c.count("SELECT count(*) FROM mesure WHERE start_on BETWEEN ?1 AND ?2 AND status = 'done'")?,
                "Mesures de l'année notées effectuées.",
            ),
        ],
        distributions: Vec::new(),
    })
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
