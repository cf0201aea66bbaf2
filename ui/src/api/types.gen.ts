// Generated from the Rust types by `UPDATE_TS=1 cargo test -p accroche-desktop`. Do not edit.

export type EstablishmentKind = "college" | "lp" | "lgt" | "lpo" | "cite_scolaire" | "erea" | "autre";

export type EstablishmentInput = { 
/**
 * Unité administrative immatriculée: 7 digits and a check letter.
 */
uai: string, 
/**
 * The establishment's name.
 */
name: string, 
/**
 * Its kind.
 */
kind: EstablishmentKind, 
/**
 * Its académie.
 */
academie: string, 
/**
 * Postal address.
 */
address: string, 
/**
 * The head of school.
 */
headName: string, 
/**
 * The référent décrochage (the journal's author for now).
 */
referentName: string, 
/**
 * The current school year, by its start year (2026 = 2026-2027).
 */
schoolYearStart: number, };

export type Establishment = { 
/**
 * Whether a logo is stored.
 */
hasLogo: boolean, 
/**
 * "2026-2027".
 */
schoolYearLabel: string, 
/**
 * Unité administrative immatriculée: 7 digits and a check letter.
 */
uai: string, 
/**
 * The establishment's name.
 */
name: string, 
/**
 * Its kind.
 */
kind: EstablishmentKind, 
/**
 * Its académie.
 */
academie: string, 
/**
 * Postal address.
 */
address: string, 
/**
 * The head of school.
 */
headName: string, 
/**
 * The référent décrochage (the journal's author for now).
 */
referentName: string, 
/**
 * The current school year, by its start year (2026 = 2026-2027).
 */
schoolYearStart: number, };

export type Session = { 
/**
 * Full path.
 */
path: string, 
/**
 * File name.
 */
fileName: string, 
/**
 * Opened read-only (another process holds it).
 */
readOnly: boolean, 
/**
 * The establishment.
 */
establishment: Establishment, 
/**
 * The backup made on opening, if any.
 */
backupMade: string | null, };

export type AppInfo = { 
/**
 * App version.
 */
version: string, 
/**
 * Newest schema this build knows.
 */
schemaVersion: number, 
/**
 * The school year of today's date.
 */
suggestedSchoolYearStart: number, 
/**
 * Where new case files go by default.
 */
defaultDir: string, 
/**
 * A case file given on the command line, to unlock at start.
 */
openedPath: string | null, 
/**
 * The passphrase rule, to show before the user types.
 */
passphraseRule: string, };

export type RecentFile = { 
/**
 * Where it is.
 */
path: string, 
/**
 * The establishment's name when last opened.
 */
name: string, 
/**
 * When it was last opened.
 */
lastOpened: string, 
/**
 * Whether the file is still there (computed on loading).
 */
exists: boolean, };

export type Sex = "M" | "F";

export type Track = "college" | "segpa" | "cap" | "bac_pro" | "seconde_gt" | "premiere_gt" | "terminale_gt" | "post_bac" | "mlds" | "autre";

export type Relationship = "mere" | "pere" | "tuteur" | "autre";

export type LegalRep = { 
/**
 * Last name.
 */
lastName: string, 
/**
 * First name.
 */
firstName: string, 
/**
 * Relationship to the student.
 */
relationship: Relationship, 
/**
 * Postal address.
 */
address: string, 
/**
 * Phone.
 */
phone: string, 
/**
 * E-mail.
 */
email: string, };

export type StudentInput = { 
/**
 * Identifiant national élève (11 characters), if known.
 */
ine: string | null, 
/**
 * SIECLE's ELEVE_ID, the join key of roster imports.
 */
eleveId: string | null, 
/**
 * Last name.
 */
lastName: string, 
/**
 * First name.
 */
firstName: string, 
/**
 * Birth date.
 */
birthDate: string, 
/**
 * Sex, if known.
 */
sex: Sex | null, 
/**
 * Class ("2NDE3").
 */
className: string, 
/**
 * MEF code (11 characters), if known.
 */
mef: string | null, 
/**
 * Track.
 */
track: Track | null, 
/**
 * Entry date in the establishment.
 */
entryDate: string | null, 
/**
 * Exit date, if the student left or will leave.
 */
exitDate: string | null, 
/**
 * Status ("Scolaire", "Apprenti"…).
 */
status: string, 
/**
 * The student's own e-mail.
 */
email: string, 
/**
 * The student's own phone.
 */
phone: string, 
/**
 * Legal representatives, in order.
 */
legalReps: Array<LegalRep>, 
/**
 * Groups the student belongs to (roster imports: SIECLE structures of type G).
 */
groups: Array<string>, 
/**
 * The school's own label of the MEF (from SIECLE's nomenclature), if known.
 */
mefLabel: string | null, 
/**
 * Why the student left (SIECLE `CODE_MOTIF_SORTIE`), if known.
 */
exitReason: string | null, };

