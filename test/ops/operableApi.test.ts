import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { METADATA_ENCODING_KEY, defaultPayloadConverter, type Payload } from '@temporalio/common';
import request from 'supertest';
import { buildApp } from '../../api/app';
import { ENCODING } from '../../config/payloadCodec';
import { createDb } from '../../db/pool';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { dataConverterOf } from '../../temporal.config';
import { TEST_PSEUDONYM_KEY, useApiHarness } from '../support/apiHarness';
import { replayFailures } from '../support/histories';
import { uniqueIdNumber, uniqueSourceId } from '../support/ids';
import { workflowBundle } from '../support/temporal';

const TOWNSHIP = '430681104';
const UI = 'http://127.0.0.1:8233';

const api = useApiHarness('dev', {
  clerk: { userId: 'clerk-ops', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
  admin: { userId: 'admin-ops', role: 'ADMIN', regionCode: '43' },
  auditor: { userId: 'audit-ops', role: 'AUDITOR', regionCode: '430681' },
});

/** The same API wired to other dependencies (a wrong database, an unreachable Temporal). */
const appWith = (over: Partial<Parameters<typeof buildApp>[0]>) => buildApp({
  db: api.db, temporal: api.env.client, taskQueue: api.harness.taskQueue, pseudonymKey: TEST_PSEUDONYM_KEY, stepTimeoutMs: 15000,
  verifyToken: api.harness.verifyToken, readinessTimeoutMs: 1500, codecCorsOrigins: [UI], ...over,
});

const FINDINGS = '入户核实：患尿毒症，每周透析三次，配偶失业';

async function openCase(): Promise<string> {
  const created = await api.post('/warnings', {
    source: 'FIELD_VISIT', sourceId: uniqueSourceId('OPS'), idNumber: uniqueIdNumber(), townshipCode: TOWNSHIP,
    hardshipType: 'MEDICAL', receivedOn: shanghaiDateOf(Date.now()),
  });
  expect(created.status).toBe(201);
  const caseId: string = created.body.caseId;
  const verified = await api.post(`/cases/${caseId}/actions/verify`, { visitedOn: shanghaiDateOf(Date.now()), findings: FINDINGS });
  expect(verified.status).toBe(200);
  return caseId;
}

describe('liveness and readiness', () => {
  it('is live and ready with PostgreSQL and Temporal up; /healthz stays as liveness', async () => {
    for (const path of ['/livez', '/healthz']) expect((await request(api.app).get(path)).body).toEqual({ ok: true });
    const ready = await request(api.app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ok: true, checks: { postgres: { ok: true }, temporal: { ok: true } } });
  });

  it('is not ready (503, PostgreSQL named) when the database URL is wrong, yet still live', async () => {
    const db = createDb('postgres://aidloop_app:wrong-password@127.0.0.1:54329/no_such_database', 1);
    try {
      const app = appWith({ db });
      const ready = await request(app).get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.postgres.ok).toBe(false);
      expect(ready.body.checks.temporal).toEqual({ ok: true });
      expect(JSON.stringify(ready.body)).not.toContain('wrong-password');
      expect((await request(app).get('/livez')).status).toBe(200);
    } finally {
      await db.close();
    }
  });

  it('is not ready (503, Temporal named) within the timeout when Temporal is unreachable', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 });
    const app = appWith({ temporal: new Client({ connection }) });
    const started = Date.now();
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toMatchObject({ postgres: { ok: true }, temporal: { ok: false } });
    // Answered by the probe's own timeout (1.5 s here), not by gRPC's retries giving up.
    expect(ready.body.checks.temporal.error).toMatch(/no answer within 1500 ms|DEADLINE_EXCEEDED/);
    expect(Date.now() - started).toBeLessThan(10000);
    // The probe's own gRPC deadline ends shortly after; close only then (a retry on a closed channel would throw).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await connection.close();
  });
});

