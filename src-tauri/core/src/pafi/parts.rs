//! The parts of a path: activities and their hosts, the weekly schedule by period, the tutor's
//! notes, intermediate bilans and amendments.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

use super::{fr, frame, ActivityKind, Frame, PafiState, SlotKind};
use crate::casefile::{CaseFile, JournalDraft};
use crate::error::{Error, Result};
use crate::gpds::active_staff;
use crate::registry::{collect, decode, diff, non_empty, Coded, Fields};
use crate::text::tidy;

/// The most hours a week an activity may take (the legal week of a minor at work).
pub const MAX_HOURS_PER_WEEK: f64 = 35.0;

/// What the user types for an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ActivityInput {
    /// Its kind.
    pub kind: Option<ActivityKind>,
    /// What the student does there ("Stage en boulangerie : vente et accueil").
    pub title: String,
    /// The host, a partner of the directory (required for an activity at a host).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub partner_id: Option<i64>,
    /// Who signs for the host.
    pub host_representative: String,
    /// Their position ("gérante").
    pub host_representative_role: String,
    /// The host's tutor.
    pub host_tutor: String,
    /// Their function.
    pub host_tutor_role: String,
    /// Their phone.
    pub host_tutor_phone: String,
    /// First day.
    pub start_on: Option<NaiveDate>,
    /// Last day.
    pub end_on: Option<NaiveDate>,
    /// Hours a week.
    pub hours_per_week: Option<f64>,
    /// Where, when not the host's address.
    pub address: String,
    /// The tasks entrusted, one per line.
    pub tasks: Vec<String>,
    /// What was done, written at the bilan.
    pub realisation: String,
}

/// An activity as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The path.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub pafi_id: i64,
    /// Kind.
    pub kind: ActivityKind,
    /// Title.
    pub title: String,
    /// The host.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub partner_id: Option<i64>,
    /// The host's name ("" when none).
    pub host_name: String,
    /// Who signs for the host.
    pub host_representative: String,
    /// Their position.
    pub host_representative_role: String,
    /// The host's tutor.
    pub host_tutor: String,
    /// Their function.
    pub host_tutor_role: String,
    /// Their phone.
    pub host_tutor_phone: String,
    /// First day.
    pub start_on: NaiveDate,
    /// Last day.
    pub end_on: NaiveDate,
    /// Hours a week.
    pub hours_per_week: f64,
    /// Where.
    pub address: String,
    /// Tasks entrusted.
    pub tasks: Vec<String>,
    /// What was done.
    pub realisation: String,
    /// Whether it needs a convention de stage / d'accueil (an activity at a host).
    pub needs_convention: bool,
    /// The state of its convention's latest version ("draft", "to_sign", "signed"…), if any.
    pub convention_state: Option<String>,
}

/// A half-day of a period's week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SlotInput {
    /// 0 = lundi … 5 = samedi.
    pub day: u8,
    /// 0 = matin, 1 = après-midi.
    pub half: u8,
    /// School, activity or nothing.
    pub kind: SlotKind,
    /// The activity, for an activity half-day.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub activity_id: Option<i64>,
    /// For school time: the class or subjects ("2MRC1 — français, maths").
    pub label: String,
}

/// A period of the schedule, with its week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PeriodInput {
    /// A name ("Janvier", "Période 1").
    pub label: String,
    /// First day.
    pub start_on: Option<NaiveDate>,
    /// Last day.
    pub end_on: Option<NaiveDate>,
    /// The half-days given (those not given are free).
    pub slots: Vec<SlotInput>,
}

/// A stored half-day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    /// 0 = lundi.
    pub day: u8,
    /// 0 = matin.
    pub half: u8,
    /// Kind.
    pub kind: SlotKind,
    /// The activity.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub activity_id: Option<i64>,
    /// What the grid prints: the class or subjects, or the activity's title and host.
    pub text: String,
    /// The class or subjects typed.
    pub label: String,
}

/// A stored period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Period {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Name.
    pub label: String,
    /// First day.
    pub start_on: NaiveDate,
    /// Last day.
    pub end_on: NaiveDate,
    /// Its half-days (free ones left out), by day then half.
    pub slots: Vec<Slot>,
}

