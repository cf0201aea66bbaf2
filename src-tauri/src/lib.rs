//! The Accroche desktop shell: Tauri 2 around `accroche-core`. Commands are adapters (take the
//! state and arguments, call one core function, map the error); no SQL and no rules here.

mod commands;
pub mod dto;
mod error;
mod state;

use std::path::PathBuf;

use tauri::Manager;

/// When the process started, for the start-up probe.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
/// When Tauri's setup ran, in ms after [`STARTED`] (start-up probe).
static SETUP_AT: std::sync::OnceLock<u128> = std::sync::OnceLock::new();

/// The window's first interactive paint (the UI calls it once, after its first screen is drawn).
/// With `ACCROCHE_STARTUP_PROBE` set, prints `accroche-ready <ms> <case file given or ->` on
/// stdout, for the start-up benchmark (`bench/startup.sh`) and the installed package's test
/// (`tests/package/deb.sh`); otherwise does nothing.
#[tauri::command]
fn ui_ready(state: tauri::State<'_, state::AppState>, marks: String) {
    if std::env::var_os("ACCROCHE_STARTUP_PROBE").is_some() {
        let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis());
        let opened = state
            .opened_path
            .as_ref()
            .map_or_else(|| "-".to_owned(), |p| p.display().to_string());
        println!("accroche-ready {ms} {opened}");
        // When Tauri's setup ran (ms after the process started), then the page's own
        // milestones (ms after its navigation began).
        let setup = SETUP_AT.get().copied().unwrap_or(0);
        println!("accroche-page setup={setup} {marks}");
    }
}

/// Starts the desktop app. A `.accroche` path on the command line (file association) is shown
/// on the unlock screen at start.
pub fn run() {
    STARTED.get_or_init(std::time::Instant::now);
    let opened_path = std::env::args_os()
        .skip(1)
        .map(PathBuf::from)
        .find(|p| p.extension().is_some_and(|e| e == "accroche"));
    // `--auto-lock-seconds=N`: a short idle time for tests and demonstrations.
    let auto_lock_seconds = std::env::args()
        .skip(1)
        .find_map(|a| a.strip_prefix("--auto-lock-seconds=")?.parse::<u32>().ok())
        .filter(|s| *s > 0);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            SETUP_AT.get_or_init(|| STARTED.get().map_or(0, |t| t.elapsed().as_millis()));
            let paths = app.path();
            let data = paths.data_dir()?.join("Accroche");
            let config = paths.app_config_dir()?;
            let cache = paths.app_cache_dir()?;
            let mut state = state::AppState::new(data, config, cache, opened_path.clone());
            state.auto_lock_seconds = auto_lock_seconds;
            if let Ok(dir) = paths.document_dir().or_else(|_| paths.home_dir()) {
                state.documents_dir = dir;
            }
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            ui_ready,
            commands::app::app_info,
            commands::app::recent_files,
            commands::app::forget_recent,
            commands::app::demo_open,
            commands::app::check_passphrase,
            commands::casefile::create_case_file,
            commands::casefile::open_case_file,
            commands::casefile::close_case_file,
            commands::casefile::current_session,
            commands::casefile::establishment_update,
            commands::casefile::journal_list,
            commands::casefile::journal_verify,
            commands::casefile::journal_search,
            commands::casefile::journal_facets,
            commands::casefile::auto_lock_set,
            commands::casefile::sign_in_accounts,
            commands::users::accounts_list,
            commands::users::account_create,
            commands::users::account_set_role,
            commands::users::account_deactivate,
            commands::users::account_reset_passphrase,
            commands::users::passphrase_change,
            commands::users::take_over,
            commands::users::recovery_sheet,
            commands::retention::retention_preview,
            commands::retention::retention_set_years,
            commands::retention::retention_purge,
            commands::rgpd::rgpd_student_file,
            commands::rgpd::rgpd_registre,
            commands::casefile::export_json,
            commands::backups::backups_list,
            commands::backups::backups_list_for,
            commands::backups::backup_now,
            commands::backups::backup_restore,
            commands::students::students_list,
            commands::students::student_get,
            commands::students::student_create,
            commands::students::student_update,
            commands::students::student_set_archived,
            commands::students::students_leavers,
            commands::gpds::dashboard,
            commands::gpds::student_gpds,
            commands::gpds::student_chronology,
            commands::gpds::flag_create,
            commands::gpds::flag_update,
            commands::gpds::meetings_list,
            commands::gpds::meeting_get,
            commands::gpds::meeting_suggested_members,
            commands::gpds::meeting_plan,
            commands::gpds::meeting_update,
            commands::gpds::meeting_cancel,
            commands::gpds::meeting_open,
            commands::gpds::meeting_close,
            commands::gpds::meeting_attendance,
            commands::gpds::meeting_minutes,
            commands::gpds::agenda_get,
            commands::gpds::agenda_add,
            commands::gpds::agenda_remove,
            commands::gpds::agenda_reorder,
            commands::gpds::review_get,
            commands::gpds::review_record,
            commands::gpds::action_add,
            commands::gpds::action_complete,
            commands::gpds::action_cancel,
            commands::gpds::action_reopen,
            commands::gpds::followup_set_in_charge,
            commands::gpds::entretien_record,
            commands::gpds::mesure_record,
            commands::gpds::mesure_set_status,
            commands::bilan::bilan_compute,
            commands::bilan::bilan_overview,
            commands::bilan::bilan_history,
            commands::bilan::bilan_records,
            commands::bilan::bilan_save_qualitative,
            commands::bilan::bilan_export,
            commands::bilan::bilan_merge,
            commands::bilan::bilan_merge_export,
            commands::notes::student_notes,
            commands::notes::note_read,
            commands::notes::note_add,
            commands::notes::note_update,
            commands::notes::note_delete,
            commands::pafi::pafi_list,
            commands::pafi::student_pafi,
            commands::pafi::pafi_get,
            commands::pafi::pafi_create,
            commands::pafi::pafi_update,
            commands::pafi::pafi_change_state,
            commands::pafi::pafi_save_activity,
            commands::pafi::pafi_remove_activity,
            commands::pafi::pafi_set_schedule,
            commands::pafi::pafi_add_note,
            commands::pafi::pafi_save_checkpoint,
            commands::pafi::pafi_record_amendment,
            commands::pafi::pafi_save_bilan,
            commands::pafi::pafi_authority,
            commands::pafi::pafi_set_authority,
            commands::pafi::document_pafi_contract,
            commands::pafi::document_pafi_convention,
            commands::pafi::document_pafi_bilan,
            commands::alliance::alliance_list,
            commands::alliance::student_alliances,
            commands::alliance::alliance_get,
            commands::alliance::alliance_create,
            commands::alliance::alliance_update,
            commands::alliance::alliance_change_state,
            commands::alliance::alliance_reopen,
            commands::alliance::alliance_evaluate,
            commands::alliance::alliance_add_member,
            commands::alliance::alliance_set_referent,
            commands::alliance::alliance_remove_member,
            commands::alliance::alliance_set_charte,
            commands::alliance::alliance_set_family,
            commands::alliance::alliance_set_partner,
            commands::alliance::alliance_add_diagnosis,
            commands::alliance::alliance_read_diagnosis,
            commands::alliance::alliance_save_response,
            commands::alliance::alliance_record_meeting,
            commands::alliance::alliance_record_share,
            commands::alliance::document_alliance_contract,
            commands::alliance::document_alliance_partnership,
            commands::alliance::document_alliance_charte,
            commands::alliance::document_alliance_meeting,
            commands::documents::documents_list,
            commands::documents::document_get,
            commands::documents::record_documents,
            commands::documents::document_meeting_minutes,
            commands::documents::document_prepare,
            commands::documents::document_sign_screen,
            commands::documents::document_sign_paper,
            commands::documents::document_cancel,
            commands::documents::document_verify_file,
            commands::documents::document_verify_reference,
            commands::documents::document_save,
            commands::documents::document_open,
            commands::documents::template_clauses,
            commands::documents::template_set_clause,
            commands::documents::template_preview,
            commands::documents::seal_certificate,
            commands::documents::seal_certificate_export,
            commands::staff::staff_list,
            commands::staff::staff_create,
            commands::staff::staff_update,
            commands::staff::staff_set_archived,
            commands::partners::partners_list,
            commands::partners::partner_get,
            commands::partners::partner_create,
            commands::partners::partner_update,
            commands::partners::partner_set_archived,
            commands::roster::roster_preview,
            commands::roster::roster_apply,
            commands::roster::roster_last_import,
            commands::roster::roster_undo,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Accroche n'a pas pu démarrer : {e}");
        std::process::exit(1);
    }
}

