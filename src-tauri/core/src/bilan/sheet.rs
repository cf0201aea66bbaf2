//! The bilan as a spreadsheet (XLSX, one sheet per table, numbers as numbers) and as CSV.
//!
//! The XLSX is written part by part (Office Open XML, SpreadsheetML) into a zip: no spreadsheet
//! library, so that what is in the file is exactly what is written here. Strings are inline
//! (`t="inlineStr"`), numbers are plain numeric cells, shares are fractions shown with the
//! percent format `0.0%` (so that a formula over them works, and LibreOffice or Excel in French
//! show « 33,3 % »). [`Workbook`] is the small writer that the consolidation
//! ([`super::merge::consolidated_xlsx`]) shares.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use super::{Bilan, Distribution, Qualitative, Section};
use crate::error::{Error, Result};

/// Distributions whose rows overlap (a PAFI may count several natures): their shares are taken
/// on the figure named here, not on the sum of the rows, and they get no « Total » row.
pub(crate) const OVERLAPPING: &[(&str, &str)] = &[("pafi_nature", "pafi_commences")];

/// Short sheet names for the sections and distributions whose titles pass 31 characters.
const SHORT_NAMES: &[(&str, &str)] = &[
    ("gpds", "Repérage et GPDS"),
    ("alliances", "Parcours et alliances"),
    ("pafi", "PAFI"),
    ("autres", "Entretiens et mesures"),
    ("partenaires_par_type", "Partenaires par type"),
    ("pafi_age", "PAFI par âge"),
    ("pafi_genre", "PAFI par genre"),
    ("pafi_filiere", "PAFI par filière"),
    ("pafi_nature", "PAFI par nature"),
    ("pafi_duree", "PAFI par durée"),
    ("pafi_situation_fin", "PAFI situation à l'issue"),
    ("entretiens_issue", "Entretiens par issue"),
];

/// The sheet name of a section or distribution: its short name when known, else its title.
pub(crate) fn table_name(id: &str, title: &str) -> String {
    SHORT_NAMES
        .iter()
        .find(|(k, _)| *k == id)
        .map_or_else(|| title.to_owned(), |(_, n)| (*n).to_owned())
}

/// The number of a distribution's shares are taken on: the overlapping base figure, or the sum
/// of its rows. `None` for an overlapping distribution whose base figure is missing.
fn base_of(b: &Bilan, d: &Distribution) -> Option<u64> {
    match OVERLAPPING.iter().find(|(id, _)| *id == d.id) {
        Some((_, figure)) => b.value(figure).map(u64::from),
        None => Some(d.rows.iter().map(|r| u64::from(r.count)).sum()),
    }
}

/// The bilan of one establishment as an XLSX workbook: « Synthèse » (establishment, UAI, year,
/// the day the figures were computed, the list of sheets), one sheet per section's figures
/// (Indicateur | Valeur | Définition), one per distribution (Catégorie | Nombre | Part (%), the
/// parts as numbers formatted `0.0%`), « Analyse qualitative » (the four parts) and
/// « Définitions ». Anonymous as the bilan itself.
pub fn xlsx(b: &Bilan, q: &Qualitative) -> Result<Vec<u8>> {
    let mut wb = Workbook::default();
    let mut synthese = wb.sheet("Synthèse", &[28.0, 70.0]);
    let mut contents: Vec<(String, String)> = Vec::new();
    let mut tables: Vec<Sheet> = Vec::new();
    for s in &b.sections {
        let sheet = figures_sheet(&mut wb, s);
        contents.push((sheet.name.clone(), s.title.clone()));
        tables.push(sheet);
        for d in &s.distributions {
            let sheet = distribution_sheet(&mut wb, b, d);
            contents.push((sheet.name.clone(), d.label.clone()));
            tables.push(sheet);
        }
    }
    let qualitative = qualitative_sheet(&mut wb, q);
    contents.push((qualitative.name.clone(), "Analyse qualitative".into()));
    let definitions = definitions_sheet(&mut wb, &b.sections);
    contents.push((
        definitions.name.clone(),
        "Définitions des indicateurs".into(),
    ));

    synthese.row(vec![Cell::title(
        "Bilan annuel de la prévention du décrochage scolaire",
    )]);
    synthese.blank();
    synthese.row(vec![
        Cell::bold("Établissement"),
        Cell::text(&b.establishment),
    ]);
    synthese.row(vec![Cell::bold("UAI"), Cell::text(&b.uai)]);
    synthese.row(vec![
        Cell::bold("Année scolaire"),
        Cell::text(&b.school_year),
    ]);
    synthese.row(vec![Cell::text(format!(
        "Chiffres arrêtés le {}",
        b.computed_on.format("%d/%m/%Y")
    ))]);
    synthese.blank();
    synthese.header(&["Feuille", "Contenu"]);
    for (name, title) in contents {
        synthese.row(vec![Cell::text(name), Cell::text(title)]);
    }
    wb.push(synthese);
    for sheet in tables {
        wb.push(sheet);
    }
    wb.push(qualitative);
    wb.push(definitions);
    wb.finish()
}

