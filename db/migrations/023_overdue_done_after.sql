-- Overdue as of a past day also lists the steps done only after that day. 011
-- found them through one national index on completed_at, so every overdue page
-- (and every count) scanned all steps completed since asOf in the whole
-- country. These are keyed by the region level first and completed_at second,
-- like tasks_due_N: a county's page reads only the county's steps completed
-- since asOf (none at all when asOf is today), index-only, and sorts those.
CREATE INDEX tasks_done_9 ON tasks (subject_region, completed_at)
  INCLUDE (due_on, task_id, kind, subject_type) WHERE status = 'DONE' AND due_on IS NOT NULL;
CREATE INDEX tasks_done_6 ON tasks (left(subject_region, 6), completed_at)
  INCLUDE (subject_region, due_on, task_id, kind, subject_type) WHERE status = 'DONE' AND due_on IS NOT NULL;
CREATE INDEX tasks_done_4 ON tasks (left(subject_region, 4), completed_at)
  INCLUDE (subject_region, due_on, task_id, kind, subject_type) WHERE status = 'DONE' AND due_on IS NOT NULL;
CREATE INDEX tasks_done_2 ON tasks (left(subject_region, 2), completed_at)
  INCLUDE (subject_region, due_on, task_id, kind, subject_type) WHERE status = 'DONE' AND due_on IS NOT NULL;

-- Superseded by the four above.
DROP INDEX tasks_done_at;
