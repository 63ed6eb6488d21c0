import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import { maskIdNumber } from '../../domain/idNumber';
import { COLUMN_ALIASES, FEED_KINDS, requiredColumns, type FeedKind } from '../../domain/feeds/feedKinds';
import { isTownship } from '../../domain/regions';
import type { Db, Tx } from '../../db/pool';
import { HttpError } from '../errors';
import { caseIdFor, personRefFor } from '../pseudonyms';

/**
 * Stages one uploaded department file: decode (UTF-8 or GB18030/GBK), parse
 * (CSV or NDJSON), check every row against its kind's schema and scope, and
 * COPY every row — valid or rejected with its reason — into feed_rows, in one
 * transaction and one stream with backpressure, so memory does not grow with
 * the file. Duplicate keys are found afterwards in SQL. The file's content hash
 * names the batch: the same file again is the same batch.
 */

export const FileFormat = ['csv', 'ndjson'] as const;
export type FileFormat = (typeof FileFormat)[number];
export const FileEncoding = ['utf-8', 'gb18030'] as const;
export type FileEncoding = (typeof FileEncoding)[number];

export interface IngestRequest {
  kind: FeedKind;
  regionCode: string;
  fileName: string;
  format: FileFormat;
  encoding: FileEncoding;
  uploadedBy: string;
}

export interface IngestResult {
  batchId: string;
  /** False when this very file was uploaded before: the existing batch. */
  created: boolean;
  state: string;
  rowsRead: number;
  rowsRejected: number;
}

const COPY_SQL = `COPY feed_rows (batch_id, row_no, source_key, case_id, person_ref, id_number_masked, id_number,
  township_code, event_date, amount_fen, attrs, reject_reason) FROM STDIN`;

/** A COPY text-format field. */
function copyField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const malformed = (message: string) => new HttpError(400, 'MALFORMED_FILE', message);

/** Records of the file, as objects keyed by column. */
function records(source: Readable, req: IngestRequest): AsyncIterable<Record<string, unknown> | string> {
  const text = source.pipe(iconv.decodeStream(req.encoding === 'gb18030' ? 'gb18030' : 'utf8')) as unknown as Readable;
  if (req.format === 'csv') {
    const required = requiredColumns(req.kind);
    return text.pipe(parseCsv({
      bom: true, trim: true, skip_empty_lines: true, relax_column_count: true,
      columns: (raw: string[]) => {
        const header = raw.map((h) => COLUMN_ALIASES[h] ?? h);
        const missing = required.filter((c) => !header.includes(c));
        if (missing.length > 0) throw malformed(`the header lacks the column(s) ${missing.join(', ')} that a ${req.kind} file must have`);
        return header;
      },
    }));
  }
  return ndjsonLines(text);
}

/** NDJSON: one object per line; a line that is not one is a rejected row (its text, never logged). */
async function* ndjsonLines(text: Readable): AsyncIterable<Record<string, unknown> | string> {
  let rest = '';
  for await (const chunk of text) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) yield parseJsonLine(line);
  }
  if (rest.trim()) yield parseJsonLine(rest);
}

function parseJsonLine(line: string): Record<string, unknown> | string {
  try {
    const v: unknown = JSON.parse(line);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : 'the line is not a JSON object';
  } catch {
    return 'the line is not valid JSON';
  }
}

