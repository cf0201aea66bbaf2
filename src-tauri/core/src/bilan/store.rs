//! What the case file keeps of the bilan: the référent's qualitative part of each year, and every
//! export frozen with its figures and its date — so that a later purge of old records does not
//! change what was reported, and a re-export says which figures changed since.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{bilan, to_json, Bilan, Qualitative};
use crate::casefile::{CaseFile, Change, JournalDraft};
use crate::error::{Error, Result};
use crate::registry::{coded_enum, Coded};
use crate::school_year::{french_date, SchoolYear};
use crate::text::fold;

coded_enum! {
    /// The formats a bilan is exported in.
    ExportFormat {
        /// The printable report, with charts.
        Pdf = "pdf" / "PDF",
        /// A workbook, one sheet per table.
        Xlsx = "xlsx" / "Classeur XLSX",
        /// One CSV table.
        Csv = "csv" / "CSV",
        /// The anonymous JSON coordinators merge.
        Json = "json" / "JSON anonyme",
    }
}

impl ExportFormat {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.code()
    }
}

/// The longest text of one qualitative part (about two printed pages).
pub const QUALITATIVE_MAX_CHARS: usize = 6000;

/// One export of a year's bilan, as the case file keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "BilanExport"))]
#[serde(rename_all = "camelCase")]
pub struct Frozen {
    /// Its rank.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The day of the export (the day its figures were computed).
    pub exported_on: NaiveDate,
    /// The format.
    pub format: ExportFormat,
    /// The file's name (without its folder).
    pub file_name: String,
}

/// A figure (or a distribution's row) whose value changed since the last export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "BilanChange"))]
#[serde(rename_all = "camelCase")]
pub struct FigureChange {
    /// `pafi_commences`, or `pafi_age/15` for a distribution's row.
    pub id: String,
    /// « PAFI commencés », « PAFI commencés, par âge au premier jour — 15 ans ».
    pub label: String,
    /// The value exported.
    pub before: u32,
    /// The value now.
    pub after: u32,
}

/// A year's bilan as the screen shows it: the figures now, the qualitative part, the exports
/// already made and what changed since the last one (with its figures as they were exported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "BilanOverview"))]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    /// The figures as of today.
    pub bilan: Bilan,
    /// The qualitative part.
    pub qualitative: Qualitative,
    /// The exports of the year, newest first.
    pub exports: Vec<Frozen>,
    /// The last export's figures, as exported.
    pub frozen: Option<Bilan>,
    /// The figures that changed since the last export.
    pub changes: Vec<FigureChange>,
}

/// What an export did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "BilanExported"))]
#[serde(rename_all = "camelCase")]
pub struct Exported {
    /// The bilan exported.
    pub bilan: Bilan,
    /// Whether its figures were frozen in the case file (not in a read-only one).
    pub frozen: bool,
    /// The export before this one, if any.
    pub previous: Option<Frozen>,
    /// The figures that changed since that export (empty: the same figures).
    pub changes: Vec<FigureChange>,
}

/// Refuses a school year outside 2000-2100 (a typing slip), changing nothing.
fn plausible(year: SchoolYear) -> Result<()> {
    if year.is_plausible() {
        Ok(())
    } else {
        Err(Error::invalid(
            "year",
            format!("{} n'est pas une année scolaire.", year.label()),
        ))
    }
}

