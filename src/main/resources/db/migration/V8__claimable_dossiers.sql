-- Claiming due work must not re-scan the dossiers of disconnected or paused connections on every claim: a
-- dossier carries `claimable` (ACTIVE, its connection CONNECTED and not paused), kept by triggers on every
-- change of either row, whichever code (or operator SQL) makes it. The due index holds claimable dossiers only,
-- per office, so the fair claim (DossierLeases.claimDue) reads each office's earliest due dossiers directly.

ALTER TABLE dossier ADD COLUMN claimable boolean NOT NULL DEFAULT false;

UPDATE dossier d SET claimable = (d.status = 'ACTIVE' AND c.status = 'CONNECTED' AND NOT c.sync_paused)
FROM accounting_system_connection c WHERE c.id = d.connection_id;

CREATE FUNCTION dossier_claimable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.claimable := NEW.status = 'ACTIVE' AND EXISTS (
        SELECT 1 FROM accounting_system_connection c
        WHERE c.id = NEW.connection_id AND c.status = 'CONNECTED' AND NOT c.sync_paused);
    RETURN NEW;
END $$;

CREATE TRIGGER dossier_claimable BEFORE INSERT OR UPDATE OF status, connection_id ON dossier
    FOR EACH ROW EXECUTE FUNCTION dossier_claimable();

CREATE FUNCTION connection_dossiers_claimable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE dossier SET claimable = (status = 'ACTIVE' AND NEW.status = 'CONNECTED' AND NOT NEW.sync_paused)
    WHERE connection_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER connection_dossiers_claimable AFTER UPDATE OF status, sync_paused ON accounting_system_connection
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.sync_paused IS DISTINCT FROM NEW.sync_paused)
    EXECUTE FUNCTION connection_dossiers_claimable();

DROP INDEX dossier_due;
CREATE INDEX dossier_due ON dossier (office_id, next_sync_at) WHERE claimable;
-- the dossiers in a turn right now (a few per instance): what each office has in flight, for the fair claim
CREATE INDEX dossier_leased ON dossier (office_id) WHERE lease_owner IS NOT NULL;
