//! GPDS meetings (séances): planning, invitations, attendance, opening (meeting mode) and
//! closing.
//!
//! A meeting is `planned` (its agenda is computed), then `open` (meeting mode: the agenda is
//! frozen and decisions are recorded), then `held` (closed: the compte-rendu exists, version 1).
//! A planned meeting may be `cancelled`.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::agenda::{self, freeze};
use super::{active_staff, fr, staff_name, student_name};
use crate::casefile::{CaseFile, Change, JournalDraft};
use crate::error::{Error, Result};
use crate::registry::{coded_enum, collect, decode, Coded, StaffRole};
use crate::text::tidy;

coded_enum! {
    /// Where a meeting stands.
    MeetingStatus {
        /// Planned: the agenda builds itself.
        Planned = "planned" / "Prévue",
        /// In progress (meeting mode): the agenda is frozen, decisions are being recorded.
        Open = "open" / "En cours",
        /// Held and closed: the compte-rendu exists.
        Held = "held" / "Tenue",
        /// Cancelled.
        Cancelled = "cancelled" / "Annulée",
    }
}

/// A partner invited for given students.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct GuestInput {
    /// The partner organisation.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub partner_id: i64,
    /// Who comes (a contact's name), if known.
    pub contact: String,
    /// The students they are invited for (at least one).
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub students: Vec<i64>,
}

/// What the user types to plan a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MeetingInput {
    /// The day.
    pub date: NaiveDate,
    /// The time, "HH:MM".
    pub time: String,
    /// Where.
    pub place: String,
    /// Staff invited.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub members: Vec<i64>,
    /// Partners invited for given students.
    pub guests: Vec<GuestInput>,
}

/// An invited staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// The staff member.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub staff_id: i64,
    /// "Prénom NOM".
    pub name: String,
    /// Their function.
    pub role: StaffRole,
    /// Present (`None` until recorded).
    pub attended: Option<bool>,
}

/// An invited partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Guest {
    /// Id of the invitation.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The partner organisation.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub partner_id: i64,
    /// Its name.
    pub partner_name: String,
    /// Who comes.
    pub contact: String,
    /// For which students.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub students: Vec<i64>,
    /// Their names, in the same order.
    pub student_names: Vec<String>,
    /// Present (`None` until recorded).
    pub attended: Option<bool>,
}

/// A meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Meeting {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The day.
    pub date: NaiveDate,
    /// "HH:MM".
    pub time: String,
    /// Where.
    pub place: String,
    /// Where it stands.
    pub status: MeetingStatus,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// When it was closed.
    pub held_at: Option<NaiveDateTime>,
    /// The compte-rendu's version (0 until closed).
    pub minutes_version: u32,
    /// Staff invited.
    pub members: Vec<Member>,
    /// Partners invited.
    pub guests: Vec<Guest>,
}

/// One line of the meetings list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MeetingRow {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The day.
    pub date: NaiveDate,
    /// "HH:MM".
    pub time: String,
    /// Where.
    pub place: String,
    /// Where it stands.
    pub status: MeetingStatus,
    /// Students on the agenda.
    pub agenda_size: u32,
    /// Students with a decision recorded.
    pub decided: u32,
    /// The compte-rendu's version (0 until closed).
    pub minutes_version: u32,
}

/// Who was present, by staff id and invitation id; everyone else invited was absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Attendance {
    /// Staff present.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub members: Vec<i64>,
    /// Invitations of partners who came.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub guests: Vec<i64>,
}

/// The roles usually invited to a GPDS (seed 004): everyone but ordinary teachers.
fn usual_member(role: StaffRole) -> bool {
    !matches!(
        role,
        StaffRole::Enseignant | StaffRole::Documentaliste | StaffRole::Autre
    )
}

/// Staff to invite by default: present staff whose function sits on a GPDS.
pub fn suggested_members(cf: &CaseFile) -> Result<Vec<i64>> {
    let mut stmt = cf
        .conn()
        .prepare_cached("SELECT id, role FROM staff WHERE archived = 0 ORDER BY key_last_first")?;
    let rows = stmt.query_map([], |r| {
        let role: String = r.get(1)?;
        Ok((r.get::<_, i64>(0)?, decode::<StaffRole>(&role, 1)?))
    })?;
    Ok(collect(rows)?
        .into_iter()
        .filter(|(_, role)| usual_member(*role))
        .map(|(id, _)| id)
        .collect())
}

