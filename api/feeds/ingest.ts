import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { maskIdNumber } from '../../domain/idNumber';
import { COLUMN_ALIASES, FEED_KINDS, requiredColumns, type FeedKind } from '../../domain/feeds/feedKinds';
import { asText, checkRow } from '../../domain/feeds/fields';
import { isTownship } from '../../domain/regions';
import type { Db, Tx } from '../../db/pool';
import { HttpError } from '../errors';
import { personRefFor } from '../pseudonyms';
import { csvRows, decoded, malformed, ndjsonRecords, type FileEncoding, type FileFormat, type NdjsonRecord } from './records';

/**
 * Stages one uploaded department file: decode (UTF-8 or GB18030/GBK), parse
 * (CSV or NDJSON), check every row against its kind's fields and scope, and
 * COPY every row — valid or rejected with its reason — into feed_rows, in one
 * transaction and one stream with backpressure, so memory does not grow with
 * the file. Duplicate keys are found afterwards in SQL. The file's content hash
 * names the batch: the same file again is the same batch.
 */

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

const COPY_SQL = `COPY feed_rows (batch_id, row_no, source_key, person_ref, id_number_masked, id_number,
  township_code, event_date, amount_fen, attrs, reject_reason) FROM STDIN`;

const COPY_SPECIALS = /[\\\t\n\r\u0000]/;
// NUL cannot be stored in text at all: a reject's masked ID (the only raw text staged) gets U+FFFD instead.
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\u0000': '\uFFFD' };

/** A COPY text-format field (most values need no escaping: tested before replacing). */
function copyField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  const s = String(v);
  return COPY_SPECIALS.test(s) ? s.replace(/[\\\t\n\r\u0000]/g, (c) => COPY_ESCAPES[c] as string) : s;
}

/** What the stager saw: rows read, rows it rejected. */
interface Counted {
  rows: number;
  rejected: number;
}

/**
 * The COPY line of each record of one upload: the checked row, or its reject.
 * Built once per upload (the kind's fields in order), then called per row
 * with the row's cell texts in that order.
 */
function stager(pseudonymKey: string, req: IngestRequest, batchId: string, counted: Counted) {
  const spec = FEED_KINDS[req.kind];
  const names = Object.keys(spec.fields);
  const idAt = names.indexOf('idNumber');
  const line = (rowNo: number, fields: (string | number | null)[]) => `${batchId}\t${rowNo}\t${fields.map(copyField).join('\t')}\n`;
  const reject = (rowNo: number, reason: string, idText = '') => {
    counted.rejected += 1;
    return line(rowNo, [null, null, idText.length >= 8 ? maskIdNumber(idText) : null, null, null, null, null, null, reason]);
  };
  const stage = (rowNo: number, texts: string[]): string => {
    const row = checkRow(spec.fields, names, texts);
    if (typeof row === 'string') return reject(rowNo, row, texts[idAt]);
    if (!isTownship(row.townshipCode)) return reject(rowNo, `townshipCode ${row.townshipCode} is not a known township`, row.idNumber);
    if (!row.townshipCode.startsWith(req.regionCode)) return reject(rowNo, `townshipCode ${row.townshipCode} is outside the batch's region ${req.regionCode}`, row.idNumber);
    const personRef = personRefFor(pseudonymKey, row.idNumber);
    const facts = spec.facts(row, (id) => personRefFor(pseudonymKey, id));
    const key = facts.key || personRef;
    return line(rowNo, [
      key, personRef, maskIdNumber(row.idNumber),
      spec.registersPersons ? row.idNumber : null, row.townshipCode, facts.eventDate, facts.amountFen,
      facts.attrs ? JSON.stringify(facts.attrs) : null, null,
    ]);
  };
  return {
    /** For a CSV file, from its header: a row's cells in the fields' order. */
    csv(header: string[]): (rowNo: number, cells: string[]) => string {
      const columns = header.map((h) => COLUMN_ALIASES[h.trim()] ?? h.trim());
      const missing = requiredColumns(req.kind).filter((c) => !columns.includes(c));
      if (missing.length > 0) throw malformed(`the header lacks the column(s) ${missing.join(', ')} that a ${req.kind} file must have`);
      const at = names.map((n) => columns.indexOf(n));
      return (rowNo, cells) => stage(rowNo, at.map((i) => (i < 0 ? '' : (cells[i] ?? '').trim())));
    },
    ndjson: (rowNo: number, record: NdjsonRecord): string =>
      typeof record === 'string' ? reject(rowNo, record) : stage(rowNo, names.map((n) => asText(record[n]))),
  };
}

