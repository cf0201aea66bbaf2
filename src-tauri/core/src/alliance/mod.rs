//! Alliances éducatives: the school's professionals and outside partners around one student, on
//! a shared diagnosis, with a formal proposal of responses, regular follow-up and a shared
//! evaluation, under a charte de déontologie that frames what may be shared.
//!
//! Owns the tables of schema 6 (`alliance*`). Refers to students, staff, partners, GPDS
//! proposals and PAFI by id; writes a GPDS `proposal` only when a response proposes a PAFI, and
//! marks the proposal an alliance was made from as taken.
//!
//! States: proposée → diagnostic partagé → proposition formalisée → en cours → clôturée (with
//! the shared evaluation) / abandonnée (with a reason). Each change is dated (never in the
//! future), stored in `alliance_transition`, journaled and shown in the student's chronology.
//!
//! What the experiment taught is recorded, never forbidden: a family may refuse the contract
//! (the alliance goes on, the bilan counts it), a partner may refuse to formalise or work
//! informally (with a reason), a member may not have signed the charte (shown everywhere, and
//! anything recorded as shared with them asks for a confirmation and is logged so).
//!
//! Rules (French [`Error::Validation`], nothing saved): an alliance leaves "proposée" only with
//! one member of the school as the student's référent (no outsourcing) and, when externe, at
//! least one partner; a member is added once; a response names its responsible member; closing
//! needs the shared evaluation; a student has one open alliance at a time.
//!
//! Each diagnosis entry has a sensitivity (équipe, restreint, auteur seul — only médico-social
//! members and partners may restrict one) and a résumé utile; who may read it is decided by
//! [`crate::access::may_read`], the single place the protection of data uses. The alliance as
//! [`alliance`] gives it never carries the text of a restricted entry: [`read_diagnosis`] gives
//! it, and journals the reading when the reader is not the one who typed it.

mod documents;
mod figures;
mod parts;
mod path;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::access::Sensitivity;
use crate::error::{Error, Result};
use crate::registry::{coded_enum, collect, decode, Coded, StaffRole};
use crate::school_year::french_date;
use crate::users::SignedIn;

pub use documents::{charte_document, contract_document, meeting_document, partnership_document};
pub use figures::{figures, AllianceFigures};
pub use parts::{
    add_diagnosis, add_member, read_diagnosis, record_meeting, record_share, remove_member,
    save_response, set_charte, set_family, set_member_referent, set_partner_formalisation,
    DiagnosisInput, FamilyChange, MeetingInput, MemberInput, ResponseInput, ShareInput,
};
pub use path::{
    change_state, create_alliance, evaluate, reopen_alliance, update_alliance, AllianceInput,
    EvaluationInput, ResponseResult, StateChange,
};

coded_enum! {
    /// Who takes part.
    AllianceKind {
        /// School staff only.
        Internal = "interne" / "Alliance interne",
        /// With outside partners.
        External = "externe" / "Alliance externe",
    }
}

coded_enum! {
    /// Where an alliance stands.
    AllianceState {
        /// Proposed (by the GPDS or directly); the team is being formed.
        Proposed = "proposed" / "Proposée",
        /// The shared diagnosis is being made.
        Diagnosis = "diagnosis" / "Diagnostic partagé",
        /// The responses are formalised and proposed.
        Proposal = "proposal" / "Proposition formalisée",
        /// Under way.
        Running = "running" / "En cours",
        /// Closed with its shared evaluation.
        Closed = "closed" / "Clôturée",
        /// Given up.
        Abandoned = "abandoned" / "Abandonnée",
    }
}

impl AllianceState {
    /// Whether the alliance is over.
    pub fn is_closed(self) -> bool {
        matches!(self, AllianceState::Closed | AllianceState::Abandoned)
    }
}

coded_enum! {
    /// The family and the contract d'alliance.
    FamilyContract {
        /// Not proposed yet.
        Pending = "pending" / "Contrat pas encore proposé",
        /// Proposed, answer awaited.
        Proposed = "proposed" / "Contrat proposé à la famille",
        /// Signed.
        Signed = "signed" / "Contrat signé par la famille",
        /// Refused (the alliance goes on).
        Refused = "refused" / "Contrat refusé par la famille",
        /// Not proposed, for a stated reason.
        NotProposed = "not_proposed" / "Contrat non proposé",
    }
}

