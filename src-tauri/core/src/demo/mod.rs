//! Demo case files: a realistic invented lycée polyvalent, deterministic for a given seed and
//! date, built as an [`Export`] and loaded through the same import as any export.
//!
//! Every person is invented (names drawn at random from common French names, fictitious towns
//! with postcodes in the non-existent département 99). Later mechanisms add their data here.

mod alliance;
mod documents;
mod gpds;
mod names;
mod notes;
mod pafi;

pub use documents::add_documents;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::casefile::{Change, JournalEntry, LATEST_SCHEMA};
use crate::export::{
    Export, ExportEstablishment, ExportPartner, ExportStaff, ExportStudent, FORMAT, VERSION,
};
use crate::registry::{
    Coded, Contact, EstablishmentInput, EstablishmentKind, LegalRep, PartnerInput, PartnerKind,
    Relationship, Sex, StaffInput, StaffRole, StudentInput, Track,
};
use crate::school_year::SchoolYear;

/// The passphrase of the demonstration case file the window makes (« Découvrir avec un dossier
/// de démonstration ») and `make run` opens: invented people only, so it may be written down.
pub const DEMO_PASSPHRASE: &str = "demo-accroche-2026";

/// Makes a demonstration case file at `path` (invented students, their GPDS history, PAFI,
/// alliances, notes and documents), unlocked by `passphrase`; returns it open, with how many
/// documents it holds. The window's demo uses [`Scale::Normal`], seed 1 and [`DEMO_PASSPHRASE`].
pub fn create_demo(
    path: &std::path::Path,
    passphrase: &str,
    scale: Scale,
    seed: u64,
    clock: crate::casefile::Clock,
) -> crate::error::Result<(crate::casefile::Opened, Export, usize)> {
    let export = generate(scale, seed, clock().date());
    let mut opened = crate::export::init_from_export(path, passphrase, &export, clock)?;
    let documents = add_documents(&mut opened.casefile)?;
    Ok((opened, export, documents))
}

/// The size of a demo school.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// About 600 students, this school year.
    Normal,
    /// 2,000 students a year over 10 school years (the benchmark scale).
    Large,
}

/// A small deterministic generator (SplitMix64): the same seed gives the same school.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A class level of the demo lycée.
struct Level {
    /// Class names are the stem and a number ("2NDE3").
    stem: &'static str,
    track: Track,
    /// The first 10 characters of the level's (invented) MEF code.
    mef: &'static str,
    /// Usual age on 1 September.
    age: i32,
    /// Number of classes of this level.
    classes: usize,
}

const LEVELS: &[Level] = &[
    Level {
        stem: "2NDE",
        track: Track::SecondeGt,
        mef: "2001001011",
        age: 15,
        classes: 6,
    },
    Level {
        stem: "1G",
        track: Track::PremiereGt,
        mef: "2011001011",
        age: 16,
        classes: 4,
    },
    Level {
        stem: "TG",
        track: Track::TerminaleGt,
        mef: "2021001011",
        age: 17,
        classes: 4,
    },
    Level {
        stem: "2MRC",
        track: Track::BacPro,
        mef: "2473120031",
        age: 15,
        classes: 2,
    },
    Level {
        stem: "1MRC",
        track: Track::BacPro,
        mef: "2473120032",
        age: 16,
        classes: 2,
    },
    Level {
        stem: "TMRC",
        track: Track::BacPro,
        mef: "2473120033",
        age: 17,
        classes: 2,
    },
    Level {
        stem: "1CAP",
        track: Track::Cap,
        mef: "2502210021",
        age: 15,
        classes: 1,
    },
    Level {
        stem: "2CAP",
        track: Track::Cap,
        mef: "2502210022",
        age: 16,
        classes: 1,
    },
];

/// The paths through the levels (indexes into `LEVELS`): general, vocational, CAP.
const PATHS: &[&[usize]] = &[&[0, 1, 2], &[3, 4, 5], &[6, 7]];

fn at(date: NaiveDate, hour: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN))
}