/// The window's attack surface, read from the configuration the binary embeds: no remote
/// source in the CSP, no network or file-system permission, only the dialogs.
#[cfg(test)]
mod surface {
    fn json(path: &str) -> serde_json::Value {
        let text =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
                .unwrap_or_default();
        serde_json::from_str(&text).unwrap_or_default()
    }

    #[test]
    fn the_csp_allows_no_remote_source_and_no_inline_script() {
        let conf = json("tauri.conf.json");
        let csp = conf["app"]["security"]["csp"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        assert!(!csp.is_empty(), "a CSP is set");
        for (directive, value) in &csp {
            let v = value.as_str().unwrap_or_default();
            for word in v.split_whitespace() {
                let allowed = ["'self'", "'none'", "data:", "ipc:", "http://ipc.localhost"];
                assert!(
                    allowed.contains(&word),
                    "{directive}: {word} lets something in"
                );
            }
            assert!(
                !v.contains("unsafe-inline") && !v.contains("unsafe-eval"),
                "{directive}"
            );
        }
        assert_eq!(csp["default-src"], "'self'");
        assert_eq!(csp["object-src"], "'none'");
        assert_eq!(conf["app"]["withGlobalTauri"], false);
    }

    #[test]
    fn the_window_may_only_use_accroches_commands_and_the_dialogs() {
        let cap = json("capabilities/default.json");
        let mut permissions: Vec<&str> = cap["permissions"]
            .as_array()
            .map(|a| a.iter().filter_map(|p| p.as_str()).collect())
            .unwrap_or_default();
        permissions.sort_unstable();
        assert_eq!(
            permissions,
            [
                "core:default",
                "dialog:allow-ask",
                "dialog:allow-message",
                "dialog:allow-open",
                "dialog:allow-save"
            ],
            "no fs, shell, http or other plugin"
        );
        assert_eq!(cap["windows"], serde_json::json!(["main"]));
    }
}
