//! The people who use a case file on this laptop: accounts, roles, and who is signed in.
//!
//! Each account has its own passphrase, which unlocks (wraps) the one case-file key: see
//! [`crate::casefile`] for the key slots. The signed-in user is the author of every record and
//! every journal entry, and their [`Role`] decides what they may read ([`crate::access`]) and
//! write.

use serde::{Deserialize, Serialize};

use crate::registry::coded_enum;

coded_enum! {
    /// What an account may do in the case file.
    Role {
        /// The référent décrochage: administers the case file and its accounts, reads
        /// everything but another's « auteur seul » notes.
        Referent = "referent" / "Référent décrochage",
        /// The head of school or their deputy.
        Direction = "direction" / "Direction",
        /// A conseiller principal d'éducation.
        Cpe = "cpe" / "CPE",
        /// A psychologue de l'Éducation nationale.
        PsyEn = "psy_en" / "Psy-EN",
        /// The school nurse, social worker or doctor: reads « restreint » entries.
        MedicoSocial = "medico_social" / "Médico-social",
        /// A teacher (professeur principal…).
        Enseignant = "enseignant" / "Enseignant",
        /// Reads what the team may read; writes nothing.
        LectureSeule = "lecture_seule" / "Lecture seule",
    }
}

impl Role {
    /// Whether this role may write (every role but « lecture seule »).
    pub fn may_write(self) -> bool {
        self != Role::LectureSeule
    }

    /// Whether this role reads « restreint » entries written by others.
    pub fn reads_restricted(self) -> bool {
        matches!(self, Role::Referent | Role::MedicoSocial)
    }
}

/// The user signed in to an open case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    /// The account's id (0: opened with the recovery key, before any account is chosen).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// "Prénom Nom", as the journal names them.
    pub name: String,
    /// What they may do.
    pub role: Role,
}
