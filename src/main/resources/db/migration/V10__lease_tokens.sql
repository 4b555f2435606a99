-- Every claim of a dossier gets a new token; every write of its turn (sync state, cursor, continuation, seen ids,
-- counts, the release) is made only while the dossier still carries that token. An instance that stalled past its
-- lease while another took the dossier over writes nothing (the owner name alone cannot tell two claims of the
-- same instance apart).
ALTER TABLE dossier ADD COLUMN lease_token uuid;