/** One COPY line per record: the checked row, or its reject. */
function stageRow(pseudonymKey: string, req: IngestRequest, batchId: string, rowNo: number, record: Record<string, unknown> | string): string {
  const spec = FEED_KINDS[req.kind];
  const line = (fields: (string | number | null)[]) => `${[batchId, rowNo, ...fields].map(copyField).join('\t')}\n`;
  const reject = (reason: string, raw?: Record<string, unknown>) => {
    const id = typeof raw?.idNumber === 'string' ? raw.idNumber.trim() : '';
    return line([null, null, null, id.length >= 8 ? maskIdNumber(id) : null, null, null, null, null, null, reason]);
  };
  if (typeof record === 'string') return reject(record);
  const parsed = spec.row.safeParse(record);
  if (!parsed.success) return reject(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '), record);
  const row = parsed.data as { idNumber: string; townshipCode: string };
  if (!isTownship(row.townshipCode)) return reject(`townshipCode ${row.townshipCode} is not a known township`, record);
  if (!row.townshipCode.startsWith(req.regionCode)) return reject(`townshipCode ${row.townshipCode} is outside the batch's region ${req.regionCode}`, record);
  const personRef = personRefFor(pseudonymKey, row.idNumber);
  const facts = spec.facts(parsed.data, (id) => personRefFor(pseudonymKey, id));
  const key = facts.key || personRef;
  return line([
    key, caseIdFor(pseudonymKey, 'DATA_MATCH', `${req.kind}:${key}`), personRef, maskIdNumber(row.idNumber),
    spec.registersPersons ? row.idNumber : null, row.townshipCode, facts.eventDate, facts.amountFen,
    facts.attrs ? JSON.stringify(facts.attrs) : null, null,
  ]);
}

/** Hashes (and counts) what passes through. */
function hashing(hash: ReturnType<typeof createHash>) {
  return new Transform({ transform(chunk: Buffer, _enc, done) { hash.update(chunk); done(null, chunk); } });
}

class AlreadyUploaded extends Error {
  constructor(readonly batchId: string) { super('already uploaded'); }
}

export async function ingestFeed(db: Db, pseudonymKey: string, req: IngestRequest, source: Readable): Promise<IngestResult> {
  try {
    return await db.withTransaction(async (tx) => {
      const [batch] = await tx.query<{ batch_id: string }>(
        `INSERT INTO feed_batches (feed_kind, department, region_code, content_hash, file_name, state, rows_read, rows_rejected, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, 'STAGED', 0, 0, $6) RETURNING batch_id`,
        [req.kind, FEED_KINDS[req.kind].department, req.regionCode, `pending-${randomUUID()}`, req.fileName, req.uploadedBy]);
      const batchId = (batch as { batch_id: string }).batch_id;
      const hash = createHash('sha256');
      let rowsRead = 0;
      async function* copyLines() {
        let buffer = '';
        for await (const record of records(source.pipe(hashing(hash)), req)) {
          rowsRead += 1;
          buffer += stageRow(pseudonymKey, req, batchId, rowsRead, record as Record<string, unknown> | string);
          if (buffer.length > 64 * 1024) {
            yield buffer;
            buffer = '';
          }
        }
        if (buffer) yield buffer;
      }
      await tx.copyFrom(COPY_SQL, Readable.from(copyLines()));
      if (rowsRead === 0) throw malformed('the file has no rows');
      const contentHash = hash.digest('hex');
      const [existing] = await tx.query<{ batch_id: string }>(
        'SELECT batch_id FROM feed_batches WHERE feed_kind = $1 AND region_code = $2 AND content_hash = $3', [req.kind, req.regionCode, contentHash]);
      if (existing) throw new AlreadyUploaded(existing.batch_id);
      const rowsRejected = await rejectDuplicates(tx, batchId);
      await tx.query('UPDATE feed_batches SET content_hash = $2, rows_read = $3, rows_rejected = $4 WHERE batch_id = $1',
        [batchId, contentHash, rowsRead, rowsRejected]);
      return { batchId, created: true, state: 'STAGED', rowsRead, rowsRejected };
    });
  } catch (err) {
    const again = err instanceof AlreadyUploaded ? err.batchId : (err as { code?: string }).code === '23505' ? await sameFileBatch(db, req, err) : null;
    if (!again) throw csvProblem(err);
    const [b] = await db.query<{ state: string; rows_read: number; rows_rejected: number }>(
      'SELECT state, rows_read, rows_rejected FROM feed_batches WHERE batch_id = $1', [again]);
    return { batchId: again, created: false, state: b?.state ?? 'STAGED', rowsRead: b?.rows_read ?? 0, rowsRejected: b?.rows_rejected ?? 0 };
  }
}

/** The batch a concurrent upload of the same file committed first. */
async function sameFileBatch(db: Db, req: IngestRequest, err: unknown): Promise<string | null> {
  const hash = /content_hash\)=\([^,]*,[^,]*, ([0-9a-f]{64})\)/.exec((err as { detail?: string }).detail ?? '')?.[1];
  if (!hash) return null;
  const [b] = await db.query<{ batch_id: string }>('SELECT batch_id FROM feed_batches WHERE feed_kind = $1 AND region_code = $2 AND content_hash = $3', [req.kind, req.regionCode, hash]);
  return b?.batch_id ?? null;
}

/** A CSV syntax error is the client's file: 400 naming the line. */
function csvProblem(err: unknown): unknown {
  if (err instanceof HttpError) return err;
  const code = (err as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('CSV_')) return malformed(`the CSV cannot be read: ${(err as Error).message}`);
  return err;
}

/** Later rows with a key seen earlier in the file are rejected, set-based; returns the batch's rejects. */
async function rejectDuplicates(tx: Tx, batchId: string): Promise<number> {
  // The rows were just loaded and have no statistics yet: a nested loop here would be quadratic.
  await tx.query('SET LOCAL enable_nestloop = off');
  await tx.query(
    `UPDATE feed_rows f SET reject_reason = 'duplicate key ' || f.source_key || ': first at row ' || d.first_row
       FROM (SELECT row_no, first_value(row_no) OVER w AS first_row, row_number() OVER w AS n
               FROM feed_rows WHERE batch_id = $1 AND reject_reason IS NULL
             WINDOW w AS (PARTITION BY source_key ORDER BY row_no)) d
      WHERE f.batch_id = $1 AND f.row_no = d.row_no AND d.n > 1`, [batchId]);
  const [c] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM feed_rows WHERE batch_id = $1 AND reject_reason IS NOT NULL', [batchId]);
  return c?.n ?? 0;
}