fn parse_time(time: &str) -> Result<String> {
    let t = time.trim();
    NaiveTime::parse_from_str(t, "%H:%M")
        .map(|t| t.format("%H:%M").to_string())
        .map_err(|_| {
            Error::invalid(
                "time",
                format!("L'heure « {t} » n'est pas valide : écrivez-la HH:MM, par exemple 14:30."),
            )
        })
}

/// Checks a meeting; `kept`: the members and guests already invited (who may have left since).
fn validated(
    conn: &Connection,
    input: &MeetingInput,
    kept: Option<&Meeting>,
) -> Result<MeetingInput> {
    let time = parse_time(&input.time)?;
    if input.members.is_empty() {
        return Err(Error::invalid(
            "members",
            "Invitez au moins un membre du personnel (le chef d'établissement pilote le GPDS).",
        ));
    }
    let mut members = Vec::new();
    for &m in &input.members {
        if members.contains(&m) {
            continue;
        }
        if kept.is_some_and(|k| k.members.iter().any(|x| x.staff_id == m)) {
            staff_name(conn, m, "members")?;
        } else {
            active_staff(conn, m, "members")?;
        }
        members.push(m);
    }
    let mut guests = Vec::new();
    for (i, g) in input.guests.iter().enumerate() {
        let found: Option<bool> = conn
            .prepare_cached("SELECT archived FROM partner WHERE id = ?1")?
            .query_row([g.partner_id], |r| r.get(0))
            .optional()?;
        if found.is_none() {
            return Err(Error::invalid(
                format!("guests[{i}].partnerId"),
                "Ce partenaire n'existe pas dans l'annuaire : choisissez-le dans la liste.",
            ));
        }
        if g.students.is_empty() {
            return Err(Error::invalid(
                format!("guests[{i}].students"),
                "Un partenaire est invité pour des élèves précis : choisissez au moins un élève.",
            ));
        }
        let mut students = Vec::new();
        for &s in &g.students {
            student_name(conn, s).map_err(|_| {
                Error::invalid(
                    format!("guests[{i}].students"),
                    "Un des élèves choisis n'existe pas dans le dossier.",
                )
            })?;
            if !students.contains(&s) {
                students.push(s);
            }
        }
        guests.push(GuestInput {
            partner_id: g.partner_id,
            contact: tidy(&g.contact),
            students,
        });
    }
    Ok(MeetingInput {
        date: input.date,
        time,
        place: tidy(&input.place),
        members,
        guests,
    })
}

fn write_invitations(conn: &Connection, id: i64, m: &MeetingInput) -> Result<()> {
    // Attendance already recorded for a member who stays invited is kept.
    let keep: Vec<String> = m.members.iter().map(i64::to_string).collect();
    conn.execute(
        &format!(
            "DELETE FROM meeting_member WHERE meeting_id = ?1 AND staff_id NOT IN ({})",
            if keep.is_empty() {
                "NULL".to_owned()
            } else {
                keep.join(",")
            }
        ),
        [id],
    )?;
    for &s in &m.members {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO meeting_member (meeting_id, staff_id) VALUES (?1, ?2)",
        )?
        .execute(params![id, s])?;
    }
    conn.prepare_cached("DELETE FROM meeting_guest WHERE meeting_id = ?1")?
        .execute([id])?;
    for g in &m.guests {
        conn.prepare_cached(
            "INSERT INTO meeting_guest (meeting_id, partner_id, contact, students) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, g.partner_id, g.contact, serde_json::to_string(&g.students)?])?;
    }
    Ok(())
}