fn figures_sheet(wb: &mut Workbook, s: &Section) -> Sheet {
    let mut sheet = wb.sheet(&table_name(&s.id, &s.title), &[52.0, 10.0, 90.0]);
    sheet.header(&["Indicateur", "Valeur", "Définition"]);
    for f in &s.figures {
        sheet.row(vec![
            Cell::text(&f.label),
            Cell::int(f.value),
            Cell::wrap(&f.definition),
        ]);
    }
    sheet
}

fn distribution_sheet(wb: &mut Workbook, b: &Bilan, d: &Distribution) -> Sheet {
    let mut sheet = wb.sheet(&table_name(&d.id, &d.label), &[44.0, 10.0, 10.0]);
    sheet.header(&["Catégorie", "Nombre", "Part (%)"]);
    let base = base_of(b, d).unwrap_or(0);
    let part = |n: u64| {
        if base == 0 {
            Cell::empty()
        } else {
            Cell::percent(n as f64 / base as f64)
        }
    };
    for r in &d.rows {
        sheet.row(vec![
            Cell::text(&r.label),
            Cell::int(r.count),
            part(u64::from(r.count)),
        ]);
    }
    let overlapping = OVERLAPPING.iter().any(|(id, _)| *id == d.id);
    if !overlapping {
        sheet.row(vec![Cell::bold("Total"), Cell::bold_int(base), part(base)]);
    }
    sheet.blank();
    sheet.row(vec![Cell::text(format!("{} : {}", d.label, d.definition))]);
    if overlapping {
        sheet.row(vec![Cell::text(format!(
            "Un parcours peut compter dans plusieurs catégories : les parts sont calculées sur les {base} PAFI commencés, et leur somme peut dépasser 100 %."
        ))]);
    }
    sheet
}

fn qualitative_sheet(wb: &mut Workbook, q: &Qualitative) -> Sheet {
    let mut sheet = wb.sheet("Analyse qualitative", &[26.0, 100.0]);
    sheet.header(&["Partie", "Texte"]);
    for (heading, text) in q.parts() {
        let text = text.trim();
        if text.is_empty() {
            sheet.row(vec![Cell::bold(heading), Cell::text("(non renseigné)")]);
            continue;
        }
        // A cell holds at most 32,767 characters: a longer text goes on in the rows below.
        for (i, chunk) in chunks(text, CELL_MAX).into_iter().enumerate() {
            let head = if i == 0 {
                Cell::bold(heading)
            } else {
                Cell::empty()
            };
            sheet.row(vec![head, Cell::wrap(chunk)]);
        }
    }
    sheet
}

/// The sheet « Définitions »: every figure and distribution with the table it is in.
pub(crate) fn definitions_sheet(wb: &mut Workbook, sections: &[Section]) -> Sheet {
    let mut sheet = wb.sheet("Définitions", &[24.0, 48.0, 100.0]);
    sheet.header(&["Feuille", "Indicateur ou tableau", "Définition"]);
    for s in sections {
        let name = table_name(&s.id, &s.title);
        for f in &s.figures {
            sheet.row(vec![
                Cell::text(&name),
                Cell::text(&f.label),
                Cell::wrap(&f.definition),
            ]);
        }
        for d in &s.distributions {
            sheet.row(vec![
                Cell::text(table_name(&d.id, &d.label)),
                Cell::text(&d.label),
                Cell::wrap(&d.definition),
            ]);
        }
    }
    sheet
}

