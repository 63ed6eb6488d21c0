import { proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { addDays, shanghaiDateOf } from '../domain/calendarDate';
import type { Actor } from '../domain/vocabulary';
import { openExchangeTasks, type ExchangeDuty } from '../domain/exchangeDuties';
import { EXCHANGE_KIND, type ExchangeAction, type ExchangeContext, type ExchangeState } from '../domain/exchangeMachine';
import { exchangeActionUpdate, exchangeStatusQuery, type ExchangeInput, type ExchangeStatus } from './exchangeMessages';
import { MachineRunner } from './machineRunner';
import { untilDay } from './timers';

const { planExchange, recordExchangeEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

/**
 * One county's monthly data exchange (seed 003 三(二)2), started on the 1st of
 * each month by a Temporal Schedule: department data requests due by the
 * (local) 10th, the two pushes between civil affairs and agriculture due by the
 * month's end; each duty overdue is escalated to the county supervisor; done
 * when every duty is recorded as done.
 */
export async function monthlyExchangeWorkflow(input: ExchangeInput): Promise<ExchangeStatus | null> {
  const month = shanghaiDateOf(Date.now()).slice(0, 7);
  const exchangeId = `exchange-${input.countyCode}-${month}`;
  const plan = await planExchange({ exchangeId, countyCode: input.countyCode, month, workflowId: workflowInfo().workflowId });
  if (!plan.owner) return null; // this month's exchange already runs (a schedule triggered twice)

  const duties: ExchangeDuty[] = plan.duties;
  const overdue: string[] = [];
  const system: Actor = { userId: 'system', regionCode: input.countyCode };
  const context = () => runner.snapshot.context as ExchangeContext;
  const status = (): ExchangeStatus => ({
    exchangeId,
    countyCode: input.countyCode,
    month,
    state: runner.state as ExchangeState,
    allowedActions: runner.allowedActions,
    context: context(),
    duties,
    overdue: [...overdue],
  });
  const runner: MachineRunner<ExchangeStatus, ExchangeAction> = new MachineRunner(EXCHANGE_KIND, {
    status,
    regionCode: input.countyCode,
    overdue: () => overdue.some((key) => !context().done.some((d) => d.key === key)), // an overdue duty still open
    input: { dutyKeys: duties.map((d) => d.key) },
    projection: {
      write: recordExchangeEvent,
      fields: {},
      openTasks: () => openExchangeTasks(duties, context().done.map((d) => d.key), overdue),
    },
  });
  setHandler(exchangeStatusQuery, status);
  runner.handleActions(exchangeActionUpdate);

  await runner.record('EXCHANGE_OPENED', system, { month, duties: duties.length });
  runner.received = true;

  // Each due date, as it ends, escalates the duties still open.
  for (const dueOn of [...new Set(duties.map((d) => d.dueOn))].sort()) {
    if (await untilDay(addDays(dueOn, 1), () => runner.done)) break;
    const late = duties.filter((d) => d.dueOn === dueOn && !context().done.some((x) => x.key === d.key)).map((d) => d.key);
    if (late.length === 0) continue;
    overdue.push(...late);
    await runner.record('DUTIES_OVERDUE', system, { dueOn, duties: late });
  }
  await runner.finished();
  return status();
}
