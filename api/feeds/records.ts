import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { HttpError } from '../errors';

/**
 * The records of an uploaded department file, read as a stream in batches (a
 * batch per decoded chunk, so the work per row stays synchronous and memory
 * does not grow with the file): CSV rows as arrays of cells, the header first;
 * NDJSON lines as objects, or the reason a line is none.
 */

export const FileFormat = ['csv', 'ndjson'] as const;
export type FileFormat = (typeof FileFormat)[number];
export const FileEncoding = ['utf-8', 'gb18030'] as const;
export type FileEncoding = (typeof FileEncoding)[number];
export type NdjsonRecord = Record<string, unknown> | string;

export const malformed = (message: string) => new HttpError(400, 'MALFORMED_FILE', message);

/** The file as text (UTF-8 or GB18030/GBK; a byte-order mark is dropped). */
export function decoded(source: Readable, encoding: FileEncoding): AsyncIterable<string> {
  return source.pipe(iconv.decodeStream(encoding === 'gb18030' ? 'gb18030' : 'utf8')) as unknown as AsyncIterable<string>;
}

/** A row of only empty cells (a spreadsheet's trailing ",,,,") is no record. */
const blank = (row: string[]) => row.every((cell) => cell.trim() === '');

/**
 * CSV (RFC 4180, quoted cells may hold commas, quotes and line breaks) with
 * Papa Parse's parser, chunk by chunk: each chunk is parsed up to its last
 * complete row, the rest waits for the next. Broken quoting is a malformed file.
 */
const MAX_RECORD_CHARS = 1 << 20;

export async function* csvRows(text: AsyncIterable<string>): AsyncIterable<string[][]> {
  let parser: Papa.Parser | undefined;
  let rest = '';
  let rowsBefore = 0;
  const parse = (last: boolean): string[][] => {
    // The header's line break says whether the file ends lines with CRLF (a Windows export) or LF.
    parser ??= new Papa.Parser({ delimiter: ',', newline: /\r\n/.test(rest.slice(0, rest.indexOf('\n') + 1)) ? '\r\n' : '\n' });
    // Up to the last line break only: a chunk may end between a closing quote and its CR LF, which is no error yet.
    const result = parser.parse(last ? rest : rest.slice(0, rest.lastIndexOf('\n') + 1), 0, !last) as Papa.ParseResult<string[]>;
    const error = result.errors[0];
    if (error) throw malformed(`the CSV cannot be read at record ${rowsBefore + (error.row ?? 0) + 1}: ${error.message}`);
    rest = last ? '' : rest.slice(result.meta.cursor);
    const rows = result.data.filter((row) => !blank(row));
    rowsBefore += result.data.length;
    return rows;
  };
  for await (const chunk of text) {
    rest += chunk;
    if (rest.includes('\n')) yield parse(false);
    // What is left is one unfinished record: a long one means an unterminated quote (and would be re-read with every chunk).
    if (rest.length > MAX_RECORD_CHARS) throw malformed(`the CSV cannot be read after record ${rowsBefore}: a record longer than ${MAX_RECORD_CHARS} characters (an unterminated quote?)`);
  }
  if (rest.trim() !== '') yield parse(true);
}

/** NDJSON: one object per line; a line that is not one is a rejected row (its text is never kept). */
export async function* ndjsonRecords(text: AsyncIterable<string>): AsyncIterable<NdjsonRecord[]> {
  let rest = '';
  for await (const chunk of text) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    yield lines.filter((line) => line.trim()).map(parseJsonLine);
  }
  if (rest.trim()) yield [parseJsonLine(rest)];
}

function parseJsonLine(line: string): NdjsonRecord {
  try {
    const v: unknown = JSON.parse(line);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : 'the line is not a JSON object';
  } catch {
    return 'the line is not valid JSON';
  }
}