/// The most characters a cell holds (Excel's limit, in UTF-16 units).
const CELL_MAX: usize = 32_767;

/// `text` cut into pieces of at most `max` UTF-16 units, at line breaks when possible.
fn chunks(text: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.encode_utf16().count() > max {
        let mut units = 0;
        let mut cut = 0;
        let mut last_break = None;
        for (i, c) in rest.char_indices() {
            if units + c.len_utf16() > max {
                break;
            }
            units += c.len_utf16();
            cut = i + c.len_utf8();
            if c == '\n' {
                last_break = Some(cut);
            }
        }
        let at = last_break.unwrap_or(cut).max(1);
        let (head, tail) = rest.split_at(at);
        out.push(head);
        rest = tail;
    }
    out.push(rest);
    out
}

/// The bilan as one CSV file for French spreadsheets: UTF-8 with a byte order mark, `;` between
/// fields, CRLF line ends, fields holding `;`, `"` or a line break quoted (`"` doubled).
///
/// Columns `section;tableau;cle;libelle;valeur`. After the header, five lines describe the file
/// (section and tableau `bilan`): `uai`, `etablissement`, `annee_scolaire`, `chiffres_arretes_le`
/// (dd/mm/yyyy) and `version_schema`. Then one line per figure (tableau = the section's id,
/// cle = the figure's id) and one per distribution row (tableau = the distribution's id, cle =
/// the row's key, libelle = the row's label), in the bilan's order, empty categories included.
pub fn csv(b: &Bilan) -> String {
    let mut out = String::from("\u{feff}");
    let mut line = |fields: [&str; 5]| {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            push_csv_field(&mut out, f);
        }
        out.push_str("\r\n");
    };
    line(["section", "tableau", "cle", "libelle", "valeur"]);
    let computed = b.computed_on.format("%d/%m/%Y").to_string();
    let version = b.schema_version.to_string();
    for (key, label, value) in [
        ("uai", "UAI", b.uai.as_str()),
        ("etablissement", "Établissement", b.establishment.as_str()),
        ("annee_scolaire", "Année scolaire", b.school_year.as_str()),
        (
            "chiffres_arretes_le",
            "Chiffres arrêtés le",
            computed.as_str(),
        ),
        ("version_schema", "Version du schéma", version.as_str()),
    ] {
        line(["bilan", "bilan", key, label, value]);
    }
    for s in &b.sections {
        for f in &s.figures {
            line([&s.id, &s.id, &f.id, &f.label, &f.value.to_string()]);
        }
        for d in &s.distributions {
            for r in &d.rows {
                line([&s.id, &d.id, &r.key, &r.label, &r.count.to_string()]);
            }
        }
    }
    out
}

fn push_csv_field(out: &mut String, f: &str) {
    if f.contains([';', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&f.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(f);
    }
}

// ---------------------------------------------------------------------------------------------
// The workbook writer.

/// How a cell looks: an index into the `cellXfs` of `styles.xml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Normal = 0,
    Header = 1,
    Percent = 2,
    Wrap = 3,
    Title = 4,
    Bold = 5,
}

#[derive(Debug, Clone, PartialEq)]
enum Value {
    Empty,
    Text(String),
    Int(u64),
    Float(f64),
}

/// One cell: a value and its style.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    value: Value,
    style: Style,
}

