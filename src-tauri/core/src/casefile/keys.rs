//! The case-file key and the accounts' key slots.
//!
//! A case file is encrypted (SQLCipher) with one random key, the [`DataKey`]. Nobody types it:
//! each account's passphrase *wraps* it (Argon2id derives a key from the passphrase, which
//! encrypts the data key with ChaCha20-Poly1305), and the wrapped copies — one [`Slot`] per
//! account — are kept in a small file beside the case file, `<nom>.accroche.cles`, and inside
//! the case file itself (table `app_user`), from which a lost key file is rebuilt.
//! Changing one person's passphrase rewraps their slot and re-encrypts nothing else.
//!
//! The data key, written out, is the **recovery key** (« clé de secours »): 32 letters and
//! digits printed once for the head of school's safe. It opens the case file and its backups
//! when every passphrase is lost, or when the file changes hands without its key file.
//!
//! Files made before accounts existed were encrypted with the référent's passphrase directly
//! ("legacy"); opening one with that passphrase converts it (see `super::open`).

use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// Bytes of randomness in a data key (160 bits).
const DATA_KEY_LEN: usize = 20;

/// Crockford's base32 alphabet: no I, L, O, U (nothing to misread on paper).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Argon2id's cost, as OWASP recommends for interactive logins (19 MiB, 2 passes).
const ARGON_MEMORY_KIB: u32 = 19_456;
const ARGON_PASSES: u32 = 2;

/// The one key a case file (and every backup of it) is encrypted with.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct DataKey([u8; DATA_KEY_LEN]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    /// A fresh random key, from the operating system's generator.
    pub(crate) fn random() -> DataKey {
        let mut bytes = [0u8; DATA_KEY_LEN];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        DataKey(bytes)
    }

    /// What SQLCipher is given: a raw 256-bit key (`x'…'`), derived by SHA-256 so that the
    /// printed recovery key stays short. Raw keys skip SQLCipher's own (slow) derivation: the
    /// data key is random, the slowness belongs to the passphrases (Argon2id).
    pub(crate) fn sqlcipher(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"accroche/dossier/v1");
        h.update(self.0);
        format!("x'{}'", hex(&h.finalize()).to_uppercase())
    }

    /// The recovery key as printed: 8 groups of 4 characters (`K7M2-9QXD-…`).
    pub(crate) fn recovery_text(&self) -> String {
        let mut bits: u64 = 0;
        let mut n = 0;
        let mut chars = Vec::with_capacity(32);
        for &b in &self.0 {
            bits = (bits << 8) | u64::from(b);
            n += 8;
            while n >= 5 {
                n -= 5;
                chars.push(ALPHABET[((bits >> n) & 31) as usize] as char);
            }
        }
        chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// Reads a recovery key as a person types it back: case, spaces and dashes do not matter,
    /// O is read as 0 and I or L as 1. `None` when it is not one (wrong length or letter).
    pub(crate) fn parse_recovery(text: &str) -> Option<DataKey> {
        let mut bits: u64 = 0;
        let mut n = 0;
        let mut out = Vec::with_capacity(DATA_KEY_LEN);
        let mut count = 0;
        for c in text.chars() {
            if c == '-' || c.is_whitespace() {
                continue;
            }
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let v = ALPHABET.iter().position(|&a| a as char == c)?;
            count += 1;
            bits = (bits << 5) | v as u64;
            n += 5;
            if n >= 8 {
                n -= 8;
                out.push(((bits >> n) & 0xFF) as u8);
            }
        }
        if count != 32 {
            return None;
        }
        out.try_into().ok().map(DataKey)
    }
}

/// One account's wrapped copy of the data key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Slot {
    /// Argon2id salt (hex).
    pub salt: String,
    /// ChaCha20-Poly1305 nonce (hex).
    pub nonce: String,
    /// The encrypted data key and its tag (hex).
    pub wrapped: String,
    /// Argon2id memory, in KiB.
    pub memory_kib: u32,
    /// Argon2id passes.
    pub passes: u32,
}

use crate::text::{hex, hex_decode};

