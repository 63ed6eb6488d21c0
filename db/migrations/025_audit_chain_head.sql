-- An audit append took its chain's lock and then read the chain's head in two
-- statements, holding the county's lock across the round trip between them.
-- audit_chain_head() does both in one call: the lock (transaction-scoped),
-- then, in a snapshot taken after it is granted (the function is VOLATILE, so
-- under READ COMMITTED each of its queries takes a new one), the head the
-- previous holder committed, whether this event is recorded already (a retried
-- activity) and the payload's canonical text for its digest. The entry's hash
-- is still computed by the service (activities/subjectEvents.ts): in SQL
-- (audit_entry_hash_v2) it costs more CPU than the round trip it would save.
CREATE FUNCTION audit_chain_head(p_chain_key text, p_subject_type text, p_subject_id text, p_seq int, p_payload jsonb)
  RETURNS TABLE (recorded boolean, chain_seq bigint, entry_hash text, payload_text text)
  LANGUAGE plpgsql VOLATILE
  AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('aidloop-audit-chain:' || p_chain_key, 0));
  RETURN QUERY
    SELECT EXISTS (SELECT 1 FROM subject_events s WHERE s.subject_type = p_subject_type AND s.subject_id = p_subject_id AND s.seq = p_seq),
           h.chain_seq, h.entry_hash, p_payload::text
      FROM (SELECT 1) AS one
      LEFT JOIN LATERAL (SELECT e.chain_seq, e.entry_hash FROM subject_events e WHERE e.chain_key = p_chain_key ORDER BY e.chain_seq DESC LIMIT 1) AS h ON true;
END
$$;
