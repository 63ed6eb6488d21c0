-- Tasks belong to any durable subject (a case, an application, an enrolment,
-- an emergency, a monthly exchange), so one inbox and one overdue query cover
-- every kind of step. subject_region is the township (or county) the subject
-- lives in: supervision scopes by it.
ALTER TABLE tasks ADD COLUMN subject_type text;
ALTER TABLE tasks ADD COLUMN subject_id text;
ALTER TABLE tasks ADD COLUMN subject_region text;
UPDATE tasks t SET subject_type = 'CASE', subject_id = t.case_id, subject_region = c.township_code
  FROM cases c WHERE c.case_id = t.case_id;
ALTER TABLE tasks ALTER COLUMN subject_type SET NOT NULL;
ALTER TABLE tasks ALTER COLUMN subject_id SET NOT NULL;
ALTER TABLE tasks ALTER COLUMN subject_region SET NOT NULL;
ALTER TABLE tasks ALTER COLUMN case_id DROP NOT NULL;
ALTER TABLE tasks ADD CONSTRAINT tasks_case_subject CHECK (subject_type <> 'CASE' OR case_id = subject_id);
CREATE INDEX tasks_subject ON tasks (subject_type, subject_id);
CREATE INDEX tasks_subject_region ON tasks (subject_region text_pattern_ops);
