-- Dynamic monitoring (seeds 000, 001, 003): the county's low-income population
-- (低收入人口库), department feed batches staged with COPY, their per-row rejects,
-- and the warnings that cross-matching raised from them.

-- A household's declared annual income, as the registry import gives it (for
-- indicators that compare costs with income).
ALTER TABLE households ADD COLUMN annual_income_fen bigint CHECK (annual_income_fen >= 0);

-- Persons registered as low-income in the county's existing registry (imported).
CREATE TABLE low_income_registry (
  person_ref     text PRIMARY KEY REFERENCES persons (person_ref),
  household_id   text NOT NULL REFERENCES households (household_id),
  category       text NOT NULL CHECK (category IN ('TEKUN', 'DIBAO', 'DIBIAN', 'GANGZHI', 'FANGFAN', 'QITA')),
  township_code  text NOT NULL,
  batch_id       bigint NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- One uploaded file of one feed kind for one region; the same file twice is the same batch.
CREATE TABLE feed_batches (
  batch_id        bigserial PRIMARY KEY,
  feed_kind       text NOT NULL,
  department      text NOT NULL,
  region_code     text NOT NULL,
  content_hash    text NOT NULL,
  file_name       text NOT NULL DEFAULT '',
  state           text NOT NULL CHECK (state IN ('STAGED', 'RUNNING', 'DONE', 'FAILED')),
  failure_reason  text,
  rows_read       int NOT NULL,
  rows_rejected   int NOT NULL,
  report          jsonb,
  uploaded_by     text NOT NULL,
  uploaded_at     timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  UNIQUE (feed_kind, region_code, content_hash)
);

-- Every row of every batch as staged (COPY), valid or not: a rejected row keeps
-- its row number and reason. Clear ID numbers are never staged except for the
-- kinds that register persons (the registry, 防返贫), and cleared once registered.
-- Few indexes on purpose: COPY speed.
CREATE TABLE feed_rows (
  batch_id          bigint NOT NULL,
  row_no            int NOT NULL,
  source_key        text,
  case_id           text,            -- the case this row would open (keyed hash of kind and key)
  person_ref        text,
  id_number_masked  text,
  id_number         text,
  township_code     text,
  event_date        date,
  amount_fen        bigint,
  attrs             jsonb,
  reject_reason     text,
  PRIMARY KEY (batch_id, row_no)
);

CREATE VIEW feed_rejects AS
  SELECT batch_id, row_no, source_key, id_number_masked, reject_reason AS reason FROM feed_rows WHERE reject_reason IS NOT NULL;

-- The monitored population is derived, never copied (SPEC §2): registered
-- low-income persons; members of enrolments in assistance, gradual exit or
-- monitoring after exit; members of households rejected within the local QITA
-- window (seed 001); the 防返贫 objects received from agriculture.
CREATE VIEW monitored_persons AS
  SELECT r.person_ref, r.household_id, r.category, 'NONE'::text AS enrolment_state, 'REGISTRY'::text AS basis
    FROM low_income_registry r
  UNION ALL
  SELECT m.person_ref, e.household_id, e.tier,
         CASE WHEN e.status = 'ACTIVE' THEN 'ACTIVE' WHEN e.status = 'GRADUAL_EXIT' THEN 'GRADUAL_EXIT' ELSE 'MONITORED' END,
         'ENROLMENT'
    FROM enrolments e JOIN household_members m USING (household_id)
   WHERE e.status IN ('ACTIVE', 'GRADUAL_EXIT') OR (e.status = 'EXITED' AND (e.monitoring_ends_on IS NULL OR e.monitoring_ends_on >= current_date))
  UNION ALL
  SELECT m.person_ref, j.household_id, 'QITA', 'NONE', 'REJECTED'
    FROM assistance_rejections j JOIN households h USING (household_id) JOIN household_members m USING (household_id)
   WHERE j.rejected_on >= current_date - make_interval(months => (
     SELECT (p.value #>> '{}')::int FROM policy_values p
      WHERE p.key = 'qita.rejectionWindowMonths' AND starts_with(h.township_code, p.region_prefix) AND p.effective_from <= current_date
      ORDER BY length(p.region_prefix) DESC, p.effective_from DESC LIMIT 1))
  UNION ALL
  SELECT DISTINCT ON (f.person_ref) f.person_ref, m.household_id, 'FANGFAN', 'NONE', 'FANGFAN'
    FROM feed_rows f JOIN feed_batches b USING (batch_id) LEFT JOIN household_members m ON m.person_ref = f.person_ref
   WHERE b.feed_kind = 'FANGFAN' AND b.state <> 'FAILED' AND f.reject_reason IS NULL;

-- What cross-matching raised: one warning per source row at most, with the rule
-- and version that raised it, and the case it opened or the open case it joined.
CREATE TABLE feed_warnings (
  warning_id     bigserial PRIMARY KEY,
  batch_id       bigint NOT NULL REFERENCES feed_batches (batch_id),
  feed_kind      text NOT NULL,
  source_key     text NOT NULL,
  row_no         int NOT NULL,
  person_ref     text NOT NULL REFERENCES persons (person_ref),
  household_id   text,
  township_code  text NOT NULL,
  rule_id        text NOT NULL,
  rule_version   text NOT NULL,
  hardship_type  text NOT NULL,
  priority       int NOT NULL,
  detail         text NOT NULL,
  case_id        text NOT NULL,           -- the case it opened or joined
  own_case_id    text NOT NULL,           -- the case this source row opens (if the one it would join is closed meanwhile)
  disposition    text NOT NULL CHECK (disposition IN ('NEW_CASE', 'CLUE')),
  enrolment_id   text,                -- a death notice about a recipient: the enrolment whose exit review it opens
  raised_at      timestamptz,
  UNIQUE (feed_kind, source_key)
);
CREATE INDEX feed_warnings_batch ON feed_warnings (batch_id, warning_id);

-- The monthly exchange duty (seed 003 三(二)2) a batch completed: the link, not a note alone.
ALTER TABLE feed_batches ADD COLUMN exchange_id text;

