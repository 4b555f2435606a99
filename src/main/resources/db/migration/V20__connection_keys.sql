-- Systems linked by connection key (SnelStart): one key per administration (dossier) of a connection, entered by
-- the sync user. The key and the access token it was exchanged for are encrypted like credentials (AES-GCM bound
-- to the connection and the administration), so no API, screen, JMX attribute or log can read them back; the token
-- is kept here, not in memory, so every instance uses the same one until it expires. A key whose token the system
-- refuses is REJECTED (when, why) and nothing calls the system for that administration until a new key is entered.
-- A removed connection takes its keys along (ON DELETE CASCADE); a sync-user change deletes them with the
-- credentials (CredentialStore.forget).
CREATE SEQUENCE connection_key_generation;
CREATE TABLE connection_key (
    connection_id            uuid        NOT NULL REFERENCES accounting_system_connection (id) ON DELETE CASCADE,
    external_id              text        NOT NULL,   -- the administration the key reaches (the dossier's external id)
    key_enc                  bytea       NOT NULL,
    -- every new key for the administration takes a new generation: a refusal of an older key's token says nothing
    -- about the new key
    generation               bigint      NOT NULL DEFAULT nextval('connection_key_generation'),
    access_token_enc         bytea,
    access_token_expires_at  timestamptz,
    obtained_at              timestamptz,
    status                   text        NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'REJECTED')),
    rejected_at              timestamptz,
    rejected_reason          text,
    entered_by               uuid        REFERENCES app_user (id) ON DELETE SET NULL,
    entered_at               timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection_id, external_id)
);
-- "does this connection still have a working key?" (the link check and the flip)
CREATE INDEX connection_key_active ON connection_key (connection_id) WHERE status = 'ACTIVE';

-- Why a dossier has its status (null: none given). CONNECTION_KEY_REJECTED: its key no longer works;
-- CONNECTION_KEY_OTHER_ADMINISTRATION: its key now reaches another administration. Only a new key helps.
ALTER TABLE dossier ADD COLUMN status_reason text;

-- Entering keys on the link page is throttled per link attempt: refused keys are counted.
ALTER TABLE link_attempt ADD COLUMN keys_refused integer NOT NULL DEFAULT 0;
