import { randomUUID } from 'node:crypto';
import * as workflows from '../../workflows';
import { openStepCountsWorkflow } from '../../workflows';
import { openStepCountSchedules } from '../../worker/openStepCountSchedule';
import { useWorkflowHarness } from '../support/workflowHarness';

/**
 * The hourly pass that folds the open-step count deltas (migration 024) into
 * the counts: real worker, real database, under county 640104 (兴庆区), which
 * no other test uses.
 */
const h = useWorkflowHarness('open-step-counts');
const COUNTY = '640104';

describe('openStepCountsWorkflow', () => {
  it('folds the deltas that task writes appended into the counts of the county and its city', async () => {
    const run = randomUUID().slice(0, 8);
    await h.db.query(
      `INSERT INTO tasks (task_id, subject_type, subject_id, subject_region, kind, region_code, title, due_on, status, opened_at)
       SELECT id, 'ENROLMENT', id, '640104001', 'ANNUAL_REVIEW', '640104001', '测试步骤', '2026-05-12', 'OPEN', now()
         FROM unnest($1::text[]) AS id`, [[1, 2, 3].map((i) => `osc-${run}-${i}`)]);
    const pending = () => h.db.query<{ delta: number }>('SELECT delta FROM open_step_count_deltas WHERE county = $1', [COUNTY]);
    expect(await pending()).toEqual([{ delta: 3 }]);
    const counts = () => h.db.query<{ level: number; region_code: string; span: string; open: number }>(
      `SELECT level, region_code, span, open FROM open_step_counts WHERE left(region_code, 4) = '6401' AND due_from <= '2026-05-12' AND due_from >= '2026-05-01' ORDER BY 1, 2, 3`);
    const before = await counts();

    const result = await h.withWorker(() => h.env.client.workflow.execute(openStepCountsWorkflow, { workflowId: `open-step-counts-${run}`, taskQueue: h.taskQueue }));
    expect(result.folded).toBeGreaterThanOrEqual(1);
    expect(await pending()).toEqual([]);
    const plus3 = (level: number, regionCode: string, span: string) => ({ level, region_code: regionCode, span, open: (before.find((c) => c.level === level && c.region_code === regionCode && c.span === span)?.open ?? 0) + 3 });
    expect(await counts()).toEqual([plus3(4, '6401', 'day'), plus3(4, '6401', 'month'), plus3(6, COUNTY, 'day'), plus3(6, COUNTY, 'month')]);
  });

  it('is what the hourly schedule starts', () => {
    const [schedule] = openStepCountSchedules('queue').schedules;
    expect(schedule!.action.workflowType).toBe('openStepCountsWorkflow');
    expect(Object.keys(workflows)).toContain(schedule!.action.workflowType);
  });
});
