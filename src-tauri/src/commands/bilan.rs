//! The yearly bilan: computed for the screen, and written as the anonymous JSON.

use std::path::Path;

use accroche_core::bilan::{self, Bilan};
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

#[tauri::command(async)]
pub fn bilan_compute(state: State<'_, AppState>, year: i32) -> Result<Bilan, ApiError> {
    state.with(|cf| bilan::bilan(cf, school_year(year)?))
}

/// Writes the anonymous JSON at `path`, whole or not at all.
#[tauri::command(async)]
pub fn bilan_export_json(
    state: State<'_, AppState>,
    year: i32,
    path: String,
) -> Result<(), ApiError> {
    state.with(|cf| bilan::export_json(cf, school_year(year)?, Path::new(path.trim())).map(drop))
}