/// What the user types for a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NoteInput {
    /// When.
    pub written_on: NaiveDate,
    /// Who (the tutor, usually).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub author_id: Option<i64>,
    /// The note.
    pub text: String,
}

/// A tutor's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Note {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// When.
    pub written_on: NaiveDate,
    /// Who.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub author_id: i64,
    /// Their name.
    pub author_name: String,
    /// The note.
    pub text: String,
}

/// What the user types for an intermediate bilan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CheckpointInput {
    /// The date set in the contract.
    pub due_on: Option<NaiveDate>,
    /// What it is about.
    pub subject: String,
    /// When it was held (none: still to hold).
    pub held_on: Option<NaiveDate>,
    /// What was said.
    pub summary: String,
}

/// An intermediate bilan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Checkpoint {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Date set.
    pub due_on: NaiveDate,
    /// Subject.
    pub subject: String,
    /// When held.
    pub held_on: Option<NaiveDate>,
    /// What was said.
    pub summary: String,
}

/// An amendment to the contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Amendment {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// When it was decided.
    pub on: NaiveDate,
    /// What changes and why.
    pub reason: String,
    /// When recorded.
    pub created_at: NaiveDateTime,
}

fn open_frame(conn: &Connection, id: i64) -> Result<Frame> {
    let f = frame(conn, id)?;
    if f.state.is_closed() {
        return Err(Error::Conflict(format!(
            "Ce PAFI est {} : il ne se modifie plus.",
            f.state.label().to_lowercase()
        )));
    }
    Ok(f)
}

fn within(f: &Frame, start: NaiveDate, end: NaiveDate, field: &str) -> Result<()> {
    if let (Some(s), Some(e)) = (f.start_on, f.end_on) {
        if start < s || end > e {
            return Err(Error::invalid(
                field,
                format!(
                    "Les dates doivent tenir dans celles du parcours (du {} au {}).",
                    fr(s),
                    fr(e)
                ),
            ));
        }
    }
    Ok(())
}

fn dates(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    what: &str,
) -> Result<(NaiveDate, NaiveDate)> {
    let s = start
        .ok_or_else(|| Error::invalid("startOn", format!("Indiquez le premier jour {what}.")))?;
    let e =
        end.ok_or_else(|| Error::invalid("endOn", format!("Indiquez le dernier jour {what}.")))?;
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
    Ok((s, e))
}

fn activity_fields(a: &ActivityInput, host: &str) -> Fields {
    vec![
        ("Type", a.kind.map(|k| k.label().to_owned())),
        ("Intitulé", non_empty(&a.title)),
        ("Structure d'accueil", non_empty(host)),
        ("Représentant", non_empty(&a.host_representative)),
        ("Tuteur d'accueil", non_empty(&a.host_tutor)),
        ("Début", a.start_on.map(fr)),
        ("Fin", a.end_on.map(fr)),
        (
            "Heures par semaine",
            a.hours_per_week.map(|h| format!("{h}")),
        ),
        ("Lieu", non_empty(&a.address)),
        (
            "Tâches confiées",
            Some(a.tasks.join(" ; ")).filter(|t| !t.is_empty()),
        ),
        ("Réalisation", non_empty(&a.realisation)),
    ]
}

