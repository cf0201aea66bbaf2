//! Document templates: one per document type, in `assets/templates/<type>.md.j2` (minijinja
//! syntax producing block markup, see [`super::markup`]), embedded at compile time.
//!
//! An article an establishment may adapt is a template block (`{% block article_objet %}`…
//! `{% endblock %}`); its adapted text is stored in the case file and applied by extending the
//! base template, so the rest of the document keeps following the shipped text. The version of
//! the text a document was made from is `<base version>` or `<base version>.<revision>` once
//! the establishment adapted it.

use minijinja::{Environment, UndefinedBehavior};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::registry::coded_enum;

coded_enum! {
    /// The kinds of documents Accroche prints.
    DocumentType {
        /// Compte-rendu de séance du GPDS.
        CompteRenduGpds = "compte_rendu_gpds" / "Compte-rendu de séance du GPDS",
        /// Contrat de parcours aménagé de formation initiale.
        ContratPafi = "contrat_pafi" / "Contrat PAFI",
        /// Convention de stage ou d'accueil (a PAFI activity's host).
        ConventionStage = "convention_stage" / "Convention de stage ou d'accueil",
        /// Bilan de parcours PAFI.
        BilanPafi = "bilan_pafi" / "Bilan de parcours PAFI",
        /// Contrat d'alliance éducative (with the family).
        ContratAlliance = "contrat_alliance" / "Contrat d'alliance éducative",
        /// Convention de partenariat (with an external partner).
        ConventionPartenariat = "convention_partenariat" / "Convention de partenariat",
        /// Charte de déontologie (each member of an alliance).
        CharteDeontologie = "charte_deontologie" / "Charte de déontologie",
        /// Compte-rendu d'alliance éducative.
        CompteRenduAlliance = "compte_rendu_alliance" / "Compte-rendu d'alliance éducative",
    }
}

/// The shipped text of a document type and its version.
pub struct Shipped {
    /// The minijinja source.
    pub source: &'static str,
    /// Raised whenever the shipped wording changes.
    pub version: u32,
}

impl DocumentType {
    /// The shipped template.
    pub fn shipped(self) -> Shipped {
        let source = match self {
            DocumentType::CompteRenduGpds => {
                include_str!("../../../../assets/templates/compte_rendu_gpds.md.j2")
            }
            DocumentType::ContratPafi => {
                include_str!("../../../../assets/templates/contrat_pafi.md.j2")
            }
            DocumentType::ConventionStage => {
                include_str!("../../../../assets/templates/convention_stage.md.j2")
            }
            DocumentType::BilanPafi => {
                include_str!("../../../../assets/templates/bilan_pafi.md.j2")
            }
            DocumentType::ContratAlliance => {
                include_str!("../../../../assets/templates/contrat_alliance.md.j2")
            }
            DocumentType::ConventionPartenariat => {
                include_str!("../../../../assets/templates/convention_partenariat.md.j2")
            }
            DocumentType::CharteDeontologie => {
                include_str!("../../../../assets/templates/charte_deontologie.md.j2")
            }
            DocumentType::CompteRenduAlliance => {
                include_str!("../../../../assets/templates/compte_rendu_alliance.md.j2")
            }
        };
        Shipped {
            source,
            version: version_of(source),
        }
    }

    /// The type's example data (invented people, `assets/templates/examples/<type>.json`): the
    /// data contract of the type, used to check an adapted article and to preview the template.
    pub fn example(self) -> Result<serde_json::Value> {
        let text = match self {
            DocumentType::CompteRenduGpds => {
                include_str!("../../../../assets/templates/examples/compte_rendu_gpds.json")
            }
            DocumentType::ContratPafi => {
                include_str!("../../../../assets/templates/examples/contrat_pafi.json")
            }
            DocumentType::ConventionStage => {
                include_str!("../../../../assets/templates/examples/convention_stage.json")
            }
            DocumentType::BilanPafi => {
                include_str!("../../../../assets/templates/examples/bilan_pafi.json")
            }
            DocumentType::ContratAlliance => {
                include_str!("../../../../assets/templates/examples/contrat_alliance.json")
            }
            DocumentType::ConventionPartenariat => {
                include_str!("../../../../assets/templates/examples/convention_partenariat.json")
            }
            DocumentType::CharteDeontologie => {
                include_str!("../../../../assets/templates/examples/charte_deontologie.json")
            }
            DocumentType::CompteRenduAlliance => {
                include_str!("../../../../assets/templates/examples/compte_rendu_alliance.json")
            }
        };
        serde_json::from_str(text).map_err(|e| {
            Error::Format(format!(
                "L'exemple du modèle « {} » est illisible : {e}.",
                self.label_text()
            ))
        })
    }

