import { z } from 'zod';
import { created, errors, json, ok, problem, row, type Registry } from '../openapiParts';
import { DrawInput, FindingInput, SampleParams } from '../sampling/router';
import { MonthlyQuery } from '../statistics/router';
import { TaskParams } from '../tasks/claims';

/** The paths of the supervision console's area: 月报, task claims, 双随机 samples. */
/** A 双随机 sample (api/sampling/router.ts view). */
const Sample = z.object({
  sampleId: z.string(), county: z.string(), month: z.string(), seed: z.string(), size: z.number().int(), population: z.number().int(),
  reviewers: z.array(z.string()), drawnBy: z.string(), drawnAt: z.string(),
  items: z.array(z.object({
    subjectType: z.string(), subjectId: z.string(), townshipCode: z.string(), reviewer: z.string(),
    finding: z.string().nullable(), note: z.string().nullable(), reviewedAt: z.string().nullable(),
  })),
});

export function registerConsolePaths(registry: Registry): void {
  registry.registerPath({
    method: 'get', path: '/statistics/monthly',
    summary: '月报: warnings, verification, disposals, referrals, assistance by tier, payments, emergencies and 回避 refusals of a month, per township and in total',
    request: { query: MonthlyQuery }, responses: {
      200: ok('the statistics', row({
        region: z.string(), regionName: z.string().nullable(), month: z.string(), from: z.string(), to: z.string(), asOf: z.string(),
        total: row({}).describe('the counts of the whole region'), townships: z.array(row({ townshipCode: z.string(), townshipName: z.string().nullable() })),
      })),
      400: errors[400], 403: problem('region outside the principal\'s') },
  });
  registry.registerPath({
    method: 'get', path: '/statistics/monthly.xlsx', summary: '月报 as an XLSX workbook with Chinese headers (the same numbers as the JSON)',
    request: { query: MonthlyQuery },
    responses: {
      200: { description: 'XLSX', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } },
      400: errors[400], 403: problem('region outside the principal\'s'),
    },
  });
  for (const action of ['claim', 'release'] as const) {
    registry.registerPath({
      method: 'post', path: `/tasks/{taskId}/${action}`,
      summary: action === 'claim' ? '认领: the caller holds the open task (again: no change)' : '释放: the holder (or a county supervisor) gives the task back',
      request: { params: TaskParams },
      responses: { 200: ok('who holds it now', z.object({ taskId: z.string(), heldBy: z.string().nullable(), heldSince: z.string().nullable() })), 400: errors[400], 403: problem('not staff of the task\'s region'), 404: problem('no such task in the principal\'s scope'), 409: problem('TASK_HELD by someone else, or TASK_DONE') },
    });
  }
  registry.registerPath({
    method: 'post', path: '/sampling/draws',
    summary: '双随机: draw a reproducible sample of the month\'s closed cases and enrolments of a county, reviewers dealt at random; seed and result in the audit log',
    request: { body: json(DrawInput) }, responses: { 201: created('drawn', Sample, 'the sample'), 200: ok('drawn before with this seed: the recorded draw', Sample), 400: errors[400], 403: problem('county supervisors only') },
  });
  registry.registerPath({
    method: 'get', path: '/sampling/draws/{sampleId}', summary: 'A sample: seed, population size, items with reviewers and findings (一公开)',
    request: { params: SampleParams }, responses: { 200: ok('the sample', Sample), 400: errors[400], 404: problem('not found') },
  });
  registry.registerPath({
    method: 'post', path: '/sampling/draws/{sampleId}/findings', summary: 'The assigned reviewer records the finding on one sampled subject (audit log)',
    request: { params: SampleParams, body: json(FindingInput) },
    responses: { 200: ok('the sample', Sample), 400: errors[400], 403: problem('not the assigned reviewer'), 404: problem('not in the sample') },
  });
}
