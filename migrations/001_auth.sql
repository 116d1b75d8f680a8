-- Accounts and authentication: users, refresh-token families, edge instances (seed 002 machines),
-- and a small key/value settings table (the JWT secret in the scaled mode).
CREATE TABLE users (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL,
  password_hash text NOT NULL,
  is_admin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Usernames are unique regardless of case: "Alice" and "alice" are one account.
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));

-- Opaque refresh tokens, stored as SHA-256 hashes. Every login starts a family; each refresh
-- marks the presented token used and issues the next one in the same family.
CREATE TABLE refresh_tokens (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  family_id uuid NOT NULL,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz
);

CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- A user's edge machines: each authenticates with X-Instance-ID + X-Api-Key and acts as its owner.
CREATE TABLE edge_instances (
  id uuid PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  api_key_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  key_rotated_at timestamptz,
  disabled_at timestamptz
);

CREATE INDEX edge_instances_user_idx ON edge_instances (user_id);

CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
