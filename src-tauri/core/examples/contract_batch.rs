//! The « documents vs LibreOffice » benchmark, Accroche's side (issue 10): the shipped contrat
//! PAFI (`assets/templates/contrat_pafi.md.j2`, filled with its example data) for N different
//! invented students of the demo school, each one filled, fingerprinted, laid out, rendered
//! with its QR code and written to `OUT_DIR/contrat-NNN.pdf`. Prints the timings as one JSON
//! object on stdout (with the sum of each stage's time in `stages_ms`).
//!
//! For the LibreOffice side (`bench/documents-vs-libreoffice.sh`) it also writes, after the
//! timed part, `OUT_DIR/donnees/`: `modele.json` (the same contract filled with `@@CHAMP@@`
//! placeholders instead of the student's fields, as blocks: a Writer template's equivalent),
//! `champs.json` (each student's fields as printed) and `attendu/NNN.json` (each contract's
//! blocks as Accroche laid them out, to check the filled template says the same).
//!
//! The process also makes the demo school the students come from (`prepare_ms`) and writes
//! those files (`donnees_ms`): both are outside `total_ms` and reported apart.
//!
//! `cargo run --release -p accroche-core --example contract_batch -- OUT_DIR N`
#![allow(clippy::unwrap_used, missing_docs)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use accroche_core::demo::{generate, Scale};
use accroche_core::documents::layout::{layout, Footer, Header, LayoutInput};
use accroche_core::documents::markup::{self, Block};
use accroche_core::documents::registry::{fingerprint, qr_payload, short};
use accroche_core::documents::render::{pdf, PdfMeta};
use accroche_core::documents::template::{fill, DocumentType};
use accroche_core::registry::{Coded, Relationship};
use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

const KIND: DocumentType = DocumentType::ContratPafi;

/// The example's dates (all but the birth date), named; each student's are shifted by whole
/// weeks so that no two contracts carry the same dates.
const DATES: &[(&str, &str)] = &[
    ("2026-12-21", "DATE_CONTRAT"),
    ("2026-11-24", "DATE_DIAGNOSTIC"),
    ("2026-12-18", "DATE_VALIDATION"),
    ("2027-01-11", "DATE_DEBUT"),
    ("2027-01-12", "DATE_ACTIVITE_1"),
    ("2027-01-13", "DATE_ACTIVITE_3"),
    ("2027-01-14", "DATE_ACTIVITE_2"),
    ("2027-01-22", "DATE_SUIVI_1"),
    ("2027-02-05", "DATE_SUIVI_2"),
    ("2027-02-10", "DATE_FIN_ACTIVITE_3"),
    ("2027-02-11", "DATE_BILAN"),
    ("2027-02-12", "DATE_FIN"),
    ("2027-02-15", "DATE_RETOUR"),
];

/// The example's student-specific text, and the field that replaces it (longest first).
const TEXTS: &[(&str, &str)] = &[
    ("Nathalie Lefèvre", "RESPONSABLE_1"),
    ("Stéphane Dubois", "RESPONSABLE_2"),
    ("Dubois-Lefèvre", "NOM"),
    ("PAFI-2026-0003", "REFERENCE"),
    ("2MRC1", "CLASSE"),
    ("Léa", "PRENOM"),
];

/// One student's fields: the raw value the data carries (an ISO date, an address with its
/// line break) and the text the contract prints.
struct Fields {
    raw: BTreeMap<&'static str, String>,
    printed: BTreeMap<&'static str, String>,
    age: u32,
    offset: Duration,
}

