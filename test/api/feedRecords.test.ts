import fc from 'fast-check';
import { csvRows } from '../../api/feeds/records';
import { checkRow, dateField, idNumberField, optional, oneOf, requiredText, yuanField } from '../../domain/feeds/fields';

async function* chunksOf(text: string, sizes: number[]): AsyncIterable<string> {
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const n = sizes[i % sizes.length] as number;
    yield text.slice(at, at + n);
    at += n;
  }
}
async function rowsOf(text: string, sizes: number[]): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const batch of csvRows(chunksOf(text, sizes))) rows.push(...batch);
  return rows;
}
const quoted = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

describe('CSV records, chunk by chunk', () => {
  it('reads any table the same however the file is cut into chunks (quotes, commas, line breaks in cells; LF or CRLF)', async () => {
    const cell = fc.stringMatching(/^[a-z0-9 ,"\n\u4e00-\u4e0f]{0,6}$/);
    const headerCell = fc.stringMatching(/^[a-z\u4e00-\u4e0f]{1,6}$/); // the header's line break tells CRLF from LF
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 5 }).chain((width) => fc.tuple(
        fc.array(headerCell, { minLength: width, maxLength: width }),
        fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 20 }))),
      fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 5 }), fc.boolean(),
      async ([header, body], sizes, crlf) => {
        const rows = [header, ...body.filter((r) => r.some((c) => c.trim() !== ''))]; // blank rows are skipped by design
        const eol = crlf ? '\r\n' : '\n';
        const text = rows.map((r) => r.map(quoted).join(',')).join(eol) + eol;
        expect(await rowsOf(text, sizes)).toEqual(rows);
      }), { numRuns: 300 });
  });

  it('skips blank rows, keeps ragged ones, refuses broken quoting and a runaway quote', async () => {
    expect(await rowsOf('a,b\n1,2\n,\n\n3\n4,5,6', [4])).toEqual([['a', 'b'], ['1', '2'], ['3'], ['4', '5', '6']]);
    await expect(rowsOf('a,b\n"1,2\n3,4\n', [3])).rejects.toMatchObject({ status: 400, code: 'MALFORMED_FILE' });
    await expect(rowsOf('a,b\n"x"y,2\n', [50])).rejects.toMatchObject({ status: 400, code: 'MALFORMED_FILE' });
    await expect(rowsOf(`a,b\n"${'x'.repeat(3 << 20)}`, [1 << 16])).rejects.toThrow(/longer than/);
  });
});

describe('feed row fields', () => {
  const fields = { key: requiredText(8), idNumber: idNumberField, on: dateField, yuan: yuanField, extra: optional(yuanField), grade: oneOf(['1', '2']) };
  const names = Object.keys(fields) as (keyof typeof fields)[];

  it('reads government forms of dates and amounts, and an ID number with a lower-case x', () => {
    expect(checkRow(fields, names, ['K1', '11010519491231002x', '2026/03/01', '12,345.6', '', '2'])).toEqual(
      { key: 'K1', idNumber: '11010519491231002X', on: '2026-03-01', yuan: 1_234_560, extra: null, grade: '2' });
    expect(checkRow(fields, names, ['K1', '11010519491231002X', '20260301', '0.05', '7', '1'])).toMatchObject({ on: '2026-03-01', yuan: 5, extra: 700 });
  });

  it('names every wrong field of a row', () => {
    expect(checkRow(fields, names, ['', '110105194912310021', '2026-02-30', '1.234', 'x', '3'])).toBe([
      'key is missing', 'idNumber fails the ID number checksum', 'on is not a date (YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)',
      'yuan is not an amount in yuan (e.g. 1234.56)', 'extra is not an amount in yuan (e.g. 1234.56)', 'grade is not one of 1, 2',
    ].join('; '));
    expect(checkRow(fields, names, ['KEY-TOO-LONG', '1101051949123', '2026-01-01', '1', '', '1'])).toBe('key is longer than 8 characters; idNumber is not an 18-character ID number');
  });

  it('turns any amount of yuan with up to two decimals into exact fen', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 999_999_999_999 }), fc.integer({ min: 0, max: 99 }), (yuan, fen) =>
      yuanField.check(`${yuan}.${String(fen).padStart(2, '0')}`) === yuan * 100 + fen));
  });
});
