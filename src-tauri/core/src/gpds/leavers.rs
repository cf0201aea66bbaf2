//! Leavers to follow: students who left this school year after a GPDS follow-up or an
//! entretien de situation. The head of school must know what became of them in year N+1
//! (seed 004, "Connaître et suivre le devenir des élèves récemment sortis").

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::casefile::CaseFile;
use crate::error::Result;
use crate::registry::{collect, establishment};
use crate::school_year::SchoolYear;

/// A student who left during the school year after being followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Leaver {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Last name.
    pub last_name: String,
    /// First name.
    pub first_name: String,
    /// Last class.
    pub class_name: String,
    /// Exit date.
    pub exit_date: NaiveDate,
    /// Exit reason, if known.
    pub exit_reason: Option<String>,
}

/// Students who left during the case file's current school year (exit date passed) and had a
/// GPDS follow-up (entered or kept at a meeting) or an entretien de situation, most recent
/// first.
pub fn leavers(cf: &CaseFile) -> Result<Vec<Leaver>> {
    let year = SchoolYear(establishment(cf)?.input.school_year_start);
    let mut stmt = cf.conn().prepare_cached(
        "SELECT s.id, s.last_name, s.first_name, s.class_name, s.exit_date, s.exit_reason
           FROM student s
          WHERE s.exit_date >= ?1 AND s.exit_date <= ?2 AND s.exit_date <= ?3
            AND (EXISTS (SELECT 1 FROM review r WHERE r.student_id = s.id AND r.decision IN ('enter', 'keep'))
                 OR EXISTS (SELECT 1 FROM entretien e WHERE e.student_id = s.id))
          ORDER BY s.exit_date DESC, s.key_last_first",
    )?;
    let rows = stmt.query_map(
        params![year.first_day(), year.last_day(), cf.today()],
        |r| {
            Ok(Leaver {
                id: r.get(0)?,
                last_name: r.get(1)?,
                first_name: r.get(2)?,
                class_name: r.get(3)?,
                exit_date: r.get(4)?,
                exit_reason: r.get(5)?,
            })
        },
    )?;
    collect(rows)
}
