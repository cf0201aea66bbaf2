//! Consolidating many schools' anonymous JSON files (MLDS, académie): one column per school and
//! a total, figure by figure and distribution row by distribution row.
//!
//! Files are read with [`read`] / [`parse`], which refuse what is not a bilan of this
//! [`SCHEMA_VERSION`]; [`merge`] refuses mixed versions, mixed school years, an establishment
//! twice and files whose figures differ. Totals are sums, except for the percentages listed in
//! [`RATIOS`], recomputed from the totals of their numerator and denominator.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::sheet::{definitions_sheet, table_name, Cell, Workbook, OVERLAPPING};
use super::{Bilan, Section, SCHEMA_VERSION};
use crate::error::{Error, Result};

/// Figures that are percentages: (figure, numerator, denominator). Their total is
/// `numerator total × 100 / denominator total`, rounded down (0 when the denominator is 0), as
/// each school computes its own.
pub const RATIOS: &[(&str, &str, &str)] = &[(
    "actions_taux_realisation",
    "actions_realisees",
    "actions_decidees",
)];

/// One school of a consolidation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConsolidatedSchool {
    /// The establishment's UAI.
    pub uai: String,
    /// Its name.
    pub establishment: String,
    /// The day its figures were computed.
    pub computed_on: NaiveDate,
}

/// One figure across the schools.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConsolidatedFigure {
    /// Stable identifier (`pafi_commences`).
    pub id: String,
    /// French label.
    pub label: String,
    /// Which records, which dates.
    pub definition: String,
    /// One value per school, in the order of [`Consolidated::schools`].
    pub values: Vec<u32>,
    /// The sum of the values, or for a percentage the rate of the totals (see [`RATIOS`]).
    pub total: u32,
    /// Whether the figure is a percentage whose total is recomputed, not summed.
    pub percent: bool,
}

/// One row of a distribution across the schools.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConsolidatedShare {
    /// Stable key (`16_18`).
    pub key: String,
    /// French label.
    pub label: String,
    /// One count per school, in the order of [`Consolidated::schools`].
    pub counts: Vec<u32>,
    /// Their sum.
    pub total: u32,
}

/// A distribution across the schools.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConsolidatedDistribution {
    /// Stable identifier (`pafi_age`).
    pub id: String,
    /// French label.
    pub label: String,
    /// Which records.
    pub definition: String,
    /// Rows, in the bilan's order.
    pub rows: Vec<ConsolidatedShare>,
}

/// A section across the schools.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConsolidatedSection {
    /// Stable identifier.
    pub id: String,
    /// French title.
    pub title: String,
    /// Figures.
    pub figures: Vec<ConsolidatedFigure>,
    /// Distributions.
    pub distributions: Vec<ConsolidatedDistribution>,
}

/// Many schools' bilans of one school year, side by side with their totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "BilanConsolidated"))]
#[serde(rename_all = "camelCase")]
pub struct Consolidated {
    /// The schema version all the files follow ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// "2026-2027".
    pub school_year: String,
    /// The schools, sorted by UAI: the order of every `values` and `counts`.
    pub schools: Vec<ConsolidatedSchool>,
    /// Sections, in the bilan's order.
    pub sections: Vec<ConsolidatedSection>,
}

/// Reads an establishment's anonymous JSON file (see [`parse`]).
pub fn read(path: &Path) -> Result<Bilan> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    let text = String::from_utf8(bytes).map_err(|_| {
        not_a_bilan(
            &name,
            "le fichier n'est pas du texte UTF-8, comme l'est un export JSON",
        )
    })?;
    parse(&text, &name)
}

/// Reads an establishment's anonymous JSON (`name` is the file's name, for the messages).
/// Refuses what is not JSON, not a bilan, or a bilan of another [`SCHEMA_VERSION`].
pub fn parse(text: &str, name: &str) -> Result<Bilan> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match serde_json::from_str::<Bilan>(text) {
        Ok(b) => {
            check_version(b.schema_version, name)?;
            Ok(b)
        }
        Err(error) => {
            // Say why: not JSON at all, another version, or JSON of something else.
            let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
                not_a_bilan(
                    name,
                    &format!(
                        "ce n'est pas du JSON valide : ligne {}, colonne {}",
                        e.line(),
                        e.column()
                    ),
                )
            })?;
            if value.get("format").and_then(serde_json::Value::as_str) == Some("accroche-export") {
                return Err(Error::Format(format!(
                    "Le fichier {name} est l'export complet d'un dossier Accroche, avec les données des élèves, et non un bilan anonyme : ne le diffusez pas. Demandez à l'établissement le fichier JSON exporté depuis son bilan annuel."
                )));
            }
            let version = value
                .get("schemaVersion")
                .and_then(serde_json::Value::as_u64);
            match version.filter(|_| value.get("sections").is_some()) {
                None => Err(not_a_bilan(
                    name,
                    "il n'a pas les champs « schemaVersion » et « sections » d'un bilan",
                )),
                Some(v) => {
                    check_version(u32::try_from(v).unwrap_or(u32::MAX), name)?;
                    let msg = error.to_string();
                    let why = match msg
                        .strip_prefix("missing field `")
                        .and_then(|rest| rest.split('`').next())
                    {
                        Some(field) => format!("il manque le champ « {field} »"),
                        None => format!(
                            "un champ manque ou n'a pas la forme attendue, ligne {}, colonne {}",
                            error.line(),
                            error.column()
                        ),
                    };
                    Err(not_a_bilan(name, &why))
                }
            }
        }
    }
}

