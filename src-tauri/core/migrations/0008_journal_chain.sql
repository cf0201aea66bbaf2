-- Schema 8: the journal is hash-chained. Each entry stores the hash of its fields
-- (`fields_hash`, SHA-256 of the stored text), the hash of the entry before it (`prev_hash`) and
-- its own hash (SHA-256 of the two), so that an entry changed, inserted or removed after the fact
-- breaks the chain at that point (`accroche journal verify`). A purge of old records (RGPD) may
-- erase an entry's text (`redacted_on` set): its hashes stay, so the chain still holds.
-- The entries written before this schema are chained when it is applied (in Rust, right after
-- this file, in the same transaction).
-- Forward-only: never edit this file once it has landed.

ALTER TABLE journal ADD COLUMN fields_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE journal ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE journal ADD COLUMN hash TEXT NOT NULL DEFAULT '';
ALTER TABLE journal ADD COLUMN redacted_on TEXT;

-- Still append-only, with two exceptions: chaining an entry written before this schema (once,
-- its text unchanged), and a purge erasing an entry's text while keeping its hashes.
DROP TRIGGER journal_append_only_update;
CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal
WHEN NOT (
    NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.author = OLD.author AND NEW.entity = OLD.entity
    AND NEW.entity_id IS OLD.entity_id AND NEW.student_id IS OLD.student_id
    AND (
        (OLD.hash = '' AND OLD.redacted_on IS NULL AND NEW.redacted_on IS NULL
         AND NEW.summary = OLD.summary AND NEW.changes = OLD.changes)
        OR
        (OLD.hash <> '' AND OLD.redacted_on IS NULL AND NEW.redacted_on IS NOT NULL
         AND NEW.fields_hash = OLD.fields_hash AND NEW.prev_hash = OLD.prev_hash
         AND NEW.hash = OLD.hash)
    )
)
BEGIN
    SELECT RAISE(ABORT, 'le journal ne peut pas être modifié');
END;
