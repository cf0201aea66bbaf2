-- Schema 9: the accounts of a case file. Each account's passphrase wraps the one case-file key;
-- the wrapped copy (`slot`, JSON) is kept here and in the key file beside the case file, which
-- is rebuilt from this table when lost (opening with the recovery key).
CREATE TABLE app_user (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    key_name       TEXT NOT NULL,
    role           TEXT NOT NULL,
    slot           TEXT NOT NULL DEFAULT '',
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     TEXT NOT NULL,
    deactivated_at TEXT
) STRICT;
CREATE UNIQUE INDEX app_user_active_name ON app_user (key_name) WHERE active = 1;