fn not_a_bilan(name: &str, why: &str) -> Error {
    Error::Format(format!(
        "Le fichier {name} n'est pas un bilan Accroche ({why}). Choisissez les fichiers JSON exportés depuis le bilan annuel de chaque établissement."
    ))
}

fn check_version(found: u32, name: &str) -> Result<()> {
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    let fix = if found > SCHEMA_VERSION {
        "Mettez Accroche à jour pour le consolider, ou demandez à l'établissement de l'exporter de nouveau avec la même version d'Accroche que les autres."
    } else {
        "Demandez à l'établissement de l'exporter de nouveau avec la même version d'Accroche que les autres."
    };
    Err(Error::Format(format!(
        "Le fichier {name} suit la version {found} du schéma des bilans ; cette version d'Accroche consolide la version {SCHEMA_VERSION}. {fix}"
    )))
}

/// `items` as "0541234A (2025-2026), 0579876B (2026-2027)": grouped by value, each group's
/// first UAIs named, then how many more.
fn listing(items: &[(&str, String)]) -> String {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for (uai, value) in items {
        match groups.iter_mut().find(|(v, _)| v == value) {
            Some((_, uais)) => uais.push(uai),
            None => groups.push((value.clone(), vec![uai])),
        }
    }
    let singles = groups.iter().all(|(_, u)| u.len() == 1);
    let parts: Vec<String> = groups
        .iter()
        .map(|(value, uais)| {
            let named = uais.iter().take(3).copied().collect::<Vec<_>>().join(", ");
            match uais.len() {
                n if n > 3 => format!("{named} et {} autres ({value})", n - 3),
                _ => format!("{named} ({value})"),
            }
        })
        .collect();
    parts.join(if singles { ", " } else { " ; " })
}

fn add(total: u32, value: u32, what: &str) -> Result<u32> {
    total.checked_add(value).ok_or_else(|| {
        Error::Format(format!(
            "Le total de « {what} » dépasse ce qu'Accroche sait compter : l'un des fichiers porte une valeur aberrante. Vérifiez les fichiers."
        ))
    })
}

/// The section, figure and distribution ids of `b`, refusing duplicates.
fn check_unique(b: &Bilan) -> Result<()> {
    let mut seen = HashSet::new();
    for s in &b.sections {
        for id in std::iter::once(&s.id)
            .chain(s.figures.iter().map(|f| &f.id))
            .chain(s.distributions.iter().map(|d| &d.id))
        {
            if !seen.insert(id.as_str()) {
                return Err(Error::Format(format!(
                    "Le bilan de l'établissement {} compte deux fois « {id} » : le fichier a été modifié à la main. Exportez-le de nouveau depuis Accroche.",
                    b.uai
                )));
            }
        }
        for d in &s.distributions {
            let mut keys = HashSet::new();
            if let Some(k) = d.rows.iter().find(|r| !keys.insert(r.key.as_str())) {
                return Err(Error::Format(format!(
                    "Le bilan de l'établissement {} compte deux fois la catégorie « {} » du tableau « {} » : le fichier a été modifié à la main. Exportez-le de nouveau depuis Accroche.",
                    b.uai, k.key, d.id
                )));
            }
        }
    }
    Ok(())
}

