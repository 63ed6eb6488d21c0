-- A staged department row no longer carries the case it would open: that keyed
-- hash is computed at matching for the few rows that raise a warning, not for
-- every row of a file of millions (half the stager's hashing; a narrower COPY).
ALTER TABLE feed_rows DROP COLUMN case_id;