/// Adds (`id` none) or changes an activity of a path. An activity at a host names the host
/// (from the partners' directory), who signs for it and the host's tutor.
pub fn save_activity(
    cf: &mut CaseFile,
    pafi_id: i64,
    id: Option<i64>,
    input: &ActivityInput,
) -> Result<Activity> {
    let conn = cf.conn();
    let f = frame(conn, pafi_id)?;
    // The realisation is written at the bilan, when the path may already be over.
    let before = match id {
        Some(i) => Some(
            activities(conn, pafi_id)?
                .into_iter()
                .find(|a| a.id == i)
                .ok_or_else(|| Error::NotFound("Cette activité n'existe pas (ou plus).".into()))?,
        ),
        None => None,
    };
    if f.state.is_closed() && before.is_none() {
        open_frame(conn, pafi_id)?;
    }
    let kind = input
        .kind
        .ok_or_else(|| Error::invalid("kind", "Choisissez le type d'activité."))?;
    let title = tidy(&input.title);
    if title.is_empty() {
        return Err(Error::invalid(
            "title",
            "Décrivez l'activité en quelques mots (exemple : « Stage en boulangerie : vente et accueil »).",
        ));
    }
    let (start, end) = dates(input.start_on, input.end_on, "de l'activité")?;
    within(&f, start, end, "startOn")?;
    let hours = input.hours_per_week.ok_or_else(|| {
        Error::invalid("hoursPerWeek", "Indiquez le nombre d'heures par semaine.")
    })?;
    if !(hours > 0.0 && hours <= MAX_HOURS_PER_WEEK && hours.is_finite()) {
        return Err(Error::invalid(
            "hoursPerWeek",
            format!("Le nombre d'heures par semaine va de 0,5 à {MAX_HOURS_PER_WEEK} (la durée légale pour un mineur)."),
        ));
    }
    let host = match input.partner_id {
        Some(p) => Some(crate::registry::partner(cf, p).map_err(|_| {
            Error::invalid(
                "partnerId",
                "Cette structure n'existe pas dans l'annuaire des partenaires : choisissez-la dans la liste.",
            )
        })?),
        None => None,
    };
    let rep = tidy(&input.host_representative);
    let tutor = tidy(&input.host_tutor);
    if kind.at_host() {
        if host.is_none() {
            return Err(Error::invalid(
                "partnerId",
                "Choisissez la structure d'accueil dans l'annuaire des partenaires (ajoutez-la d'abord dans Partenaires si besoin).",
            ));
        }
        if rep.is_empty() {
            return Err(Error::invalid(
                "hostRepresentative",
                "Indiquez qui signe la convention pour la structure d'accueil.",
            ));
        }
        if tutor.is_empty() {
            return Err(Error::invalid(
                "hostTutor",
                "Indiquez le tuteur de l'élève dans la structure d'accueil.",
            ));
        }
    }
    let phone = crate::registry::phone(&input.host_tutor_phone, "hostTutorPhone")?;
    let tasks: Vec<String> = input
        .tasks
        .iter()
        .map(|t| tidy(t).trim_end_matches(['.', ';']).to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    let clean = ActivityInput {
        kind: Some(kind),
        title,
        partner_id: input.partner_id,
        host_representative: rep,
        host_representative_role: tidy(&input.host_representative_role),
        host_tutor: tutor,
        host_tutor_role: tidy(&input.host_tutor_role),
        host_tutor_phone: phone,
        start_on: Some(start),
        end_on: Some(end),
        hours_per_week: Some(hours),
        address: input.address.trim().to_owned(),
        tasks,
        realisation: input.realisation.trim().to_owned(),
    };
    let host_name = host.map(|h| h.input.name).unwrap_or_default();
    let old = before
        .as_ref()
        .map(|b| {
            activity_fields(
                &ActivityInput {
                    kind: Some(b.kind),
                    title: b.title.clone(),
                    partner_id: b.partner_id,
                    host_representative: b.host_representative.clone(),
                    host_representative_role: b.host_representative_role.clone(),
                    host_tutor: b.host_tutor.clone(),
                    host_tutor_role: b.host_tutor_role.clone(),
                    host_tutor_phone: b.host_tutor_phone.clone(),
                    start_on: Some(b.start_on),
                    end_on: Some(b.end_on),
                    hours_per_week: Some(b.hours_per_week),
                    address: b.address.clone(),
                    tasks: b.tasks.clone(),
                    realisation: b.realisation.clone(),
                },
                &b.host_name,
            )
        })
        .unwrap_or_default();
    let changes = diff(&old, &activity_fields(&clean, &host_name));
    if let (Some(b), true) = (&before, changes.is_empty()) {
        return Ok(b.clone());
    }
    let c = &clean;
    let tasks_json = serde_json::to_string(&c.tasks)?;
    let new_id = cf.write(|tx| {
        let conn = tx.conn();
        let id = match id {
            None => {
                conn.prepare_cached(
                    "INSERT INTO pafi_activity (pafi_id, kind, title, partner_id, host_representative,
                        host_representative_role, host_tutor, host_tutor_role, host_tutor_phone, start_on,
                        end_on, hours_per_week, address, tasks, realisation)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                )?
                .execute(params![
                    pafi_id, kind.code(), c.title, c.partner_id, c.host_representative,
                    c.host_representative_role, c.host_tutor, c.host_tutor_role, c.host_tutor_phone,
                    start, end, hours, c.address, tasks_json, c.realisation,
                ])?;
                conn.last_insert_rowid()
            }
            Some(i) => {
                conn.prepare_cached(
                    "UPDATE pafi_activity SET kind = ?2, title = ?3, partner_id = ?4, host_representative = ?5,
                        host_representative_role = ?6, host_tutor = ?7, host_tutor_role = ?8,
                        host_tutor_phone = ?9, start_on = ?10, end_on = ?11, hours_per_week = ?12,
                        address = ?13, tasks = ?14, realisation = ?15
                      WHERE id = ?1",
                )?
                .execute(params![
                    i, kind.code(), c.title, c.partner_id, c.host_representative,
                    c.host_representative_role, c.host_tutor, c.host_tutor_role, c.host_tutor_phone,
                    start, end, hours, c.address, tasks_json, c.realisation,
                ])?;
                i
            }
        };
        tx.journal(JournalDraft {
            entity: "pafi",
            entity_id: Some(pafi_id),
            student_id: Some(f.student_id),
            summary: format!(
                "PAFI {} : activité « {} » {}",
                crate::text::de(&f.student_name),
                c.title,
                if before.is_some() { "modifiée" } else { "ajoutée" }
            ),
            changes,
        })?;
        Ok(id)
    })?;
    activities(cf.conn(), pafi_id)?
        .into_iter()
        .find(|a| a.id == new_id)
        .ok_or_else(|| Error::NotFound("Cette activité n'existe pas (ou plus).".into()))
}

