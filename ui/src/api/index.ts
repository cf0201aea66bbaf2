// The only module that talks to the Rust shell. One typed function per command of the
// UI ↔ shell contract; each rejects with a normalised ApiError (see errors.ts).

import { invoke } from "@tauri-apps/api/core";
import { toApiError } from "./errors";
import type {
  CaCertificate, Document, DocumentType, ScreenSignature, TemplateClauses, Verification,
  Action, ActionInput, Agenda, Attendance, ChronologyKind, Dashboard, Entretien, EntretienInput,
  Flag, FlagInput, FollowUp, Meeting, MeetingInput, MeetingRow, Mesure, MesureInput, MesureStatus,
  Minutes, Review, ReviewInput, StudentGpds,
  Leaver,
  Activity, ActivityInput, Amendment, Bilan, BilanInput, Checkpoint, CheckpointInput, Note, NoteInput, Pafi, PafiInput,
  PafiRow, Period, PeriodInput, StateChange, ValidationAuthority,
  Alliance, AllianceInput, AllianceMeeting, AllianceMeetingInput, AllianceMember, AllianceResponse, AllianceRow,
  AllianceStateChange, DiagnosisEntry, DiagnosisInput, EvaluationInput, FamilyChange, Formalisation, MemberInput,
  ResponseInput, Share, ShareInput,
  AppInfo, BackupInfo, ChronologyEntry, Establishment, EstablishmentInput, ImportBatch, ImportPreview,
  JournalEntry, Partner, PartnerInput, RecentFile, Session, Staff, StaffInput, Student, StudentInput,
  StudentRow,
  JournalCheck, JournalFacets, JournalFilter, PurgePreview, PurgeReport,
  StudentNote, StudentNoteInput, StudentNotes,
  AnnualBilan, BilanConsolidated, BilanExported, BilanOverview, BilanQualitative, BilanRecord, ExportFormat,
  Account, Role, SignInAccount,
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
/** Tells the shell the first screen is drawn (the start-up benchmark's probe). */
/** The first screen is painted; `marks`: the page's own timings, for the start-up probe. */
export const uiReady = (marks: string) => call<null>("ui_ready", { marks });
export const recentFiles = () => call<RecentFile[]>("recent_files");
export const forgetRecent = (path: string) => call<RecentFile[]>("forget_recent", { path });
export const checkPassphrase = (passphrase: string) =>
  call<string | null>("check_passphrase", { passphrase });
export const createCaseFile = (
  path: string, passphrase: string, establishment: EstablishmentInput, logoPath: string | null,
) => call<Session>("create_case_file", { path, passphrase, establishment, logoPath });
/** `userId` null: whichever account the passphrase opens (or the recovery key). */
export const openCaseFile = (path: string, passphrase: string, readOnly: boolean, userId: number | null = null) =>
  call<Session>("open_case_file", { path, passphrase, readOnly, userId });
/** « Découvrir avec un dossier de démonstration »: makes it the first time, then opens it. */
export const demoOpen = () => call<Session>("demo_open");
export const signInAccounts = (path: string) => call<SignInAccount[]>("sign_in_accounts", { path });

// Accounts

export const accountsList = () => call<Account[]>("accounts_list");
export const accountCreate = (name: string, role: Role, passphrase: string) =>
  call<Account>("account_create", { name, role, passphrase });
export const accountSetRole = (id: number, role: Role) => call<Account>("account_set_role", { id, role });
export const accountDeactivate = (id: number) => call<Account>("account_deactivate", { id });
export const accountResetPassphrase = (id: number, passphrase: string) =>
  call<null>("account_reset_passphrase", { id, passphrase });
export const passphraseChange = (current: string, passphrase: string) =>
  call<null>("passphrase_change", { current, passphrase });
export const takeOver = (name: string, passphrase: string) => call<Session>("take_over", { name, passphrase });
export const recoverySheet = (path: string) => call<string>("recovery_sheet", { path });
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
/** Everything that happened to the student, newest first; `kinds` empty: every kind. */
export const studentChronology = (id: number, kinds: ChronologyKind[] = []) =>
  call<ChronologyEntry[]>("student_chronology", { id, kinds });
/** Students who left during the current school year (devenir N+1), most recent first. */
export const studentsLeavers = () => call<Leaver[]>("students_leavers");

// Notes on a student: each with its sensitivity and its résumé utile. Lists never carry the text
// of a restricted note: `noteRead` gives it, and the reading is written in the journal.

export const studentNotes = (studentId: number) => call<StudentNotes>("student_notes", { studentId });
export const noteRead = (id: number) => call<StudentNote>("note_read", { id });
export const noteAdd = (studentId: number, input: StudentNoteInput) =>
  call<StudentNote>("note_add", { studentId, input });
export const noteUpdate = (id: number, input: StudentNoteInput) => call<StudentNote>("note_update", { id, input });
export const noteDelete = (id: number) => call<null>("note_delete", { id });

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
/** The journal entries matching the filters, newest first. */
export const journalSearch = (filter: JournalFilter) => call<JournalEntry[]>("journal_search", { filter });
/** The journal's authors and kinds of record, for the filters. */
export const journalFacets = () => call<JournalFacets>("journal_facets");
/** Writes everything the case file holds on a student (PDF, and JSON if a path is given); journaled. */
export const rgpdStudentFile = (studentId: number, pdfPath: string, jsonPath: string | null) =>
  call<null>("rgpd_student_file", { studentId, pdfPath, jsonPath });
/** Writes the registre des activités de traitement (PDF) for the DPO. */
export const rgpdRegistre = (path: string) => call<null>("rgpd_registre", { path });
/** What the RGPD retention policy would purge today. */
export const retentionPreview = () => call<PurgePreview>("retention_preview");
/** Sets the retention policy (school years kept after the year of exit, 0 to 5). */
export const retentionSetYears = (years: number) => call<PurgePreview>("retention_set_years", { years });
/** Purges what the preview listed (`expected` students) and writes the certificate (PDF). */
export const retentionPurge = (expected: number, certificate: string) =>
  call<PurgeReport>("retention_purge", { expected, certificate });
/** Sets the idle minutes before the window locks the case file (1 to 60). */
export const autoLockSet = (minutes: number) => call<Session>("auto_lock_set", { minutes });
/** Checks the journal's hash chain; names the first entry altered, if any. */
export const journalVerify = () => call<JournalCheck>("journal_verify");
export const backupsList = () => call<BackupInfo[]>("backups_list");
export const backupsListFor = (path: string) => call<BackupInfo[]>("backups_list_for", { path });
export const backupNow = () => call<BackupInfo>("backup_now");
export const backupRestore = (path: string, backupPath: string, passphrase: string) =>
  call<Session>("backup_restore", { path, backupPath, passphrase });
export const exportJson = (path: string) => call<null>("export_json", { path });

// GPDS: dashboard, flags, meetings, agenda, reviews, actions, follow-up, entretiens, mesures.
// Errors with code "confirm" ask the user to confirm, then to call again with the flag set.

export const dashboard = () => call<Dashboard>("dashboard");
/** Follow-up, flags, reviews, actions, entretiens, mesures and proposals of one student. */
export const studentGpds = (id: number) => call<StudentGpds>("student_gpds", { id });
export const flagCreate = (input: FlagInput) => call<Flag>("flag_create", { input });
export const flagUpdate = (id: number, input: FlagInput) => call<Flag>("flag_update", { id, input });

export const meetingsList = () => call<MeetingRow[]>("meetings_list");
export const meetingGet = (id: number) => call<Meeting>("meeting_get", { id });
/** Staff ids to invite by default (every present staff member whose function sits on a GPDS). */
export const meetingSuggestedMembers = () => call<number[]>("meeting_suggested_members");
export const meetingPlan = (input: MeetingInput) => call<Meeting>("meeting_plan", { input });
export const meetingUpdate = (id: number, input: MeetingInput) => call<Meeting>("meeting_update", { id, input });
export const meetingCancel = (id: number, reason: string) => call<Meeting>("meeting_cancel", { id, reason });
/** Meeting mode: freezes the agenda. Refused before the meeting's day. */
export const meetingOpen = (id: number) => call<Meeting>("meeting_open", { id });
export const meetingClose = (id: number) => call<Meeting>("meeting_close", { id });
export const meetingAttendance = (id: number, attendance: Attendance) =>
  call<Meeting>("meeting_attendance", { id, attendance });
/** The compte-rendu as data (a draft while the meeting is open). */
export const meetingMinutes = (id: number) => call<Minutes>("meeting_minutes", { id });

export const agendaGet = (meetingId: number) => call<Agenda>("agenda_get", { meetingId });
export const agendaAdd = (meetingId: number, studentId: number) =>
  call<Agenda>("agenda_add", { meetingId, studentId });
export const agendaRemove = (meetingId: number, studentId: number) =>
  call<Agenda>("agenda_remove", { meetingId, studentId });
export const agendaReorder = (meetingId: number, studentIds: number[]) =>
  call<Agenda>("agenda_reorder", { meetingId, studentIds });

export const reviewGet = (meetingId: number, studentId: number) =>
  call<Review | null>("review_get", { meetingId, studentId });
/** Records or corrects the decision; on a closed meeting the compte-rendu gets a new version. */
export const reviewRecord = (meetingId: number, studentId: number, input: ReviewInput) =>
  call<Review>("review_record", { meetingId, studentId, input });

export const actionAdd = (studentId: number, input: ActionInput, confirmed = false) =>
  call<Action>("action_add", { studentId, input, confirmed });
export const actionComplete = (id: number, doneOn: string | null, result: string) =>
  call<Action>("action_complete", { id, doneOn, result });
export const actionCancel = (id: number, reason: string) => call<Action>("action_cancel", { id, reason });
export const actionReopen = (id: number) => call<Action>("action_reopen", { id });

export const followupSetInCharge = (studentId: number, staffId: number) =>
  call<FollowUp>("followup_set_in_charge", { studentId, staffId });
export const entretienRecord = (id: number | null, input: EntretienInput) =>
  call<Entretien>("entretien_record", { id, input });
export const mesureRecord = (id: number | null, input: MesureInput) =>
  call<Mesure>("mesure_record", { id, input });
export const mesureSetStatus = (id: number, status: MesureStatus) =>
  call<Mesure>("mesure_set_status", { id, status });

// Documents: every PDF Accroche makes (registry, versions, signing, checking, printing).

export const documentsList = () => call<Document[]>("documents_list");
export const documentGet = (id: number) => call<Document>("document_get", { id });
/** The documents of one record ("meeting", "partner"…), newest version first. */
export const recordDocuments = (entity: string, id: number) => call<Document[]>("record_documents", { entity, id });
/** Makes the compte-rendu of a meeting (a draft, or a new version once the last one left draft). */
export const documentMeetingMinutes = (meetingId: number) => call<Document>("document_meeting_minutes", { meetingId });
/** Draft → à signer (refused while `missing` is not empty). */
export const documentPrepare = (id: number) => call<Document>("document_prepare", { id });
/** One signatory signs on the screen; the last required one makes the sealed final file. */
export const documentSignScreen = (id: number, signature: ScreenSignature) =>
  call<Document>("document_sign_screen", { id, signature });
/** Signed on paper on `signedOn` (yyyy-mm-dd) by the signatories at `positions`, with an optional scan. */
export const documentSignPaper = (id: number, signedOn: string | null, positions: number[], scanPath: string | null) =>
  call<Document>("document_sign_paper", { id, signedOn, positions, scanPath });
export const documentCancel = (id: number, reason: string) => call<Document>("document_cancel", { id, reason });
export const documentVerifyFile = (path: string) => call<Verification>("document_verify_file", { path });
export const documentVerifyReference = (reference: string, fingerprint: string) =>
  call<Verification>("document_verify_reference", { reference, fingerprint });
/** Saves a copy of the PDF at `path` (chosen with the save dialog). */
export const documentSave = (id: number, path: string) => call<null>("document_save", { id, path });
/** Opens the PDF in the system's viewer, to print it. */
export const documentOpen = (id: number) => call<null>("document_open", { id });
/** The adaptable articles of a document type, shipped and adapted texts. */
export const templateClauses = (kind: DocumentType) => call<TemplateClauses>("template_clauses", { kind });
/** Adapts an article (`text` null: back to the shipped text); the template gets a new version. */
export const templateSetClause = (kind: DocumentType, block: string, text: string | null) =>
  call<TemplateClauses>("template_set_clause", { kind, block, text });
/** Opens in the system's viewer the template as adapted, filled with invented people. */
export const templatePreview = (kind: DocumentType) => call<null>("template_preview", { kind });
/** The seal's authority certificate and its fingerprint (made on first use). */
export const sealCertificate = () => call<CaCertificate>("seal_certificate");
/** Writes the authority certificate (PEM) at `path`. */
export const sealCertificateExport = (path: string) => call<CaCertificate>("seal_certificate_export", { path });

// PAFI: the paths, their states, activities, weekly schedule, follow-up, final bilan, the
// validating authority and their documents. Errors with code "confirm" (a path longer than two
// months) ask the user, then the same call again with `confirmLong: true`.

export const pafiList = () => call<PafiRow[]>("pafi_list");
/** A student's paths, the latest first. */
export const studentPafi = (studentId: number) => call<PafiRow[]>("student_pafi", { studentId });
/** A path in full, with `nextSteps`: the states it may go to and what is missing for each. */
export const pafiGet = (id: number) => call<Pafi>("pafi_get", { id });
/** Makes a path, « proposé » as of today; with `proposalId`, the GPDS proposal is taken. */
export const pafiCreate = (input: PafiInput) => call<Pafi>("pafi_create", { input });
export const pafiUpdate = (id: number, input: PafiInput) => call<Pafi>("pafi_update", { id, input });
export const pafiChangeState = (id: number, change: StateChange) => call<Pafi>("pafi_change_state", { id, change });
/** Adds (`id` null) or changes an activity. */
export const pafiSaveActivity = (pafiId: number, id: number | null, input: ActivityInput) =>
  call<Activity>("pafi_save_activity", { pafiId, id, input });
export const pafiRemoveActivity = (pafiId: number, id: number) => call<null>("pafi_remove_activity", { pafiId, id });
/** Replaces the weekly schedule (every period with its half-days). */
export const pafiSetSchedule = (pafiId: number, periods: PeriodInput[]) =>
  call<Period[]>("pafi_set_schedule", { pafiId, periods });
export const pafiAddNote = (pafiId: number, input: NoteInput) => call<Note>("pafi_add_note", { pafiId, input });
/** Adds (`id` null) or updates an intermediate bilan. */
export const pafiSaveCheckpoint = (pafiId: number, id: number | null, input: CheckpointInput) =>
  call<Checkpoint>("pafi_save_checkpoint", { pafiId, id, input });
/** An amendment on `on` (yyyy-mm-dd): the contract is then made again as a new version. */
export const pafiRecordAmendment = (pafiId: number, on: string, reason: string) =>
  call<Amendment>("pafi_record_amendment", { pafiId, on, reason });
export const pafiSaveBilan = (pafiId: number, input: BilanInput) => call<Bilan>("pafi_save_bilan", { pafiId, input });
/** Who validates PAFI for this case file. */
export const pafiAuthority = () => call<ValidationAuthority>("pafi_authority");
export const pafiSetAuthority = (authority: ValidationAuthority) =>
  call<ValidationAuthority>("pafi_set_authority", { authority });
/** Makes the contrat PAFI (a draft, or a new version once the last one left draft). */
export const documentPafiContract = (pafiId: number) => call<Document>("document_pafi_contract", { pafiId });
/** Makes the convention de stage / d'accueil of an activity at a host. */
export const documentPafiConvention = (activityId: number) => call<Document>("document_pafi_convention", { activityId });
/** Makes the bilan de parcours (once the final bilan is saved). */
export const documentPafiBilan = (pafiId: number) => call<Document>("document_pafi_bilan", { pafiId });

// Alliances éducatives: the alliances, their states, the team and its chartes, the partners'
// formalisation, the family's contract, the shared diagnosis, the responses, follow-up meetings,
// the sharing log, the shared evaluation and their documents. Dates travel as yyyy-mm-dd.

export const allianceList = () => call<AllianceRow[]>("alliance_list");
/** A student's alliances, the latest first. */
export const studentAlliances = (studentId: number) => call<AllianceRow[]>("student_alliances", { studentId });
/** An alliance in full, with `nextSteps`: the states it may go to and what is missing for each. */
export const allianceGet = (id: number) => call<Alliance>("alliance_get", { id });
/**
 * Makes an alliance, « proposée » as of today; with `proposalId`, the GPDS proposal is taken. A
 * student with an open alliance: a validation error on `studentId` (open that one instead).
 */
export const allianceCreate = (input: AllianceInput) => call<Alliance>("alliance_create", { input });
export const allianceUpdate = (id: number, input: AllianceInput) => call<Alliance>("alliance_update", { id, input });
export const allianceChangeState = (id: number, change: AllianceStateChange) =>
  call<Alliance>("alliance_change_state", { id, change });
/** Reopens a closed or abandoned alliance on `on`: it goes back to the state it had before. */
export const allianceReopen = (id: number, on: string) => call<Alliance>("alliance_reopen", { id, on });
/** The shared evaluation (an alliance en cours); closing needs it. */
export const allianceEvaluate = (id: number, input: EvaluationInput) => call<Alliance>("alliance_evaluate", { id, input });
/** A member of staff or a partner's contact joins the team. */
export const allianceAddMember = (allianceId: number, input: MemberInput) =>
  call<AllianceMember>("alliance_add_member", { allianceId, input });
/** A member of staff becomes the student's référent in the alliance. */
export const allianceSetReferent = (allianceId: number, memberId: number) =>
  call<AllianceMember>("alliance_set_referent", { allianceId, memberId });
export const allianceRemoveMember = (allianceId: number, memberId: number, on: string) =>
  call<null>("alliance_remove_member", { allianceId, memberId, on });
/** The member signed the charte on `on`, "paper" or "screen" (`on` null: not signed after all). */
export const allianceSetCharte = (allianceId: number, memberId: number, on: string | null, method: "paper" | "screen" | null) =>
  call<AllianceMember>("alliance_set_charte", { allianceId, memberId, on, method });
export const allianceSetFamily = (allianceId: number, change: FamilyChange) =>
  call<Alliance>("alliance_set_family", { allianceId, change });
export const allianceSetPartner = (
  allianceId: number, partnerId: number, formalisation: Formalisation, on: string | null, reason: string,
) => call<Alliance>("alliance_set_partner", { allianceId, partnerId, formalisation, on, reason });
export const allianceAddDiagnosis = (allianceId: number, input: DiagnosisInput) =>
  call<DiagnosisEntry>("alliance_add_diagnosis", { allianceId, input });
/** A restricted entry with its text; the reading is written in the journal (unless one typed it). */
export const allianceReadDiagnosis = (allianceId: number, entryId: number) =>
  call<DiagnosisEntry>("alliance_read_diagnosis", { allianceId, entryId });
/** Adds (`id` null) or changes a response; « Proposer un PAFI » makes a PAFI proposal. */
export const allianceSaveResponse = (allianceId: number, id: number | null, input: ResponseInput) =>
  call<AllianceResponse>("alliance_save_response", { allianceId, id, input });
export const allianceRecordMeeting = (allianceId: number, input: AllianceMeetingInput) =>
  call<AllianceMeeting>("alliance_record_meeting", { allianceId, input });
/**
 * Logs information shared with a member. A member without the charte, or a family not informed:
 * an error with code "confirm", then the same call with `input.confirm` true.
 */
export const allianceRecordShare = (allianceId: number, input: ShareInput) =>
  call<Share>("alliance_record_share", { allianceId, input });
/** Makes the contrat d'alliance éducative with the family (a draft, or a new version). */
export const documentAllianceContract = (allianceId: number) => call<Document>("document_alliance_contract", { allianceId });
/** Makes the convention de partenariat with one partner of the alliance. */
export const documentAlliancePartnership = (allianceId: number, partnerId: number) =>
  call<Document>("document_alliance_partnership", { allianceId, partnerId });
/** Makes the charte de déontologie a member signs. */
export const documentAllianceCharte = (allianceId: number, memberId: number) =>
  call<Document>("document_alliance_charte", { allianceId, memberId });
/** Makes the compte-rendu of a follow-up meeting. */
export const documentAllianceMeeting = (allianceId: number, meetingId: number) =>
  call<Document>("document_alliance_meeting", { allianceId, meetingId });

// Bilan: the yearly indicators (anonymous), by school year (the year starting in September).

export const bilanCompute = (year: number) => call<AnnualBilan>("bilan_compute", { year });
/** The year's figures, qualitative part, exports already made and what changed since the last. */
export const bilanOverview = (year: number) => call<BilanOverview>("bilan_overview", { year });
/** The bilans of the years that have facts (the last ten), oldest first. */
export const bilanHistory = () => call<AnnualBilan[]>("bilan_history");
/** The records behind a figure, or behind a distribution's row (`key`): in the app only. */
export const bilanRecords = (year: number, figure: string, key: string | null = null) =>
  call<BilanRecord[]>("bilan_records", { year, figure, key });
export const bilanSaveQualitative = (year: number, qualitative: BilanQualitative) =>
  call<BilanQualitative>("bilan_save_qualitative", { year, qualitative });
/** Writes the bilan in `format`, whole or not at all, and freezes its figures in the case file. */
export const bilanExport = (year: number, format: ExportFormat, path: string) =>
  call<BilanExported>("bilan_export", { year, format, path });
/** Consolidates schools' anonymous bilan files (JSON); needs no open case file. */
export const bilanMerge = (paths: string[]) => call<BilanConsolidated>("bilan_merge", { paths });
/** Consolidates and writes the result (.xlsx or .json), whole or not at all. */
export const bilanMergeExport = (paths: string[], path: string) =>
  call<BilanConsolidated>("bilan_merge_export", { paths, path });
