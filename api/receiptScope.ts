import { Router } from 'express';
import { z } from 'zod';
import type { Actor } from '../domain/vocabulary';
import type { SubjectType } from '../domain/taskSpec';
import type { ApiDeps } from './deps';
import { HttpError } from './errors';
import { RegionCode } from './regionQuery';
import { errors, ok, problem, type Registry } from './openapiParts';
import { route } from './route';

/**
 * Receipt deduplication within scope: the first township to receive a source
 * record holds it; the same record sent for another township answers 409
 * with nothing about the existing subject, and is recorded as an incident for
 * both counties' supervisors (a typo, a mis-routed feed row, or a probe).
 */
export async function claimSource(deps: ApiDeps, type: SubjectType, subjectId: string, regionCode: string, actor: Actor): Promise<void> {
  const [claim] = await deps.db.query<{ region_code: string }>(
    `WITH claimed AS (
       INSERT INTO source_claims (subject_type, subject_id, region_code) VALUES ($1, $2, $3)
       ON CONFLICT (subject_type, subject_id) DO NOTHING RETURNING region_code)
     SELECT region_code FROM claimed UNION ALL
     SELECT region_code FROM source_claims WHERE subject_type = $1 AND subject_id = $2 LIMIT 1`,
    [type, subjectId, regionCode],
  );
  if (!claim || claim.region_code === regionCode) return;
  await deps.db.query(
    `INSERT INTO incidents (kind, region_code, owner_region, subject_type, subject_id, reason, actor_id, actor_region)
     VALUES ('RECEIPT_CONFLICT', $1, $2, $3, $4, 'source record already received by another township', $5, $6)`,
    [regionCode, claim.region_code, type, subjectId, actor.userId, actor.regionCode],
  );
  throw new HttpError(409, 'RECEIPT_CONFLICT', 'this source record cannot be received for this township; the county supervisor has been informed');
}

const IncidentsQuery = z.object({ region: RegionCode.describe('a county (or township) code: incidents raised there or about records held there') });

/** GET /incidents?region=: refused projections and receipt conflicts under a region, newest first (supervisors, auditors). */
export function incidentsRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/incidents', route({ query: IncidentsQuery }, ({ query }) => ({ kind: 'audit', region: query.region }), async ({ query }, _req, res) => {
    const items = await deps.db.query(
      `SELECT incident_id AS "incidentId", kind, region_code AS "regionCode", owner_region AS "ownerRegion",
              subject_type AS "subjectType", subject_id AS "subjectId", seq, reason, actor_id AS "actorId",
              actor_region AS "actorRegion", occurred_at AS "occurredAt"
         FROM incidents WHERE starts_with(region_code, $1) OR starts_with(owner_region, $1)
        ORDER BY incident_id DESC LIMIT 200`,
      [query.region],
    );
    res.json({ region: query.region, items });
  }));
  return r;
}

export function registerIncidentPaths(registry: Registry): void {
  registry.registerPath({
    method: 'get', path: '/incidents',
    summary: 'Incidents under a region: projections PostgreSQL refused (PROJECTION_FAILED) and source records sent for another township (RECEIPT_CONFLICT), newest 200',
    request: { query: IncidentsQuery }, responses: {
      200: ok('the incidents, newest 200', z.object({
        region: z.string(),
        items: z.array(z.object({
          incidentId: z.string(), kind: z.string(), regionCode: z.string(), ownerRegion: z.string().nullable(), subjectType: z.string(),
          subjectId: z.string(), seq: z.number().int().nullable(), reason: z.string(), actorId: z.string(),
          actorRegion: z.string(), occurredAt: z.string(),
        })),
      })),
      400: errors[400], 403: problem('supervisors, auditors and admins only') },
  });
}
