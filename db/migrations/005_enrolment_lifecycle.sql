-- The enrolment's life after approval: yearly reviews, gradual exit, monitoring after exit.
ALTER TABLE enrolments ADD COLUMN state text NOT NULL DEFAULT 'active';
ALTER TABLE enrolments ADD COLUMN context jsonb;
ALTER TABLE enrolments ADD COLUMN allowed_actions text[] NOT NULL DEFAULT '{}';
ALTER TABLE enrolments ADD COLUMN township_code text;
ALTER TABLE enrolments ADD COLUMN next_review_due_on date;
ALTER TABLE enrolments ADD COLUMN payments_end_on date;
ALTER TABLE enrolments ADD COLUMN monitoring_ends_on date;
ALTER TABLE enrolments ADD COLUMN version int NOT NULL DEFAULT 0;
ALTER TABLE enrolments ADD COLUMN updated_at timestamptz;
ALTER TABLE enrolments DROP CONSTRAINT enrolments_status_check;
ALTER TABLE enrolments ADD CONSTRAINT enrolments_status_check CHECK (status IN ('ACTIVE', 'GRADUAL_EXIT', 'EXITED', 'MONITORING_ENDED'));
