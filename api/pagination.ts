import { z } from 'zod';
import { badRequest } from './errors';

/**
 * Keyset pagination shared by every list route: `limit` (1–200, default 50)
 * and an opaque `next` cursor that carries the sort key of the last row
 * served. A page is `WHERE (sort keys) > (cursor keys) ORDER BY sort keys
 * LIMIT limit + 1`, so rows inserted meanwhile never shift or repeat a page.
 */
export const MAX_PAGE = 200;

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50).describe(`rows per page, at most ${MAX_PAGE}`),
  next: z.string().max(1000).optional().describe('the `next` cursor of the previous page'),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** The sort key of a row, as a tuple of JSON scalars in ORDER BY order. */
export type CursorKey = (string | number | null)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key inside a cursor, or a 400 on `query.next` when it is not one this list handed out. */
export function decodeCursor(next: string | undefined, arity: number): CursorKey | undefined {
  if (next === undefined) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(next, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((v) => v === null || ['string', 'number'].includes(typeof v))) {
      return key as CursorKey;
    }
  } catch {
    // fall through: not a cursor
  }
  throw badRequest([{ path: 'query.next', message: 'is not a cursor from this list', code: 'invalid_cursor' }]);
}

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  next?: string;
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only proves there
 * is more, and the cursor is the key of the last row served.
 */
export function pageOf<R, T>(rows: R[], limit: number, keyOf: (row: R) => CursorKey, view: (row: R) => T): Page<T> {
  const served = rows.slice(0, limit);
  const last = served[served.length - 1];
  return rows.length > limit && last !== undefined
    ? { items: served.map(view), next: encodeCursor(keyOf(last)) }
    : { items: served.map(view) };
}
