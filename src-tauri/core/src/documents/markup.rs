//! Block markup: the text a document template produces, read into [`Block`]s. This is the
//! contract with template writers; [`super::layout`] turns the blocks into pages.
//!
//! ```text
//! # Titre du document            (centred, large)
//! ## Titre de partie             ### Sous-titre
//!
//! Un paragraphe : les lignes qui se suivent sont jointes par une espace ; justifié.
//! Du texte **en gras** et *en italique* (\* \| \# … pour écrire le caractère lui-même).
//!
//! - un élément de liste          1. un élément numéroté (numéro gardé tel qu'écrit)
//!   une ligne en retrait de deux espaces continue l'élément.
//!
//! > Un encadré (confidentialité…), sur une ou plusieurs lignes ; « > » seul sépare deux
//! > paragraphes de l'encadré.
//!
//! ::: table 30,20,50            (largeurs facultatives, en pourcentages)
//! | En-tête | … | … |           (la première ligne est l'en-tête, répété sur chaque page)
//! | a | b | c |
//! :::
//!
//! ::: timetable
//! | | Lundi | Mardi |
//! | Matin | Classe (2NDE3) | =Stage |   (« = » : activité du parcours, grisée)
//! :::
//!
//! ::: signatures
//! Qualité | Nom | mention        (mention facultative ; deux cadres par rangée)
//! :::
//!
//! ::: barchart                  (barres horizontales, proportionnelles aux nombres)
//! | Filles | 3 |
//! | Garçons | 5 |
//! :::
//!
//! ::: pagebreak
//! :::
//! ```
//!
//! Blocks are separated by blank lines. Errors are [`Error::Format`] with a French message
//! naming the line. Data inserted by a template should go through [`escape`] so that a name
//! or an address can never be read as markup. Must not know about pages, fonts or PDF.

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// A piece of text in one style.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    /// The text, markers and escapes removed.
    pub text: String,
    /// Set in bold (`**…**`).
    pub bold: bool,
    /// Set in italics (`*…*`).
    pub italic: bool,
}

/// Text with inline styles: a sequence of spans.
pub type Inline = Vec<Span>;

/// One item of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListItem {
    /// The number as written (`"1."`, `"12."`), or `None` for a bulleted item.
    pub number: Option<String>,
    /// The item's text.
    pub text: Inline,
}

/// How the cells of a table's column are aligned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ColumnAlign {
    /// Flush left (text).
    #[default]
    Left,
    /// Flush right (figures).
    Right,
}

/// A table: a header row and body rows, all with the same number of cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Table {
    /// Column widths in percent of the text width, if given (they add up to 100 once read).
    pub widths: Option<Vec<f32>>,
    /// Alignment of each column, header included; a column not listed is flush left. Tables
    /// read from markup are flush left; code building blocks (the bilan) right-aligns figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub align: Vec<ColumnAlign>,
    /// Kept on one page when it fits one (a short table of figures), instead of being broken
    /// between any two rows. Set by code; tables read from markup break freely.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keep_together: bool,
    /// The header row, repeated at the top of each page the table runs onto.
    pub header: Vec<Inline>,
    /// The body rows.
    pub rows: Vec<Vec<Inline>>,
}

/// One cell of a timetable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    /// What happens then (may be empty).
    pub text: String,
    /// An activity of the path (written `=…`), shaded; otherwise school time.
    pub activity: bool,
}

/// One row of a timetable (a half-day, a time range…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimetableRow {
    /// The row's label, e.g. "Matin".
    pub label: String,
    /// One slot per day.
    pub slots: Vec<Slot>,
}

/// A weekly timetable grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Timetable {
    /// The top-left cell (usually empty).
    pub corner: String,
    /// The column headings, e.g. the days.
    pub days: Vec<String>,
    /// The rows.
    pub rows: Vec<TimetableRow>,
}

/// One signatory of a `::: signatures` block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Signatory {
    /// In what capacity they sign ("Le chef d'établissement").
    pub quality: String,
    /// Their name (may be empty, to be written by hand).
    pub name: String,
    /// The handwritten mention asked for ("Lu et approuvé"), or empty.
    pub mention: String,
}