coded_enum! {
    /// How a partner works with the school in an alliance.
    Formalisation {
        /// Not settled yet.
        Pending = "pending" / "À formaliser",
        /// A convention de partenariat is signed.
        Convention = "convention" / "Convention de partenariat",
        /// An informal collaboration (for a stated reason).
        Informal = "informal" / "Collaboration informelle",
        /// The partner refused to formalise.
        Refused = "refused" / "Refus de formaliser",
    }
}

coded_enum! {
    /// The domains of the shared diagnosis.
    Domain {
        /// Scolarité.
        Schooling = "scolarite" / "Scolarité",
        /// Vie scolaire.
        SchoolLife = "vie_scolaire" / "Vie scolaire",
        /// Santé.
        Health = "sante" / "Santé",
        /// Famille et social.
        FamilySocial = "famille_social" / "Famille et social",
        /// Justice.
        Justice = "justice" / "Justice",
        /// Orientation.
        Guidance = "orientation" / "Orientation",
    }
}

coded_enum! {
    /// A potentiality or a difficulty.
    Polarity {
        /// A potentiality.
        Strength = "strength" / "Potentialité",
        /// A difficulty.
        Difficulty = "difficulty" / "Difficulté",
    }
}

coded_enum! {
    /// The themes of a response.
    Theme {
        /// Santé.
        Health = "sante" / "Santé",
        /// Accompagnement dans une mesure de justice.
        Justice = "justice" / "Accompagnement dans une mesure de justice",
        /// Aide sociale et familiale.
        Social = "social" / "Aide sociale et familiale",
        /// Co-éducation et lien parents-école.
        CoEducation = "coeducation" / "Co-éducation et lien parents-école",
        /// Harcèlement.
        Harassment = "harcelement" / "Harcèlement",
        /// Remédiation scolaire (FLE, tutorat).
        Remediation = "remediation" / "Remédiation scolaire (FLE, tutorat)",
        /// Aménagement du temps scolaire.
        Timetable = "temps_scolaire" / "Aménagement du temps scolaire",
        /// Internat.
        Boarding = "internat" / "Internat",
        /// Proposer un PAFI.
        Pafi = "pafi" / "Proposer un PAFI",
        /// Cas particulier.
        Special = "cas_particulier" / "Cas particulier",
        /// Autre.
        Other = "autre" / "Autre",
    }
}

coded_enum! {
    /// Where a response stands.
    ResponseStatus {
        /// Planned.
        Planned = "planned" / "Prévue",
        /// Under way.
        Running = "running" / "En cours",
        /// Done.
        Done = "done" / "Réalisée",
        /// To adjust.
        Adjust = "adjust" / "À ajuster",
        /// Given up.
        Abandoned = "abandoned" / "Abandonnée",
    }
}

coded_enum! {
    /// The student's situation at the shared evaluation (the bilan counts them).
    Situation {
        /// Still in school.
        InSchool = "in_school" / "Toujours scolarisé dans l'établissement",
        /// In training elsewhere.
        InTraining = "in_training" / "En formation (autre établissement, apprentissage…)",
        /// Reoriented.
        Reoriented = "reoriented" / "Réorienté",
        /// In a PAFI.
        Pafi = "pafi" / "En PAFI",
        /// Left without a solution.
        NoSolution = "no_solution" / "Sorti sans solution",
        /// Other.
        Other = "other" / "Autre",
    }
}

/// A member of the alliance's team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", ts(rename = "AllianceMember"))]
pub struct Member {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// A member of staff.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub staff_id: Option<i64>,
    /// Their role in the school.
    pub staff_role: Option<StaffRole>,
    /// Or a partner's contact.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub partner_id: Option<i64>,
    /// The partner's name ("" for staff).
    pub partner_name: String,
    /// "Prénom Nom".
    pub name: String,
    /// Their function ("CPE", "éducatrice").
    pub function: String,
    /// Their role in this alliance ("suivi scolaire", "lien avec la famille").
    pub role: String,
    /// The student's référent in the alliance (a member of the school).
    pub is_referent: bool,
    /// When they signed the charte (none: not signed).
    pub charte_on: Option<NaiveDate>,
    /// How ("screen" or "paper").
    pub charte_method: Option<String>,
    /// When they left the team.
    pub left_on: Option<NaiveDate>,
}

impl Member {
    /// "Nom (structure)" or "Nom, fonction".
    pub fn label(&self) -> String {
        if self.partner_name.is_empty() {
            format!("{}, {}", self.name, self.function)
        } else {
            format!("{} ({})", self.name, self.partner_name)
        }
    }
}

