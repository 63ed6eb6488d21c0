import { maskIdNumber } from '../domain/idNumber';
import type { Db } from '../db/pool';
import { personRefFor } from './pseudonyms';

export interface RegisteredPerson {
  /** Keyed hash that stands in for the ID number in workflows. */
  personRef: string;
  idNumberMasked: string;
}

/**
 * Puts a person in the registry (idempotent): the only place the full ID
 * number is stored. Birth date and sex come from the number itself (GB 11643).
 */
export async function registerPerson(db: Db, pseudonymKey: string, idNumber: string): Promise<RegisteredPerson> {
  const personRef = personRefFor(pseudonymKey, idNumber);
  const idNumberMasked = maskIdNumber(idNumber);
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  const sex = Number(idNumber[16]) % 2 === 1 ? 'M' : 'F';
  await db.query(
    `INSERT INTO persons (person_ref, id_number, id_number_masked, birth_date, sex) VALUES ($1,$2,$3,$4,$5)
     ON CONFLICT (person_ref) DO NOTHING`,
    [personRef, idNumber, idNumberMasked, birthDate, sex],
  );
  return { personRef, idNumberMasked };
}
