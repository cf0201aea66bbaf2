//! The bilan as a spreadsheet and CSV, and the consolidation of many schools, on the
//! hand-counted school of `bilan.rs`: what a référent or a coordinator sees when opening the
//! files (sheets, numbers as numbers, the qualitative texts), that no student data leaves, and
//! that merging refuses what cannot be added up, in French.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use accroche_core::bilan::merge::{self, Consolidated};
use accroche_core::bilan::sheet::{csv, xlsx};
use accroche_core::bilan::{
    bilan, to_json, Bilan, Distribution, Figure, Qualitative, Section, Share, SCHEMA_VERSION,
};
use accroche_core::error::Error;
use accroche_core::school_year::SchoolYear;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

use crate::bilan::{school, Made};

// ---------------------------------------------------------------------------------------------
// Reading a workbook back.

/// One cell as stored: its reference, its `t` attribute (none for a number) and its text.
#[derive(Debug, Clone)]
struct ReadCell {
    at: String,
    kind: Option<String>,
    style: Option<String>,
    text: String,
}

impl ReadCell {
    fn is_number(&self) -> bool {
        self.kind.is_none() && self.text.parse::<f64>().is_ok()
    }
}

/// Every part of the zip as text, each checked to be well-formed XML.
fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("the XLSX is a zip");
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut text = String::new();
        f.read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"));
        well_formed(&name, &text);
        parts.insert(name, text);
    }
    for needed in [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
    ] {
        assert!(parts.contains_key(needed), "{needed} is missing");
    }
    parts
}

fn well_formed(name: &str, xml: &str) {
    let mut r = Reader::from_str(xml);
    r.config_mut().check_end_names = true;
    let mut depth = 0i32;
    loop {
        match r.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Text(t)) => {
                t.xml10_content();
            }
            Ok(Event::GeneralRef(g)) => {
                let n = g.xml10_content();
                assert!(
                    ["amp", "lt", "gt", "quot", "apos"].contains(&n.as_ref()),
                    "{name}: unknown entity &{n};"
                );
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed XML: {e}"),
        }
    }
    assert_eq!(depth, 0, "{name}: unbalanced elements");
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.0 == name).map(|a| {
        a.normalized_value(XmlVersion::Implicit1_0)
            .unwrap()
            .into_owned()
    })
}