/// A partner of an externe alliance and how it works with the school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AlliancePartner {
    /// The partner.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub partner_id: i64,
    /// Its name.
    pub name: String,
    /// How it works with the school.
    pub formalisation: Formalisation,
    /// Since when.
    pub on: Option<NaiveDate>,
    /// Why (informal, refused).
    pub reason: String,
    /// The state of the latest convention de partenariat made with this partner ("draft",
    /// "to_sign", "signed", "sealed"…), if any: one convention covers all its alliances.
    pub convention_state: Option<String>,
}

/// An entry of the shared diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DiagnosisEntry {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Domain.
    pub domain: Domain,
    /// Potentiality or difficulty.
    pub polarity: Polarity,
    /// What was observed ("" for a restricted entry, whose text only [`read_diagnosis`] gives).
    pub text: String,
    /// When.
    pub noted_on: NaiveDate,
    /// By whom.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub member_id: i64,
    /// Their label.
    pub author: String,
    /// Their role in the school (none for a partner).
    pub author_role: Option<StaffRole>,
    /// The account that typed it (none: before accounts).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub author_user_id: Option<i64>,
    /// Who may read it.
    pub sensitivity: Sensitivity,
    /// The résumé utile: what may be shared with the whole team (may be empty).
    pub summary: String,
    /// What stands for the text of a restricted entry (« 1 élément restreint — Infirmier·e,
    /// 12/03/2026 »).
    pub stub: String,
    /// Whether the signed-in user may read its text (« Lire » for a restricted entry).
    pub readable: bool,
}

impl DiagnosisEntry {
    /// Whether `viewer` may read its text.
    pub fn readable_by(&self, viewer: &SignedIn) -> bool {
        crate::access::may_read(
            viewer,
            self.sensitivity,
            self.author_user_id,
            self.author_role.and_then(crate::access::role_of_staff),
        )
    }
}

/// A response of the formal proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", ts(rename = "AllianceResponse"))]
pub struct Response {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Theme.
    pub theme: Theme,
    /// What is done.
    pub action: String,
    /// The member responsible.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub member_id: i64,
    /// Their label.
    pub responsible: String,
    /// From.
    pub start_on: Option<NaiveDate>,
    /// To.
    pub end_on: Option<NaiveDate>,
    /// How often.
    pub rhythm: String,
    /// Where it stands.
    pub status: ResponseStatus,
    /// The PAFI it opened, once made.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub pafi_id: Option<i64>,
    /// Its result, at the evaluation.
    pub result: String,
}

/// A follow-up meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AllianceMeeting {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// When.
    pub held_on: NaiveDate,
    /// At what time ("17:30" or "").
    pub time: String,
    /// Where.
    pub place: String,
    /// Notes.
    pub notes: String,
    /// Decisions.
    pub decisions: Vec<String>,
    /// Members present.
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub present: Vec<i64>,
    /// Members absent.
    #[cfg_attr(feature = "ts", ts(type = "number[]"))]
    pub absent: Vec<i64>,
}

/// An entry of the sharing log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Share {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// When.
    pub shared_on: NaiveDate,
    /// With whom.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub member_id: i64,
    /// Their label.
    pub recipient: String,
    /// What.
    pub information: String,
    /// Why.
    pub purpose: String,
    /// The family was informed beforehand.
    pub family_informed: bool,
    /// The recipient had not signed the charte (the user confirmed).
    pub charte_unsigned: bool,
}

/// The shared evaluation at closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    /// When.
    pub on: NaiveDate,
    /// The student's situation.
    pub situation: Situation,
    /// Details.
    pub situation_details: String,
    /// What worked.
    pub what_worked: String,
}

/// One change of state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", ts(rename = "AllianceTransition"))]
pub struct Transition {
    /// From (none: made).
    pub from: Option<AllianceState>,
    /// To.
    pub to: AllianceState,
    /// Date given.
    pub on: NaiveDate,
    /// Note (reason…).
    pub note: String,
    /// Recorded at.
    pub at: NaiveDateTime,
}

/// What stands between an alliance and a next state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", ts(rename = "AllianceNextStep"))]
pub struct NextStep {
    /// The state.
    pub to: AllianceState,
    /// What is missing (French sentences; empty: the step can be taken).
    pub missing: Vec<String>,
}

