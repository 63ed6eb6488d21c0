-- Find anything (list routes, api/lists/): each list is newest first,
-- ORDER BY created_at DESC, <id> DESC, paged by keyset, under a region code.
-- A township is an equality on the first column, so the index yields its rows
-- in page order and a page reads limit + 1 entries; a county is a LIKE prefix
-- (text_pattern_ops makes the prefix a range scan). Lookups by person
-- (ID number → keyed pseudonym → person_ref) and by household serve the
-- idNumber filter, GET /persons, the chain and the duplicate-aid rule.
CREATE INDEX cases_list ON cases (township_code text_pattern_ops, created_at DESC, case_id DESC);
CREATE INDEX cases_person ON cases (person_ref, created_at DESC);
CREATE INDEX applications_list ON applications (township_code text_pattern_ops, created_at DESC, application_id DESC);
CREATE INDEX applications_household ON applications (household_id);
CREATE INDEX enrolments_list ON enrolments (township_code text_pattern_ops, created_at DESC, enrolment_id DESC);
CREATE INDEX enrolments_household ON enrolments (household_id);
CREATE INDEX emergencies_list ON emergencies (township_code text_pattern_ops, created_at DESC, emergency_id DESC);
CREATE INDEX households_list ON households (township_code text_pattern_ops, created_at DESC, household_id DESC);
CREATE INDEX household_members_person ON household_members (person_ref);
-- The latest decision of an application (its decided tier).
CREATE INDEX eligibility_decisions_latest ON eligibility_decisions (application_id, decision_id DESC);