    /// The articles (template blocks) an establishment may adapt, in order of appearance.
    pub fn clauses(self) -> Vec<String> {
        let src = self.shipped().source;
        src.match_indices("{% block ")
            .filter_map(|(i, _)| {
                let rest = &src[i + 9..];
                rest.split_whitespace().next().map(str::to_owned)
            })
            .collect()
    }
}

/// The version declared on the template's first line: `{# version: 3 #}` (1 if absent).
fn version_of(source: &str) -> u32 {
    source
        .lines()
        .next()
        .and_then(|l| l.trim().strip_prefix("{# version:"))
        .and_then(|l| l.trim().strip_suffix("#}"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

/// An article adapted by the establishment: the block's name and its new text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Clause {
    /// The template block (`article_objet`).
    pub block: String,
    /// Its text, in block markup (may use the same placeholders).
    pub text: String,
}

/// dd/mm/yyyy from an ISO date (or date-time). A missing date is an error, never "none".
fn date_filter(value: minijinja::Value) -> std::result::Result<String, minijinja::Error> {
    let text = value.as_str().ok_or_else(|| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            "une date attendue est absente",
        )
    })?;
    let day = text.get(..10).unwrap_or(text);
    Ok(match chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        Ok(d) => d.format("%d/%m/%Y").to_string(),
        Err(_) => text.to_owned(),
    })
}

/// HH:MM from an ISO date-time.
fn time_filter(value: String) -> String {
    value.get(11..16).map_or(value.clone(), str::to_owned)
}

/// Fills the template of `kind` with `data`, applying the establishment's adapted `clauses`;
/// returns block markup. A placeholder missing from the data is an error naming it.
pub fn fill(kind: DocumentType, data: &serde_json::Value, clauses: &[Clause]) -> Result<String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    // Data is text, never markup: a name holding `|` or `*`, or starting with `- `, stays itself.
    env.set_formatter(|out, state, value| {
        if value.is_safe() {
            return minijinja::escape_formatter(out, state, value);
        }
        let text = if value.is_none() || value.is_undefined() {
            String::new()
        } else {
            value.to_string()
        };
        out.write_str(&super::markup::escape(&text))
            .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "écriture"))
    });
    env.add_filter("date", date_filter);
    env.add_filter("heure", time_filter);
    let shipped = kind.shipped().source;
    let child = (!clauses.is_empty()).then(|| {
        let mut child = String::from("{% extends \"base\" %}\n");
        for c in clauses {
            child.push_str(&format!(
                "{{% block {} %}}\n{}\n{{% endblock %}}\n",
                c.block, c.text
            ));
        }
        child
    });
    let bad = |e: minijinja::Error| {
        // Name the line and its placeholders: "undefined value" alone helps nobody.
        let source = match e.name() {
            Some("base") => Some(shipped),
            Some("adapted") => child.as_deref(),
            _ => None,
        };
        let line = e.line().and_then(|n| {
            let text = source.and_then(|s| s.lines().nth(n.saturating_sub(1)))?;
            // A line number of the shipped template helps whoever maintains it; in an adapted
            // article the user recognises the line itself.
            Some(if e.name() == Some("base") {
                format!(" (ligne {n} : « {} »)", text.trim())
            } else {
                format!(" (« {} »)", text.trim())
            })
        });
        let what = match e.kind() {
            minijinja::ErrorKind::UndefinedError => "une donnée manque".to_owned(),
            _ => e
                .detail()
                .map_or_else(|| e.kind().to_string(), str::to_owned),
        };
        Error::Format(format!(
            "Le modèle « {} » n'a pas pu être rempli : {what}{}.",
            kind.label_text(),
            line.unwrap_or_default()
        ))
    };
    env.add_template("base", shipped).map_err(bad)?;
    let name = match &child {
        None => "base",
        Some(child) => {
            env.add_template_owned("adapted", child.clone())
                .map_err(bad)?;
            "adapted"
        }
    };
    env.get_template(name)
        .and_then(|t| t.render(data))
        .map_err(bad)
}

