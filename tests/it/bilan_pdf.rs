//! The yearly bilan as a PDF, on the hand-counted school (`crate::bilan::school()`): read back
//! with poppler's `pdftotext`, it gives the cover, the figures with their values, the shares,
//! the référent's text and every definition, and no student's name, INE or birth date; its
//! layout model keeps everything in the printable area and draws bars proportional to counts.

use std::path::{Path, PathBuf};
use std::process::Command;

use accroche_core::bilan::pdf::{layout, pdf, NOTHING_THIS_YEAR, NOT_FILLED_IN, TITLE};
use accroche_core::bilan::{bilan, Bilan, Qualitative};
use accroche_core::documents::layout::{outside_printable_area, Layout, Primitive, CHART_BAR_GRAY};
use accroche_core::school_year::SchoolYear;

fn qualitative() -> Qualitative {
    Qualitative {
        apports: "Les élèves suivis ont repris le chemin de la classe.".into(),
        difficultes:
            "- Des partenaires peu disponibles en juin\n- Des familles difficiles à joindre".into(),
        leviers: "Le tutorat par un adulte choisi par l'élève.".into(),
        perspectives: "Ouvrir une alliance avec la mission locale.".into(),
    }
}

fn poppler(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} is needed (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// French spacing puts no-break spaces in the text; compare with plain ones.
fn normalise(s: &str) -> String {
    s.replace(['\u{202F}', '\u{00A0}'], " ")
}

fn collapse(s: &str) -> String {
    normalise(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes the PDF and reads it back: (`pdftotext -layout`, `pdftotext -raw` whitespace
/// collapsed).
fn read_back(dir: &Path, b: &Bilan, q: &Qualitative) -> (String, String) {
    let path = dir.join("bilan.pdf");
    std::fs::write(&path, pdf(b, q).unwrap()).unwrap();
    let p = path.to_str().unwrap();
    (
        normalise(&poppler("pdftotext", &["-layout", p, "-"])),
        collapse(&poppler("pdftotext", &["-raw", p, "-"])),
    )
}

/// What follows `label` on the first line that starts with it, spaces collapsed (table rows:
/// the value, the share).
fn after_label(text: &str, label: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix(label)?;
        rest.starts_with("  ").then(|| collapse(rest))
    })
}

/// Where the bilan is rendered for the eye: `$CARGO_TARGET_DIR/documents/bilan/`.
fn out_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            // target/debug/deps/it-… → target
            let exe = std::env::current_exe().ok()?;
            Some(exe.parent()?.parent()?.parent()?.to_path_buf())
        })
        .unwrap();
    let dir = target.join("documents").join("bilan");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The bars drawn, page by page: (page, x, width).
fn bars(laid: &Layout) -> Vec<(usize, f32, f32)> {
    let mut out = Vec::new();
    for (i, page) in laid.pages.iter().enumerate() {
        for p in &page.primitives {
            if let Primitive::Fill { x, width, gray, .. } = p {
                if (gray - CHART_BAR_GRAY).abs() < 1e-6 {
                    out.push((i, *x, *width));
                }
            }
        }
    }
    out
}