/// One bar of a bar chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bar {
    /// The category, printed left of the axis.
    pub label: String,
    /// The count: the bar's length is proportional to it.
    pub value: u32,
}

/// A horizontal bar chart, laid out in one piece (never split across pages).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BarChart {
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
}

/// One block of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Block {
    /// `# …`: the document's title, centred.
    Title {
        /// The title.
        text: Inline,
    },
    /// `## …`: a heading.
    Heading {
        /// The heading.
        text: Inline,
    },
    /// `### …`: a sub-heading.
    SubHeading {
        /// The sub-heading.
        text: Inline,
    },
    /// Consecutive lines of text, justified.
    Paragraph {
        /// The paragraph.
        text: Inline,
    },
    /// Consecutive `- …` or `1. …` items.
    List {
        /// The items, in order.
        items: Vec<ListItem>,
    },
    /// `> …`: a boxed notice of one or more paragraphs.
    Notice {
        /// The notice's paragraphs.
        paragraphs: Vec<Inline>,
    },
    /// `::: table`.
    Table(Table),
    /// `::: timetable`.
    Timetable(Timetable),
    /// `::: signatures`: boxes numbered 0, 1, … across the whole document (the slots).
    Signatures {
        /// The signatories, in order.
        signatories: Vec<Signatory>,
    },
    /// `::: pagebreak`.
    PageBreak,
    /// `::: barchart`: one `| catégorie | nombre |` line per bar.
    BarChart(BarChart),
}

/// Builders for blocks made in code (reports, certificates, the access file): the text is taken
/// as it is, never read as markup.
pub mod build {
    use super::{Block, Inline, Span};

    /// One run of text.
    pub fn span(text: impl Into<String>, bold: bool, italic: bool) -> Span {
        Span {
            text: text.into(),
            bold,
            italic,
        }
    }

    /// Plain text.
    pub fn plain(text: impl Into<String>) -> Inline {
        vec![span(text, false, false)]
    }

    /// Bold text.
    pub fn bold(text: impl Into<String>) -> Inline {
        vec![span(text, true, false)]
    }

    /// Italic text.
    pub fn italic(text: impl Into<String>) -> Inline {
        vec![span(text, false, true)]
    }

    /// A heading.
    pub fn heading(text: impl Into<String>) -> Block {
        Block::Heading { text: plain(text) }
    }

    /// A sub-heading.
    pub fn sub_heading(text: impl Into<String>) -> Block {
        Block::SubHeading { text: plain(text) }
    }

    /// A paragraph of plain text.
    pub fn para(text: impl Into<String>) -> Block {
        Block::Paragraph { text: plain(text) }
    }
}

