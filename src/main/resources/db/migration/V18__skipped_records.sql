-- Records the accounting system sent that PostgreSQL cannot store even after cleaning (e.g. invalid Unicode):
-- skipped so the rest of their page is stored, and listed in the dossier's sync-status with their external id.
-- A row goes when the record is stored later (it changed at the source) or deleted there, or with its dossier.
CREATE TABLE skipped_record (
    dossier_id   uuid        NOT NULL REFERENCES dossier (id) ON DELETE CASCADE,
    kind         text        NOT NULL,
    external_id  text        NOT NULL,
    reason       text        NOT NULL,
    skipped_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dossier_id, kind, external_id)
);
