-- 双随机、一公开 (seed 001 (十一)): a county draws a reproducible random sample
-- of closed cases and enrolments for quality review, assigns each a reviewer
-- at random from a given list, and records findings. The seed and the result
-- are also in the audit log (subject_events, subject_type 'SAMPLE').
CREATE TABLE quality_samples (
  sample_id     text PRIMARY KEY,
  county_code   text NOT NULL,
  month         text NOT NULL CHECK (month ~ '^\d{4}-\d{2}$'),
  seed          text NOT NULL,
  size          int NOT NULL CHECK (size > 0),
  reviewers     text[] NOT NULL,
  population    int NOT NULL,
  drawn_by      text NOT NULL,
  drawn_at      timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE quality_sample_items (
  sample_id     text NOT NULL REFERENCES quality_samples (sample_id),
  subject_type  text NOT NULL CHECK (subject_type IN ('CASE', 'ENROLMENT')),
  subject_id    text NOT NULL,
  township_code text NOT NULL,
  reviewer      text NOT NULL,
  finding       text CHECK (finding IN ('COMPLIANT', 'DEFICIENT', 'NONCOMPLIANT')),
  note          text,
  reviewed_at   timestamptz,
  PRIMARY KEY (sample_id, subject_type, subject_id)
);
