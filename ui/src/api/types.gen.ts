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
backupMade: string | null, 
/**
 * Idle minutes before the window locks the case file.
 */
autoLockMinutes: number, 
/**
 * Who is signed in (id 0: opened with the recovery key, no account chosen yet).
 */
user: SignedIn, 
/**
 * The recovery key, only in the session that made it (a new case file, or an old one
 * converted to accounts): the window shows it once, to be printed.
 */
recoveryKey: string | null, };

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
passphraseRule: string, 
/**
 * `--auto-lock-seconds=N` on the command line: an idle time in seconds that replaces the
 * case file's setting (end-to-end tests, demonstrations).
 */
autoLockSecondsOverride: number | null, 
/**
 * Where « Découvrir avec un dossier de démonstration » puts its case file.
 */
demoPath: string, 
/**
 * Its passphrase (invented people only), shown on its unlock screen.
 */
demoPassphrase: string, 
/**
 * Where file dialogs start: a dialog given a bare file name would otherwise open in the
 * process's working folder (inside the AppImage, a read-only folder of the app's).
 */
documentsDir: string, };

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

export type ChronologyKind = "registre" | "reperage" | "gpds" | "action" | "entretien" | "mesure" | "pafi" | "alliance" | "note";

export type ChronologyEntry = { 
/**
 * The day it happened.
 */
on: string, 
/**
 * When it was recorded (orders events of the same day).
 */
at: string, 
/**
 * Which mechanism.
 */
kind: ChronologyKind, 
/**
 * What, in one French sentence.
 */
summary: string, 
/**
 * More, when there is more to say.
 */
detail: string, 
/**
 * Who (the author of the record, or the person concerned).
 */
author: string, };

export type SignalKind = "absences" | "resultats" | "comportement" | "retrait" | "exclusions" | "sante" | "famille" | "questionnaire" | "autre";

export type Signal = { 
/**
 * Which signal.
 */
kind: SignalKind, 
/**
 * Absences: half-days missed this term; exclusions: how many. Otherwise none.
 */
amount: number | null, 
/**
 * Absences: of which unjustified half-days.
 */
unjustified: number | null, 
/**
 * Questionnaire: its result; other: what it is; optional precision otherwise.
 */
detail: string, };

export type FlagInput = { 
/**
 * The student flagged.
 */
studentId: number, 
/**
 * When the worry was raised.
 */
flaggedOn: string, 
/**
 * Who raised it (a staff member).
 */
raisedBy: number | null, 
/**
 * At least one signal.
 */
signals: Array<Signal>, 
/**
 * Free text.
 */
note: string, };

export type Flag = { 
/**
 * Id.
 */
id: number, 
/**
 * "Prénom NOM" of who raised it.
 */
raisedByName: string, 
/**
 * Whether a GPDS meeting has decided on the student since (a decision other than "non
 * examiné", at a meeting dated on or after the flag).
 */
reviewed: boolean, 
/**
 * When it was recorded.
 */
createdAt: string, 
/**
 * The student flagged.
 */
studentId: number, 
/**
 * When the worry was raised.
 */
flaggedOn: string, 
/**
 * Who raised it (a staff member).
 */
raisedBy: number | null, 
/**
 * At least one signal.
 */
signals: Array<Signal>, 
/**
 * Free text.
 */
note: string, };

export type MeetingStatus = "planned" | "open" | "held" | "cancelled";

export type GuestInput = { 
/**
 * The partner organisation.
 */
partnerId: number, 
/**
 * Who comes (a contact's name), if known.
 */
contact: string, 
/**
 * The students they are invited for (at least one).
 */
students: Array<number>, };

export type MeetingInput = { 
/**
 * The day.
 */
date: string, 
/**
 * The time, "HH:MM".
 */
time: string, 
/**
 * Where.
 */
place: string, 
/**
 * Staff invited.
 */
members: Array<number>, 
/**
 * Partners invited for given students.
 */
guests: Array<GuestInput>, };

export type Member = { 
/**
 * The staff member.
 */
staffId: number, 
/**
 * "Prénom NOM".
 */
name: string, 
/**
 * Their function.
 */
role: StaffRole, 
/**
 * Present (`None` until recorded).
 */
attended: boolean | null, };

export type Guest = { 
/**
 * Id of the invitation.
 */
id: number, 
/**
 * The partner organisation.
 */
partnerId: number, 
/**
 * Its name.
 */
partnerName: string, 
/**
 * Who comes.
 */
contact: string, 
/**
 * For which students.
 */
students: Array<number>, 
/**
 * Their names, in the same order.
 */
studentNames: Array<string>, 
/**
 * Present (`None` until recorded).
 */
attended: boolean | null, };

export type Meeting = { 
/**
 * Id.
 */
id: number, 
/**
 * The day.
 */
date: string, 
/**
 * "HH:MM".
 */
time: string, 
/**
 * Where.
 */
place: string, 
/**
 * Where it stands.
 */
status: MeetingStatus, 
/**
 * Why it was cancelled.
 */
cancelReason: string | null, 
/**
 * When it was closed.
 */
heldAt: string | null, 
/**
 * The compte-rendu's version (0 until closed).
 */
minutesVersion: number, 
/**
 * Staff invited.
 */
members: Array<Member>, 
/**
 * Partners invited.
 */
guests: Array<Guest>, };

export type MeetingRow = { 
/**
 * Id.
 */
id: number, 
/**
 * The day.
 */
date: string, 
/**
 * "HH:MM".
 */
time: string, 
/**
 * Where.
 */
place: string, 
/**
 * Where it stands.
 */
status: MeetingStatus, 
/**
 * Students on the agenda.
 */
agendaSize: number, 
/**
 * Students with a decision recorded.
 */
decided: number, 
/**
 * The compte-rendu's version (0 until closed).
 */
minutesVersion: number, };

export type Attendance = { 
/**
 * Staff present.
 */
members: Array<number>, 
/**
 * Invitations of partners who came.
 */
guests: Array<number>, };

export type AgendaReasonKind = "flagged" | "review_due" | "late_actions" | "added";

export type AgendaReason = { 
/**
 * Which reason.
 */
kind: AgendaReasonKind, 
/**
 * Its detail.
 */
text: string, };

export type AgendaItem = { 
/**
 * The student.
 */
studentId: number, 
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
 * Why they are here.
 */
reasons: Array<AgendaReason>, 
/**
 * Whether they are followed now.
 */
inFollowup: boolean, 
/**
 * Who is in charge of their follow-up.
 */
inChargeName: string | null, 
/**
 * The decision recorded at this meeting, if any.
 */
decision: Decision | null, 
/**
 * Partners invited for this student ("Mission locale (M. Duval)").
 */
guests: Array<string>, };

export type Agenda = { 
/**
 * The meeting.
 */
meeting: MeetingRow, 
/**
 * Whether the agenda is frozen (the meeting is open or held).
 */
frozen: boolean, 
/**
 * The students, in order.
 */
items: Array<AgendaItem>, 
/**
 * Students the agenda would hold but the référent removed (they can be put back).
 */
removed: Array<AgendaItem>, };

export type Decision = "enter" | "keep" | "close" | "not_examined";

export type CloseReason = "resolved" | "relay" | "left" | "refusal" | "no_need" | "other";

export type ActionKind = "entretien_famille" | "entretien_situation" | "tutorat" | "emploi_du_temps" | "remobilisation" | "orientation" | "partenaire" | "responsabilisation" | "internat" | "mlds" | "proposer_pafi" | "proposer_alliance" | "autre";

export type ActionStatus = "todo" | "done" | "cancelled";

