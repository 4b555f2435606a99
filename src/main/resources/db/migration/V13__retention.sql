-- Retention: outbox rows, delivery attempts, in-app notifications and audit events older than their retention
-- are removed in small batches by a clean-up that runs once per cluster (cluster_job 'RETENTION'). These indexes
-- let each batch find the oldest rows without scanning the table.

-- delivered or given-up rows only: a pending row is never removed, however old
CREATE INDEX outbox_finished_age ON outbox (created_at) WHERE status <> 'PENDING';
CREATE INDEX outbox_attempt_age ON outbox_attempt (attempted_at);
CREATE INDEX notification_age ON notification (created_at);
CREATE INDEX audit_event_age ON audit_event (occurred_at);

-- the first clean-up is due at once; afterwards every koppel.retention.interval
INSERT INTO cluster_job (job, due_at) VALUES ('RETENTION', now());
