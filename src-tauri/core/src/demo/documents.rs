//! The demo's documents, one in each state a newcomer should see: the compte-rendu of the last
//! held meetings as a draft, "à signer", signed on paper with its scan, and signed on screen by
//! both signatories then sealed; the PAFI under way and the finished one with their contract
//! and their host's convention signed on paper, the finished one's bilan de parcours to sign,
//! and the draft contract of the path waiting for its validation; the alliance under way with its
//! contract, the conventions of its partners under convention and the chartes its members
//! signed, all signed on paper, and its meeting's compte-rendu to sign; the contract the family
//! of the interne alliance refused, left to sign. Made through the real engine, after the demo is
//! loaded.

use crate::alliance::{
    alliance, charte_document, contract_document as alliance_contract, list_alliances,
    meeting_document, partnership_document, AllianceState, FamilyContract, Formalisation,
};
use crate::casefile::CaseFile;
use crate::documents::registry::Document;
use crate::documents::registry::{
    pdf, prepare_for_signature, record_paper_signature, sign_on_screen, ScreenSignature,
};
use crate::error::Result;
use crate::gpds::{list_meetings, minutes_document, MeetingStatus};
use crate::pafi::{
    bilan_document, contract_document, convention_document, list_pafi, pafi, PafiState,
};
use crate::text::base64_encode;

const SIGNATURES: [&[u8]; 2] = [
    include_bytes!("../../../../assets/demo/signature-1.png"),
    include_bytes!("../../../../assets/demo/signature-2.png"),
];

/// Adds the documents to a freshly loaded demo case file; returns how many were made.
pub fn add_documents(cf: &mut CaseFile) -> Result<usize> {
    let mut held: Vec<_> = list_meetings(cf)?
        .into_iter()
        .filter(|m| m.status == MeetingStatus::Held)
        .collect();
    held.sort_by_key(|m| (m.date, m.id));
    // The last three held meetings, oldest first: sealed, signed on paper, to sign; then a new
    // version of the sealed one, as a draft (a signed document is never edited).
    let recent: Vec<_> = held.iter().rev().take(3).rev().collect();
    let mut made = 0;
    for (i, m) in recent.iter().enumerate() {
        let d = minutes_document(cf, m.id)?;
        let d = prepare_for_signature(cf, d.id)?;
        made += 1;
        match i {
            0 => {
                for (s, png) in d.signatories.iter().zip(SIGNATURES) {
                    sign_on_screen(
                        cf,
                        d.id,
                        &ScreenSignature {
                            position: s.position,
                            png_base64: base64_encode(png),
                            consent: true,
                            identity_check: "Personne connue du témoin".into(),
                            witness: "Sophie Lagarde (CPE)".into(),
                        },
                        "poste de démonstration",
                        "démonstration",
                    )?;
                }
            }
            1 => {
                let scan = pdf(cf, d.id)?;
                let positions: Vec<u32> = d.signatories.iter().map(|s| s.position).collect();
                let signed_on = cf.today().min(m.date + chrono::Duration::days(2));
                record_paper_signature(
                    cf,
                    d.id,
                    Some(signed_on),
                    &positions,
                    Some((format!("{}-signe.pdf", d.reference), scan)),
                )?;
            }
            _ => {} // à signer
        }
    }
    if let Some(first) = recent.first() {
        minutes_document(cf, first.id)?;
        made += 1;
    }
    Ok(made + add_pafi_documents(cf)? + add_alliance_documents(cf)?)
}

/// Signs a document on paper by all its signatories, with the PDF itself as the scan.
fn sign_on_paper(cf: &mut CaseFile, d: &Document, on: chrono::NaiveDate) -> Result<()> {
    let d = prepare_for_signature(cf, d.id)?;
    let scan = pdf(cf, d.id)?;
    let positions: Vec<u32> = d.signatories.iter().map(|s| s.position).collect();
    record_paper_signature(
        cf,
        d.id,
        Some(on),
        &positions,
        Some((format!("{}-signe.pdf", d.reference), scan)),
    )?;
    Ok(())
}

/// The paths' documents; returns how many were made.
fn add_pafi_documents(cf: &mut CaseFile) -> Result<usize> {
    let mut made = 0;
    let mut paths = list_pafi(cf)?;
    paths.sort_by_key(|p| p.id);
    for row in paths {
        let p = pafi(cf, row.id)?;
        match p.state {
            PafiState::Running | PafiState::Finished => {
                // Signed the day after the validation, before the first day.
                let start = p.start_on.unwrap_or(cf.today());
                let on = p
                    .validation
                    .as_ref()
                    .map_or(start, |v| v.on + chrono::Duration::days(1))
                    .min(start)
                    .min(cf.today());
                // The contract first, so that each convention names it; then again as a
                // draft, so that it names each convention.
                contract_document(cf, p.id)?;
                let mut conventions = Vec::new();
                for a in p.activities.iter().filter(|a| a.needs_convention) {
                    conventions.push(convention_document(cf, a.id)?);
                }
                let contract = contract_document(cf, p.id)?;
                sign_on_paper(cf, &contract, on)?;
                made += 1;
                for convention in &conventions {
                    sign_on_paper(cf, convention, on)?;
                    made += 1;
                }
                if p.state == PafiState::Finished {
                    let bilan = bilan_document(cf, p.id)?;
                    prepare_for_signature(cf, bilan.id)?;
                    made += 1;
                }
            }
            PafiState::AwaitingValidation => {
                contract_document(cf, p.id)?;
                made += 1;
            }
            _ => {}
        }
    }
    Ok(made)
}

/// The alliances' documents; returns how many were made.
fn add_alliance_documents(cf: &mut CaseFile) -> Result<usize> {
    let mut made = 0;
    let mut rows = list_alliances(cf)?;
    rows.sort_by_key(|a| a.id);
    for row in rows {
        let a = alliance(cf, row.id)?;
        if a.state != AllianceState::Running {
            continue;
        }
        match a.family {
            FamilyContract::Signed => {
                // The contract first, so that each charte names it.
                let contract = alliance_contract(cf, a.id)?;
                sign_on_paper(cf, &contract, a.family_on.unwrap_or(cf.today()))?;
                made += 1;
                for p in a
                    .partners
                    .iter()
                    .filter(|p| p.formalisation == Formalisation::Convention)
                {
                    let d = partnership_document(cf, a.id, p.partner_id)?;
                    sign_on_paper(cf, &d, p.on.unwrap_or(cf.today()))?;
                    made += 1;
                }
                for m in a.members.iter().filter(|m| m.left_on.is_none()) {
                    if let Some(on) = m.charte_on {
                        let d = charte_document(cf, a.id, m.id)?;
                        sign_on_paper(cf, &d, on)?;
                        made += 1;
                    }
                }
                for m in &a.meetings {
                    let d = meeting_document(cf, a.id, m.id)?;
                    prepare_for_signature(cf, d.id)?;
                    made += 1;
                }
            }
            FamilyContract::Refused => {
                // Proposed, never signed: the alliance goes on all the same.
                let contract = alliance_contract(cf, a.id)?;
                prepare_for_signature(cf, contract.id)?;
                made += 1;
            }
            _ => {}
        }
    }
    Ok(made)
}