fn describe(conn: &Connection, m: &MeetingInput) -> Result<Vec<(&'static str, Option<String>)>> {
    let names = m
        .members
        .iter()
        .map(|&s| staff_name(conn, s, "members"))
        .collect::<Result<Vec<_>>>()?;
    let mut guests = Vec::new();
    for g in &m.guests {
        let partner: String = conn
            .prepare_cached("SELECT name FROM partner WHERE id = ?1")?
            .query_row([g.partner_id], |r| r.get(0))?;
        let students = g
            .students
            .iter()
            .map(|&s| student_name(conn, s))
            .collect::<Result<Vec<_>>>()?;
        guests.push(format!("{partner} (pour {})", students.join(", ")));
    }
    Ok(vec![
        ("Date", Some(fr(m.date))),
        ("Heure", Some(m.time.clone())),
        ("Lieu", crate::registry::non_empty(&m.place)),
        ("Membres invités", Some(names.join(", "))),
        (
            "Partenaires invités",
            (!guests.is_empty()).then(|| guests.join(" ; ")),
        ),
    ])
}

fn input_of(m: &Meeting) -> MeetingInput {
    MeetingInput {
        date: m.date,
        time: m.time.clone(),
        place: m.place.clone(),
        members: m.members.iter().map(|x| x.staff_id).collect(),
        guests: m
            .guests
            .iter()
            .map(|g| GuestInput {
                partner_id: g.partner_id,
                contact: g.contact.clone(),
                students: g.students.clone(),
            })
            .collect(),
    }
}

/// Plans a meeting.
pub fn plan_meeting(cf: &mut CaseFile, input: &MeetingInput) -> Result<Meeting> {
    let m = validated(cf.conn(), input, None)?;
    let fields = describe(cf.conn(), &m)?;
    let id = cf.write(|tx| {
        tx.conn()
            .prepare_cached(
                "INSERT INTO meeting (date, time, place, status) VALUES (?1, ?2, ?3, 'planned')",
            )?
            .execute(params![m.date, m.time, m.place])?;
        let id = tx.conn().last_insert_rowid();
        write_invitations(tx.conn(), id, &m)?;
        tx.journal(JournalDraft {
            entity: "meeting",
            entity_id: Some(id),
            student_id: None,
            summary: format!("Séance GPDS prévue le {} à {}", fr(m.date), m.time),
            changes: crate::registry::diff(&Vec::new(), &fields),
        })?;
        Ok(id)
    })?;
    meeting(cf, id)
}

/// Changes a planned or open meeting's date, time, place and invitations. An open meeting
/// cannot move to a later day than today.
pub fn update_meeting(cf: &mut CaseFile, id: i64, input: &MeetingInput) -> Result<Meeting> {
    let before = meeting(cf, id)?;
    match before.status {
        MeetingStatus::Planned => {}
        MeetingStatus::Open if input.date <= cf.today() => {}
        MeetingStatus::Open => {
            return Err(Error::invalid(
                "date",
                "La séance est en cours : sa date ne peut pas passer dans le futur.",
            ))
        }
        MeetingStatus::Held => {
            return Err(Error::invalid(
                "date",
                "La séance est close : seules la liste des présents et les décisions se corrigent encore.",
            ))
        }
        MeetingStatus::Cancelled => {
            return Err(Error::invalid("date", "Cette séance est annulée."));
        }
    }
    let m = validated(cf.conn(), input, Some(&before))?;
    let changes = crate::registry::diff(
        &describe(cf.conn(), &input_of(&before))?,
        &describe(cf.conn(), &m)?,
    );
    if changes.is_empty() {
        return Ok(before);
    }
    cf.write(|tx| {
        tx.conn()
            .prepare_cached("UPDATE meeting SET date = ?2, time = ?3, place = ?4 WHERE id = ?1")?
            .execute(params![id, m.date, m.time, m.place])?;
        write_invitations(tx.conn(), id, &m)?;
        // Reviews follow the meeting's date: replay the follow-ups it touches.
        for s in reviewed_students(tx.conn(), id)? {
            super::followup::refresh(tx.conn(), s)?;
        }
        tx.journal(JournalDraft {
            entity: "meeting",
            entity_id: Some(id),
            student_id: None,
            summary: format!("Séance GPDS du {} modifiée", fr(before.date)),
            changes,
        })
    })?;
    meeting(cf, id)
}

fn reviewed_students(conn: &Connection, meeting_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT student_id FROM review WHERE meeting_id = ?1")?;
    let rows = stmt.query_map([meeting_id], |r| r.get(0))?;
    collect(rows)
}

