-- A province's or a city's overdue counts as of a past day add the steps
-- done only after that day (open then, due before it). Counted from the
-- tasks, that part reads every step the province completed since asOf
-- (11,563 entries for three days of the bench). These counts keep them per
-- city and per county, day of completion (Asia/Shanghai) and due month, the
-- way 024 keeps the open steps: writers append deltas (statement triggers),
-- folds move them into the counts, and a read adds the deltas not folded yet.
-- A count reads the rows of the days since asOf for the due months before
-- asOf's month, and the steps due in asOf's own month before asOf from
-- tasks_done_day_N (026), day by day.

CREATE TABLE done_step_counts (
  level       smallint NOT NULL CHECK (level IN (4, 6)), -- counted per city (4) or per county (6)
  region_code text NOT NULL,                             -- left(subject_region, level)
  done_on     date NOT NULL,                             -- the day they were completed, Asia/Shanghai
  due_month   date NOT NULL,                             -- the first day of their due month
  done        int NOT NULL,
  PRIMARY KEY (level, region_code, done_on, due_month)
);
-- A province's cities; a city's counties.
CREATE INDEX done_step_counts_4 ON done_step_counts (left(region_code, 2), done_on, due_month) INCLUDE (region_code, done) WHERE level = 4;
CREATE INDEX done_step_counts_6 ON done_step_counts (left(region_code, 4), done_on, due_month) INCLUDE (region_code, done) WHERE level = 6;

CREATE TABLE done_step_count_deltas (
  county  text NOT NULL,
  done_on date NOT NULL,
  due_on  date NOT NULL,
  delta   int NOT NULL
);

-- One delta row per (county, day of completion, due date) a statement changed, netted (see 024).
CREATE FUNCTION record_done_step_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO done_step_count_deltas (county, done_on, due_on, delta)
    SELECT left(subject_region, 6), (completed_at AT TIME ZONE 'Asia/Shanghai')::date, due_on, count(*) FROM new_rows
     WHERE status = 'DONE' AND due_on IS NOT NULL AND completed_at IS NOT NULL GROUP BY 1, 2, 3;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO done_step_count_deltas (county, done_on, due_on, delta)
    SELECT county, done_on, due_on, sum(delta) FROM (
      SELECT left(subject_region, 6) AS county, (completed_at AT TIME ZONE 'Asia/Shanghai')::date AS done_on, due_on, 1 AS delta
        FROM new_rows WHERE status = 'DONE' AND due_on IS NOT NULL AND completed_at IS NOT NULL
      UNION ALL
      SELECT left(subject_region, 6), (completed_at AT TIME ZONE 'Asia/Shanghai')::date, due_on, -1
        FROM old_rows WHERE status = 'DONE' AND due_on IS NOT NULL AND completed_at IS NOT NULL) changed
    GROUP BY county, done_on, due_on HAVING sum(delta) <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO done_step_count_deltas (county, done_on, due_on, delta)
    SELECT left(subject_region, 6), (completed_at AT TIME ZONE 'Asia/Shanghai')::date, due_on, -count(*) FROM old_rows
     WHERE status = 'DONE' AND due_on IS NOT NULL AND completed_at IS NOT NULL GROUP BY 1, 2, 3;
  ELSE -- TRUNCATE
    TRUNCATE done_step_counts, done_step_count_deltas;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER tasks_done_step_inserts AFTER INSERT ON tasks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_done_step_deltas();
CREATE TRIGGER tasks_done_step_updates AFTER UPDATE ON tasks
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_done_step_deltas();
CREATE TRIGGER tasks_done_step_deletes AFTER DELETE ON tasks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION record_done_step_deltas();
CREATE TRIGGER tasks_done_step_truncates AFTER TRUNCATE ON tasks
  FOR EACH STATEMENT EXECUTE FUNCTION record_done_step_deltas();

-- As fold_open_step_deltas (024), for these counts.
CREATE FUNCTION fold_done_step_deltas(threshold int, batch int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  moved_rows int;
  zero_level smallint[];
  zero_region text[];
  zero_done date[];
  zero_month date[];
BEGIN
  IF threshold > 0 AND (SELECT count(*) FROM (SELECT FROM done_step_count_deltas LIMIT threshold) pending) < threshold THEN
    RETURN 0;
  END IF;
  WITH moved AS (
    DELETE FROM done_step_count_deltas
     WHERE ctid IN (SELECT ctid FROM done_step_count_deltas LIMIT batch FOR UPDATE SKIP LOCKED)
    RETURNING county, done_on, due_on, delta
  ), sums AS (
    SELECT l.level, left(m.county, l.level) AS region_code, m.done_on, date_trunc('month', m.due_on::timestamp)::date AS due_month, sum(m.delta) AS done
      FROM moved m, unnest(ARRAY[4, 6]::smallint[]) AS l (level)
     GROUP BY 1, 2, 3, 4
  ), upserted AS (
    INSERT INTO done_step_counts AS c (level, region_code, done_on, due_month, done)
    SELECT level, region_code, done_on, due_month, done FROM sums WHERE done <> 0 ORDER BY level, region_code, done_on, due_month
    ON CONFLICT (level, region_code, done_on, due_month) DO UPDATE SET done = c.done + EXCLUDED.done
    RETURNING c.level, c.region_code, c.done_on, c.due_month, c.done
  )
  SELECT (SELECT count(*) FROM moved), array_agg(level), array_agg(region_code), array_agg(done_on), array_agg(due_month)
    INTO moved_rows, zero_level, zero_region, zero_done, zero_month
    FROM upserted WHERE done = 0;
  DELETE FROM done_step_counts c
   USING unnest(zero_level, zero_region, zero_done, zero_month) AS z(level, region_code, done_on, due_month)
   WHERE c.done = 0 AND (c.level, c.region_code, c.done_on, c.due_month) = (z.level, z.region_code, z.done_on, z.due_month);
  RETURN moved_rows;
END $$;

-- One fold for the service's callers (the hourly open-step-counts schedule, a first page): both kinds of deltas.
ALTER FUNCTION fold_open_step_deltas(int, int) RENAME TO fold_open_step_count_deltas;
CREATE FUNCTION fold_open_step_deltas(threshold int, batch int) RETURNS int LANGUAGE sql AS $$
  SELECT fold_open_step_count_deltas(threshold, batch) + fold_done_step_deltas(threshold, batch)
$$;

-- The counts of the steps done so far (the triggers above keep them from here on).
INSERT INTO done_step_counts (level, region_code, done_on, due_month, done)
SELECT l.level, left(t.county, l.level), t.done_on, t.due_month, sum(t.n)
  FROM (SELECT left(subject_region, 6) AS county, (completed_at AT TIME ZONE 'Asia/Shanghai')::date AS done_on,
               date_trunc('month', due_on::timestamp)::date AS due_month, count(*) AS n
          FROM tasks WHERE status = 'DONE' AND due_on IS NOT NULL AND completed_at IS NOT NULL GROUP BY 1, 2, 3) t,
       unnest(ARRAY[4, 6]::smallint[]) AS l (level)
 GROUP BY 1, 2, 3, 4;