/// Removes an activity not yet under way (its half-days become free).
pub fn remove_activity(cf: &mut CaseFile, pafi_id: i64, id: i64) -> Result<()> {
    let f = open_frame(cf.conn(), pafi_id)?;
    if matches!(f.state, PafiState::Running) {
        return Err(Error::Conflict(
            "Le parcours est en cours : une activité ne se retire plus ; modifiez ses dates par un avenant."
                .into(),
        ));
    }
    let a = activities(cf.conn(), pafi_id)?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| Error::NotFound("Cette activité n'existe pas (ou plus).".into()))?;
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE pafi_slot SET kind = 'free', activity_id = NULL WHERE activity_id = ?1",
            [id],
        )?;
        tx.conn()
            .execute("DELETE FROM pafi_activity WHERE id = ?1", [id])?;
        tx.journal(JournalDraft {
            entity: "pafi",
            entity_id: Some(pafi_id),
            student_id: Some(f.student_id),
            summary: format!(
                "PAFI {} : activité « {} » retirée",
                crate::text::de(&f.student_name),
                a.title
            ),
            changes: Vec::new(),
        })
    })
}

pub(super) fn activities(conn: &Connection, pafi_id: i64) -> Result<Vec<Activity>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.pafi_id, a.kind, a.title, a.partner_id, coalesce(p.name, ''), a.host_representative,
                a.host_representative_role, a.host_tutor, a.host_tutor_role, a.host_tutor_phone, a.start_on,
                a.end_on, a.hours_per_week, a.address, a.tasks, a.realisation,
                (SELECT d.state FROM document d WHERE d.kind = 'convention_stage' AND d.record_entity = 'pafi_activity'
                   AND d.record_id = a.id ORDER BY d.version DESC LIMIT 1)
           FROM pafi_activity a LEFT JOIN partner p ON p.id = a.partner_id
          WHERE a.pafi_id = ?1 ORDER BY a.start_on, a.id",
    )?;
    let rows = stmt.query_map([pafi_id], activity_row)?;
    collect(rows)
}

