-- Incidents the county must know about, recorded by the service itself
-- (never by the request that caused them, which learns nothing more):
--   PROJECTION_FAILED  a subject's event that PostgreSQL refused for good (a
--                      data exception, a constraint no retry can satisfy); the
--                      workflow went on, an administrator's task is open.
--   RECEIPT_CONFLICT   a source record (a clue's source + sourceId) that one
--                      township holds, sent by or for another one: refused 409.
CREATE TABLE incidents (
  incident_id   bigserial PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('PROJECTION_FAILED', 'RECEIPT_CONFLICT')),
  region_code   text NOT NULL,   -- where it was raised (the requesting township; the subject's county)
  owner_region  text,            -- RECEIPT_CONFLICT: the township that holds the source record
  subject_type  text NOT NULL,
  subject_id    text NOT NULL,
  seq           int,             -- PROJECTION_FAILED: the event that was refused
  reason        text NOT NULL,   -- a SQLSTATE and the database's message, or why a receipt was refused; never the payload
  actor_id      text NOT NULL,
  actor_region  text NOT NULL,
  occurred_at   timestamptz NOT NULL DEFAULT now()
);
-- A retried activity records a refused event once.
CREATE UNIQUE INDEX incidents_projection_once ON incidents (subject_type, subject_id, seq) WHERE kind = 'PROJECTION_FAILED';
CREATE INDEX incidents_region ON incidents (region_code text_pattern_ops, incident_id);
CREATE INDEX incidents_owner_region ON incidents (owner_region text_pattern_ops, incident_id) WHERE owner_region IS NOT NULL;

-- Which township received each source record first: receipt deduplication
-- answers only there (a clue's case id is derived from source + sourceId alone).
CREATE TABLE source_claims (
  subject_type  text NOT NULL,
  subject_id    text NOT NULL,
  region_code   text NOT NULL,
  PRIMARY KEY (subject_type, subject_id)
);
INSERT INTO source_claims (subject_type, subject_id, region_code)
  SELECT 'CASE', case_id, township_code FROM cases ON CONFLICT DO NOTHING;

DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'aidloop_app') THEN
    GRANT SELECT, INSERT ON incidents, source_claims TO aidloop_app;
    GRANT USAGE, SELECT ON SEQUENCE incidents_incident_id_seq TO aidloop_app;
  END IF;
END $$;