/// Cancels a planned meeting (with a reason).
pub fn cancel_meeting(cf: &mut CaseFile, id: i64, reason: &str) -> Result<Meeting> {
    let before = meeting(cf, id)?;
    if before.status != MeetingStatus::Planned {
        return Err(Error::invalid(
            "status",
            format!(
                "Seule une séance prévue peut être annulée (celle-ci est « {} »).",
                before.status.label()
            ),
        ));
    }
    let reason = crate::registry::required(
        reason,
        "cancelReason",
        "Indiquez pourquoi la séance est annulée.",
    )?;
    cf.write(|tx| {
        tx.conn()
            .prepare_cached(
                "UPDATE meeting SET status = 'cancelled', cancel_reason = ?2 WHERE id = ?1",
            )?
            .execute(params![id, reason])?;
        tx.journal(JournalDraft {
            entity: "meeting",
            entity_id: Some(id),
            student_id: None,
            summary: format!("Séance GPDS du {} annulée", fr(before.date)),
            changes: vec![Change {
                field: "Motif d'annulation".into(),
                before: None,
                after: Some(reason.clone()),
            }],
        })
    })?;
    meeting(cf, id)
}

/// Opens a meeting (meeting mode): freezes its agenda. Not before its day.
pub fn open_meeting(cf: &mut CaseFile, id: i64) -> Result<Meeting> {
    let before = meeting(cf, id)?;
    match before.status {
        MeetingStatus::Planned => {}
        MeetingStatus::Open => return Ok(before),
        MeetingStatus::Held => {
            return Err(Error::invalid("status", "Cette séance est déjà close."))
        }
        MeetingStatus::Cancelled => {
            return Err(Error::invalid("status", "Cette séance est annulée."))
        }
    }
    not_in_future(before.date, cf.today(), "ouverte")?;
    let items = agenda::compute(cf.conn(), &before)?;
    cf.write(|tx| {
        freeze(tx.conn(), id, &items)?;
        tx.conn()
            .prepare_cached("UPDATE meeting SET status = 'open', opened_at = ?2 WHERE id = ?1")?
            .execute(params![id, tx.at()])?;
        tx.journal(JournalDraft {
            entity: "meeting",
            entity_id: Some(id),
            student_id: None,
            summary: format!(
                "Séance GPDS du {} ouverte : {} élève{} à l'ordre du jour",
                fr(before.date),
                items.len(),
                if items.len() > 1 { "s" } else { "" }
            ),
            changes: Vec::new(),
        })
    })?;
    meeting(cf, id)
}

pub(crate) fn not_in_future(date: NaiveDate, today: NaiveDate, what: &str) -> Result<()> {
    if date > today {
        Err(Error::invalid(
            "date",
            format!(
                "La séance est prévue le {} : elle ne peut pas être {what} avant ce jour.",
                fr(date)
            ),
        ))
    } else {
        Ok(())
    }
}

/// Closes an open meeting: its compte-rendu gets version 1. Students left undecided stay
/// for the next meeting (the agenda shows them first, before closing).
pub fn close_meeting(cf: &mut CaseFile, id: i64) -> Result<Meeting> {
    let before = meeting(cf, id)?;
    match before.status {
        MeetingStatus::Open => {}
        MeetingStatus::Planned => {
            return Err(Error::invalid(
                "status",
                "Ouvrez d'abord la séance (mode séance) pour y enregistrer les décisions.",
            ))
        }
        MeetingStatus::Held => return Ok(before),
        MeetingStatus::Cancelled => {
            return Err(Error::invalid("status", "Cette séance est annulée."))
        }
    }
    not_in_future(before.date, cf.today(), "close")?;
    let undecided = agenda::undecided(cf.conn(), id)?;
    cf.write(|tx| {
        tx.conn()
            .prepare_cached(
                "UPDATE meeting SET status = 'held', held_at = ?2, minutes_version = 1 WHERE id = ?1",
            )?
            .execute(params![id, tx.at()])?;
        let summary = if undecided.is_empty() {
            format!("Séance GPDS du {} close", fr(before.date))
        } else {
            format!(
                "Séance GPDS du {} close ; sans décision : {}",
                fr(before.date),
                undecided.join(", ")
            )
        };
        tx.journal(JournalDraft {
            entity: "meeting",
            entity_id: Some(id),
            student_id: None,
            summary,
            changes: Vec::new(),
        })
    })?;
    meeting(cf, id)
}

