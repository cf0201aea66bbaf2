//! Every input the core refuses, in one table: each row runs one rejected call on a shared,
//! prepared case file and checks the exact French message, the error's code and field, and
//! that nothing changed (every table's row count and content, the journal's last entry, the
//! files beside the case file).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use accroche_core::access::Sensitivity;
use accroche_core::alliance::{create_alliance, AllianceInput, AllianceKind};
use accroche_core::bilan::merge::{merge, parse};
use accroche_core::bilan::{bilan, save_qualitative, Qualitative};
use accroche_core::casefile::{self, journal_list, set_auto_lock_minutes, CaseFile};
use accroche_core::documents::registry::{cancel_document, document};
use accroche_core::gpds::{
    add_action, cancel_action, complete_action, create_flag, record_entretien, record_mesure,
    update_flag, ActionInput, ActionKind, EntretienInput, EntretienOutcome, FlagInput, MesureInput,
    MesureStatus, Signal, SignalKind,
};
use accroche_core::notes::{add_note, delete_note, read_note, update_note, StudentNoteInput};
use accroche_core::pafi::{
    change_state, create_pafi, save_activity, ActivityInput, ActivityKind, Objective, PafiInput,
    PafiState, StateChange,
};
use accroche_core::registry::{
    create_case_file, create_partner, create_staff, create_student, set_student_archived,
    student as student_record, update_establishment, update_student, Contact, Logo, PartnerInput,
    PartnerKind, StaffInput, StaffRole,
};
use accroche_core::retention::{purge, set_years_after_exit};
use accroche_core::roster::{read_roster, undo_last_import};
use accroche_core::school_year::SchoolYear;
use accroche_core::users::{Role, SignedIn};
use accroche_core::Error;
use accroche_tests::{clock, date, establishment, new_casefile, student, PASSPHRASE};
use chrono::NaiveDate;

/// The shared case file (today: 22/11/2026) and the records the rows refer to.
struct Ctx {
    dir: PathBuf,
    path: PathBuf,
    /// A second case file, closed, for the passphrase rows.
    other: PathBuf,
    cf: CaseFile,
    tutor: i64,
    psy: i64,
    host: i64,
    /// Léa, 16, with an INE, a PAFI, an open alliance, a flag and an action.
    lea: i64,
    /// Jules, 14.
    young: i64,
    pafi: i64,
    flag: i64,
    action: i64,
    /// A « restreint » note on Léa, by the nurse's account.
    note: i64,
}

fn staff(cf: &mut CaseFile, last: &str, role: StaffRole) -> i64 {
    create_staff(
        cf,
        &StaffInput {
            last_name: last.into(),
            first_name: "Camille".into(),
            role,
            email: String::new(),
            phone: String::new(),
        },
    )
    .unwrap()
    .id
}

fn pafi_input(c: &Ctx, student_id: i64, start: NaiveDate, end: NaiveDate) -> PafiInput {
    PafiInput {
        student_id,
        proposal_id: None,
        start_on: Some(start),
        end_on: Some(end),
        tutor_id: Some(c.tutor),
        mlds_coordinator: String::new(),
        objectives: vec![Objective::Remobilisation],
        objectives_text: "Retrouver une assiduité régulière.".into(),
        diagnosis_on: None,
        bilan_due_on: None,
        return_on: None,
        return_terms: String::new(),
        family_signs: false,
        confirm_long: false,
    }
}

fn flag_input(c: &Ctx) -> FlagInput {
    FlagInput {
        student_id: c.lea,
        flagged_on: date(2026, 11, 16),
        raised_by: Some(c.tutor),
        signals: vec![Signal {
            kind: SignalKind::Absences,
            amount: Some(12),
            unjustified: Some(4),
            detail: String::new(),
        }],
        note: String::new(),
    }
}

fn action_input(c: &Ctx, due: NaiveDate) -> ActionInput {
    ActionInput {
        id: None,
        kind: ActionKind::Tutorat,
        detail: String::new(),
        owner: Some(c.tutor),
        due_on: Some(due),
    }
}

fn mesure_input(c: &Ctx) -> MesureInput {
    MesureInput {
        student_id: c.lea,
        hours: Some(12),
        partner_id: None,
        host_detail: "CDI".into(),
        start_on: Some(date(2026, 11, 23)),
        end_on: Some(date(2026, 12, 4)),
        status: MesureStatus::Planned,
    }
}

/// An account of this role (the nurse is 7).
fn account(id: i64, role: Role) -> SignedIn {
    SignedIn {
        id,
        name: format!("Compte {id}"),
        role,
    }
}

fn note_input(sensitivity: Sensitivity, text: &str) -> StudentNoteInput {
    StudentNoteInput {
        written_on: Some(date(2026, 11, 20)),
        sensitivity,
        text: text.into(),
        summary: String::new(),
    }
}

fn qualitative(leviers: &str) -> Qualitative {
    Qualitative {
        apports: "Des retours en classe plus sereins.".into(),
        difficultes: String::new(),
        leviers: leviers.into(),
        perspectives: String::new(),
    }
}

fn change(to: PafiState, on: NaiveDate, note: &str) -> StateChange {
    StateChange {
        to,
        on,
        authority: None,
        note: note.into(),
    }
}

