//! The figures of alliances the yearly bilan reads (seeds 000 and 004): alliances opened in the
//! school year, interne / externe, contracted with the family, refused by the family, partners
//! involved, conventions and chartes signed.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::casefile::CaseFile;
use crate::error::Result;
use crate::school_year::SchoolYear;

/// The alliances' figures of one school year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AllianceFigures {
    /// Alliances proposed during the year.
    pub opened: u32,
    /// Of which interne (school staff only).
    pub internal: u32,
    /// Of which externe.
    pub external: u32,
    /// Students in an alliance interne (distinct).
    pub students_internal: u32,
    /// Alliances whose contract the family signed during the year.
    pub family_signed: u32,
    /// Alliances whose contract the family refused during the year.
    pub family_refused: u32,
    /// Distinct partners taking part in the year's alliances.
    pub partners_involved: u32,
    /// Partners of those alliances with a signed convention de partenariat (dated in the year).
    pub conventions_signed: u32,
    /// Partners working informally (dated in the year).
    pub informal: u32,
    /// Chartes signed by members during the year.
    pub chartes_signed: u32,
    /// Alliances closed during the year.
    pub closed: u32,
    /// Abandoned during the year.
    pub abandoned: u32,
}

/// The figures of `year`: by the date of each fact (proposal, family's answer, signature…).
pub fn figures(cf: &CaseFile, year: SchoolYear) -> Result<AllianceFigures> {
    let conn = cf.conn();
    let (from, to) = (year.first_day(), year.last_day());
    let count =
        |sql: &str| -> Result<u32> { Ok(conn.query_row(sql, params![from, to], |r| r.get(0))?) };
    Ok(AllianceFigures {
        opened: count("SELECT count(*) FROM alliance WHERE proposed_on BETWEEN ?1 AND ?2")?,
        internal: count(
            "SELECT count(*) FROM alliance WHERE kind = 'interne' AND proposed_on BETWEEN ?1 AND ?2",
        )?,
        external: count(
            "SELECT count(*) FROM alliance WHERE kind = 'externe' AND proposed_on BETWEEN ?1 AND ?2",
        )?,
        students_internal: count(
            "SELECT count(DISTINCT student_id) FROM alliance WHERE kind = 'interne'
               AND proposed_on <= ?2 AND (state NOT IN ('closed', 'abandoned') OR state_on >= ?1)",
        )?,
        family_signed: count(
            "SELECT count(*) FROM alliance WHERE family = 'signed' AND family_on BETWEEN ?1 AND ?2",
        )?,
        family_refused: count(
            "SELECT count(*) FROM alliance WHERE family = 'refused' AND family_on BETWEEN ?1 AND ?2",
        )?,
        partners_involved: count(
            "SELECT count(DISTINCT ap.partner_id) FROM alliance_partner ap JOIN alliance a ON a.id = ap.alliance_id
              WHERE a.proposed_on <= ?2 AND (a.state NOT IN ('closed', 'abandoned') OR a.state_on >= ?1)",
        )?,
        conventions_signed: count(
            "SELECT count(*) FROM alliance_partner WHERE formalisation = 'convention' AND on_date BETWEEN ?1 AND ?2",
        )?,
        informal: count(
            "SELECT count(*) FROM alliance_partner WHERE formalisation = 'informal' AND on_date BETWEEN ?1 AND ?2",
        )?,
        chartes_signed: count(
            "SELECT count(*) FROM alliance_member WHERE charte_on BETWEEN ?1 AND ?2",
        )?,
        closed: count(
            "SELECT count(*) FROM alliance WHERE state = 'closed' AND state_on BETWEEN ?1 AND ?2",
        )?,
        abandoned: count(
            "SELECT count(*) FROM alliance WHERE state = 'abandoned' AND state_on BETWEEN ?1 AND ?2",
        )?,
    })
}