/// Records who was present. On a closed meeting this gives the compte-rendu a new version.
pub fn set_attendance(cf: &mut CaseFile, id: i64, attendance: &Attendance) -> Result<Meeting> {
    let before = meeting(cf, id)?;
    match before.status {
        MeetingStatus::Open | MeetingStatus::Held => {}
        _ => {
            return Err(Error::invalid(
                "attendance",
                "Les présents se notent le jour de la séance, une fois celle-ci ouverte.",
            ))
        }
    }
    for s in &attendance.members {
        if !before.members.iter().any(|m| m.staff_id == *s) {
            return Err(Error::invalid(
                "attendance",
                "Une personne cochée présente n'était pas invitée : ajoutez-la d'abord aux invités.",
            ));
        }
    }
    for g in &attendance.guests {
        if !before.guests.iter().any(|x| x.id == *g) {
            return Err(Error::invalid(
                "attendance",
                "Un partenaire coché présent n'était pas invité à cette séance.",
            ));
        }
    }
    let present = |names: Vec<String>| (!names.is_empty()).then(|| names.join(", "));
    let was = present(
        before
            .members
            .iter()
            .filter(|m| m.attended == Some(true))
            .map(|m| m.name.clone())
            .chain(
                before
                    .guests
                    .iter()
                    .filter(|g| g.attended == Some(true))
                    .map(|g| g.partner_name.clone()),
            )
            .collect(),
    );
    let now = present(
        before
            .members
            .iter()
            .filter(|m| attendance.members.contains(&m.staff_id))
            .map(|m| m.name.clone())
            .chain(
                before
                    .guests
                    .iter()
                    .filter(|g| attendance.guests.contains(&g.id))
                    .map(|g| g.partner_name.clone()),
            )
            .collect(),
    );
    let recorded = before.members.iter().all(|m| m.attended.is_some())
        && before.guests.iter().all(|g| g.attended.is_some());
    if was == now && recorded {
        return Ok(before);
    }
    let held = before.status == MeetingStatus::Held;
    cf.write(|tx| {
        let conn = tx.conn();
        for m in &before.members {
            conn.prepare_cached(
                "UPDATE meeting_member SET attended = ?3 WHERE meeting_id = ?1 AND staff_id = ?2",
            )?
            .execute(params![
                id,
                m.staff_id,
                attendance.members.contains(&m.staff_id)
            ])?;
        }
        for g in &before.guests {
            conn.prepare_cached("UPDATE meeting_guest SET attended = ?2 WHERE id = ?1")?
                .execute(params![g.id, attendance.guests.contains(&g.id)])?;
        }
        let mut summary = format!("Présents à la séance GPDS du {} notés", fr(before.date));
        if held {
            let v = bump_minutes(conn, id)?;
            summary.push_str(&format!(" ; compte-rendu version {v}"));
        }
        tx.journal(JournalDraft {
            entity: "meeting",
            entity_id: Some(id),
            student_id: None,
            summary,
            changes: vec![Change {
                field: "Présents".into(),
                before: was.clone(),
                after: now.clone(),
            }],
        })
    })?;
    meeting(cf, id)
}