/// Escapes text coming from data (a name, an address, a free comment) so that it reads as
/// itself in block markup: markers are backslash-escaped and line breaks become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let one_line = text.split(['\r', '\n']).collect::<Vec<_>>().join(" ");
    let mut digits_only = true;
    for (i, c) in one_line.chars().enumerate() {
        // Markers that only count at the start of a line: `#`, `- `, `> `, `:::`, `=` (a
        // timetable activity) and `12. ` (a numbered item).
        let line_marker = (i == 0 && matches!(c, '#' | '-' | '>' | ':' | '='))
            || (c == '.' && i > 0 && digits_only);
        digits_only &= c.is_ascii_digit();
        if matches!(c, '\\' | '*' | '|') || line_marker {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Removes backslash escapes (`\*` → `*`).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(n)) if n.is_ascii_punctuation() => {
                out.push(*n);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Reads inline markup: `**gras**`, `*italique*`, backslash escapes. A marker with no closing
/// marker later in the text (or an opening one followed by a space) is kept as a character.
pub fn parse_inline(text: &str) -> Inline {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    // Position of each unescaped '*'.
    let mut star = vec![false; n];
    let mut i = 0;
    while i < n {
        if chars[i] == '\\' && i + 1 < n && chars[i + 1].is_ascii_punctuation() {
            i += 2;
            continue;
        }
        star[i] = chars[i] == '*';
        i += 1;
    }
    let double_after = |from: usize| (from..n.saturating_sub(1)).any(|j| star[j] && star[j + 1]);
    let single_after = |from: usize| (from..n).any(|j| star[j]);
    let opens = |at: usize| at < n && !chars[at].is_whitespace();

    let mut spans: Inline = Vec::new();
    let mut buf = String::new();
    let (mut bold, mut italic) = (false, false);
    let flush = |buf: &mut String, spans: &mut Inline, bold: bool, italic: bool| {
        if buf.is_empty() {
            return;
        }
        match spans.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic => last.text.push_str(buf),
            _ => spans.push(Span {
                text: buf.clone(),
                bold,
                italic,
            }),
        }
        buf.clear();
    };
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c == '\\' && i + 1 < n && chars[i + 1].is_ascii_punctuation() {
            buf.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if star[i] {
            let double = i + 1 < n && star[i + 1];
            if double && (bold || (opens(i + 2) && double_after(i + 2))) {
                flush(&mut buf, &mut spans, bold, italic);
                bold = !bold;
                i += 2;
                continue;
            }
            if !double && (italic || (opens(i + 1) && single_after(i + 1))) {
                flush(&mut buf, &mut spans, bold, italic);
                italic = !italic;
                i += 1;
                continue;
            }
            if double && italic {
                // `*…**` : the first star closes the italics.
                flush(&mut buf, &mut spans, bold, italic);
                italic = false;
                i += 1;
                continue;
            }
        }
        buf.push(c);
        i += 1;
    }
    flush(&mut buf, &mut spans, bold, italic);
    spans
}

fn err(line: usize, message: impl std::fmt::Display) -> Error {
    Error::Format(format!("Ligne {line} : {message}"))
}

/// The block being gathered from consecutive lines.
enum Open {
    None,
    Paragraph(Vec<String>),
    List(Vec<(Option<String>, String)>),
    Notice(Vec<String>),
}

impl Open {
    fn close(self, blocks: &mut Vec<Block>) {
        match self {
            Open::None => {}
            Open::Paragraph(lines) => blocks.push(Block::Paragraph {
                text: parse_inline(&lines.join(" ")),
            }),
            Open::List(items) => blocks.push(Block::List {
                items: items
                    .into_iter()
                    .map(|(number, text)| ListItem {
                        number,
                        text: parse_inline(&text),
                    })
                    .collect(),
            }),
            Open::Notice(paragraphs) => blocks.push(Block::Notice {
                paragraphs: paragraphs
                    .iter()
                    .filter(|p| !p.trim().is_empty())
                    .map(|p| parse_inline(p))
                    .collect(),
            }),
        }
    }
}

/// A list item marker: `- ` or `12. `; returns (number, rest).
fn list_item(line: &str) -> Option<(Option<String>, &str)> {
    if let Some(rest) = line.strip_prefix("- ") {
        return Some((None, rest));
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        if let Some(rest) = line[digits..].strip_prefix(". ") {
            return Some((Some(line[..=digits].to_string()), rest));
        }
    }
    None
}

/// Reads a whole document's block markup.
///
/// # Errors
/// [`Error::Format`], naming the line in French, for an unknown `:::` block, a block left open,
/// a malformed table, timetable or signature line, or a heading deeper than `###`.
pub fn parse(text: &str) -> Result<Vec<Block>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut open = Open::None;
    let mut i = 0;
    while i < lines.len() {
        let number = i + 1;
        let raw = lines[i].trim_end();
        i += 1;
        if raw.trim().is_empty() {
            std::mem::replace(&mut open, Open::None).close(&mut blocks);
            continue;
        }
        if let Some(rest) = raw.strip_prefix(":::") {
            std::mem::replace(&mut open, Open::None).close(&mut blocks);
            let opening = rest.trim();
            if opening.is_empty() {
                return Err(err(number, "« ::: » ferme un bloc qui n'a pas été ouvert."));
            }
            let end = lines[i..]
                .iter()
                .position(|l| l.trim() == ":::")
                .ok_or_else(|| {
                    err(
                        number,
                        format!("le bloc « ::: {opening} » n'est pas fermé (il manque une ligne « ::: »)."),
                    )
                })?;
            let body: Vec<(usize, &str)> = (i..i + end).map(|k| (k + 1, lines[k])).collect();
            i += end + 1;
            blocks.push(fence(number, opening, &body)?);
            continue;
        }
        if raw.starts_with('#') {
            let level = raw.chars().take_while(|c| *c == '#').count();
            if let Some(title) = raw[level..].strip_prefix(' ') {
                std::mem::replace(&mut open, Open::None).close(&mut blocks);
                let text = parse_inline(title.trim());
                blocks.push(match level {
                    1 => Block::Title { text },
                    2 => Block::Heading { text },
                    3 => Block::SubHeading { text },
                    _ => {
                        return Err(err(
                            number,
                            format!(
                                "« {} » n'est pas un niveau de titre : utilisez #, ## ou ###.",
                                "#".repeat(level)
                            ),
                        ))
                    }
                });
                continue;
            }
        }
        if raw == ">" || raw.starts_with("> ") {
            let content = raw[1..].trim();
            match &mut open {
                Open::Notice(paragraphs) => {
                    if content.is_empty() {
                        paragraphs.push(String::new());
                    } else if let Some(last) = paragraphs.last_mut() {
                        if !last.is_empty() {
                            last.push(' ');
                        }
                        last.push_str(content);
                    }
                }
                _ => {
                    std::mem::replace(&mut open, Open::None).close(&mut blocks);
                    open = Open::Notice(vec![content.to_string()]);
                }
            }
            continue;
        }
        if let Some((number, rest)) = list_item(raw) {
            let ordered = number.is_some();
            match &mut open {
                Open::List(items) if items.last().is_some_and(|l| l.0.is_some() == ordered) => {
                    items.push((number, rest.trim().to_string()));
                }
                _ => {
                    std::mem::replace(&mut open, Open::None).close(&mut blocks);
                    open = Open::List(vec![(number, rest.trim().to_string())]);
                }
            }
            continue;
        }
        match &mut open {
            Open::List(items) if raw.starts_with("  ") => {
                if let Some(last) = items.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(raw.trim());
                }
            }
            Open::Paragraph(lines) => lines.push(raw.trim().to_string()),
            _ => {
                std::mem::replace(&mut open, Open::None).close(&mut blocks);
                open = Open::Paragraph(vec![raw.trim().to_string()]);
            }
        }
    }
    open.close(&mut blocks);
    Ok(blocks)
}

