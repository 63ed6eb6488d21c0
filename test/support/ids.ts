import { randomUUID } from 'node:crypto';
import { idNumberCheckChar } from '../../domain/idNumber';

/** A valid GB 11643 ID number for a person of the demo county born on the given date (YYYYMMDD or YYYY-MM-DD; odd sequence = male). */
export function idNumber(birth = '19580312', sequence = 123): string {
  const first17 = `430681${birth.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

export const uniqueSourceId = (prefix = 'HN-CLUE') => `${prefix}-${randomUUID()}`;