/// Gives a held meeting's compte-rendu a new version; returns it.
pub(crate) fn bump_minutes(conn: &Connection, id: i64) -> Result<u32> {
    conn.prepare_cached("UPDATE meeting SET minutes_version = minutes_version + 1 WHERE id = ?1")?
        .execute([id])?;
    Ok(conn
        .prepare_cached("SELECT minutes_version FROM meeting WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

/// A meeting with its invitations.
pub fn meeting(cf: &CaseFile, id: i64) -> Result<Meeting> {
    meeting_in(cf.conn(), id)
}

pub(crate) fn meeting_in(conn: &Connection, id: i64) -> Result<Meeting> {
    let mut m = conn
        .prepare_cached(
            "SELECT id, date, time, place, status, cancel_reason, held_at, minutes_version
               FROM meeting WHERE id = ?1",
        )?
        .query_row([id], |r| {
            let status: String = r.get(4)?;
            Ok(Meeting {
                id: r.get(0)?,
                date: r.get(1)?,
                time: r.get(2)?,
                place: r.get(3)?,
                status: decode(&status, 4)?,
                cancel_reason: r.get(5)?,
                held_at: r.get(6)?,
                minutes_version: r.get(7)?,
                members: Vec::new(),
                guests: Vec::new(),
            })
        })
        .optional()?
        .ok_or_else(|| Error::NotFound("Cette séance n'existe pas (ou plus).".into()))?;
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, trim(s.first_name || ' ' || s.last_name), s.role, mm.attended
           FROM meeting_member mm JOIN staff s ON s.id = mm.staff_id
          WHERE mm.meeting_id = ?1 ORDER BY s.key_last_first",
    )?;
    let rows = stmt.query_map([id], |r| {
        let role: String = r.get(2)?;
        Ok(Member {
            staff_id: r.get(0)?,
            name: r.get(1)?,
            role: decode(&role, 2)?,
            attended: r.get(3)?,
        })
    })?;
    m.members = collect(rows)?;
    // Members in the order a GPDS lists them: direction first, then by function.
    m.members.sort_by_key(|x| {
        StaffRole::ALL
            .iter()
            .position(|r| *r == x.role)
            .unwrap_or(usize::MAX)
    });
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.partner_id, p.name, g.contact, g.students, g.attended
           FROM meeting_guest g JOIN partner p ON p.id = g.partner_id
          WHERE g.meeting_id = ?1 ORDER BY g.id",
    )?;
    let rows = stmt.query_map([id], |r| {
        let students: String = r.get(4)?;
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            students,
            r.get::<_, Option<bool>>(5)?,
        ))
    })?;
    for (gid, partner_id, partner_name, contact, students, attended) in collect(rows)? {
        let students: Vec<i64> = serde_json::from_str(&students)?;
        let student_names = students
            .iter()
            .map(|&s| student_name(conn, s))
            .collect::<Result<Vec<_>>>()?;
        m.guests.push(Guest {
            id: gid,
            partner_id,
            partner_name,
            contact,
            students,
            student_names,
            attended,
        });
    }
    Ok(m)
}

/// Every meeting, the most recent first.
pub fn list_meetings(cf: &CaseFile) -> Result<Vec<MeetingRow>> {
    let conn = cf.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.date, m.time, m.place, m.status, m.minutes_version,
                (SELECT count(*) FROM agenda_item a WHERE a.meeting_id = m.id AND a.removed = 0),
                (SELECT count(*) FROM review r WHERE r.meeting_id = m.id AND r.decision <> 'not_examined')
           FROM meeting m ORDER BY m.date DESC, m.time DESC, m.id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        let status: String = r.get(4)?;
        Ok(MeetingRow {
            id: r.get(0)?,
            date: r.get(1)?,
            time: r.get(2)?,
            place: r.get(3)?,
            status: decode(&status, 4)?,
            minutes_version: r.get(5)?,
            agenda_size: r.get(6)?,
            decided: r.get(7)?,
        })
    })?;
    let mut list = collect(rows)?;
    // A planned meeting's agenda is computed, not stored.
    for row in list
        .iter_mut()
        .filter(|r| r.status == MeetingStatus::Planned)
    {
        row.agenda_size = agenda::compute(conn, &meeting_in(conn, row.id)?)?.len() as u32;
    }
    Ok(list)
}

/// The next meeting: the open one if any, else the earliest planned one.
pub fn next_meeting(cf: &CaseFile) -> Result<Option<Meeting>> {
    next_meeting_in(cf.conn())
}

pub(crate) fn next_meeting_in(conn: &Connection) -> Result<Option<Meeting>> {
    let id: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM meeting WHERE status IN ('open', 'planned')
              ORDER BY status = 'planned', date, time, id LIMIT 1",
        )?
        .query_row([], |r| r.get(0))
        .optional()?;
    id.map(|id| meeting_in(conn, id)).transpose()
}