/// Splits `| a | b |` into trimmed cells, honouring `\|`.
fn row_cells(line: usize, raw: &str) -> Result<Vec<String>> {
    let t = raw.trim();
    if !t.starts_with('|') || !t.ends_with('|') || t.len() < 2 || t.ends_with("\\|") {
        return Err(err(
            line,
            "une ligne de tableau commence et finit par « | », par exemple « | a | b | ».",
        ));
    }
    Ok(split_cells(&t[1..t.len() - 1]))
}

fn split_cells(t: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cur.push(c);
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '|' => cells.push(std::mem::take(&mut cur).trim().to_string()),
            _ => cur.push(c),
        }
    }
    cells.push(cur.trim().to_string());
    cells
}

/// A Markdown-style separator row (`|---|:--:|`), tolerated and skipped.
fn is_separator(cells: &[String]) -> bool {
    cells.iter().all(|c| {
        let c = c.trim_matches(':');
        !c.is_empty() && c.chars().all(|ch| ch == '-')
    })
}

fn cell_count_error(line: usize, found: usize, expected: usize, what: &str) -> Error {
    err(
        line,
        format!(
            "cette ligne a {found} cellule{} alors que l'en-tête {what} en a {expected}.",
            if found > 1 { "s" } else { "" }
        ),
    )
}

fn fence(line: usize, opening: &str, body: &[(usize, &str)]) -> Result<Block> {
    let (kind, args) = opening
        .split_once(char::is_whitespace)
        .map_or((opening, ""), |(k, a)| (k, a.trim()));
    let content: Vec<(usize, &str)> = body
        .iter()
        .copied()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    match kind {
        "table" => table(line, args, &content).map(Block::Table),
        "timetable" => timetable(line, &content).map(Block::Timetable),
        "signatures" => signatures(line, &content),
        "barchart" => bar_chart(line, &content).map(Block::BarChart),
        "pagebreak" => match content.first() {
            None => Ok(Block::PageBreak),
            Some((l, _)) => Err(err(
                *l,
                "un saut de page « ::: pagebreak » ne contient rien : fermez-le aussitôt par « ::: ».",
            )),
        },
        _ => Err(err(
            line,
            format!(
                "type de bloc inconnu « ::: {kind} » (types possibles : table, timetable, signatures, barchart, pagebreak)."
            ),
        )),
    }
}

