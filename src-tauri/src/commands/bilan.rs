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

/// Writes the anonymous JSON whole or not at all: a `.partiel` file, then renamed.
#[tauri::command(async)]
pub fn bilan_export_json(
    state: State<'_, AppState>,
    year: i32,
    path: String,
) -> Result<(), ApiError> {
    state.with(|cf| {
        let path = Path::new(path.trim());
        if path.as_os_str().is_empty() {
            return Err(Error::invalid("path", "Indiquez le fichier à créer."));
        }
        let text = bilan::to_json(&bilan::bilan(cf, school_year(year)?)?)?;
        let tmp = path.with_extension("json.partiel");
        std::fs::write(&tmp, text.as_bytes()).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::io(path, e)
        })?;
        Ok(())
    })
}