fn activity_row(r: &Row<'_>) -> rusqlite::Result<Activity> {
    let kind: String = r.get(2)?;
    let kind: ActivityKind = decode(&kind, 2)?;
    let tasks: String = r.get(15)?;
    let partner_id: Option<i64> = r.get(4)?;
    Ok(Activity {
        id: r.get(0)?,
        pafi_id: r.get(1)?,
        kind,
        title: r.get(3)?,
        partner_id,
        host_name: r.get(5)?,
        host_representative: r.get(6)?,
        host_representative_role: r.get(7)?,
        host_tutor: r.get(8)?,
        host_tutor_role: r.get(9)?,
        host_tutor_phone: r.get(10)?,
        start_on: r.get(11)?,
        end_on: r.get(12)?,
        hours_per_week: r.get(13)?,
        address: r.get(14)?,
        tasks: serde_json::from_str(&tasks).unwrap_or_default(),
        realisation: r.get(16)?,
        needs_convention: kind.at_host() && partner_id.is_some(),
        convention_state: r.get(17)?,
    })
}

/// Replaces a path's weekly schedule. Periods lie within the path's dates and do not overlap;
/// an activity half-day names an activity of this path; half-days left out are free.
pub fn set_schedule(
    cf: &mut CaseFile,
    pafi_id: i64,
    periods_in: &[PeriodInput],
) -> Result<Vec<Period>> {
    let conn = cf.conn();
    let f = open_frame(conn, pafi_id)?;
    let acts = activities(conn, pafi_id)?;
    let mut checked: Vec<(String, NaiveDate, NaiveDate, Vec<SlotInput>)> = Vec::new();
    for (i, p) in periods_in.iter().enumerate() {
        let field = |name: &str| format!("periods[{i}].{name}");
        let s = p.start_on.ok_or_else(|| {
            Error::invalid(field("startOn"), "Indiquez le premier jour de la période.")
        })?;
        let e = p.end_on.ok_or_else(|| {
            Error::invalid(field("endOn"), "Indiquez le dernier jour de la période.")
        })?;
        if e < s {
            return Err(Error::invalid(
                field("endOn"),
                "La fin de la période précède son début.",
            ));
        }
        within(&f, s, e, &field("startOn"))?;
        if let Some((label, ps, pe, _)) = checked.iter().find(|(_, ps, pe, _)| s <= *pe && *ps <= e)
        {
            return Err(Error::invalid(
                field("startOn"),
                format!(
                    "Cette période chevauche « {} » (du {} au {}).",
                    if label.is_empty() {
                        "la période précédente"
                    } else {
                        label
                    },
                    fr(*ps),
                    fr(*pe)
                ),
            ));
        }
        let mut slots: Vec<SlotInput> = Vec::new();
        for slot in &p.slots {
            if slot.day > 5 || slot.half > 1 {
                return Err(Error::invalid(
                    field("slots"),
                    "Une demi-journée va du lundi au samedi, matin ou après-midi.",
                ));
            }
            if slots
                .iter()
                .any(|o| o.day == slot.day && o.half == slot.half)
            {
                return Err(Error::invalid(
                    field("slots"),
                    "Une même demi-journée est donnée deux fois.",
                ));
            }
            match slot.kind {
                SlotKind::Activity => {
                    let Some(aid) = slot.activity_id else {
                        return Err(Error::invalid(
                            field("slots"),
                            format!(
                                "Choisissez l'activité du {} {}.",
                                DAYS[slot.day as usize].to_lowercase(),
                                HALVES[slot.half as usize].to_lowercase()
                            ),
                        ));
                    };
                    if !acts.iter().any(|a| a.id == aid) {
                        return Err(Error::invalid(
                            field("slots"),
                            "Cette activité n'appartient pas au parcours.",
                        ));
                    }
                }
                SlotKind::School | SlotKind::Free => {}
            }
            if slot.kind != SlotKind::Free {
                slots.push(SlotInput {
                    day: slot.day,
                    half: slot.half,
                    kind: slot.kind,
                    activity_id: (slot.kind == SlotKind::Activity)
                        .then_some(slot.activity_id)
                        .flatten(),
                    label: tidy(&slot.label),
                });
            }
        }
        slots.sort_by_key(|s| (s.day, s.half));
        checked.push((tidy(&p.label), s, e, slots));
    }
    checked.sort_by_key(|(_, s, _, _)| *s);
    let before = periods(conn, pafi_id)?;
    let summary = |ps: &[(String, NaiveDate, NaiveDate, usize)]| {
        ps.iter()
            .map(|(l, s, e, n)| format!("{l} du {} au {} ({n} demi-journées)", fr(*s), fr(*e)))
            .collect::<Vec<_>>()
            .join(" ; ")
    };
    let old = summary(
        &before
            .iter()
            .map(|p| (p.label.clone(), p.start_on, p.end_on, p.slots.len()))
            .collect::<Vec<_>>(),
    );
    let new = summary(
        &checked
            .iter()
            .map(|(l, s, e, sl)| (l.clone(), *s, *e, sl.len()))
            .collect::<Vec<_>>(),
    );
    cf.write(|tx| {
        let conn = tx.conn();
        conn.execute("DELETE FROM pafi_period WHERE pafi_id = ?1", [pafi_id])?;
        for (i, (label, s, e, slots)) in checked.iter().enumerate() {
            conn.prepare_cached(
                "INSERT INTO pafi_period (pafi_id, position, label, start_on, end_on) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![pafi_id, i as i64, label, s, e])?;
            let period = conn.last_insert_rowid();
            for slot in slots {
                conn.prepare_cached(
                    "INSERT INTO pafi_slot (period_id, day, half, kind, activity_id, label) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![period, slot.day, slot.half, slot.kind.code(), slot.activity_id, slot.label])?;
            }
        }
        tx.journal(JournalDraft {
            entity: "pafi",
            entity_id: Some(pafi_id),
            student_id: Some(f.student_id),
            summary: format!("PAFI {} : emploi du temps enregistré", crate::text::de(&f.student_name)),
            changes: vec![crate::casefile::Change {
                field: "Emploi du temps".into(),
                before: non_empty(&old),
                after: non_empty(&new),
            }],
        })
    })?;
    periods(cf.conn(), pafi_id)
}

/// The days of the schedule grid.
pub const DAYS: [&str; 6] = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi"];
/// The halves of a day.
pub const HALVES: [&str; 2] = ["Matin", "Après-midi"];

pub(super) fn periods(conn: &Connection, pafi_id: i64) -> Result<Vec<Period>> {
    let acts = activities(conn, pafi_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, label, start_on, end_on FROM pafi_period WHERE pafi_id = ?1 ORDER BY start_on, position",
    )?;
    let mut list = collect(stmt.query_map([pafi_id], |r| {
        Ok(Period {
            id: r.get(0)?,
            label: r.get(1)?,
            start_on: r.get(2)?,
            end_on: r.get(3)?,
            slots: Vec::new(),
        })
    })?)?;
    let mut slots = conn.prepare_cached(
        "SELECT day, half, kind, activity_id, label FROM pafi_slot WHERE period_id = ?1 ORDER BY day, half",
    )?;
    for p in &mut list {
        p.slots = collect(slots.query_map([p.id], |r| {
            let kind: String = r.get(2)?;
            let kind: SlotKind = decode(&kind, 2)?;
            let activity_id: Option<i64> = r.get(3)?;
            let label: String = r.get(4)?;
            let text = match (
                kind,
                activity_id.and_then(|a| acts.iter().find(|x| x.id == a)),
            ) {
                (SlotKind::Activity, Some(a)) if !a.host_name.is_empty() => {
                    format!("{} — {}", a.kind.label(), a.host_name)
                }
                (SlotKind::Activity, Some(a)) => a.title.clone(),
                (SlotKind::School, _) if label.is_empty() => "Classe".to_owned(),
                (SlotKind::School, _) => format!("Classe ({label})"),
                _ => String::new(),
            };
            Ok(Slot {
                day: r.get(0)?,
                half: r.get(1)?,
                kind,
                activity_id,
                text,
                label,
            })
        })?)?;
    }
    Ok(list)
}

/// Adds a note of the tutor (or another member of staff) to a path.
pub fn add_note(cf: &mut CaseFile, pafi_id: i64, input: &NoteInput) -> Result<Note> {
    let conn = cf.conn();
    let f = open_frame(conn, pafi_id)?;
    if input.written_on > cf.today() {
        return Err(Error::invalid(
            "writtenOn",
            format!(
                "La date {} est dans le futur : une note se date du jour où elle est écrite.",
                fr(input.written_on)
            ),
        ));
    }
    let author = input
        .author_id
        .ok_or_else(|| Error::invalid("authorId", "Indiquez l'auteur de la note."))?;
    let author_name = active_staff(conn, author, "authorId")?;
    let text = input.text.trim().to_owned();
    if text.is_empty() {
        return Err(Error::invalid("text", "La note est vide."));
    }
    let id = cf.write(|tx| {
        tx.conn()
            .prepare_cached(
                "INSERT INTO pafi_note (pafi_id, written_on, author_id, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![pafi_id, input.written_on, author, text, tx.at()])?;
        let id = tx.conn().last_insert_rowid();
        tx.journal(JournalDraft {
            entity: "pafi",
            entity_id: Some(pafi_id),
            student_id: Some(f.student_id),
            summary: format!(
                "PAFI {} : note de suivi de {author_name} du {}",
                crate::text::de(&f.student_name),
                fr(input.written_on)
            ),
            changes: Vec::new(),
        })?;
        Ok(id)
    })?;
    notes(cf.conn(), pafi_id)?
        .into_iter()
        .find(|n| n.id == id)
        .ok_or_else(|| Error::NotFound("Cette note n'existe pas (ou plus).".into()))
}

pub(super) fn notes(conn: &Connection, pafi_id: i64) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.written_on, n.author_id, trim(s.first_name || ' ' || s.last_name), n.text
           FROM pafi_note n JOIN staff s ON s.id = n.author_id
          WHERE n.pafi_id = ?1 ORDER BY n.written_on DESC, n.id DESC",
    )?;
    let rows = stmt.query_map([pafi_id], |r| {
        Ok(Note {
            id: r.get(0)?,
            written_on: r.get(1)?,
            author_id: r.get(2)?,
            author_name: r.get(3)?,
            text: r.get(4)?,
        })
    })?;
    collect(rows)
}

/// Adds (`id` none) or updates an intermediate bilan: its date within the path, then, once
/// held, when and what was said.
pub fn save_checkpoint(
    cf: &mut CaseFile,
    pafi_id: i64,
    id: Option<i64>,
    input: &CheckpointInput,
) -> Result<Checkpoint> {
    let conn = cf.conn();
    let f = open_frame(conn, pafi_id)?;
    let due = input
        .due_on
        .ok_or_else(|| Error::invalid("dueOn", "Indiquez la date du bilan intermédiaire."))?;
    within(&f, due, due, "dueOn")?;
    let subject = tidy(&input.subject);
    if subject.is_empty() {
        return Err(Error::invalid(
            "subject",
            "Indiquez l'objet du bilan intermédiaire (exemple : « Point avec l'élève et le tuteur d'accueil »).",
        ));
    }
    if let Some(h) = input.held_on {
        if h > cf.today() {
            return Err(Error::invalid(
                "heldOn",
                format!(
                    "La date {} est dans le futur : un bilan se note une fois tenu.",
                    fr(h)
                ),
            ));
        }
    }
    let before = match id {
        Some(i) => Some(
            checkpoints(conn, pafi_id)?
                .into_iter()
                .find(|c| c.id == i)
                .ok_or_else(|| {
                    Error::NotFound("Ce bilan intermédiaire n'existe pas (ou plus).".into())
                })?,
        ),
        None => None,
    };
    let summary_text = input.summary.trim().to_owned();
    let fields = |d: NaiveDate, s: &str, h: Option<NaiveDate>, t: &str| -> Fields {
        vec![
            ("Date prévue", Some(fr(d))),
            ("Objet", non_empty(s)),
            ("Tenu le", h.map(fr)),
            ("Compte-rendu", non_empty(t)),
        ]
    };
    let changes = diff(
        &before
            .as_ref()
            .map(|b| fields(b.due_on, &b.subject, b.held_on, &b.summary))
            .unwrap_or_default(),
        &fields(due, &subject, input.held_on, &summary_text),
    );
    if let (Some(b), true) = (&before, changes.is_empty()) {
        return Ok(b.clone());
    }
    let verb = match (&before, input.held_on) {
        (_, Some(h)) => format!("tenu le {}", fr(h)),
        (None, None) => format!("prévu le {}", fr(due)),
        (Some(_), None) => "modifié".to_owned(),
    };
    let new_id = cf.write(|tx| {
        let conn = tx.conn();
        let id = match id {
            None => {
                conn.prepare_cached(
                    "INSERT INTO pafi_checkpoint (pafi_id, due_on, subject, held_on, summary) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![pafi_id, due, subject, input.held_on, summary_text])?;
                conn.last_insert_rowid()
            }
            Some(i) => {
                conn.prepare_cached(
                    "UPDATE pafi_checkpoint SET due_on = ?2, subject = ?3, held_on = ?4, summary = ?5 WHERE id = ?1",
                )?
                .execute(params![i, due, subject, input.held_on, summary_text])?;
                i
            }
        };
        tx.journal(JournalDraft {
            entity: "pafi",
            entity_id: Some(pafi_id),
            student_id: Some(f.student_id),
            summary: format!("PAFI {} : bilan intermédiaire {verb}", crate::text::de(&f.student_name)),
            changes,
        })?;
        Ok(id)
    })?;
    checkpoints(cf.conn(), pafi_id)?
        .into_iter()
        .find(|c| c.id == new_id)
        .ok_or_else(|| Error::NotFound("Ce bilan intermédiaire n'existe pas (ou plus).".into()))
}

pub(super) fn checkpoints(conn: &Connection, pafi_id: i64) -> Result<Vec<Checkpoint>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, due_on, subject, held_on, summary FROM pafi_checkpoint WHERE pafi_id = ?1 ORDER BY due_on, id",
    )?;
    let rows = stmt.query_map([pafi_id], |r| {
        Ok(Checkpoint {
            id: r.get(0)?,
            due_on: r.get(1)?,
            subject: r.get(2)?,
            held_on: r.get(3)?,
            summary: r.get(4)?,
        })
    })?;
    collect(rows)
}

