import { Pool, types, type PoolClient, type QueryResultRow } from 'pg';
import { logger } from '../config/logger';
import { from as copyFrom } from 'pg-copy-streams';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the host time zone.
types.setTypeParser(types.builtins.DATE, (value) => value);

/**
 * The only module that touches `pg`. Queries always take `$n` parameters, and
 * parameters are never logged: they carry personal data.
 */
export interface Db {
  query<R extends QueryResultRow = QueryResultRow>(text: string, params?: unknown[]): Promise<R[]>;
  withTransaction<T>(fn: (tx: ConnectionTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface Tx {
  query<R extends QueryResultRow = QueryResultRow>(text: string, params?: unknown[]): Promise<R[]>;
}

/** A transaction's own connection, which can also COPY. */
export interface ConnectionTx extends Tx {
  /** Streams `source` (COPY text format) into `COPY … FROM STDIN`, with backpressure: memory stays flat. */
  copyFrom(copySql: string, source: Readable): Promise<void>;
}

function txOf(client: PoolClient): ConnectionTx {
  return {
    query: async (text, params) => (await client.query(text, params)).rows,
    copyFrom: (copySql, source) => pipeline(source, client.query(copyFrom(copySql))),
  };
}

/**
 * A pool that outlives the server: an idle connection the server drops (a
 * restart, a failover) is reported, not thrown as an unhandled 'error' event
 * that would end the process, and the next query opens a new one. Connecting
 * gives up after a few seconds, so an outage answers 503 quickly (api/outage.ts).
 */
export function createDb(connectionString: string, max = 10): Db {
  const pool = new Pool({ connectionString, max, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000 });
  pool.on('error', (err: Error & { code?: string }) => logger.warn({ code: err.code, message: err.message }, 'database connection lost; reconnecting on next use'));
  return {
    query: async (text, params) => (await pool.query(text, params)).rows,
    async withTransaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(txOf(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        // On a lost connection ROLLBACK fails too: the original error is the one to report.
        await client.query('ROLLBACK').catch((rollbackErr: Error) => { broken = rollbackErr; });
        throw err;
      } finally {
        client.release(broken); // a broken connection is discarded, not handed to the next query
      }
    },
    close: () => pool.end(),
  };
}

type PgError = Error & { code?: string };

/**
 * PostgreSQL is not reachable or is going away (connection refused or lost,
 * class 08 connection exception, 57P admin shutdown / cannot connect now):
 * retrying later will work.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as PgError).code ?? '';
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code) ||
    code.startsWith('08') || code.startsWith('57P') ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(err.message);
}

/**
 * An error no retry can fix, because the data is what PostgreSQL refuses:
 * class 22 data exception (NUL, invalid text, out of range), class 23
 * integrity constraint violation other than a unique key or a serialization
 * race, which a retry may resolve. Returns its SQLSTATE, or undefined.
 */
export function permanentDataError(err: unknown): string | undefined {
  const code = err instanceof Error ? (err as PgError).code : undefined;
  if (!code || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  if (code.startsWith('22')) return code;
  if (code.startsWith('23') && code !== '23505') return code;
  return undefined;
}