export type ActionInput = { 
/**
 * The action being edited, none for a new one.
 */
id: number | null, 
/**
 * What.
 */
kind: ActionKind, 
/**
 * Precision ("avec M. Duval, mission locale").
 */
detail: string, 
/**
 * Who does it.
 */
owner: number | null, 
/**
 * By when.
 */
dueOn: string | null, };

export type Action = { 
/**
 * Id.
 */
id: number, 
/**
 * The student.
 */
studentId: number, 
/**
 * "Prénom NOM" of the student.
 */
studentName: string, 
/**
 * Their class.
 */
className: string, 
/**
 * The meeting that decided it, if any.
 */
meetingId: number | null, 
/**
 * That meeting's date.
 */
meetingDate: string | null, 
/**
 * What.
 */
kind: ActionKind, 
/**
 * Precision.
 */
detail: string, 
/**
 * Who does it.
 */
owner: number, 
/**
 * Their name.
 */
ownerName: string, 
/**
 * By when.
 */
dueOn: string, 
/**
 * Where it stands.
 */
status: ActionStatus, 
/**
 * When it was done.
 */
doneOn: string | null, 
/**
 * What came of it.
 */
result: string, 
/**
 * Why it was cancelled.
 */
cancelReason: string, 
/**
 * When it was recorded.
 */
createdAt: string, };

export type ReviewInput = { 
/**
 * The situation, in a few lines.
 */
situation: string, 
/**
 * The decision.
 */
decision: Decision, 
/**
 * Why the follow-up ends (decision "close").
 */
closeReason: CloseReason | null, 
/**
 * Precision of the reason (required for "autre motif").
 */
closeDetail: string, 
/**
 * The person in charge of the follow-up (required to enter or keep it).
 */
inCharge: number | null, 
/**
 * When to look again (required to enter or keep a follow-up).
 */
nextReview: string | null, 
/**
 * The actions decided; actions of this review left out are removed (if still to do).
 */
actions: Array<ActionInput>, 
/**
 * The user confirmed due dates before the meeting's date.
 */
confirmEarlyDue: boolean, };

export type Review = { 
/**
 * Id.
 */
id: number, 
/**
 * The meeting.
 */
meetingId: number, 
/**
 * Its date.
 */
meetingDate: string, 
/**
 * The student.
 */
studentId: number, 
/**
 * The situation.
 */
situation: string, 
/**
 * The decision.
 */
decision: Decision, 
/**
 * Why the follow-up ends.
 */
closeReason: CloseReason | null, 
/**
 * Precision of the reason.
 */
closeDetail: string, 
/**
 * The person in charge.
 */
inCharge: number | null, 
/**
 * Their name.
 */
inChargeName: string | null, 
/**
 * When to look again.
 */
nextReview: string | null, 
/**
 * The actions decided.
 */
actions: Array<Action>, 
/**
 * When it was recorded (or last edited).
 */
recordedAt: string, };

export type MinutesAction = { 
/**
 * The action.
 */
what: string, 
/**
 * Who does it.
 */
owner: string, 
/**
 * By when.
 */
dueOn: string, };

export type MinutesRow = { 
/**
 * "Prénom NOM".
 */
student: string, 
/**
 * Class.
 */
className: string, 
/**
 * The decision in words.
 */
decision: string, 
/**
 * The person in charge of the follow-up.
 */
inCharge: string | null, 
/**
 * The next review.
 */
nextReview: string | null, 
/**
 * The actions decided.
 */
actions: Array<MinutesAction>, };

export type Minutes = { 
/**
 * The meeting.
 */
meeting: Meeting, 
/**
 * The compte-rendu's version (1 at closing, +1 per later edit; 0: not closed yet, a draft).
 */
version: number, 
/**
 * Who attended ("Prénom NOM, fonction" / "Contact, partenaire").
 */
present: Array<string>, 
/**
 * Invited and recorded absent.
 */
absent: Array<string>, 
/**
 * Invited, attendance not recorded.
 */
notRecorded: Array<string>, 
/**
 * The recap, in agenda order.
 */
rows: Array<MinutesRow>, 
/**
 * Students on the agenda with no decision.
 */
undecided: Array<string>, 
/**
 * The confidentiality notice printed on it.
 */
notice: string, };

export type FollowUp = { 
/**
 * Whether the student is followed now.
 */
open: boolean, 
/**
 * When the follow-up (the current or last one) began.
 */
openedOn: string, 
/**
 * The person in charge of the individual follow-up.
 */
inCharge: number | null, 
/**
 * Their name.
 */
inChargeName: string | null, 
/**
 * Whether they have left the establishment (the follow-up then has nobody in charge).
 */
inChargeArchived: boolean, 
/**
 * When the GPDS looks again.
 */
nextReview: string | null, 
/**
 * When it ended, if it did.
 */
closedOn: string | null, 
/**
 * Why it ended.
 */
closeReason: CloseReason | null, };

export type EntretienOutcome = "solution" | "none";

export type EntretienInput = { 
/**
 * The student.
 */
studentId: number, 
/**
 * When.
 */
heldOn: string, 
/**
 * Who led it (usually the Psy-EN).
 */
staffId: number | null, 
/**
 * The diagnosis of the situation.
 */
diagnosis: string, 
/**
 * Solution found or not.
 */
outcome: EntretienOutcome | null, 
/**
 * The solution (required when one was found).
 */
solution: string, 
/**
 * The next step.
 */
nextStep: string, 
/**
 * The user confirmed an entretien for a student under 16.
 */
confirmAge: boolean, };

export type Entretien = { 
/**
 * Id.
 */
id: number, 
/**
 * The student.
 */
studentId: number, 
/**
 * When.
 */
heldOn: string, 
/**
 * Who led it.
 */
staffId: number, 
/**
 * Their name.
 */
staffName: string, 
/**
 * Diagnosis.
 */
diagnosis: string, 
/**
 * Outcome.
 */
outcome: EntretienOutcome, 
/**
 * The solution.
 */
solution: string, 
/**
 * Next step.
 */
nextStep: string, 
/**
 * When it was recorded.
 */
createdAt: string, };

export type MesureStatus = "planned" | "done" | "not_done";

export type MesureInput = { 
/**
 * The student.
 */
studentId: number, 
/**
 * Hours (1 to 20, outside teaching hours).
 */
hours: number | null, 
/**
 * The partner hosting it; none: hosted in the school.
 */
partnerId: number | null, 
/**
 * Where and with whom ("CDI, avec la documentaliste").
 */
hostDetail: string, 
/**
 * First day.
 */
startOn: string | null, 
/**
 * Last day.
 */
endOn: string | null, 
/**
 * Where it stands.
 */
status: MesureStatus, };

export type Mesure = { 
/**
 * Id.
 */
id: number, 
/**
 * The student.
 */
studentId: number, 
/**
 * Hours.
 */
hours: number, 
/**
 * The host partner, if any.
 */
partnerId: number | null, 
/**
 * "Dans l'établissement" or the partner's name.
 */
hostName: string, 
/**
 * Where and with whom.
 */
hostDetail: string, 
/**
 * First day.
 */
startOn: string, 
/**
 * Last day.
 */
endOn: string, 
/**
 * Where it stands.
 */
status: MesureStatus, 
/**
 * When it was recorded.
 */
createdAt: string, };

export type Proposal = { 
/**
 * Id.
 */
id: number, 
/**
 * The student.
 */
studentId: number, 
/**
 * "pafi" or "alliance".
 */
kind: string, 
/**
 * When it was proposed.
 */
proposedOn: string, 
/**
 * "open", "taken" (the mechanism picked it up) or "dropped".
 */
status: string, };

export type NextMeeting = { 
/**
 * Id.
 */
id: number, 
/**
 * The day.
 */
date: string, 
/**
 * "HH:MM".
 */
time: string, 
/**
 * Where.
 */
place: string, 
/**
 * Planned or open.
 */
status: MeetingStatus, 
/**
 * Students on its agenda.
 */
agendaSize: number, };