fn table(line: usize, args: &str, content: &[(usize, &str)]) -> Result<Table> {
    let widths = if args.is_empty() {
        None
    } else {
        let parsed: Option<Vec<f32>> = args
            .split(',')
            .map(|w| w.trim().trim_end_matches('%').trim().parse::<f32>().ok())
            .map(|w| w.filter(|w| w.is_finite() && *w > 0.0))
            .collect();
        let parsed = parsed.ok_or_else(|| {
            err(
                line,
                format!(
                    "largeurs de colonnes illisibles « {args} » : attendu des pourcentages séparés par des virgules, par exemple « ::: table 30,20,50 »."
                ),
            )
        })?;
        let total: f32 = parsed.iter().sum();
        Some(parsed.iter().map(|w| w * 100.0 / total).collect::<Vec<_>>())
    };
    let mut rows: Vec<Vec<Inline>> = Vec::new();
    let mut columns = 0;
    for &(l, raw) in content {
        let cells = row_cells(l, raw)?;
        if rows.is_empty() {
            columns = cells.len();
            if let Some(w) = &widths {
                if w.len() != columns {
                    return Err(err(
                        line,
                        format!(
                            "{} largeur{} de colonne donnée{} pour un tableau de {columns} colonne{}.",
                            w.len(),
                            if w.len() > 1 { "s" } else { "" },
                            if w.len() > 1 { "s" } else { "" },
                            if columns > 1 { "s" } else { "" }
                        ),
                    ));
                }
            }
        } else if is_separator(&cells) {
            continue;
        } else if cells.len() != columns {
            return Err(cell_count_error(l, cells.len(), columns, "du tableau"));
        }
        rows.push(cells.iter().map(|c| parse_inline(c)).collect());
    }
    if rows.is_empty() {
        return Err(err(line, "ce tableau est vide : sa première ligne doit être l'en-tête, par exemple « | Date | Lieu | »."));
    }
    let header = rows.remove(0);
    Ok(Table {
        widths,
        align: Vec::new(),
        keep_together: false,
        header,
        rows,
    })
}

fn timetable(line: usize, content: &[(usize, &str)]) -> Result<Timetable> {
    let Some((&(hl, hraw), rest)) = content.split_first() else {
        return Err(err(line, "cet emploi du temps est vide : sa première ligne donne les jours, par exemple « | | Lundi | Mardi | »."));
    };
    let header = row_cells(hl, hraw)?;
    if header.len() < 2 {
        return Err(err(
            hl,
            "l'en-tête d'un emploi du temps a une case vide puis au moins un jour, par exemple « | | Lundi | Mardi | ».",
        ));
    }
    let mut rows = Vec::new();
    for &(l, raw) in rest {
        let cells = row_cells(l, raw)?;
        if is_separator(&cells) {
            continue;
        }
        if cells.len() != header.len() {
            return Err(cell_count_error(
                l,
                cells.len(),
                header.len(),
                "de l'emploi du temps",
            ));
        }
        let mut cells = cells.into_iter();
        let label = unescape(&cells.next().unwrap_or_default());
        let slots = cells
            .map(|c| match c.strip_prefix('=') {
                Some(activity) => Slot {
                    text: unescape(activity.trim()),
                    activity: true,
                },
                None => Slot {
                    text: unescape(&c),
                    activity: false,
                },
            })
            .collect();
        rows.push(TimetableRow { label, slots });
    }
    let mut header = header.into_iter().map(|h| unescape(&h));
    Ok(Timetable {
        corner: header.next().unwrap_or_default(),
        days: header.collect(),
        rows,
    })
}

