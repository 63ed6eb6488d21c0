import { Router, json } from 'express';
import cors from 'cors';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import { decide } from '../domain/access';
import type { ApiDeps } from './deps';
import { authenticate } from './auth';
import { HttpError, badRequest } from './errors';

/** Temporal's remote codec protocol: `{payloads: [{metadata: {k: base64}, data: base64}]}` both ways. */
const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const PayloadsBody = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), Base64).default({}), data: Base64.default('') })).max(1000),
});
type JsonPayload = z.infer<typeof PayloadsBody>['payloads'][number];

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data, 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

/**
 * The codec endpoint the Temporal UI (and `temporal --codec-endpoint`) calls to
 * show sealed payloads: POST /codec/encode and /codec/decode. Only a signed-in
 * ADMIN may use it — it opens every finding in every history — and only from
 * the configured UI origins (CORS; the UI sends the bearer token when
 * "include cross-origin credentials" is set for the codec server).
 */
export function codecRouter(deps: ApiDeps, allowedOrigins: readonly string[]): Router {
  const r = Router();
  r.use(cors({
    origin: [...allowedOrigins],
    methods: ['POST'],
    allowedHeaders: ['Content-Type', 'Authorization', 'X-Namespace'],
    credentials: true,
    maxAge: 600,
  }));
  r.use(json({ limit: '4mb' }));
  r.use(authenticate(deps.verifyToken));
  r.use((_req, res, next) => {
    if (decide(res.locals.principal, { kind: 'admin' }) !== 'ALLOW') throw new HttpError(403, 'FORBIDDEN', 'only an ADMIN may use the codec endpoint');
    next();
  });
  const codecs = deps.temporal.options.loadedDataConverter.payloadCodecs;
  for (const direction of ['encode', 'decode'] as const) {
    r.post(`/${direction}`, async (req, res) => {
      const parsed = PayloadsBody.safeParse(req.body);
      if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message, code: i.code })));
      let payloads = parsed.data.payloads.map(fromJson);
      try {
        for (const codec of direction === 'encode' ? codecs : [...codecs].reverse()) payloads = await codec[direction](payloads);
      } catch (err) {
        // A tampered payload, or one sealed with a key this deployment does not hold.
        throw new HttpError(400, 'PAYLOAD_NOT_DECODABLE', err instanceof Error ? err.message : 'payload not decodable');
      }
      res.json({ payloads: payloads.map(toJson) });
    });
  }
  return r;
}
