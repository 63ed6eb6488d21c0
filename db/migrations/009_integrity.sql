-- 近亲属备案: relatives of staff on record, so that a staff member never takes
-- a step (application, enrolment, payment) that concerns their own relative
-- (回避: another staff member must take it). Only the person_ref (keyed hash)
-- is stored here; the ID number stays in persons.
CREATE TABLE staff_relatives (
  staff_user_id text NOT NULL,
  person_ref    text NOT NULL REFERENCES persons (person_ref),
  relation      text NOT NULL CHECK (relation IN ('SPOUSE', 'PARENT', 'CHILD', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD', 'IN_LAW', 'OTHER')),
  registered_by text NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (staff_user_id, person_ref)
);

CREATE INDEX staff_relatives_person ON staff_relatives (person_ref);
