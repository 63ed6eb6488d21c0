import type { RequestHandler } from 'express';
import { HttpError } from './errors';

/**
 * A request that sends a body must send JSON (415 otherwise, instead of the
 * body being ignored and every field reported missing); file uploads (the
 * department feeds, streamed as CSV or NDJSON) check their own media types.
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is('application/json') && !isFileUpload(req.path)) {
    next(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'request body must be application/json (UTF-8)'));
    return;
  }
  next();
};

const isFileUpload = (path: string) => /^\/api\/v1\/feeds\/[^/]+\/batches$/.test(path);