impl Cell {
    /// An empty cell.
    pub(crate) fn empty() -> Self {
        Cell {
            value: Value::Empty,
            style: Style::Normal,
        }
    }
    /// Text.
    pub(crate) fn text(s: impl Into<String>) -> Self {
        Cell {
            value: Value::Text(s.into()),
            style: Style::Normal,
        }
    }
    /// Bold text.
    pub(crate) fn bold(s: impl Into<String>) -> Self {
        Cell {
            value: Value::Text(s.into()),
            style: Style::Bold,
        }
    }
    /// Text wrapped within the column's width, top-aligned.
    pub(crate) fn wrap(s: impl Into<String>) -> Self {
        Cell {
            value: Value::Text(s.into()),
            style: Style::Wrap,
        }
    }
    /// A sheet's title (bold, larger).
    pub(crate) fn title(s: impl Into<String>) -> Self {
        Cell {
            value: Value::Text(s.into()),
            style: Style::Title,
        }
    }
    /// A header cell.
    fn header(s: impl Into<String>) -> Self {
        Cell {
            value: Value::Text(s.into()),
            style: Style::Header,
        }
    }
    /// A whole number.
    pub(crate) fn int(n: impl Into<u64>) -> Self {
        Cell {
            value: Value::Int(n.into()),
            style: Style::Normal,
        }
    }
    /// A whole number in bold (totals).
    pub(crate) fn bold_int(n: impl Into<u64>) -> Self {
        Cell {
            value: Value::Int(n.into()),
            style: Style::Bold,
        }
    }
    /// A fraction shown as a percentage with one decimal (0.5 shows « 50,0 % »).
    pub(crate) fn percent(x: f64) -> Self {
        Cell {
            value: if x.is_finite() {
                Value::Float(x)
            } else {
                Value::Empty
            },
            style: Style::Percent,
        }
    }
}

/// One worksheet being filled.
#[derive(Debug)]
pub(crate) struct Sheet {
    /// The name, already made valid and unique by [`Workbook::sheet`].
    pub(crate) name: String,
    widths: Vec<f64>,
    rows: Vec<Vec<Cell>>,
    /// Rows kept on screen when scrolling (those up to the header row).
    freeze: usize,
}

impl Sheet {
    /// Appends a row.
    pub(crate) fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }
    /// Appends an empty row.
    pub(crate) fn blank(&mut self) {
        self.rows.push(Vec::new());
    }
    /// Appends the header row (bold, shaded); the rows up to it stay on screen when scrolling.
    pub(crate) fn header<S: AsRef<str>>(&mut self, titles: &[S]) {
        self.rows
            .push(titles.iter().map(|t| Cell::header(t.as_ref())).collect());
        if self.freeze == 0 {
            self.freeze = self.rows.len();
        }
    }
}

/// A workbook: sheets in order, names unique.
#[derive(Debug, Default)]
pub(crate) struct Workbook {
    sheets: Vec<Sheet>,
    /// Names given out so far, lowercased (Excel compares them without case).
    taken: HashSet<String>,
}

