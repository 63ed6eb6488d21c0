-- The audit chain is split into one chain per county (chain_key), so that the
-- offices of different counties never wait for each other when they append
-- (migration 008 serialized every append of every subject behind one lock).
--
-- chain_key is the county of the acting office: the first 6 digits of
-- actor_region (a province- or nation-level office, whose region code is
-- shorter, has its own chain). Each chain numbers its entries from 1
-- (chain_seq) and starts from the genesis hash.
--
-- The entries written before this migration keep their chain, their numbers
-- and their v1 hashes, unchanged: they form the frozen chain 'global' and stay
-- verifiable exactly as before. New entries use the v2 hash, which also covers
-- chain_key, so an entry cannot be moved to another chain unnoticed:
--
--   entry_hash = sha256('aidloop-audit-v2' || field(chain_key) || <the v1 fields>)
--
-- audit_entry_hash_v2() is that definition in SQL (admin/auditChain.ts and
-- activities/subjectEvents.ts compute it in TypeScript; the tests check both agree).

-- A column added with a default fills existing rows without an UPDATE (the append-only triggers stay on).
ALTER TABLE subject_events ADD COLUMN chain_key text NOT NULL DEFAULT 'global';
ALTER TABLE subject_events ALTER COLUMN chain_key DROP DEFAULT;

DROP INDEX subject_events_chain_seq;
-- One entry per position of each chain (no fork), and the index the head lookup and the verifier walk.
CREATE UNIQUE INDEX subject_events_chain_position ON subject_events (chain_key, chain_seq);

CREATE FUNCTION audit_entry_hash_v2(
  chain_key text, chain_seq bigint, subject_type text, subject_id text, seq int, event_type text, from_state text, to_state text,
  actor_id text, actor_region text, payload_digest text, occurred_at timestamptz, prev_hash text
) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT
  AS $$
    SELECT audit_sha256('aidloop-audit-v2' || audit_field(chain_key)
      || audit_field(chain_seq::text) || audit_field(subject_type) || audit_field(subject_id) || audit_field(seq::text)
      || audit_field(event_type) || audit_field(from_state) || audit_field(to_state) || audit_field(actor_id)
      || audit_field(actor_region) || audit_field(payload_digest)
      || audit_field(to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      || audit_field(prev_hash))
  $$;
