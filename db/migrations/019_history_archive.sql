-- Closed workflow runs exported from Temporal before its namespace retention
-- deletes them (activities/archive.ts): one row per run, so every run of a
-- workflow that continued as new is kept separately. `history_gz` is the
-- gzip of the history as JSON (admin/histories.ts format); `digest` is the
-- sha256 of that JSON, also appended to the audit chain 'archive', so the
-- archive is tamper-evident like the audit log.
CREATE TABLE history_archive (
  workflow_id text NOT NULL,
  run_id text NOT NULL,
  namespace text NOT NULL,
  workflow_type text NOT NULL,
  status text NOT NULL,
  start_time timestamptz NOT NULL,
  close_time timestamptz NOT NULL,
  event_count int NOT NULL,
  history_gz bytea NOT NULL,
  digest text NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workflow_id, run_id)
);
-- Export by close time (`histories:export --closed-since`) and the archiver's watermark.
CREATE INDEX history_archive_close_time ON history_archive (close_time, workflow_id, run_id);

-- Append-only for the service.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'aidloop_app') THEN
    GRANT SELECT, INSERT ON history_archive TO aidloop_app;
    REVOKE UPDATE, DELETE, TRUNCATE ON history_archive FROM aidloop_app;
  END IF;
END $$;