/** The COPY text of the file, a batch of lines per parsed chunk. */
async function* copyText(source: AsyncIterable<string>, req: IngestRequest, stage: ReturnType<typeof stager>, counted: Counted): AsyncIterable<string> {
  if (req.format === 'ndjson') {
    for await (const records of ndjsonRecords(source)) yield records.map((r) => stage.ndjson(++counted.rows, r)).join('');
    return;
  }
  let stageRow: ((rowNo: number, cells: string[]) => string) | undefined;
  for await (const rows of csvRows(source)) {
    let text = '';
    for (const cells of rows) {
      if (!stageRow) stageRow = stage.csv(cells);
      else text += stageRow(++counted.rows, cells);
      // Small pieces: a string past ~128 kB lives in V8's large-object space until a full collection.
      if (text.length > PIECE_CHARS) {
        yield text;
        text = '';
      }
    }
    yield text;
  }
}

const PIECE_CHARS = 32 * 1024;

/** Hashes what passes through (the file as uploaded names the batch). */
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
      const counted: Counted = { rows: 0, rejected: 0 };
      const text = decoded(source.pipe(hashing(hash)), req.encoding);
      const lines = Readable.from(copyText(text, req, stager(pseudonymKey, req, batchId, counted), counted));
      await tx.copyFrom(COPY_SQL, lines);
      const rowsRead = counted.rows;
      if (rowsRead === 0) throw malformed('the file has no rows');
      const contentHash = hash.digest('hex');
      const [existing] = await tx.query<{ batch_id: string }>(
        'SELECT batch_id FROM feed_batches WHERE feed_kind = $1 AND region_code = $2 AND content_hash = $3', [req.kind, req.regionCode, contentHash]);
      if (existing) throw new AlreadyUploaded(existing.batch_id);
      const rowsRejected = counted.rejected + (await rejectDuplicates(tx, batchId));
      await tx.query('UPDATE feed_batches SET content_hash = $2, rows_read = $3, rows_rejected = $4 WHERE batch_id = $1',
        [batchId, contentHash, rowsRead, rowsRejected]);
      return { batchId, created: true, state: 'STAGED', rowsRead, rowsRejected };
    });
  } catch (err) {
    const again = err instanceof AlreadyUploaded ? err.batchId : (err as { code?: string }).code === '23505' ? await sameFileBatch(db, req, err) : null;
    if (!again) throw err;
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

/** Later rows with a key seen earlier in the file are rejected, set-based; returns how many. */
async function rejectDuplicates(tx: Tx, batchId: string): Promise<number> {
  // The rows were just loaded and have no statistics yet: a nested loop here would be quadratic.
  await tx.query('SET LOCAL enable_nestloop = off');
  const [c] = await tx.query<{ n: number }>(
    `WITH firsts AS (
       SELECT source_key, min(row_no) AS first_row FROM feed_rows
        WHERE batch_id = $1 AND reject_reason IS NULL GROUP BY source_key HAVING count(*) > 1),
     later AS (
       UPDATE feed_rows f SET reject_reason = 'duplicate key ' || f.source_key || ': first at row ' || d.first_row
         FROM firsts d
        WHERE f.batch_id = $1 AND f.source_key = d.source_key AND f.reject_reason IS NULL AND f.row_no > d.first_row
       RETURNING 1)
     SELECT count(*)::int AS n FROM later`, [batchId]);
  return c?.n ?? 0;
}
