-- "Koppeling maken" is bound to the browser that started it: the hash of a secret kept in that browser's
-- HttpOnly cookie (set at Koppel's start URL); the callback must present it. PKCE: the code verifier of the
-- attempt, sent with the code exchange (only to systems that take PKCE; one-time, gone with the attempt).
ALTER TABLE link_attempt ADD COLUMN browser_hash text;
ALTER TABLE link_attempt ADD COLUMN code_verifier text;

-- the previous accounting-system user of a connection is read from its last connection.linked audit line
CREATE INDEX audit_event_subject ON audit_event (subject_id, id);
