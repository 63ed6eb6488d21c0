import os from 'node:os';
import path from 'node:path';
import { idNumberProblem, maskIdNumber } from '../../domain/idNumber';

/** Where every jest worker writes the service's logs during the suite (one file per worker). */
export const TEST_LOG_DIR = path.join(os.tmpdir(), 'aidloop-test-logs');

/** Full citizen ID numbers (valid GB 11643 check character) found in a text, masked for the report. */
export function fullIdNumbersIn(text: string): string[] {
  const candidates = text.match(/(?<![\dX])\d{17}[\dX](?![\dX])/g) ?? [];
  return [...new Set(candidates.filter((c) => idNumberProblem(c) === null).map(maskIdNumber))];
}