fn kek(passphrase: &str, salt: &[u8], memory_kib: u32, passes: u32) -> Result<[u8; 32]> {
    let params = Params::new(memory_kib, passes, 1, Some(32))
        .map_err(|e| Error::Format(format!("Paramètres de clé illisibles : {e}.")))?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut out)
        .map_err(|e| Error::Format(format!("Dérivation de clé impossible : {e}.")))?;
    Ok(out)
}

/// What ties a slot to its account: a slot copied under another account's id fails.
fn aad(user_id: i64) -> Vec<u8> {
    format!("accroche/compte/{user_id}").into_bytes()
}

impl Slot {
    /// Wraps `key` for the account `user_id` under `passphrase`.
    pub(crate) fn wrap(key: &DataKey, user_id: i64, passphrase: &str) -> Result<Slot> {
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let kek = kek(passphrase, &salt, ARGON_MEMORY_KIB, ARGON_PASSES)?;
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&kek));
        let wrapped = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &key.0,
                    aad: &aad(user_id),
                },
            )
            .map_err(|_| Error::Format("Chiffrement de la clé impossible.".into()))?;
        Ok(Slot {
            salt: hex(&salt),
            nonce: hex(&nonce),
            wrapped: hex(&wrapped),
            memory_kib: ARGON_MEMORY_KIB,
            passes: ARGON_PASSES,
        })
    }

    /// The data key, if `passphrase` is this account's; `None` otherwise (or if the slot was
    /// tampered with).
    pub(crate) fn unwrap_key(&self, user_id: i64, passphrase: &str) -> Option<DataKey> {
        let salt = hex_decode(self.salt.as_bytes())?;
        let nonce = hex_decode(self.nonce.as_bytes())?;
        let wrapped = hex_decode(self.wrapped.as_bytes())?;
        if nonce.len() != 12 || self.memory_kib > 1 << 20 || self.passes > 16 {
            return None;
        }
        let kek = kek(passphrase, &salt, self.memory_kib, self.passes).ok()?;
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&kek));
        let plain = cipher
            .decrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &wrapped,
                    aad: &aad(user_id),
                },
            )
            .ok()?;
        plain.try_into().ok().map(DataKey)
    }
}

/// One account as the key file lists it (for the sign-in screen's list of names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct KeyFileAccount {
    /// The account's id in the case file.
    pub id: i64,
    /// "Prénom Nom" (staff names only: no student's name is ever written here).
    pub name: String,
    /// The wrapped data key.
    pub slot: Slot,
}

/// The key file beside a case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct KeyFile {
    /// Always "accroche-cles".
    pub format: String,
    /// 1.
    pub version: u32,
    /// The active accounts.
    pub accounts: Vec<KeyFileAccount>,
}

const FORMAT: &str = "accroche-cles";

/// `<case file>.cles`, beside it.
pub(crate) fn key_file_path(casefile: &Path) -> PathBuf {
    let mut p = casefile.as_os_str().to_owned();
    p.push(".cles");
    PathBuf::from(p)
}

/// Reads the key file beside `casefile`: `None` if there is none.
pub(crate) fn read(casefile: &Path) -> Result<Option<KeyFile>> {
    let path = key_file_path(casefile);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let unreadable = || {
        Error::Format(format!(
            "Le fichier de clés {} est illisible. Ouvrez le dossier avec sa clé de secours : le fichier de clés sera refait.",
            path.display()
        ))
    };
    let file: KeyFile = serde_json::from_slice(&bytes).map_err(|_| unreadable())?;
    if file.format != FORMAT || file.version != 1 {
        return Err(unreadable());
    }
    Ok(Some(file))
}

/// Writes the key file whole or not at all (temporary file, flushed, renamed).
pub(crate) fn write(casefile: &Path, accounts: Vec<KeyFileAccount>) -> Result<()> {
    let path = key_file_path(casefile);
    let file = KeyFile {
        format: FORMAT.into(),
        version: 1,
        accounts,
    };
    let json = serde_json::to_vec_pretty(&file)?;
    crate::files::write_whole(&path, &json)
}