export type StudentGpds = { 
/**
 * Their follow-up, if they ever had one.
 */
followup: FollowUp | null, 
/**
 * Flags, newest first.
 */
flags: Array<Flag>, 
/**
 * Reviews, newest meeting first.
 */
reviews: Array<Review>, 
/**
 * Actions: to do first.
 */
actions: Array<Action>, 
/**
 * Entretiens de situation.
 */
entretiens: Array<Entretien>, 
/**
 * Mesures de responsabilisation.
 */
mesures: Array<Mesure>, 
/**
 * PAFI and alliance proposals.
 */
proposals: Array<Proposal>, 
/**
 * The next meeting whose agenda holds the student, if any.
 */
nextMeeting: NextMeeting | null, };

export type OwnerActions = { 
/**
 * The owner.
 */
ownerId: number, 
/**
 * Their name.
 */
ownerName: string, 
/**
 * Their actions, by due date.
 */
actions: Array<Action>, };

export type ProposalRef = { 
/**
 * The proposal.
 */
id: number, 
/**
 * "pafi" or "alliance".
 */
kind: string, };

export type StudentLine = { 
/**
 * The student.
 */
studentId: number, 
/**
 * "Prénom NOM".
 */
name: string, 
/**
 * Class.
 */
className: string, 
/**
 * What the line is about, in French.
 */
detail: string, 
/**
 * The date that matters (flag, review due, proposal).
 */
date: string | null, 
/**
 * For an open proposal: its id and mechanism ("pafi" or "alliance"), to take it up.
 */
proposal: ProposalRef | null, };

export type DashboardCounts = { 
/**
 * Actions past their due date.
 */
lateActions: number, 
/**
 * Actions due from today to Sunday.
 */
dueThisWeek: number, 
/**
 * Students in follow-up with nobody in charge (should be 0).
 */
withoutInCharge: number, 
/**
 * Students flagged and not yet reviewed.
 */
flaggedNotReviewed: number, 
/**
 * Students whose review date has come.
 */
reviewDue: number, 
/**
 * Students in follow-up.
 */
inFollowup: number, 
/**
 * PAFI and alliance proposals waiting.
 */
openProposals: number, };

export type Dashboard = { 
/**
 * The day it was computed for.
 */
today: string, 
/**
 * The last day of "this week" (Sunday).
 */
weekEnd: string, 
/**
 * Counts.
 */
counts: DashboardCounts, 
/**
 * Late actions, by owner.
 */
lateActions: Array<OwnerActions>, 
/**
 * Actions due this week, by owner.
 */
dueThisWeek: Array<OwnerActions>, 
/**
 * Students in follow-up with nobody in charge.
 */
withoutInCharge: Array<StudentLine>, 
/**
 * Students flagged and not yet reviewed.
 */
flaggedNotReviewed: Array<StudentLine>, 
/**
 * Students whose review date has come (today or before).
 */
reviewDue: Array<StudentLine>, 
/**
 * PAFI and alliance proposals waiting to be taken up.
 */
openProposals: Array<StudentLine>, 
/**
 * The next meeting.
 */
nextMeeting: NextMeeting | null, 
/**
 * PAFI reminders: paths past their end without a bilan, intermediate bilans due, paths
 * ending within 14 days, validations pending for more than 14 days.
 */
pafi: Array<Reminder>, };

export type DocumentType = "compte_rendu_gpds" | "contrat_pafi" | "convention_stage" | "bilan_pafi" | "contrat_alliance" | "convention_partenariat" | "charte_deontologie" | "compte_rendu_alliance";

export type DocumentState = "draft" | "to_sign" | "signed" | "sealed" | "cancelled";

export type Signatory = { 
/**
 * Their box.
 */
position: number, 
/**
 * Quality.
 */
role: string, 
/**
 * Name.
 */
name: string, 
/**
 * Relationship to the student.
 */
relationship: string, 
/**
 * Required.
 */
required: boolean, 
/**
 * "screen" or "paper", once signed.
 */
method: string | null, 
/**
 * When.
 */
signedAt: string | null, 
/**
 * How identity was checked (on screen).
 */
identityCheck: string, 
/**
 * The staff witness (on screen).
 */
witness: string, 
/**
 * SHA-256 of the signature image.
 */
signatureSha256: string | null, };

export type Scan = { 
/**
 * Id.
 */
id: number, 
/**
 * Original file name.
 */
fileName: string, 
/**
 * MIME type.
 */
mime: string, 
/**
 * SHA-256.
 */
sha256: string, 
/**
 * The date it was signed on paper.
 */
signedOn: string, };

export type Document = { 
/**
 * Id of this version.
 */
id: number, 
/**
 * Reference shared by the versions ("GPDS-2026-0007").
 */
reference: string, 
/**
 * Version number (1, 2…).
 */
version: number, 
/**
 * The newest version of this reference.
 */
latestVersion: number, 
/**
 * Type.
 */
kind: DocumentType, 
/**
 * Title.
 */
title: string, 
/**
 * The record it belongs to.
 */
recordEntity: string, 
/**
 * Its id.
 */
recordId: number, 
/**
 * The student concerned.
 */
studentId: number | null, 
/**
 * The template's version ("1", or "1.2" once adapted twice).
 */
templateVersion: string, 
/**
 * State.
 */
state: DocumentState, 
/**
 * What to fill in before it can be signed.
 */
missing: Array<string>, 
/**
 * SHA-256 (hex) of the canonical content: printed in the footer and the QR code.
 */
fingerprint: string, 
/**
 * Its short printed form ("1a2b 3c4d 5e6f 7a8b").
 */
fingerprintShort: string, 
/**
 * SHA-256 of the current file.
 */
fileSha256: string, 
/**
 * Made.
 */
createdAt: string, 
/**
 * Last state change.
 */
updatedAt: string, 
/**
 * Why it was cancelled.
 */
cancelReason: string | null, 
/**
 * Signatories.
 */
signatories: Array<Signatory>, 
/**
 * Paper scans attached.
 */
scans: Array<Scan>, };

export type ScreenSignature = { 
/**
 * The signatory's box.
 */
position: number, 
/**
 * The drawn shape, as a PNG (no timing, no pressure).
 */
pngBase64: string, 
/**
 * The signatory ticked the consent sentence.
 */
consent: boolean, 
/**
 * How identity was checked ("carte d'identité présentée", "connu du témoin"…).
 */
identityCheck: string, 
/**
 * The staff member witnessing.
 */
witness: string, };

export type Verification = { 
/**
 * True when the file (or reference and fingerprint) is a document of this case file,
 * unaltered.
 */
genuine: boolean, 
/**
 * One French sentence saying what was found.
 */
verdict: string, 
/**
 * The document version found, if any.
 */
document: Document | null, 
/**
 * Whether it is the newest version of its reference.
 */
isLatest: boolean, };

export type ReminderKind = "overdue" | "checkpoint_due" | "ending_soon" | "validation_pending";

export type Reminder = { 
/**
 * Kind.
 */
kind: ReminderKind, 
/**
 * The path.
 */
pafiId: number, 
/**
 * The student.
 */
studentId: number, 
/**
 * "Prénom Nom".
 */
studentName: string, 
/**
 * The date concerned (end, bilan, sending).
 */
date: string, 
/**
 * A French sentence.
 */
text: string, };

export type PafiState = "proposed" | "preparing" | "awaiting_validation" | "validated" | "running" | "finished" | "interrupted";

export type ValidationAuthority = "dasen" | "ien_io" | "csaio" | "foquale";

export type Objective = "remobilisation" | "assiduite" | "projet" | "decouverte_metiers" | "reorientation" | "confiance" | "retour";

