-- Who changed local policy data, for the audit.
ALTER TABLE policy_values ADD COLUMN created_by text NOT NULL DEFAULT 'seed';

-- One event log for every durable subject (cases, applications, enrolments…).
ALTER TABLE case_events RENAME TO subject_events;
ALTER TABLE subject_events RENAME COLUMN case_id TO subject_id;
ALTER TABLE subject_events DROP CONSTRAINT case_events_case_id_fkey;
ALTER TABLE subject_events ADD COLUMN subject_type text NOT NULL DEFAULT 'CASE';
ALTER TABLE subject_events ALTER COLUMN subject_type DROP DEFAULT;
ALTER TABLE subject_events DROP CONSTRAINT case_events_pkey;
ALTER TABLE subject_events ADD PRIMARY KEY (subject_type, subject_id, seq);

-- A household (共同生活的家庭成员), keyed by its applicant; its members as last investigated.
CREATE TABLE households (
  household_id        text PRIMARY KEY,
  applicant_person_ref text NOT NULL UNIQUE REFERENCES persons (person_ref),
  township_code       text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE household_members (
  household_id  text NOT NULL REFERENCES households (household_id),
  person_ref    text NOT NULL REFERENCES persons (person_ref),
  relation      text NOT NULL,
  PRIMARY KEY (household_id, person_ref)
);

CREATE TABLE applications (
  application_id  text PRIMARY KEY,             -- the workflow id
  reference       text NOT NULL,
  household_id    text NOT NULL REFERENCES households (household_id),
  township_code   text NOT NULL,
  channel         text NOT NULL,
  received_on     date NOT NULL,
  from_case_id    text REFERENCES cases (case_id),
  from_item_id    text,
  state           text NOT NULL,
  context         jsonb NOT NULL,
  allowed_actions text[] NOT NULL,
  publicity_ends_on date,
  version         int NOT NULL,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  closed_at       timestamptz,
  UNIQUE (township_code, reference)
);

-- What the household declared and staff found in the 家计调查: immutable, one row per investigation.
CREATE TABLE household_snapshots (
  snapshot_id     bigserial PRIMARY KEY,
  application_id  text NOT NULL REFERENCES applications (application_id),
  household       jsonb NOT NULL,               -- full ID numbers: never returned unmasked
  evidence        text NOT NULL,
  recorded_by     text NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now()
);

-- Every decision of the tier engine, with its explanation and the policy versions it applied.
CREATE TABLE eligibility_decisions (
  decision_id     bigserial PRIMARY KEY,
  application_id  text NOT NULL REFERENCES applications (application_id),
  snapshot_id     bigint NOT NULL REFERENCES household_snapshots (snapshot_id),
  assessed_on     date NOT NULL,
  primary_tier    text,
  decision        jsonb NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (application_id, snapshot_id)
);

-- The registry of assistance: one row per enrolment of a household (or one person, 单人保).
CREATE TABLE enrolments (
  enrolment_id        text PRIMARY KEY,
  household_id        text NOT NULL REFERENCES households (household_id),
  application_id      text NOT NULL UNIQUE REFERENCES applications (application_id),
  tier                text NOT NULL,
  start_on            date NOT NULL,
  monthly_amount_fen  bigint NOT NULL CHECK (monthly_amount_fen >= 0),
  status              text NOT NULL CHECK (status IN ('ACTIVE', 'GRADUAL_EXIT', 'EXITED')),
  exited_on           date,
  exit_reason         text,
  created_at          timestamptz NOT NULL DEFAULT now()
);

-- Rejections are kept: one within a year makes a person a QITA candidate (seed 001).
CREATE TABLE assistance_rejections (
  application_id  text PRIMARY KEY REFERENCES applications (application_id),
  household_id    text NOT NULL REFERENCES households (household_id),
  rejected_on     date NOT NULL,
  reason          text NOT NULL
);
