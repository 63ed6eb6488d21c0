import { z } from 'zod';
import type { Access, Principal } from '../../domain/access';
import { addDays, shanghaiDateOf, startOfShanghaiDay, type CalendarDate } from '../../domain/calendarDate';
import { calendarDate } from '../../domain/vocabulary';
import { idNumber } from '../../domain/household';
import type { ApiDeps } from '../deps';
import { PageQuery, decodeCursor, pageOf, type Page } from '../pagination';
import { personRefFor } from '../pseudonyms';
import { RegionCode } from '../regionQuery';
import { townshipsUnder } from '../../domain/regions';

/**
 * What every list route shares: the region scope (default: the principal's
 * own; another township's is 403, like the inbox), the ID-number lookup
 * through the keyed pseudonym (the number itself never reaches SQL), the
 * created/updated ranges in Shanghai calendar days, "has an overdue open
 * task", and keyset pages newest first: `ORDER BY created_at DESC, id DESC`,
 * the cursor carrying both (created_at as PostgreSQL's own text, so not a
 * microsecond is lost), so rows inserted meanwhile never repeat or skip one.
 */

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ListQuery = PageQuery.extend({
  region: RegionCode.optional().describe('region code prefix (township 9 digits, county 6, …); default: your own region'),
  idNumber: idNumber.optional().describe('only what concerns this person (looked up by keyed pseudonym; answered masked)'),
  createdFrom: calendarDate.optional().describe('created on or after this day (Asia/Shanghai)'),
  createdTo: calendarDate.optional().describe('created on or before this day'),
  updatedFrom: calendarDate.optional(),
  updatedTo: calendarDate.optional(),
  overdue: flag.optional().describe('true: with an open task past its due date; false: without one'),
});
export type ListQuery = z.infer<typeof ListQuery>;

/** `<name>From` / `<name>To`: a subject's own calendar date (received, occurred, start), both ends included. */
export const dateRange = <N extends string>(name: N, what: string) =>
  ({
    [`${name}From`]: calendarDate.optional().describe(`${what} on or after this day`),
    [`${name}To`]: calendarDate.optional().describe(`${what} on or before this day`),
  }) as Record<`${N}From` | `${N}To`, z.ZodOptional<typeof calendarDate>>;

/** The principal's own region unless the query names one; access decides whether they may list there. */
export const listAccess = (input: { query: unknown; principal: Principal }, department?: string): Access => ({
  kind: 'list',
  region: (input.query as { region?: string }).region ?? input.principal.regionCode,
  department,
});

/** A WHERE clause built from $n parameters only. */
export class Conditions {
  readonly sql: string[] = [];
  readonly values: unknown[] = [];

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** Adds `sql(param)` when `value` is given. */
  when<T>(value: T | undefined, sql: (param: string) => string): this {
    if (value !== undefined) this.sql.push(sql(this.param(value)));
    return this;
  }

  get where(): string {
    return this.sql.length ? `WHERE ${this.sql.join(' AND ')}` : '';
  }
}

const dayStart = (d: CalendarDate) => new Date(startOfShanghaiDay(d)).toISOString();

/** A timestamptz column between two Shanghai calendar days, both included. */
export function instantBetween(c: Conditions, column: string, from: CalendarDate | undefined, to: CalendarDate | undefined): void {
  c.when(from && dayStart(from), (p) => `${column} >= ${p}::timestamptz`);
  c.when(to && dayStart(addDays(to, 1)), (p) => `${column} < ${p}::timestamptz`);
}

/** A date column between two calendar days, both included. */
export function dateBetween(c: Conditions, column: string, from: CalendarDate | undefined, to: CalendarDate | undefined): void {
  c.when(from, (p) => `${column} >= ${p}::date`);
  c.when(to, (p) => `${column} <= ${p}::date`);
}

/** A county has up to a few dozen townships; a city or province is listed by prefix. */
const MAX_MERGED_TOWNSHIPS = 64;

