//! Importing 2,000 students (a generated SIECLE export): parsing with the preview, and parsing,
//! previewing and applying into a fresh case file. The issue wants the preview's median under
//! 200 ms.
#![allow(clippy::unwrap_used, missing_docs)]

use std::fmt::Write as _;
use std::hint::black_box;

use accroche_core::casefile::fixed_clock;
use accroche_core::registry::{create_case_file, EstablishmentInput, EstablishmentKind};
use accroche_core::roster::{apply, preview, siecle::parse_siecle};
use chrono::NaiveDate;
use criterion::{BatchSize, Criterion};

const PASSPHRASE: &str = "mesure de performance accroche";

/// A SIECLE export of `n` invented students, as SIECLE writes it (ISO-8859-15, padded).
fn siecle_xml(n: usize) -> Vec<u8> {
    let last = [
        "MARTIN", "DUBOIS", "ŒUVRAY", "LEFÈVRE", "NGUYEN", "PETIT", "GARCIA", "ROUX",
    ];
    let first = [
        "Léa", "Jules", "Chloé", "Noé", "Inès", "Hugo", "Zoé", "Maël",
    ];
    let mut eleves = String::new();
    let mut structures = String::new();
    for i in 0..n {
        let id = 100_000 + i;
        let _ = write!(
            eleves,
            "<ELEVE ELEVE_ID=\"{id}\" ELENOET=\"{i}\"><ID_NATIONAL>{:010}A</ID_NATIONAL>\
             <NOM_DE_FAMILLE> {} </NOM_DE_FAMILLE><PRENOM>{}</PRENOM><DATE_NAISS>{:02}/{:02}/2010</DATE_NAISS>\
             <CODE_SEXE>{}</CODE_SEXE><CODE_MEF>2473120031{}</CODE_MEF><CODE_STATUT>ST</CODE_STATUT>\
             <DATE_ENTREE>01/09/2026</DATE_ENTREE></ELEVE>",
            1_000_000 + i,
            last[i % last.len()],
            first[(i / 8) % first.len()],
            1 + i % 28,
            1 + i % 12,
            1 + i % 2,
            i % 10
        );
        let _ = write!(
            structures,
            "<STRUCTURES_ELEVE ELEVE_ID=\"{id}\"><STRUCTURE><CODE_STRUCTURE>2MRC{}</CODE_STRUCTURE>\
             <TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>",
            1 + i % 8
        );
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n<BEE_ELEVES VERSION=\"3.0\"><PARAMETRES>\
         <UAJ>0750654D</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE><DATE_EXPORT>20/11/2026</DATE_EXPORT>\
         </PARAMETRES><DONNEES><ELEVES>{eleves}</ELEVES><STRUCTURES>{structures}</STRUCTURES></DONNEES></BEE_ELEVES>"
    );
    let (bytes, _, _) = encoding_rs::ISO_8859_15.encode(&xml);
    bytes.into_owned()
}

fn main() {
    let clock = fixed_clock(
        NaiveDate::from_ymd_opt(2026, 11, 22)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap(),
    );
    let xml = siecle_xml(2000);
    let dir = tempfile::tempdir().unwrap();
    let establishment = EstablishmentInput {
        uai: "0750654D".into(),
        name: "Lycée de mesure".into(),
        kind: EstablishmentKind::Lp,
        academie: "Paris".into(),
        address: String::new(),
        head_name: "Direction".into(),
        referent_name: "Référent".into(),
        school_year_start: 2026,
    };
    let mut n = 0;
    let mut fresh = || {
        n += 1;
        let path = dir.path().join(format!("import-{n}.accroche"));
        create_case_file(&path, PASSPHRASE, &establishment, None, clock.clone())
            .unwrap()
            .casefile
    };
    let empty = fresh();
    let mut c = Criterion::default().configure_from_args().sample_size(20);
    c.bench_function(
        "import de 2 000 élèves : lecture du XML et aperçu",
        |b| {
            b.iter(|| {
                let roster = parse_siecle(&xml, "ElevesSansAdresses.xml", None).unwrap();
                black_box(preview(&empty, &roster, "ElevesSansAdresses.xml").unwrap())
            })
        },
    );
    c.bench_function(
        "import de 2 000 élèves : lecture, aperçu et écriture",
        |b| {
            b.iter_batched(
                &mut fresh,
                |mut cf| {
                    let roster = parse_siecle(&xml, "ElevesSansAdresses.xml", None).unwrap();
                    black_box(apply(&mut cf, &roster, "ElevesSansAdresses.xml").unwrap())
                },
                BatchSize::PerIteration,
            )
        },
    );
    let mut full = fresh();
    let roster = parse_siecle(&xml, "ElevesSansAdresses.xml", None).unwrap();
    apply(&mut full, &roster, "ElevesSansAdresses.xml").unwrap();
    c.bench_function(
        "réimport des mêmes 2 000 élèves : aperçu (tout inchangé)",
        |b| {
            b.iter(|| {
                let roster = parse_siecle(&xml, "ElevesSansAdresses.xml", None).unwrap();
                black_box(preview(&full, &roster, "ElevesSansAdresses.xml").unwrap())
            })
        },
    );
    Criterion::default().configure_from_args().final_summary();
}
