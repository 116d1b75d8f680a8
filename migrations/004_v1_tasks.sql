-- Seed 002's v1 tasks (the dubbing cloud): what a user or one of their edge instances asked for,
-- where it is (PENDING → RUNNING → COMPLETED | FAILED), and what it produced.
CREATE TABLE v1_tasks (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The edge instance that created it (the original cloud's assigned_edge); NULL for a Bearer call.
  instance_id uuid REFERENCES edge_instances (id) ON DELETE SET NULL,
  task_type text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED')),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  message text,
  result jsonb,
  error text,
  usage jsonb,
  -- Origin the task was created through: the notification's download_url is built on it.
  base_url text NOT NULL DEFAULT '',
  job_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);

-- GET /api/v1/tasks/: the caller's tasks, newest first.
CREATE INDEX v1_tasks_user_id_id ON v1_tasks (user_id, id DESC);
-- Start-up recovery and the reconciliation sweep look for tasks not yet ended.
CREATE INDEX v1_tasks_active ON v1_tasks (status) WHERE status IN ('PENDING', 'RUNNING');