fn prepare() -> (tempfile::TempDir, Ctx) {
    let (dir, path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let other = dir.path().join("autre.accroche");
    drop(create_case_file(&other, PASSPHRASE, &establishment(), None, clock()).unwrap());
    let tutor = staff(&mut cf, "Lœillet", StaffRole::ProfesseurPrincipal);
    let psy = staff(&mut cf, "Ferrand", StaffRole::PsyEn);
    let host = create_partner(
        &mut cf,
        &PartnerInput {
            name: "Le Fournil d'Élise".into(),
            kind: PartnerKind::Entreprise,
            address: "27 place du Marché\n99001 Valmont-sur-Exemple".into(),
            phone: String::new(),
            email: String::new(),
            contacts: vec![Contact {
                last_name: "Kœnig".into(),
                first_name: "Élise".into(),
                function: "gérante".into(),
                phone: String::new(),
                email: String::new(),
            }],
        },
    )
    .unwrap()
    .id;
    let mut s = student("Dubois", "Léa");
    s.ine = Some("1234567890A".into());
    let lea = create_student(&mut cf, &s).unwrap().id;
    let mut s = student("Martin", "Jules");
    s.birth_date = date(2012, 6, 1);
    let young = create_student(&mut cf, &s).unwrap().id;
    let mut c = Ctx {
        dir: dir.path().to_owned(),
        path,
        other,
        cf,
        tutor,
        psy,
        host,
        lea,
        young,
        pafi: 0,
        flag: 0,
        action: 0,
        note: 0,
    };
    // A PAFI validated, its contract never signed.
    let input = pafi_input(&c, lea, date(2026, 11, 23), date(2026, 12, 18));
    c.pafi = create_pafi(&mut c.cf, &input).unwrap().id;
    let today = date(2026, 11, 22);
    change_state(&mut c.cf, c.pafi, &change(PafiState::Preparing, today, "")).unwrap();
    save_activity(
        &mut c.cf,
        c.pafi,
        None,
        &ActivityInput {
            kind: Some(ActivityKind::MldsModule),
            title: "Module de remobilisation".into(),
            partner_id: None,
            host_representative: String::new(),
            host_representative_role: String::new(),
            host_tutor: String::new(),
            host_tutor_role: String::new(),
            host_tutor_phone: String::new(),
            start_on: Some(date(2026, 11, 24)),
            end_on: Some(date(2026, 12, 15)),
            hours_per_week: Some(3.0),
            address: String::new(),
            tasks: Vec::new(),
            realisation: String::new(),
        },
    )
    .unwrap();
    change_state(
        &mut c.cf,
        c.pafi,
        &change(PafiState::AwaitingValidation, today, ""),
    )
    .unwrap();
    change_state(
        &mut c.cf,
        c.pafi,
        &change(PafiState::Validated, today, "DSDEN-1"),
    )
    .unwrap();
    create_alliance(
        &mut c.cf,
        &AllianceInput {
            student_id: lea,
            proposal_id: None,
            kind: Some(AllianceKind::Internal),
            start_on: None,
            end_on: None,
            rhythm: "toutes les six semaines".into(),
        },
    )
    .unwrap();
    let f = flag_input(&c);
    c.flag = create_flag(&mut c.cf, &f).unwrap().id;
    let a = action_input(&c, date(2026, 12, 1));
    c.action = add_action(&mut c.cf, lea, &a, false).unwrap().id;
    c.note = add_note(
        &mut c.cf,
        &account(7, Role::MedicoSocial),
        lea,
        &note_input(Sensitivity::Restreint, "Suivie au CMP."),
    )
    .unwrap()
    .id;
    (dir, c)
}

type Run = Box<dyn FnOnce(&mut Ctx) -> Result<(), Error>>;

/// One refused input: what the user did, what they are told, and how the UI knows it.
struct Row {
    label: &'static str,
    code: &'static str,
    /// The field named, "" when the error names none.
    field: &'static str,
    /// The exact message; `{dir}` stands for the shared case file's folder.
    message: &'static str,
    run: Run,
}

fn row<T: 'static>(
    label: &'static str,
    code: &'static str,
    field: &'static str,
    message: &'static str,
    f: impl FnOnce(&mut Ctx) -> Result<T, Error> + 'static,
) -> Row {
    Row {
        label,
        code,
        field,
        message,
        run: Box::new(move |c| f(c).map(drop)),
    }
}

fn hash_of(v: impl Hash) -> i64 {
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    i64::from_ne_bytes(h.finish().to_ne_bytes())
}

/// A fingerprint of everything a refused call could have touched: each table's row count and
/// content, the journal's newest entry, the files of the folder and the closed case file's bytes.
fn state(c: &Ctx) -> Vec<(String, i64)> {
    let conn = c.cf.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let count: i64 = conn
            .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
            .unwrap();
        out.push((t.clone(), count));
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut content = Vec::new();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i).unwrap();
                content.push(format!("{v:?}"));
            }
        }
        out.push((format!("{t} (contenu)"), hash_of(&content)));
    }
    let last = journal_list(&c.cf, 1).unwrap();
    out.push((
        "journal (dernière entrée)".into(),
        hash_of(last.first().map(|e| format!("{e:?}"))),
    ));
    let mut files: Vec<String> = std::fs::read_dir(&c.dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    for f in files {
        out.push((format!("fichier {f}"), 0));
    }
    out.push((
        "autre.accroche (octets)".into(),
        hash_of(std::fs::read(&c.other).unwrap()),
    ));
    out
}