/// Builds a demo school as of `today`.
pub fn generate(scale: Scale, seed: u64, today: NaiveDate) -> Export {
    let mut rng = Rng(seed ^ 0xACC0_0C4E);
    let year = SchoolYear::containing(today);
    let establishment = EstablishmentInput {
        uai: "0999001W".into(),
        name: "Lycée polyvalent des Tilleuls".into(),
        kind: EstablishmentKind::Lpo,
        academie: "Bordeaux".into(),
        address: "12 allée des Tilleuls\n99001 Valmont-sur-Exemple".into(),
        head_name: "Hélène Marchetti".into(),
        referent_name: "Karim Benhamou".into(),
        school_year_start: year.0,
    };
    let mut journal: Vec<(NaiveDateTime, JournalEntry)> = Vec::new();
    let mut note = |when: NaiveDateTime, entity: &str, id: i64, student: bool, summary: String| {
        journal.push((
            when,
            JournalEntry {
                id: 0,
                at: when,
                author: "Karim Benhamou".into(),
                entity: entity.into(),
                entity_id: Some(id),
                student_id: student.then_some(id),
                summary,
                changes: Vec::<Change>::new(),
            },
        ));
    };
    let created = at(year.first_day() - Duration::days(5), 9);
    note(
        created,
        "establishment",
        1,
        false,
        "Dossier créé pour Lycée polyvalent des Tilleuls (0999001W) — données de démonstration"
            .into(),
    );

    // Students: one cohort per level and entry year; a student stays three years (two for CAP).
    let (years_back, per_year) = match scale {
        Scale::Normal => (0, 600),
        Scale::Large => (9, 2000),
    };
    let total_classes: usize = LEVELS.iter().map(|l| l.classes).sum();
    let mut students = Vec::new();
    let mut next_id = 1i64;
    for back in (0..=years_back).rev() {
        let sy = SchoolYear(year.0 - back);
        for path in PATHS {
            for (position, &index) in path.iter().enumerate() {
                // The first year simulated holds every level; later years only bring entrants.
                if back != years_back && position != 0 {
                    continue;
                }
                let level = &LEVELS[index];
                // Entrants are sized so that the whole path holds its share of the roster.
                let size = if back == years_back {
                    per_year * level.classes / total_classes
                } else {
                    let path_classes: usize = path.iter().map(|&i| LEVELS[i].classes).sum();
                    per_year * path_classes / total_classes / path.len()
                };
                for n in 0..size {
                    let id = next_id;
                    next_id += 1;
                    let sex = if rng.chance(47) { Sex::F } else { Sex::M };
                    let first = if sex == Sex::F {
                        *rng.pick(names::FIRST_F)
                    } else {
                        *rng.pick(names::FIRST_M)
                    };
                    let last = *rng.pick(names::LAST);
                    let late = i32::from(rng.chance(12));
                    let birth = NaiveDate::from_ymd_opt(sy.0 - level.age - late, 1, 1)
                        .unwrap_or(NaiveDate::MIN)
                        + Duration::days(rng.below(365) as i64);
                    let entry = sy.first_day() + Duration::days(rng.below(3) as i64);
                    let years_left = (path.len() - position) as i32;
                    let completes = SchoolYear(sy.0 + years_left - 1).last_day()
                        - Duration::days(rng.below(60) as i64);
                    let exit = if rng.chance(4) {
                        Some(entry + Duration::days(60 + rng.below(300) as i64))
                    } else {
                        Some(completes)
                    };
                    let exit = exit.filter(|d| *d <= today);
                    // The class of this school year, or the last one attended.
                    let last_year = exit.map_or(year, SchoolYear::containing);
                    let step = usize::try_from(last_year.0 - sy.0).unwrap_or(0);
                    let current = &LEVELS[path[(position + step).min(path.len() - 1)]];
                    let class_name = format!("{}{}", current.stem, 1 + n % current.classes);
                    let town = rng.pick(names::TOWNS);
                    let address = format!(
                        "{} {}\n{} {}",
                        1 + rng.below(80),
                        rng.pick(names::STREETS),
                        town.0,
                        town.1
                    );
                    let rep_first_f = *rng.pick(names::FIRST_F);
                    let rep_first_m = *rng.pick(names::FIRST_M);
                    let mut reps = vec![LegalRep {
                        last_name: last.into(),
                        first_name: if rng.chance(50) { rep_first_f } else { "Nadia" }.into(),
                        relationship: Relationship::Mere,
                        address: address.clone(),
                        phone: format!(
                            "06 {:02} {:02} {:02} {:02}",
                            rng.below(100),
                            rng.below(100),
                            rng.below(100),
                            rng.below(100)
                        ),
                        email: format!(
                            "{}.{}@exemple.test",
                            crate::text::fold(rep_first_f),
                            crate::text::fold(last).replace([' ', '\''], "")
                        ),
                    }];
                    if rng.chance(70) {
                        reps.push(LegalRep {
                            last_name: last.into(),
                            first_name: rep_first_m.into(),
                            relationship: Relationship::Pere,
                            address: if rng.chance(80) {
                                address
                            } else {
                                String::new()
                            },
                            phone: format!(
                                "07 {:02} {:02} {:02} {:02}",
                                rng.below(100),
                                rng.below(100),
                                rng.below(100),
                                rng.below(100)
                            ),
                            email: String::new(),
                        });
                    }
                    if rng.chance(5) {
                        reps = vec![LegalRep {
                            last_name: "Service ASE de l'Exemple".into(),
                            first_name: String::new(),
                            relationship: Relationship::Tuteur,
                            address: "3 place de la Préfecture\n99003 Bourg-Imaginaire".into(),
                            phone: "05 99 00 12 34".into(),
                            email: "ase@departement-exemple.test".into(),
                        }];
                    }
                    let student = StudentInput {
                        ine: Some(format!(
                            "{:010}{}",
                            100_000_000 + id * 7919 % 899_999_999,
                            char::from(b'A' + (id % 26) as u8)
                        )),
                        eleve_id: Some(format!("{}", 700_000 + id)),
                        last_name: last.into(),
                        first_name: first.into(),
                        birth_date: birth,
                        sex: Some(sex),
                        class_name,
                        mef: Some(format!("{}{}", current.mef, id % 10)),
                        track: Some(current.track),
                        entry_date: Some(entry),
                        exit_date: exit,
                        status: "Scolaire".into(),
                        email: String::new(),
                        phone: String::new(),
                        legal_reps: reps,
                        groups: Vec::new(),
                        mef_label: None,
                        exit_reason: None,
                    };
                    let archived = exit.is_some();
                    note(
                        at(entry.min(today), 8),
                        "student",
                        id,
                        true,
                        format!("Fiche élève créée : {first} {last} (données de démonstration)"),
                    );
                    if let Some(exit) = exit {
                        note(
                            at(exit, 17),
                            "student",
                            id,
                            true,
                            format!("Fiche élève archivée : {first} {last}"),
                        );
                    }
                    students.push(ExportStudent {
                        id,
                        archived,
                        manual_fields: Vec::new(),
                        fields: student,
                    });
                }
            }
        }
    }

    let staff = demo_staff(&mut rng);
    for s in &staff {
        note(
            created,
            "staff",
            s.id,
            false,
            format!(
                "Personnel ajouté : {} {} ({})",
                s.fields.first_name,
                s.fields.last_name,
                s.fields.role.label()
            ),
        );
    }
    let partners = demo_partners();
    for p in &partners {
        note(
            created,
            "partner",
            p.id,
            false,
            format!(
                "Partenaire ajouté : {} ({})",
                p.fields.name,
                p.fields.kind.label()
            ),
        );
    }

    let (mut gpds, gpds_journal) = gpds::generate(
        &mut rng,
        &students,
        partners.len() as i64,
        SchoolYear(year.0 - years_back),
        today,
    );
    journal.extend(gpds_journal);
    let (pafi, pafi_journal) = pafi::generate(&mut rng, &students, &mut gpds, today);
    journal.extend(pafi_journal);
    let in_paths: Vec<i64> = pafi
        .paths
        .iter()
        .filter_map(|p| p.get("student_id").and_then(serde_json::Value::as_i64))
        .collect();
    let (alliance, alliance_journal) =
        alliance::generate(&mut rng, &students, &staff, &mut gpds, in_paths, today);
    journal.extend(alliance_journal);
    let running: Vec<&ExportStudent> = alliance
        .alliances
        .iter()
        .filter(|a| a.get("state").and_then(serde_json::Value::as_str) == Some("running"))
        .filter_map(|a| a.get("student_id").and_then(serde_json::Value::as_i64))
        .filter_map(|id| students.iter().find(|s| s.id == id))
        .collect();
    let (notes, notes_journal) = notes::generate(&running, today);
    journal.extend(notes_journal);
    journal.sort_by_key(|(when, e)| (*when, e.entity_id));
    let journal = journal
        .into_iter()
        .enumerate()
        .map(|(i, (_, mut e))| {
            e.id = i as i64 + 1;
            e
        })
        .collect();
    Export {
        format: FORMAT.into(),
        version: VERSION,
        schema_version: LATEST_SCHEMA,
        establishment: ExportEstablishment {
            fields: establishment,
            logo: None,
        },
        students,
        staff,
        partners,
        gpds,
        pafi,
        alliance,
        bilan: demo_bilan(today),
        notes,
        withheld: Vec::new(),
        journal,
    }
}