export type ActivityKind = "stage_entreprise" | "stage_association" | "service_civique" | "module_mlds" | "module_remobilisation" | "decouverte_cfa" | "mission_locale" | "autre";

export type SlotKind = "school" | "activity" | "free";

export type SkillLevel = "acquise" | "en_cours" | "non_acquise";

export type SkillEvidence = "scolaire" | "hors_scolaire";

export type Outcome = "retour_classe" | "poursuite_etudes" | "reorientation" | "apprentissage" | "formation_mlds" | "emploi" | "sans_solution" | "autre";

export type Validation = { 
/**
 * Who validated.
 */
authority: ValidationAuthority, 
/**
 * When.
 */
on: string, 
/**
 * The reference of the decision (may be empty).
 */
reference: string, };

export type Transition = { 
/**
 * From (none: the path was made).
 */
from: PafiState | null, 
/**
 * To.
 */
to: PafiState, 
/**
 * The date the user gave.
 */
on: string, 
/**
 * A note (the interruption's reason, the validation's reference…).
 */
note: string, 
/**
 * When it was recorded.
 */
at: string, };

export type NextStep = { 
/**
 * The state.
 */
to: PafiState, 
/**
 * What is missing, in French sentences; empty: the step can be taken.
 */
missing: Array<string>, };

export type PafiRow = { 
/**
 * Id.
 */
id: number, 
/**
 * The student.
 */
studentId: number, 
/**
 * "Prénom Nom".
 */
studentName: string, 
/**
 * The class when the path was proposed.
 */
className: string, 
/**
 * State.
 */
state: PafiState, 
/**
 * Since when.
 */
stateOn: string, 
/**
 * First day.
 */
startOn: string | null, 
/**
 * Last day.
 */
endOn: string | null, 
/**
 * The tutor's name ("" when none yet).
 */
tutorName: string, 
/**
 * The situation at the end, once the bilan is done.
 */
outcome: Outcome | null, };

export type PafiInput = { 
/**
 * The student.
 */
studentId: number, 
/**
 * The GPDS proposal it answers, if any (marked "taken").
 */
proposalId: number | null, 
/**
 * First day (may wait while the path is prepared).
 */
startOn: string | null, 
/**
 * Last day.
 */
endOn: string | null, 
/**
 * The tutor.
 */
tutorId: number | null, 
/**
 * The MLDS coordinator ("Nom, fonction"), if any.
 */
mldsCoordinator: string, 
/**
 * Listed objectives.
 */
objectives: Array<Objective>, 
/**
 * Objectives in the team's words, one per line.
 */
objectivesText: string, 
/**
 * The GPDS diagnosis.
 */
diagnosisOn: string | null, 
/**
 * The date set for the final bilan.
 */
bilanDueOn: string | null, 
/**
 * Planned return to class.
 */
returnOn: string | null, 
/**
 * How the return is prepared.
 */
returnTerms: string, 
/**
 * An adult student asks that the family sign too.
 */
familySigns: boolean, 
/**
 * The user confirmed a path longer than two months.
 */
confirmLong: boolean, };

export type StateChange = { 
/**
 * The state to go to.
 */
to: PafiState, 
/**
 * The date of the change (not in the future).
 */
on: string, 
/**
 * For "validé": who validated (the case file's authority when none).
 */
authority: ValidationAuthority | null, 
/**
 * For "validé": the decision's reference. For "interrompu": the reason (required).
 */
note: string, };

export type ActivityInput = { 
/**
 * Its kind.
 */
kind: ActivityKind | null, 
/**
 * What the student does there ("Stage en boulangerie : vente et accueil").
 */
title: string, 
/**
 * The host, a partner of the directory (required for an activity at a host).
 */
partnerId: number | null, 
/**
 * Who signs for the host.
 */
hostRepresentative: string, 
/**
 * Their position ("gérante").
 */
hostRepresentativeRole: string, 
/**
 * The host's tutor.
 */
hostTutor: string, 
/**
 * Their function.
 */
hostTutorRole: string, 
/**
 * Their phone.
 */
hostTutorPhone: string, 
/**
 * First day.
 */
startOn: string | null, 
/**
 * Last day.
 */
endOn: string | null, 
/**
 * Hours a week.
 */
hoursPerWeek: number | null, 
/**
 * Where, when not the host's address.
 */
address: string, 
/**
 * The tasks entrusted, one per line.
 */
tasks: Array<string>, 
/**
 * What was done, written at the bilan.
 */
realisation: string, };

export type Activity = { 
/**
 * Id.
 */
id: number, 
/**
 * The path.
 */
pafiId: number, 
/**
 * Kind.
 */
kind: ActivityKind, 
/**
 * Title.
 */
title: string, 
/**
 * The host.
 */
partnerId: number | null, 
/**
 * The host's name ("" when none).
 */
hostName: string, 
/**
 * Who signs for the host.
 */
hostRepresentative: string, 
/**
 * Their position.
 */
hostRepresentativeRole: string, 
/**
 * The host's tutor.
 */
hostTutor: string, 
/**
 * Their function.
 */
hostTutorRole: string, 
/**
 * Their phone.
 */
hostTutorPhone: string, 
/**
 * First day.
 */
startOn: string, 
/**
 * Last day.
 */
endOn: string, 
/**
 * Hours a week.
 */
hoursPerWeek: number, 
/**
 * Where.
 */
address: string, 
/**
 * Tasks entrusted.
 */
tasks: Array<string>, 
/**
 * What was done.
 */
realisation: string, 
/**
 * Whether it needs a convention de stage / d'accueil (an activity at a host).
 */
needsConvention: boolean, 
/**
 * The state of its convention's latest version ("draft", "to_sign", "signed"…), if any.
 */
conventionState: string | null, };

export type SlotInput = { 
/**
 * 0 = lundi … 5 = samedi.
 */
day: number, 
/**
 * 0 = matin, 1 = après-midi.
 */
half: number, 
/**
 * School, activity or nothing.
 */
kind: SlotKind, 
/**
 * The activity, for an activity half-day.
 */
activityId: number | null, 
/**
 * For school time: the class or subjects ("2MRC1 — français, maths").
 */
label: string, };

export type PeriodInput = { 
/**
 * A name ("Janvier", "Période 1").
 */
label: string, 
/**
 * First day.
 */
startOn: string | null, 
/**
 * Last day.
 */
endOn: string | null, 
/**
 * The half-days given (those not given are free).
 */
slots: Array<SlotInput>, };

export type Slot = { 
/**
 * 0 = lundi.
 */
day: number, 
/**
 * 0 = matin.
 */
half: number, 
/**
 * Kind.
 */
kind: SlotKind, 
/**
 * The activity.
 */
activityId: number | null, 
/**
 * What the grid prints: the class or subjects, or the activity's title and host.
 */
text: string, 
/**
 * The class or subjects typed.
 */
label: string, };

export type Period = { 
/**
 * Id.
 */
id: number, 
/**
 * Name.
 */
label: string, 
/**
 * First day.
 */
startOn: string, 
/**
 * Last day.
 */
endOn: string, 
/**
 * Its half-days (free ones left out), by day then half.
 */
slots: Array<Slot>, };

export type NoteInput = { 
/**
 * When.
 */
writtenOn: string, 
/**
 * Who (the tutor, usually).
 */
authorId: number | null, 
/**
 * The note.
 */
text: string, };

export type Note = { 
/**
 * Id.
 */
id: number, 
/**
 * When.
 */
writtenOn: string, 
/**
 * Who.
 */
authorId: number, 
/**
 * Their name.
 */
authorName: string, 
/**
 * The note.
 */
text: string, };

export type CheckpointInput = { 
/**
 * The date set in the contract.
 */
dueOn: string | null, 
/**
 * What it is about.
 */
subject: string, 
/**
 * When it was held (none: still to hold).
 */
heldOn: string | null, 
/**
 * What was said.
 */
summary: string, };

