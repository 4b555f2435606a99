-- Offices, their users, accounting-system connections with their sync user, encrypted credentials,
-- one-time OAuth link attempts and the audit trail. PostgreSQL is the only store.

CREATE TABLE office (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Platform accounts (role PLATFORM) provision offices and belong to no office; every other user belongs to one.
CREATE TABLE app_user (
    id            uuid        PRIMARY KEY,
    office_id     uuid        REFERENCES office (id),
    username      text        NOT NULL UNIQUE,
    name          text        NOT NULL,
    email         text,
    role          text        NOT NULL CHECK (role IN ('PLATFORM', 'SUPERGEBRUIKER', 'ACCOUNTANT', 'GEBRUIKER')),
    language      text        NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'en')),
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT platform_accounts_have_no_office CHECK ((role = 'PLATFORM') = (office_id IS NULL))
);
CREATE INDEX app_user_office ON app_user (office_id);

-- One connection per accounting-system type per office; relinking updates this row, never adds one.
CREATE TABLE accounting_system_connection (
    id                   uuid        PRIMARY KEY,
    office_id            uuid        NOT NULL REFERENCES office (id),
    system_type          text        NOT NULL,
    sync_user_id         uuid        NOT NULL REFERENCES app_user (id),
    status               text        NOT NULL CHECK (status IN ('CONNECTED', 'NOT_CONNECTED')),
    status_reason        text        NOT NULL,
    status_changed_at    timestamptz NOT NULL,
    external_user_id     text,
    external_username    text,
    external_full_name   text,
    last_checked_at      timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT one_connection_per_system_per_office UNIQUE (office_id, system_type)
);

-- Tokens encrypted with AES-GCM; the row lock on this table makes a refresh single-flight across instances.
CREATE TABLE credential (
    connection_id            uuid        PRIMARY KEY REFERENCES accounting_system_connection (id) ON DELETE CASCADE,
    access_token_enc         bytea       NOT NULL,
    refresh_token_enc        bytea       NOT NULL,
    access_token_expires_at  timestamptz NOT NULL,
    obtained_at              timestamptz NOT NULL,
    refresh_count            integer     NOT NULL DEFAULT 0
);

-- Only a hash of the OAuth state is stored: the state itself is a bearer secret until it is used.
CREATE TABLE link_attempt (
    state_hash     text        PRIMARY KEY,
    connection_id  uuid        NOT NULL REFERENCES accounting_system_connection (id) ON DELETE CASCADE,
    user_id        uuid        NOT NULL REFERENCES app_user (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    used_at        timestamptz
);
CREATE INDEX link_attempt_connection ON link_attempt (connection_id);

CREATE TABLE audit_event (
    id            bigserial   PRIMARY KEY,
    office_id     uuid,
    actor         text        NOT NULL,
    action        text        NOT NULL,
    subject_type  text        NOT NULL,
    subject_id    uuid,
    details       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    occurred_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_event_office ON audit_event (office_id, occurred_at);