impl Fields {
    /// The placeholders of the model: `@@CHAMP@@` everywhere.
    fn model(like: &Fields) -> Fields {
        let raw: BTreeMap<&'static str, String> =
            like.raw.keys().map(|k| (*k, format!("@@{k}@@"))).collect();
        Fields {
            printed: raw.clone(),
            raw,
            age: like.age,
            offset: like.offset,
        }
    }
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// N students of the demo school with a mother and a father (the contract's shape stays the
/// same: two legal guardians), each with dates shifted by `index` weeks (modulo 26).
fn students(n: usize) -> Vec<Fields> {
    let school = generate(Scale::Normal, 1, day("2026-11-02"));
    let pool: Vec<_> = school
        .students
        .iter()
        .map(|s| &s.fields)
        .filter(|s| {
            s.legal_reps.len() == 2
                && s.legal_reps[0].relationship == Relationship::Mere
                && s.legal_reps[1].relationship == Relationship::Pere
                && s.legal_reps.iter().all(|r| !r.first_name.is_empty())
                && !s.legal_reps[0].address.is_empty()
        })
        .collect();
    assert!(!pool.is_empty(), "aucun élève de démonstration ne convient");
    (0..n)
        .map(|i| {
            let s = pool[i % pool.len()];
            let offset = Duration::weeks((i % 26) as i64);
            let mut raw = BTreeMap::new();
            let mut printed = BTreeMap::new();
            let mut put = |k: &'static str, raw_value: String, shown: String| {
                raw.insert(k, raw_value);
                printed.insert(k, shown);
            };
            for (example, name) in DATES {
                let d = day(example) + offset;
                put(name, iso(d), fr(d));
            }
            put("DATE_NAISSANCE", iso(s.birth_date), fr(s.birth_date));
            put("PRENOM", s.first_name.clone(), s.first_name.clone());
            put("NOM", s.last_name.clone(), s.last_name.clone());
            put("CLASSE", s.class_name.clone(), s.class_name.clone());
            let formation = s
                .mef_label
                .clone()
                .or_else(|| s.track.map(|t| t.label().to_owned()))
                .unwrap_or_else(|| "formation non renseignée".to_owned());
            put("FORMATION", formation.clone(), formation);
            let address = s.legal_reps[0].address.clone();
            put("ADRESSE", address.clone(), address.replace('\n', ", "));
            for (k, r) in ["RESPONSABLE_1", "RESPONSABLE_2"].iter().zip(&s.legal_reps) {
                let name = format!("{} {}", r.first_name, r.last_name);
                put(k, name.clone(), name);
            }
            let reference = format!("PAFI-2026-{:04}", i + 1);
            put("REFERENCE", reference.clone(), reference);
            let start = day("2027-01-11") + offset;
            let age = start.years_since(s.birth_date).unwrap_or(0);
            Fields {
                raw,
                printed,
                age,
                offset,
            }
        })
        .collect()
}