export type Checkpoint = { 
/**
 * Id.
 */
id: number, 
/**
 * Date set.
 */
dueOn: string, 
/**
 * Subject.
 */
subject: string, 
/**
 * When held.
 */
heldOn: string | null, 
/**
 * What was said.
 */
summary: string, };

export type Amendment = { 
/**
 * Id.
 */
id: number, 
/**
 * When it was decided.
 */
on: string, 
/**
 * What changes and why.
 */
reason: string, 
/**
 * When recorded.
 */
createdAt: string, };

export type SkillInput = { 
/**
 * The skill ("Accueillir un client et répondre à sa demande").
 */
skill: string, 
/**
 * How far acquired.
 */
level: SkillLevel | null, 
/**
 * Where it was shown.
 */
evidence: SkillEvidence | null, 
/**
 * Observations.
 */
observations: string, 
/**
 * The tutor validated it.
 */
validated: boolean, };

export type Skill = { 
/**
 * The skill.
 */
skill: string, 
/**
 * Level.
 */
level: SkillLevel, 
/**
 * Evidence.
 */
evidence: SkillEvidence, 
/**
 * Observations.
 */
observations: string, 
/**
 * Validated by the tutor.
 */
validated: boolean, };

export type BilanInput = { 
/**
 * When it was held.
 */
heldOn: string | null, 
/**
 * Who took part ("Nom, qualité"), one per line.
 */
participants: Array<string>, 
/**
 * Half-days planned (none: not counted).
 */
plannedHalfDays: number | null, 
/**
 * Half-days of absence.
 */
absentHalfDays: number, 
/**
 * Of which justified.
 */
justifiedHalfDays: number, 
/**
 * Late arrivals.
 */
lates: number, 
/**
 * About attendance.
 */
attendanceComment: string, 
/**
 * The student's view.
 */
studentView: string, 
/**
 * The family's view.
 */
familyView: string, 
/**
 * The situation at the end.
 */
outcome: Outcome | null, 
/**
 * From when.
 */
outcomeOn: string | null, 
/**
 * Details ("en 2MRC1", the CFA's name…).
 */
outcomeDetails: string, 
/**
 * Recommendations, one per line.
 */
recommendations: Array<string>, 
/**
 * Skills.
 */
skills: Array<SkillInput>, };

export type Bilan = { 
/**
 * When held.
 */
heldOn: string, 
/**
 * Participants.
 */
participants: Array<string>, 
/**
 * Half-days planned.
 */
plannedHalfDays: number | null, 
/**
 * Half-days of absence.
 */
absentHalfDays: number, 
/**
 * Of which justified.
 */
justifiedHalfDays: number, 
/**
 * Late arrivals.
 */
lates: number, 
/**
 * About attendance.
 */
attendanceComment: string, 
/**
 * The student's view.
 */
studentView: string, 
/**
 * The family's view.
 */
familyView: string, 
/**
 * Situation at the end.
 */
outcome: Outcome, 
/**
 * From when.
 */
outcomeOn: string | null, 
/**
 * Details.
 */
outcomeDetails: string, 
/**
 * Recommendations.
 */
recommendations: Array<string>, 
/**
 * Skills.
 */
skills: Array<Skill>, };

export type Pafi = { 
/**
 * Id.
 */
id: number, 
/**
 * The student.
 */
studentId: number, 
/**
 * "Prénom Nom".
 */
studentName: string, 
/**
 * Date of birth.
 */
birthDate: string, 
/**
 * Sex, as recorded.
 */
sex: Sex | null, 
/**
 * The class when the path was proposed.
 */
className: string, 
/**
 * The track then.
 */
track: Track | null, 
/**
 * Age on the start date (once there is one).
 */
ageAtStart: number | null, 
/**
 * The GPDS proposal it came from.
 */
proposalId: number | null, 
/**
 * State.
 */
state: PafiState, 
/**
 * Date of the last change of state.
 */
stateOn: string, 
/**
 * When proposed.
 */
proposedOn: string, 
/**
 * First day.
 */
startOn: string | null, 
/**
 * Last day.
 */
endOn: string | null, 
/**
 * The tutor (a staff member).
 */
tutorId: number | null, 
/**
 * Their name ("" when none).
 */
tutorName: string, 
/**
 * The MLDS coordinator, if any ("Nom, fonction").
 */
mldsCoordinator: string, 
/**
 * Listed objectives.
 */
objectives: Array<Objective>, 
/**
 * Objectives in the team's words.
 */
objectivesText: string, 
/**
 * The GPDS diagnosis.
 */
diagnosisOn: string | null, 
/**
 * The date set for the final bilan.
 */
bilanDueOn: string | null, 
/**
 * Planned return to class.
 */
returnOn: string | null, 
/**
 * How the return is prepared.
 */
returnTerms: string, 
/**
 * An adult student asked that the family sign too.
 */
familySigns: boolean, 
/**
 * When it was sent for validation.
 */
validationRequestedOn: string | null, 
/**
 * The validation, once recorded.
 */
validation: Validation | null, 
/**
 * When it was interrupted.
 */
interruptedOn: string | null, 
/**
 * Why.
 */
interruptionReason: string, 
/**
 * Activities, by start date.
 */
activities: Array<Activity>, 
/**
 * The weekly schedule, by period.
 */
periods: Array<Period>, 
/**
 * The tutor's notes, newest first.
 */
notes: Array<Note>, 
/**
 * Intermediate bilans, by date.
 */
checkpoints: Array<Checkpoint>, 
/**
 * Amendments, oldest first.
 */
amendments: Array<Amendment>, 
/**
 * The final bilan.
 */
bilan: Bilan | null, 
/**
 * Changes of state, oldest first.
 */
transitions: Array<Transition>, 
/**
 * The states it may go to now, with what is missing for each.
 */
nextSteps: Array<NextStep>, 
/**
 * When it was made.
 */
createdAt: string, };

export type AllianceKind = "interne" | "externe";

export type AllianceState = "proposed" | "diagnosis" | "proposal" | "running" | "closed" | "abandoned";

export type FamilyContract = "pending" | "proposed" | "signed" | "refused" | "not_proposed";

export type Formalisation = "pending" | "convention" | "informal" | "refused";

export type Domain = "scolarite" | "vie_scolaire" | "sante" | "famille_social" | "justice" | "orientation";

export type Polarity = "strength" | "difficulty";

export type Theme = "sante" | "justice" | "social" | "coeducation" | "harcelement" | "remediation" | "temps_scolaire" | "internat" | "pafi" | "cas_particulier" | "autre";

export type ResponseStatus = "planned" | "running" | "done" | "adjust" | "abandoned";

export type Situation = "in_school" | "in_training" | "reoriented" | "pafi" | "no_solution" | "other";

export type AllianceMember = { 
/**
 * Id.
 */
id: number, 
/**
 * A member of staff.
 */
staffId: number | null, 
/**
 * Their role in the school.
 */
staffRole: StaffRole | null, 
/**
 * Or a partner's contact.
 */
partnerId: number | null, 
/**
 * The partner's name ("" for staff).
 */
partnerName: string, 
/**
 * "Prénom Nom".
 */
name: string, 
/**
 * Their function ("CPE", "éducatrice").
 */
function: string, 
/**
 * Their role in this alliance ("suivi scolaire", "lien avec la famille").
 */
role: string, 
/**
 * The student's référent in the alliance (a member of the school).
 */
isReferent: boolean, 
/**
 * When they signed the charte (none: not signed).
 */
charteOn: string | null, 
/**
 * How ("screen" or "paper").
 */
charteMethod: string | null, 
/**
 * When they left the team.
 */
leftOn: string | null, };

