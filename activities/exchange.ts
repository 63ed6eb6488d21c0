import { exchangeDutiesFor, type ExchangeDuty } from '../domain/exchangeDuties';
import { policyValue } from '../db/policy';
import type { Db } from '../db/pool';
import type { ExchangeEventRecord } from '../workflows/exchangeMessages';
import { projectionActivity } from './projection';

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

    /** The exchange's projection: its row, which planExchange created (see projection.ts). */
    recordExchangeEvent: projectionActivity<ExchangeEventRecord>(db, {
      type: 'EXCHANGE',
      id: (e) => e.status.exchangeId,
      region: (e) => e.status.countyCode,
      row: ({ status: s }, at) => ({
        table: 'exchanges',
        key: { column: 'exchange_id', value: s.exchangeId },
        update: {
          state: s.state, context: JSON.stringify({ ...s.context, duties: s.duties }), allowed_actions: s.allowedActions,
          overdue: s.overdue, closed_at: s.state === 'closed' ? at : null,
        },
      }),
    }),
  };
}
