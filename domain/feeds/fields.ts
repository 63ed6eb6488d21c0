import { isCalendarDate } from '../calendarDate';
import { idNumberProblem } from '../idNumber';

/**
 * Field checkers for department files: every value arrives as text (CSV) or
 * as JSON (NDJSON, made text first) and is checked here, so a bad value
 * rejects its row with a reason that names the field. Plain functions rather
 * than a zod object per row: a province's monthly file has millions of rows,
 * and zod's per-row cost was ten times everything else the stager does
 * (measured in bench/feeds.ts).
 */

/** Why a value is refused (a class, so a checked value can never be mistaken for one). */
export class FieldProblem {
  constructor(readonly message: string) {}
}

export interface Field<T> {
  /** A file whose header lacks a required column is malformed. */
  readonly required: boolean;
  /** The value from its trimmed text ('' when absent). */
  check(text: string): T | FieldProblem;
}

const MISSING = new FieldProblem('is missing');
const UNSTORABLE = new FieldProblem('contains a character that cannot be stored (NUL or an unpaired surrogate)');
const UNSTORABLE_CHARS = /[\u0000\p{Surrogate}]/u;

/** A required field: an empty value is missing; text PostgreSQL cannot store is refused whatever the field. */
const required = <T>(read: (text: string) => T | FieldProblem): Field<T> => ({
  required: true,
  check: (t) => (t === '' ? MISSING : UNSTORABLE_CHARS.test(t) ? UNSTORABLE : read(t)),
});

/** A field that may be left empty (null). */
export const optional = <T>(field: Field<T>): Field<T | null> => ({ required: false, check: (t) => (t === '' ? null : field.check(t)) });

export const requiredText = (max = 64): Field<string> => {
  const tooLong = new FieldProblem(`is longer than ${max} characters`);
  return required((t) => (t.length > max ? tooLong : t));
};

const ID_PROBLEMS = {
  format: new FieldProblem('is not an 18-character ID number'),
  birthDate: new FieldProblem('has an impossible birth date'),
  checksum: new FieldProblem('fails the ID number checksum'),
} as const;

/** A GB 11643 ID number; lower-case x is accepted for the check character. */
export const idNumberField: Field<string> = required((t) => {
  const id = t.toUpperCase();
  const problem = idNumberProblem(id);
  return problem ? ID_PROBLEMS[problem] : id;
});

const NOT_A_DATE = new FieldProblem('is not a date (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)');
const DATE_FORMS = /^(\d{4})[-/]?(\d{2})[-/]?(\d{2})$/;

/** A date as government exports write it: 2026-03-01, 2026/03/01 or 20260301. */
export const dateField: Field<string> = required((t) => {
  const m = DATE_FORMS.exec(t);
  const date = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  return isCalendarDate(date) ? date : NOT_A_DATE;
});

const NOT_AN_AMOUNT = new FieldProblem('is not an amount in yuan (e.g. 1234.56)');
const YUAN = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/** An amount in yuan with at most two decimals (12,345.6), as integer fen. */
export const yuanField: Field<number> = required((t) => {
  const m = YUAN.exec(t.includes(',') ? t.replace(/,/g, '') : t);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : NOT_AN_AMOUNT;
});

export const oneOf = <T extends string>(values: readonly T[]): Field<T> => {
  const allowed = new Set<string>(values);
  const problem = new FieldProblem(`is not one of ${values.join(', ')}`);
  return required((t) => (allowed.has(t) ? (t as T) : problem));
};

export type Fields = Record<string, Field<unknown>>;
export type RowOf<F extends Fields> = { [K in keyof F]: F[K] extends Field<infer T> ? T : never };

/** Each field's value from its text (in the order of `names`), or every problem of the row, naming the fields. */
export function checkRow<F extends Fields>(fields: F, names: readonly (keyof F & string)[], texts: readonly string[]): RowOf<F> | string {
  const row: Record<string, unknown> = {};
  let problems = '';
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as keyof F & string;
    const value = (fields[name] as Field<unknown>).check(texts[i] ?? '');
    if (value instanceof FieldProblem) problems += `${problems ? '; ' : ''}${name} ${value.message}`;
    else row[name] = value;
  }
  return problems || (row as RowOf<F>);
}

/** A JSON value as the text a CSV cell would hold. */
export const asText = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : v === undefined || v === null ? '' : JSON.stringify(v));