/// Replaces, in one pass, the example's student-specific text by the fields' values.
fn substitute(text: &str, f: &Fields) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while !rest.is_empty() {
        for (pattern, field) in TEXTS {
            if let Some(after) = rest.strip_prefix(pattern) {
                out.push_str(&f.raw[field]);
                rest = after;
                continue 'scan;
            }
        }
        let c = rest.chars().next().unwrap();
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn walk(v: &mut Value, f: &Fields) {
    match v {
        Value::String(s) => {
            *s = match DATES.iter().find(|(d, _)| d == s) {
                Some((_, name)) => f.raw[name].clone(),
                None => substitute(s, f),
            };
        }
        Value::Array(items) => items.iter_mut().for_each(|i| walk(i, f)),
        Value::Object(map) => map.values_mut().for_each(|i| walk(i, f)),
        _ => {}
    }
}

/// The contract's data for one student: the type's example with the student's fields.
fn data(example: &Value, f: &Fields) -> Value {
    let mut d = example.clone();
    walk(&mut d, f);
    d["eleve"]["date_naissance"] = json!(f.raw["DATE_NAISSANCE"]);
    d["eleve"]["formation"] = json!(f.raw["FORMATION"]);
    d["eleve"]["age"] = json!(f.age);
    for r in d["responsables"].as_array_mut().unwrap() {
        r["adresse"] = json!(f.raw["ADRESSE"]);
    }
    d
}

fn header(d: &Value) -> Header {
    let e = &d["etablissement"];
    Header {
        name: e["nom"].as_str().unwrap().into(),
        uai: e["uai"].as_str().unwrap().into(),
        address: e["adresse"].as_str().unwrap().into(),
        logo: None,
    }
}

/// Everything Accroche does for one contract, from the record's data to the PDF file: fill the
/// template, fingerprint, read the markup, lay out, render (QR code included), write.
/// What one contract gave: its blocks, its short fingerprint, its pages, its size, and the time
/// of each stage (fill and fingerprint, markup, layout, PDF, file) in ms.
struct Made {
    blocks: Vec<Block>,
    fingerprint: String,
    pages: usize,
    bytes: usize,
    stages: [f64; 5],
}

fn one(example: &Value, f: &Fields, path: &Path) -> Made {
    let mut stages = [0.0; 5];
    let mut clock = Instant::now();
    let mut lap = |stage: usize| {
        stages[stage] = clock.elapsed().as_secs_f64() * 1e3;
        clock = Instant::now();
    };
    let d = data(example, f);
    let reference = d["document"]["reference"].as_str().unwrap().to_owned();
    let markup_text = fill(KIND, &d, &[]).unwrap();
    let signatories: Vec<(String, String, Option<String>)> = d["signataires"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["qualite"].as_str().unwrap().to_owned(),
                s["nom"].as_str().unwrap().to_owned(),
                None,
            )
        })
        .collect();
    let version = KIND.shipped().version.to_string();
    let fp = fingerprint(&reference, 1, KIND, &version, &d, &signatories);
    lap(0);
    let blocks = markup::parse(&markup_text).unwrap();
    lap(1);
    let laid = layout(&LayoutInput {
        header: header(&d),
        blocks: blocks.clone(),
        footer: Footer {
            reference: reference.clone(),
            fingerprint_short: short(&fp),
            qr_payload: qr_payload(&reference, &fp),
        },
        draft: false,
        signatures: Vec::new(),
    })
    .unwrap();
    lap(2);
    let bytes = pdf(
        &laid,
        &PdfMeta {
            title: format!("Contrat PAFI {reference}"),
            author: header(&d).name,
            subject: qr_payload(&reference, &fp),
            created: (day("2026-12-21") + f.offset)
                .and_hms_opt(10, 0, 0)
                .unwrap(),
        },
    )
    .unwrap();
    lap(3);
    std::fs::write(path, &bytes).unwrap();
    lap(4);
    Made {
        blocks,
        fingerprint: short(&fp),
        pages: laid.pages.len(),
        bytes: bytes.len(),
        stages,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(out), Some(n)) = (
        args.get(1),
        args.get(2).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage : contract_batch OUT_DIR N");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).unwrap();
    let example = KIND.example().unwrap();

    let t = Instant::now();
    let mut students = students(n);
    let prepare_ms = t.elapsed().as_secs_f64() * 1e3;

    // The timed part: one contract after another, as a référent would make them.
    let mut times = Vec::with_capacity(n);
    let mut made = Vec::with_capacity(n);
    let start = Instant::now();
    for (i, f) in students.iter().enumerate() {
        let t = Instant::now();
        made.push(one(
            &example,
            f,
            &out.join(format!("contrat-{:03}.pdf", i + 1)),
        ));
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let total_ms = start.elapsed().as_secs_f64() * 1e3;

    // Untimed: what the LibreOffice side needs.
    let t = Instant::now();
    let dir = out.join("donnees");
    std::fs::create_dir_all(dir.join("attendu")).unwrap();
    let model_fields = Fields::model(&students[0]);
    let model = markup::parse(&fill(KIND, &data(&example, &model_fields), &[]).unwrap()).unwrap();
    let e = &example["etablissement"];
    std::fs::write(
        dir.join("modele.json"),
        serde_json::to_string_pretty(&json!({
            "etablissement": {"nom": e["nom"], "uai": e["uai"], "adresse": e["adresse"]},
            "blocs": model,
        }))
        .unwrap(),
    )
    .unwrap();
    for (i, (f, m)) in students.iter_mut().zip(&made).enumerate() {
        f.printed.insert("EMPREINTE", m.fingerprint.clone());
        std::fs::write(
            dir.join("attendu").join(format!("{:03}.json", i + 1)),
            serde_json::to_string(&m.blocks).unwrap(),
        )
        .unwrap();
    }
    let fields: Vec<_> = students.iter().map(|f| &f.printed).collect();
    std::fs::write(
        dir.join("champs.json"),
        serde_json::to_string_pretty(&fields).unwrap(),
    )
    .unwrap();

    let donnees_ms = t.elapsed().as_secs_f64() * 1e3;

    let stage = |k: usize| made.iter().map(|m| m.stages[k]).sum::<f64>();
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let report = json!({
        "documents": n,
        "pages_per_document": made.first().map_or(0, |m| m.pages),
        "bytes_per_document": made.iter().map(|m| m.bytes).sum::<usize>() / n.max(1),
        "prepare_ms": prepare_ms,
        "donnees_ms": donnees_ms,
        "total_ms": total_ms,
        "per_document_ms": total_ms / n.max(1) as f64,
        "first_document_ms": times.first().copied().unwrap_or(0.0),
        "median_ms": sorted.get(n / 2).copied().unwrap_or(0.0),
        "max_ms": sorted.last().copied().unwrap_or(0.0),
        // The sum over the documents of each stage: where the time goes.
        "stages_ms": {
            "fill_and_fingerprint": stage(0),
            "markup": stage(1),
            "layout": stage(2),
            "pdf": stage(3),
            "write": stage(4),
        },
    });
    println!("{report}");
}
