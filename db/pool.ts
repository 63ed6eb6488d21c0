import { Pool, types, type PoolClient, type QueryResultRow } from 'pg';
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

export function createDb(connectionString: string, max = 10): Db {
  const pool = new Pool({ connectionString, max });
  return {
    query: async (text, params) => (await pool.query(text, params)).rows,
    async withTransaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(txOf(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
