//! The registry: the establishment, its students, staff and partner organisations.
//!
//! Owns validation of what users type (French messages naming the field) and the journal
//! entries of registry changes. Must not touch GPDS, PAFI or alliance tables: those mechanisms
//! refer to registry ids and keep their own rules.

mod establishment;
mod partners;
mod staff;
mod students;

pub use establishment::{
    create_case_file, establishment, establishment_logo, update_establishment, Establishment,
    EstablishmentInput, EstablishmentKind, Logo,
};
pub use partners::{
    create_partner, list_partners, partner, set_partner_archived, update_partner, Contact, Partner,
    PartnerInput, PartnerKind,
};
pub use staff::{
    create_staff, list_staff, set_staff_archived, staff_member, update_staff, Staff, StaffInput,
    StaffRole,
};
pub use students::{
    create_student, list_students, set_student_archived, student, update_student, LegalRep,
    Relationship, Sex, Student, StudentInput, StudentRow, Track,
};

pub(crate) use partners::insert_partner;
pub(crate) use staff::insert_staff;
pub(crate) use students::{
    insert_student, manual_fields, set_manual_fields, student_snapshot, validate_student,
    write_student_row,
};

use crate::casefile::Change;
use crate::error::{Error, Result};

/// A record shown as (French label, displayed value) pairs, for journal diffs.
pub(crate) type Fields = Vec<(&'static str, Option<String>)>;

/// The changes between two renderings of a record; on creation pass an empty `before`.
pub(crate) fn diff(before: &Fields, after: &Fields) -> Vec<Change> {
    let old = |label: &str| {
        before
            .iter()
            .find(|(l, _)| *l == label)
            .and_then(|(_, v)| v.clone())
    };
    after
        .iter()
        .filter_map(|(label, new)| {
            let was = old(label);
            (was != *new).then(|| Change {
                field: (*label).to_owned(),
                before: was,
                after: new.clone(),
            })
        })
        .collect()
}

/// The journal's change line for archiving (`true`) or restoring (`false`) a record.
pub(crate) fn archive_change(archived: bool) -> Change {
    let (before, after) = if archived {
        ("non", "oui")
    } else {
        ("oui", "non")
    };
    Change {
        field: "Archivé".into(),
        before: Some(before.into()),
        after: Some(after.into()),
    }
}

/// Some(value) unless blank.
pub(crate) fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// A required text field, trimmed.
pub(crate) fn required(value: &str, field: &str, message: &str) -> Result<String> {
    non_empty(value).ok_or_else(|| Error::invalid(field, message))
}

/// An optional e-mail address: blank, or something@domain.tld.
pub(crate) fn email(value: &str, field: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    let ok = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if ok {
        Ok(v.to_owned())
    } else {
        Err(Error::invalid(
            field,
            format!("L'adresse électronique « {v} » n'est pas valide (exemple : prenom.nom@exemple.fr)."),
        ))
    }
}

/// An optional phone number: blank, or digits with spaces, dots, dashes and a leading +.
pub(crate) fn phone(value: &str, field: &str) -> Result<String> {
    let v = crate::text::tidy(value);
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let allowed = v
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " .-()".contains(c) || (c == '+' && i == 0));
    if v.is_empty() || (allowed && (6..=15).contains(&digits)) {
        Ok(v)
    } else {
        Err(Error::invalid(
            field,
            format!("Le numéro de téléphone « {v} » n'est pas valide (exemple : 06 12 34 56 78)."),
        ))
    }
}

/// The rows of a `query_map`, collected.
pub(crate) fn collect<T>(
    rows: rusqlite::MappedRows<'_, impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>>,
) -> Result<Vec<T>> {
    Ok(rows.collect::<rusqlite::Result<Vec<T>>>()?)
}

/// A `LIKE` pattern matching `query` (already folded) anywhere, with wildcards escaped.
pub(crate) fn like_anywhere(folded: &str) -> String {
    let escaped = folded
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Codes stored in the database and exchanged with the UI, with their French labels.
pub trait Coded: Sized + Copy + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// The stored code.
    fn code(self) -> &'static str;
    /// The French label.
    fn label(self) -> &'static str;
    /// The value of a stored code.
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }
}

/// Reads a stored code, turning an unknown one into a SQL conversion error.
pub(crate) fn decode<T: Coded>(code: &str, column: usize) -> rusqlite::Result<T> {
    T::from_code(code).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            format!("code inconnu : {code}").into(),
        )
    })
}

/// Declares a coded enum: serde codes, French labels, the `Coded` impl.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal / $label:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant,)+
        }
        impl $crate::registry::Coded for $name {
            const ALL: &'static [Self] = &[$($name::$variant,)+];
            fn code(self) -> &'static str { match self { $($name::$variant => $code,)+ } }
            fn label(self) -> &'static str { match self { $($name::$variant => $label,)+ } }
        }
    };
}
pub(crate) use coded_enum;

pub(crate) use establishment::insert_establishment;
pub(crate) use partners::list_partners_in;
pub(crate) use staff::list_staff_in;
pub(crate) use students::all_students as students_all;

/// Every staff member, by id (exports).
pub(crate) fn staff_all(conn: &rusqlite::Connection) -> Result<Vec<Staff>> {
    let mut all = list_staff_in(conn, "", true)?;
    all.sort_by_key(|s| s.id);
    Ok(all)
}

/// Every partner with contacts, by id (exports).
pub(crate) fn partners_all(conn: &rusqlite::Connection) -> Result<Vec<Partner>> {
    let mut all = list_partners_in(conn, "", true)?;
    all.sort_by_key(|p| p.id);
    Ok(all)
}