fn signatures(line: usize, content: &[(usize, &str)]) -> Result<Block> {
    if content.is_empty() {
        return Err(err(line, "ce bloc de signatures est vide : une ligne par signataire, « Qualité | Nom | mention »."));
    }
    let mut signatories = Vec::new();
    for &(l, raw) in content {
        let t = raw.trim();
        let t = t.strip_prefix('|').unwrap_or(t);
        let t = if t.ends_with('|') && !t.ends_with("\\|") {
            &t[..t.len() - 1]
        } else {
            t
        };
        let fields: Vec<String> = split_cells(t).iter().map(|f| unescape(f)).collect();
        if !(2..=3).contains(&fields.len()) || fields[0].is_empty() {
            return Err(err(
                l,
                "une signature s'écrit « Qualité | Nom | mention » (la mention est facultative).",
            ));
        }
        let mut fields = fields.into_iter();
        signatories.push(Signatory {
            quality: fields.next().unwrap_or_default(),
            name: fields.next().unwrap_or_default(),
            mention: fields.next().unwrap_or_default(),
        });
    }
    Ok(Block::Signatures { signatories })
}

fn bar_chart(line: usize, content: &[(usize, &str)]) -> Result<BarChart> {
    if content.is_empty() {
        return Err(err(
            line,
            "ce graphique est vide : une ligne par barre, par exemple « | Filles | 3 | ».",
        ));
    }
    let mut bars = Vec::with_capacity(content.len());
    for &(l, raw) in content {
        let cells = row_cells(l, raw)?;
        let [label, value] = cells.as_slice() else {
            return Err(err(
                l,
                "une barre s'écrit « | catégorie | nombre | », par exemple « | Filles | 3 | ».",
            ));
        };
        let value = value.replace([' ', '\u{202F}', '\u{00A0}'], "");
        let value = value.parse::<u32>().map_err(|_| {
            err(
                l,
                format!("« {value} » n'est pas un nombre entier positif ou nul."),
            )
        })?;
        bars.push(Bar {
            label: unescape(label),
            value,
        });
    }
    Ok(BarChart { bars })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn plain(s: &str) -> Span {
        Span {
            text: s.into(),
            bold: false,
            italic: false,
        }
    }

    #[test]
    fn inline_styles_nest_and_unmatched_markers_stay() {
        let spans = parse_inline("**gras *et italique*** puis 5 * 3 et \\*étoile\\*");
        assert_eq!(
            spans[0],
            Span {
                text: "gras ".into(),
                bold: true,
                italic: false
            }
        );
        assert_eq!(
            spans[1],
            Span {
                text: "et italique".into(),
                bold: true,
                italic: true
            }
        );
        assert_eq!(spans[2], plain(" puis 5 * 3 et *étoile*"));
    }

    #[test]
    fn escaped_data_reads_as_itself() {
        let data = "# 12. *Dupont* | \\ chemin\n> suite";
        let blocks = parse(&format!("Nom : {}", escape(data))).unwrap();
        let Block::Paragraph { text } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(
            text,
            &vec![plain("Nom : # 12. *Dupont* | \\ chemin > suite")]
        );
        let alone = parse(&escape("- 3. > x")).unwrap();
        assert!(matches!(&alone[0], Block::Paragraph { .. }), "{alone:?}");
    }

    #[test]
    fn a_bar_chart_reads_one_bar_a_line() {
        let blocks =
            parse("::: barchart\n| Filles | 3 |\n| Garçons \\| autres | 12 |\n:::").unwrap();
        let Block::BarChart(chart) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(chart.bars.len(), 2);
        assert_eq!(chart.bars[1].label, "Garçons | autres");
        assert_eq!(chart.bars[1].value, 12);
        let e = parse("::: barchart\n| Filles | trois |\n:::").unwrap_err();
        assert!(e.to_string().contains("Ligne 2"), "{e}");
    }

    #[test]
    fn lists_continue_on_indented_lines() {
        let blocks = parse("- un\n  suite\n- deux\n1. premier\n\ntexte").unwrap();
        assert_eq!(blocks.len(), 3, "{blocks:?}");
        let Block::List { items } = &blocks[0] else {
            panic!()
        };
        assert_eq!(items[0].text, vec![plain("un suite")]);
        let Block::List { items } = &blocks[1] else {
            panic!()
        };
        assert_eq!(items[0].number.as_deref(), Some("1."));
    }
}