/// The items of `items` (one school's) in the order of `wanted` (the reference school's keys),
/// refusing one missing or one more. `what` names an item (« l'indicateur »), `within` says
/// where (« du tableau « pafi_age » »), for the message.
fn pair<'a, T>(
    items: &'a [T],
    wanted: &[&str],
    key: impl Fn(&T) -> &str,
    (what, within): (&str, &str),
    (uai, reference): (&str, &str),
) -> Result<Vec<&'a T>> {
    let tail = "alors qu'ils suivent la même version du schéma : l'un des fichiers a été modifié. Exportez-les de nouveau depuis Accroche, puis consolidez-les.";
    let mut out = Vec::with_capacity(wanted.len());
    for (i, w) in wanted.iter().enumerate() {
        let found = match items.get(i) {
            Some(x) if key(x) == *w => Some(x),
            _ => items.iter().find(|x| key(x) == *w),
        };
        match found {
            Some(x) => out.push(x),
            None => {
                return Err(Error::Format(format!(
                    "Le bilan de {uai} n'a pas {what} « {w} »{within} que porte celui de {reference}, {tail}"
                )))
            }
        }
    }
    if let Some(extra) = items.iter().map(&key).find(|k| !wanted.contains(k)) {
        return Err(Error::Format(format!(
            "Le bilan de {uai} porte {what} « {extra} »{within} que n'a pas celui de {reference}, {tail}"
        )));
    }
    Ok(out)
}

/// Consolidates the bilans of one school year: the schools sorted by UAI, each figure's and
/// distribution row's values per school and their total. Refuses an empty list, mixed schema
/// versions or school years, an establishment twice, and files whose figures or categories
/// differ.
pub fn merge(files: &[Bilan]) -> Result<Consolidated> {
    if files.is_empty() {
        return Err(Error::Format(
            "Aucun bilan à consolider : choisissez au moins un fichier JSON exporté depuis le bilan annuel d'un établissement.".into(),
        ));
    }
    let versions: Vec<(&str, String)> = files
        .iter()
        .map(|b| (b.uai.as_str(), format!("version {}", b.schema_version)))
        .collect();
    if files
        .iter()
        .any(|b| b.schema_version != files[0].schema_version)
    {
        return Err(Error::Format(format!(
            "Les bilans ne suivent pas la même version du schéma : {}. Demandez aux établissements de les exporter de nouveau avec la même version d'Accroche.",
            listing(&versions)
        )));
    }
    if files[0].schema_version != SCHEMA_VERSION {
        return Err(Error::Format(format!(
            "Les bilans suivent la version {} du schéma ; cette version d'Accroche consolide la version {SCHEMA_VERSION}. Consolidez-les avec la version d'Accroche qui les a exportés, ou faites-les exporter de nouveau avec la vôtre.",
            files[0].schema_version
        )));
    }
    if files.iter().any(|b| b.school_year != files[0].school_year) {
        let years: Vec<(&str, String)> = files
            .iter()
            .map(|b| (b.uai.as_str(), b.school_year.clone()))
            .collect();
        return Err(Error::Format(format!(
            "Les bilans ne portent pas sur la même année scolaire : {}. Consolidez les bilans d'une seule année.",
            listing(&years)
        )));
    }
    let mut order: Vec<&Bilan> = files.iter().collect();
    order.sort_by(|a, b| {
        a.uai
            .trim()
            .to_uppercase()
            .cmp(&b.uai.trim().to_uppercase())
    });
    for pair in order.windows(2) {
        if pair[0].uai.trim().eq_ignore_ascii_case(pair[1].uai.trim()) {
            return Err(Error::Format(format!(
                "Le bilan de l'établissement {} figure deux fois : retirez l'un des deux fichiers, puis consolidez de nouveau.",
                pair[0].uai
            )));
        }
    }
    let reference = order[0];
    for b in &order {
        check_unique(b)?;
    }
    let n = order.len();
    let section_ids: Vec<&str> = reference.sections.iter().map(|s| s.id.as_str()).collect();
    let mut sections_of = Vec::with_capacity(n);
    for b in &order {
        let found = pair(
            &b.sections,
            &section_ids,
            |s| &s.id,
            ("la partie", ""),
            (&b.uai, &reference.uai),
        )?;
        sections_of.push(found);
    }
    let mut sections = Vec::with_capacity(reference.sections.len());
    for (si, rs) in reference.sections.iter().enumerate() {
        let mut figures: Vec<ConsolidatedFigure> = rs
            .figures
            .iter()
            .map(|f| ConsolidatedFigure {
                id: f.id.clone(),
                label: f.label.clone(),
                definition: f.definition.clone(),
                values: Vec::with_capacity(n),
                total: 0,
                percent: false,
            })
            .collect();
        let mut distributions: Vec<ConsolidatedDistribution> = rs
            .distributions
            .iter()
            .map(|d| ConsolidatedDistribution {
                id: d.id.clone(),
                label: d.label.clone(),
                definition: d.definition.clone(),
                rows: d
                    .rows
                    .iter()
                    .map(|r| ConsolidatedShare {
                        key: r.key.clone(),
                        label: r.label.clone(),
                        counts: Vec::with_capacity(n),
                        total: 0,
                    })
                    .collect(),
            })
            .collect();
        let figure_ids: Vec<&str> = rs.figures.iter().map(|f| f.id.as_str()).collect();
        let distribution_ids: Vec<&str> = rs.distributions.iter().map(|d| d.id.as_str()).collect();
        for (b, theirs) in order.iter().zip(&sections_of) {
            let who = (b.uai.as_str(), reference.uai.as_str());
            let s = theirs[si];
            let within = format!(" (partie « {} »)", rs.id);
            let found = pair(
                &s.figures,
                &figure_ids,
                |f| &f.id,
                ("l'indicateur", &within),
                who,
            )?;
            for (cf, f) in figures.iter_mut().zip(found) {
                cf.total = add(cf.total, f.value, &cf.label)?;
                cf.values.push(f.value);
            }
            let found = pair(
                &s.distributions,
                &distribution_ids,
                |d| &d.id,
                ("le tableau", &within),
                who,
            )?;
            for (cd, d) in distributions.iter_mut().zip(found) {
                let keys: Vec<&str> = cd.rows.iter().map(|r| r.key.as_str()).collect();
                let within = format!(" du tableau « {} »", cd.id);
                let found = pair(&d.rows, &keys, |r| &r.key, ("la catégorie", &within), who)?;
                for (cr, r) in cd.rows.iter_mut().zip(found) {
                    cr.total = add(cr.total, r.count, &cr.label)?;
                    cr.counts.push(r.count);
                }
            }
        }
        sections.push(ConsolidatedSection {
            id: rs.id.clone(),
            title: rs.title.clone(),
            figures,
            distributions,
        });
    }
    for (id, numerator, denominator) in RATIOS {
        let total_of = |wanted: &str| {
            sections
                .iter()
                .flat_map(|s| &s.figures)
                .find(|f| f.id == wanted)
                .map(|f| u64::from(f.total))
        };
        if total_of(id).is_none() {
            continue;
        }
        let (Some(num), Some(den)) = (total_of(numerator), total_of(denominator)) else {
            return Err(Error::Format(format!(
                "Les bilans portent le taux « {id} » sans « {numerator} » ni « {denominator} » dont il se calcule : exportez-les de nouveau depuis Accroche."
            )));
        };
        let rate = (num * 100).checked_div(den).unwrap_or(0);
        if let Some(f) = sections
            .iter_mut()
            .flat_map(|s| &mut s.figures)
            .find(|f| f.id == *id)
        {
            f.total = u32::try_from(rate).unwrap_or(u32::MAX);
            f.percent = true;
        }
    }
    Ok(Consolidated {
        schema_version: reference.schema_version,
        school_year: reference.school_year.clone(),
        schools: order
            .iter()
            .map(|b| ConsolidatedSchool {
                uai: b.uai.clone(),
                establishment: b.establishment.clone(),
                computed_on: b.computed_on,
            })
            .collect(),
        sections,
    })
}

