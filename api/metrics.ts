import type { Request, RequestHandler, Response } from 'express';
import { httpDuration, httpRequests, registry } from '../config/metrics';

/** The route pattern (never the path: ids would explode the label set), or `unmatched`. */
export const routeOf = (req: Parameters<RequestHandler>[0]): string =>
  req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';

/** Counts and times every request by method, route pattern and status. */
export const httpMetrics: RequestHandler = (req, res, next) => {
  const stop = httpDuration.startTimer();
  res.on('finish', () => {
    const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
    httpRequests.inc(labels);
    stop(labels);
  });
  next();
};

/** GET /metrics: the Prometheus exposition of this process. */
export async function metricsEndpoint(_req: Request, res: Response): Promise<void> {
  res.type(registry.contentType).send(await registry.metrics());
}
