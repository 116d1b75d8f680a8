-- TASK_RETENTION_DAYS: when the owner was told a task's files would be removed, and when they were.
-- A task whose files were removed keeps its row (history, usage) and says so here.
ALTER TABLE tasks ADD COLUMN expiry_noticed_at timestamptz;
ALTER TABLE tasks ADD COLUMN files_removed_at timestamptz;
