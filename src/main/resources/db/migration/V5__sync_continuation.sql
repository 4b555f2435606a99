-- A run that pauses between pages (to let other dossiers go first, or for a rate limit) keeps the connector's
-- continuation, so it goes on with the next page instead of starting its run again.
ALTER TABLE sync_state ADD COLUMN continuation text;
