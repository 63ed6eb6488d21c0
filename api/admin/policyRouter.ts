import { Router } from 'express';
import { z } from 'zod';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { calendarDate } from '../../domain/vocabulary';
import { POLICY_KEYS, type PolicyKey } from '../../domain/policyKeys';
import { isRegion } from '../../domain/regions';
import { MissingPolicyError, policyValues } from '../../db/policy';
import type { ApiDeps } from '../deps';
import { HttpError, badRequest, notFound } from '../errors';
import { RegionCode } from '../regionQuery';
import { ADMIN, GENERAL } from '../access';
import { route } from '../route';

export const PolicyParams = z.object({ policyId: z.string().regex(/^\d{1,18}$/, 'must be a policy id') });

const ALL_KEYS = Object.keys(POLICY_KEYS) as PolicyKey[];
const PolicyKeyName = z.enum(ALL_KEYS as [PolicyKey, ...PolicyKey[]]);

export const NewPolicyValue = z.object({
  regionPrefix: z.string().refine((p) => p === '' || isRegion(p), "must be '' (everywhere) or a region code"),
  key: PolicyKeyName,
  value: z.unknown(),
  effectiveFrom: calendarDate,
  source: z.string().trim().min(1).max(500).describe('the document the value comes from'),
  note: z.string().trim().max(1000).default(''),
});

export const InForceQuery = z.object({
  region: RegionCode,
  on: calendarDate.optional().describe('default: today, Asia/Shanghai'),
});

/**
 * Local policy data (SPEC: numbers marked local): effective-dated values per
 * region prefix. Values are never overwritten: a change is a new row with a
 * later effective date, so every past decision can still name its version.
 */
export function policyRouter(deps: ApiDeps): Router {
  const r = Router();

  r.get('/admin/policies', route({ query: InForceQuery }, () => GENERAL, async ({ query }, _req, res) => {
    const on = query.on ?? shanghaiDateOf((deps.now ?? Date.now)());
    const values: Record<string, { value: unknown; version: string }> = {};
    const missing: string[] = [];
    for (const key of ALL_KEYS) {
      try {
        const resolved = await policyValues(deps.db, [key], query.region, on);
        values[key] = { value: resolved.values[key], version: resolved.versions[key] };
      } catch (err) {
        if (!(err instanceof MissingPolicyError)) throw err;
        missing.push(key);
      }
    }
    res.json({ region: query.region, on, values, missing });
  }));

  r.post('/admin/policies', route({ body: NewPolicyValue, actor: true }, () => ADMIN, async ({ body, actor }, _req, res) => {
    const value = POLICY_KEYS[body.key].safeParse(body.value);
    if (!value.success) {
      throw badRequest(value.error.issues.map((i) => ({ path: ['body', 'value', ...i.path.map(String)].join('.'), message: i.message, code: i.code })));
    }
    const rows = await deps.db.query<{ policy_id: string }>(
      `INSERT INTO policy_values (region_prefix, key, value, effective_from, source, note, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (region_prefix, key, effective_from) DO NOTHING RETURNING policy_id`,
      [body.regionPrefix, body.key, JSON.stringify(value.data), body.effectiveFrom, body.source, body.note, actor.userId],
    );
    if (rows.length === 0) {
      throw new HttpError(409, 'POLICY_EXISTS', `${body.key} for '${body.regionPrefix}' from ${body.effectiveFrom} exists; values are never overwritten: add one with a later effective date`);
    }
    res.status(201).location(`admin/policies/${rows[0]?.policy_id}`).json({ policyId: rows[0]?.policy_id, ...body, value: value.data });
  }));

  // The value a 201 points at (its Location): one row, as it was added.
  r.get('/admin/policies/:policyId', route({ params: PolicyParams }, () => GENERAL, async ({ params }, _req, res) => {
    const [row] = await deps.db.query<Record<string, unknown>>(
      `SELECT policy_id::text AS "policyId", region_prefix AS "regionPrefix", key, value, to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom",
              source, note, created_by AS "createdBy", created_at AS "createdAt"
         FROM policy_values WHERE policy_id = $1`,
      [params.policyId],
    );
    if (!row) throw notFound(`policy value ${params.policyId}`);
    res.json(row);
  }));
  return r;
}
