-- Dossiers (an accounting system's administrations, e.g. Exact Online divisions), what discovery saw,
-- master data per dossier and kind, and the sync state that makes every page resumable.

ALTER TABLE accounting_system_connection
    ADD COLUMN auto_add_new_dossiers boolean NOT NULL DEFAULT true,
    ADD COLUMN last_discovery_at timestamptz;

-- What the linked user could access at the last discovery: the basis of "connectable dossiers".
CREATE TABLE accessible_dossier (
    connection_id  uuid        NOT NULL REFERENCES accounting_system_connection (id) ON DELETE CASCADE,
    external_id    text        NOT NULL,
    name           text        NOT NULL,
    archived       boolean     NOT NULL,
    kvk_number     text,
    vat_number     text,
    move_marker    text,
    seen_at        timestamptz NOT NULL,
    PRIMARY KEY (connection_id, external_id)
);

CREATE TABLE dossier (
    id                      uuid        PRIMARY KEY,
    connection_id           uuid        NOT NULL REFERENCES accounting_system_connection (id),
    office_id               uuid        NOT NULL REFERENCES office (id),
    external_id             text        NOT NULL,
    name                    text        NOT NULL,
    status                  text        NOT NULL CHECK (status IN ('ACTIVE', 'INACCESSIBLE')),
    status_changed_at       timestamptz NOT NULL DEFAULT now(),
    kvk_number              text,
    vat_number              text,
    move_marker             text,
    added_at                timestamptz NOT NULL DEFAULT now(),
    added_by                text        NOT NULL,
    -- scheduling: when the next sync turn is due, and who holds the lease on it (work is claimed here)
    next_sync_at            timestamptz NOT NULL DEFAULT now(),
    lease_owner             text,
    lease_expires_at        timestamptz,
    last_manual_sync_at     timestamptz,
    -- the current sync cycle began here: every kind not completed since is due (a new cycle, a manual
    -- sync, a link made again or a moved dossier set it to now)
    kinds_due_since         timestamptz NOT NULL DEFAULT now(),
    last_successful_sync_at timestamptz,
    CONSTRAINT one_dossier_per_external_id UNIQUE (connection_id, external_id)
);
CREATE INDEX dossier_office ON dossier (office_id);
CREATE INDEX dossier_due ON dossier (next_sync_at) WHERE status = 'ACTIVE';

-- One row per (dossier, kind, external id): common fields normalised, the source record as jsonb, and a
-- content hash so that an unchanged record costs no write.
CREATE TABLE master_record (
    dossier_id    uuid        NOT NULL REFERENCES dossier (id) ON DELETE CASCADE,
    kind          text        NOT NULL,
    external_id   text        NOT NULL,
    code          text,
    name          text,
    active        boolean     NOT NULL,
    vat_number    text,
    attributes    jsonb       NOT NULL,
    source        jsonb       NOT NULL,
    content_hash  bigint      NOT NULL,
    synced_at     timestamptz NOT NULL,
    PRIMARY KEY (dossier_id, kind, external_id)
);

-- Per dossier and kind: the committed cursor (opaque to Koppel, owned by the connector), the last run's
-- outcome and counts. A page's records and its cursor are committed in one transaction.
CREATE TABLE sync_state (
    dossier_id           uuid        NOT NULL REFERENCES dossier (id) ON DELETE CASCADE,
    kind                 text        NOT NULL,
    cursor               text,
    full_sync_required   boolean     NOT NULL DEFAULT true,
    state                text        NOT NULL DEFAULT 'QUEUED'
                         CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETE', 'ERROR', 'WAITING', 'NOT_SUPPORTED')),
    last_attempt_at      timestamptz,
    last_success_at      timestamptz,
    last_full_sync_at    timestamptz,
    run_inserted         integer     NOT NULL DEFAULT 0,
    run_updated          integer     NOT NULL DEFAULT 0,
    run_deleted          integer     NOT NULL DEFAULT 0,
    run_unchanged        integer     NOT NULL DEFAULT 0,
    last_inserted        integer,
    last_updated         integer,
    last_deleted         integer,
    last_unchanged       integer,
    last_duration_ms     bigint,
    last_error           text,
    consecutive_failures integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (dossier_id, kind)
);

-- The accounting system's rate-limit budget per scope (e.g. an Exact Online division), as its headers said,
-- shared by every Koppel instance.
CREATE TABLE rate_limit_budget (
    system_type        text        NOT NULL,
    scope              text        NOT NULL,
    minute_remaining   integer,
    minute_reset_at    timestamptz,
    day_remaining      integer,
    day_reset_at       timestamptz,
    blocked_until      timestamptz,
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (system_type, scope)
);
