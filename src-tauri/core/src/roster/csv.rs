//! Pronote and ONDE CSV exports: bytes in, a [`RosterFile`] out.
//!
//! Owns decoding (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252), a small
//! RFC 4180 reader (quotes, doubled quotes, separators and line breaks inside quotes, CRLF, LF or
//! CR), separator sniffing (`;`, `,`, tab) and the mapping of header texts to roster fields.
//! Pronote's columns are chosen by the user, so every column is found by its header, compared
//! case- and accent-insensitively; ONDE's `CSVExtraction.csv` is recognised by its "Nom élève" and
//! "Prénom élève" headers.
//!
//! File-level problems (too big, binary, no name column, a quote left open) are
//! [`Error::Format`] with a French sentence; a row that cannot be used goes to
//! [`RosterFile::skipped`] as "ligne N" (the physical line where the row starts, the header
//! being line 1) and never fails the file. Must not touch the case file: matching and writing
//! are `merge`'s. Never panics, whatever the bytes.

use chrono::NaiveDate;

use super::{RosterFile, RosterSource, RosterStudent, Skipped, MAX_FILE_BYTES};
use crate::error::{Error, Result};
use crate::registry::{LegalRep, Relationship, Sex};
use crate::text::fold;

/// The student's last name.
const LAST_NAME: &[&str] = &[
    "Nom",
    "Nom élève",
    "Nom de l'élève",
    "Nom de famille",
    "Nom d'usage",
    "Nom usage",
];
/// The student's first name.
const FIRST_NAME: &[&str] = &[
    "Prénom",
    "Prénom élève",
    "Prénom de l'élève",
    "Prénom 1",
    "Premier prénom",
    "Prénoms",
];
/// "NOM Prénom" in one cell (Pronote's "Élève" column), used only without Nom and Prénom.
const FULL_NAME: &[&str] = &[
    "Élève",
    "Nom prénom",
    "Nom et prénom",
    "Nom et prénoms",
    "Identité",
];
const BIRTH_DATE: &[&str] = &[
    "Né(e) le",
    "Né le",
    "Née le",
    "Date de naissance",
    "Date naissance",
    "Date de naiss.",
    "Naissance",
];
const SEX: &[&str] = &["Sexe", "Genre"];
const CLASS: &[&str] = &[
    "Classe",
    "Libellé classe",
    "Division",
    "Classe de rattachement",
];
/// ONDE's level ("CE2"), the class when "Libellé classe" is empty.
const LEVEL: &[&str] = &["Niveau"];
const GROUPS: &[&str] = &["Groupes", "Groupe", "Tous les groupes"];
const INE: &[&str] = &[
    "INE",
    "N° national",
    "Nº national",
    "No national",
    "Numéro national",
    "Numéro INE",
    "Identifiant national",
    "ID national",
];
/// SIECLE's join key. Pronote's own "Identifiant" is another number and is ignored.
const ELEVE_ID: &[&str] = &["ELEVE_ID"];
const ENTRY_DATE: &[&str] = &[
    "Date d'entrée",
    "Date entrée",
    "Entré(e) le",
    "Entrée le",
    "Date d'entrée dans l'établissement",
    "Entrée",
];
const EXIT_DATE: &[&str] = &[
    "Date de sortie",
    "Date sortie",
    "Sorti(e) le",
    "Sortie le",
    "Sortie",
];
const EMAIL: &[&str] = &[
    "E-mail",
    "Email",
    "Adresse e-mail",
    "Adresse email",
    "Adresse mail",
    "Courriel",
    "Mél",
    "Mail",
    "E-mail élève",
    "Courriel élève",
];
const PHONE: &[&str] = &[
    "Tél. portable",
    "Téléphone portable",
    "Portable",
    "Tél. portable élève",
    "Téléphone",
    "Téléphone élève",
    "Tél.",
];
const MEF: &[&str] = &["MEF", "Code MEF"];
const MEF_LABEL: &[&str] = &["Libellé MEF"];

/// What follows "Responsable N - " in a legal representative's columns.
const REP_LAST_NAME: &[&str] = &["Nom"];
const REP_FIRST_NAME: &[&str] = &["Prénom"];
const REP_LINK: &[&str] = &[
    "Lien",
    "Lien de parenté",
    "Parenté",
    "Qualité",
    "Lien avec l'élève",
];
const REP_PHONE: &[&str] = &[
    "Tél. portable",
    "Téléphone portable",
    "Portable",
    "Tél.",
    "Téléphone",
    "Tél. domicile",
    "Téléphone domicile",
    "Tél. professionnel",
    "Téléphone professionnel",
    "Tél. travail",
];
const REP_EMAIL: &[&str] = &[
    "E-mail",
    "Email",
    "Adresse e-mail",
    "Adresse email",
    "Adresse mail",
    "Courriel",
    "Mél",
    "Mail",
];
const REP_STREET: &[&str] = &[
    "Adresse",
    "Adresse 1",
    "Adresse 2",
    "Adresse 3",
    "Adresse 4",
];
const REP_POSTCODE: &[&str] = &["Code postal", "CP"];
const REP_TOWN: &[&str] = &["Commune", "Ville", "Localité"];
/// How a legal representative's column starts, before its number ("Responsable 1 - Nom").
const REP_PREFIXES: &[&str] = &[
    "responsable legal ",
    "representant legal ",
    "responsable ",
    "representant ",
    "resp ",
];

