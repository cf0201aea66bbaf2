//! The documents of a path, through the document engine: the contrat PAFI, the convention de
//! stage / d'accueil of each activity at a host, and the bilan de parcours.

use crate::casefile::CaseFile;
use crate::documents::registry::Document;
use crate::error::{Error, Result};

/// Makes (or remakes, as a new version once the previous one left draft) the contract of a path.
pub fn contract_document(cf: &mut CaseFile, pafi_id: i64) -> Result<Document> {
    let _ = (cf, pafi_id);
    Err(Error::Conflict("Contrat PAFI : pas encore disponible.".into()))
}

/// Makes (or remakes) the convention de stage / d'accueil of an activity at a host.
pub fn convention_document(cf: &mut CaseFile, activity_id: i64) -> Result<Document> {
    let _ = (cf, activity_id);
    Err(Error::Conflict("Convention : pas encore disponible.".into()))
}

/// Makes (or remakes) the bilan de parcours of a path (once its final bilan is saved).
pub fn bilan_document(cf: &mut CaseFile, pafi_id: i64) -> Result<Document> {
    let _ = (cf, pafi_id);
    Err(Error::Conflict("Bilan de parcours : pas encore disponible.".into()))
}