impl Workbook {
    /// A new sheet named after `name`, made valid (no `[]:*?/\`, no leading or trailing
    /// apostrophe, at most 31 characters) and unique (« (2) » added); its columns' widths in
    /// characters. Add it with [`Workbook::push`], in the order the sheets should appear.
    pub(crate) fn sheet(&mut self, name: &str, widths: &[f64]) -> Sheet {
        let clean: String = name
            .chars()
            .map(|c| {
                if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        let clean = clean.trim().trim_matches('\'').trim();
        let clean = if clean.is_empty() { "Feuille" } else { clean };
        let mut n = 1;
        let name = loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let room = SHEET_NAME_MAX - suffix.encode_utf16().count();
            let mut stem = String::new();
            let mut units = 0;
            for c in clean.chars() {
                if units + c.len_utf16() > room {
                    break;
                }
                units += c.len_utf16();
                stem.push(c);
            }
            let candidate = format!("{}{suffix}", stem.trim_end());
            if !self.taken.contains(&candidate.to_lowercase())
                && !candidate.eq_ignore_ascii_case("history")
            {
                break candidate;
            }
            n += 1;
        };
        self.taken.insert(name.to_lowercase());
        Sheet {
            name,
            widths: widths.to_vec(),
            rows: Vec::new(),
            freeze: 0,
        }
    }

    /// Adds a sheet made by [`Workbook::sheet`] after the others.
    pub(crate) fn push(&mut self, sheet: Sheet) {
        self.sheets.push(sheet);
    }

    /// The `.xlsx` file's bytes.
    pub(crate) fn finish(self) -> Result<Vec<u8>> {
        let failed = |e: &dyn std::fmt::Display| {
            Error::Format(format!(
                "Le classeur n'a pas pu être écrit ({e}). Réessayez ; si l'erreur revient, exportez le bilan en CSV."
            ))
        };
        if self.sheets.is_empty() {
            return Err(Error::Format(
                "Le classeur n'a aucune feuille : il n'y a rien à exporter.".into(),
            ));
        }
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut put = |name: &str, body: &str| -> Result<()> {
            zip.start_file(name, options).map_err(|e| failed(&e))?;
            zip.write_all(body.as_bytes()).map_err(|e| failed(&e))
        };
        put("[Content_Types].xml", &content_types(self.sheets.len()))?;
        put("_rels/.rels", ROOT_RELS)?;
        put("docProps/app.xml", APP)?;
        put("xl/workbook.xml", &workbook_xml(&self.sheets))?;
        put(
            "xl/_rels/workbook.xml.rels",
            &workbook_rels(self.sheets.len()),
        )?;
        put("xl/styles.xml", STYLES)?;
        for (i, sheet) in self.sheets.iter().enumerate() {
            put(
                &format!("xl/worksheets/sheet{}.xml", i + 1),
                &sheet_xml(sheet),
            )?;
        }
        Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
    }
}

/// The most characters of a sheet name.
const SHEET_NAME_MAX: usize = 31;

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const NS_MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
<Application>Accroche</Application></Properties>";

/// Fonts: 0 normal, 1 bold, 2 bold 14 pt. Fills: 0 and 1 required, 2 light grey (headers).
/// Cell formats in the order of [`Style`]; number format 164 is the percentage `0.0%`.
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>
<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.0%\"/></numFmts>\
<fonts count=\"3\">\
<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
<font><b/><sz val=\"14\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
</fonts>\
<fills count=\"3\">\
<fill><patternFill patternType=\"none\"/></fill>\
<fill><patternFill patternType=\"gray125\"/></fill>\
<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFE4E9F2\"/><bgColor indexed=\"64\"/></patternFill></fill>\
</fills>\
<borders count=\"2\">\
<border><left/><right/><top/><bottom/><diagonal/></border>\
<border><left/><right/><top/><bottom style=\"thin\"><color rgb=\"FF8090A8\"/></bottom><diagonal/></border>\
</borders>\
<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
<cellXfs count=\"6\">\
<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyBorder=\"1\"/>\
<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>\
<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>\
<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>\
<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>\
</cellXfs>\
<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
</styleSheet>";

fn content_types(sheets: usize) -> String {
    let mut x = String::from(XML_HEAD);
    x.push_str(
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
         <Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
    );
    for i in 1..=sheets {
        let _ = write!(
            x,
            "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        );
    }
    x.push_str("</Types>");
    x
}

fn workbook_xml(sheets: &[Sheet]) -> String {
    let mut x = String::from(XML_HEAD);
    let _ = write!(
        x,
        "<workbook xmlns=\"{NS_MAIN}\" xmlns:r=\"{NS_REL}\"><bookViews><workbookView/></bookViews><sheets>"
    );
    for (i, s) in sheets.iter().enumerate() {
        let _ = write!(
            x,
            "<sheet name=\"{}\" sheetId=\"{}\" r:id=\"rId{}\"/>",
            escape(&s.name),
            i + 1,
            i + 1
        );
    }
    x.push_str("</sheets></workbook>");
    x
}

fn workbook_rels(sheets: usize) -> String {
    let mut x = String::from(XML_HEAD);
    x.push_str(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for i in 1..=sheets {
        let _ = write!(
            x,
            "<Relationship Id=\"rId{i}\" Type=\"{NS_REL}/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"
        );
    }
    let _ = write!(
        x,
        "<Relationship Id=\"rId{}\" Type=\"{NS_REL}/styles\" Target=\"styles.xml\"/></Relationships>",
        sheets + 1
    );
    x
}

fn sheet_xml(s: &Sheet) -> String {
    let mut x = String::with_capacity(256 + s.rows.len() * 128);
    x.push_str(XML_HEAD);
    let _ = write!(x, "<worksheet xmlns=\"{NS_MAIN}\" xmlns:r=\"{NS_REL}\">");
    let width = s.rows.iter().map(Vec::len).max().unwrap_or(0);
    if width > 0 {
        let _ = write!(
            x,
            "<dimension ref=\"A1:{}{}\"/>",
            column(width - 1),
            s.rows.len()
        );
    }
    if s.freeze > 0 {
        let _ = write!(
            x,
            "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"{f}\" topLeftCell=\"A{}\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>",
            s.freeze + 1,
            f = s.freeze
        );
    }
    if !s.widths.is_empty() {
        x.push_str("<cols>");
        for (i, w) in s.widths.iter().enumerate() {
            let _ = write!(
                x,
                "<col min=\"{n}\" max=\"{n}\" width=\"{w}\" customWidth=\"1\"/>",
                n = i + 1
            );
        }
        x.push_str("</cols>");
    }
    x.push_str("<sheetData>");
    for (r, row) in s.rows.iter().enumerate() {
        if row.is_empty() {
            continue;
        }
        let _ = write!(x, "<row r=\"{}\">", r + 1);
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{}", column(c), r + 1);
            let style = cell.style as u8;
            let s_attr = if style == 0 {
                String::new()
            } else {
                format!(" s=\"{style}\"")
            };
            match &cell.value {
                Value::Empty if style == 0 => {}
                Value::Empty => {
                    let _ = write!(x, "<c r=\"{at}\"{s_attr}/>");
                }
                Value::Text(t) => {
                    let _ = write!(
                        x,
                        "<c r=\"{at}\"{s_attr} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                        escape(t)
                    );
                }
                Value::Int(n) => {
                    let _ = write!(x, "<c r=\"{at}\"{s_attr}><v>{n}</v></c>");
                }
                Value::Float(f) => {
                    let _ = write!(x, "<c r=\"{at}\"{s_attr}><v>{f}</v></c>");
                }
            }
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData>");
    x.push_str("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>");
    x.push_str("</worksheet>");
    x
}

/// The letters of the column at `index` (0 → A, 25 → Z, 26 → AA).
fn column(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// `s` escaped for XML text and attributes; characters XML 1.0 forbids are dropped, and
/// CR LF become LF (as a spreadsheet stores a line break).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column(0), "A");
        assert_eq!(column(25), "Z");
        assert_eq!(column(26), "AA");
        assert_eq!(column(701), "ZZ");
        assert_eq!(column(702), "AAA");
    }

    #[test]
    fn sheet_names_are_made_valid_short_and_unique() {
        let mut wb = Workbook::default();
        let long = "Parcours contractualisés et alliances éducatives";
        let a = wb.sheet(long, &[]).name;
        let b = wb.sheet(long, &[]).name;
        let c = wb.sheet("Bilan [2026/2027]: quoi ?", &[]).name;
        let d = wb.sheet("'", &[]).name;
        assert_eq!(a, "Parcours contractualisés et all");
        assert_eq!(b, "Parcours contractualisés et (2)");
        assert_eq!(c, "Bilan -2026-2027-- quoi -");
        assert_eq!(d, "Feuille");
        for n in [a, b, c, d] {
            assert!(n.chars().count() <= 31, "{n}");
        }
    }

    #[test]
    fn escaping_keeps_text_and_drops_what_xml_forbids() {
        assert_eq!(
            escape("a < b & \"c\" l'été\r\n\u{1}fin"),
            "a &lt; b &amp; &quot;c&quot; l&apos;été\nfin"
        );
    }

    #[test]
    fn long_texts_are_cut_at_line_breaks_within_the_cell_limit() {
        let text = "ab\ncd\nef";
        assert_eq!(chunks(text, 4), vec!["ab\n", "cd\n", "ef"]);
        assert_eq!(chunks("abcdef", 4), vec!["abcd", "ef"]);
        assert_eq!(chunks("court", 40), vec!["court"]);
    }
}
