-- Indexes that fit the inbox (/tasks) and the overdue view (/supervision/overdue)
-- at county and national scale: open steps only, per region level, in the
-- page's sort order, so a page of 100 is an index range scan that stops after
-- 101 entries and a count per township is an index-only scan. A region code is
-- a prefix (province 2, city 4, county 6, township 9 digits); each level has
-- its own index on that prefix, since one btree cannot serve "due date order
-- within any prefix". Tasks without a due date sort last ('infinity').

-- Inbox: open tasks by the region whose inbox they sit in (a township, or the
-- county for escalations and referrals).
CREATE INDEX tasks_inbox_9 ON tasks (region_code, (coalesce(due_on, 'infinity'::date)), task_id)
  INCLUDE (department, kind) WHERE status = 'OPEN';
CREATE INDEX tasks_inbox_6 ON tasks (left(region_code, 6), (coalesce(due_on, 'infinity'::date)), task_id)
  INCLUDE (department, kind) WHERE status = 'OPEN';
CREATE INDEX tasks_inbox_4 ON tasks (left(region_code, 4), (coalesce(due_on, 'infinity'::date)), task_id)
  INCLUDE (department, kind) WHERE status = 'OPEN';
CREATE INDEX tasks_inbox_2 ON tasks (left(region_code, 2), (coalesce(due_on, 'infinity'::date)), task_id)
  INCLUDE (department, kind) WHERE status = 'OPEN';

-- Overdue: open steps with a due date by the township of their subject.
CREATE INDEX tasks_due_9 ON tasks (subject_region, due_on, task_id)
  INCLUDE (kind, subject_type) WHERE status = 'OPEN' AND due_on IS NOT NULL;
CREATE INDEX tasks_due_6 ON tasks (left(subject_region, 6), due_on, task_id)
  INCLUDE (subject_region, kind, subject_type) WHERE status = 'OPEN' AND due_on IS NOT NULL;
CREATE INDEX tasks_due_4 ON tasks (left(subject_region, 4), due_on, task_id)
  INCLUDE (subject_region, kind, subject_type) WHERE status = 'OPEN' AND due_on IS NOT NULL;
CREATE INDEX tasks_due_2 ON tasks (left(subject_region, 2), due_on, task_id)
  INCLUDE (subject_region, kind, subject_type) WHERE status = 'OPEN' AND due_on IS NOT NULL;

-- Overdue as of a past day also lists steps done after that day: found by when
-- they were completed, filtered and ordered from the index alone (index-only),
-- then only the page's rows are read.
CREATE INDEX tasks_done_at ON tasks (completed_at) INCLUDE (subject_region, due_on, task_id, kind, subject_type)
  WHERE status = 'DONE' AND due_on IS NOT NULL;

-- Superseded: no query filters open tasks by region without an order, or by due date alone.
DROP INDEX tasks_open_by_region;
DROP INDEX tasks_due;
