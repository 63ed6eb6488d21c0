import { Router } from 'express';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { recordSubjectEvent } from '../../activities/subjectEvents';
import { addMonths } from '../../domain/calendarDate';
import { drawSample } from '../../domain/sampling';
import type { SubjectType } from '../../domain/taskSpec';
import type { ApiDeps } from '../deps';
import { HttpError, notFound } from '../errors';
import { RegionCode } from '../regionQuery';
import { route } from '../route';

/** The audit log takes any subject type; a sample has no tasks, so it is not one of the task subject types. */
const SAMPLE = 'SAMPLE' as SubjectType;
/** The population is a county's month; beyond this a draw is refused rather than held in memory. */
const MAX_POPULATION = 200_000;

export const DrawInput = z.object({
  county: RegionCode.refine((c) => c.length === 6, 'must be a county (6 digits)'),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM').describe('cases closed and enrolments made in this month'),
  size: z.number().int().min(1).max(200),
  reviewers: z.array(z.string().trim().min(1).max(64)).min(1).max(50).describe('user ids; each sampled subject gets one at random'),
  seed: z.string().min(1).max(100).optional().describe('default: 16 random bytes; the same seed redraws the same sample'),
});
export const SampleParams = z.object({ sampleId: z.string().regex(/^sample-\d{6}-\d{4}-\d{2}-[0-9a-f]{16}$/, 'is not a sample id') });
export const FindingInput = z.object({
  subjectType: z.enum(['CASE', 'ENROLMENT']),
  subjectId: z.string().min(1).max(100),
  finding: z.enum(['COMPLIANT', 'DEFICIENT', 'NONCOMPLIANT']).describe('合规 / 有瑕疵 / 不合规'),
  note: z.string().trim().min(1).max(2000),
});

interface SampleRow { sample_id: string; county_code: string; month: string; seed: string; size: number; reviewers: string[]; population: number; drawn_by: string; drawn_at: Date }

/**
 * 双随机、一公开 (seed 001 (十一)): a county supervisor draws a reproducible
 * sample of the month's closed cases and enrolments (domain/sampling.ts),
 * reviewers record findings, and the draw (seed, population size, result)
 * and every finding go to the audit log as events of the sample.
 */