export type Student = { 
/**
 * Its id in the case file.
 */
id: number, 
/**
 * Archived students are hidden from lists by default.
 */
archived: boolean, 
/**
 * Age today, in whole years.
 */
age: number, 
/**
 * Identifiant national élève (11 characters), if known.
 */
ine: string | null, 
/**
 * SIECLE's ELEVE_ID, the join key of roster imports.
 */
eleveId: string | null, 
/**
 * Last name.
 */
lastName: string, 
/**
 * First name.
 */
firstName: string, 
/**
 * Birth date.
 */
birthDate: string, 
/**
 * Sex, if known.
 */
sex: Sex | null, 
/**
 * Class ("2NDE3").
 */
className: string, 
/**
 * MEF code (11 characters), if known.
 */
mef: string | null, 
/**
 * Track.
 */
track: Track | null, 
/**
 * Entry date in the establishment.
 */
entryDate: string | null, 
/**
 * Exit date, if the student left or will leave.
 */
exitDate: string | null, 
/**
 * Status ("Scolaire", "Apprenti"…).
 */
status: string, 
/**
 * The student's own e-mail.
 */
email: string, 
/**
 * The student's own phone.
 */
phone: string, 
/**
 * Legal representatives, in order.
 */
legalReps: Array<LegalRep>, 
/**
 * Groups the student belongs to (roster imports: SIECLE structures of type G).
 */
groups: Array<string>, 
/**
 * The school's own label of the MEF (from SIECLE's nomenclature), if known.
 */
mefLabel: string | null, 
/**
 * Why the student left (SIECLE `CODE_MOTIF_SORTIE`), if known.
 */
exitReason: string | null, };

export type StudentRow = { 
/**
 * Id.
 */
id: number, 
/**
 * Last name.
 */
lastName: string, 
/**
 * First name.
 */
firstName: string, 
/**
 * Class.
 */
className: string, 
/**
 * Birth date.
 */
birthDate: string, 
/**
 * INE.
 */
ine: string | null, 
/**
 * Archived.
 */
archived: boolean, };

export type StaffRole = "direction" | "referent" | "cpe" | "professeur_principal" | "enseignant" | "psy_en" | "infirmier" | "assistant_social" | "medecin" | "coordonnateur_mlds" | "documentaliste" | "autre";

export type StaffInput = { 
/**
 * Last name.
 */
lastName: string, 
/**
 * First name.
 */
firstName: string, 
/**
 * Function.
 */
role: StaffRole, 
/**
 * E-mail.
 */
email: string, 
/**
 * Phone.
 */
phone: string, };

export type Staff = { 
/**
 * Id.
 */
id: number, 
/**
 * Archived (left the establishment).
 */
archived: boolean, 
/**
 * Last name.
 */
lastName: string, 
/**
 * First name.
 */
firstName: string, 
/**
 * Function.
 */
role: StaffRole, 
/**
 * E-mail.
 */
email: string, 
/**
 * Phone.
 */
phone: string, };

export type PartnerKind = "cmpp_cmp" | "ase" | "pjj" | "mda" | "pre" | "mission_locale" | "cio" | "cfa" | "association" | "entreprise" | "collectivite" | "service_civique" | "autre";

export type Contact = { 
/**
 * Last name.
 */
lastName: string, 
/**
 * First name.
 */
firstName: string, 
/**
 * Function ("éducatrice", "conseiller").
 */
function: string, 
/**
 * Phone.
 */
phone: string, 
/**
 * E-mail.
 */
email: string, };

export type PartnerInput = { 
/**
 * Organisation name.
 */
name: string, 
/**
 * Kind.
 */
kind: PartnerKind, 
/**
 * Address.
 */
address: string, 
/**
 * Phone.
 */
phone: string, 
/**
 * E-mail.
 */
email: string, 
/**
 * Contact people, in order.
 */
contacts: Array<Contact>, };

export type Partner = { 
/**
 * Id.
 */
id: number, 
/**
 * Archived.
 */
archived: boolean, 
/**
 * Organisation name.
 */
name: string, 
/**
 * Kind.
 */
kind: PartnerKind, 
/**
 * Address.
 */
address: string, 
/**
 * Phone.
 */
phone: string, 
/**
 * E-mail.
 */
email: string, 
/**
 * Contact people, in order.
 */
contacts: Array<Contact>, };