#[test]
fn the_bilan_pdf_reads_back_with_cover_figures_shares_texts_and_definitions() {
    let m = crate::bilan::school();
    let b = bilan(&m.cf, SchoolYear(2026)).unwrap();
    let q = qualitative();
    let dir = out_dir();
    let (text, raw) = read_back(&dir, &b, &q);
    let pages = layout(&b, &q).unwrap().pages.len();
    let pdf = dir.join("bilan.pdf");
    poppler(
        "pdftoppm",
        &[
            "-r",
            "60",
            "-png",
            pdf.to_str().unwrap(),
            dir.join("page").to_str().unwrap(),
        ],
    );

    // The cover.
    let cover = text.split('\u{c}').next().unwrap();
    for expected in [
        collapse(TITLE),
        b.establishment.clone(),
        format!("UAI {}", b.uai),
        "Année scolaire 2026-2027".into(),
        format!("Chiffres arrêtés le {}", b.computed_on.format("%d/%m/%Y")),
        "Document anonyme".into(),
    ] {
        assert!(
            collapse(cover).contains(&expected),
            "the cover shows {expected:?}:\n{cover}"
        );
    }

    // Figures, each on its label's line (the hand-counted values of tests/it/bilan.rs).
    for (label, value) in [
        ("PAFI commencés", "2"),
        ("PAFI proposés", "3"),
        ("PAFI interrompus", "1"),
        ("Actions décidées", "2"),
        ("dont réalisées", "1"),
        ("Taux de réalisation des actions (%)", "50"),
        ("Séances du GPDS tenues", "1"),
        ("Contrats refusés par les familles", "1"),
        ("Entretiens de situation tenus", "1"),
    ] {
        assert_eq!(
            after_label(&text, label).as_deref(),
            Some(value),
            "{label} is printed with its value {value}:\n{text}"
        );
    }
    // A distribution's rows: count and share (Noé 15, Tomàs 17: one each of two).
    assert_eq!(
        after_label(&text, "15 ans").as_deref(),
        Some("1 50 %"),
        "{text}"
    );
    assert_eq!(
        after_label(&text, "16 à 18 ans").as_deref(),
        Some("1 50 %"),
        "{text}"
    );
    assert_eq!(
        after_label(&text, "Garçons").as_deref(),
        Some("2 100 %"),
        "{text}"
    );
    // Nothing finished in 2026-2027: no chart for the situations at the end.
    assert!(raw.contains(&format!(
        "PAFI terminés, par situation à l'issue {NOTHING_THIS_YEAR}"
    )));

    // The qualitative part, lists included.
    for expected in [
        "Analyse qualitative",
        "Difficultés rencontrées",
        "Les élèves suivis ont repris le chemin de la classe.",
        "Des partenaires peu disponibles en juin",
        "Des familles difficiles à joindre",
        "Le tutorat par un adulte choisi par l'élève.",
        "Ouvrir une alliance avec la mission locale.",
    ] {
        assert!(raw.contains(expected), "{expected:?} is printed:\n{raw}");
    }
    assert!(!raw.contains(NOT_FILLED_IN), "every part was filled in");

    // The appendix holds every definition, after its heading.
    let appendix = raw
        .find("Annexe — Définitions des indicateurs")
        .expect("the appendix is printed");
    for s in &b.sections {
        let defs = s
            .figures
            .iter()
            .map(|f| (&f.id, &f.definition))
            .chain(s.distributions.iter().map(|d| (&d.id, &d.definition)));
        for (id, definition) in defs {
            assert!(
                raw[appendix..].contains(&collapse(definition)),
                "the definition of {id} is in the appendix"
            );
        }
    }

    // Every page's footer: the establishment, the year, the page number.
    let footer = format!("{} — Bilan annuel 2026-2027", b.establishment);
    assert_eq!(
        text.matches(&footer).count(),
        pages,
        "{footer:?} on every page"
    );
    assert!(text.contains(&format!("Page 1 / {pages}")), "{text}");
    assert!(text.contains(&format!("Page {pages} / {pages}")), "{text}");

    // Anonymous: no student's name, INE or birth date (as the JSON's test checks).
    let students = accroche_core::registry::list_students(&m.cf, "", true).unwrap();
    assert!(students.len() >= 5);
    for s in students {
        let full = accroche_core::registry::student(&m.cf, s.id).unwrap();
        let i = &full.input;
        for needle in [
            i.last_name.clone(),
            i.first_name.clone(),
            i.birth_date.format("%Y-%m-%d").to_string(),
            i.birth_date.format("%d/%m/%Y").to_string(),
        ]
        .into_iter()
        .chain(i.ine.clone())
        {
            assert!(!text.contains(&needle), "{needle} is in the bilan's PDF");
        }
    }
}