impl DocumentType {
    fn label_text(self) -> &'static str {
        crate::registry::Coded::label(self)
    }
}

/// An adaptable article of a document type: its shipped text and the establishment's, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ClauseText {
    /// The template block.
    pub block: String,
    /// The shipped text.
    pub shipped: String,
    /// The establishment's text, when adapted.
    pub adapted: Option<String>,
}

/// The shipped text of a block (between its `{% block %}` and `{% endblock %}`).
fn shipped_block(kind: DocumentType, block: &str) -> Option<String> {
    let src = kind.shipped().source;
    let open = format!("{{% block {block} %}}");
    let start = src.find(&open)? + open.len();
    let end = src[start..].find("{% endblock %}")? + start;
    Some(src[start..end].trim().to_owned())
}

/// A document type's template as the establishment uses it: its current version and articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TemplateClauses {
    /// The version stored with the next document: `1`, or `1.2` once adapted twice.
    pub version: String,
    /// The adaptable articles, in the order of the document.
    pub clauses: Vec<ClauseText>,
}

/// The adaptable articles of a type, with the establishment's texts.
pub fn clause_texts(cf: &crate::casefile::CaseFile, kind: DocumentType) -> Result<TemplateClauses> {
    let (adapted, version) = super::registry::clauses(cf.conn(), kind)?;
    let clauses = kind
        .clauses()
        .into_iter()
        .map(|block| ClauseText {
            shipped: shipped_block(kind, &block).unwrap_or_default(),
            adapted: adapted
                .iter()
                .find(|c| c.block == block)
                .map(|c| c.text.clone()),
            block,
        })
        .collect();
    Ok(TemplateClauses { version, clauses })
}

/// Adapts (or, with `None`, restores) an article of a type. The type's template version gets a
/// new revision, stored with every document made afterwards; documents already made keep theirs.
/// The new text must fill without error with the type's example data — a misspelt placeholder
/// is refused here, not discovered when a contract must be printed.
pub fn set_clause(
    cf: &mut crate::casefile::CaseFile,
    kind: DocumentType,
    block: &str,
    text: Option<&str>,
) -> Result<TemplateClauses> {
    if !kind.clauses().iter().any(|b| b == block) {
        return Err(Error::invalid(
            "block",
            "Cet article n'existe pas dans ce modèle.",
        ));
    }
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    if let Some(t) = text {
        if t.contains("{% block") || t.contains("{% extends") || t.contains("{% endblock") {
            return Err(Error::invalid(
                "text",
                "Le texte d'un article ne peut pas contenir de bloc de modèle ({% block %}).",
            ));
        }
        let (mut clauses, _) = super::registry::clauses(cf.conn(), kind)?;
        clauses.retain(|c| c.block != block);
        clauses.push(Clause {
            block: block.to_owned(),
            text: t.to_owned(),
        });
        let filled = fill(kind, &kind.example()?, &clauses).map_err(|e| {
            Error::invalid(
                "text",
                format!(
                    "{} Vérifiez les éléments entre {{{{ }}}} et {{% %}} : ils doivent reprendre ceux du texte d'origine.",
                    e.to_string().replace("n'a pas pu être rempli", "ne peut pas être rempli avec ce texte")
                ),
            )
        })?;
        super::markup::parse(&filled).map_err(|e| Error::invalid("text", e.to_string()))?;
    }
    cf.write(|tx| {
        let conn = tx.conn();
        match text {
            Some(t) => conn.execute(
                "INSERT INTO template_clause (kind, block, text, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (kind, block) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                rusqlite::params![crate::registry::Coded::code(kind), block, t, tx.at()],
            )?,
            None => conn.execute(
                "DELETE FROM template_clause WHERE kind = ?1 AND block = ?2",
                rusqlite::params![crate::registry::Coded::code(kind), block],
            )?,
        };
        conn.execute(
            "INSERT INTO template_revision (kind, revision) VALUES (?1, 1)
             ON CONFLICT (kind) DO UPDATE SET revision = revision + 1",
            [crate::registry::Coded::code(kind)],
        )?;
        tx.journal(crate::casefile::JournalDraft {
            entity: "template",
            entity_id: None,
            student_id: None,
            summary: format!(
                "Modèle « {} » : article {block} {}",
                kind.label_text(),
                if text.is_some() { "adapté" } else { "rétabli" }
            ),
            changes: Vec::new(),
        })
    })?;
    clause_texts(cf, kind)
}