/// An alliance as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AllianceRow {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// "Prénom Nom".
    pub student_name: String,
    /// Class when proposed.
    pub class_name: String,
    /// Kind.
    pub kind: AllianceKind,
    /// State.
    pub state: AllianceState,
    /// Since.
    pub state_on: NaiveDate,
    /// The référent's name ("" when none).
    pub referent: String,
    /// The family and the contract.
    pub family: FamilyContract,
    /// How many members.
    pub members: u32,
    /// How many of them have not signed the charte.
    pub charte_missing: u32,
}

/// An alliance in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Alliance {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// "Prénom Nom".
    pub student_name: String,
    /// Class when proposed.
    pub class_name: String,
    /// The GPDS proposal it came from.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub proposal_id: Option<i64>,
    /// Kind.
    pub kind: AllianceKind,
    /// State.
    pub state: AllianceState,
    /// Since.
    pub state_on: NaiveDate,
    /// When proposed.
    pub proposed_on: NaiveDate,
    /// First day of the support.
    pub start_on: Option<NaiveDate>,
    /// Last day planned (none: end of the school year).
    pub end_on: Option<NaiveDate>,
    /// Rhythm of the follow-up ("toutes les six semaines").
    pub rhythm: String,
    /// The family and the contract.
    pub family: FamilyContract,
    /// Since when.
    pub family_on: Option<NaiveDate>,
    /// The family's stated reason (refusal) or why it was not proposed.
    pub family_reason: String,
    /// Why it was given up.
    pub abandon_reason: String,
    /// The team, référent first.
    pub members: Vec<Member>,
    /// The partners and their formalisation.
    pub partners: Vec<AlliancePartner>,
    /// The shared diagnosis, by domain.
    pub diagnosis: Vec<DiagnosisEntry>,
    /// The responses.
    pub responses: Vec<Response>,
    /// Follow-up meetings, newest first.
    pub meetings: Vec<AllianceMeeting>,
    /// The sharing log, newest first.
    pub shares: Vec<Share>,
    /// The shared evaluation.
    pub evaluation: Option<Evaluation>,
    /// Changes of state, oldest first.
    pub transitions: Vec<Transition>,
    /// The states it may go to, with what is missing.
    pub next_steps: Vec<NextStep>,
}

#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub id: i64,
    pub student_id: i64,
    pub student_name: String,
    pub class_name: String,
    pub proposal_id: Option<i64>,
    pub kind: AllianceKind,
    pub state: AllianceState,
    pub state_on: NaiveDate,
    pub proposed_on: NaiveDate,
    pub start_on: Option<NaiveDate>,
    pub end_on: Option<NaiveDate>,
    pub rhythm: String,
    pub family: FamilyContract,
    pub family_on: Option<NaiveDate>,
    pub family_reason: String,
    pub abandon_reason: String,
    pub evaluation: Option<Evaluation>,
}

const FRAME: &str = "SELECT a.id, a.student_id, s.first_name || ' ' || s.last_name, a.class_name, a.proposal_id,
        a.kind, a.state, a.state_on, a.proposed_on, a.start_on, a.end_on, a.rhythm, a.family, a.family_on,
        a.family_reason, a.abandon_reason, a.evaluation_on, a.situation, a.situation_details, a.what_worked
   FROM alliance a JOIN student s ON s.id = a.student_id";

fn frame_row(r: &Row<'_>) -> rusqlite::Result<Frame> {
    let kind: String = r.get(5)?;
    let state: String = r.get(6)?;
    let family: String = r.get(12)?;
    let evaluation_on: Option<NaiveDate> = r.get(16)?;
    let situation: Option<String> = r.get(17)?;
    let evaluation = match (evaluation_on, situation) {
        (Some(on), Some(s)) => Some(Evaluation {
            on,
            situation: decode(&s, 17)?,
            situation_details: r.get(18)?,
            what_worked: r.get(19)?,
        }),
        _ => None,
    };
    Ok(Frame {
        id: r.get(0)?,
        student_id: r.get(1)?,
        student_name: r.get(2)?,
        class_name: r.get(3)?,
        proposal_id: r.get(4)?,
        kind: decode(&kind, 5)?,
        state: decode(&state, 6)?,
        state_on: r.get(7)?,
        proposed_on: r.get(8)?,
        start_on: r.get(9)?,
        end_on: r.get(10)?,
        rhythm: r.get(11)?,
        family: decode(&family, 12)?,
        family_on: r.get(13)?,
        family_reason: r.get(14)?,
        abandon_reason: r.get(15)?,
        evaluation,
    })
}

