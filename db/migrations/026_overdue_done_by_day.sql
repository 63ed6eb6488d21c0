-- A province's or a city's overdue page as of a past day also lists the steps
-- done only after that day. tasks_done_N (023) finds them by completed_at, so
-- such a page read and sorted every step the province completed since asOf
-- (11,563 for three days of the bench, 9 ms) to keep the hundred due first.
-- Keyed by the day a step was completed (Asia/Shanghai) and then by due date,
-- the page takes the first hundred of each day since asOf and merges them
-- (1.6 ms for the same page). Counties and townships complete few steps a day
-- and keep 023's scan, which these do not replace.
CREATE INDEX tasks_done_day_2 ON tasks (left(subject_region, 2), ((completed_at AT TIME ZONE 'Asia/Shanghai')::date), due_on, task_id)
  INCLUDE (completed_at, subject_region, kind, subject_type) WHERE status = 'DONE' AND due_on IS NOT NULL;
CREATE INDEX tasks_done_day_4 ON tasks (left(subject_region, 4), ((completed_at AT TIME ZONE 'Asia/Shanghai')::date), due_on, task_id)
  INCLUDE (completed_at, subject_region, kind, subject_type) WHERE status = 'DONE' AND due_on IS NOT NULL;
