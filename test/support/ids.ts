import { randomUUID } from 'node:crypto';
import { idNumberCheckChar } from '../../domain/idNumber';

/** A valid GB 11643 ID number for a person of the demo county born on the given date (YYYYMMDD or YYYY-MM-DD; odd sequence = male). */
export function idNumber(birth = '19580312', sequence = 123): string {
  const first17 = `430681${birth.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

export const uniqueSourceId = (prefix = 'HN-CLUE') => `${prefix}-${randomUUID()}`;

/** A valid ID number of a person no other test uses (a random birth day in 1940–1999 and sequence): one person per new case. */
export function uniqueIdNumber(): string {
  const day = new Date(Date.UTC(1940, 0, 1) + Math.floor(Math.random() * 60 * 365) * 86_400_000);
  return idNumber(day.toISOString().slice(0, 10), Math.floor(Math.random() * 1000));
}