fn rows() -> Vec<Row> {
    vec![
        // ── The case file ──────────────────────────────────────────────────────────────────
        row("phrase de passe trop courte à la création", "validation", "passphrase",
            "La phrase de passe est trop courte (5 caractères) : il faut au moins 12 caractères, ou 4 mots.",
            |c| create_case_file(&c.dir.join("court.accroche"), "court", &establishment(), None, clock())),
        row("phrase de passe de 3 mots à la création", "validation", "passphrase",
            "La phrase de passe est trop courte (11 caractères) : il faut au moins 12 caractères, ou 4 mots.",
            |c| create_case_file(&c.dir.join("mots.accroche"), "un de trois", &establishment(), None, clock())),
        row("dossier créé sans l'extension .accroche", "validation", "path",
            "Le nom du fichier doit se terminer par « .accroche ».",
            |c| create_case_file(&c.dir.join("lycee.db"), PASSPHRASE, &establishment(), None, clock())),
        row("dossier créé par-dessus un fichier existant", "conflict", "",
            "Un fichier existe déjà à l'emplacement {dir}/autre.accroche. Choisissez un autre nom ou ouvrez ce dossier.",
            |c| create_case_file(&c.other, PASSPHRASE, &establishment(), None, clock())),
        row("dossier créé avec un UAI invalide", "validation", "uai",
            "L'UAI 0750654E n'est pas valide : pour 0750654, la lettre de contrôle est D. Vérifiez le numéro.",
            |c| {
                let mut e = establishment();
                e.uai = "0750654E".into();
                create_case_file(&c.dir.join("uai.accroche"), PASSPHRASE, &e, None, clock())
            }),
        row("mauvaise phrase de passe à l'ouverture", "wrong_passphrase", "",
            "Phrase de passe incorrecte.",
            |c| casefile::open(&c.other, "ce n'est pas la bonne", false, clock())),
        row("mauvaise phrase de passe en lecture seule", "wrong_passphrase", "",
            "Phrase de passe incorrecte.",
            |c| casefile::open(&c.other, "ce n'est pas la bonne", true, clock())),
        row("second rédacteur sur un dossier ouvert", "locked", "",
            "Ce dossier est déjà ouvert sur cet ordinateur.",
            |c| casefile::open(&c.path, PASSPHRASE, false, clock())),
        row("ouverture d'un fichier absent", "not_found", "",
            "Le fichier {dir}/absent.accroche est introuvable. Vérifiez son emplacement.",
            |c| casefile::open(&c.dir.join("absent.accroche"), PASSPHRASE, false, clock())),
        row("verrouillage automatique après 0 minute", "validation", "minutes",
            "Choisissez un délai de 1 à 60 minutes.",
            |c| set_auto_lock_minutes(&mut c.cf, 0)),
        row("verrouillage automatique après 61 minutes", "validation", "minutes",
            "Choisissez un délai de 1 à 60 minutes.",
            |c| set_auto_lock_minutes(&mut c.cf, 61)),
        // ── The establishment ──────────────────────────────────────────────────────────────
        row("UAI de 7 caractères", "validation", "uai",
            "L'UAI compte 7 chiffres suivis d'une lettre (exemple : 0750654D).",
            |c| {
                let mut e = establishment();
                e.uai = "075065D".into();
                update_establishment(&mut c.cf, &e, None)
            }),
        row("UAI à la mauvaise lettre de contrôle", "validation", "uai",
            "L'UAI 0750654E n'est pas valide : pour 0750654, la lettre de contrôle est D. Vérifiez le numéro.",
            |c| {
                let mut e = establishment();
                e.uai = "0750654E".into();
                update_establishment(&mut c.cf, &e, None)
            }),
        row("année scolaire 1999-2000", "validation", "schoolYearStart",
            "Choisissez une année scolaire entre 2000-2001 et 2100-2101.",
            |c| {
                let mut e = establishment();
                e.school_year_start = 1999;
                update_establishment(&mut c.cf, &e, None)
            }),
        row("année scolaire 2101-2102", "validation", "schoolYearStart",
            "Choisissez une année scolaire entre 2000-2001 et 2100-2101.",
            |c| {
                let mut e = establishment();
                e.school_year_start = 2101;
                update_establishment(&mut c.cf, &e, None)
            }),
        row("établissement sans nom", "validation", "name",
            "Indiquez le nom de l'établissement.",
            |c| {
                let mut e = establishment();
                e.name = "  ".into();
                update_establishment(&mut c.cf, &e, None)
            }),
        row("logo GIF", "validation", "logo",
            "Le logo doit être une image PNG ou JPEG.",
            |c| {
                let logo = Logo::from_bytes(b"GIF89a\x01\x00\x01\x00".to_vec())?;
                update_establishment(&mut c.cf, &establishment(), Some(&logo))
            }),
        row("logo vide", "validation", "logo",
            "Le logo doit être une image PNG ou JPEG.",
            |c| {
                let logo = Logo::from_bytes(Vec::new())?;
                update_establishment(&mut c.cf, &establishment(), Some(&logo))
            }),
        row("logo PNG de plus de 2 Mo", "validation", "logo",
            "Le logo dépasse 2 Mo : choisissez une image plus légère.",
            |c| {
                let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
                bytes.resize(Logo::MAX_BYTES + 1, 0);
                let logo = Logo::from_bytes(bytes)?;
                update_establishment(&mut c.cf, &establishment(), Some(&logo))
            }),
        row("logo PNG abîmé (en-tête seul)", "validation", "logo",
            "Le logo est illisible (image abîmée ou incomplète) : enregistrez-le de nouveau en PNG ou JPEG.",
            |c| {
                let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0".to_vec();
                bytes.extend_from_slice(b"pas une image");
                let logo = Logo::from_bytes(bytes)?;
                update_establishment(&mut c.cf, &establishment(), Some(&logo))
            }),
        row("logo JPEG de trois octets", "validation", "logo",
            "Le logo est illisible (image abîmée ou incomplète) : enregistrez-le de nouveau en PNG ou JPEG.",
            |c| {
                let logo = Logo::from_bytes(vec![0xFF, 0xD8, 0xFF])?;
                update_establishment(&mut c.cf, &establishment(), Some(&logo))
            }),
        // ── Students ───────────────────────────────────────────────────────────────────────
        row("date de naissance dans le futur", "validation", "birthDate",
            "La date de naissance ne peut pas être dans le futur.",
            |c| {
                let mut s = student("Petit", "Noé");
                s.birth_date = date(2027, 1, 5);
                create_student(&mut c.cf, &s)
            }),
        row("élève de 5 ans", "validation", "birthDate",
            "Née ou né le 02/05/2021, l'élève aurait 5 ans : vérifiez la date (un élève du second degré a entre 10 et 25 ans).",
            |c| {
                let mut s = student("Petit", "Noé");
                s.birth_date = date(2021, 5, 2);
                create_student(&mut c.cf, &s)
            }),
        row("date de sortie avant la date d'entrée", "validation", "exitDate",
            "La date de sortie précède la date d'entrée.",
            |c| {
                let mut s = student("Petit", "Noé");
                s.exit_date = Some(date(2026, 8, 31));
                create_student(&mut c.cf, &s)
            }),
        row("INE de 10 caractères", "validation", "ine",
            "L'INE doit compter 11 caractères, chiffres et lettres (exemple : 1234567890A) ; « 123456789A » en compte 10.",
            |c| {
                let mut s = student("Petit", "Noé");
                s.ine = Some("123456789A".into());
                create_student(&mut c.cf, &s)
            }),
        row("INE déjà attribué", "validation", "ine",
            "L'INE 1234567890A est déjà celui de Léa Dubois. Vérifiez-le.",
            |c| {
                let mut s = student("Petit", "Noé");
                s.ine = Some("1234567890a".into());
                create_student(&mut c.cf, &s)
            }),
        row("code MEF de 5 caractères", "validation", "mef",
            "Le code MEF compte 11 caractères (exemple : 24620010110) ; « 24620 » n'en a pas 11.",
            |c| {
                let mut s = student("Petit", "Noé");
                s.mef = Some("24620".into());
                create_student(&mut c.cf, &s)
            }),
        row("élève sans nom", "validation", "lastName",
            "Indiquez le nom de l'élève.",
            |c| {
                let mut s = student("Petit", "Noé");
                s.last_name = " ".into();
                create_student(&mut c.cf, &s)
            }),
        row("élève sans prénom", "validation", "firstName",
            "Indiquez le prénom de l'élève.",
            |c| {
                let mut s = student("Petit", "Noé");
                s.first_name = "  ".into();
                create_student(&mut c.cf, &s)
            }),
        row("élève sans classe", "validation", "className",
            "Indiquez la classe de l'élève (exemple : 2NDE3).",
            |c| {
                let mut s = student("Petit", "Noé");
                s.class_name = " ".into();
                create_student(&mut c.cf, &s)
            }),
        row("élève de 26 ans", "validation", "birthDate",
            "Née ou né le 01/01/2000, l'élève aurait 26 ans : vérifiez la date (un élève du second degré a entre 10 et 25 ans).",
            |c| {
                let mut s = student("Petit", "Noé");
                s.birth_date = date(2000, 1, 1);
                create_student(&mut c.cf, &s)
            }),
        row("représentant légal sans nom", "validation", "legalReps[0].lastName",
            "Indiquez le nom du responsable légal.",
            |c| {
                let mut s = student("Petit", "Noé");
                s.legal_reps[0].last_name = String::new();
                create_student(&mut c.cf, &s)
            }),
        row("courriel du représentant légal invalide", "validation", "legalReps[0].email",
            "L'adresse électronique « nadia@exemple » n'est pas valide (exemple : prenom.nom@exemple.fr).",
            |c| {
                let mut s = student("Petit", "Noé");
                s.legal_reps[0].email = "nadia@exemple".into();
                create_student(&mut c.cf, &s)
            }),
        row("téléphone du représentant légal invalide", "validation", "legalReps[0].phone",
            "Le numéro de téléphone « 06 12 » n'est pas valide (exemple : 06 12 34 56 78).",
            |c| {
                let mut s = student("Petit", "Noé");
                s.legal_reps[0].phone = "06 12".into();
                create_student(&mut c.cf, &s)
            }),
        row("modification d'un élève inconnu", "not_found", "",
            "Aucun élève n'a le numéro 9999.",
            |c| update_student(&mut c.cf, 9999, &student("Petit", "Noé"))),
        row("archivage d'un élève inconnu", "not_found", "",
            "Aucun élève n'a le numéro 9999.",
            |c| set_student_archived(&mut c.cf, 9999, true)),
        row("fiche d'un élève inconnu", "not_found", "",
            "Aucun élève n'a le numéro 9999.",
            |c| student_record(&c.cf, 9999)),
        row("date de naissance future sur un élève existant", "validation", "birthDate",
            "La date de naissance ne peut pas être dans le futur.",
            |c| {
                let mut s = student("Dubois", "Léa");
                s.ine = Some("1234567890A".into());
                s.birth_date = date(2030, 1, 1);
                update_student(&mut c.cf, c.lea, &s)
            }),
        // ── Staff and partners ─────────────────────────────────────────────────────────────
        row("téléphone d'un membre du personnel invalide", "validation", "phone",
            "Le numéro de téléphone « appelez-moi » n'est pas valide (exemple : 06 12 34 56 78).",
            |c| create_staff(&mut c.cf, &StaffInput {
                last_name: "Roux".into(),
                first_name: "Camille".into(),
                role: StaffRole::Cpe,
                email: String::new(),
                phone: "appelez-moi".into(),
            })),
        row("membre du personnel sans nom", "validation", "lastName",
            "Indiquez le nom.",
            |c| create_staff(&mut c.cf, &StaffInput {
                last_name: String::new(),
                first_name: "Camille".into(),
                role: StaffRole::Cpe,
                email: String::new(),
                phone: String::new(),
            })),
        row("courriel d'un membre du personnel invalide", "validation", "email",
            "L'adresse électronique « camille roux@exemple.fr » n'est pas valide (exemple : prenom.nom@exemple.fr).",
            |c| create_staff(&mut c.cf, &StaffInput {
                last_name: "Roux".into(),
                first_name: "Camille".into(),
                role: StaffRole::Cpe,
                email: "camille roux@exemple.fr".into(),
                phone: String::new(),
            })),
        row("partenaire sans nom", "validation", "name",
            "Indiquez le nom du partenaire.",
            |c| create_partner(&mut c.cf, &PartnerInput {
                name: " ".into(),
                kind: PartnerKind::Association,
                address: String::new(),
                phone: String::new(),
                email: String::new(),
                contacts: Vec::new(),
            })),
        // ── GPDS: flags ────────────────────────────────────────────────────────────────────
        row("repérage daté dans le futur", "validation", "flaggedOn",
            "La date du repérage (23/11/2026) est dans le futur : indiquez une date passée ou celle d'aujourd'hui.",
            |c| {
                let mut f = flag_input(c);
                f.flagged_on = date(2026, 11, 23);
                create_flag(&mut c.cf, &f)
            }),
        row("repérage sans signal", "validation", "signals",
            "Cochez au moins un signal (absences, baisse des résultats, comportement…).",
            |c| {
                let mut f = flag_input(c);
                f.signals.clear();
                create_flag(&mut c.cf, &f)
            }),
        row("repérage sans auteur", "validation", "raisedBy",
            "Indiquez qui a repéré l'élève (un membre du personnel).",
            |c| {
                let mut f = flag_input(c);
                f.raised_by = None;
                create_flag(&mut c.cf, &f)
            }),
        row("repérage par un membre du personnel inconnu", "validation", "raisedBy",
            "Ce membre du personnel n'existe pas dans le dossier : choisissez-le dans la liste.",
            |c| {
                let mut f = flag_input(c);
                f.raised_by = Some(9999);
                create_flag(&mut c.cf, &f)
            }),
        row("repérage : 0 demi-journée d'absence", "validation", "signals[0].amount",
            "Le nombre de demi-journées d'absence doit être compris entre 1 et 400.",
            |c| {
                let mut f = flag_input(c);
                f.signals[0].amount = Some(0);
                create_flag(&mut c.cf, &f)
            }),
        row("repérage : plus d'absences non justifiées que d'absences", "validation", "signals[0].unjustified",
            "Les demi-journées non justifiées (13) ne peuvent pas dépasser les absences (12).",
            |c| {
                let mut f = flag_input(c);
                f.signals[0].unjustified = Some(13);
                create_flag(&mut c.cf, &f)
            }),
        row("repérage : le même signal deux fois", "validation", "signals[1].kind",
            "Le signal « Absences » figure deux fois.",
            |c| {
                let mut f = flag_input(c);
                f.signals.push(f.signals[0].clone());
                create_flag(&mut c.cf, &f)
            }),
        row("repérage d'un élève inconnu", "not_found", "",
            "Cet élève n'existe pas (ou plus) dans le dossier.",
            |c| {
                let mut f = flag_input(c);
                f.student_id = 9999;
                create_flag(&mut c.cf, &f)
            }),
        row("repérage modifié avec une date future", "validation", "flaggedOn",
            "La date du repérage (04/01/2027) est dans le futur : indiquez une date passée ou celle d'aujourd'hui.",
            |c| {
                let mut f = flag_input(c);
                f.flagged_on = date(2027, 1, 4);
                update_flag(&mut c.cf, c.flag, &f)
            }),
        row("modification d'un repérage inconnu", "not_found", "",
            "Ce repérage n'existe pas (ou plus).",
            |c| {
                let f = flag_input(c);
                update_flag(&mut c.cf, 9999, &f)
            }),
        // ── GPDS: actions, entretiens, mesures ─────────────────────────────────────────────
        row("action échue avant aujourd'hui, non confirmée", "confirm", "dueOn",
            "L'échéance de l'action « Tutorat » (02/11/2026) précède aujourd'hui (22/11/2026). Confirmez-vous cette date ?",
            |c| {
                let a = action_input(c, date(2026, 11, 2));
                add_action(&mut c.cf, c.lea, &a, false)
            }),
        row("action « Autre » sans précision", "validation", "detail",
            "Précisez l'action « Autre ».",
            |c| {
                let mut a = action_input(c, date(2026, 12, 1));
                a.kind = ActionKind::Autre;
                add_action(&mut c.cf, c.lea, &a, false)
            }),
        row("action sans responsable", "validation", "owner",
            "Indiquez qui se charge de l'action « Tutorat ».",
            |c| {
                let mut a = action_input(c, date(2026, 12, 1));
                a.owner = None;
                add_action(&mut c.cf, c.lea, &a, false)
            }),
        row("action sans échéance", "validation", "dueOn",
            "Indiquez l'échéance de l'action « Tutorat ».",
            |c| {
                let mut a = action_input(c, date(2026, 12, 1));
                a.due_on = None;
                add_action(&mut c.cf, c.lea, &a, false)
            }),
        row("action pour un élève inconnu", "not_found", "",
            "Cet élève n'existe pas (ou plus) dans le dossier.",
            |c| {
                let a = action_input(c, date(2026, 12, 1));
                add_action(&mut c.cf, 9999, &a, false)
            }),
        row("action faite à une date future", "validation", "doneOn",
            "La date 30/11/2026 est dans le futur : une action se note faite une fois faite.",
            |c| complete_action(&mut c.cf, c.action, Some(date(2026, 11, 30)), "Fait.")),
        row("action faite sans date", "validation", "doneOn",
            "Indiquez la date à laquelle l'action a été faite.",
            |c| complete_action(&mut c.cf, c.action, None, "Fait.")),
        row("action annulée sans motif", "validation", "cancelReason",
            "Indiquez pourquoi l'action est annulée.",
            |c| cancel_action(&mut c.cf, c.action, " ")),
        row("annulation d'une action inconnue", "not_found", "",
            "Cette action n'existe pas (ou plus).",
            |c| cancel_action(&mut c.cf, 9999, "Erreur de saisie.")),
        row("entretien « solution trouvée » sans la solution", "validation", "solution",
            "Décrivez la solution trouvée.",
            |c| {
                let e = EntretienInput {
                    student_id: c.young,
                    held_on: date(2026, 11, 20),
                    staff_id: Some(c.psy),
                    diagnosis: "Perte de sens.".into(),
                    outcome: Some(EntretienOutcome::Solution),
                    solution: String::new(),
                    next_step: String::new(),
                    confirm_age: false,
                };
                record_entretien(&mut c.cf, None, &e)
            }),
        row("entretien daté dans le futur", "validation", "heldOn",
            "La date 20/12/2026 est dans le futur : un entretien se note une fois tenu.",
            |c| {
                let e = EntretienInput {
                    student_id: c.young,
                    held_on: date(2026, 12, 20),
                    staff_id: Some(c.psy),
                    diagnosis: "Perte de sens.".into(),
                    outcome: Some(EntretienOutcome::Solution),
                    solution: "Mini-stage en CAP cuisine".into(),
                    next_step: String::new(),
                    confirm_age: false,
                };
                record_entretien(&mut c.cf, None, &e)
            }),
        row("mesure de 25 heures", "validation", "hours",
            "Une mesure de responsabilisation dure au plus 20 heures, hors temps d'enseignement (25 h indiquées).",
            |c| {
                let mut m = mesure_input(c);
                m.hours = Some(25);
                record_mesure(&mut c.cf, None, &m)
            }),
        row("mesure finie avant d'avoir commencé", "validation", "endOn",
            "La date de fin (20/11/2026) précède la date de début (23/11/2026).",
            |c| {
                let mut m = mesure_input(c);
                m.end_on = Some(date(2026, 11, 20));
                record_mesure(&mut c.cf, None, &m)
            }),
        // ── PAFI ───────────────────────────────────────────────────────────────────────────
        row("PAFI d'un élève de 14 ans à son premier jour", "validation", "startOn",
            "L'élève aura 14 ans le 01/12/2026 : un PAFI s'adresse aux élèves d'au moins 15 ans à son premier jour. Choisissez une date de début à partir du 01/06/2027.",
            |c| {
                let p = pafi_input(c, c.young, date(2026, 12, 1), date(2026, 12, 18));
                create_pafi(&mut c.cf, &p)
            }),
        row("PAFI de plus d'un an", "validation", "endOn",
            "Un PAFI dure au plus une année scolaire : la date de fin ne peut pas dépasser le 04/01/2028.",
            |c| {
                let mut p = pafi_input(c, c.lea, date(2027, 1, 4), date(2028, 2, 1));
                p.confirm_long = true;
                create_pafi(&mut c.cf, &p)
            }),
        row("PAFI fini avant d'avoir commencé", "validation", "endOn",
            "La date de fin (01/02/2027) précède la date de début (01/03/2027).",
            |c| {
                let p = pafi_input(c, c.lea, date(2027, 3, 1), date(2027, 2, 1));
                create_pafi(&mut c.cf, &p)
            }),
        row("PAFI de plus de deux mois, non confirmé", "confirm", "endOn",
            "Ce parcours dure plus de deux mois (du 04/01/2027 au 28/05/2027). La recommandation nationale privilégie les parcours courts (un à deux mois) : le retour en classe est l'étape délicate. Le garder ainsi ?",
            |c| {
                let p = pafi_input(c, c.lea, date(2027, 1, 4), date(2027, 5, 28));
                create_pafi(&mut c.cf, &p)
            }),
        row("PAFI chevauchant le parcours en cours", "validation", "startOn",
            "Cet élève a déjà un PAFI du 23/11/2026 au 18/12/2026 : deux parcours ne peuvent pas se chevaucher.",
            |c| {
                let p = pafi_input(c, c.lea, date(2026, 12, 1), date(2026, 12, 20));
                create_pafi(&mut c.cf, &p)
            }),
        row("PAFI au bilan final avant son début", "validation", "bilanDueOn",
            "Le bilan final se tient après le début du parcours.",
            |c| {
                let mut p = pafi_input(c, c.lea, date(2027, 3, 1), date(2027, 3, 31));
                p.bilan_due_on = Some(date(2027, 2, 1));
                create_pafi(&mut c.cf, &p)
            }),
        row("PAFI au retour en classe avant son début", "validation", "returnOn",
            "Le retour en classe se fait après le début du parcours.",
            |c| {
                let mut p = pafi_input(c, c.lea, date(2027, 3, 1), date(2027, 3, 31));
                p.return_on = Some(date(2027, 2, 1));
                create_pafi(&mut c.cf, &p)
            }),
        row("PAFI d'un élève inconnu", "not_found", "",
            "Cet élève n'existe pas (ou plus) dans le dossier.",
            |c| {
                let p = pafi_input(c, 9999, date(2027, 3, 1), date(2027, 3, 31));
                create_pafi(&mut c.cf, &p)
            }),
        row("PAFI avec un tuteur inconnu", "validation", "tutorId",
            "Ce membre du personnel n'existe pas dans le dossier : choisissez-le dans la liste.",
            |c| {
                let mut p = pafi_input(c, c.lea, date(2027, 3, 1), date(2027, 3, 31));
                p.tutor_id = Some(9999);
                create_pafi(&mut c.cf, &p)
            }),
        row("stage sans tuteur dans l'entreprise", "validation", "hostTutor",
            "Indiquez le tuteur de l'élève dans la structure d'accueil.",
            |c| {
                let a = ActivityInput {
                    kind: Some(ActivityKind::CompanyInternship),
                    title: "Stage en boulangerie".into(),
                    partner_id: Some(c.host),
                    host_representative: "Élise Kœnig".into(),
                    host_representative_role: "gérante".into(),
                    host_tutor: " ".into(),
                    host_tutor_role: "boulanger".into(),
                    host_tutor_phone: "01 23 45 67 89".into(),
                    start_on: Some(date(2026, 11, 30)),
                    end_on: Some(date(2026, 12, 11)),
                    hours_per_week: Some(11.0),
                    address: String::new(),
                    tasks: vec!["accueil de la clientèle".into()],
                    realisation: String::new(),
                };
                save_activity(&mut c.cf, c.pafi, None, &a)
            }),
        row("PAFI mis en cours sans contrat signé", "validation", "to",
            "Le PAFI ne peut pas passer à « En cours » : faites signer le contrat PAFI (sa dernière version) par toutes les parties.",
            |c| change_state(&mut c.cf, c.pafi, &change(PafiState::Running, date(2026, 11, 22), ""))),
        row("PAFI validé déclaré terminé", "conflict", "",
            "Ce PAFI est « Validé » : il ne peut pas passer à « Terminé ».",
            |c| change_state(&mut c.cf, c.pafi, &change(PafiState::Finished, date(2026, 11, 22), ""))),
        row("PAFI : changement d'état daté dans le futur", "validation", "on",
            "La date 30/11/2026 est dans le futur : notez le changement le jour où il a lieu.",
            |c| change_state(&mut c.cf, c.pafi, &change(PafiState::Running, date(2026, 11, 30), ""))),
        row("PAFI : changement d'état avant la dernière étape", "validation", "on",
            "La date 01/11/2026 précède la dernière étape du parcours (22/11/2026).",
            |c| change_state(&mut c.cf, c.pafi, &change(PafiState::Running, date(2026, 11, 1), ""))),
        row("PAFI interrompu sans motif", "validation", "note",
            "Indiquez pourquoi le parcours est interrompu.",
            |c| change_state(&mut c.cf, c.pafi, &change(PafiState::Interrupted, date(2026, 11, 22), " "))),
        row("changement d'état d'un PAFI inconnu", "not_found", "",
            "Ce PAFI n'existe pas (ou plus) dans le dossier.",
            |c| change_state(&mut c.cf, 9999, &change(PafiState::Preparing, date(2026, 11, 22), ""))),
        // ── Alliances ──────────────────────────────────────────────────────────────────────
        row("seconde alliance ouverte pour un élève", "validation", "studentId",
            "Léa Dubois a déjà une alliance éducative ouverte (proposée le 22/11/2026) : complétez-la plutôt que d'en ouvrir une seconde.",
            |c| create_alliance(&mut c.cf, &AllianceInput {
                student_id: c.lea,
                proposal_id: None,
                kind: Some(AllianceKind::External),
                start_on: None,
                end_on: None,
                rhythm: String::new(),
            })),
        row("alliance sans type", "validation", "kind",
            "Choisissez le type d'alliance : interne (personnels de l'établissement) ou externe (avec des partenaires).",
            |c| create_alliance(&mut c.cf, &AllianceInput {
                student_id: c.young,
                proposal_id: None,
                kind: None,
                start_on: None,
                end_on: None,
                rhythm: String::new(),
            })),
        // ── Bilan ──────────────────────────────────────────────────────────────────────────
        row("analyse qualitative d'une année 1999", "validation", "year",
            "1999-2000 n'est pas une année scolaire.",
            |c| save_qualitative(&mut c.cf, SchoolYear(1999), &qualitative("Une année de trop."))),
        row("analyse qualitative citant un élève", "validation", "leviers",
            "« Leviers » cite Léa Dubois : le bilan est anonyme (il part à la DSDEN). Retirez le nom de l'élève.",
            |c| save_qualitative(&mut c.cf, SchoolYear(2026), &qualitative("Le tutorat de Léa Dubois a porté ses fruits."))),
        row("analyse qualitative de plus de 6 000 caractères", "validation", "leviers",
            "« Leviers » compte 6001 caractères : 6000 au plus. Résumez.",
            |c| save_qualitative(&mut c.cf, SchoolYear(2026), &qualitative(&"a".repeat(6001)))),
        row("consolidation de bilans de deux années", "format", "",
            "Les bilans ne portent pas sur la même année scolaire : 0750654D (2026-2027), 0750655E (2025-2026). Consolidez les bilans d'une seule année.",
            |c| {
                let b1 = bilan(&c.cf, SchoolYear(2026))?;
                let mut b2 = b1.clone();
                b2.uai = "0750655E".into();
                b2.school_year = "2025-2026".into();
                merge(&[b1, b2])
            }),
        row("consolidation du même établissement deux fois", "format", "",
            "Le bilan de l'établissement 0750654D figure deux fois : retirez l'un des deux fichiers, puis consolidez de nouveau.",
            |c| {
                let b1 = bilan(&c.cf, SchoolYear(2026))?;
                merge(&[b1.clone(), b1])
            }),
        row("consolidation sans bilan", "format", "",
            "Aucun bilan à consolider : choisissez au moins un fichier JSON exporté depuis le bilan annuel d'un établissement.",
            |_| merge(&[])),
        row("bilan à consolider qui n'est pas du JSON", "format", "",
            "Le fichier bilan.json n'est pas un bilan Accroche (ce n'est pas du JSON valide : ligne 1, colonne 1). Choisissez les fichiers JSON exportés depuis le bilan annuel de chaque établissement.",
            |_| parse("bonjour", "bilan.json")),
        // ── Retention ──────────────────────────────────────────────────────────────────────
        row("conservation de 6 ans après la sortie", "validation", "years",
            "Choisissez de 0 à 5 années scolaires après l'année de sortie.",
            |c| set_years_after_exit(&mut c.cf, 6)),
        row("purge alors que rien n'est à purger", "validation", "purge",
            "Aucune donnée n'a dépassé sa durée de conservation : rien à purger.",
            |c| {
                let cert = c.dir.join("certificat.pdf");
                purge(&mut c.cf, 3, &cert)
            }),
        // ── Roster ─────────────────────────────────────────────────────────────────────────
        row("import d'un fichier absent", "not_found", "",
            "Le fichier {dir}/absent.xml est introuvable. Vérifiez son emplacement.",
            |c| read_roster(&c.dir.join("absent.xml"), None, None)),
        row("import d'un fichier qui n'est pas un export", "format", "",
            "Colonnes « Nom » et « Prénom » introuvables dans « notes.txt » : les en-têtes lus sont « bonjour » (séparateur : point-virgule). Exportez la liste depuis Pronote ou ONDE avec au moins les colonnes Nom, Prénom et date de naissance.",
            |c| {
                let f = c.dir.join("notes.txt");
                std::fs::write(&f, "bonjour").unwrap();
                let r = read_roster(&f, None, None);
                std::fs::remove_file(&f).unwrap();
                r
            }),
        row("annulation d'un import qui n'a pas eu lieu", "not_found", "",
            "Aucun import à annuler.",
            |c| undo_last_import(&mut c.cf)),
        // ── Notes ──────────────────────────────────────────────────────────────────────────
        row("note vide", "validation", "text",
            "Écrivez la note : elle ne peut pas être vide.",
            |c| add_note(&mut c.cf, &account(7, Role::MedicoSocial), c.lea, &note_input(Sensitivity::Equipe, "  \n "))),
        row("note sans date", "validation", "writtenOn",
            "Indiquez la date de la note.",
            |c| add_note(&mut c.cf, &account(7, Role::MedicoSocial), c.lea, &StudentNoteInput {
                written_on: None,
                ..note_input(Sensitivity::Equipe, "Vue ce matin.")
            })),
        row("note datée du lendemain", "validation", "writtenOn",
            "La date 23/11/2026 est dans le futur : une note se date du jour où elle est écrite, ou d'un jour passé.",
            |c| add_note(&mut c.cf, &account(7, Role::MedicoSocial), c.lea, &StudentNoteInput {
                written_on: Some(date(2026, 11, 23)),
                ..note_input(Sensitivity::Equipe, "Vue ce matin.")
            })),
        row("note datée d'avant la naissance", "validation", "writtenOn",
            "La date 14/03/2009 précède la naissance de l'élève (14/03/2010) : vérifiez l'année.",
            |c| add_note(&mut c.cf, &account(7, Role::MedicoSocial), c.lea, &StudentNoteInput {
                written_on: Some(date(2009, 3, 14)),
                ..note_input(Sensitivity::Equipe, "Vue ce matin.")
            })),
        row("note « auteur seul » sans compte personnel", "validation", "sensitivity",
            "Une note « auteur seul » n'est lue que par son auteur : elle demande d'être connecté avec un compte personnel. Choisissez « Restreint », ou connectez-vous avec votre compte.",
            |c| add_note(&mut c.cf, &account(0, Role::Referent), c.lea, &note_input(Sensitivity::Auteur, "Pour moi."))),
        row("note sur un élève inconnu", "not_found", "",
            "Aucun élève n'a le numéro 9999.",
            |c| add_note(&mut c.cf, &account(7, Role::MedicoSocial), 9999, &note_input(Sensitivity::Equipe, "Vue ce matin."))),
        row("note écrite par un compte en lecture seule", "forbidden", "",
            "Votre compte (lecture seule) permet de consulter le dossier, pas d'y écrire.",
            |c| add_note(&mut c.cf, &account(9, Role::LectureSeule), c.lea, &note_input(Sensitivity::Equipe, "Vue ce matin."))),
        row("note modifiée par un autre que son auteur", "forbidden", "",
            "Seul l'auteur d'une note peut la modifier (Compte 7 l'a écrite).",
            |c| {
                let id = c.note;
                update_note(&mut c.cf, &account(2, Role::Referent), id, &note_input(Sensitivity::Equipe, "Autre."))
            }),
        row("note supprimée par un enseignant qui ne l'a pas écrite", "forbidden", "",
            "Seuls l'auteur d'une note et le référent décrochage peuvent la supprimer.",
            |c| {
                let id = c.note;
                delete_note(&mut c.cf, &account(8, Role::Enseignant), id)
            }),
        row("lecture d'une note restreinte par un enseignant", "forbidden", "",
            "Cette note est restreinte : votre rôle (enseignant) ne permet pas de la lire. Son résumé utile, s'il y en a un, est lisible par tous.",
            |c| {
                let id = c.note;
                read_note(&mut c.cf, &account(8, Role::Enseignant), id)
            }),
        row("lecture d'une note inconnue", "not_found", "",
            "Cette note n'existe pas (ou plus) dans le dossier.",
            |c| read_note(&mut c.cf, &account(2, Role::Referent), 9999)),
        // ── Documents ──────────────────────────────────────────────────────────────────────
        row("document inconnu", "not_found", "",
            "Ce document n'existe pas (ou plus).",
            |c| document(&c.cf, 9999)),
        row("annulation d'un document inconnu", "not_found", "",
            "Ce document n'existe pas (ou plus).",
            |c| cancel_document(&mut c.cf, 9999, "Erreur.")),
    ]
}

