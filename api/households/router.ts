import { Router } from 'express';
import { z } from 'zod';
import { shanghaiDateOf } from '../../domain/calendarDate';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { subjectAccess } from '../access';
import { route } from '../route';
import { logger } from '../../config/logger';

const HouseholdParams = z.object({ id: z.string().regex(/^hh-[0-9a-f]{32}$/, 'must be a household id') });
const HouseholdQuery = z.object({
  reveal: z.literal('idNumbers').optional().describe('full ID numbers, for the roles that act on the household (township staff, supervisors); logged'),
});

/** A household in the registry: members (masked), enrolments, applications with their decisions, rejections; and its open duties. */
export function householdsRouter(deps: ApiDeps): Router {
  const r = Router();
  const households = subjectAccess(deps, 'HOUSEHOLD');
  // Members are masked; the full numbers only to those who act on the household, and every reveal is logged.
  r.get('/households/:id', route({ params: HouseholdParams, query: HouseholdQuery },
    (input) => (input.query.reveal ? households.act('reveal-id-numbers')(input) : households.read(input)),
    async ({ params, query, principal }, _req, res) => {
    const reveal = query.reveal === 'idNumbers';
    if (reveal) logger.info({ userId: principal.userId, role: principal.role, householdId: params.id }, 'ID numbers revealed');
    const idColumn = reveal ? 'p.id_number' : 'p.id_number_masked';
    const [household] = await deps.db.query<{ township_code: string; created_at: Date; applicant: string }>(
      `SELECT h.township_code, h.created_at, ${idColumn} AS applicant
         FROM households h JOIN persons p ON p.person_ref = h.applicant_person_ref WHERE h.household_id = $1`,
      [params.id],
    );
    if (!household) throw notFound(`household ${params.id}`);
    const [members, enrolments, applications, rejections] = await Promise.all([
      deps.db.query(
        `SELECT ${idColumn} AS "idNumber", m.relation, p.birth_date AS "birthDate", p.sex
           FROM household_members m JOIN persons p USING (person_ref) WHERE m.household_id = $1 ORDER BY m.relation, p.birth_date`,
        [params.id]),
      deps.db.query(
        `SELECT enrolment_id AS "enrolmentId", application_id AS "applicationId", tier, start_on AS "startOn",
                monthly_amount_fen::int AS "monthlyAmountFen", status, exited_on AS "exitedOn", exit_reason AS "exitReason"
           FROM enrolments WHERE household_id = $1 ORDER BY start_on`, [params.id]),
      deps.db.query(
        `SELECT a.application_id AS "applicationId", a.reference, a.state, a.received_on AS "receivedOn",
                (SELECT d.primary_tier FROM eligibility_decisions d WHERE d.application_id = a.application_id ORDER BY d.decision_id DESC LIMIT 1) AS "decidedTier"
           FROM applications a WHERE a.household_id = $1 ORDER BY a.received_on`, [params.id]),
      deps.db.query(
        `SELECT application_id AS "applicationId", rejected_on AS "rejectedOn", reason FROM assistance_rejections WHERE household_id = $1 ORDER BY rejected_on`,
        [params.id]),
    ]);
    res.json({
      householdId: params.id,
      townshipCode: household.township_code,
      applicant: { idNumber: household.applicant },
      members,
      enrolments,
      applications,
      rejections,
    });
  }));
  r.get('/households/:id/duties', route({ params: HouseholdParams }, households.read, async ({ params }, _req, res) => {
    const [exists] = await deps.db.query('SELECT 1 FROM households WHERE household_id = $1', [params.id]);
    if (!exists) throw notFound(`household ${params.id}`);
    const duties = await deps.db.query<{ dueOn: string | null }>(
      `WITH people AS (
         SELECT person_ref FROM household_members WHERE household_id = $1
         UNION SELECT applicant_person_ref FROM households WHERE household_id = $1)
       SELECT t.task_id AS "taskId", t.subject_type AS "subjectType", t.subject_id AS "subjectId", t.kind, t.title,
              t.region_code AS "regionCode", t.department, t.due_on AS "dueOn", t.opened_at AS "openedAt"
         FROM tasks t
        WHERE t.status = 'OPEN' AND (
              (t.subject_type = 'APPLICATION' AND t.subject_id IN (SELECT application_id FROM applications WHERE household_id = $1))
           OR (t.subject_type = 'ENROLMENT' AND t.subject_id IN (SELECT enrolment_id FROM enrolments WHERE household_id = $1))
           OR (t.subject_type = 'CASE' AND t.subject_id IN (SELECT case_id FROM cases WHERE person_ref IN (SELECT person_ref FROM people)))
           OR (t.subject_type = 'EMERGENCY' AND t.subject_id IN (SELECT emergency_id FROM emergencies WHERE person_ref IN (SELECT person_ref FROM people))))
        ORDER BY t.due_on NULLS LAST, t.opened_at, t.task_id`,
      [params.id],
    );
    const today = shanghaiDateOf((deps.now ?? Date.now)());
    res.json({ householdId: params.id, duties: duties.map((d) => ({ ...d, overdue: d.dueOn !== null && d.dueOn < today })) });
  }));
  return r;
}