/// The consolidation as an XLSX workbook: « Établissements » (UAI, name, the day each school's
/// figures were computed), one sheet per section (a row per figure, a column per school by UAI,
/// then « Total »), one per distribution (a row per category, the same columns, then a
/// « Total » row when categories do not overlap) and « Définitions ». Numbers are numbers.
pub fn consolidated_xlsx(c: &Consolidated) -> Result<Vec<u8>> {
    let mut wb = Workbook::default();
    let mut schools = wb.sheet("Établissements", &[12.0, 50.0, 20.0]);
    schools.row(vec![Cell::title(format!(
        "Bilan consolidé {} : {} établissement{}",
        c.school_year,
        c.schools.len(),
        if c.schools.len() > 1 { "s" } else { "" }
    ))]);
    schools.blank();
    schools.header(&["UAI", "Établissement", "Chiffres arrêtés le"]);
    for s in &c.schools {
        schools.row(vec![
            Cell::text(&s.uai),
            Cell::text(&s.establishment),
            Cell::text(s.computed_on.format("%d/%m/%Y").to_string()),
        ]);
    }
    wb.push(schools);
    let mut header: Vec<String> = Vec::with_capacity(c.schools.len() + 2);
    let widths = |first: f64| {
        let mut w = vec![first];
        w.extend(std::iter::repeat_n(11.0, c.schools.len()));
        w.push(11.0);
        w
    };
    for s in &c.sections {
        header.clear();
        header.push("Indicateur".into());
        header.extend(c.schools.iter().map(|s| s.uai.clone()));
        header.push("Total".into());
        let mut sheet = wb.sheet(&table_name(&s.id, &s.title), &widths(52.0));
        sheet.header(&header);
        for f in &s.figures {
            let mut row = vec![Cell::text(&f.label)];
            row.extend(f.values.iter().map(|v| Cell::int(*v)));
            row.push(Cell::bold_int(f.total));
            sheet.row(row);
        }
        if s.figures.iter().any(|f| f.percent) {
            sheet.blank();
            sheet.row(vec![Cell::text(
                "Les taux (%) ne s'additionnent pas : leur total est recalculé sur les totaux des établissements.",
            )]);
        }
        wb.push(sheet);
        for d in &s.distributions {
            header[0] = "Catégorie".into();
            let mut sheet = wb.sheet(&table_name(&d.id, &d.label), &widths(44.0));
            sheet.header(&header);
            for r in &d.rows {
                let mut row = vec![Cell::text(&r.label)];
                row.extend(r.counts.iter().map(|v| Cell::int(*v)));
                row.push(Cell::bold_int(r.total));
                sheet.row(row);
            }
            if !OVERLAPPING.iter().any(|(id, _)| *id == d.id) {
                let mut row = vec![Cell::bold("Total")];
                let mut all: u64 = 0;
                for i in 0..c.schools.len() {
                    let sum: u64 = d
                        .rows
                        .iter()
                        .map(|r| r.counts.get(i).copied().map_or(0, u64::from))
                        .sum();
                    all += sum;
                    row.push(Cell::bold_int(sum));
                }
                row.push(Cell::bold_int(all));
                sheet.row(row);
            }
            sheet.blank();
            sheet.row(vec![Cell::text(format!("{} : {}", d.label, d.definition))]);
            wb.push(sheet);
        }
    }
    let plain: Vec<Section> = c
        .sections
        .iter()
        .map(|s| Section {
            id: s.id.clone(),
            title: s.title.clone(),
            figures: s
                .figures
                .iter()
                .map(|f| super::Figure {
                    id: f.id.clone(),
                    label: f.label.clone(),
                    value: f.total,
                    definition: f.definition.clone(),
                })
                .collect(),
            distributions: s
                .distributions
                .iter()
                .map(|d| super::Distribution {
                    id: d.id.clone(),
                    label: d.label.clone(),
                    rows: Vec::new(),
                    definition: d.definition.clone(),
                })
                .collect(),
        })
        .collect();
    let definitions = definitions_sheet(&mut wb, &plain);
    wb.push(definitions);
    wb.finish()
}