/// Reads a Pronote or ONDE CSV export.
///
/// `file_name` is only used in messages. The separator (`;`, `,` or tab) is sniffed from the
/// header line; the encoding is UTF-8 (with or without BOM), UTF-16 with a BOM, else
/// Windows-1252. `uai`, `school_year` and `exported_on` are `None`: CSV exports do not say.
///
/// # Errors
/// [`Error::Format`], in French and naming the file, when the file is larger than
/// [`MAX_FILE_BYTES`], empty, binary (an Excel workbook, a zip…), has no student row, has no
/// name or birth date column, has more than 1,000 columns or 100,000 rows, or ends inside a
/// quoted value. Rows that cannot be used are not
/// errors: they are listed in [`RosterFile::skipped`].
pub fn parse_csv(bytes: &[u8], file_name: &str) -> Result<RosterFile> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::Format(format!(
            "Le fichier « {file_name} » pèse {} Mo, au-delà de la limite de {} Mo pour une liste \
             d'élèves : vérifiez qu'il s'agit bien de l'export CSV de Pronote ou d'ONDE.",
            megabytes(bytes.len()),
            megabytes(MAX_FILE_BYTES)
        )));
    }
    let text = decode(bytes, file_name)?;
    let separator = sniff_separator(&text);
    let unterminated = |line: usize| {
        Error::Format(format!(
            "Le fichier « {file_name} » se termine au milieu d'une valeur entre guillemets \
             ouverte à la ligne {line} : un guillemet fermant manque ou le fichier est tronqué."
        ))
    };
    let mut rows = Reader::new(&text, separator);
    let Some(header) = rows.next() else {
        if let Some(line) = rows.open_quote {
            return Err(unterminated(line));
        }
        return Err(Error::Format(format!(
            "Le fichier « {file_name} » est vide : exportez à nouveau la liste des élèves depuis \
             Pronote ou ONDE."
        )));
    };
    if header.fields.len() > MAX_COLUMNS {
        return Err(Error::Format(format!(
            "La ligne d'en-têtes du fichier « {file_name} » compte plus de {MAX_COLUMNS} colonnes : \
             ce n'est pas une liste d'élèves exportée de Pronote ou d'ONDE."
        )));
    }
    let columns = Columns::map(&header.fields, separator, file_name)?;
    let mut file = RosterFile {
        source: columns.source.clone(),
        uai: None,
        school_year: None,
        exported_on: None,
        has_legal_reps: !columns.reps.is_empty(),
        students: Vec::new(),
        skipped: Vec::new(),
    };
    for row in rows.by_ref() {
        if file.students.len() + file.skipped.len() >= MAX_ROWS {
            return Err(Error::Format(format!(
                "Le fichier « {file_name} » compte plus de {} lignes d'élèves : ce n'est pas la \
                 liste des élèves d'un établissement.",
                french_number(MAX_ROWS)
            )));
        }
        match columns.student(&row) {
            Ok(student) => file.students.push(student),
            Err(skipped) => file.skipped.push(skipped),
        }
    }
    if let Some(line) = rows.open_quote {
        return Err(unterminated(line));
    }
    if file.students.is_empty() && file.skipped.is_empty() {
        return Err(Error::Format(format!(
            "Le fichier « {file_name} » ne contient que la ligne d'en-têtes : aucun élève à \
             importer."
        )));
    }
    Ok(file)
}

/// A count with French thousands separators ("100 000", with a narrow no-break space).
fn french_number(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// A size in megabytes, French style ("50", "50,1").
fn megabytes(bytes: usize) -> String {
    let mb = format!("{:.1}", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",");
    match mb.strip_suffix(",0") {
        Some(whole) => whole.to_owned(),
        None => mb,
    }
}

/// Bytes to text: a BOM decides, else UTF-8 if valid, else Windows-1252 (which maps every byte).
fn decode(bytes: &[u8], file_name: &str) -> Result<String> {
    // A workbook saved as .xlsx (zip) or .xls (OLE2) is the most likely wrong choice of file.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Error::Format(format!(
            "Le fichier « {file_name} » est un classeur Excel ou une archive zip, pas un fichier \
             CSV : ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format CSV."
        )));
    }
    let text = if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        encoding.decode_without_bom_handling(rest).0.into_owned()
    } else if let Ok(utf8) = std::str::from_utf8(bytes) {
        utf8.to_owned()
    } else {
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    };
    if looks_binary(&text) {
        return Err(Error::Format(format!(
            "Le fichier « {file_name} » n'est pas un fichier texte CSV (il contient des données \
             binaires) : exportez la liste des élèves au format CSV depuis Pronote ou ONDE."
        )));
    }
    Ok(text)
}

/// True when the text holds a NUL or more than 1 % of control characters other than
/// tab, line breaks, form feed and the old DOS end-of-file mark.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return true;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}' | '\u{1a}') {
            controls += 1;
        }
    }
    controls > total / 100
}

/// One record of the file: its fields and the physical line it starts on (1-based).
#[derive(Debug)]
struct Record {
    line: usize,
    fields: Vec<String>,
}

impl Record {
    fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }

    /// The trimmed value of column `index`, empty when the row is shorter.
    fn get(&self, index: usize) -> &str {
        self.fields.get(index).map_or("", |f| f.trim())
    }

    /// The first non-empty value among `columns`, in their order.
    fn first(&self, columns: &[usize]) -> &str {
        columns
            .iter()
            .map(|&i| self.get(i))
            .find(|v| !v.is_empty())
            .unwrap_or("")
    }
}

/// The most columns a header may have (Pronote offers a few dozen); a row's fields beyond this
/// are dropped as they are read, so that no input can make the reader hold millions of fields.
const MAX_COLUMNS: usize = 1000;

/// The most student rows in one file: a whole establishment has a few thousand.
const MAX_ROWS: usize = 100_000;

/// Reads `text` record by record (RFC 4180, leniently), skipping blank records. A quote opens a
/// quoted value only at the start of a field (after optional spaces); elsewhere it is a
/// character. Text after a closing quote is kept. A line break is CRLF, LF or a lone CR.
struct Reader<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    separator: char,
    /// The physical line the next character is on.
    line: usize,
    /// Set when the text ended inside a quoted value: the line where that value opened.
    open_quote: Option<usize>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, separator: char) -> Self {
        Reader {
            chars: text.chars().peekable(),
            separator,
            line: 1,
            open_quote: None,
        }
    }

    /// The next record, blank or not; `None` at the end of the text (or inside an open quote).
    fn record(&mut self) -> Option<Record> {
        let start = self.line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut any = false;
        let mut quoted = false;
        let mut in_quotes = false;
        let mut quote_line = start;
        let keep = |fields: &mut Vec<String>, field: &mut String| {
            let field = std::mem::take(field);
            if fields.len() <= MAX_COLUMNS {
                fields.push(field);
            }
        };
        loop {
            let Some(c) = self.chars.next() else {
                if in_quotes {
                    self.open_quote = Some(quote_line);
                    return None;
                }
                if !any {
                    return None;
                }
                keep(&mut fields, &mut field);
                return Some(Record {
                    line: start,
                    fields,
                });
            };
            any = true;
            if in_quotes {
                match c {
                    '"' if self.chars.peek() == Some(&'"') => {
                        self.chars.next();
                        field.push('"');
                    }
                    '"' => in_quotes = false,
                    '\r' | '\n' => {
                        if c == '\r' && self.chars.peek() == Some(&'\n') {
                            self.chars.next();
                        }
                        field.push('\n');
                        self.line += 1;
                    }
                    c => field.push(c),
                }
                continue;
            }
            match c {
                '"' if !quoted && field.trim().is_empty() => {
                    field.clear();
                    quoted = true;
                    in_quotes = true;
                    quote_line = self.line;
                }
                c if c == self.separator => {
                    keep(&mut fields, &mut field);
                    quoted = false;
                }
                '\r' | '\n' => {
                    if c == '\r' && self.chars.peek() == Some(&'\n') {
                        self.chars.next();
                    }
                    self.line += 1;
                    keep(&mut fields, &mut field);
                    return Some(Record {
                        line: start,
                        fields,
                    });
                }
                c => field.push(c),
            }
        }
    }
}

