-- Signed checkpoints of the audit chains (admin/checkpoints.ts): the head of
-- every chain, signed with an Ed25519 key held outside the database. An owner
-- who rewrites a chain and recomputes every hash still cannot make the heads
-- agree with a checkpoint signed before, nor sign a new one without the key;
-- an exported checkpoint held by a higher-level bureau shows the same even if
-- the rows here were deleted.
--
-- `manifest` is the exact signed text (JSON: format, createdAt, heads of
-- {chainKey, chainSeq, entryHash}); `signature` is base64 Ed25519 over its
-- UTF-8 bytes; `key_id` names the public key (hex sha256 of its SPKI DER, first 16).
CREATE TABLE audit_checkpoints (
  checkpoint_id bigserial PRIMARY KEY,
  created_at timestamptz NOT NULL,
  key_id text NOT NULL,
  manifest text NOT NULL,
  signature text NOT NULL
);

-- Append-only for the service, like the audit log (010).
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'aidloop_app') THEN
    GRANT SELECT, INSERT ON audit_checkpoints TO aidloop_app;
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_checkpoints FROM aidloop_app;
    GRANT USAGE, SELECT ON SEQUENCE audit_checkpoints_checkpoint_id_seq TO aidloop_app;
  END IF;
END $$;
