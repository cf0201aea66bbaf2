//! The documents of an alliance, through the document engine: the contrat d'alliance éducative
//! (the family, the student, the school), the convention de partenariat with one partner, the
//! charte de déontologie of one member, and the compte-rendu of a follow-up meeting.

use crate::casefile::CaseFile;
use crate::documents::registry::Document;
use crate::error::{Error, Result};

/// Makes (or remakes, as a new version once the previous one left draft) the contract with the
/// family.
pub fn contract_document(cf: &mut CaseFile, alliance_id: i64) -> Result<Document> {
    let _ = (cf, alliance_id);
    Err(Error::Conflict(
        "Contrat d'alliance : pas encore disponible.".into(),
    ))
}

/// Makes the convention de partenariat between the school and one partner of the alliance.
pub fn partnership_document(
    cf: &mut CaseFile,
    alliance_id: i64,
    partner_id: i64,
) -> Result<Document> {
    let _ = (cf, alliance_id, partner_id);
    Err(Error::Conflict(
        "Convention de partenariat : pas encore disponible.".into(),
    ))
}

/// Makes the charte de déontologie one member signs.
pub fn charte_document(cf: &mut CaseFile, alliance_id: i64, member_id: i64) -> Result<Document> {
    let _ = (cf, alliance_id, member_id);
    Err(Error::Conflict("Charte : pas encore disponible.".into()))
}

/// Makes the compte-rendu of a follow-up meeting.
pub fn meeting_document(cf: &mut CaseFile, alliance_id: i64, meeting_id: i64) -> Result<Document> {
    let _ = (cf, alliance_id, meeting_id);
    Err(Error::Conflict(
        "Compte-rendu d'alliance : pas encore disponible.".into(),
    ))
}
