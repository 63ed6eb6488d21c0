-- The registry, the task/deadline projection, policy data and the event log of
-- the warning loop. Forward-only; the Temporal workflow is the source of truth
-- and these tables are rewritten idempotently from its events.

CREATE TABLE persons (
  person_ref        text PRIMARY KEY,          -- keyed hash of the ID number
  id_number         text NOT NULL UNIQUE,      -- GB 11643; shown only masked
  id_number_masked  text NOT NULL,
  birth_date        date NOT NULL,
  sex               char(1) NOT NULL CHECK (sex IN ('M', 'F')),
  created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cases (
  case_id                 text PRIMARY KEY,    -- the workflow id
  source                  text NOT NULL,
  source_id               text NOT NULL,
  person_ref              text NOT NULL REFERENCES persons (person_ref),
  township_code           text NOT NULL,
  hardship_type           text NOT NULL,
  received_on             date NOT NULL,
  detail                  text NOT NULL,
  state                   text NOT NULL,
  context                 jsonb NOT NULL,
  allowed_actions         text[] NOT NULL,
  verification_due_on     date NOT NULL,
  verification_working_days int NOT NULL,
  verification_provisional boolean NOT NULL,
  verification_overdue    boolean NOT NULL,
  policy_version          text NOT NULL,
  version                 int NOT NULL,        -- seq of the last event applied
  created_by              text NOT NULL,
  created_at              timestamptz NOT NULL,
  updated_at              timestamptz NOT NULL,
  closed_at               timestamptz,
  UNIQUE (source, source_id)
);
CREATE INDEX cases_township ON cases (township_code);

CREATE TABLE tasks (
  task_id       text PRIMARY KEY,              -- case_id/key
  case_id       text NOT NULL REFERENCES cases (case_id),
  kind          text NOT NULL,
  region_code   text NOT NULL,
  department    text,
  title         text NOT NULL,
  due_on        date,
  status        text NOT NULL CHECK (status IN ('OPEN', 'DONE')),
  opened_at     timestamptz NOT NULL,
  completed_at  timestamptz,
  completed_by  text
);
CREATE INDEX tasks_open_by_region ON tasks (region_code text_pattern_ops) WHERE status = 'OPEN';
CREATE INDEX tasks_due ON tasks (due_on) WHERE due_on IS NOT NULL;
CREATE INDEX tasks_case ON tasks (case_id);

CREATE TABLE case_events (
  case_id       text NOT NULL REFERENCES cases (case_id),
  seq           int NOT NULL,
  event_type    text NOT NULL,
  from_state    text NOT NULL,
  to_state      text NOT NULL,
  actor_id      text NOT NULL,
  actor_region  text NOT NULL,
  payload       jsonb NOT NULL,
  occurred_at   timestamptz NOT NULL,
  PRIMARY KEY (case_id, seq)
);

-- Effective-dated local policy values: a row applies to every region whose code
-- starts with region_prefix ('' = everywhere); the longest prefix wins, then the
-- latest effective_from not after the date asked about.
CREATE TABLE policy_values (
  policy_id       bigserial PRIMARY KEY,
  region_prefix   text NOT NULL CHECK (region_prefix ~ '^(\d{2}(\d{2}){0,2}(\d{3})?)?$'),
  key             text NOT NULL,
  value           jsonb NOT NULL,
  effective_from  date NOT NULL,
  source          text NOT NULL,               -- the document it comes from
  note            text NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_prefix, key, effective_from)
);

-- Official calendar data loaded by administrators for what the packaged data
-- lacks: a whole year's State Council notice, or a correction of one date.
CREATE TABLE calendar_overrides (
  date        date PRIMARY KEY,
  is_workday  boolean NOT NULL,
  name        text NOT NULL DEFAULT '',
  loaded_by   text NOT NULL,
  loaded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE calendar_official_years (
  year        int PRIMARY KEY,
  source      text NOT NULL,
  loaded_by   text NOT NULL,
  loaded_at   timestamptz NOT NULL DEFAULT now()
);
