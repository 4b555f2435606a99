-- One schedule for the whole cluster. Link checks and discoveries are due work per connection, claimed like
-- dossiers (FOR UPDATE SKIP LOCKED, a lease that expires), so with N instances each connection is checked and
-- discovered once per interval by one of them. Jobs that run once per cluster (retention) have one row each in
-- cluster_job, claimed the same way.

CREATE TABLE connection_schedule (
    connection_id  uuid        NOT NULL REFERENCES accounting_system_connection (id) ON DELETE CASCADE,
    job            text        NOT NULL CHECK (job IN ('LINK_CHECK', 'DISCOVERY')),
    -- when the next run is due; spread over the interval (jitter) so that not every connection is due at once
    due_at         timestamptz NOT NULL,
    -- the instance that runs it now, until when (a crashed instance's lease simply expires)
    lease_owner    text,
    lease_until    timestamptz,
    last_run_at    timestamptz,
    last_run_by    text,
    PRIMARY KEY (connection_id, job)
);
-- the claim: due rows of one job in due order
CREATE INDEX connection_schedule_due ON connection_schedule (job, due_at);

-- Every connected connection gets its rows, due somewhere in the next quarter of an hour (link check) or half
-- hour (discovery): the defaults' intervals, so that an upgrade does not make every connection due at once.
INSERT INTO connection_schedule (connection_id, job, due_at)
SELECT id, 'LINK_CHECK', now() + random() * interval '15 minutes' FROM accounting_system_connection
WHERE status = 'CONNECTED';
INSERT INTO connection_schedule (connection_id, job, due_at)
SELECT id, 'DISCOVERY', now() + random() * interval '30 minutes' FROM accounting_system_connection
WHERE status = 'CONNECTED';

CREATE TABLE cluster_job (
    job          text        PRIMARY KEY,
    due_at       timestamptz NOT NULL,
    lease_owner  text,
    lease_until  timestamptz,
    last_run_at  timestamptz,
    last_run_by  text
);

-- Rows exist only for connected connections, so a claim never walks past the schedules of broken links:
-- a connection that is no longer "login gelukt" loses its rows here, whatever made it so; linking again
-- writes them anew (ConnectionSchedule.linked).
CREATE FUNCTION connection_schedule_follows_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM connection_schedule WHERE connection_id = NEW.id;
    RETURN NEW;
END $$;
CREATE TRIGGER connection_schedule_follows_status
    AFTER UPDATE OF status ON accounting_system_connection
    FOR EACH ROW WHEN (NEW.status <> 'CONNECTED') EXECUTE FUNCTION connection_schedule_follows_status();
