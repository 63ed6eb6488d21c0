import { z } from 'zod';
import { Created, created, errors, json, ok, problem, row, type Registry } from '../openapiParts';
import { BatchParams, ExchangeDutyRequest, UploadParams, UploadQuery } from './router';

const csv = { description: 'text/csv (UTF-8 with BOM)', content: { 'text/csv': { schema: { type: 'string' as const } } } };

/** A batch (api/feeds/service.ts batchView): its state and report; counts are null until the step that makes them ran. */
const FeedBatch = row({
  batchId: z.string(), kind: z.string(), kindLabel: z.string(), department: z.string(), regionCode: z.string(), state: z.string(),
  failureReason: z.string().nullable(),
  report: row({ rowsRead: z.number().int().nullable(), rowsRejected: z.number().int().nullable(), matched: z.number().int().nullable(), warningsRaised: z.number().int().nullable() }),
  progress: z.unknown().describe('while it runs: counts so far; null when DONE'),
  exchangeId: z.string().nullable(),
});

export function registerFeedPaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/feeds/{department}/batches',
    summary: 'Upload a department file (the body, streamed: CSV in UTF-8 or GB18030, or NDJSON); CIVIL_AFFAIRS imports the 低收入人口库',
    request: { params: UploadParams, query: UploadQuery, body: { content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } } } } },
    responses: {
      201: created('staged; its workflow matches it and raises the warnings', FeedBatch.extend(Created.shape), 'the batch'),
      200: ok('the same file again: the same batch', FeedBatch.extend(Created.shape)),
      400: problem('MALFORMED_FILE (no header, a required column missing, broken quoting, no rows) or a wrong query field; nothing written'),
      403: problem('not a role that uploads feeds'), 404: problem("another department's feed, or a region outside the uploader's"), 415: problem('neither CSV nor NDJSON'),
    },
  });
  registry.registerPath({
    method: 'get', path: '/feeds/batches/{id}', summary: 'A batch: state, report (rows read, rejected, matched, not matched, warnings, cases opened, clues attached), progress while it runs',
    request: { params: BatchParams }, responses: { 200: ok('the batch', FeedBatch), 404: errors[404] },
  });
  for (const what of ['rejects', 'results'] as const) {
    registry.registerPath({
      method: 'get', path: `/feeds/batches/{id}/${what}.csv`,
      summary: what === 'rejects' ? 'Rows rejected: row number, key, masked ID, reason' : 'Warnings raised: rule, version, NEW_CASE or CLUE, case, enrolment',
      request: { params: BatchParams }, responses: { 200: csv, 404: errors[404] },
    });
  }
  registry.registerPath({
    method: 'post', path: '/feeds/batches/{id}/actions/rerun', summary: 'Run a FAILED batch again',
    request: { params: BatchParams }, responses: { 200: ok('running again', FeedBatch), 404: errors[404], 409: errors[409] },
  });
  registry.registerPath({
    method: 'post', path: '/feeds/batches/{id}/actions/complete-exchange-duty',
    summary: "Complete the department's monthly exchange duty (DATA_REQUEST) with this finished batch",
    request: { params: BatchParams, body: json(ExchangeDutyRequest) }, responses: { 200: ok('the batch, linked to its exchange', FeedBatch.extend({ exchangeId: z.string() })), ...errors },
  });
}
