//! The contract with the UI: the types commands take and return that core does not define.
//! `ui/src/api/types.gen.ts` is generated from these and the core types (`typescript()`); a
//! test fails when it is stale.

use accroche_core::access::Sensitivity;
use accroche_core::alliance::{
    Alliance, AllianceInput, AllianceKind, AllianceMeeting, AlliancePartner, AllianceRow,
    AllianceState, DiagnosisEntry, DiagnosisInput, Domain, Evaluation, EvaluationInput,
    FamilyChange, FamilyContract, Formalisation, MeetingInput as AllianceMeetingInput,
    Member as AllianceMember, MemberInput, NextStep as AllianceNextStep, Polarity,
    Response as AllianceResponse, ResponseInput, ResponseResult, ResponseStatus, Share, ShareInput,
    Situation, StateChange as AllianceStateChange, Theme, Transition as AllianceTransition,
};
use accroche_core::bilan::merge::{
    Consolidated, ConsolidatedDistribution, ConsolidatedFigure, ConsolidatedSchool,
    ConsolidatedSection, ConsolidatedShare,
};
use accroche_core::bilan::{
    Bilan as AnnualBilan, Distribution as BilanDistribution, ExportFormat, Exported,
    Figure as BilanFigure, FigureChange, Frozen, Overview, Qualitative, Record, RecordKind,
    Section as BilanSection, Share as BilanShare,
};
use accroche_core::casefile::{
    BackupInfo, BackupKind, BrokenEntry, Change, JournalCheck, JournalEntry, JournalFilter,
};
use accroche_core::chronology::{ChronologyEntry, ChronologyKind};
use accroche_core::documents::registry::{
    Document, DocumentState, Scan, ScreenSignature, Signatory, Verification,
};
use accroche_core::documents::seal_store::CaCertificate;
use accroche_core::documents::template::{ClauseText, DocumentType, TemplateClauses};
use accroche_core::gpds::{
    Action, ActionInput, ActionKind, ActionStatus, Agenda, AgendaItem, AgendaReason,
    AgendaReasonKind, Attendance, CloseReason, Dashboard, DashboardCounts, Decision, Entretien,
    EntretienInput, EntretienOutcome, Flag, FlagInput, FollowUp, Guest, GuestInput, Leaver,
    Meeting, MeetingInput, MeetingRow, MeetingStatus, Member, Mesure, MesureInput, MesureStatus,
    Minutes, MinutesAction, MinutesRow, NextMeeting, OwnerActions, Proposal, ProposalRef, Review,
    ReviewInput, Signal, SignalKind, StudentGpds, StudentLine,
};
use accroche_core::notes::{StudentNote, StudentNoteInput, StudentNotes};
use accroche_core::pafi::{
    Activity, ActivityInput, ActivityKind, Amendment, Bilan, BilanInput, Checkpoint,
    CheckpointInput, NextStep, Note, NoteInput, Objective, Outcome, Pafi, PafiInput, PafiRow,
    PafiState, Period, PeriodInput, Reminder, ReminderKind, Skill, SkillEvidence, SkillInput,
    SkillLevel, Slot, SlotInput, SlotKind, StateChange, Transition, Validation,
    ValidationAuthority,
};
use accroche_core::recent::RecentFile;
use accroche_core::registry::{
    Contact, Establishment, EstablishmentInput, EstablishmentKind, LegalRep, Partner, PartnerInput,
    PartnerKind, Relationship, Sex, Staff, StaffInput, StaffRole, Student, StudentInput,
    StudentRow, Track,
};
use accroche_core::retention::{
    Counts as PurgeCounts, Due as PurgeStudent, Preview as PurgePreview, Report as PurgeReport,
};
use accroche_core::roster::{
    ImportBatch, ImportCounts, ImportPreview, PreviewLeft, PreviewNew, PreviewSkipped,
    PreviewUpdate,
};
use accroche_core::users::Role;
use serde::Serialize;
use ts_rs::{Config, TS};

use crate::error::ApiError;

/// The open case file, as the window shows it.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// Full path.
    pub path: String,
    /// File name.
    pub file_name: String,
    /// Opened read-only (another process holds it).
    pub read_only: bool,
    /// The establishment.
    pub establishment: Establishment,
    /// The backup made on opening, if any.
    pub backup_made: Option<String>,
    /// Idle minutes before the window locks the case file.
    pub auto_lock_minutes: u32,
    /// Who is signed in (id 0: opened with the recovery key, no account chosen yet).
    pub user: accroche_core::users::SignedIn,
    /// The recovery key, only in the session that made it (a new case file, or an old one
    /// converted to accounts): the window shows it once, to be printed.
    pub recovery_key: Option<String>,
}

/// An account as the sign-in screen lists it (no role: the key file does not hold roles).
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInAccount {
    /// Id.
    #[ts(type = "number")]
    pub id: i64,
    /// "Prénom Nom".
    pub name: String,
}

