-- Reconciliation spread over the day instead of every kind of every dossier at 03:00: each kind's full read is due
-- a day after its last one, a random part of the jitter earlier (SyncStateRepository.complete). Existing kinds
-- get their moment the same way.
ALTER TABLE sync_state ADD COLUMN next_full_sync_at timestamptz;
UPDATE sync_state SET next_full_sync_at = last_full_sync_at + interval '24 hours' - random() * interval '2 hours'
WHERE last_full_sync_at IS NOT NULL;
