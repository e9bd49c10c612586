-- Console sessions: signing in with a token opens a session kept in an HttpOnly cookie. Only the
-- sha256 of the session secret is stored, so a copy of the database opens no session. A session
-- is keyed to the token that opened it (a person, once people own tokens, is derived from it).
CREATE TABLE sessions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  secret_hash text NOT NULL UNIQUE,
  token_id uuid NOT NULL REFERENCES tokens (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE INDEX sessions_token ON sessions (token_id);