/// Last school year's qualitative part, as a référent would have written it.
fn demo_bilan(today: NaiveDate) -> crate::export::BilanExport {
    let last = SchoolYear::containing(today).0 - 1;
    let row = serde_json::json!({
        "school_year": last,
        "apports": "Le GPDS se réunit désormais chaque mois : les repérages sont examinés dans les trois semaines. \
    Les familles reçues en entretien reviennent plus volontiers vers l'établissement.",
        "difficultes": "Peu de places en stage pour les élèves de moins de seize ans ; \
    le secret partagé reste délicat avec certains partenaires médico-sociaux.",
        "leviers": "La charte de déontologie signée par chaque membre des alliances ; \
    le tutorat par un adulte choisi par l'élève.",
        "perspectives": "Associer la mission locale dès le premier trimestre et former deux tuteurs de plus.",
        "updated_at": format!("{}-06-30T17:00:00", last + 1),
    });
    crate::export::BilanExport {
        qualitative: row.as_object().into_iter().cloned().collect(),
        freezes: Vec::new(),
    }
}

fn demo_staff(rng: &mut Rng) -> Vec<ExportStaff> {
    let mut roles = vec![
        ("Marchetti", "Hélène", StaffRole::Direction),
        ("Oudin", "Pascal", StaffRole::Direction),
        ("Benhamou", "Karim", StaffRole::Referent),
        ("Lagarde", "Sophie", StaffRole::Cpe),
        ("N'Guessan", "Awa", StaffRole::Cpe),
        ("Rivière", "Claire", StaffRole::PsyEn),
        ("Texier", "Maud", StaffRole::Infirmier),
        ("Ollivier", "Sandrine", StaffRole::AssistantSocial),
        ("Delmas", "Jean-Marc", StaffRole::Medecin),
        ("Fabre", "Yannick", StaffRole::CoordonnateurMlds),
        ("Perrin", "Isabelle", StaffRole::Documentaliste),
    ];
    for i in 0..22 {
        let last = *rng.pick(names::LAST);
        let first = if rng.chance(55) {
            *rng.pick(names::FIRST_F)
        } else {
            *rng.pick(names::FIRST_M)
        };
        let role = if i < 22 * 3 / 4 {
            StaffRole::ProfesseurPrincipal
        } else {
            StaffRole::Enseignant
        };
        roles.push((last, first, role));
    }
    roles
        .into_iter()
        .enumerate()
        .map(|(i, (last, first, role))| ExportStaff {
            id: i as i64 + 1,
            archived: false,
            fields: StaffInput {
                last_name: last.into(),
                first_name: first.into(),
                role,
                email: format!(
                    "{}.{}@lycee-tilleuls.test",
                    crate::text::fold(first).replace(' ', "-"),
                    crate::text::fold(last).replace([' ', '\''], "")
                ),
                phone: String::new(),
            },
        })
        .collect()
}

