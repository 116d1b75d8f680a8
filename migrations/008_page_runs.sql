-- Per-page regeneration (POST /api/task/{id}/pages/{n}/regenerate): the page edit a queued or
-- running run carries (NULL for a whole-segment run), and the pages whose results no longer match
-- their inputs (a segment with stale pages reads `pending` until they are redone).
ALTER TABLE task_segments ADD COLUMN page_run jsonb;
ALTER TABLE task_segments ADD COLUMN stale_pages jsonb NOT NULL DEFAULT '[]'::jsonb;
