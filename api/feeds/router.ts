import { Router } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { Department } from '../../domain/vocabulary';
import { FeedKind, kindsOf } from '../../domain/feeds/feedKinds';
import type { Access } from '../../domain/access';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { RegionCode } from '../regionQuery';
import { route } from '../route';
import { FileEncoding, FileFormat } from './records';
import { batchView, completeExchangeDuty, csvPages, findBatch, rerunBatch, uploadBatch } from './service';

export const UploadParams = z.object({ department: Department });
export const UploadQuery = z.object({
  kind: FeedKind.optional().describe("the feed kind; may be left out when the department sends only one"),
  region: RegionCode.optional().describe("the batch's region (default: the uploader's); every row's township must lie in it"),
  format: z.enum(FileFormat).optional().describe('default: from Content-Type (text/csv or application/x-ndjson)'),
  encoding: z.enum(FileEncoding).optional().describe('default: the charset of Content-Type, else utf-8; government exports are often gb18030 (GBK)'),
  fileName: z.string().max(200).default(''),
});
export const BatchParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a batch number') });
export const ExchangeDutyRequest = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM').optional().describe('default: the month of the upload') });

/**
 * Department feeds (SPEC §2, seeds 000/001/003): a department uploads its
 * file as the request body, streamed; the batch is staged, matched and raised
 * by its workflow; the report, rejects and results are read back.
 */
export function feedsRouter(deps: ApiDeps): Router {
  const r = Router();
  const batchAccess = async ({ params }: { params: unknown }): Promise<Access> => {
    const b = await findBatch(deps, (params as { id: string }).id);
    return { kind: 'read', region: b.region_code, departments: [b.department] };
  };

  r.post('/feeds/:department/batches', route({ params: UploadParams, query: UploadQuery, actor: true },
    ({ params, query, principal }) => ({ kind: 'act', action: 'upload-feed', region: query.region ?? principal.regionCode, departments: [params.department] }),
    async ({ params, query, actor, principal }, req, res) => {
      const kinds = kindsOf(params.department);
      const kind = query.kind ?? (kinds.length === 1 ? kinds[0] : undefined);
      if (!kind || !kinds.includes(kind)) {
        throw new HttpError(400, 'VALIDATION_FAILED', `invalid query.kind`, {
          issues: [{ path: 'query.kind', code: 'invalid_value', message: `${params.department} sends ${kinds.join(', ') || 'no feed'}` }] });
      }
      const type = req.get('content-type') ?? '';
      const format = query.format ?? (/ndjson|jsonl/i.test(type) ? 'ndjson' : /csv/i.test(type) ? 'csv' : undefined);
      if (!format) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send text/csv or application/x-ndjson, or name ?format=');
      const encoding = query.encoding ?? (/charset=(gb18030|gbk|gb2312)/i.test(type) ? 'gb18030' : 'utf-8');
      const view = await uploadBatch(deps, {
        kind, regionCode: query.region ?? principal.regionCode, fileName: query.fileName, format, encoding, uploadedBy: actor.userId,
      }, req);
      res.status(view.created ? 201 : 200).location(`feeds/batches/${view.batchId}`).json(view);
    }));

  r.get('/feeds/batches/:id', route({ params: BatchParams }, batchAccess, async ({ params }, _req, res) => {
    res.json(await batchView(deps, params.id));
  }));

  r.post('/feeds/batches/:id/actions/rerun', route({ params: BatchParams, actor: true },
    async (input): Promise<Access> => {
      const b = await findBatch(deps, input.params.id);
      return { kind: 'act', action: 'upload-feed', region: b.region_code, departments: [b.department] };
    },
    async ({ params }, _req, res) => {
      res.json(await rerunBatch(deps, params.id));
    }));

  r.post('/feeds/batches/:id/actions/complete-exchange-duty', route(
    { params: BatchParams, body: ExchangeDutyRequest, actor: true },
    async (input): Promise<Access> => {
      const b = await findBatch(deps, input.params.id);
      return { kind: 'act', action: 'complete-duty', region: b.region_code, departments: [b.department] };
    },
    async ({ params, body, actor }, _req, res) => {
      res.json(await completeExchangeDuty(deps, params.id, body.month, actor));
    }));

  for (const what of ['rejects', 'results'] as const) {
    r.get(`/feeds/batches/:id/${what}.csv`, route({ params: BatchParams }, batchAccess, async ({ params }, _req, res) => {
      res.type('text/csv; charset=utf-8').attachment(`batch-${params.id}-${what}.csv`);
      await pipeline(Readable.from(csvPages(deps, params.id, what)), res);
    }));
  }
  return r;
}