impl Iterator for Reader<'_> {
    type Item = Record;

    /// The next non-blank record.
    fn next(&mut self) -> Option<Record> {
        loop {
            let record = self.record()?;
            if !record.is_blank() {
                return Some(record);
            }
        }
    }
}

/// The separator giving the header the most columns that the following rows agree with:
/// among `;`, `,` and tab splitting the header in two or more, the one most of the first 50
/// rows (within the first 256 KB) match (same count, or more with only empty extras), then the
/// one with most columns.
/// `;` when none splits the header.
fn sniff_separator(text: &str) -> char {
    // The header and 50 rows fit in far less; the cap keeps a one-line 50 MB file to one read.
    let mut end = text.len().min(256 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = text.get(..end).unwrap_or(text);
    let mut best = (';', 0usize, 0usize);
    for separator in [';', ',', '\t'] {
        // An unterminated quote is reported by the full read; the sample is what was read.
        let mut rows = Reader::new(sample, separator).take(51);
        let Some(header) = rows.next() else { continue };
        let columns = header.fields.len();
        if columns < 2 {
            continue;
        }
        let agreeing = rows
            .filter(|r| {
                r.fields.len() == columns
                    || (r.fields.len() > columns
                        && r.fields.iter().skip(columns).all(|f| f.trim().is_empty()))
            })
            .count();
        if (agreeing, columns) > (best.1, best.2) {
            best = (separator, agreeing, columns);
        }
    }
    best.0
}

/// A header reduced to compare: folded (lower case, no accents), every run of characters other
/// than letters and digits turned into one space ("Né(e) le" → "ne e le", "E-mail" → "e mail").
fn header_key(header: &str) -> String {
    let mut key = String::with_capacity(header.len());
    for c in fold(header).chars() {
        if c.is_alphanumeric() {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with(' ') {
            key.push(' ');
        }
    }
    key.truncate(key.trim_end().len());
    key
}

/// The columns whose key is one of `aliases`, in the aliases' order of preference.
fn find(keys: &[String], aliases: &[&str]) -> Vec<usize> {
    let mut found = Vec::new();
    for alias in aliases {
        let alias = header_key(alias);
        for (i, key) in keys.iter().enumerate() {
            if *key == alias && !found.contains(&i) {
                found.push(i);
            }
        }
    }
    found
}

/// How the name is read: two columns, or "NOM Prénom" in one.
#[derive(Debug)]
enum NameColumns {
    Split { last: Vec<usize>, first: Vec<usize> },
    Full(Vec<usize>),
}

/// A legal representative's columns ("Responsable 1 - …").
#[derive(Debug, Default)]
struct RepColumns {
    number: u32,
    last_name: Vec<usize>,
    first_name: Vec<usize>,
    link: Vec<usize>,
    phone: Vec<usize>,
    email: Vec<usize>,
    street: Vec<usize>,
    postcode: Vec<usize>,
    town: Vec<usize>,
}

/// Which column holds what, found from the header.
#[derive(Debug)]
struct Columns {
    source: RosterSource,
    name: NameColumns,
    birth_date: Vec<usize>,
    sex: Vec<usize>,
    class: Vec<usize>,
    level: Vec<usize>,
    groups: Vec<usize>,
    ine: Vec<usize>,
    eleve_id: Vec<usize>,
    entry_date: Vec<usize>,
    exit_date: Vec<usize>,
    email: Vec<usize>,
    phone: Vec<usize>,
    mef: Vec<usize>,
    mef_label: Vec<usize>,
    reps: Vec<RepColumns>,
}

impl Columns {
    /// Maps the header. Fails when the name or the birth date cannot be found.
    fn map(headers: &[String], separator: char, file_name: &str) -> Result<Columns> {
        let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        let source = if !find(&keys, &["Nom élève"]).is_empty()
            && !find(&keys, &["Prénom élève"]).is_empty()
        {
            RosterSource::Onde
        } else {
            RosterSource::Pronote
        };
        let last = find(&keys, LAST_NAME);
        let first = find(&keys, FIRST_NAME);
        let full = find(&keys, FULL_NAME);
        let name = match (last.is_empty(), first.is_empty()) {
            (false, false) => NameColumns::Split { last, first },
            _ if !full.is_empty() => NameColumns::Full(full),
            (true, true) => {
                return Err(missing(
                    "Colonnes « Nom » et « Prénom » introuvables",
                    headers,
                    separator,
                    file_name,
                ))
            }
            (true, false) => {
                return Err(missing(
                    "Colonne « Nom » introuvable",
                    headers,
                    separator,
                    file_name,
                ))
            }
            (false, true) => {
                return Err(missing(
                    "Colonne « Prénom » introuvable",
                    headers,
                    separator,
                    file_name,
                ))
            }
        };
        let birth_date = find(&keys, BIRTH_DATE);
        if birth_date.is_empty() {
            return Err(missing(
                "Colonne de date de naissance (« Né(e) le » ou « Date de naissance ») introuvable",
                headers,
                separator,
                file_name,
            ));
        }
        Ok(Columns {
            source,
            name,
            birth_date,
            sex: find(&keys, SEX),
            class: find(&keys, CLASS),
            level: find(&keys, LEVEL),
            groups: find(&keys, GROUPS),
            ine: find(&keys, INE),
            eleve_id: find(&keys, ELEVE_ID),
            entry_date: find(&keys, ENTRY_DATE),
            exit_date: find(&keys, EXIT_DATE),
            email: find(&keys, EMAIL),
            phone: find(&keys, PHONE),
            mef: find(&keys, MEF),
            mef_label: find(&keys, MEF_LABEL),
            reps: rep_columns(&keys),
        })
    }

    /// Reads one row; the reasons it cannot be used, in French, otherwise.
    fn student(&self, row: &Record) -> std::result::Result<RosterStudent, Skipped> {
        let location = format!("ligne {}", row.line);
        let mut reasons = Vec::new();
        let (last_name, first_name, shown) = match &self.name {
            NameColumns::Split { last, first } => {
                let (last, first) = (row.first(last), row.first(first));
                match (last.is_empty(), first.is_empty()) {
                    (true, true) => reasons.push("nom et prénom manquants".to_owned()),
                    (true, false) => reasons.push("nom manquant".to_owned()),
                    (false, true) => reasons.push("prénom manquant".to_owned()),
                    (false, false) => {}
                }
                let shown = format!("{last} {first}").trim().to_owned();
                (last.to_owned(), first.to_owned(), shown)
            }
            NameColumns::Full(columns) => {
                let full = row.first(columns);
                match split_full_name(full) {
                    Some((last, first)) => (last, first, full.to_owned()),
                    None => {
                        reasons.push(if full.is_empty() {
                            "nom et prénom manquants".to_owned()
                        } else {
                            format!(
                                "nom et prénom indiscernables dans « {full} » (le nom de famille \
                                 doit être en majuscules, suivi du prénom)"
                            )
                        });
                        (String::new(), String::new(), full.to_owned())
                    }
                }
            }
        };
        let birth_date = match row.first(&self.birth_date) {
            "" => {
                reasons.push("date de naissance manquante".to_owned());
                None
            }
            text => date_or_reason(text, "date de naissance", &mut reasons),
        };
        let entry_date = match row.first(&self.entry_date) {
            "" => None,
            text => date_or_reason(text, "date d'entrée", &mut reasons),
        };
        let exit_date = match row.first(&self.exit_date) {
            "" => None,
            text => date_or_reason(text, "date de sortie", &mut reasons),
        };
        let mef = match row.first(&self.mef) {
            "" => None,
            code => {
                let length = code.chars().count();
                if length != 11 {
                    reasons.push(format!(
                        "code MEF « {code} » de {length} caractères au lieu de 11"
                    ));
                } else if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
                    reasons.push(format!(
                        "code MEF « {code} » invalide : 11 chiffres ou lettres attendus"
                    ));
                }
                Some(code.to_uppercase())
            }
        };
        let birth_date = match birth_date {
            Some(date) if reasons.is_empty() => date,
            _ => {
                return Err(Skipped {
                    location,
                    name: shown,
                    reason: reasons.join(" ; "),
                })
            }
        };
        let mut class_name = row.first(&self.class);
        if class_name.is_empty() && self.source == RosterSource::Onde {
            class_name = row.first(&self.level);
        }
        Ok(RosterStudent {
            location,
            ine: non_empty(row.first(&self.ine)).map(|ine| ine.to_uppercase()),
            eleve_id: non_empty(row.first(&self.eleve_id)),
            last_name,
            first_name,
            birth_date,
            sex: sex(row.first(&self.sex)),
            class_name: non_empty(class_name),
            groups: groups(row.first(&self.groups)),
            mef,
            mef_label: non_empty(row.first(&self.mef_label)),
            entry_date,
            exit_date,
            exit_reason: None,
            status: None,
            email: row.first(&self.email).to_owned(),
            phone: row.first(&self.phone).to_owned(),
            legal_reps: self
                .reps
                .iter()
                .filter_map(|columns| legal_rep(row, columns))
                .collect(),
        })
    }
}

/// The file-level error for a missing column, listing what was read.
fn missing(what: &str, headers: &[String], separator: char, file_name: &str) -> Error {
    const SHOWN: usize = 15;
    let mut read: Vec<String> = headers
        .iter()
        .take(SHOWN)
        .map(|h| {
            let h = h.trim();
            if h.chars().count() > 40 {
                format!("« {}… »", h.chars().take(40).collect::<String>())
            } else {
                format!("« {h} »")
            }
        })
        .collect();
    if headers.len() > SHOWN {
        read.push(format!("et {} autres", headers.len() - SHOWN));
    }
    let separator = match separator {
        ';' => "point-virgule",
        ',' => "virgule",
        _ => "tabulation",
    };
    Error::Format(format!(
        "{what} dans « {file_name} » : les en-têtes lus sont {} (séparateur : {separator}). \
         Exportez la liste depuis Pronote ou ONDE avec au moins les colonnes Nom, Prénom et date \
         de naissance.",
        read.join(", ")
    ))
}

/// The legal representatives' columns, by number; only those with a name column count.
fn rep_columns(keys: &[String]) -> Vec<RepColumns> {
    let mut reps: Vec<RepColumns> = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let Some(rest) = REP_PREFIXES.iter().find_map(|p| key.strip_prefix(p)) else {
            continue;
        };
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Ok(number) = digits.parse::<u32>() else {
            continue;
        };
        let Some(field) = rest.get(digits.len()..).and_then(|f| f.strip_prefix(' ')) else {
            continue;
        };
        let field = [field.to_owned()];
        let is = |aliases: &[&str]| !find(&field, aliases).is_empty();
        let position = match reps.iter().position(|r| r.number == number) {
            Some(position) => position,
            None => {
                reps.push(RepColumns {
                    number,
                    ..RepColumns::default()
                });
                reps.len() - 1
            }
        };
        let Some(rep) = reps.get_mut(position) else {
            continue;
        };
        let slot = if is(REP_LAST_NAME) {
            &mut rep.last_name
        } else if is(REP_FIRST_NAME) {
            &mut rep.first_name
        } else if is(REP_LINK) {
            &mut rep.link
        } else if is(REP_PHONE) {
            &mut rep.phone
        } else if is(REP_EMAIL) {
            &mut rep.email
        } else if is(REP_STREET) {
            &mut rep.street
        } else if is(REP_POSTCODE) {
            &mut rep.postcode
        } else if is(REP_TOWN) {
            &mut rep.town
        } else {
            continue;
        };
        slot.push(i);
    }
    // Phones in the order of preference of REP_PHONE (mobile first), whatever the column order.
    for rep in &mut reps {
        rep.phone.sort_by_key(|&i| {
            keys.get(i)
                .and_then(|key| {
                    REP_PHONE
                        .iter()
                        .position(|alias| key.ends_with(&header_key(alias)))
                })
                .unwrap_or(usize::MAX)
        });
    }
    reps.retain(|r| !r.last_name.is_empty() || !r.first_name.is_empty());
    reps.sort_by_key(|r| r.number);
    reps
}