describe('request ids, logs and metrics', () => {
  it('echoes a valid X-Request-Id, replaces an unsafe one, and logs the actor from the token only', async () => {
    const kept = await request(api.app).get('/api/v1/tasks').query({ region: TOWNSHIP }).set(api.as.clerk)
      .set('X-Request-Id', 'ops-test-request-0001').set('X-Actor-Id', 'forged-actor');
    expect(kept.status).toBe(200);
    expect(kept.headers['x-request-id']).toBe('ops-test-request-0001');
    const replaced = await request(api.app).get('/livez').set('X-Request-Id', 'bad id with spaces {"forged": 1}');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const line = fs.readFileSync(process.env.AIDLOOP_LOG_FILE as string, 'utf8').split('\n').find((l) => l.includes('ops-test-request-0001'));
    const entry = JSON.parse(line ?? '{}');
    expect(entry).toMatchObject({ req: { id: 'ops-test-request-0001', method: 'GET' }, res: { status: 200 }, route: '/api/v1/tasks', actor: { userId: 'clerk-ops', role: 'TOWNSHIP_STAFF' } });
    expect(line).not.toContain('forged-actor');
    expect(line).not.toContain(`region=${TOWNSHIP}`); // no query strings
  });

  it('exposes HTTP histograms and counters by route pattern and status, and the domain counters, to Prometheus', async () => {
    await openCase();
    const metrics = await request(api.app).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.text).toMatch(/aidloop_http_requests_total\{method="POST",route="\/api\/v1\/warnings",status="201"\} [1-9]/);
    expect(metrics.text).toMatch(/aidloop_http_request_duration_seconds_bucket\{le="0.5",method="POST",route="\/api\/v1\/cases\/:id\/actions\/verify",status="200"\} [1-9]/);
    expect(metrics.text).toMatch(/aidloop_warnings_raised_total\{source="FIELD_VISIT"\} [1-9]/);
    expect(metrics.text).toContain('# TYPE aidloop_steps_overdue_total counter');
    expect(metrics.text).toContain('# TYPE aidloop_money_paid_fen_total counter');
    expect(metrics.text).toContain('process_cpu_seconds_total');
    expect(metrics.text).not.toMatch(/case-[0-9a-f]{32}/); // route patterns, never ids
  });
});

describe('sealed payloads', () => {
  it('stores the findings sealed in Temporal; the history route shows them opened; the live history replays', async () => {
    const caseId = await openCase();
    const raw = await api.env.client.workflow.getHandle(caseId).fetchHistory();
    const payloads = JSON.stringify(raw);
    expect(payloads).not.toContain(Buffer.from(FINDINGS).toString('base64').slice(0, 16));
    const started = raw.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    expect(Buffer.from(started?.metadata?.[METADATA_ENCODING_KEY] ?? []).toString()).toBe(ENCODING);

    const history = await request(api.app).get(`/api/v1/cases/${caseId}/history`).set(api.as.auditor);
    expect(history.status).toBe(200);
    expect(history.body.events).toEqual(expect.arrayContaining([expect.objectContaining({ what: 'verify requested', payload: expect.objectContaining({ findings: FINDINGS }) })]));

    const bundle = await workflowBundle();
    expect(await replayFailures(bundle, [{ workflowId: caseId, history: raw }])).toEqual([]);
    // Without the key, the sealed history cannot be replayed: the codec really is in the path.
    const stranger = dataConverterOf({ AIDLOOP_CODEC_KEYS: `other:${Buffer.alloc(32, 7).toString('base64')}`, AIDLOOP_CODEC_ACTIVE_KEY: undefined });
    expect(await replayFailures(bundle, [{ workflowId: caseId, history: raw }], stranger)).toHaveLength(1);
  });

  it('serves the remote codec protocol to ADMINs only, with CORS for the Temporal UI', async () => {
    const clearPayload = defaultPayloadConverter.toPayload({ findings: FINDINGS }) as Payload;
    const body = { payloads: [{ metadata: { encoding: Buffer.from(clearPayload.metadata?.encoding ?? []).toString('base64') }, data: Buffer.from(clearPayload.data ?? []).toString('base64') }] };
    const app = appWith({}); // with the UI's origin allowed
    const post = (path: string, headers: Record<string, string>, payload: object = body) =>
      request(app).post(path).set({ ...headers, Origin: UI, 'X-Namespace': 'default' }).send(payload);

    expect((await post('/codec/decode', {})).status).toBe(401);
    const forbidden = await post('/codec/decode', api.as.auditor);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');

    const encoded = await post('/codec/encode', api.as.admin);
    expect(encoded.status).toBe(200);
    expect(encoded.headers['access-control-allow-origin']).toBe(UI);
    const sealed = encoded.body.payloads[0];
    expect(Buffer.from(sealed.metadata.encoding, 'base64').toString()).toBe(ENCODING);
    const decoded = await post('/codec/decode', api.as.admin, encoded.body);
    expect(decoded.status).toBe(200);
    expect(decoded.body).toEqual(body);

    const tampered = { payloads: [{ ...sealed, data: Buffer.from(Buffer.from(sealed.data, 'base64').map((b, i) => (i === 30 ? b ^ 1 : b))).toString('base64') }] };
    const refused = await post('/codec/decode', api.as.admin, tampered);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('PAYLOAD_NOT_DECODABLE');
    const malformed = await post('/codec/decode', api.as.admin, { payloads: [{ data: 'not base64!' }] });
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues[0].path).toBe('body.payloads.0.data');

    const preflight = await request(app).options('/codec/decode').set({ Origin: UI, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-namespace' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(UI);
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    const elsewhere = await request(app).options('/codec/decode').set({ Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' });
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });
});