export type ChronologyEntry = { 
/**
 * When.
 */
at: string, 
/**
 * Who.
 */
author: string, 
/**
 * What, in one French sentence.
 */
summary: string, 
/**
 * Which mechanism ("registre" for now).
 */
kind: string, };

export type Leaver = { 
/**
 * Id.
 */
id: number, 
/**
 * Last name.
 */
lastName: string, 
/**
 * First name.
 */
firstName: string, 
/**
 * Last class.
 */
className: string, 
/**
 * Exit date.
 */
exitDate: string, 
/**
 * Exit reason, if known.
 */
exitReason: string | null, };

export type Change = { 
/**
 * The field's French label ("Date de naissance").
 */
field: string, 
/**
 * The value before, if any.
 */
before: string | null, 
/**
 * The value after, if any.
 */
after: string | null, };

export type JournalEntry = { 
/**
 * Its rank in the journal.
 */
id: number, 
/**
 * When.
 */
at: string, 
/**
 * Who.
 */
author: string, 
/**
 * The kind of record.
 */
entity: string, 
/**
 * The record's id.
 */
entityId: number | null, 
/**
 * The student concerned, if any.
 */
studentId: number | null, 
/**
 * A short French sentence.
 */
summary: string, 
/**
 * The fields that changed.
 */
changes: Array<Change>, };

export type BackupKind = "daily" | "weekly" | "manual" | "pre_restore" | "pre_migration";

export type BackupInfo = { 
/**
 * Full path.
 */
path: string, 
/**
 * File name.
 */
fileName: string, 
/**
 * The day it was made.
 */
date: string, 
/**
 * Its size.
 */
sizeBytes: number, 
/**
 * Why it exists.
 */
kind: BackupKind, };

export type ApiError = { 
/**
 * What the UI branches on: validation, not_found, conflict, locked, wrong_passphrase,
 * newer_schema, corrupt, read_only, format, no_case_file, internal.
 */
code: string, 
/**
 * A French sentence to show as it is.
 */
message: string, 
/**
 * The input at fault, for validation errors.
 */
field: string | null, 
/**
 * Technical details for support (shown folded), e.g. SQLite's integrity report.
 */
detail: string | null, };

export type ImportCounts = { 
/**
 * Students added.
 */
new: number, 
/**
 * Students whose details change.
 */
updated: number, 
/**
 * Students now marked as left.
 */
left: number, 
/**
 * Students found identical.
 */
unchanged: number, 
/**
 * Records not used (with their reason in the preview).
 */
skipped: number, };

export type PreviewNew = { 
/**
 * Where in the file.
 */
location: string, 
/**
 * "Léa DUBOIS".
 */
name: string, 
/**
 * Class.
 */
className: string, };

export type PreviewUpdate = { 
/**
 * The student's id.
 */
studentId: number, 
/**
 * "Léa DUBOIS".
 */
name: string, 
/**
 * The fields that change (before → after).
 */
changes: Array<Change>, 
/**
 * Fields changed by hand in Accroche that the file sees otherwise: kept as they are
 * (`before` = in Accroche, `after` = in the file).
 */
conflicts: Array<Change>, };

export type PreviewLeft = { 
/**
 * The student's id.
 */
studentId: number, 
/**
 * "Léa DUBOIS".
 */
name: string, 
/**
 * The exit date recorded.
 */
exitDate: string, 
/**
 * Why: "date de sortie dans le fichier" or "absent de l'export".
 */
reason: string, };

export type PreviewSkipped = { 
/**
 * Where in the file.
 */
location: string, 
/**
 * The name as read.
 */
name: string, 
/**
 * Why, in French.
 */
reason: string, };

export type ImportPreview = { 
/**
 * The file's name.
 */
fileName: string, 
/**
 * "SIECLE (version 3.0)", "Pronote", "ONDE".
 */
source: string, 
/**
 * The counts.
 */
counts: ImportCounts, 
/**
 * Students to add.
 */
new: Array<PreviewNew>, 
/**
 * Students to change.
 */
updated: Array<PreviewUpdate>, 
/**
 * Students to mark as left.
 */
left: Array<PreviewLeft>, 
/**
 * Records not used.
 */
skipped: Array<PreviewSkipped>, 
/**
 * Things to check before applying (another school's UAI, another school year).
 */
warnings: Array<string>, };

export type ImportBatch = { 
/**
 * Its id.
 */
id: number, 
/**
 * When.
 */
at: string, 
/**
 * The file imported.
 */
fileName: string, 
/**
 * The counts.
 */
counts: ImportCounts, 
/**
 * Whether it can still be undone (nothing was written since).
 */
canUndo: boolean, };