export type AlliancePartner = { 
/**
 * The partner.
 */
partnerId: number, 
/**
 * Its name.
 */
name: string, 
/**
 * How it works with the school.
 */
formalisation: Formalisation, 
/**
 * Since when.
 */
on: string | null, 
/**
 * Why (informal, refused).
 */
reason: string, 
/**
 * The state of the latest convention de partenariat made with this partner ("draft",
 * "to_sign", "signed", "sealed"…), if any: one convention covers all its alliances.
 */
conventionState: string | null, };

export type Role = "referent" | "direction" | "cpe" | "psy_en" | "medico_social" | "enseignant" | "lecture_seule";

export type Sensitivity = "equipe" | "restreint" | "auteur";

export type DiagnosisEntry = { 
/**
 * Id.
 */
id: number, 
/**
 * Domain.
 */
domain: Domain, 
/**
 * Potentiality or difficulty.
 */
polarity: Polarity, 
/**
 * What was observed ("" for a restricted entry, whose text only [`read_diagnosis`] gives).
 */
text: string, 
/**
 * When.
 */
notedOn: string, 
/**
 * By whom.
 */
memberId: number, 
/**
 * Their label.
 */
author: string, 
/**
 * Their role in the school (none for a partner).
 */
authorRole: StaffRole | null, 
/**
 * The account that typed it (none: before accounts).
 */
authorUserId: number | null, 
/**
 * Who may read it.
 */
sensitivity: Sensitivity, 
/**
 * The résumé utile: what may be shared with the whole team (may be empty).
 */
summary: string, 
/**
 * What stands for the text of a restricted entry (« 1 élément restreint — Infirmier·e,
 * 12/03/2026 »).
 */
stub: string, 
/**
 * Whether the signed-in user may read its text (« Lire » for a restricted entry).
 */
readable: boolean, };

export type AllianceResponse = { 
/**
 * Id.
 */
id: number, 
/**
 * Theme.
 */
theme: Theme, 
/**
 * What is done.
 */
action: string, 
/**
 * The member responsible.
 */
memberId: number, 
/**
 * Their label.
 */
responsible: string, 
/**
 * From.
 */
startOn: string | null, 
/**
 * To.
 */
endOn: string | null, 
/**
 * How often.
 */
rhythm: string, 
/**
 * Where it stands.
 */
status: ResponseStatus, 
/**
 * The PAFI it opened, once made.
 */
pafiId: number | null, 
/**
 * Its result, at the evaluation.
 */
result: string, };

export type AllianceMeeting = { 
/**
 * Id.
 */
id: number, 
/**
 * When.
 */
heldOn: string, 
/**
 * At what time ("17:30" or "").
 */
time: string, 
/**
 * Where.
 */
place: string, 
/**
 * Notes.
 */
notes: string, 
/**
 * Decisions.
 */
decisions: Array<string>, 
/**
 * Members present.
 */
present: number[], 
/**
 * Members absent.
 */
absent: number[], };

export type Share = { 
/**
 * Id.
 */
id: number, 
/**
 * When.
 */
sharedOn: string, 
/**
 * With whom.
 */
memberId: number, 
/**
 * Their label.
 */
recipient: string, 
/**
 * What.
 */
information: string, 
/**
 * Why.
 */
purpose: string, 
/**
 * The family was informed beforehand.
 */
familyInformed: boolean, 
/**
 * The recipient had not signed the charte (the user confirmed).
 */
charteUnsigned: boolean, };

export type Evaluation = { 
/**
 * When.
 */
on: string, 
/**
 * The student's situation.
 */
situation: Situation, 
/**
 * Details.
 */
situationDetails: string, 
/**
 * What worked.
 */
whatWorked: string, };

export type AllianceTransition = { 
/**
 * From (none: made).
 */
from: AllianceState | null, 
/**
 * To.
 */
to: AllianceState, 
/**
 * Date given.
 */
on: string, 
/**
 * Note (reason…).
 */
note: string, 
/**
 * Recorded at.
 */
at: string, };

export type AllianceNextStep = { 
/**
 * The state.
 */
to: AllianceState, 
/**
 * What is missing (French sentences; empty: the step can be taken).
 */
missing: Array<string>, };

export type AllianceRow = { 
/**
 * Id.
 */
id: number, 
/**
 * The student.
 */
studentId: number, 
/**
 * "Prénom Nom".
 */
studentName: string, 
/**
 * Class when proposed.
 */
className: string, 
/**
 * Kind.
 */
kind: AllianceKind, 
/**
 * State.
 */
state: AllianceState, 
/**
 * Since.
 */
stateOn: string, 
/**
 * The référent's name ("" when none).
 */
referent: string, 
/**
 * The family and the contract.
 */
family: FamilyContract, 
/**
 * How many members.
 */
members: number, 
/**
 * How many of them have not signed the charte.
 */
charteMissing: number, };

export type Alliance = { 
/**
 * Id.
 */
id: number, 
/**
 * The student.
 */
studentId: number, 
/**
 * "Prénom Nom".
 */
studentName: string, 
/**
 * Class when proposed.
 */
className: string, 
/**
 * The GPDS proposal it came from.
 */
proposalId: number | null, 
/**
 * Kind.
 */
kind: AllianceKind, 
/**
 * State.
 */
state: AllianceState, 
/**
 * Since.
 */
stateOn: string, 
/**
 * When proposed.
 */
proposedOn: string, 
/**
 * First day of the support.
 */
startOn: string | null, 
/**
 * Last day planned (none: end of the school year).
 */
endOn: string | null, 
/**
 * Rhythm of the follow-up ("toutes les six semaines").
 */
rhythm: string, 
/**
 * The family and the contract.
 */
family: FamilyContract, 
/**
 * Since when.
 */
familyOn: string | null, 
/**
 * The family's stated reason (refusal) or why it was not proposed.
 */
familyReason: string, 
/**
 * Why it was given up.
 */
abandonReason: string, 
/**
 * The team, référent first.
 */
members: Array<AllianceMember>, 
/**
 * The partners and their formalisation.
 */
partners: Array<AlliancePartner>, 
/**
 * The shared diagnosis, by domain.
 */
diagnosis: Array<DiagnosisEntry>, 
/**
 * The responses.
 */
responses: Array<AllianceResponse>, 
/**
 * Follow-up meetings, newest first.
 */
meetings: Array<AllianceMeeting>, 
/**
 * The sharing log, newest first.
 */
shares: Array<Share>, 
/**
 * The shared evaluation.
 */
evaluation: Evaluation | null, 
/**
 * Changes of state, oldest first.
 */
transitions: Array<AllianceTransition>, 
/**
 * The states it may go to, with what is missing.
 */
nextSteps: Array<AllianceNextStep>, };

export type AllianceInput = { 
/**
 * The student.
 */
studentId: number, 
/**
 * The GPDS proposal it answers, if any (marked "taken").
 */
proposalId: number | null, 
/**
 * Interne or externe.
 */
kind: AllianceKind | null, 
/**
 * First day of the support.
 */
startOn: string | null, 
/**
 * Last day planned (none: the end of the school year).
 */
endOn: string | null, 
/**
 * Rhythm of the follow-up.
 */
rhythm: string, };

export type AllianceStateChange = { 
/**
 * The state to go to.
 */
to: AllianceState, 
/**
 * When (not in the future).
 */
on: string, 
/**
 * For "abandonnée": the reason (required).
 */
note: string, };

export type ResponseResult = { 
/**
 * The response.
 */
responseId: number, 
/**
 * Where it ended.
 */
status: ResponseStatus, 
/**
 * What it gave.
 */
result: string, };

