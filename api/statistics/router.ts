import { Router } from 'express';
import { z } from 'zod';
import { addDays, addMonths, shanghaiDateOf } from '../../domain/calendarDate';
import { loadCalendar } from '../../db/calendar';
import type { ApiDeps } from '../deps';
import { badRequest } from '../errors';
import { RegionCode } from '../regionQuery';
import { route } from '../route';
import { monthlyStatistics, type MonthWindow } from './monthly';
import { monthlyWorkbook } from './xlsx';

export const MonthlyQuery = z.object({
  region: RegionCode.describe('a county sees each of its townships and its total; a township itself'),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM').optional().describe('default: this month (Asia/Shanghai)'),
});

function windowOf(deps: ApiDeps, region: string, month: string | undefined): MonthWindow {
  const today = shanghaiDateOf((deps.now ?? Date.now)());
  const m = month ?? today.slice(0, 7);
  const from = `${m}-01`;
  if (from > today) throw badRequest([{ path: 'query.month', message: 'is in the future', code: 'custom' }]);
  const to = addMonths(from, 1);
  const last = addDays(to, -1);
  return { region, month: m, from, to, asOf: last < today ? last : today };
}

/** 月报: GET /statistics/monthly (JSON) and /statistics/monthly.xlsx (the same numbers as a workbook). */
export function statisticsRouter(deps: ApiDeps): Router {
  const r = Router();
  const compute = async (region: string, month: string | undefined) =>
    monthlyStatistics(deps.db, await loadCalendar(deps.db), windowOf(deps, region, month));
  r.get('/statistics/monthly', route({ query: MonthlyQuery }, ({ query }) => ({ kind: 'list', region: query.region }), async ({ query }, _req, res) => {
    res.json(await compute(query.region, query.month));
  }));
  r.get('/statistics/monthly.xlsx', route({ query: MonthlyQuery }, ({ query }) => ({ kind: 'list', region: query.region }), async ({ query }, _req, res) => {
    const stats = await compute(query.region, query.month);
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.attachment(`yuebao-${stats.region}-${stats.month}.xlsx`);
    res.send(await monthlyWorkbook(stats));
  }));
  return r;
}