/// A legal representative from a row, when the row names one.
fn legal_rep(row: &Record, columns: &RepColumns) -> Option<LegalRep> {
    let last_name = row.first(&columns.last_name);
    let first_name = row.first(&columns.first_name);
    if last_name.is_empty() && first_name.is_empty() {
        return None;
    }
    let street: Vec<&str> = columns
        .street
        .iter()
        .map(|&i| row.get(i))
        .filter(|v| !v.is_empty())
        .collect();
    let town: Vec<&str> = [row.first(&columns.postcode), row.first(&columns.town)]
        .into_iter()
        .filter(|v| !v.is_empty())
        .collect();
    let address: Vec<String> = [street.join(", "), town.join(" ")]
        .into_iter()
        .filter(|v| !v.is_empty())
        .collect();
    Some(LegalRep {
        last_name: last_name.to_owned(),
        first_name: first_name.to_owned(),
        relationship: relationship(row.first(&columns.link)),
        address: address.join(", "),
        phone: row.first(&columns.phone).to_owned(),
        email: row.first(&columns.email).to_owned(),
    })
}

/// "Mère", "PERE", "Tutrice"… by the first word; anything else (including "Belle-mère") is
/// [`Relationship::Autre`].
fn relationship(text: &str) -> Relationship {
    let key = header_key(text);
    match key.split(' ').next().unwrap_or("") {
        "mere" | "maman" => Relationship::Mere,
        "pere" | "papa" => Relationship::Pere,
        "tuteur" | "tutrice" | "tutelle" => Relationship::Tuteur,
        _ => Relationship::Autre,
    }
}

