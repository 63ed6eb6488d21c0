-- The service connects as a role that does not own the tables (aidloop_app on
-- the embedded default; the owner role only runs migrations): it reads and
-- writes the projection, but may only INSERT into the audit log, so it cannot
-- rewrite history even with the triggers of 008 disabled. Skipped where no
-- such role exists (a deployment that grants its own).
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'aidloop_app') THEN
    GRANT USAGE ON SCHEMA public TO aidloop_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO aidloop_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO aidloop_app;
    ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO aidloop_app;
    ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO aidloop_app;
    REVOKE UPDATE, DELETE, TRUNCATE ON subject_events FROM aidloop_app;
  END IF;
END $$;
