-- A task can be claimed by a named person (认领) and released again, so a
-- township's inbox shows who holds what. Nothing else changes: the task still
-- belongs to its region, and any staff member of that region may complete it.
ALTER TABLE tasks ADD COLUMN held_by text;
ALTER TABLE tasks ADD COLUMN held_since timestamptz;
ALTER TABLE tasks ADD CONSTRAINT tasks_holder_complete CHECK ((held_by IS NULL) = (held_since IS NULL));
