-- What a segment run's providers reported as degraded or ignored (a speed setting ignored, a voice
-- replaced, a prompt cut), shown to the user with the segment's progress.
ALTER TABLE task_segments ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]'::jsonb;