/// The consolidation as JSON (pretty-printed, with a final line break).
pub fn consolidated_json(c: &Consolidated) -> Result<String> {
    Ok(serde_json::to_string_pretty(c)? + "\n")
}

/// Reads and merges schools' anonymous JSON files (the CLI's and the window's consolidation).
pub fn merge_files<P: AsRef<Path>>(paths: &[P]) -> Result<Consolidated> {
    if paths.is_empty() {
        return Err(Error::invalid(
            "paths",
            "Choisissez les fichiers JSON des bilans à consolider.",
        ));
    }
    let bilans = paths
        .iter()
        .map(|p| read(p.as_ref()))
        .collect::<Result<Vec<_>>>()?;
    merge(&bilans)
}

/// Writes a consolidation at `path`, whole or not at all: a workbook for `.xlsx`, the JSON for
/// `.json`; any other extension is refused.
pub fn write(c: &Consolidated, path: &Path) -> Result<()> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let bytes = match ext.as_str() {
        "xlsx" => consolidated_xlsx(c)?,
        "json" => consolidated_json(c)?.into_bytes(),
        _ => {
            return Err(Error::invalid(
                "path",
                format!(
                    "{} : la consolidation s'écrit dans un fichier .xlsx (classeur) ou .json.",
                    path.display()
                ),
            ))
        }
    };
    crate::files::write_whole(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_name_each_school_or_group_them() {
        let two = [
            ("0541234A", "2025-2026".into()),
            ("0579876B", "2026-2027".into()),
        ];
        assert_eq!(listing(&two), "0541234A (2025-2026), 0579876B (2026-2027)");
        let many: Vec<(&str, String)> = ["A", "B", "C", "D", "E"]
            .iter()
            .map(|u| (*u, "2026-2027".to_owned()))
            .chain([("F", "2025-2026".to_owned())])
            .collect();
        assert_eq!(
            listing(&many),
            "A, B, C et 2 autres (2026-2027) ; F (2025-2026)"
        );
    }
}
