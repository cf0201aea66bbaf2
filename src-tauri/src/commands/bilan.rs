//! The yearly bilan: computed for the screen with the records behind each figure, its
//! qualitative part, its exports (frozen in the case file) and the consolidation of many
//! schools' anonymous files.

use std::path::Path;

use accroche_core::bilan::merge::{self, Consolidated};
use accroche_core::bilan::{self, Bilan, ExportFormat, Exported, Overview, Qualitative, Record};
use accroche_core::school_year::SchoolYear;
use accroche_core::Error;
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// The school year starting in September of `year`, refused when implausible.
fn school_year(year: i32) -> accroche_core::Result<SchoolYear> {
    let y = SchoolYear(year);
    if !y.is_plausible() {
        return Err(Error::invalid(
            "year",
            format!("{year} n'est pas une année scolaire."),
        ));
    }
    Ok(y)
}

/// The most years the screen compares, newest kept.
const HISTORY_YEARS: usize = 10;

#[tauri::command(async)]
pub fn bilan_compute(state: State<'_, AppState>, year: i32) -> Result<Bilan, ApiError> {
    state.with(|cf| bilan::bilan(cf, school_year(year)?))
}

/// The year's figures, qualitative part, exports and changes since the last export.
#[tauri::command(async)]
pub fn bilan_overview(state: State<'_, AppState>, year: i32) -> Result<Overview, ApiError> {
    state.with(|cf| bilan::overview(cf, school_year(year)?))
}

/// The bilans of the years that have facts (the last ten), oldest first: the year-over-year
/// charts.
#[tauri::command(async)]
pub fn bilan_history(state: State<'_, AppState>) -> Result<Vec<Bilan>, ApiError> {
    state.with(|cf| {
        let years = bilan::years(cf)?;
        let skip = years.len().saturating_sub(HISTORY_YEARS);
        years
            .into_iter()
            .skip(skip)
            .map(|y| bilan::bilan(cf, y))
            .collect()
    })
}

/// The records behind a figure, or behind a distribution's row (`key`).
#[tauri::command(async)]
pub fn bilan_records(
    state: State<'_, AppState>,
    year: i32,
    figure: String,
    key: Option<String>,
) -> Result<Vec<Record>, ApiError> {
    state.with(|cf| bilan::records(cf, school_year(year)?, &figure, key.as_deref()))
}

#[tauri::command(async)]
pub fn bilan_save_qualitative(
    state: State<'_, AppState>,
    year: i32,
    qualitative: Qualitative,
) -> Result<Qualitative, ApiError> {
    state.with(|cf| bilan::save_qualitative(cf, school_year(year)?, &qualitative))
}

/// Writes the bilan at `path` in `format`, whole or not at all, and freezes its figures.
#[tauri::command(async)]
pub fn bilan_export(
    state: State<'_, AppState>,
    year: i32,
    format: ExportFormat,
    path: String,
) -> Result<Exported, ApiError> {
    state.with(|cf| bilan::export(cf, school_year(year)?, format, Path::new(path.trim())))
}

/// Consolidates schools' anonymous bilan files (no case file needed: a coordinator's work).
#[tauri::command(async)]
pub fn bilan_merge(paths: Vec<String>) -> Result<Consolidated, ApiError> {
    let paths: Vec<&Path> = paths.iter().map(|p| Path::new(p.trim())).collect();
    Ok(merge::merge_files(&paths)?)
}

/// Consolidates and writes the result at `path` (.xlsx or .json), whole or not at all.
#[tauri::command(async)]
pub fn bilan_merge_export(paths: Vec<String>, path: String) -> Result<Consolidated, ApiError> {
    let paths: Vec<&Path> = paths.iter().map(|p| Path::new(p.trim())).collect();
    let c = merge::merge_files(&paths)?;
    merge::write(&c, Path::new(path.trim()))?;
    Ok(c)
}
