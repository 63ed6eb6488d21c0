-- A case's item referred to a department (转介/转办) is its own durable subject:
-- this is its projection row; its events are subject_events ('REFERRAL') and
-- its steps are tasks, like every subject's.
CREATE TABLE referrals (
  referral_id     text PRIMARY KEY,
  case_id         text NOT NULL REFERENCES cases (case_id),
  item_id         text NOT NULL,
  department      text NOT NULL,
  need            text NOT NULL,
  person_ref      text NOT NULL REFERENCES persons (person_ref),
  township_code   text NOT NULL,
  referred_on     date NOT NULL,
  due_on          date,
  working_days    integer,
  overdue         boolean NOT NULL DEFAULT false,
  policy_version  text,
  state           text NOT NULL,
  context         jsonb NOT NULL,
  allowed_actions text[] NOT NULL,
  version         integer NOT NULL,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  closed_at       timestamptz,
  UNIQUE (case_id, item_id)
);
CREATE INDEX referrals_department ON referrals (department, township_code text_pattern_ops);