/// Facts about the app, for the welcome screen.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// App version.
    pub version: String,
    /// Newest schema this build knows.
    pub schema_version: u32,
    /// The school year of today's date.
    pub suggested_school_year_start: i32,
    /// Where new case files go by default.
    pub default_dir: String,
    /// A case file given on the command line, to unlock at start.
    pub opened_path: Option<String>,
    /// The passphrase rule, to show before the user types.
    pub passphrase_rule: String,
    /// `--auto-lock-seconds=N` on the command line: an idle time in seconds that replaces the
    /// case file's setting (end-to-end tests, demonstrations).
    pub auto_lock_seconds_override: Option<u32>,
    /// Where « Découvrir avec un dossier de démonstration » puts its case file.
    pub demo_path: String,
    /// Its passphrase (invented people only), shown on its unlock screen.
    pub demo_passphrase: String,
    /// Where file dialogs start: a dialog given a bare file name would otherwise open in the
    /// process's working folder (inside the AppImage, a read-only folder of the app's).
    pub documents_dir: String,
}

/// The journal's authors and kinds of record, for the journal screen's filters.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalFacets {
    /// Authors, in order.
    pub authors: Vec<String>,
    /// Kinds of record (`student`, `pafi`…), in order.
    pub entities: Vec<String>,
}