export function samplingRouter(deps: ApiDeps): Router {
  const r = Router();
  const sampleOf = async (sampleId: string) => {
    const [s] = await deps.db.query<SampleRow>('SELECT * FROM quality_samples WHERE sample_id = $1', [sampleId]);
    if (!s) throw notFound(`sample ${sampleId}`);
    return s;
  };
  const view = async (s: SampleRow) => ({
    sampleId: s.sample_id, county: s.county_code, month: s.month, seed: s.seed, size: s.size, population: s.population,
    reviewers: s.reviewers, drawnBy: s.drawn_by, drawnAt: s.drawn_at,
    items: await deps.db.query(
      `SELECT subject_type AS "subjectType", subject_id AS "subjectId", township_code AS "townshipCode", reviewer, finding, note, reviewed_at AS "reviewedAt"
         FROM quality_sample_items WHERE sample_id = $1 ORDER BY subject_type, subject_id`, [s.sample_id]),
  });

  r.post('/sampling/draws', route({ body: DrawInput, actor: true }, ({ body }) => ({ kind: 'act', action: 'draw-sample', region: body.county }), async ({ body, actor }, _req, res) => {
    const seed = body.seed ?? randomBytes(16).toString('hex');
    const sampleId = `sample-${body.county}-${body.month}-${createHash('sha256').update(seed).digest('hex').slice(0, 16)}`;
    const from = `${body.month}-01`;
    const to = addMonths(from, 1);
    const population = await deps.db.query<{ subjectType: string; subjectId: string; townshipCode: string }>(
      `SELECT 'CASE' AS "subjectType", case_id AS "subjectId", township_code AS "townshipCode" FROM cases
        WHERE starts_with(township_code, $1) AND closed_at >= $2::date AT TIME ZONE 'Asia/Shanghai' AND closed_at < $3::date AT TIME ZONE 'Asia/Shanghai'
       UNION ALL
       SELECT 'ENROLMENT', enrolment_id, township_code FROM enrolments
        WHERE starts_with(township_code, $1) AND created_at >= $2::date AT TIME ZONE 'Asia/Shanghai' AND created_at < $3::date AT TIME ZONE 'Asia/Shanghai'
       LIMIT ${MAX_POPULATION + 1}`,
      [body.county, from, to],
    );
    if (population.length > MAX_POPULATION) throw new HttpError(422, 'POPULATION_TOO_LARGE', `more than ${MAX_POPULATION} subjects in the month`);
    const drawn = drawSample(population, seed, body.size, body.reviewers);
    const created = await deps.db.withTransaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO quality_samples (sample_id, county_code, month, seed, size, reviewers, population, drawn_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (sample_id) DO NOTHING RETURNING 1`,
        [sampleId, body.county, body.month, seed, body.size, body.reviewers, population.length, actor.userId],
      );
      if (inserted.length === 0) return false; // drawn before with this seed: the recorded draw stands
      for (const d of drawn) {
        await tx.query('INSERT INTO quality_sample_items (sample_id, subject_type, subject_id, township_code, reviewer) VALUES ($1,$2,$3,$4,$5)',
          [sampleId, d.member.subjectType, d.member.subjectId, d.member.townshipCode, d.reviewer]);
      }
      await recordSubjectEvent(tx, SAMPLE, sampleId, {
        seq: 1, eventType: 'SAMPLE_DRAWN', fromState: 'none', toState: 'drawn', actor, occurredAtMs: Date.now(), at: new Date(),
        payload: { county: body.county, month: body.month, seed, size: body.size, population: population.length, reviewers: body.reviewers,
          items: drawn.map((d) => ({ subjectType: d.member.subjectType, subjectId: d.member.subjectId, reviewer: d.reviewer })) },
      });
      return true;
    });
    if (created) res.location(`sampling/draws/${sampleId}`);
    res.status(created ? 201 : 200).json(await view(await sampleOf(sampleId)));
  }));

  r.get('/sampling/draws/:sampleId', route({ params: SampleParams }, async ({ params }) => ({ kind: 'read', region: (await sampleOf(params.sampleId)).county_code }), async ({ params }, _req, res) => {
    res.json(await view(await sampleOf(params.sampleId)));
  }));

  r.post('/sampling/draws/:sampleId/findings', route({ params: SampleParams, body: FindingInput, actor: true },
    async ({ params }) => ({ kind: 'audit', region: (await sampleOf(params.sampleId)).county_code }),
    async ({ params, body, actor }, _req, res) => {
      await deps.db.withTransaction(async (tx) => {
        await tx.query('SELECT 1 FROM quality_samples WHERE sample_id = $1 FOR UPDATE', [params.sampleId]); // one finding at a time: seq below
        const [item] = await tx.query<{ reviewer: string }>(
          'SELECT reviewer FROM quality_sample_items WHERE sample_id = $1 AND subject_type = $2 AND subject_id = $3',
          [params.sampleId, body.subjectType, body.subjectId]);
        if (!item) throw notFound(`${body.subjectType} ${body.subjectId} in sample ${params.sampleId}`);
        if (item.reviewer !== actor.userId) throw new HttpError(403, 'NOT_THE_REVIEWER', `this item is assigned to ${item.reviewer}`);
        await tx.query(
          `UPDATE quality_sample_items SET finding = $4, note = $5, reviewed_at = now()
            WHERE sample_id = $1 AND subject_type = $2 AND subject_id = $3`,
          [params.sampleId, body.subjectType, body.subjectId, body.finding, body.note]);
        const [last] = await tx.query<{ seq: number }>(
          "SELECT max(seq)::int AS seq FROM subject_events WHERE subject_type = 'SAMPLE' AND subject_id = $1", [params.sampleId]);
        await recordSubjectEvent(tx, SAMPLE, params.sampleId, {
          seq: (last?.seq ?? 0) + 1, eventType: 'FINDING_RECORDED', fromState: 'drawn', toState: 'drawn', actor, occurredAtMs: Date.now(), at: new Date(),
          payload: body,
        });
      });
      res.json(await view(await sampleOf(params.sampleId)));
    }));
  return r;
}