export const today = (deps: ApiDeps) => shanghaiDateOf((deps.now ?? Date.now)());

export interface ListTable {
  /** The subject's alias in `from`. */
  alias: string;
  /** Its id column, the keyset's tiebreak. */
  id: string;
  /** Where its township code is. */
  region: string;
  /** Subject type of its tasks (overdue), if it has any. */
  taskSubject?: string;
  /** Column that says when it last changed, if any. */
  updated?: string;
  /** Person refs it concerns, as SQL that yields whether the person `$p` is concerned. */
  concerns: (personParam: string) => string;
}

/**
 * Applies the shared filters, runs `SELECT <select> FROM <from> WHERE … ORDER BY
 * created_at DESC, id DESC LIMIT limit + 1` and makes a page of `view`. Under
 * a county the same query runs per township (LATERAL, each an index range in
 * page order, migration 012) and the ≤ limit + 1 rows of each are merged, so
 * a page costs the same whatever the county holds.
 */
export async function listPage<R extends Record<string, unknown>, T>(
  deps: ApiDeps,
  query: ListQuery & { region?: string },
  principal: Principal,
  table: ListTable,
  c: Conditions,
  sql: { select: string; from: string },
  view: (row: R) => T,
): Promise<Page<T>> {
  const { alias: a, id } = table;
  const region = query.region ?? principal.regionCode;
  const townships = region.length === 9 ? [region] : townshipsUnder(region);
  // Up to a county's worth of townships: one short index scan per township (each in page order), merged; beyond, a prefix scan.
  const perTownship = townships.length <= MAX_MERGED_TOWNSHIPS;
  if (!perTownship) c.when(region, (p) => `${a}.${table.region} LIKE ${p} || '%'`);
  c.when(query.idNumber && personRefFor(deps.pseudonymKey, query.idNumber), table.concerns);
  instantBetween(c, `${a}.created_at`, query.createdFrom, query.createdTo);
  if (table.updated) instantBetween(c, `${a}.${table.updated}`, query.updatedFrom, query.updatedTo);
  if (query.overdue !== undefined && table.taskSubject) {
    const due = `EXISTS (SELECT 1 FROM tasks t WHERE t.subject_type = '${table.taskSubject}' AND t.subject_id = ${a}.${id}
                  AND t.status = 'OPEN' AND t.due_on < ${c.param(today(deps))}::date)`;
    c.sql.push(query.overdue ? due : `NOT ${due}`);
  }
  const cursor = decodeCursor(query.next, 2);
  if (cursor) c.sql.push(`(${a}.created_at, ${a}.${id}) < (${c.param(cursor[0])}::timestamptz, ${c.param(cursor[1])})`);
  const limit = c.param(query.limit + 1);
  const select = `SELECT ${sql.select}, ${a}.created_at AS cursor_ts, ${a}.created_at::text AS cursor_at, ${a}.${id} AS cursor_id FROM ${sql.from}`;
  const order = `ORDER BY ${a}.created_at DESC, ${a}.${id} DESC LIMIT ${limit}`;
  const text = perTownship
    ? `SELECT page.* FROM unnest(${c.param(townships)}::text[]) AS township(code)
         CROSS JOIN LATERAL (${select} WHERE ${[`${a}.${table.region} = township.code`, ...c.sql].join(' AND ')}
                             ${order}) AS page
        ORDER BY page.cursor_ts DESC, page.cursor_id DESC LIMIT ${limit}`
    : `${select} ${c.where} ${order}`;
  const rows = await deps.db.query<R & { cursor_ts: Date; cursor_at: string; cursor_id: string }>(text, c.values);
  return pageOf(rows, query.limit, (r) => [r.cursor_at, r.cursor_id], ({ cursor_ts: _ts, cursor_at: _at, cursor_id: _id, ...row }) => view(row as unknown as R));
}
