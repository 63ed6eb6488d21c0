import { exchangeDutiesFor, type ExchangeDuty } from '../domain/exchangeDuties';
import { policyValue } from '../db/policy';
import type { Db } from '../db/pool';
import type { ExchangeEventRecord } from '../workflows/exchangeMessages';
import { recordSubjectEvent } from './subjectEvents';
import { syncOpenTasks } from './taskProjection';

/** Side effects of the monthly exchange: its duties for the month, and their projection. */
export function createExchangeActivities({ db }: { db: Db }) {
  return {
    /** Claims the county's month for this run (a second run of the same month is told it is not the owner). */
    async planExchange(args: { exchangeId: string; countyCode: string; month: string; workflowId: string }): Promise<{ owner: boolean; duties: ExchangeDuty[] }> {
      const day = await policyValue(db, 'exchange.dataRequestDayOfMonth', args.countyCode, `${args.month}-01`);
      const duties = exchangeDutiesFor(args.countyCode, args.month, day.value);
      await db.query(
        `INSERT INTO exchanges (exchange_id, county_code, month, workflow_id, state, context, allowed_actions)
         VALUES ($1,$2,$3,$4,'open','{}','{}') ON CONFLICT (exchange_id) DO NOTHING`,
        [args.exchangeId, args.countyCode, args.month, args.workflowId],
      );
      const [row] = await db.query<{ workflow_id: string }>('SELECT workflow_id FROM exchanges WHERE exchange_id = $1', [args.exchangeId]);
      return { owner: row?.workflow_id === args.workflowId, duties };
    },

    async recordExchangeEvent(e: ExchangeEventRecord): Promise<void> {
      const at = new Date(e.occurredAtMs);
      const s = e.status;
      await db.withTransaction(async (tx) => {
        const applied = await tx.query(
          `UPDATE exchanges SET state = $2, context = $3, allowed_actions = $4, overdue = $5, version = $6,
                  closed_at = CASE WHEN $2 = 'closed' THEN $7::timestamptz END
            WHERE exchange_id = $1 AND version <= $6 RETURNING exchange_id`,
          [s.exchangeId, s.state, JSON.stringify({ ...s.context, duties: s.duties }), s.allowedActions, s.overdue, e.seq, at],
        );
        await recordSubjectEvent(tx, 'EXCHANGE', s.exchangeId, { ...e, toState: s.state, at });
        if (applied.length === 0) return;
        await syncOpenTasks(tx, { type: 'EXCHANGE', id: s.exchangeId, regionCode: s.countyCode }, e.openTasks, at, e.actor.userId);
      });
    },
  };
}
