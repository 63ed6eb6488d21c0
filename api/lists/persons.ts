import type { Router } from 'express';
import { z } from 'zod';
import { idNumber } from '../../domain/household';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { householdsOfPerson } from '../households/people';
import { personRefFor } from '../pseudonyms';
import { RegionCode } from '../regionQuery';
import { route } from '../route';
import { listAccess } from './listQuery';

/** Each kind of subject of one person, newest first; the list routes with `idNumber=` page through all of them. */
const PER_KIND = 20;

export const PersonQuery = z.object({
  idNumber: idNumber.describe('公民身份号码: looked up by its keyed pseudonym, never stored in a log or answered in full'),
  region: RegionCode.optional().describe('default: your own region'),
});

/**
 * `GET /persons?idNumber=`: one person (masked) and what concerns them in the
 * principal's region — households (as applicant or member), cases,
 * applications, enrolments and emergencies. Nothing in scope answers 404, as
 * if the person were unknown.
 */
export function personsRoute(r: Router, deps: ApiDeps): void {
  r.get('/persons', route({ query: PersonQuery }, listAccess, async ({ query, principal }, _req, res) => {
    const region = query.region ?? principal.regionCode;
    const personRef = personRefFor(deps.pseudonymKey, query.idNumber);
    const [person] = await deps.db.query<{ idNumber: string; birthDate: string; sex: string }>(
      'SELECT id_number_masked AS "idNumber", birth_date AS "birthDate", sex FROM persons WHERE person_ref = $1', [personRef]);
    const inScope = (sql: string) => deps.db.query(`${sql} LIMIT ${PER_KIND}`, [personRef, region]);
    const [households, cases, applications, enrolments, emergencies] = await Promise.all([
      inScope(`SELECT h.household_id AS "householdId", h.township_code AS "townshipCode",
                      CASE WHEN h.applicant_person_ref = $1 THEN 'APPLICANT' ELSE m.relation END AS relation
                 FROM households h LEFT JOIN household_members m ON m.household_id = h.household_id AND m.person_ref = $1
                WHERE h.household_id IN (${householdsOfPerson('$1')}) AND h.township_code LIKE $2 || '%'
                ORDER BY h.created_at DESC, h.household_id DESC`),
      inScope(`SELECT case_id AS "caseId", state, hardship_type AS "hardshipType", township_code AS "townshipCode", received_on AS "receivedOn"
                 FROM cases WHERE person_ref = $1 AND township_code LIKE $2 || '%' ORDER BY created_at DESC, case_id DESC`),
      inScope(`SELECT application_id AS "applicationId", state, township_code AS "townshipCode", received_on AS "receivedOn"
                 FROM applications WHERE household_id IN (${householdsOfPerson('$1')}) AND township_code LIKE $2 || '%'
                ORDER BY created_at DESC, application_id DESC`),
      inScope(`SELECT enrolment_id AS "enrolmentId", state, tier, township_code AS "townshipCode", start_on AS "startOn"
                 FROM enrolments WHERE household_id IN (${householdsOfPerson('$1')}) AND township_code LIKE $2 || '%'
                ORDER BY created_at DESC, enrolment_id DESC`),
      inScope(`SELECT emergency_id AS "emergencyId", state, kind, township_code AS "townshipCode", occurred_on AS "occurredOn"
                 FROM emergencies WHERE person_ref = $1 AND township_code LIKE $2 || '%' ORDER BY created_at DESC, emergency_id DESC`),
    ]);
    if (!person || [households, cases, applications, enrolments, emergencies].every((l) => l.length === 0)) {
      throw notFound(`a person with this ID number in ${region}`);
    }
    res.json({ person, region, households, cases, applications, enrolments, emergencies });
  }));
}