/// "M", "Masculin", "G", "Garçon" → M; "F", "Féminin", "Fille" → F; SIECLE's 1 / 2 too.
fn sex(text: &str) -> Option<Sex> {
    match header_key(text).as_str() {
        "m" | "masculin" | "g" | "garcon" | "h" | "homme" | "1" => Some(Sex::M),
        "f" | "feminin" | "fille" | "femme" | "2" => Some(Sex::F),
        _ => None,
    }
}

/// The groups of a cell, separated by commas or semicolons, in order, without duplicates.
fn groups(text: &str) -> Vec<String> {
    let mut groups: Vec<String> = Vec::new();
    for group in text.split([',', ';']).map(str::trim) {
        if !group.is_empty() && !groups.iter().any(|g| g == group) {
            groups.push(group.to_owned());
        }
    }
    groups
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// Splits "DE LA FONTAINE Jean-Marie" into the leading upper-case words and the rest; `None`
/// when there is no such split.
fn split_full_name(full: &str) -> Option<(String, String)> {
    let words: Vec<&str> = full.split_whitespace().collect();
    let upper = words
        .iter()
        .take_while(|w| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase))
        .count();
    if upper == 0 || upper == words.len() {
        return None;
    }
    let (last, first) = words.split_at(upper);
    Some((last.join(" "), first.join(" ")))
}

/// Why a date cannot be read.
#[derive(Debug, PartialEq, Eq)]
enum DateProblem {
    /// Not dd/mm/yyyy (nor yyyy-mm-dd).
    Unreadable,
    /// Well written but not in the calendar (31/02/2010).
    Impossible,
}

/// Parses `text` or pushes "<what> « text » illisible / impossible" to `reasons`.
fn date_or_reason(text: &str, what: &str, reasons: &mut Vec<String>) -> Option<NaiveDate> {
    match parse_date(text) {
        Ok(date) => Some(date),
        Err(DateProblem::Impossible) => {
            reasons.push(format!("{what} « {text} » impossible"));
            None
        }
        Err(DateProblem::Unreadable) => {
            reasons.push(format!(
                "{what} « {text} » illisible (attendu : jj/mm/aaaa)"
            ));
            None
        }
    }
}

