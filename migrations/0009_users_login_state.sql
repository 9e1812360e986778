-- When a user last signed in (shown to administrators), and whether their password is a temporary one set by an
-- administrator (they are sent to /account to choose their own at their next sign-in).
ALTER TABLE users ADD COLUMN last_login_at BIGINT;
ALTER TABLE users ADD COLUMN password_temporary INTEGER NOT NULL DEFAULT 0;
