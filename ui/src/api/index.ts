// The only module that talks to the Rust shell. One typed function per command of the
// UI ↔ shell contract; each rejects with a normalised ApiError (see errors.ts).

import { invoke } from "@tauri-apps/api/core";
import { toApiError } from "./errors";
import type {
  Leaver,
  AppInfo, BackupInfo, ChronologyEntry, Establishment, EstablishmentInput, ImportBatch, ImportPreview,
  JournalEntry, Partner, PartnerInput, RecentFile, Session, Staff, StaffInput, Student, StudentInput,
  StudentRow,
} from "./types.gen";

export * from "./types.gen";
export * from "./errors";
// The normalised error (errors.ts) wins over the generated wire type of the same name.
export type { ApiError } from "./errors";
export * from "./dialogs";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toApiError(reason);
  }
}

// Application and case file

export const appInfo = () => call<AppInfo>("app_info");
export const recentFiles = () => call<RecentFile[]>("recent_files");
export const forgetRecent = (path: string) => call<RecentFile[]>("forget_recent", { path });
export const checkPassphrase = (passphrase: string) =>
  call<string | null>("check_passphrase", { passphrase });
export const createCaseFile = (
  path: string, passphrase: string, establishment: EstablishmentInput, logoPath: string | null,
) => call<Session>("create_case_file", { path, passphrase, establishment, logoPath });
export const openCaseFile = (path: string, passphrase: string, readOnly: boolean) =>
  call<Session>("open_case_file", { path, passphrase, readOnly });
export const closeCaseFile = () => call<null>("close_case_file");
export const currentSession = () => call<Session | null>("current_session");
/** `logoPath` null keeps the current logo. */
export const establishmentUpdate = (establishment: EstablishmentInput, logoPath: string | null) =>
  call<Establishment>("establishment_update", { establishment, logoPath });

// Students

export const studentsList = (query: string, includeArchived: boolean) =>
  call<StudentRow[]>("students_list", { query, includeArchived });
export const studentGet = (id: number) => call<Student>("student_get", { id });
export const studentCreate = (input: StudentInput) => call<Student>("student_create", { input });
export const studentUpdate = (id: number, input: StudentInput) =>
  call<Student>("student_update", { id, input });
export const studentSetArchived = (id: number, archived: boolean) =>
  call<Student>("student_set_archived", { id, archived });
export const studentChronology = (id: number) =>
  call<ChronologyEntry[]>("student_chronology", { id });
/** Students who left during the current school year (devenir N+1), most recent first. */
export const studentsLeavers = () => call<Leaver[]>("students_leavers");

// Roster import (SIECLE XML or zip, Pronote or ONDE CSV)

/** What importing the file would do; changes nothing. */
export const rosterPreview = (path: string, nomenclaturePath: string | null, responsablesPath: string | null = null) =>
  call<ImportPreview>("roster_preview", { path, nomenclaturePath, responsablesPath });
/** Imports the file in one transaction and returns what it did. */
export const rosterApply = (path: string, nomenclaturePath: string | null, responsablesPath: string | null = null) =>
  call<ImportPreview>("roster_apply", { path, nomenclaturePath, responsablesPath });
/** The last import not yet undone, if any. */
export const rosterLastImport = () => call<ImportBatch | null>("roster_last_import");
/** Undoes the last import (conflict once something was written after it). */
export const rosterUndo = () => call<ImportBatch>("roster_undo");

// Staff

export const staffList = (query: string, includeArchived: boolean) =>
  call<Staff[]>("staff_list", { query, includeArchived });
export const staffCreate = (input: StaffInput) => call<Staff>("staff_create", { input });
export const staffUpdate = (id: number, input: StaffInput) => call<Staff>("staff_update", { id, input });
export const staffSetArchived = (id: number, archived: boolean) =>
  call<Staff>("staff_set_archived", { id, archived });

// Partners

export const partnersList = (query: string, includeArchived: boolean) =>
  call<Partner[]>("partners_list", { query, includeArchived });
export const partnerGet = (id: number) => call<Partner>("partner_get", { id });
export const partnerCreate = (input: PartnerInput) => call<Partner>("partner_create", { input });
export const partnerUpdate = (id: number, input: PartnerInput) =>
  call<Partner>("partner_update", { id, input });
export const partnerSetArchived = (id: number, archived: boolean) =>
  call<Partner>("partner_set_archived", { id, archived });

// Journal, backups, export

export const journalList = (limit: number) => call<JournalEntry[]>("journal_list", { limit });
export const backupsList = () => call<BackupInfo[]>("backups_list");
export const backupsListFor = (path: string) => call<BackupInfo[]>("backups_list_for", { path });
export const backupNow = () => call<BackupInfo>("backup_now");
export const backupRestore = (path: string, backupPath: string, passphrase: string) =>
  call<Session>("backup_restore", { path, backupPath, passphrase });
export const exportJson = (path: string) => call<null>("export_json", { path });
