-- Schema 8: the journal is hash-chained. Each entry stores the hash of the entry before it and
-- its own hash (SHA-256 of the previous hash and of the entry's fields), so that an entry
-- changed or removed after the fact breaks the chain at that point (`accroche journal verify`).
-- The entries written before this schema are chained when it is applied (in Rust, right after
-- this file, in the same transaction).
-- Forward-only: never edit this file once it has landed.

ALTER TABLE journal ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE journal ADD COLUMN hash TEXT NOT NULL DEFAULT '';