export type EvaluationInput = { 
/**
 * When it was made.
 */
on: string | null, 
/**
 * The student's situation.
 */
situation: Situation | null, 
/**
 * Details.
 */
situationDetails: string, 
/**
 * What worked (and what did not).
 */
whatWorked: string, 
/**
 * Each response's result.
 */
results: Array<ResponseResult>, };

export type MemberInput = { 
/**
 * A member of staff.
 */
staffId: number | null, 
/**
 * Or a partner of the directory.
 */
partnerId: number | null, 
/**
 * The partner's contact ("Prénom Nom"), from the directory's contacts or typed.
 */
contactName: string, 
/**
 * Their function.
 */
contactFunction: string, 
/**
 * Their role in this alliance.
 */
role: string, 
/**
 * The student's référent in the alliance (a member of staff).
 */
isReferent: boolean, };

export type FamilyChange = { 
/**
 * Where the contract stands.
 */
status: FamilyContract, 
/**
 * Since when.
 */
on: string | null, 
/**
 * The family's stated reason (refused), or why it was not proposed.
 */
reason: string, };

export type DiagnosisInput = { 
/**
 * Domain.
 */
domain: Domain | null, 
/**
 * Potentiality or difficulty.
 */
polarity: Polarity | null, 
/**
 * What was observed.
 */
text: string, 
/**
 * When.
 */
notedOn: string | null, 
/**
 * By which member.
 */
memberId: number | null, 
/**
 * Who may read it (restreint, auteur seul: médico-social members and partners only).
 */
sensitivity: Sensitivity, 
/**
 * The résumé utile: what may be shared with the whole team (may be empty).
 */
summary: string, };

export type ResponseInput = { 
/**
 * Theme.
 */
theme: Theme | null, 
/**
 * What is done.
 */
action: string, 
/**
 * The member responsible (required).
 */
memberId: number | null, 
/**
 * From.
 */
startOn: string | null, 
/**
 * To.
 */
endOn: string | null, 
/**
 * How often.
 */
rhythm: string, 
/**
 * Where it stands.
 */
status: ResponseStatus, };

export type AllianceMeetingInput = { 
/**
 * When.
 */
heldOn: string | null, 
/**
 * At what time ("17:30").
 */
time: string, 
/**
 * Where.
 */
place: string, 
/**
 * Members present (the others are absent).
 */
present: number[], 
/**
 * Notes.
 */
notes: string, 
/**
 * Decisions, one per line.
 */
decisions: Array<string>, };

export type ShareInput = { 
/**
 * When.
 */
sharedOn: string | null, 
/**
 * With whom.
 */
memberId: number | null, 
/**
 * What (only what is needed).
 */
information: string, 
/**
 * Why.
 */
purpose: string, 
/**
 * The family was informed beforehand.
 */
familyInformed: boolean, 
/**
 * The user confirmed the warnings (charte not signed, family not informed).
 */
confirm: boolean, };

export type StudentNoteInput = { 
/**
 * The day it is about (today by default in the form).
 */
writtenOn: string | null, 
/**
 * Who may read it.
 */
sensitivity: Sensitivity, 
/**
 * The note.
 */
text: string, 
/**
 * The résumé utile: what may be shared with the team (may be empty).
 */
summary: string, };

export type StudentNote = { 
/**
 * Id.
 */
id: number, 
/**
 * The student.
 */
studentId: number, 
/**
 * The day it is about.
 */
writtenOn: string, 
/**
 * The author's name ("" when the user may not read the note: the stub names the role).
 */
authorName: string, 
/**
 * The author's role when they wrote it.
 */
authorRole: Role, 
/**
 * Who may read it.
 */
sensitivity: Sensitivity, 
/**
 * The text: given for an « équipe » note, and by [`read_note`]; none in lists for a
 * restricted note, and never to a user who may not read it.
 */
text: string | null, 
/**
 * The résumé utile, shown to every user (may be empty).
 */
summary: string, 
/**
 * What stands for the text when it is not given (« 1 note restreinte — Médico-social,
 * 12/03/2026 »).
 */
stub: string, 
/**
 * Whether this user may read the text (« Lire » for a restricted note).
 */
readable: boolean, 
/**
 * Whether this user may change it (they wrote it).
 */
editable: boolean, 
/**
 * Whether this user may delete it (they wrote it, or they are the référent).
 */
deletable: boolean, 
/**
 * When it was written.
 */
createdAt: string, 
/**
 * When it was last changed.
 */
updatedAt: string, };

export type StudentNotes = { 
/**
 * The notes, the latest first.
 */
notes: Array<StudentNote>, 
/**
 * Whether this user may write notes (not « lecture seule », not a read-only opening).
 */
mayWrite: boolean, 
/**
 * Whether this user may write « auteur seul » notes (a personal account).
 */
mayWriteAuthorOnly: boolean, };

export type ClauseText = { 
/**
 * The template block.
 */
block: string, 
/**
 * The shipped text.
 */
shipped: string, 
/**
 * The establishment's text, when adapted.
 */
adapted: string | null, };

export type TemplateClauses = { 
/**
 * The version stored with the next document: `1`, or `1.2` once adapted twice.
 */
version: string, 
/**
 * The adaptable articles, in the order of the document.
 */
clauses: Array<ClauseText>, };

export type CaCertificate = { 
/**
 * The certificate, PEM-encoded.
 */
pem: string, 
/**
 * SHA-256 of the certificate (DER), as readers show it: `AB:CD:…` (32 pairs).
 */
sha256: string, };

export type Figure = { 
/**
 * Stable identifier (`pafi_commences`), the key coordinators merge on.
 */
id: string, 
/**
 * French label.
 */
label: string, 
/**
 * The value.
 */
value: number, 
/**
 * Which records, which dates.
 */
definition: string, };

export type BilanShare = { 
/**
 * Stable key (`16_18`, `F`, `bac_pro`).
 */
key: string, 
/**
 * French label.
 */
label: string, 
/**
 * Count.
 */
count: number, };

export type Distribution = { 
/**
 * Stable identifier (`pafi_age`).
 */
id: string, 
/**
 * French label.
 */
label: string, 
/**
 * Rows, in display order (empty categories kept, so that files merge row by row).
 */
rows: Array<BilanShare>, 
/**
 * Which records.
 */
definition: string, };

export type Section = { 
/**
 * Stable identifier.
 */
id: string, 
/**
 * French title.
 */
title: string, 
/**
 * Figures.
 */
figures: Array<Figure>, 
/**
 * Distributions.
 */
distributions: Array<Distribution>, };

export type AnnualBilan = { 
/**
 * [`SCHEMA_VERSION`].
 */
schemaVersion: number, 
/**
 * The establishment's UAI.
 */
uai: string, 
/**
 * Its name.
 */
establishment: string, 
/**
 * "2026-2027".
 */
schoolYear: string, 
/**
 * The day it was computed.
 */
computedOn: string, 
/**
 * Sections.
 */
sections: Array<Section>, };

export type BilanQualitative = { 
/**
 * What the mechanisms brought to the students and the school.
 */
apports: string, 
/**
 * Difficulties met.
 */
difficultes: string, 
/**
 * What helped (levers).
 */
leviers: string, 
/**
 * What is planned next.
 */
perspectives: string, };

export type BilanRecordKind = "student" | "meeting" | "pafi" | "alliance" | "partner";

export type BilanRecord = { 
/**
 * What it is.
 */
kind: BilanRecordKind, 
/**
 * Its id (the student's for a student's action, entretien or mesure).
 */
id: number, 
/**
 * « Chloé Arnaud (3A) », « Séance du 12/10/2026 », a partner's name.
 */
title: string, 
/**
 * The date that puts it in the year.
 */
on: string | null, 
/**
 * What it is about (the action and its status, the path's state…).
 */
detail: string, };

export type ExportFormat = "pdf" | "xlsx" | "csv" | "json";

