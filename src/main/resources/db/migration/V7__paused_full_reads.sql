-- A complete-set read (a kind without a sync endpoint, or a full reconciliation) paused by a rate limit keeps the
-- ids it has seen with its continuation, so it goes on where it paused and still knows, at its last page, what
-- to delete. Before, it started over: a read longer than one rate-limit window never finished.
ALTER TABLE sync_state ADD COLUMN seen_ids text[];
