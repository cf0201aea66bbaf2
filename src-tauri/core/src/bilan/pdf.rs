//! The bilan as a PDF: cover, tables, charts drawn in the PDF, the qualitative part, the
//! definitions in an appendix.
//!
//! Built as blocks for the documents' engine and laid out as a report
//! ([`crate::documents::layout::report`]: cover page, page numbers, tables whose header
//! repeats, bar charts never split), then drawn by its one renderer: this file decides what is
//! said, never where it goes. Anonymous like the bilan itself: the establishment, the figures
//! and the référent's qualitative text, nothing else.

use chrono::NaiveTime;

use super::{Bilan, Distribution, Figure, Qualitative, Section};
use crate::documents::layout::{french_number, report, Cover, Header, Layout, ReportInput};
use crate::documents::markup::build::{heading, italic, plain, span, sub_heading};
use crate::documents::markup::{Bar, BarChart, Block, ColumnAlign, Inline, ListItem, Table};
use crate::documents::render::{self, PdfMeta};
use crate::error::Result;

/// The report's title, on the cover and atop every later page.
pub const TITLE: &str = "Bilan annuel de la prévention du décrochage scolaire";

/// Printed for a distribution whose every count is zero, instead of a table and a chart.
pub const NOTHING_THIS_YEAR: &str = "Aucun parcours concerné cette année.";

/// Printed for a part of the qualitative analysis left empty.
pub const NOT_FILLED_IN: &str = "Non renseigné.";

/// The bilan laid out on A4 pages: what [`pdf`] draws, and what tests check (every page in
/// the printable area, bars proportional to the counts).
///
/// # Errors
/// [`crate::Error::Format`] if the layout fails (it does not with the embedded fonts).
pub fn layout(b: &Bilan, q: &Qualitative) -> Result<Layout> {
    report(&ReportInput {
        header: Header {
            name: b.establishment.clone(),
            uai: b.uai.clone(),
            address: String::new(),
            logo: None,
        },
        cover: cover(b),
        blocks: body(b, q),
        footer: format!("{} — Bilan annuel {}", b.establishment, b.school_year),
    })
}

/// The bilan of a year with the référent's qualitative part, as PDF bytes: a cover, one part
/// per section (figures, then each distribution as a table and a bar chart), the qualitative
/// analysis, the definitions of every indicator; the establishment, the year and the page
/// number at the foot of every page. The PDF is dated by the bilan's day of computation.
///
/// # Errors
/// [`crate::Error::Format`] if the PDF cannot be produced.
pub fn pdf(b: &Bilan, q: &Qualitative) -> Result<Vec<u8>> {
    render::pdf(
        &layout(b, q)?,
        &PdfMeta {
            title: format!("Bilan annuel {} — {}", b.school_year, b.establishment),
            author: b.establishment.clone(),
            subject: TITLE.to_owned(),
            created: b.computed_on.and_time(NaiveTime::MIN),
        },
    )
}

fn cover(b: &Bilan) -> Cover {
    Cover {
        title: TITLE.to_owned(),
        lines: vec![
            vec![span(&b.establishment, true, false)],
            plain(format!("UAI {}", b.uai)),
            vec![span(
                format!("Année scolaire {}", b.school_year),
                true,
                false,
            )],
            plain(format!(
                "Chiffres arrêtés le {}",
                b.computed_on.format("%d/%m/%Y")
            )),
        ],
        foot: vec![Block::Notice {
            paragraphs: vec![
                vec![
                    span("Document anonyme : ", true, false),
                    span(
                        "il ne donne que des nombres d'élèves, de séances, de parcours et de \
                         partenaires, sans aucun nom d'élève, INE ou date de naissance.",
                        false,
                        false,
                    ),
                ],
                plain(
                    "Chaque indicateur porte sur l'année scolaire (du 1er septembre au \
                     31 août), les faits étant comptés à leur date ; sa définition figure en \
                     annexe.",
                ),
            ],
        }],
    }
}

fn body(b: &Bilan, q: &Qualitative) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (i, s) in b.sections.iter().enumerate() {
        section(&mut blocks, b, i + 1, s);
    }
    blocks.push(Block::PageBreak);
    qualitative(&mut blocks, b.sections.len() + 1, q);
    blocks.push(Block::PageBreak);
    definitions(&mut blocks, b);
    blocks
}

/// A label as printed in a table: « dont … » lines are sub-lines, indented and in italics.
fn figure_label(f: &Figure) -> Inline {
    if f.label.starts_with("dont ") {
        // No-break spaces: the line breaker keeps them, where it would drop plain ones.
        italic(format!("{}{}", "\u{00A0}".repeat(5), f.label))
    } else {
        plain(&f.label)
    }
}

fn section(blocks: &mut Vec<Block>, b: &Bilan, number: usize, s: &Section) {
    blocks.push(heading(format!("{number}. {}", s.title)));
    if !s.figures.is_empty() {
        blocks.push(Block::Table(Table {
            widths: Some(vec![82.0, 18.0]),
            align: vec![ColumnAlign::Left, ColumnAlign::Right],
            keep_together: true,
            header: vec![plain("Indicateur"), plain("Valeur")],
            rows: s
                .figures
                .iter()
                .map(|f| vec![figure_label(f), plain(french_number(u64::from(f.value)))])
                .collect(),
        }));
    }
    for d in &s.distributions {
        distribution(blocks, b, d);
    }
}

