import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pinoHttp from 'pino-http';
import { logger } from '../config/logger';
import type { Principal } from '../domain/access';
import { routeOf } from './metrics';

/** An incoming X-Request-Id is kept when it is a plain token (no log injection); otherwise one is made. */
const REQUEST_ID = /^[\w.:-]{8,128}$/;

type Req = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string; method?: string };
type Res = ServerResponse & { locals?: { principal?: Principal } };

/**
 * One log line per request (pino-http): request id, method, route pattern,
 * status and duration, and the actor from the verified bearer token (never a
 * header the client sets). Never the URL's query string or the body, which
 * carry ID numbers and household data. The request id is echoed in
 * X-Request-Id so a caller can quote it.
 */
export const requestLog = pinoHttp({
  logger,
  genReqId(req, res) {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    return id;
  },
  serializers: {
    req: (req: { id: unknown; method: string }) => ({ id: req.id, method: req.method }),
    res: (res: { statusCode: number }) => ({ status: res.statusCode }),
  },
  customProps(req: Req, res: Res) {
    // Called at the start too, before routing and authentication: only the finished request has them.
    if (!res.headersSent) return {};
    const principal = res.locals?.principal;
    return {
      route: routeOf(req as Parameters<typeof routeOf>[0]),
      ...(principal ? { actor: { userId: principal.userId, role: principal.role, regionCode: principal.regionCode } } : {}),
    };
  },
  customSuccessMessage: () => 'request',
  customErrorMessage: () => 'request',
  // Probes and scrapes would drown the log.
  autoLogging: { ignore: (req) => ['/livez', '/readyz', '/healthz', '/metrics'].includes(req.url ?? '') },
});
