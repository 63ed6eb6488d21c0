import type { Db } from '../db/pool';
import type { CaseEventRecord } from '../workflows/messages';
import { projectionActivity } from './projection';

/** The case's projection: the cases row (see projection.ts). */
export function createCaseProjectionActivities({ db }: { db: Db }) {
  return {
    recordCaseEvent: projectionActivity<CaseEventRecord>(db, {
      type: 'CASE',
      id: (e) => e.caseId,
      region: (e) => e.input.townshipCode,
      row: ({ caseId, input, status: s }, at) => ({
        table: 'cases',
        key: { column: 'case_id', value: caseId },
        insert: {
          source: input.source, source_id: input.sourceId, person_ref: input.personRef, township_code: input.townshipCode,
          hardship_type: input.hardshipType, received_on: input.receivedOn, detail: input.detail,
          verification_working_days: s.verification.workingDays, created_by: input.actor.userId, created_at: at,
        },
        update: {
          state: s.state, context: JSON.stringify(s.context), allowed_actions: s.allowedActions,
          verification_due_on: s.verification.dueOn, verification_provisional: s.verification.provisional,
          verification_overdue: s.verification.overdue, policy_version: s.verification.policyVersion,
          updated_at: at, closed_at: s.state === 'closed' ? at : null,
        },
      }),
    }),
  };
}