/// dd/mm/yyyy or d/m/yyyy (also with `-` or `.`), or yyyy-mm-dd; a trailing "00:00[:00]", as a
/// spreadsheet may add, is ignored.
fn parse_date(text: &str) -> std::result::Result<NaiveDate, DateProblem> {
    let mut words = text.split_whitespace();
    let date = words.next().unwrap_or("");
    if !words.all(|w| w.chars().all(|c| c.is_ascii_digit() || c == ':')) {
        return Err(DateProblem::Unreadable);
    }
    let parts: Vec<&str> = date.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(DateProblem::Unreadable);
    };
    let number = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        if lengths.contains(&part.len()) && part.chars().all(|c| c.is_ascii_digit()) {
            part.parse::<u32>().ok()
        } else {
            None
        }
    };
    let (year, month, day) = if a.len() == 4 {
        (number(a, 4..=4), number(b, 1..=2), number(c, 1..=2))
    } else {
        (number(c, 4..=4), number(b, 1..=2), number(a, 1..=2))
    };
    let (Some(year), Some(month), Some(day)) = (year, month, day) else {
        return Err(DateProblem::Unreadable);
    };
    let year = i32::try_from(year).map_err(|_| DateProblem::Unreadable)?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateProblem::Impossible)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRONOTE_UTF8: &[u8] = include_bytes!("../../../../tests/fixtures/csv/pronote-utf8.csv");
    const PRONOTE_CP1252: &[u8] =
        include_bytes!("../../../../tests/fixtures/csv/pronote-cp1252.csv");
    const PRONOTE_TAB: &[u8] = include_bytes!("../../../../tests/fixtures/csv/pronote-tab.txt");
    const ONDE: &[u8] = include_bytes!("../../../../tests/fixtures/csv/onde-CSVExtraction.csv");

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a valid date in the test itself")
    }

    fn parse(bytes: &[u8], name: &str) -> RosterFile {
        match parse_csv(bytes, name) {
            Ok(file) => file,
            Err(e) => panic!("{name} should parse, got: {e}"),
        }
    }

    /// The French message of a file-level error.
    fn refusal(bytes: &[u8], name: &str) -> String {
        match parse_csv(bytes, name) {
            Err(Error::Format(message)) => message,
            other => panic!("{name} should be refused with Error::Format, got {other:?}"),
        }
    }

    fn student<'a>(file: &'a RosterFile, last_name: &str) -> &'a RosterStudent {
        file.students
            .iter()
            .find(|s| s.last_name == last_name)
            .unwrap_or_else(|| panic!("{last_name} should be among the students"))
    }

    fn names(file: &RosterFile) -> Vec<String> {
        file.students
            .iter()
            .map(|s| format!("{} {}", s.last_name, s.first_name))
            .collect()
    }

    #[test]
    fn pronote_utf8_fixture_reads_every_field() {
        assert!(
            PRONOTE_UTF8.starts_with(b"\xEF\xBB\xBF"),
            "the fixture must start with a UTF-8 BOM"
        );
        let file = parse(PRONOTE_UTF8, "pronote-utf8.csv");
        assert_eq!(file.source, RosterSource::Pronote, "no ONDE headers here");
        assert_eq!(
            names(&file),
            [
                "LEFÈVRE Éloïse",
                "N'GUESSAN Koffi",
                "ŒUVRAY Chloé",
                "DA SILVA Noé"
            ],
            "four usable rows, in file order, accents decoded and quotes removed"
        );
        assert!(
            file.has_legal_reps,
            "the file has Responsable N - Nom columns"
        );
        assert_eq!(
            (file.uai.clone(), file.school_year, file.exported_on),
            (None, None, None),
            "a CSV export says nothing of the school or the year"
        );

        let eloise = student(&file, "LEFÈVRE");
        assert_eq!(
            eloise.location, "ligne 2",
            "the first row follows the header"
        );
        assert_eq!(eloise.birth_date, date(2010, 5, 3), "dd/mm/yyyy");
        assert_eq!(eloise.sex, Some(Sex::F), "F");
        assert_eq!(eloise.class_name.as_deref(), Some("3A"), "Classe");
        assert_eq!(
            eloise.groups,
            ["Latin", "Anglais LV1"],
            "a quoted cell holding the separator, split on ';'"
        );
        assert_eq!(
            eloise.ine.as_deref(),
            Some("123456789AB"),
            "INE upper-cased"
        );
        assert_eq!(eloise.entry_date, Some(date(2021, 9, 1)), "Date d'entrée");
        assert_eq!(eloise.exit_date, None, "empty Date de sortie");
        assert_eq!(eloise.email, "eloise.lefevre@example.org", "E-mail");
        assert_eq!(eloise.phone, "06 12 34 56 78", "Tél. portable");
        assert_eq!(eloise.mef.as_deref(), Some("10310019110"), "MEF");
        assert_eq!(
            eloise.eleve_id, None,
            "Pronote's Identifiant is not an ELEVE_ID"
        );
        assert_eq!(
            eloise.legal_reps,
            [
                LegalRep {
                    last_name: "LEFÈVRE".into(),
                    first_name: "Sophie".into(),
                    relationship: Relationship::Mere,
                    address: String::new(),
                    phone: "06 98 76 54 32".into(),
                    email: "s.lefevre@example.org".into(),
                },
                LegalRep {
                    last_name: "LEFÈVRE".into(),
                    first_name: "Marc".into(),
                    relationship: Relationship::Pere,
                    address: String::new(),
                    phone: String::new(),
                    email: String::new(),
                },
            ],
            "both representatives, in number order"
        );

        let koffi = student(&file, "N'GUESSAN");
        assert_eq!(koffi.birth_date, date(2011, 1, 7), "d/m/yyyy");
        assert_eq!(koffi.sex, Some(Sex::M), "Masculin");
        assert!(koffi.groups.is_empty(), "an empty Groupes cell is no group");
        assert_eq!(
            koffi.legal_reps.len(),
            1,
            "Responsable 2 is empty on this row, so only the tutor"
        );
        assert_eq!(
            koffi.legal_reps.first().map(|r| r.relationship),
            Some(Relationship::Tuteur),
            "Tutrice"
        );

        let chloe = student(&file, "ŒUVRAY");
        assert_eq!(
            chloe.location, "ligne 5",
            "the previous record spans lines 3-4 (a line break inside quotes)"
        );
        assert_eq!(chloe.sex, Some(Sex::F), "Fille");
        assert_eq!(chloe.exit_date, Some(date(2025, 1, 15)), "Date de sortie");
        assert!(chloe.legal_reps.is_empty(), "no representative named");
        assert_eq!(chloe.ine, None, "empty INE is None");

        let noe = student(&file, "DA SILVA");
        assert_eq!(noe.location, "ligne 9", "after an empty line 8");
        assert_eq!(noe.sex, Some(Sex::M), "Garçon");
        assert_eq!(
            noe.groups,
            ["Euro", "Option théâtre"],
            "groups split on ',' too"
        );
        assert_eq!(
            noe.legal_reps.first().map(|r| r.relationship),
            Some(Relationship::Mere),
            "lower-case « mère »"
        );
    }

    #[test]
    fn pronote_utf8_fixture_skips_bad_date_and_nameless_rows_with_their_lines() {
        let file = parse(PRONOTE_UTF8, "pronote-utf8.csv");
        assert_eq!(
            file.skipped,
            [
                Skipped {
                    location: "ligne 6".into(),
                    name: "MARTIN Théo".into(),
                    reason: "date de naissance « 31/02/2010 » impossible".into(),
                },
                Skipped {
                    location: "ligne 7".into(),
                    name: String::new(),
                    reason: "nom et prénom manquants".into(),
                },
            ],
            "the impossible date and the row without a name, at their physical lines"
        );
    }

    #[test]
    fn pronote_cp1252_fixture_decodes_accents_and_ligatures() {
        assert!(
            PRONOTE_CP1252.contains(&0x9C) && PRONOTE_CP1252.contains(&0x8C),
            "the fixture must really be Windows-1252 (œ = 0x9C, Œ = 0x8C)"
        );
        let file = parse(PRONOTE_CP1252, "pronote-cp1252.csv");
        assert_eq!(file.source, RosterSource::Pronote, "Pronote headers");
        assert!(!file.has_legal_reps, "no Responsable columns");
        assert_eq!(
            names(&file),
            ["LECŒUR Amélie", "DUPONT-ÉTIENNE Jérôme", "FAURE Léonie"],
            "Œ (0x8C) and é (0xE9) decoded, comma-separated, quotes removed"
        );
        let amelie = student(&file, "LECŒUR");
        assert_eq!(
            amelie.groups,
            ["Chœur", "Latin"],
            "œ (0x9C) decoded; a quoted cell holding the comma separator"
        );
        assert_eq!(amelie.ine.as_deref(), Some("456789012DE"), "N° national");
        assert_eq!(amelie.email, "amelie.lecoeur@example.org", "Adresse e-mail");
        assert_eq!(amelie.phone, "07 11 22 33 44", "Téléphone");
        assert_eq!(amelie.mef.as_deref(), Some("10210019110"), "Code MEF");
        assert_eq!(amelie.birth_date, date(2009, 6, 21), "Date de naissance");
        let jerome = student(&file, "DUPONT-ÉTIENNE");
        assert_eq!(jerome.birth_date, date(2009, 9, 2), "d/m/yyyy");
        assert_eq!(
            student(&file, "FAURE").sex,
            Some(Sex::F),
            "Féminin, in Windows-1252"
        );
        assert_eq!(
            file.skipped,
            [Skipped {
                location: "ligne 4".into(),
                name: "BENSAÏD Yanis".into(),
                reason: "code MEF « 102100191 » de 9 caractères au lieu de 11".into(),
            }],
            "a MEF of 9 characters"
        );
    }

    #[test]
    fn pronote_tab_fixture_maps_upper_case_headers_and_eleve_id() {
        let file = parse(PRONOTE_TAB, "pronote-tab.txt");
        assert_eq!(
            names(&file),
            ["PETIT Lucas", "ROUSSEAU Anaïs", "GARNIER Inès"],
            "tab-separated, upper-case headers, padded first name trimmed"
        );
        let lucas = student(&file, "PETIT");
        assert_eq!(lucas.eleve_id.as_deref(), Some("4521"), "ELEVE_ID is kept");
        assert_eq!(lucas.ine, None, "empty INE");
        assert_eq!(lucas.groups, ["Section euro"], "one group");
        assert_eq!(lucas.birth_date, date(2008, 11, 5), "NÉ(E) LE");
        let anais = student(&file, "ROUSSEAU");
        assert_eq!(anais.class_name.as_deref(), Some("2NDE 2"), "quoted class");
        assert_eq!(anais.groups, ["Théâtre", "chant"], "quoted groups");
        assert_eq!(anais.ine.as_deref(), Some("678901234FG"), "INE upper-cased");
        let ines = student(&file, "GARNIER");
        assert_eq!(ines.sex, None, "« X » is no known sex");
        assert_eq!(ines.eleve_id, None, "empty ELEVE_ID");
        assert_eq!(ines.location, "ligne 5", "fifth physical line");
        assert_eq!(
            file.skipped,
            [Skipped {
                location: "ligne 4".into(),
                name: "BERNARD Hugo".into(),
                reason: "date de naissance manquante".into(),
            }],
            "the row without a birth date"
        );
    }

    #[test]
    fn onde_fixture_is_recognised_and_decoded() {
        let file = parse(ONDE, "CSVExtraction.csv");
        assert_eq!(file.source, RosterSource::Onde, "Nom élève / Prénom élève");
        assert!(
            !file.has_legal_reps,
            "no representatives in ONDE's extraction"
        );
        assert_eq!(
            names(&file),
            ["HÉBERT Noémie", "FRANÇOIS Maël", "LŒUILLET Hélène"],
            "Windows-1252 accents and Œ decoded"
        );
        let noemie = student(&file, "HÉBERT");
        assert_eq!(
            noemie.class_name.as_deref(),
            Some("CE2 B"),
            "Libellé classe"
        );
        assert_eq!(noemie.ine.as_deref(), Some("789012345GH"), "INE");
        assert_eq!(noemie.birth_date, date(2017, 3, 12), "Date naissance");
        assert_eq!(
            student(&file, "FRANÇOIS").class_name.as_deref(),
            Some("CE1"),
            "an empty Libellé classe falls back to Niveau"
        );
        assert_eq!(
            student(&file, "LŒUILLET").class_name.as_deref(),
            Some("CM1 les Chœurs"),
            "œ in a class label"
        );
        assert_eq!(
            file.skipped,
            [Skipped {
                location: "ligne 4".into(),
                name: "ROCHE Jules".into(),
                reason: "date de naissance « 3 mars 2016 » illisible (attendu : jj/mm/aaaa)".into(),
            }],
            "a date written in words"
        );
    }

    #[test]
    fn binary_garbage_is_refused_in_french() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let garbage: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        let message = refusal(&garbage, "photo.jpg");
        assert!(
            message.contains("n'est pas un fichier texte CSV") && message.contains("photo.jpg"),
            "says it is not text and names the file: {message}"
        );
    }

    #[test]
    fn excel_workbook_is_refused_with_what_to_do() {
        let message = refusal(b"PK\x03\x04\x14\x00\x06\x00rest", "eleves.xlsx");
        assert!(
            message.contains("classeur Excel") && message.contains("enregistrez-le au format CSV"),
            "says what the file is and what to do: {message}"
        );
    }

    #[test]
    fn empty_file_is_refused() {
        for bytes in [&b""[..], b"\xEF\xBB\xBF", b"\r\n\r\n", b" ; ; \n"] {
            let message = refusal(bytes, "vide.csv");
            assert!(
                message.contains("« vide.csv » est vide"),
                "{bytes:?} is empty: {message}"
            );
        }
    }

    #[test]
    fn header_only_is_refused() {
        let message = refusal("Nom;Prénom;Né(e) le\r\n".as_bytes(), "entete.csv");
        assert!(
            message.contains("ne contient que la ligne d'en-têtes"),
            "a single line has no student: {message}"
        );
    }

    #[test]
    fn no_name_column_lists_the_headers_read() {
        let message = refusal(
            "Matricule;Classe;Né(e) le\n12;3A;01/01/2010\n".as_bytes(),
            "liste.csv",
        );
        assert!(
            message.starts_with(
                "Colonnes « Nom » et « Prénom » introuvables dans « liste.csv » : les en-têtes \
                 lus sont « Matricule », « Classe », « Né(e) le » (séparateur : point-virgule)."
            ),
            "names what is missing and what was read: {message}"
        );
        let message = refusal(
            b"Nom,Classe,Date de naissance\nDUPONT,3A,01/01/2010\n",
            "a.csv",
        );
        assert!(
            message.starts_with("Colonne « Prénom » introuvable"),
            "only the first name is missing: {message}"
        );
        let message = refusal(b"Nom\tPrenom\tClasse\nDUPONT\tLea\t3A\n", "b.csv");
        assert!(
            message.starts_with("Colonne de date de naissance")
                && message.contains("(séparateur : tabulation)"),
            "no birth date column, tab sniffed: {message}"
        );
    }

    #[test]
    fn unterminated_quote_at_the_end_names_its_line() {
        let message = refusal(
            "Nom;Prénom;Né(e) le\nDUPONT;Léa;01/01/2010\nMARTIN;\"Jean;02/02/2010\n".as_bytes(),
            "tronque.csv",
        );
        assert!(
            message.contains("ouverte à la ligne 3") && message.contains("tronqué"),
            "says where the quote opened: {message}"
        );
    }

    #[test]
    fn oversize_file_is_refused_with_size_and_limit() {
        let bytes = vec![b'a'; MAX_FILE_BYTES + 200 * 1024];
        let message = refusal(&bytes, "enorme.csv");
        assert!(
            message.contains("pèse 50,2 Mo") && message.contains("limite de 50 Mo"),
            "gives the size and the limit: {message}"
        );
    }

    #[test]
    fn absurd_shapes_are_refused_without_holding_them() {
        let wide = format!(
            "Nom;Prénom;Né le{}\nA;B;01/01/2010\n",
            ";x".repeat(MAX_COLUMNS)
        );
        let message = refusal(wide.as_bytes(), "large.csv");
        assert!(
            message.contains("plus de 1000 colonnes"),
            "a header of 1,003 columns is not a roster: {message}"
        );
        let mut long = String::from("Nom;Prénom;Né le\n");
        for _ in 0..=MAX_ROWS {
            long.push_str("DUPONT;Léa;01/01/2010\n");
        }
        let message = refusal(long.as_bytes(), "long.csv");
        assert!(
            message.contains("plus de 100\u{202f}000 lignes d'élèves"),
            "100,001 rows are not one establishment: {message}"
        );
        let rows = format!(
            "Nom;Prénom;Né le\nDUPONT;Léa;01/01/2010{}\n",
            ";".repeat(5000)
        );
        let file = parse(rows.as_bytes(), "virgules.csv");
        assert_eq!(
            names(&file),
            ["DUPONT Léa"],
            "a row's 5,000 empty extra fields are dropped, not refused"
        );
    }

    #[test]
    fn quoting_rules_of_rfc_4180() {
        let csv = "Nom,Prénom,Né le,Classe\r\n\
                   \"O\"\"BRIEN\",\"Anne, Marie\",01/02/2010,\"3\r\nA\"\r\n\
                   SMITH,Jo\"e,03/04/2010,3B";
        let file = parse(csv.as_bytes(), "q.csv");
        assert_eq!(
            names(&file),
            ["O\"BRIEN Anne, Marie", "SMITH Jo\"e"],
            "doubled quotes, separator in quotes, a stray quote kept, no final line break"
        );
        let obrien = student(&file, "O\"BRIEN");
        assert_eq!(
            obrien.class_name.as_deref(),
            Some("3\nA"),
            "a line break inside quotes is kept"
        );
        assert_eq!(
            student(&file, "SMITH").location,
            "ligne 4",
            "the quoted line break counts as a physical line"
        );
    }

    #[test]
    fn old_mac_line_endings_and_utf16_are_read() {
        let file = parse(
            b"Nom;Prenom;Date de naissance\rDUPONT;Lea;01/01/2010\r",
            "cr.csv",
        );
        assert_eq!(names(&file), ["DUPONT Lea"], "lone CR ends a line");
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "Nom\tPrénom\tNé(e) le\r\nÉTIÉ\tZoé\t01/01/2010\r\n".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let file = parse(&utf16, "unicode.txt");
        assert_eq!(
            names(&file),
            ["ÉTIÉ Zoé"],
            "Excel's « Texte Unicode » (UTF-16 LE)"
        );
    }

    #[test]
    fn separator_is_sniffed_from_the_header_and_rows() {
        // Commas in the header's texts would split it too; the rows agree with ';' only.
        let csv =
            "Nom;Prénom;Né(e) le;Groupes;Options, langues\nDUPONT;Léa;01/01/2010;A, B, C;x, y\n";
        let file = parse(csv.as_bytes(), "s.csv");
        assert_eq!(
            student(&file, "DUPONT").groups,
            ["A", "B", "C"],
            "';' chosen, the cell split on commas"
        );
    }

    #[test]
    fn header_aliases_are_matched_without_case_or_accents() {
        let keys: Vec<String> = [
            "ADRESSE E-MAIL",
            "Courriel",
            "n° national",
            "NE(E) LE",
            "Date d’entrée",
            "Identifiant",
            "eleve_id",
        ]
        .iter()
        .map(|h| header_key(h))
        .collect();
        assert_eq!(
            find(&keys, EMAIL),
            [0, 1],
            "both e-mail columns, preferred first"
        );
        assert_eq!(find(&keys, INE), [2], "N° national");
        assert_eq!(find(&keys, BIRTH_DATE), [3], "Né(e) le without accent");
        assert_eq!(find(&keys, ENTRY_DATE), [4], "typographic apostrophe");
        assert_eq!(find(&keys, ELEVE_ID), [6], "only ELEVE_ID, not Identifiant");
    }

    #[test]
    fn combined_name_column_is_split_on_upper_case() {
        let csv = "Élève;Né(e) le\nDE LA FONTAINE Jean-Marie;01/01/2010\nDUPONT LEA;02/02/2010\n";
        let file = parse(csv.as_bytes(), "eleve.csv");
        assert_eq!(
            names(&file),
            ["DE LA FONTAINE Jean-Marie"],
            "upper-case words are the last name"
        );
        assert_eq!(
            file.skipped.first().map(|s| s.reason.as_str()),
            Some(
                "nom et prénom indiscernables dans « DUPONT LEA » (le nom de famille doit être en \
                 majuscules, suivi du prénom)"
            ),
            "all upper case cannot be split"
        );
    }

    #[test]
    fn dates_are_read_or_explained() {
        assert_eq!(parse_date("03/05/2010"), Ok(date(2010, 5, 3)), "dd/mm/yyyy");
        assert_eq!(parse_date("3/5/2010"), Ok(date(2010, 5, 3)), "d/m/yyyy");
        assert_eq!(parse_date("2010-05-03"), Ok(date(2010, 5, 3)), "ISO");
        assert_eq!(
            parse_date("03/05/2010 00:00"),
            Ok(date(2010, 5, 3)),
            "a spreadsheet's midnight"
        );
        assert_eq!(
            parse_date("31/02/2010"),
            Err(DateProblem::Impossible),
            "no 31 February"
        );
        assert_eq!(
            parse_date("03/05/10"),
            Err(DateProblem::Unreadable),
            "two-digit year"
        );
        assert_eq!(
            parse_date("3 mai 2010"),
            Err(DateProblem::Unreadable),
            "words"
        );
        assert_eq!(
            parse_date("+3/05/2010"),
            Err(DateProblem::Unreadable),
            "sign"
        );
    }

    #[test]
    fn several_reasons_are_joined() {
        let csv = "Nom;Prénom;Né(e) le;Date de sortie;MEF\nDUPONT;;2010;32/01/2025;1.0031E+10\n";
        let file = parse(csv.as_bytes(), "r.csv");
        assert_eq!(
            file.skipped.first().map(|s| s.reason.as_str()),
            Some(
                "prénom manquant ; date de naissance « 2010 » illisible (attendu : jj/mm/aaaa) ; \
                 date de sortie « 32/01/2025 » impossible ; code MEF « 1.0031E+10 » de 10 \
                 caractères au lieu de 11"
            ),
            "every problem of the row, in column order"
        );
    }

    #[test]
    fn never_panics_on_arbitrary_bytes() {
        let alphabet: &[u8] = b";,\t\"\r\n aZ9/\xC3\xA9\x9C\xFF\x00";
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = usize::try_from(next() % 120).unwrap_or(0);
            let mut bytes = b"Nom;Prenom;Ne le\n".to_vec();
            for _ in 0..len {
                let pick = usize::try_from(next() % alphabet.len() as u64).unwrap_or(0);
                bytes.push(alphabet.get(pick).copied().unwrap_or(b'a'));
            }
            // Only the absence of a panic matters here: any Ok or Err is a fine answer.
            let _ = parse_csv(&bytes, "fuzz.csv");
            let _ = parse_csv(bytes.get(17..).unwrap_or_default(), "fuzz.csv");
        }
    }
}
