-- Tamper-evident audit log: subject_events becomes one hash chain over every
-- subject's events, in one global order (chain_seq), and append-only.
--
--   payload_digest = sha256(payload::text)        -- jsonb's own normalised text
--   entry_hash     = sha256(audit_canonical(...)) -- see admin/auditChain.ts
--
-- The canonical string is 'aidloop-audit-v1' followed by each field as
-- '<UTF-8 byte length>:<text>' (chain_seq, subject_type, subject_id, seq,
-- event_type, from_state, to_state, actor_id, actor_region, payload_digest,
-- occurred_at as ISO-8601 UTC with milliseconds, prev_hash). The first entry's
-- prev_hash is 64 zeros. The service computes it in TypeScript
-- (activities/subjectEvents.ts); audit_entry_hash() below is the same
-- definition in SQL, used here to chain the rows written before this migration
-- and by the tests to check that both agree. sha256() is built into
-- PostgreSQL >= 11: no pgcrypto needed.

ALTER TABLE subject_events
  ADD COLUMN chain_seq bigint,
  ADD COLUMN prev_hash text,
  ADD COLUMN entry_hash text,
  ADD COLUMN payload_digest text;

CREATE FUNCTION audit_field(v text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT octet_length(convert_to(v, 'UTF8'))::text || ':' || v $$;

CREATE FUNCTION audit_sha256(v text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT
  AS $$ SELECT encode(sha256(convert_to(v, 'UTF8')), 'hex') $$;

CREATE FUNCTION audit_entry_hash(
  chain_seq bigint, subject_type text, subject_id text, seq int, event_type text, from_state text, to_state text,
  actor_id text, actor_region text, payload_digest text, occurred_at timestamptz, prev_hash text
) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT
  AS $$
    SELECT audit_sha256('aidloop-audit-v1'
      || audit_field(chain_seq::text) || audit_field(subject_type) || audit_field(subject_id) || audit_field(seq::text)
      || audit_field(event_type) || audit_field(from_state) || audit_field(to_state) || audit_field(actor_id)
      || audit_field(actor_region) || audit_field(payload_digest)
      || audit_field(to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      || audit_field(prev_hash))
  $$;

-- Chain the rows written before this migration, oldest first.
DO $$
DECLARE
  r record;
  prev text := repeat('0', 64);
  n bigint := 0;
  digest text;
  h text;
BEGIN
  FOR r IN
    SELECT subject_type, subject_id, seq, event_type, from_state, to_state, actor_id, actor_region, payload, occurred_at
    FROM subject_events ORDER BY occurred_at, subject_type, subject_id, seq
  LOOP
    n := n + 1;
    digest := audit_sha256(r.payload::text);
    h := audit_entry_hash(n, r.subject_type, r.subject_id, r.seq, r.event_type, r.from_state, r.to_state,
                          r.actor_id, r.actor_region, digest, r.occurred_at, prev);
    UPDATE subject_events
       SET chain_seq = n, prev_hash = prev, entry_hash = h, payload_digest = digest
     WHERE subject_type = r.subject_type AND subject_id = r.subject_id AND seq = r.seq;
    prev := h;
  END LOOP;
END $$;

ALTER TABLE subject_events
  ALTER COLUMN chain_seq SET NOT NULL,
  ALTER COLUMN prev_hash SET NOT NULL,
  ALTER COLUMN entry_hash SET NOT NULL,
  ALTER COLUMN payload_digest SET NOT NULL;
-- One entry per position: two appends that read the same head cannot both commit (no fork).
CREATE UNIQUE INDEX subject_events_chain_seq ON subject_events (chain_seq);

-- Append-only. The service's role owns this table, so it could still disable
-- the trigger or drop it; a separate owner role with only INSERT/SELECT granted
-- to the service is the stronger follow-up. The hash chain detects what the
-- trigger does not prevent.
CREATE FUNCTION subject_events_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION 'subject_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER subject_events_no_update_delete
  BEFORE UPDATE OR DELETE ON subject_events
  FOR EACH ROW EXECUTE FUNCTION subject_events_append_only();
CREATE TRIGGER subject_events_no_truncate
  BEFORE TRUNCATE ON subject_events
  FOR EACH STATEMENT EXECUTE FUNCTION subject_events_append_only();
