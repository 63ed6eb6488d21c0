import { z } from 'zod';
import { isCalendarDate } from '../calendarDate';
import { idNumberProblem } from '../idNumber';

/**
 * Field parsers for department files: every value arrives as text (CSV) or as
 * JSON (NDJSON) and is checked here, so a bad value rejects its row with a
 * reason that names the field.
 */

// Absent values become '' so that 'is missing' names them; numbers from NDJSON become text.
const asText = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'number' ? String(v) : v);
const present = z.preprocess(asText, z.string().trim().min(1, 'is missing'));

export const requiredText = (max = 64) => z.preprocess(asText, z.string().trim().min(1, 'is missing').max(max));

const ID_PROBLEMS = { format: 'is not an 18-character ID number', birthDate: 'has an impossible birth date', checksum: 'fails the ID number checksum' } as const;

/** A GB 11643 ID number; lower-case x is accepted for the check character. */
export const idNumberField = present.transform((v: string, ctx) => {
  const id = v.toUpperCase();
  const problem = idNumberProblem(id);
  if (problem) ctx.addIssue({ code: 'custom', message: ID_PROBLEMS[problem] });
  return id;
});

/** A date as government exports write it: 2026-03-01, 2026/03/01 or 20260301. */
export const dateField = present.transform((v: string, ctx) => {
  const m = /^(\d{4})[-/]?(\d{2})[-/]?(\d{2})$/.exec(v);
  const date = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  if (!isCalendarDate(date)) ctx.addIssue({ code: 'custom', message: 'is not a date (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)' });
  return date;
});

/** An amount in yuan with at most two decimals (12345.6), as integer fen. */
export const yuanField = present.transform((v: string, ctx) => {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(v.replace(/,/g, ''));
  if (!m) {
    ctx.addIssue({ code: 'custom', message: 'is not an amount in yuan (e.g. 1234.56)' });
    return 0;
  }
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
});

/** An amount that may be left empty. */
export const optionalYuanField = z.preprocess((v) => (v === '' || v === null ? undefined : v), yuanField.optional());

export const enumField = <T extends string>(values: readonly T[]) => z.preprocess(asText, z.string().trim()).pipe(z.enum(values as [T, ...T[]]));
