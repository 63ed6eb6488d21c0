import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { eventually } from '../support/eventually';
import { devServerEnv } from '../support/temporal';
import { EXCHANGE_SCHEDULE_PREFIX, exchangeSchedules, reconcileSchedules } from '../../worker/schedules';

/** Schedules made to match the configuration by one process (`npm run schedules`), on the dev server. */
describe('schedules reconciliation (dev server)', () => {
  let env: TestWorkflowEnvironment;
  let client: Client;
  beforeAll(async () => {
    env = await devServerEnv();
    client = env.client;
  });
  afterAll(() => env?.teardown());

  const describeSchedule = (county: string) => client.schedule.getHandle(`${EXCHANGE_SCHEDULE_PREFIX}${county}`).describe();
  const listed = async () => {
    const ids: string[] = [];
    for await (const s of client.schedule.list()) if (s.scheduleId.startsWith(EXCHANGE_SCHEDULE_PREFIX)) ids.push(s.scheduleId);
    return ids.sort();
  };

  it('creates what is configured, leaves it alone when nothing changed, updates it when the config changes, removes what is no longer configured', async () => {
    const first = await reconcileSchedules(client, exchangeSchedules('queue-a', ['430681', '430682']));
    expect(first).toEqual({ created: ['monthly-exchange-430681', 'monthly-exchange-430682'], updated: [], unchanged: [], deleted: [] });
    const created = await describeSchedule('430681');
    expect(created.spec.timezone).toBe('Asia/Shanghai');
    expect(created.action).toMatchObject({ type: 'startWorkflow', workflowType: 'monthlyExchangeWorkflow', taskQueue: 'queue-a', args: [{ countyCode: '430681' }] });
    const both = ['monthly-exchange-430681', 'monthly-exchange-430682'];
    expect(await eventually(listed, (ids) => ids.join() === both.join())).toEqual(both);

    // Run again (another deployment with the same settings): nothing is rewritten.
    expect(await reconcileSchedules(client, exchangeSchedules('queue-a', ['430681', '430682']))).toMatchObject({ created: [], updated: [], unchanged: ['monthly-exchange-430681', 'monthly-exchange-430682'] });

    // The task queue changes and 430682 is no longer configured; 430683 is new.
    const changed = await reconcileSchedules(client, exchangeSchedules('queue-b', ['430681', '430683']));
    expect(changed).toEqual({ created: ['monthly-exchange-430683'], updated: ['monthly-exchange-430681'], unchanged: [], deleted: ['monthly-exchange-430682'] });
    expect((await describeSchedule('430681')).action).toMatchObject({ taskQueue: 'queue-b', args: [{ countyCode: '430681' }] });
    await expect(describeSchedule('430682')).rejects.toThrow();
    const now = ['monthly-exchange-430681', 'monthly-exchange-430683'];
    expect(await eventually(listed, (ids) => ids.join() === now.join())).toEqual(now);
  });
});