#[test]
fn the_bilan_pdf_stays_in_the_page_and_draws_bars_proportional_to_counts() {
    let m = crate::bilan::school();
    let b = bilan(&m.cf, SchoolYear(2026)).unwrap();
    let laid = layout(&b, &qualitative()).unwrap();
    let over = outside_printable_area(&laid);
    assert!(
        over.is_empty(),
        "drawn outside the printable area: {over:?}"
    );

    let drawn = bars(&laid);
    let mut at = 0;
    let mut charts = 0;
    for d in b.sections.iter().flat_map(|s| &s.distributions) {
        let counts: Vec<u32> = d.rows.iter().map(|r| r.count).filter(|c| *c > 0).collect();
        if counts.is_empty() {
            continue;
        }
        charts += 1;
        let chart = drawn
            .get(at..at + counts.len())
            .unwrap_or_else(|| panic!("{}: a bar for each count, {drawn:?}", d.id));
        at += counts.len();
        let unit = chart[0].2 / counts[0] as f32;
        for (&(page, x, width), &count) in chart.iter().zip(&counts) {
            assert_eq!(page, chart[0].0, "{}: the chart is on one page", d.id);
            assert!(
                (x - chart[0].1).abs() < 0.01,
                "{}: bars start on the axis",
                d.id
            );
            assert!(
                (width - unit * count as f32).abs() < 0.01,
                "{}: bar of {count} is {width} mm, {unit} mm a unit",
                d.id
            );
        }
        // Heading, table and chart on one page (they fit one).
        let heading = laid
            .pages
            .iter()
            .position(|p| p.text().contains(&d.label))
            .unwrap_or_else(|| panic!("{} has its heading", d.id));
        assert_eq!(
            heading, chart[0].0,
            "{}: heading, table and chart together",
            d.id
        );
    }
    assert_eq!(
        at,
        drawn.len(),
        "no bar for a zero count or an empty distribution"
    );
    assert!(
        charts >= 5,
        "the age, gender, track, nature and duration charts"
    );

    // The heading of a distribution is never the last thing of its page.
    for page in &laid.pages {
        let last = page
            .text()
            .lines()
            .rev()
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        for d in b.sections.iter().flat_map(|s| &s.distributions) {
            assert_ne!(last, d.label, "{} alone at a page's foot", d.id);
        }
    }
}

#[test]
fn an_empty_year_prints_no_chart_and_says_what_is_missing() {
    let m = crate::bilan::school();
    let b = bilan(&m.cf, SchoolYear(2020)).unwrap();
    let q = Qualitative::default();
    let laid = layout(&b, &q).unwrap();
    assert!(bars(&laid).is_empty(), "no bar in a year with nothing");
    assert!(outside_printable_area(&laid).is_empty());
    let dir = tempfile::tempdir().unwrap();
    let (text, raw) = read_back(dir.path(), &b, &q);
    assert_eq!(
        raw.matches(NOT_FILLED_IN).count(),
        4,
        "each part of the qualitative analysis says it is empty"
    );
    assert_eq!(
        raw.matches(NOTHING_THIS_YEAR).count(),
        b.sections
            .iter()
            .flat_map(|s| &s.distributions)
            .filter(|d| d.id.starts_with("pafi_"))
            .count(),
        "each PAFI distribution says there was nothing"
    );
    assert!(raw.contains("Aucun partenaire concerné cette année."));
    assert!(text.contains("Année scolaire 2020-2021"));
    assert_eq!(after_label(&text, "PAFI commencés").as_deref(), Some("0"));
}

#[test]
fn a_large_year_with_long_labels_stays_in_the_page() {
    // A large school, a long name and a category label longer than the chart's label column.
    let m = crate::bilan::school();
    let mut b = bilan(&m.cf, SchoolYear(2026)).unwrap();
    b.establishment = "Lycée polyvalent des métiers de l'hôtellerie, de la restauration et du \
                       tourisme Jean-Baptiste de La Salle-Saint-Exupéry"
        .into();
    for (k, r) in b
        .sections
        .iter_mut()
        .flat_map(|s| &mut s.distributions)
        .flat_map(|d| &mut d.rows)
        .enumerate()
    {
        r.count = (k as u32 * 37) % 1234;
        if k == 3 {
            r.label = "Catégorie au libellé très long, qui ne tient pas sur une seule ligne \
                       dans la colonne des libellés du graphique"
                .into();
        }
    }
    let laid = layout(&b, &qualitative()).unwrap();
    let over = outside_printable_area(&laid);
    assert!(
        over.is_empty(),
        "drawn outside the printable area: {over:?}"
    );
    assert!(
        laid.pages[1].text().contains('…'),
        "the long name is cut in the footer"
    );
    let text: String = laid.pages.iter().map(|p| p.text()).collect();
    assert!(
        text.contains("1\u{202F}221") && text.contains("1\u{202F}500"),
        "counts and the scale's round steps are grouped by thousands"
    );
    let path = out_dir().join("bilan-large.pdf");
    std::fs::write(&path, pdf(&b, &qualitative()).unwrap()).unwrap();
}
