import { errors, json, ok, type Registry } from '../openapiParts';
import { BatchParams, ExchangeDutyRequest, UploadParams, UploadQuery } from './router';

const csv = { description: 'text/csv (UTF-8 with BOM)', content: { 'text/csv': { schema: { type: 'string' as const } } } };

export function registerFeedPaths(registry: Registry): void {
  registry.registerPath({
    method: 'post', path: '/feeds/{department}/batches',
    summary: 'Upload a department file (the body, streamed: CSV in UTF-8 or GB18030, or NDJSON); CIVIL_AFFAIRS imports the 低收入人口库',
    request: { params: UploadParams, query: UploadQuery, body: { content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } } } } },
    responses: {
      201: ok('staged; its workflow matches it and raises the warnings'), 200: ok('the same file again: the same batch'),
      400: ok('MALFORMED_FILE (no header, a required column missing, broken quoting, no rows) or a wrong query field; nothing written'),
      403: ok('not a role that uploads feeds'), 404: ok("another department's feed, or a region outside the uploader's"), 415: ok('neither CSV nor NDJSON'),
    },
  });
  registry.registerPath({
    method: 'get', path: '/feeds/batches/{id}', summary: 'A batch: state, report (rows read, rejected, matched, not matched, warnings, cases opened, clues attached), progress while it runs',
    request: { params: BatchParams }, responses: { 200: ok('the batch'), 404: errors[404] },
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
    request: { params: BatchParams }, responses: { 200: ok('running again'), 404: errors[404], 409: errors[409] },
  });
  registry.registerPath({
    method: 'post', path: '/feeds/batches/{id}/actions/complete-exchange-duty',
    summary: "Complete the department's monthly exchange duty (DATA_REQUEST) with this finished batch",
    request: { params: BatchParams, body: json(ExchangeDutyRequest) }, responses: { 200: ok('the batch, linked to its exchange'), ...errors },
  });
}