/// Records an amendment (what changes and why). The contract is then made again: as the signed
/// version is never edited, that makes a new version to sign.
pub fn record_amendment(
    cf: &mut CaseFile,
    pafi_id: i64,
    on: NaiveDate,
    reason: &str,
) -> Result<Amendment> {
    let f = open_frame(cf.conn(), pafi_id)?;
    if !matches!(f.state, PafiState::Validated | PafiState::Running) {
        return Err(Error::Conflict(
            "Un avenant modifie un parcours validé ou en cours ; avant, modifiez simplement le parcours."
                .into(),
        ));
    }
    if on > cf.today() {
        return Err(Error::invalid(
            "on",
            format!("La date {} est dans le futur.", fr(on)),
        ));
    }
    let reason = reason.trim().to_owned();
    if reason.is_empty() {
        return Err(Error::invalid(
            "reason",
            "Indiquez ce que l'avenant change et pourquoi.",
        ));
    }
    let id = cf.write(|tx| {
        tx.conn()
            .prepare_cached(
                "INSERT INTO pafi_amendment (pafi_id, on_date, reason, created_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![pafi_id, on, reason, tx.at()])?;
        let id = tx.conn().last_insert_rowid();
        tx.journal(JournalDraft {
            entity: "pafi",
            entity_id: Some(pafi_id),
            student_id: Some(f.student_id),
            summary: format!(
                "PAFI {} : avenant du {} — {reason}",
                crate::text::de(&f.student_name),
                fr(on)
            ),
            changes: Vec::new(),
        })?;
        Ok(id)
    })?;
    amendments(cf.conn(), pafi_id)?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| Error::NotFound("Cet avenant n'existe pas (ou plus).".into()))
}

pub(super) fn amendments(conn: &Connection, pafi_id: i64) -> Result<Vec<Amendment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, on_date, reason, created_at FROM pafi_amendment WHERE pafi_id = ?1 ORDER BY on_date, id",
    )?;
    let rows = stmt.query_map([pafi_id], |r| {
        Ok(Amendment {
            id: r.get(0)?,
            on: r.get(1)?,
            reason: r.get(2)?,
            created_at: r.get(3)?,
        })
    })?;
    collect(rows)
}