#[test]
fn every_refused_input_says_why_in_french_and_changes_nothing() {
    let (_dir, mut c) = prepare();
    let rows = rows();
    assert!(rows.len() >= 40, "{} rows", rows.len());
    let dir = c.dir.display().to_string();
    let mut failures = Vec::new();
    for r in rows {
        let before = state(&c);
        let result = (r.run)(&mut c);
        let after = state(&c);
        let changed: Vec<String> = before
            .iter()
            .zip(&after)
            .filter(|(b, a)| b != a)
            .map(|(b, a)| format!("{} : {} → {}", b.0, b.1, a.1))
            .chain(
                (before.len() != after.len())
                    .then(|| format!("{} entrées → {}", before.len(), after.len())),
            )
            .collect();
        if !changed.is_empty() {
            failures.push(format!("{} : le refus a modifié {changed:?}", r.label));
        }
        let e = match result {
            Ok(()) => {
                failures.push(format!("{} : accepté", r.label));
                continue;
            }
            Err(e) => e,
        };
        let message = e.to_string().replace(&dir, "{dir}");
        let field = e.field().unwrap_or("");
        if message != r.message || e.code() != r.code || field != r.field {
            eprintln!("ACTUAL\t{}\t{}\t{}\t{}", r.label, e.code(), field, message);
            failures.push(format!(
                "{} : attendu [{} {}] {:?}\n      obtenu [{} {}] {:?}",
                r.label,
                r.code,
                r.field,
                r.message,
                e.code(),
                field,
                message
            ));
        }
    }
    for f in [
        "court.accroche",
        "mots.accroche",
        "lycee.db",
        "uai.accroche",
    ] {
        assert!(
            !c.dir.join(f).exists(),
            "{f} : une création refusée laisse un fichier"
        );
    }
    assert!(
        failures.is_empty(),
        "{} ligne(s) en échec :\n{}",
        failures.len(),
        failures.join("\n")
    );
}
