-- Storybook tasks (seed 000): one row per task, one row per (task, segment) with its run state,
-- and the stored notifications clients catch up on with ?after=ID.
CREATE TABLE tasks (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  topic text NOT NULL,
  main_role text NOT NULL DEFAULT '',
  scene text NOT NULL DEFAULT '',
  language text NOT NULL DEFAULT 'zh',
  pages integer NOT NULL DEFAULT 6 CHECK (pages BETWEEN 1 AND 20),
  aspect text NOT NULL DEFAULT '16:9',
  seed integer NOT NULL DEFAULT 1,
  options jsonb NOT NULL DEFAULT '{}'::jsonb,
  usage jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- mytasks: the caller's tasks, newest first, keyset-paginated on id.
CREATE INDEX tasks_user_id_id ON tasks (user_id, id DESC);

CREATE TABLE task_segments (
  task_id integer NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  segment_id integer NOT NULL CHECK (segment_id BETWEEN 1 AND 5),
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'queued', 'running', 'completed', 'failed', 'cancelled')),
  job_id text,
  run integer NOT NULL DEFAULT 0,
  error text,
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  resources jsonb NOT NULL DEFAULT '[]'::jsonb,
  started_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (task_id, segment_id)
);

-- Start-up recovery looks for segments a crash left queued or running.
CREATE INDEX task_segments_active ON task_segments (status) WHERE status IN ('queued', 'running');

CREATE TABLE notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- GET /api/notifications?after=ID: the caller's rows after ID, oldest first.
CREATE INDEX notifications_user_id_id ON notifications (user_id, id);
