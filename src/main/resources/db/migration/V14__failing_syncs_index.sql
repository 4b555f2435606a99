-- FailingSyncs (the failingSyncs health contributor, asked on every health probe by an operator) looks only at
-- dossier kinds whose last runs failed: a small partial index, so that it never reads every sync state
-- (600,000 rows at 100,000 dossiers). Its query repeats the predicate literally, so the planner can use it
-- whatever the threshold (koppel.sync.warn-after-failures, always >= 1).
CREATE INDEX sync_state_failing ON sync_state (consecutive_failures DESC) WHERE consecutive_failures > 0;
