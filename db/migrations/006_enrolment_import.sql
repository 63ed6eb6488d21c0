-- Recipients enrolled before aidloop (存量救助对象) are imported with their start
-- dates, so their annual reviews and exits run here too; they have no application.
ALTER TABLE enrolments ALTER COLUMN application_id DROP NOT NULL;
ALTER TABLE enrolments ADD COLUMN origin text NOT NULL DEFAULT 'APPLICATION' CHECK (origin IN ('APPLICATION', 'IMPORT'));
ALTER TABLE enrolments ADD COLUMN reference text;
ALTER TABLE enrolments ADD CONSTRAINT enrolments_import_reference UNIQUE (township_code, reference);
