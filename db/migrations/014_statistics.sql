-- The monthly statistics (月报). 回避 refusals on record (not only in the service log), so the monthly
-- statistics can count them per township. No person is named here: the staff
-- member, where they acted, and the subject.
CREATE TABLE conflict_refusals (
  refusal_id    bigserial PRIMARY KEY,
  staff_user_id text NOT NULL,
  region_code   text NOT NULL,
  subject_id    text,
  relation      text NOT NULL,
  refused_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conflict_refusals_region ON conflict_refusals (region_code text_pattern_ops, refused_at);

-- The 月报 reads a month of events of a few types (api/statistics/monthly.ts).
CREATE INDEX subject_events_type_time ON subject_events (subject_type, event_type, occurred_at);