pub(crate) fn frame(conn: &Connection, id: i64) -> Result<Frame> {
    conn.prepare_cached(&format!("{FRAME} WHERE a.id = ?1"))?
        .query_row([id], frame_row)
        .optional()?
        .ok_or_else(|| {
            Error::NotFound(
                "Cette alliance éducative n'existe pas (ou plus) dans le dossier.".into(),
            )
        })
}

/// An alliance in full, as the signed-in user sees it: the text of the restricted diagnosis
/// entries is left out (each says whether the user may read it, through [`read_diagnosis`]).
pub fn alliance(cf: &crate::casefile::CaseFile, id: i64) -> Result<Alliance> {
    let mut a = alliance_unmasked(cf, id)?;
    let viewer = cf.user();
    for d in &mut a.diagnosis {
        d.readable = d.readable_by(viewer);
        if d.sensitivity.is_restricted() {
            d.text.clear();
        }
    }
    Ok(a)
}

/// An alliance in full with every diagnosis text, for whoever decides entry by entry what a
/// reader gets (the RGPD access file).
pub(crate) fn alliance_unmasked(cf: &crate::casefile::CaseFile, id: i64) -> Result<Alliance> {
    let conn = cf.conn();
    let f = frame(conn, id)?;
    let members = parts::members(conn, id)?;
    let diagnosis = parts::diagnosis(conn, id)?;
    let responses = parts::responses(conn, id)?;
    let next_steps = path::next_steps(&f, &members, &diagnosis, &responses);
    Ok(Alliance {
        partners: parts::partners(conn, id)?,
        meetings: parts::meetings(conn, id)?,
        shares: parts::shares(conn, id)?,
        transitions: transitions(conn, id)?,
        members,
        diagnosis,
        responses,
        next_steps,
        id: f.id,
        student_id: f.student_id,
        student_name: f.student_name,
        class_name: f.class_name,
        proposal_id: f.proposal_id,
        kind: f.kind,
        state: f.state,
        state_on: f.state_on,
        proposed_on: f.proposed_on,
        start_on: f.start_on,
        end_on: f.end_on,
        rhythm: f.rhythm,
        family: f.family,
        family_on: f.family_on,
        family_reason: f.family_reason,
        abandon_reason: f.abandon_reason,
        evaluation: f.evaluation,
    })
}

/// Every diagnosis entry of the case file with its student's id, text included (exports, which
/// decide entry by entry what their user may read).
pub(crate) fn all_diagnosis(conn: &Connection) -> Result<Vec<(i64, DiagnosisEntry)>> {
    let mut stmt = conn.prepare("SELECT id, student_id FROM alliance ORDER BY id")?;
    let ids = collect(stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?)?;
    let mut out = Vec::new();
    for (id, student_id) in ids {
        out.extend(
            parts::diagnosis(conn, id)?
                .into_iter()
                .map(|d| (student_id, d)),
        );
    }
    Ok(out)
}

fn transitions(conn: &Connection, id: i64) -> Result<Vec<Transition>> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_state, to_state, on_date, note, at FROM alliance_transition WHERE alliance_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        let from: Option<String> = r.get(0)?;
        let to: String = r.get(1)?;
        Ok(Transition {
            from: from.map(|f| decode(&f, 0)).transpose()?,
            to: decode(&to, 1)?,
            on: r.get(2)?,
            note: r.get(3)?,
            at: r.get(4)?,
        })
    })?;
    collect(rows)
}