/// Every type the UI sees, as TypeScript declarations.
pub fn typescript() -> String {
    let cfg = Config::default();
    let decls = [
        EstablishmentKind::decl(&cfg),
        EstablishmentInput::decl(&cfg),
        Establishment::decl(&cfg),
        Session::decl(&cfg),
        AppInfo::decl(&cfg),
        RecentFile::decl(&cfg),
        Sex::decl(&cfg),
        Track::decl(&cfg),
        Relationship::decl(&cfg),
        LegalRep::decl(&cfg),
        StudentInput::decl(&cfg),
        Student::decl(&cfg),
        StudentRow::decl(&cfg),
        StaffRole::decl(&cfg),
        StaffInput::decl(&cfg),
        Staff::decl(&cfg),
        PartnerKind::decl(&cfg),
        Contact::decl(&cfg),
        PartnerInput::decl(&cfg),
        Partner::decl(&cfg),
        Leaver::decl(&cfg),
        Change::decl(&cfg),
        JournalEntry::decl(&cfg),
        BackupKind::decl(&cfg),
        BackupInfo::decl(&cfg),
        ApiError::decl(&cfg),
        ImportCounts::decl(&cfg),
        PreviewNew::decl(&cfg),
        PreviewUpdate::decl(&cfg),
        PreviewLeft::decl(&cfg),
        PreviewSkipped::decl(&cfg),
        ImportPreview::decl(&cfg),
        ImportBatch::decl(&cfg),
        ChronologyKind::decl(&cfg),
        ChronologyEntry::decl(&cfg),
        SignalKind::decl(&cfg),
        Signal::decl(&cfg),
        FlagInput::decl(&cfg),
        Flag::decl(&cfg),
        MeetingStatus::decl(&cfg),
        GuestInput::decl(&cfg),
        MeetingInput::decl(&cfg),
        Member::decl(&cfg),
        Guest::decl(&cfg),
        Meeting::decl(&cfg),
        MeetingRow::decl(&cfg),
        Attendance::decl(&cfg),
        AgendaReasonKind::decl(&cfg),
        AgendaReason::decl(&cfg),
        AgendaItem::decl(&cfg),
        Agenda::decl(&cfg),
        Decision::decl(&cfg),
        CloseReason::decl(&cfg),
        ActionKind::decl(&cfg),
        ActionStatus::decl(&cfg),
        ActionInput::decl(&cfg),
        Action::decl(&cfg),
        ReviewInput::decl(&cfg),
        Review::decl(&cfg),
        MinutesAction::decl(&cfg),
        MinutesRow::decl(&cfg),
        Minutes::decl(&cfg),
        FollowUp::decl(&cfg),
        EntretienOutcome::decl(&cfg),
        EntretienInput::decl(&cfg),
        Entretien::decl(&cfg),
        MesureStatus::decl(&cfg),
        MesureInput::decl(&cfg),
        Mesure::decl(&cfg),
        Proposal::decl(&cfg),
        NextMeeting::decl(&cfg),
        StudentGpds::decl(&cfg),
        OwnerActions::decl(&cfg),
        ProposalRef::decl(&cfg),
        StudentLine::decl(&cfg),
        DashboardCounts::decl(&cfg),
        Dashboard::decl(&cfg),
        DocumentType::decl(&cfg),
        DocumentState::decl(&cfg),
        Signatory::decl(&cfg),
        Scan::decl(&cfg),
        Document::decl(&cfg),
        ScreenSignature::decl(&cfg),
        Verification::decl(&cfg),
        ReminderKind::decl(&cfg),
        Reminder::decl(&cfg),
        PafiState::decl(&cfg),
        ValidationAuthority::decl(&cfg),
        Objective::decl(&cfg),
        ActivityKind::decl(&cfg),
        SlotKind::decl(&cfg),
        SkillLevel::decl(&cfg),
        SkillEvidence::decl(&cfg),
        Outcome::decl(&cfg),
        Validation::decl(&cfg),
        Transition::decl(&cfg),
        NextStep::decl(&cfg),
        PafiRow::decl(&cfg),
        PafiInput::decl(&cfg),
        StateChange::decl(&cfg),
        ActivityInput::decl(&cfg),
        Activity::decl(&cfg),
        SlotInput::decl(&cfg),
        PeriodInput::decl(&cfg),
        Slot::decl(&cfg),
        Period::decl(&cfg),
        NoteInput::decl(&cfg),
        Note::decl(&cfg),
        CheckpointInput::decl(&cfg),
        Checkpoint::decl(&cfg),
        Amendment::decl(&cfg),
        SkillInput::decl(&cfg),
        Skill::decl(&cfg),
        BilanInput::decl(&cfg),
        Bilan::decl(&cfg),
        Pafi::decl(&cfg),
        AllianceKind::decl(&cfg),
        AllianceState::decl(&cfg),
        FamilyContract::decl(&cfg),
        Formalisation::decl(&cfg),
        Domain::decl(&cfg),
        Polarity::decl(&cfg),
        Theme::decl(&cfg),
        ResponseStatus::decl(&cfg),
        Situation::decl(&cfg),
        AllianceMember::decl(&cfg),
        AlliancePartner::decl(&cfg),
        Role::decl(&cfg),
        Sensitivity::decl(&cfg),
        DiagnosisEntry::decl(&cfg),
        AllianceResponse::decl(&cfg),
        AllianceMeeting::decl(&cfg),
        Share::decl(&cfg),
        Evaluation::decl(&cfg),
        AllianceTransition::decl(&cfg),
        AllianceNextStep::decl(&cfg),
        AllianceRow::decl(&cfg),
        Alliance::decl(&cfg),
        AllianceInput::decl(&cfg),
        AllianceStateChange::decl(&cfg),
        ResponseResult::decl(&cfg),
        EvaluationInput::decl(&cfg),
        MemberInput::decl(&cfg),
        FamilyChange::decl(&cfg),
        DiagnosisInput::decl(&cfg),
        ResponseInput::decl(&cfg),
        AllianceMeetingInput::decl(&cfg),
        ShareInput::decl(&cfg),
        StudentNoteInput::decl(&cfg),
        StudentNote::decl(&cfg),
        StudentNotes::decl(&cfg),
        ClauseText::decl(&cfg),
        TemplateClauses::decl(&cfg),
        CaCertificate::decl(&cfg),
        BilanFigure::decl(&cfg),
        BilanShare::decl(&cfg),
        BilanDistribution::decl(&cfg),
        BilanSection::decl(&cfg),
        AnnualBilan::decl(&cfg),
        Qualitative::decl(&cfg),
        RecordKind::decl(&cfg),
        Record::decl(&cfg),
        ExportFormat::decl(&cfg),
        Frozen::decl(&cfg),
        FigureChange::decl(&cfg),
        Overview::decl(&cfg),
        Exported::decl(&cfg),
        ConsolidatedSchool::decl(&cfg),
        ConsolidatedFigure::decl(&cfg),
        ConsolidatedShare::decl(&cfg),
        ConsolidatedDistribution::decl(&cfg),
        ConsolidatedSection::decl(&cfg),
        Consolidated::decl(&cfg),
        PurgeCounts::decl(&cfg),
        PurgeStudent::decl(&cfg),
        PurgePreview::decl(&cfg),
        PurgeReport::decl(&cfg),
        BrokenEntry::decl(&cfg),
        JournalCheck::decl(&cfg),
        JournalFilter::decl(&cfg),
        JournalFacets::decl(&cfg),
        accroche_core::users::SignedIn::decl(&cfg),
        accroche_core::users::Account::decl(&cfg),
        SignInAccount::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `UPDATE_TS=1 cargo test -p accroche-desktop`. Do not edit.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    /// The UI's types are generated from these: a stale file means the UI compiles against
    /// a contract the shell no longer keeps.
    #[test]
    fn generated_typescript_types_are_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/api/types.gen.ts");
        let fresh = super::typescript();
        if std::env::var_os("UPDATE_TS").is_some() {
            std::fs::write(path, &fresh).expect("write types.gen.ts");
        }
        let current = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            current == fresh,
            "ui/src/api/types.gen.ts is stale: run `UPDATE_TS=1 cargo test -p accroche-desktop`"
        );
    }
}