/// The qualitative part written for `year` (empty parts when nothing was written).
pub fn qualitative(cf: &CaseFile, year: SchoolYear) -> Result<Qualitative> {
    Ok(cf
        .conn()
        .query_row(
            "SELECT apports, difficultes, leviers, perspectives FROM bilan_qualitative WHERE school_year = ?1",
            [year.0],
            |r| {
                Ok(Qualitative {
                    apports: r.get(0)?,
                    difficultes: r.get(1)?,
                    leviers: r.get(2)?,
                    perspectives: r.get(3)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

/// Saves the qualitative part of `year`. Refused, changing nothing, when a part is too long or
/// names a student of the case file (the bilan goes to the académie: it stays anonymous).
pub fn save_qualitative(
    cf: &mut CaseFile,
    year: SchoolYear,
    q: &Qualitative,
) -> Result<Qualitative> {
    plausible(year)?;
    let q = Qualitative {
        apports: q.apports.trim().to_owned(),
        difficultes: q.difficultes.trim().to_owned(),
        leviers: q.leviers.trim().to_owned(),
        perspectives: q.perspectives.trim().to_owned(),
    };
    let fields = ["apports", "difficultes", "leviers", "perspectives"];
    for ((heading, text), field) in q.parts().into_iter().zip(fields) {
        let n = text.chars().count();
        if n > QUALITATIVE_MAX_CHARS {
            return Err(Error::invalid(
                field,
                format!("« {heading} » compte {n} caractères : {QUALITATIVE_MAX_CHARS} au plus. Résumez."),
            ));
        }
        if let Some(who) = named_student(cf, text)? {
            return Err(Error::invalid(
                field,
                format!("« {heading} » cite {who} : le bilan est anonyme (il part à la DSDEN). Retirez le nom de l'élève."),
            ));
        }
    }
    let before = qualitative(cf, year)?;
    if before == q {
        return Ok(q);
    }
    let changes: Vec<Change> = before
        .parts()
        .into_iter()
        .zip(q.parts())
        .filter(|((_, a), (_, b))| a != b)
        .map(|((heading, a), (_, b))| Change {
            field: heading.into(),
            before: (!a.is_empty()).then(|| a.to_owned()),
            after: (!b.is_empty()).then(|| b.to_owned()),
        })
        .collect();
    cf.write(|tx| {
        tx.conn().execute(
            "INSERT INTO bilan_qualitative (school_year, apports, difficultes, leviers, perspectives, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (school_year) DO UPDATE SET apports = ?2, difficultes = ?3, leviers = ?4,
                perspectives = ?5, updated_at = ?6",
            params![year.0, q.apports, q.difficultes, q.leviers, q.perspectives, tx.at()],
        )?;
        tx.journal(JournalDraft {
            entity: "bilan",
            entity_id: Some(i64::from(year.0)),
            student_id: None,
            summary: format!("Bilan {} : analyse qualitative modifiée", year.label()),
            changes,
        })
    })?;
    Ok(q)
}

/// The first student of the case file whose full name (first and last, in either order) or INE
/// appears in `text`, accents and case aside.
fn named_student(cf: &CaseFile, text: &str) -> Result<Option<String>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let folded = format!(" {} ", words(&fold(text)));
    let mut stmt = cf
        .conn()
        .prepare_cached("SELECT first_name, last_name, ine FROM student")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (first, last, ine): (String, String, Option<String>) =
            (r.get(0)?, r.get(1)?, r.get(2)?);
        let (f, l) = (words(&fold(&first)), words(&fold(&last)));
        let named = [format!(" {f} {l} "), format!(" {l} {f} ")]
            .iter()
            .any(|needle| folded.contains(needle.as_str()));
        let ine = ine.is_some_and(|ine| !ine.is_empty() && folded.contains(&words(&fold(&ine))));
        if named || ine {
            return Ok(Some(format!("{first} {last}")));
        }
    }
    Ok(None)
}

/// Letters and digits kept, everything else a single space (hyphens and apostrophes too, so
/// that « Aït-Ali » matches « Aït Ali »).
fn words(folded: &str) -> String {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The exports of `year`, newest first.
pub fn exports(cf: &CaseFile, year: SchoolYear) -> Result<Vec<Frozen>> {
    let mut stmt = cf.conn().prepare_cached(
        "SELECT id, exported_on, format, file_name FROM bilan_freeze WHERE school_year = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([year.0], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, NaiveDate>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    rows.map(|row| {
        let (id, exported_on, format, file_name) = row?;
        Ok(Frozen {
            id,
            exported_on,
            format: ExportFormat::from_code(&format)
                .ok_or_else(|| Error::Format(format!("Format d'export inconnu : {format}.")))?,
            file_name,
        })
    })
    .collect()
}

/// The figures of an export, as exported.
pub fn frozen_bilan(cf: &CaseFile, id: i64) -> Result<Bilan> {
    let json: String = cf
        .conn()
        .query_row(
            "SELECT figures FROM bilan_freeze WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound("Cet export du bilan n'existe pas.".into()))?;
    Ok(serde_json::from_str(&json)?)
}

/// The year's figures now, its qualitative part, its exports and what changed since the last.
pub fn overview(cf: &CaseFile, year: SchoolYear) -> Result<Overview> {
    let now = bilan(cf, year)?;
    let exports = exports(cf, year)?;
    let frozen = exports
        .first()
        .map(|f| frozen_bilan(cf, f.id))
        .transpose()?;
    let changes = frozen
        .as_ref()
        .map(|f| compare(f, &now))
        .unwrap_or_default();
    Ok(Overview {
        bilan: now,
        qualitative: qualitative(cf, year)?,
        exports,
        frozen,
        changes,
    })
}

/// The figures and distribution rows whose values differ between two bilans of the same year.
pub fn compare(before: &Bilan, after: &Bilan) -> Vec<FigureChange> {
    let mut changes = Vec::new();
    for s in &after.sections {
        for f in &s.figures {
            let old = before.value(&f.id).unwrap_or(0);
            if old != f.value {
                changes.push(FigureChange {
                    id: f.id.clone(),
                    label: f.label.clone(),
                    before: old,
                    after: f.value,
                });
            }
        }
        for d in &s.distributions {
            let old = before.distribution(&d.id);
            for r in &d.rows {
                let was = old
                    .and_then(|o| o.rows.iter().find(|x| x.key == r.key))
                    .map_or(0, |x| x.count);
                if was != r.count {
                    changes.push(FigureChange {
                        id: format!("{}/{}", d.id, r.key),
                        label: format!("{} — {}", d.label, r.label),
                        before: was,
                        after: r.count,
                    });
                }
            }
        }
    }
    changes
}

/// The file's bytes in `format`.
pub fn render(b: &Bilan, q: &Qualitative, format: ExportFormat) -> Result<Vec<u8>> {
    Ok(match format {
        ExportFormat::Pdf => super::pdf::pdf(b, q)?,
        ExportFormat::Xlsx => super::sheet::xlsx(b, q)?,
        ExportFormat::Csv => super::sheet::csv(b).into_bytes(),
        ExportFormat::Json => to_json(b)?.into_bytes(),
    })
}

/// Exports `year`'s bilan at `path` in `format`, whole or not at all, and freezes its figures in
/// the case file with the day (not in a read-only case file: the export is then made, unfrozen).
/// Says which figures changed since the previous export.
pub fn export(
    cf: &mut CaseFile,
    year: SchoolYear,
    format: ExportFormat,
    path: &Path,
) -> Result<Exported> {
    plausible(year)?;
    if path.as_os_str().is_empty() {
        return Err(Error::invalid("path", "Indiquez le fichier à créer."));
    }
    let b = bilan(cf, year)?;
    let q = qualitative(cf, year)?;
    let bytes = render(&b, &q, format)?;
    let previous = exports(cf, year)?.into_iter().next();
    let changes = match &previous {
        Some(p) => compare(&frozen_bilan(cf, p.id)?, &b),
        None => Vec::new(),
    };
    if cf.read_only() {
        crate::files::write_whole(path, &bytes)?;
        return Ok(Exported {
            bilan: b,
            frozen: false,
            previous,
            changes,
        });
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let figures = to_json(&b)?;
    let kept = serde_json::to_string(&q)?;
    let summary = format!(
        "Bilan {} exporté ({}) : {}{}",
        year.label(),
        format.label(),
        file_name,
        match &previous {
            None => String::new(),
            Some(_) if changes.is_empty() =>
                " — chiffres inchangés depuis le dernier export".into(),
            Some(p) => format!(
                " — {} chiffre{} changé{} depuis l'export du {}",
                changes.len(),
                if changes.len() > 1 { "s" } else { "" },
                if changes.len() > 1 { "s" } else { "" },
                french_date(p.exported_on)
            ),
        }
    );
    let journal_changes = changes
        .iter()
        .map(|c| Change {
            field: c.label.clone(),
            before: Some(c.before.to_string()),
            after: Some(c.after.to_string()),
        })
        .collect();
    let today = cf.today();
    // The file is written inside the transaction: if it cannot be, nothing is frozen.
    cf.write(|tx| {
        tx.conn().execute(
            "INSERT INTO bilan_freeze (school_year, exported_on, exported_at, format, file_name, figures, qualitative)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![year.0, today, tx.at(), format.code(), file_name, figures, kept],
        )?;
        let id = tx.conn().last_insert_rowid();
        tx.journal(JournalDraft {
            entity: "bilan",
            entity_id: Some(id),
            student_id: None,
            summary,
            changes: journal_changes,
        })?;
        crate::files::write_whole(path, &bytes)
    })?;
    Ok(Exported {
        bilan: b,
        frozen: true,
        previous,
        changes,
    })
}

/// The school years that have at least one fact the bilan counts, oldest first, up to the
/// current one (always included).
pub fn years(cf: &CaseFile) -> Result<Vec<SchoolYear>> {
    let first: Option<NaiveDate> = cf.conn().query_row(
        "SELECT min(d) FROM (
            SELECT min(flagged_on) AS d FROM flag
            UNION ALL SELECT min(date) FROM meeting WHERE status = 'held'
            UNION ALL SELECT min(proposed_on) FROM pafi
            UNION ALL SELECT min(proposed_on) FROM alliance
            UNION ALL SELECT min(held_on) FROM entretien
            UNION ALL SELECT min(start_on) FROM mesure)",
        [],
        |r| r.get(0),
    )?;
    let current = SchoolYear::containing(cf.today());
    let first = first
        .map_or(current, SchoolYear::containing)
        .0
        .min(current.0);
    Ok((first..=current.0).map(SchoolYear).collect())
}