fn rows_where(conn: &Connection, filter: &str, param: Option<i64>) -> Result<Vec<AllianceRow>> {
    let sql = format!(
        "SELECT a.id, a.student_id, s.first_name || ' ' || s.last_name, a.class_name, a.kind, a.state, a.state_on,
                coalesce((SELECT trim(st.first_name || ' ' || st.last_name) FROM alliance_member m
                            JOIN staff st ON st.id = m.staff_id
                           WHERE m.alliance_id = a.id AND m.is_referent = 1), ''),
                a.family,
                (SELECT count(*) FROM alliance_member m WHERE m.alliance_id = a.id AND m.left_on IS NULL),
                (SELECT count(*) FROM alliance_member m WHERE m.alliance_id = a.id AND m.left_on IS NULL
                    AND m.charte_on IS NULL)
           FROM alliance a JOIN student s ON s.id = a.student_id
          {filter}
          ORDER BY a.proposed_on DESC, a.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let map = |r: &Row<'_>| {
        let kind: String = r.get(4)?;
        let state: String = r.get(5)?;
        let family: String = r.get(8)?;
        Ok(AllianceRow {
            id: r.get(0)?,
            student_id: r.get(1)?,
            student_name: r.get(2)?,
            class_name: r.get(3)?,
            kind: decode(&kind, 4)?,
            state: decode(&state, 5)?,
            state_on: r.get(6)?,
            referent: r.get(7)?,
            family: decode(&family, 8)?,
            members: r.get(9)?,
            charte_missing: r.get(10)?,
        })
    };
    match param {
        Some(p) => collect(stmt.query_map([p], map)?),
        None => collect(stmt.query_map([], map)?),
    }
}

/// Every alliance of the case file, the latest first.
pub fn list_alliances(cf: &crate::casefile::CaseFile) -> Result<Vec<AllianceRow>> {
    rows_where(cf.conn(), "", None)
}

/// A student's alliances, the latest first.
pub fn student_alliances(
    cf: &crate::casefile::CaseFile,
    student_id: i64,
) -> Result<Vec<AllianceRow>> {
    rows_where(cf.conn(), "WHERE a.student_id = ?1", Some(student_id))
}

pub(crate) fn fr(date: NaiveDate) -> String {
    french_date(date)
}

/// An event of a student's alliances, for the chronology.
pub(crate) struct Event {
    pub on: NaiveDate,
    pub at: NaiveDateTime,
    pub summary: String,
    pub detail: String,
}

/// Changes of state, the family's answer and follow-up meetings of a student's alliances.
pub(crate) fn student_events(
    cf: &crate::casefile::CaseFile,
    student_id: i64,
) -> Result<Vec<Event>> {
    let conn = cf.conn();
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT t.from_state, t.to_state, t.on_date, t.note, t.at, t.id, a.kind
           FROM alliance_transition t JOIN alliance a ON a.id = t.alliance_id
          WHERE a.student_id = ?1 ORDER BY t.id",
    )?;
    let rows = stmt.query_map([student_id], |r| {
        let from: Option<String> = r.get(0)?;
        let to: String = r.get(1)?;
        let kind: String = r.get(6)?;
        Ok((
            from.map(|f| decode::<AllianceState>(&f, 0)).transpose()?,
            decode::<AllianceState>(&to, 1)?,
            r.get::<_, NaiveDate>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, NaiveDateTime>(4)?,
            r.get::<_, i64>(5)?,
            decode::<AllianceKind>(&kind, 6)?,
        ))
    })?;
    for row in rows {
        let (from, to, on, note, at, seq, kind) = row?;
        let summary = match from {
            None => format!("{} proposée", kind.label()),
            Some(_) => format!("Alliance éducative : {}", to.label().to_lowercase()),
        };
        out.push(Event {
            on,
            // Two changes recorded within the same second keep their order in the timeline.
            at: at + chrono::Duration::microseconds(seq % 1_000_000),
            summary,
            detail: note,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT m.held_on, m.notes, m.created_at FROM alliance_meeting m JOIN alliance a ON a.id = m.alliance_id
          WHERE a.student_id = ?1",
    )?;
    let rows = stmt.query_map([student_id], |r| {
        Ok((
            r.get::<_, NaiveDate>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, NaiveDateTime>(2)?,
        ))
    })?;
    for row in rows {
        let (on, notes, at) = row?;
        out.push(Event {
            on,
            at,
            summary: "Réunion de suivi de l'alliance éducative".into(),
            detail: notes,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT family, family_on, family_reason, family_at FROM alliance
          WHERE student_id = ?1 AND family IN ('signed', 'refused') AND family_on IS NOT NULL AND family_at IS NOT NULL",
    )?;
    let rows = stmt.query_map([student_id], |r| {
        let family: String = r.get(0)?;
        Ok((
            decode::<FamilyContract>(&family, 0)?,
            r.get::<_, NaiveDate>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, NaiveDateTime>(3)?,
        ))
    })?;
    for row in rows {
        let (family, on, reason, at) = row?;
        out.push(Event {
            on,
            at,
            summary: family.label().to_owned(),
            detail: reason,
        });
    }
    Ok(out)
}