/// The sheets' names in order, with their part's path (through the workbook's relationships).
fn sheets(parts: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let mut targets = BTreeMap::new();
    let mut r = Reader::from_str(&parts["xl/_rels/workbook.xml.rels"]);
    loop {
        match r.read_event().unwrap() {
            Event::Empty(e) | Event::Start(e) if e.name().0 == "Relationship" => {
                targets.insert(attr(&e, "Id").unwrap(), attr(&e, "Target").unwrap());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut r = Reader::from_str(&parts["xl/workbook.xml"]);
    loop {
        match r.read_event().unwrap() {
            Event::Empty(e) | Event::Start(e) if e.name().0 == "sheet" => {
                let id = attr(&e, "r:id").unwrap();
                out.push((attr(&e, "name").unwrap(), format!("xl/{}", targets[&id])));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn names(parts: &BTreeMap<String, String>) -> Vec<String> {
    sheets(parts).into_iter().map(|(n, _)| n).collect()
}

/// The rows of the sheet `name`, each a list of its stored cells.
fn rows(parts: &BTreeMap<String, String>, name: &str) -> Vec<Vec<ReadCell>> {
    let (_, path) = sheets(parts)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name:?} in {:?}", names(parts)));
    let mut r = Reader::from_str(&parts[&path]);
    let mut out: Vec<Vec<ReadCell>> = Vec::new();
    let mut cell: Option<ReadCell> = None;
    let mut in_text = false;
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) if e.name().0 == "row" => out.push(Vec::new()),
            Event::Start(e) if e.name().0 == "c" => {
                cell = Some(ReadCell {
                    at: attr(&e, "r").unwrap(),
                    kind: attr(&e, "t"),
                    style: attr(&e, "s"),
                    text: String::new(),
                });
            }
            Event::Empty(e) if e.name().0 == "c" => {
                out.last_mut().unwrap().push(ReadCell {
                    at: attr(&e, "r").unwrap(),
                    kind: attr(&e, "t"),
                    style: attr(&e, "s"),
                    text: String::new(),
                });
            }
            Event::Start(e) if matches!(e.name().0, "v" | "t") => in_text = true,
            Event::End(e) if matches!(e.name().0, "v" | "t") => in_text = false,
            Event::Text(t) if in_text => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) if in_text => {
                let ch = match g.xml10_content().as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("entity {other}"),
                };
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(ch);
                }
            }
            Event::End(e) if e.name().0 == "c" => {
                out.last_mut().unwrap().push(cell.take().unwrap());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The row of `sheet` whose first cell reads `label`.
fn row_of(rows: &[Vec<ReadCell>], label: &str) -> Vec<ReadCell> {
    rows.iter()
        .find(|r| r.first().is_some_and(|c| c.text == label))
        .unwrap_or_else(|| panic!("no row {label:?}"))
        .clone()
}

/// The value of a numeric cell, failing if it is stored as text.
fn number(c: &ReadCell) -> f64 {
    assert!(
        c.is_number(),
        "{} should be a number, is {:?} {:?}",
        c.at,
        c.kind,
        c.text
    );
    c.text.parse().unwrap()
}

fn all_text(rows: &[Vec<ReadCell>]) -> Vec<String> {
    rows.iter().flatten().map(|c| c.text.clone()).collect()
}

fn format_message(r: Result<impl std::fmt::Debug, Error>) -> String {
    match r {
        Err(Error::Format(m)) => m,
        other => panic!("expected Error::Format, got {other:?}"),
    }
}

fn qualitative() -> Qualitative {
    Qualitative {
        apports: "Des élèves raccrochés ; un travail d'équipe < plus serré & suivi.".into(),
        difficultes: "Peu de places en stage.\nLes familles se déplacent peu.".into(),
        leviers: "La mission locale, « très présente ».".into(),
        perspectives: String::new(),
    }
}

const SHEETS: [&str; 15] = [
    "Synthèse",
    "Repérage et GPDS",
    "Parcours et alliances",
    "Partenaires par type",
    "PAFI",
    "PAFI par âge",
    "PAFI par genre",
    "PAFI par filière",
    "PAFI par nature",
    "PAFI par durée",
    "PAFI situation à l'issue",
    "Entretiens et mesures",
    "Entretiens par issue",
    "Analyse qualitative",
    "Définitions",
];

// ---------------------------------------------------------------------------------------------
// One establishment's XLSX and CSV.

#[test]
fn the_xlsx_has_one_sheet_per_table_with_the_hand_counted_numbers_as_numbers() {
    let m = school();
    let b = bilan(&m.cf, SchoolYear(2026)).unwrap();
    let parts = unzip(&xlsx(&b, &qualitative()).unwrap());
    assert_eq!(
        names(&parts),
        SHEETS,
        "one sheet per table, in the bilan's order"
    );

    let synthese = all_text(&rows(&parts, "Synthèse"));
    for seen in [
        "Lycée Jean-Moulin d'Essai",
        "0750654D",
        "2026-2027",
        "Chiffres arrêtés le 20/09/2027",
    ] {
        assert!(synthese.iter().any(|t| t == seen), "{seen} in the Synthèse");
    }

    let pafi = rows(&parts, "PAFI");
    let header: Vec<_> = pafi[0].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(header, ["Indicateur", "Valeur", "Définition"]);
    assert_eq!(pafi[0][0].style.as_deref(), Some("1"), "the header is bold");
    let started = row_of(&pafi, "PAFI commencés");
    assert!(
        started[1].at.starts_with('B'),
        "the Valeur column: {:?}",
        started[1]
    );
    assert_eq!(number(&started[1]), 2.0, "Noé's and Tomàs's paths");
    assert!(started[2].text.contains("« en cours »"));
    assert_eq!(number(&row_of(&pafi, "PAFI interrompus")[1]), 1.0);

    // Ages: Noé 15 on his first day, Tomàs 17; each half of the two paths.
    let ages = rows(&parts, "PAFI par âge");
    let header: Vec<_> = ages[0].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(header, ["Catégorie", "Nombre", "Part (%)"]);
    let fifteen = row_of(&ages, "15 ans");
    assert_eq!(number(&fifteen[1]), 1.0);
    assert_eq!(number(&fifteen[2]), 0.5, "a share is a fraction…");
    assert_eq!(
        fifteen[2].style.as_deref(),
        Some("2"),
        "…shown as a percentage"
    );
    assert_eq!(number(&row_of(&ages, "16 à 18 ans")[1]), 1.0);
    assert_eq!(number(&row_of(&ages, "Plus de 18 ans")[1]), 0.0);
    assert_eq!(number(&row_of(&ages, "Total")[1]), 2.0);
    // Natures overlap: parts of the PAFI started, no total.
    let natures = rows(&parts, "PAFI par nature");
    assert!(natures.iter().all(|r| r[0].text != "Total"));
    let internship = natures
        .iter()
        .find(|r| r.get(1).is_some_and(|c| c.text == "2"))
        .expect("the two internships");
    assert_eq!(number(&internship[2]), 1.0);
    // Nothing finished in 2026-2027: counts 0, parts left empty rather than a false 0 %.
    let outcomes = rows(&parts, "PAFI situation à l'issue");
    assert!(outcomes[1..]
        .iter()
        .take_while(|r| r[0].text != "Total")
        .all(|r| number(&r[1]) == 0.0 && r.get(2).is_none_or(|c| c.text.is_empty())));

    let gpds = rows(&parts, "Repérage et GPDS");
    assert_eq!(
        number(&row_of(&gpds, "Taux de réalisation des actions (%)")[1]),
        50.0
    );

    let analyse = rows(&parts, "Analyse qualitative");
    let apports = row_of(&analyse, "Apports");
    assert_eq!(
        apports[1].text,
        "Des élèves raccrochés ; un travail d'équipe < plus serré & suivi."
    );
    assert_eq!(
        row_of(&analyse, "Difficultés rencontrées")[1].text,
        "Peu de places en stage.\nLes familles se déplacent peu."
    );
    assert_eq!(
        row_of(&analyse, "Leviers")[1].text,
        "La mission locale, « très présente »."
    );
    assert_eq!(row_of(&analyse, "Perspectives")[1].text, "(non renseigné)");

    let definitions = all_text(&rows(&parts, "Définitions"));
    assert!(definitions
        .iter()
        .any(|t| t.starts_with("PAFI passés « terminé »")));
    // Columns have widths, the header row stays on screen.
    let (_, path) = &sheets(&parts)[4];
    assert!(parts[path].contains("<cols>") && parts[path].contains("state=\"frozen\""));
}

/// A bilan built by hand, its labels holding what a CSV must quote.
fn awkward() -> Bilan {
    Bilan {
        schema_version: SCHEMA_VERSION,
        uai: "0541234A".into(),
        establishment: "Lycée \"Les Tilleuls\"; site de Bar".into(),
        school_year: "2026-2027".into(),
        computed_on: accroche_tests::date(2027, 6, 30),
        sections: vec![Section {
            id: "pafi".into(),
            title: "PAFI".into(),
            figures: vec![Figure {
                id: "pafi_commences".into(),
                label: "PAFI commencés; hors \"passerelles\"".into(),
                value: 7,
                definition: "Un essai.".into(),
            }],
            distributions: vec![Distribution {
                id: "pafi_age".into(),
                label: "Par âge".into(),
                rows: vec![Share {
                    key: "15".into(),
                    label: "15 ans\nou moins".into(),
                    count: 3,
                }],
                definition: "Un essai.".into(),
            }],
        }],
    }
}

#[test]
fn the_csv_is_one_table_for_french_spreadsheets() {
    let m = school();
    let text = csv(&bilan(&m.cf, SchoolYear(2026)).unwrap());
    assert!(text.starts_with('\u{feff}'), "a BOM, so Excel reads UTF-8");
    let lines: Vec<&str> = text[3..].split("\r\n").collect();
    assert_eq!(lines[0], "section;tableau;cle;libelle;valeur");
    assert_eq!(lines.last(), Some(&""), "every line ends with CRLF");
    assert!(!text.replace("\r\n", "").contains('\n'), "no bare LF");
    for line in [
        "bilan;bilan;uai;UAI;0750654D",
        "bilan;bilan;etablissement;Établissement;Lycée Jean-Moulin d'Essai",
        "bilan;bilan;annee_scolaire;Année scolaire;2026-2027",
        "bilan;bilan;chiffres_arretes_le;Chiffres arrêtés le;20/09/2027",
        "pafi;pafi;pafi_commences;PAFI commencés;2",
        "gpds;gpds;actions_taux_realisation;Taux de réalisation des actions (%);50",
        "pafi;pafi_age;15;15 ans;1",
        "pafi;pafi_age;19_plus;Plus de 18 ans;0",
        "alliances;partenaires_par_type;entreprise;Entreprise;0",
    ] {
        assert!(lines.contains(&line), "{line} in\n{text}");
    }
    assert!(lines
        .iter()
        .all(|l| l.is_empty() || l.split(';').count() == 5));

    let quoted = csv(&awkward());
    let body = quoted.trim_start_matches('\u{feff}');
    assert!(
        body.contains("bilan;bilan;etablissement;Établissement;\"Lycée \"\"Les Tilleuls\"\"; site de Bar\"\r\n"),
        "{body}"
    );
    assert!(body
        .contains("pafi;pafi;pafi_commences;\"PAFI commencés; hors \"\"passerelles\"\"\";7\r\n"));
    assert!(body.contains("pafi;pafi_age;15;\"15 ans\nou moins\";3\r\n"));
}

/// Every name, INE and birth date of the school's students, as they could be written.
fn student_data(m: &Made) -> Vec<String> {
    let students = accroche_core::registry::list_students(&m.cf, "", true).unwrap();
    assert!(students.len() >= 5);
    let mut out = Vec::new();
    for s in students {
        let i = accroche_core::registry::student(&m.cf, s.id).unwrap().input;
        out.extend([
            i.last_name.clone(),
            i.first_name.clone(),
            i.birth_date.format("%Y-%m-%d").to_string(),
            i.birth_date.format("%d/%m/%Y").to_string(),
        ]);
        out.extend(i.ine.clone());
    }
    out
}

#[test]
fn neither_the_xlsx_nor_the_csv_holds_a_student_name_ine_or_birth_date() {
    let m = school();
    let b = bilan(&m.cf, SchoolYear(2026)).unwrap();
    let parts = unzip(&xlsx(&b, &qualitative()).unwrap());
    let text = csv(&b);
    let consolidated = merge::consolidated_xlsx(&merge::merge(&[b]).unwrap()).unwrap();
    let merged = unzip(&consolidated);
    for needle in student_data(&m) {
        for (name, xml) in parts.iter().chain(&merged) {
            assert!(!xml.contains(&needle), "{needle} in {name}");
        }
        assert!(!text.contains(&needle), "{needle} in the CSV");
    }
}

// ---------------------------------------------------------------------------------------------
// Consolidation.

fn set(b: &mut Bilan, id: &str, value: u32) {
    let f = b
        .sections
        .iter_mut()
        .flat_map(|s| &mut s.figures)
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no figure {id}"));
    f.value = value;
}

fn set_row(b: &mut Bilan, id: &str, key: &str, count: u32) {
    let r = b
        .sections
        .iter_mut()
        .flat_map(|s| &mut s.distributions)
        .find(|d| d.id == id)
        .and_then(|d| d.rows.iter_mut().find(|r| r.key == key))
        .unwrap_or_else(|| panic!("no row {id}/{key}"));
    r.count = count;
}

/// The school's bilan and two others made from it: 0541234A (3 actions, all done, 4 PAFI
/// started of which 2 aged 15) and 0999999Z (no action, nothing started).
fn three() -> (Bilan, Bilan, Bilan) {
    let m = school();
    let real = bilan(&m.cf, SchoolYear(2026)).unwrap();
    let mut a = real.clone();
    a.uai = "0541234A".into();
    a.establishment = "Collège Les Tilleuls".into();
    set(&mut a, "actions_decidees", 3);
    set(&mut a, "actions_realisees", 3);
    set(&mut a, "actions_taux_realisation", 100);
    set(&mut a, "pafi_commences", 4);
    set_row(&mut a, "pafi_age", "15", 2);
    set_row(&mut a, "pafi_age", "16_18", 2);
    let mut z = real.clone();
    z.uai = "0999999Z".into();
    z.establishment = "Lycée professionnel du Port".into();
    set(&mut z, "actions_decidees", 0);
    set(&mut z, "actions_realisees", 0);
    set(&mut z, "actions_taux_realisation", 0);
    set(&mut z, "pafi_commences", 0);
    set_row(&mut z, "pafi_age", "15", 0);
    set_row(&mut z, "pafi_age", "16_18", 0);
    (real, a, z)
}

fn figure<'a>(c: &'a Consolidated, id: &str) -> &'a merge::ConsolidatedFigure {
    c.sections
        .iter()
        .flat_map(|s| &s.figures)
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no figure {id}"))
}

#[test]
fn merging_puts_one_column_per_school_and_totals_recomputing_the_rate() {
    let (real, a, z) = three();
    // Read back from the JSON files coordinators receive, in any order.
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for b in [&z, &real, &a] {
        let path = dir.path().join(format!("bilan-{}.json", b.uai));
        std::fs::write(&path, to_json(b).unwrap()).unwrap();
        files.push(merge::read(&path).unwrap());
    }
    assert_eq!(files[1], real, "the JSON reads back whole");
    let c = merge::merge(&files).unwrap();
    assert_eq!(c.schema_version, SCHEMA_VERSION);
    assert_eq!(c.school_year, "2026-2027");
    let uais: Vec<_> = c.schools.iter().map(|s| s.uai.as_str()).collect();
    assert_eq!(uais, ["0541234A", "0750654D", "0999999Z"], "sorted by UAI");
    assert_eq!(c.schools[1].establishment, "Lycée Jean-Moulin d'Essai");

    let started = figure(&c, "pafi_commences");
    assert_eq!((started.values.clone(), started.total), (vec![4, 2, 0], 6));
    let decided = figure(&c, "actions_decidees");
    assert_eq!((decided.values.clone(), decided.total), (vec![3, 2, 0], 5));
    let done = figure(&c, "actions_realisees");
    assert_eq!((done.values.clone(), done.total), (vec![3, 1, 0], 4));
    let rate = figure(&c, "actions_taux_realisation");
    assert_eq!(rate.values, [100, 50, 0]);
    assert_eq!(rate.total, 80, "4 done of 5 decided, not 100 + 50 + 0");
    assert!(rate.percent && !done.percent);

    let age = c
        .sections
        .iter()
        .flat_map(|s| &s.distributions)
        .find(|d| d.id == "pafi_age")
        .unwrap();
    let fifteen = age.rows.iter().find(|r| r.key == "15").unwrap();
    assert_eq!((fifteen.counts.clone(), fifteen.total), (vec![2, 1, 0], 3));
    assert_eq!(age.rows.iter().map(|r| r.total).sum::<u32>(), 6);

    // The consolidated JSON reads back to the same thing.
    let json = merge::consolidated_json(&c).unwrap();
    assert!(json.ends_with("}\n") && json.contains("\"schoolYear\": \"2026-2027\""));
    let back: Consolidated = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);

    // No action anywhere: the rate's total is 0, not a division by zero.
    let none = merge::merge(&[z]).unwrap();
    assert_eq!(figure(&none, "actions_taux_realisation").total, 0);
}

#[test]
fn the_consolidated_xlsx_holds_each_school_and_the_totals_as_numbers() {
    let (real, a, z) = three();
    let c = merge::merge(&[real, a, z]).unwrap();
    let parts = unzip(&merge::consolidated_xlsx(&c).unwrap());
    let expected: Vec<&str> = std::iter::once("Établissements")
        .chain(SHEETS[1..13].iter().copied())
        .chain(["Définitions"])
        .collect();
    assert_eq!(names(&parts), expected);

    let schools = rows(&parts, "Établissements");
    assert!(all_text(&schools).contains(&"Bilan consolidé 2026-2027 : 3 établissements".into()));
    let tilleuls = row_of(&schools, "0541234A");
    assert_eq!(tilleuls[1].text, "Collège Les Tilleuls");
    assert_eq!(
        tilleuls[2].text, "20/09/2027",
        "the day its figures were computed"
    );

    let pafi = rows(&parts, "PAFI");
    let header: Vec<_> = pafi[0].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        header,
        ["Indicateur", "0541234A", "0750654D", "0999999Z", "Total"]
    );
    let started = row_of(&pafi, "PAFI commencés");
    let values: Vec<f64> = started[1..].iter().map(number).collect();
    assert_eq!(values, [4.0, 2.0, 0.0, 6.0]);

    let gpds = rows(&parts, "Repérage et GPDS");
    let rate = row_of(&gpds, "Taux de réalisation des actions (%)");
    assert_eq!(number(&rate[4]), 80.0, "the rate of the totals");

    let ages = rows(&parts, "PAFI par âge");
    assert_eq!(ages[0][0].text, "Catégorie");
    let values: Vec<f64> = row_of(&ages, "15 ans")[1..].iter().map(number).collect();
    assert_eq!(values, [2.0, 1.0, 0.0, 3.0]);
    let values: Vec<f64> = row_of(&ages, "Total")[1..].iter().map(number).collect();
    assert_eq!(values, [4.0, 2.0, 0.0, 6.0]);
}

