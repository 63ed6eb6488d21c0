-- Counts of open steps with a due date, per city and per county and due date,
-- so a province's overdue counts per city (/supervision/overdue, first page)
-- sum a few hundred count rows of its cities, and a city's counts per county
-- those of its counties, instead of counting ~185,000 index entries.
--
-- Writers never touch a count row (many receipts in one county on one day
-- would all update the same row and queue behind each other): a statement
-- trigger on tasks appends signed deltas to open_step_count_deltas, and
-- fold_open_step_deltas() moves them into open_step_counts now and then.
-- Counts plus deltas, read in one statement, are exact at every moment.
--
-- A count row covers a day or a whole month of due dates: "due before asOf"
-- is the months before asOf's month plus the days of its month before asOf,
-- so a province reads one row per city and month with open steps before
-- asOf's month, and at most 30 per city for the days of that month.

CREATE TABLE open_step_counts (
  level       smallint NOT NULL CHECK (level IN (4, 6)), -- counted per city (4) or per county (6)
  region_code text NOT NULL,                             -- left(subject_region, level)
  span        text NOT NULL CHECK (span IN ('day', 'month')),
  due_from    date NOT NULL,                             -- the due date, or the first day of its month
  open        int NOT NULL,
  PRIMARY KEY (level, region_code, span, due_from)
);
-- A province's cities; a city's counties.
CREATE INDEX open_step_counts_4 ON open_step_counts (left(region_code, 2), span, due_from) INCLUDE (region_code, open) WHERE level = 4;
CREATE INDEX open_step_counts_6 ON open_step_counts (left(region_code, 4), span, due_from) INCLUDE (region_code, open) WHERE level = 6;

-- Append-only for writers, per county; read whole (folding keeps it short), so no index.
CREATE TABLE open_step_count_deltas (
  county text NOT NULL,
  due_on date NOT NULL,
  delta  int NOT NULL
);

-- One delta row per (county, due date) a statement changed, netted: an update
-- that moves no open step (a claim, a title) appends nothing. A statement
-- trigger with transition tables, so a set-based write appends one row per
-- (county, due date), not one per task. Each branch names only the transition
-- tables its event has (as in the PostgreSQL manual's auditing example).
CREATE FUNCTION record_open_step_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO open_step_count_deltas (county, due_on, delta)
    SELECT left(subject_region, 6), due_on, count(*) FROM new_rows
     WHERE status = 'OPEN' AND due_on IS NOT NULL GROUP BY 1, 2;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO open_step_count_deltas (county, due_on, delta)
    SELECT county, due_on, sum(delta) FROM (
      SELECT left(subject_region, 6) AS county, due_on, 1 AS delta FROM new_rows WHERE status = 'OPEN' AND due_on IS NOT NULL
      UNION ALL
      SELECT left(subject_region, 6), due_on, -1 FROM old_rows WHERE status = 'OPEN' AND due_on IS NOT NULL) changed
    GROUP BY county, due_on HAVING sum(delta) <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO open_step_count_deltas (county, due_on, delta)
    SELECT left(subject_region, 6), due_on, -count(*) FROM old_rows
     WHERE status = 'OPEN' AND due_on IS NOT NULL GROUP BY 1, 2;
  ELSE -- TRUNCATE
    TRUNCATE open_step_counts, open_step_count_deltas;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER tasks_open_step_inserts AFTER INSERT ON tasks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_open_step_deltas();
CREATE TRIGGER tasks_open_step_updates AFTER UPDATE ON tasks
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_open_step_deltas();
CREATE TRIGGER tasks_open_step_deletes AFTER DELETE ON tasks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION record_open_step_deltas();
CREATE TRIGGER tasks_open_step_truncates AFTER TRUNCATE ON tasks
  FOR EACH STATEMENT EXECUTE FUNCTION record_open_step_deltas();

-- The four count rows an open step of a county due on a day adds to: its
-- city's and its county's, for the day and for the month.
CREATE FUNCTION open_step_count_keys(county text, due_on date)
  RETURNS TABLE (level smallint, region_code text, span text, due_from date) LANGUAGE sql IMMUTABLE AS $$
  SELECT l, left(county, l), s, CASE s WHEN 'day' THEN due_on ELSE date_trunc('month', due_on::timestamp)::date END
    FROM unnest(ARRAY[4, 6]::smallint[]) l, unnest(ARRAY['day', 'month']) s
$$;

-- Moves up to `batch` committed deltas into the counts, once there are at
-- least `threshold` of them (0: whatever there is); returns how many it moved
-- (the hourly open-step-counts schedule repeats it until fewer than `batch`). Safe
-- to run concurrently and beside writers: it takes only the deltas no other
-- fold has locked (SKIP LOCKED), deletes them and adds their sums in one
-- transaction, upserting in key order (two folds cannot deadlock), and drops
-- the count rows it brought to zero, which it still holds locked.
CREATE FUNCTION fold_open_step_deltas(threshold int, batch int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  moved_rows int;
  zero_level smallint[];
  zero_region text[];
  zero_span text[];
  zero_from date[];
BEGIN
  IF threshold > 0 AND (SELECT count(*) FROM (SELECT FROM open_step_count_deltas LIMIT threshold) pending) < threshold THEN
    RETURN 0;
  END IF;
  WITH moved AS (
    DELETE FROM open_step_count_deltas
     WHERE ctid IN (SELECT ctid FROM open_step_count_deltas LIMIT batch FOR UPDATE SKIP LOCKED)
    RETURNING county, due_on, delta
  ), sums AS (
    SELECT k.level, k.region_code, k.span, k.due_from, sum(m.delta) AS open
      FROM moved m, open_step_count_keys(m.county, m.due_on) k
     GROUP BY 1, 2, 3, 4
  ), upserted AS (
    INSERT INTO open_step_counts AS c (level, region_code, span, due_from, open)
    SELECT level, region_code, span, due_from, open FROM sums WHERE open <> 0 ORDER BY level, region_code, span, due_from
    ON CONFLICT (level, region_code, span, due_from) DO UPDATE SET open = c.open + EXCLUDED.open
    RETURNING c.level, c.region_code, c.span, c.due_from, c.open
  )
  SELECT (SELECT count(*) FROM moved), array_agg(level), array_agg(region_code), array_agg(span), array_agg(due_from)
    INTO moved_rows, zero_level, zero_region, zero_span, zero_from
    FROM upserted WHERE open = 0;
  DELETE FROM open_step_counts c
   USING unnest(zero_level, zero_region, zero_span, zero_from) AS z(level, region_code, span, due_from)
   WHERE c.open = 0 AND (c.level, c.region_code, c.span, c.due_from) = (z.level, z.region_code, z.span, z.due_from);
  RETURN moved_rows;
END $$;

-- The counts of the tasks there are now (the triggers above keep them from here on).
INSERT INTO open_step_counts (level, region_code, span, due_from, open)
SELECT k.level, k.region_code, k.span, k.due_from, sum(n)
  FROM (SELECT left(subject_region, 6) AS county, due_on, count(*) AS n FROM tasks
         WHERE status = 'OPEN' AND due_on IS NOT NULL GROUP BY 1, 2) t,
       open_step_count_keys(t.county, t.due_on) k
 GROUP BY 1, 2, 3, 4;