/// An invented partner: name, kind, address, contacts (last name, first name, function).
type DemoPartner = (
    &'static str,
    PartnerKind,
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);

fn demo_partners() -> Vec<ExportPartner> {
    let list: &[DemoPartner] = &[
        (
            "CMPP de Valmont",
            PartnerKind::CmppCmp,
            "5 rue Pasteur\n99001 Valmont-sur-Exemple",
            &[("Lenoir", "Agnès", "Pédopsychiatre")],
        ),
        (
            "Aide sociale à l'enfance — secteur Nord",
            PartnerKind::Ase,
            "3 place de la Préfecture\n99003 Bourg-Imaginaire",
            &[
                ("Moreau", "Fabrice", "Éducateur référent"),
                ("Haddad", "Samia", "Cheffe de service"),
            ],
        ),
        (
            "PJJ — unité éducative de milieu ouvert",
            PartnerKind::Pjj,
            "18 rue de la Gare\n99002 Saint-Fictif",
            &[("Garnier", "Loïc", "Éducateur PJJ")],
        ),
        (
            "Maison des adolescents de l'Exemple",
            PartnerKind::Mda,
            "40 avenue de la République\n99001 Valmont-sur-Exemple",
            &[("Berthier", "Élodie", "Psychologue")],
        ),
        (
            "Programme de réussite éducative de Valmont",
            PartnerKind::Pre,
            "Mairie\n99001 Valmont-sur-Exemple",
            &[("Diallo", "Mariam", "Coordinatrice")],
        ),
        (
            "Mission locale du Val d'Exemple",
            PartnerKind::MissionLocale,
            "7 boulevard Jean-Jaurès\n99001 Valmont-sur-Exemple",
            &[
                ("Schmitt", "Olivier", "Conseiller"),
                ("Renaud", "Léa", "Conseillère garantie jeunes"),
            ],
        ),
        (
            "CIO de Valmont",
            PartnerKind::Cio,
            "2 rue des Écoles\n99001 Valmont-sur-Exemple",
            &[("Caron", "Bénédicte", "Psy-EN EDO")],
        ),
        (
            "CFA des métiers de Saint-Fictif",
            PartnerKind::Cfa,
            "ZA des Essais\n99002 Saint-Fictif",
            &[("Lemaire", "Thierry", "Développeur de l'apprentissage")],
        ),
        (
            "Association Pas à Pas",
            PartnerKind::Association,
            "9 rue du Stade\n99004 Les Essais",
            &[("Roux", "Camille", "Éducatrice de prévention spécialisée")],
        ),
        (
            "Association Tremplin Soutien",
            PartnerKind::Association,
            "11 rue Victor-Hugo\n99001 Valmont-sur-Exemple",
            &[("Petit", "Hugo", "Responsable du tutorat")],
        ),
        (
            "Boulangerie Au Bon Fournil",
            PartnerKind::Entreprise,
            "1 place de la Mairie\n99004 Les Essais",
            &[("Fournier", "Jacques", "Artisan boulanger")],
        ),
        (
            "Garage Martin & Fils",
            PartnerKind::Entreprise,
            "Route de Port-Démo\n99005 Port-Démo",
            &[("Martin", "Sylvain", "Gérant")],
        ),
        (
            "Mairie de Valmont-sur-Exemple",
            PartnerKind::Collectivite,
            "Place de la Mairie\n99001 Valmont-sur-Exemple",
            &[("Vidal", "Nathalie", "Service jeunesse")],
        ),
        (
            "Unis-Cité Exemple",
            PartnerKind::ServiceCivique,
            "22 rue de l'Église\n99002 Saint-Fictif",
            &[("Mendes", "Paulo", "Coordinateur")],
        ),
    ];
    list.iter()
        .enumerate()
        .map(|(i, (name, kind, address, contacts))| ExportPartner {
            id: i as i64 + 1,
            archived: false,
            fields: PartnerInput {
                name: (*name).into(),
                kind: *kind,
                address: (*address).into(),
                phone: format!("05 99 {:02} {:02} {:02}", 10 + i, 20 + i, 30 + i),
                email: format!("contact{}@partenaire-exemple.test", i + 1),
                contacts: contacts
                    .iter()
                    .map(|(last, first, function)| Contact {
                        last_name: (*last).into(),
                        first_name: (*first).into(),
                        function: (*function).into(),
                        phone: String::new(),
                        email: String::new(),
                    })
                    .collect(),
            },
        })
        .collect()
}
