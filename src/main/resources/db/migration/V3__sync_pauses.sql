-- Operators pause background sync per connection or everywhere (JMX). Kept in PostgreSQL so a pause
-- survives a restart and holds for every Koppel instance; DossierLeases.claimDue reads both flags.

ALTER TABLE accounting_system_connection
    ADD COLUMN sync_paused    boolean     NOT NULL DEFAULT false,
    ADD COLUMN sync_paused_at timestamptz;

-- Koppel-wide settings an operator changes at run time: exactly one row.
CREATE TABLE koppel_setting (
    id              boolean     PRIMARY KEY DEFAULT true CHECK (id),
    sync_paused     boolean     NOT NULL DEFAULT false,
    sync_paused_at  timestamptz
);
INSERT INTO koppel_setting (id) VALUES (true);
