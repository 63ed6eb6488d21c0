import { createHmac } from 'node:crypto';
import type { WarningSource } from '../domain/caseSchemas';

/**
 * Keyed hashes that stand in for personal data where it must not appear in
 * clear: workflow ids and workflow history. Keyed (HMAC), because an ID number
 * has too little entropy for a plain hash to hide it.
 */
function keyedHash(key: string, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex');
}

/** One warning source record = one case, however often it is sent (idempotent). */
export function caseIdFor(key: string, source: WarningSource, sourceId: string): string {
  return `case-${keyedHash(key, `${source}\n${sourceId}`).slice(0, 32)}`;
}

export function personRefFor(key: string, idNumber: string): string {
  return `p-${keyedHash(key, `id\n${idNumber}`).slice(0, 32)}`;
}

/** One emergency report of a township = one emergency, however often it is sent (idempotent). */
export function emergencyIdFor(key: string, townshipCode: string, reportId: string): string {
  return `emergency-${keyedHash(key, `emergency\n${townshipCode}\n${reportId}`).slice(0, 32)}`;
}

/** One application per reference (受理编号) at a township, however often it is submitted. */
export function applicationIdFor(key: string, townshipCode: string, reference: string): string {
  return `app-${keyedHash(key, `application\n${townshipCode}\n${reference}`).slice(0, 32)}`;
}

/** A household is known by its applicant. */
export function householdIdFor(personRef: string): string {
  return `hh-${personRef.replace(/^p-/, '')}`;
}

/** An imported enrolment (存量) is known by its reference at its township. */
export function importedEnrolmentIdFor(key: string, townshipCode: string, reference: string): string {
  return `enr-${keyedHash(key, `enrolment\n${townshipCode}\n${reference}`).slice(0, 32)}`;
}
