-- Account administration: an admin can disable an account (its tokens stop working at once, its
-- data stays) and sees when each user last logged in.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
ALTER TABLE users ADD COLUMN last_login_at timestamptz;

-- The admin's task list (all users, newest first) pages on id alone.
CREATE INDEX tasks_id_desc ON tasks (id DESC);
