-- A dossier's first load COPYs its pages straight into master_record; synced_at (set by every write) then comes
-- from this default: the transaction's now(), as in the merge.
ALTER TABLE master_record ALTER COLUMN synced_at SET DEFAULT now();