#[test]
fn merging_refuses_other_years_versions_twice_the_same_school_and_what_is_not_a_bilan() {
    let m = school();
    let real = bilan(&m.cf, SchoolYear(2026)).unwrap();

    let mut next = bilan(&m.cf, SchoolYear(2027)).unwrap();
    next.uai = "0579876B".into();
    let mut before = real.clone();
    before.uai = "0541234A".into();
    before.school_year = "2025-2026".into();
    let message = format_message(merge::merge(&[real.clone(), before.clone(), next]));
    assert!(
        message.starts_with("Les bilans ne portent pas sur la même année scolaire : 0750654D (2026-2027), 0541234A (2025-2026), 0579876B (2027-2028). Consolidez les bilans d'une seule année."),
        "{message}"
    );

    let message = format_message(merge::merge(&[real.clone(), real.clone()]));
    assert!(
        message.starts_with("Le bilan de l'établissement 0750654D figure deux fois"),
        "{message}"
    );

    // A file of another schema version is refused on reading, saying what to do…
    let json = to_json(&real)
        .unwrap()
        .replace("\"schemaVersion\": 1,", "\"schemaVersion\": 2,");
    assert!(json.contains("\"schemaVersion\": 2"));
    let message = format_message(merge::parse(&json, "bilan-0750654D.json"));
    assert_eq!(
        message,
        "Le fichier bilan-0750654D.json suit la version 2 du schéma des bilans ; cette version d'Accroche consolide la version 1. Mettez Accroche à jour pour le consolider, ou demandez à l'établissement de l'exporter de nouveau avec la même version d'Accroche que les autres."
    );
    // …and mixed versions are refused on merging.
    let mut newer = real.clone();
    newer.uai = "0541234A".into();
    newer.schema_version = 2;
    let message = format_message(merge::merge(&[real.clone(), newer]));
    assert!(
        message.starts_with("Les bilans ne suivent pas la même version du schéma : 0750654D (version 1), 0541234A (version 2)."),
        "{message}"
    );

    let message = format_message(merge::parse("{\"eleves\": []}", "eleves.json"));
    assert!(
        message.starts_with("Le fichier eleves.json n'est pas un bilan Accroche (il n'a pas les champs « schemaVersion » et « sections » d'un bilan)."),
        "{message}"
    );
    // The whole case file's export (nominative) is not taken for a bilan of another version.
    let export =
        std::fs::read_to_string(accroche_tests::fixtures().join("gpds-export.json")).unwrap();
    let message = format_message(merge::parse(&export, "dossier.json"));
    assert!(
        message.starts_with("Le fichier dossier.json est l'export complet d'un dossier Accroche, avec les données des élèves, et non un bilan anonyme"),
        "{message}"
    );
    let message = format_message(merge::parse("Bilan 2026 ; à compléter", "notes.json"));
    assert!(
        message.starts_with(
            "Le fichier notes.json n'est pas un bilan Accroche (ce n'est pas du JSON valide"
        ),
        "{message}"
    );
    let message = format_message(merge::parse(
        "{\"schemaVersion\": 1, \"uai\": \"0541234A\", \"sections\": []}",
        "incomplet.json",
    ));
    assert!(
        message.starts_with("Le fichier incomplet.json n'est pas un bilan Accroche (il manque le champ « establishment »)."),
        "{message}"
    );

    let message = format_message(merge::merge(&[]));
    assert!(message.starts_with("Aucun bilan à consolider"), "{message}");

    // A figure missing in one file (edited by hand) is refused rather than counted as 0.
    let mut edited = real.clone();
    edited.uai = "0541234A".into();
    edited.sections[2]
        .figures
        .retain(|f| f.id != "pafi_termines");
    let message = format_message(merge::merge(&[real.clone(), edited]));
    assert!(
        message.contains("0750654D")
            && message.contains("0541234A")
            && message.contains("pafi_termines"),
        "{message}"
    );
}