export type BilanExport = { 
/**
 * Its rank.
 */
id: number, 
/**
 * The day of the export (the day its figures were computed).
 */
exportedOn: string, 
/**
 * The format.
 */
format: ExportFormat, 
/**
 * The file's name (without its folder).
 */
fileName: string, };

export type BilanChange = { 
/**
 * `pafi_commences`, or `pafi_age/15` for a distribution's row.
 */
id: string, 
/**
 * « PAFI commencés », « PAFI commencés, par âge au premier jour — 15 ans ».
 */
label: string, 
/**
 * The value exported.
 */
before: number, 
/**
 * The value now.
 */
after: number, };

export type BilanOverview = { 
/**
 * The figures as of today.
 */
bilan: AnnualBilan, 
/**
 * The qualitative part.
 */
qualitative: BilanQualitative, 
/**
 * The exports of the year, newest first.
 */
exports: Array<BilanExport>, 
/**
 * The last export's figures, as exported.
 */
frozen: AnnualBilan | null, 
/**
 * The figures that changed since the last export.
 */
changes: Array<BilanChange>, };

export type BilanExported = { 
/**
 * The bilan exported.
 */
bilan: AnnualBilan, 
/**
 * Whether its figures were frozen in the case file (not in a read-only one).
 */
frozen: boolean, 
/**
 * The export before this one, if any.
 */
previous: BilanExport | null, 
/**
 * The figures that changed since that export (empty: the same figures).
 */
changes: Array<BilanChange>, };

export type ConsolidatedSchool = { 
/**
 * The establishment's UAI.
 */
uai: string, 
/**
 * Its name.
 */
establishment: string, 
/**
 * The day its figures were computed.
 */
computedOn: string, };

export type ConsolidatedFigure = { 
/**
 * Stable identifier (`pafi_commences`).
 */
id: string, 
/**
 * French label.
 */
label: string, 
/**
 * Which records, which dates.
 */
definition: string, 
/**
 * One value per school, in the order of [`Consolidated::schools`].
 */
values: Array<number>, 
/**
 * The sum of the values, or for a percentage the rate of the totals (see [`RATIOS`]).
 */
total: number, 
/**
 * Whether the figure is a percentage whose total is recomputed, not summed.
 */
percent: boolean, };

export type ConsolidatedShare = { 
/**
 * Stable key (`16_18`).
 */
key: string, 
/**
 * French label.
 */
label: string, 
/**
 * One count per school, in the order of [`Consolidated::schools`].
 */
counts: Array<number>, 
/**
 * Their sum.
 */
total: number, };

export type ConsolidatedDistribution = { 
/**
 * Stable identifier (`pafi_age`).
 */
id: string, 
/**
 * French label.
 */
label: string, 
/**
 * Which records.
 */
definition: string, 
/**
 * Rows, in the bilan's order.
 */
rows: Array<ConsolidatedShare>, };

export type ConsolidatedSection = { 
/**
 * Stable identifier.
 */
id: string, 
/**
 * French title.
 */
title: string, 
/**
 * Figures.
 */
figures: Array<ConsolidatedFigure>, 
/**
 * Distributions.
 */
distributions: Array<ConsolidatedDistribution>, };

export type BilanConsolidated = { 
/**
 * The schema version all the files follow ([`SCHEMA_VERSION`]).
 */
schemaVersion: number, 
/**
 * "2026-2027".
 */
schoolYear: string, 
/**
 * The schools, sorted by UAI: the order of every `values` and `counts`.
 */
schools: Array<ConsolidatedSchool>, 
/**
 * Sections, in the bilan's order.
 */
sections: Array<ConsolidatedSection>, };

export type PurgeCounts = { 
/**
 * Students' records (with their legal representatives).
 */
students: number, 
/**
 * Flags (repérages).
 */
flags: number, 
/**
 * GPDS decisions about them.
 */
reviews: number, 
/**
 * Follow-up actions.
 */
actions: number, 
/**
 * Entretiens de situation.
 */
entretiens: number, 
/**
 * Mesures de responsabilisation.
 */
mesures: number, 
/**
 * PAFI (with all their parts).
 */
pafi: number, 
/**
 * Alliances éducatives (with all their parts).
 */
alliances: number, 
/**
 * Notes on the student (every sensitivity).
 */
notes: number, 
/**
 * Documents (PDFs, every version, scans).
 */
documents: number, 
/**
 * Journal entries whose text is erased.
 */
journalEntries: number, };

export type PurgeStudent = { 
/**
 * The student.
 */
studentId: number, 
/**
 * « Léa Dubois (2NDE3) ».
 */
name: string, 
/**
 * When they left.
 */
exitDate: string, 
/**
 * The last day their data is kept.
 */
keptUntil: string, 
/**
 * What would go.
 */
counts: PurgeCounts, 
/**
 * Why it stays for now (an open follow-up, a PAFI or an alliance under way), if it does.
 */
heldBy: string | null, };

export type PurgePreview = { 
/**
 * The policy: school years kept after the year of exit.
 */
yearsAfterExit: number, 
/**
 * Today.
 */
on: string, 
/**
 * The students whose data goes (held ones excluded).
 */
due: Array<PurgeStudent>, 
/**
 * Students past their date whose data stays for now, with why.
 */
held: Array<PurgeStudent>, 
/**
 * The totals of what goes.
 */
totals: PurgeCounts, };

export type PurgeReport = { 
/**
 * The day.
 */
on: string, 
/**
 * Who ran it.
 */
by: string, 
/**
 * The policy applied.
 */
yearsAfterExit: number, 
/**
 * What was deleted.
 */
counts: PurgeCounts, 
/**
 * The establishment (for the certificate).
 */
establishment: string, 
/**
 * Its UAI.
 */
uai: string, };

export type BrokenEntry = { 
/**
 * The entry's rank.
 */
id: number, 
/**
 * When it says it was written.
 */
at: string, 
/**
 * Who it says wrote it.
 */
author: string, 
/**
 * Its summary as stored now.
 */
summary: string, };

export type JournalCheck = { 
/**
 * Entries checked.
 */
entries: number, 
/**
 * The first entry where the chain breaks, if any.
 */
broken: BrokenEntry | null, 
/**
 * A French sentence: « Journal intègre : 1 204 entrées vérifiées. » or what broke.
 */
verdict: string, };

export type JournalFilter = { 
/**
 * A part of the student's name (accents and case aside).
 */
student: string, 
/**
 * The author, exactly as written in the journal.
 */
author: string, 
/**
 * The kind of record (`student`, `pafi`, `bilan`…).
 */
entity: string, 
/**
 * From this day (included).
 */
from: string | null, 
/**
 * To this day (included).
 */
to: string | null, 
/**
 * At most this many entries (newest first).
 */
limit: number, };

export type JournalFacets = { 
/**
 * Authors, in order.
 */
authors: Array<string>, 
/**
 * Kinds of record (`student`, `pafi`…), in order.
 */
entities: Array<string>, };

export type SignedIn = { 
/**
 * The account's id (0: opened with the recovery key, before any account is chosen).
 */
id: number, 
/**
 * "Prénom Nom", as the journal names them.
 */
name: string, 
/**
 * What they may do.
 */
role: Role, };

export type Account = { 
/**
 * Id.
 */
id: number, 
/**
 * "Prénom Nom".
 */
name: string, 
/**
 * What they may do.
 */
role: Role, 
/**
 * Whether they may still sign in.
 */
active: boolean, 
/**
 * When the account was made.
 */
createdAt: string, 
/**
 * When it was deactivated.
 */
deactivatedAt: string | null, };

export type SignInAccount = { 
/**
 * Id.
 */
id: number, 
/**
 * "Prénom Nom".
 */
name: string, };