/// What a distribution's shares are computed on: the sum of its rows, except where a record
/// may count in several rows (a PAFI's activities of several natures), where it is the number
/// of records and the shares may add up to more than 100 %.
fn base(b: &Bilan, d: &Distribution) -> (u64, Option<String>) {
    let sum = d.rows.iter().map(|r| u64::from(r.count)).sum();
    match (d.id.as_str(), b.value("pafi_commences")) {
        ("pafi_nature", Some(started)) if started > 0 => (
            u64::from(started),
            Some(format!(
                "Un parcours peut compter des activités de plusieurs natures : les parts sont \
                 calculées sur les {started} PAFI commencés et leur somme peut dépasser 100 %."
            )),
        ),
        _ => (sum, None),
    }
}

/// "33 %", rounded to the nearest unit ("—" on nothing).
fn percent(count: u32, base: u64) -> String {
    if base == 0 {
        return "—".to_owned();
    }
    let rounded = (u64::from(count) * 200 + base) / (2 * base);
    format!("{}\u{202F}%", french_number(rounded))
}

fn distribution(blocks: &mut Vec<Block>, b: &Bilan, d: &Distribution) {
    blocks.push(sub_heading(&d.label));
    if d.rows.iter().all(|r| r.count == 0) {
        blocks.push(Block::Paragraph {
            text: italic(if d.id.starts_with("partenaires") {
                "Aucun partenaire concerné cette année."
            } else if d.id.starts_with("entretiens") {
                "Aucun entretien de situation cette année."
            } else {
                NOTHING_THIS_YEAR
            }),
        });
        return;
    }
    let (base, note) = base(b, d);
    blocks.push(Block::Table(Table {
        widths: Some(vec![64.0, 18.0, 18.0]),
        align: vec![ColumnAlign::Left, ColumnAlign::Right, ColumnAlign::Right],
        keep_together: true,
        header: vec![plain("Catégorie"), plain("Nombre"), plain("Part")],
        rows: d
            .rows
            .iter()
            .map(|r| {
                vec![
                    plain(&r.label),
                    plain(french_number(u64::from(r.count))),
                    plain(percent(r.count, base)),
                ]
            })
            .collect(),
    }));
    blocks.push(Block::BarChart(BarChart {
        bars: d
            .rows
            .iter()
            .map(|r| Bar {
                label: r.label.clone(),
                value: r.count,
            })
            .collect(),
    }));
    if let Some(note) = note {
        blocks.push(Block::Paragraph { text: italic(note) });
    }
}

/// The référent's text: a paragraph per line, consecutive « - » lines as a list.
fn free_text(blocks: &mut Vec<Block>, text: &str) {
    let mut items: Vec<ListItem> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let item = ["- ", "• ", "– "].iter().find_map(|m| line.strip_prefix(m));
        match item {
            Some(rest) => items.push(ListItem {
                number: None,
                text: plain(rest.trim()),
            }),
            None => {
                if !items.is_empty() {
                    blocks.push(Block::List {
                        items: std::mem::take(&mut items),
                    });
                }
                blocks.push(Block::Paragraph { text: plain(line) });
            }
        }
    }
    if !items.is_empty() {
        blocks.push(Block::List { items });
    }
}

fn qualitative(blocks: &mut Vec<Block>, number: usize, q: &Qualitative) {
    blocks.push(heading(format!("{number}. Analyse qualitative")));
    for (title, text) in q.parts() {
        blocks.push(sub_heading(title));
        if text.trim().is_empty() {
            blocks.push(Block::Paragraph {
                text: italic(NOT_FILLED_IN),
            });
        } else {
            free_text(blocks, text);
        }
    }
}

fn definitions(blocks: &mut Vec<Block>, b: &Bilan) {
    blocks.push(heading("Annexe — Définitions des indicateurs".to_owned()));
    blocks.push(Block::Paragraph {
        text: plain(format!(
            "Chaque indicateur porte sur l'année scolaire {} (du 1er septembre au 31 août), \
             les faits étant comptés à leur date ; chiffres arrêtés le {}.",
            b.school_year,
            b.computed_on.format("%d/%m/%Y")
        )),
    });
    for (i, s) in b.sections.iter().enumerate() {
        blocks.push(sub_heading(format!("{}. {}", i + 1, s.title)));
        // Out of its table, « dont réalisées » is named with the figure it is part of.
        let mut parent = "";
        let mut rows = Vec::new();
        for f in &s.figures {
            let label = if f.label.starts_with("dont ") && !parent.is_empty() {
                format!("{parent}, {}", f.label)
            } else {
                parent = &f.label;
                f.label.clone()
            };
            rows.push(vec![plain(label), plain(&f.definition)]);
        }
        for d in &s.distributions {
            rows.push(vec![plain(&d.label), plain(&d.definition)]);
        }
        blocks.push(Block::Table(Table {
            widths: Some(vec![36.0, 64.0]),
            align: Vec::new(),
            keep_together: false,
            header: vec![plain("Indicateur"), plain("Définition")],
            rows,
        }));
    }
}
