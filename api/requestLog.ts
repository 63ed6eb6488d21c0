import type { RequestHandler } from 'express';
import { logger } from '../config/logger';

/**
 * One log line per request: method, route pattern, status and duration. Never
 * the query string or body, which carry ID numbers and household data.
 */
export const requestLog: RequestHandler = (req, res, next) => {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    logger.info({
      method: req.method,
      route: req.route?.path ?? 'unmatched',
      status: res.statusCode,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
      actor: req.get('x-actor-id'),
    }, 'request');
  });
  next();
};
