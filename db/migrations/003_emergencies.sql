-- Emergency aid (急难社会救助, 先行救助; seed 004): the projection of each
-- emergency's workflow and its one payment. Forward-only; the
-- Temporal workflow is the source of truth and these rows are written
-- idempotently from its events.

CREATE TABLE emergencies (
  emergency_id              text PRIMARY KEY,  -- the workflow id (keyed hash of township + report id)
  report_id                 text NOT NULL,     -- the township's own number for the report
  person_ref                text NOT NULL REFERENCES persons (person_ref),
  township_code             text NOT NULL,     -- where the emergency happened (no household-registration restriction)
  kind                      text NOT NULL,
  amount_requested_fen      int NOT NULL CHECK (amount_requested_fen > 0),
  occurred_on               date NOT NULL,
  description               text NOT NULL,
  state                     text NOT NULL,
  route                     text CHECK (route IN ('FIRST_AID', 'APPROVAL')),
  context                   jsonb NOT NULL,
  allowed_actions           text[] NOT NULL,
  documentation_due_on      date,              -- first aid only
  documentation_working_days int,
  documentation_provisional boolean,
  documentation_remind_on   date,              -- the township is reminded on this day
  documentation_reminded    boolean NOT NULL DEFAULT false,
  documentation_overdue     boolean NOT NULL DEFAULT false,  -- escalated to the county
  policy_versions           text[] NOT NULL,
  version                   int NOT NULL,      -- seq of the last event applied
  created_by                text NOT NULL,
  created_at                timestamptz NOT NULL,
  updated_at                timestamptz NOT NULL,
  closed_at                 timestamptz,
  UNIQUE (township_code, report_id)
);
CREATE INDEX emergencies_township ON emergencies (township_code);
CREATE INDEX emergencies_person ON emergencies (person_ref);

-- One emergency, one payment: the unique key makes a retried or repeated
-- payment a no-op, whatever Temporal or the client retries.
CREATE TABLE emergency_payments (
  emergency_id    text NOT NULL UNIQUE REFERENCES emergencies (emergency_id),
  person_ref      text NOT NULL REFERENCES persons (person_ref),
  amount_fen      int NOT NULL CHECK (amount_fen > 0),
  basis           text NOT NULL CHECK (basis IN ('FIRST_AID', 'APPROVED')),
  paid_at         timestamptz NOT NULL,
  paid_by         text NOT NULL,
  paid_by_region  text NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now()
);
-- The anti-splitting rule adds up one person's recent first aid.
CREATE INDEX emergency_payments_person ON emergency_payments (person_ref, paid_at);

-- The emergency's event log is subject_events (subject_type 'EMERGENCY'), the one
-- log every durable subject writes (migration 004).
