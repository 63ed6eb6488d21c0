import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { SignJWT, importJWK } from 'jose';
import { AUDIENCE, ensureDevKeys, signToken } from '../../admin/devKeys';
import { verifyAuditLog } from '../../admin/auditChain';
import { openApiDocument } from '../../api/openapi';
import { MAX_TEXT_LENGTH } from '../../api/storableText';
import type { Principal } from '../../domain/access';
import { createDb, type Db } from '../../db/pool';
import { actionUpdate, statusQuery } from '../../workflows/messages';
import { createWorker } from '../../worker/createWorker';
import { eventually } from '../support/eventually';
import { idNumber, uniqueIdNumber } from '../support/ids';
import { workflowBundle } from '../support/temporal';
import { apiProcess, startPrivatePostgres, startPrivateTemporal, type ApiProcess, type PrivatePostgres, type PrivateTemporal } from './servers';
import { loadEnv } from '../../config/env';
import { dataConverterOf } from '../../temporal.config';

/**
 * Faults injected into a running service on its own servers: a private
 * PostgreSQL cluster and Temporal dev server (stopped and restarted here), the
 * API as its own process (killed here), a worker supervised as `npm start`
 * does. Every answer is recorded: no 5xx but the documented 503s.
 */

const ISSUER = 'aidloop-faults';
const TOWNSHIP = '430681101';
const OTHER_TOWNSHIP = '430681111';
const today = new Date().toISOString().slice(0, 10);
const principals = {
  clerk: { userId: 'clerk-fault', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
  otherClerk: { userId: 'clerk-other', role: 'TOWNSHIP_STAFF', regionCode: OTHER_TOWNSHIP },
  county: { userId: 'supervisor-fault', role: 'COUNTY_SUPERVISOR', regionCode: '430681' },
  admin: { userId: 'admin-fault', role: 'ADMIN', regionCode: '430681' },
} satisfies Record<string, Principal>;
type Who = keyof typeof principals;

let pg: PrivatePostgres;
let temporal: PrivateTemporal;
let api: ApiProcess;
let db: Db;
let client: Client;
let keysDir: string;
let privateJwk: Awaited<ReturnType<typeof ensureDevKeys>>['privateJwk'];
const tokens = {} as Record<Who, string>;
const taskQueue = `faults-${randomUUID()}`;
const answers: { what: string; status: number; code?: string }[] = [];

/** The worker, restarted when it stops (as scripts/up.sh supervises it). */
let supervising = true;
let worker: Worker | undefined;
async function superviseWorker(): Promise<void> {
  while (supervising) {
    try {
      const connection = await NativeConnection.connect({ address: temporal.address });
      worker = await createWorker({ connection, namespace: 'default', taskQueue, db, temporal: client, workflowBundle: bundle });
      await worker.run();
      await connection.close().catch(() => undefined);
    } catch (err) {
      // Temporal is down: try again shortly, as the supervisor does.
      if (process.env.FAULTS_DEBUG) console.warn('worker stopped', err);
    }
    worker = undefined;
    if (supervising) await new Promise((r) => setTimeout(r, 500));
  }
}
let supervisor: Promise<void>;
let bundle: Awaited<ReturnType<typeof workflowBundle>>;

interface Answer { status: number; body: Record<string, any>; headers: Headers; ms: number }

async function call(who: Who | null, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(`${api.url}${url}`, {
    method,
    headers: { ...(who ? { Authorization: `Bearer ${tokens[who]}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const parsed = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {};
  answers.push({ what: `${method} ${url.split('?')[0]}`, status: res.status, code: parsed.code });
  return { status: res.status, body: parsed, headers: res.headers, ms: Date.now() - started };
}

const warning = (sourceId: string, townshipCode = TOWNSHIP, extra: object = {}) => ({
  source: 'FIELD_VISIT', sourceId, idNumber: uniqueIdNumber(), townshipCode, hardshipType: 'MEDICAL', receivedOn: today, detail: '入户发现', ...extra,
});

/** A new case, verified and disposed so that it is assisting (money steps are legal). */
async function assistingCase(): Promise<string> {
  const created = await call('clerk', 'POST', '/warnings', warning(`FAULT-${randomUUID()}`));
  expect(created.status).toBe(201);
  const id = created.body.caseId as string;
  expect((await call('clerk', 'POST', `/cases/${id}/actions/verify`, { visitedOn: today, findings: '核实' }, { 'Idempotency-Key': randomUUID() })).status).toBe(200);
  expect((await call('clerk', 'POST', `/cases/${id}/actions/dispose`, { outcome: 'DELIVER_POLICY', reason: '落实政策' }, { 'Idempotency-Key': randomUUID() })).status).toBe(200);
  return id;
}

/** Retries while the answer is the documented 503 (what a client following the contract does). */
async function untilServed(send: () => Promise<Answer>, timeoutMs = 60_000): Promise<Answer> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await send().catch(() => undefined); // the API may be restarting
    if (res && res.status !== 503) return res;
    if (Date.now() > until) throw new Error(`still unavailable: ${res?.status} ${res?.body.code}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  bundle = await workflowBundle(); // before any connection: it installs the SDK's runtime
  [pg, temporal] = await Promise.all([startPrivatePostgres(), startPrivateTemporal()]);
  db = createDb(pg.appUrl, 4);
  client = new Client({ connection: await Connection.connect({ address: temporal.address }), namespace: 'default', dataConverter: dataConverterOf(loadEnv()) });
  keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidloop-faults-keys-'));
  const keys = await ensureDevKeys(keysDir);
  privateJwk = keys.privateJwk;
  for (const [who, p] of Object.entries(principals)) tokens[who as Who] = await signToken(privateJwk, p, { issuer: ISSUER });
  supervisor = superviseWorker();
  api = await apiProcess({
    DATABASE_URL: pg.appUrl, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_TASK_QUEUE: taskQueue, AIDLOOP_JWKS_FILE: keys.jwksFile,
    AIDLOOP_JWT_ISSUER: ISSUER, AIDLOOP_STEP_TIMEOUT_MS: '8000', AIDLOOP_PSEUDONYM_KEY: 'faults-pseudonym-key-0123456789', LOG_LEVEL: 'warn',
    TEMPORAL_NAMESPACE: 'default', AIDLOOP_MAX_INFLIGHT_STEPS: '1000', // its own dev server's namespace; the poison probe sends many requests at once
  });
  await api.start();
}, 120_000);

afterAll(async () => {
  supervising = false;
  await api?.kill();
  worker?.shutdown();
  await supervisor;
  await client?.connection.close();
  await db?.close();
  await temporal?.destroy();
  pg?.destroy();
  if (keysDir) fs.rmSync(keysDir, { recursive: true, force: true });
});

/** Every string field of every request body, query and path parameter in the OpenAPI document. */
function stringFields(): { method: string; path: string; location: 'body' | 'query' | 'params'; field: string[] }[] {
  const doc = openApiDocument() as any;
  const resolve = (s: any): any => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s);
  const walk = (s: any, at: string[], out: string[][], depth = 0): void => {
    s = resolve(s);
    if (!s || depth > 6) return;
    if (s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'))) out.push(at);
    for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, [...at, k], out, depth + 1);
    if (s.items) walk(s.items, [...at, '0'], out, depth + 1);
    for (const v of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(v, at, out, depth + 1);
  };
  const fields: ReturnType<typeof stringFields> = [];
  for (const [p, ops] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      const body: string[][] = [];
      walk(op.requestBody?.content?.['application/json']?.schema, [], body);
      for (const f of new Set(body.map((b) => b.join('.')))) fields.push({ method, path: p, location: 'body', field: f.split('.') });
      for (const param of op.parameters ?? []) {
        const out: string[][] = [];
        walk(param.schema, [param.name], out);
        if (out.length > 0 && (param.in === 'query' || param.in === 'path')) fields.push({ method, path: p, location: param.in === 'path' ? 'params' : 'query', field: [param.name] });
      }
    }
  }
  return fields;
}

const POISONS = ['NUL \u0000 here', 'lone \ud800 surrogate', 'x'.repeat(MAX_TEXT_LENGTH + 1)];

describe('faults and hostile input on the running service', () => {
  it('refuses a string PostgreSQL or Temporal cannot store, in every field of every route, with a 400 naming it', async () => {
    const fields = stringFields();
    expect(fields.length).toBeGreaterThan(40);
    const misses: string[] = [];
    // A URL cannot carry a lone surrogate (it is percent-encoded UTF-8): those go in bodies only.
    const cases = fields.flatMap((f) => POISONS.filter((poison) => f.location === 'body' || !/\p{Surrogate}/u.test(poison)).map((poison) => ({ ...f, poison })));
    for (let i = 0; i < cases.length; i += 25) {
      await Promise.all(cases.slice(i, i + 25).map(async ({ method, path: p, location, field, poison }) => {
        let url = p.replace(/\{(\w+)\}/g, (_m, name: string) => (location === 'params' && name === field[0] ? encodeURIComponent(poison) : 'some-id'));
        let body: unknown = method === 'get' ? undefined : {};
        if (location === 'query') url += `?${field[0]}=${encodeURIComponent(poison)}`;
        if (location === 'body') {
          const root: Record<string, unknown> = {};
          let at: any = root;
          field.forEach((k, j) => { at[k] = j === field.length - 1 ? poison : /^\d+$/.test(field[j + 1] ?? '') ? [] : {}; at = at[k]; });
          body = root;
        }
        const res = await call('admin', method.toUpperCase(), url, body);
        const named = (res.body.issues ?? []).some((issue: { path: string; code: string }) => issue.path === [location, ...field].join('.') && issue.code === 'unstorable_text');
        if (res.status !== 400 || !named) misses.push(`${method} ${p} ${location}.${field.join('.')}: ${res.status} ${res.body.code}`);
      }));
    }
    expect(misses).toEqual([]);
  });

  it('maps transport errors to their own 4xx, and refuses a token without a bounded exp', async () => {
    expect((await call('clerk', 'POST', '/warnings', JSON.stringify({ detail: 'x'.repeat(300_000) }))).status).toBe(413);
    expect((await call('clerk', 'POST', '/warnings', '{}', { 'Content-Type': 'application/json; charset=latin1' })).status).toBe(415);
    expect((await call('clerk', 'POST', '/warnings', 'source=x', { 'Content-Type': 'text/plain' })).status).toBe(415);
    const mismatched = await call('clerk', 'POST', '/warnings', '{"not": "gzip"}', { 'Content-Encoding': 'gzip' });
    expect([mismatched.status, mismatched.body.code]).toEqual([400, 'BAD_ENCODING']);
    const gzipped = await call('clerk', 'POST', '/warnings', gzipSync('{"source": 1}'), { 'Content-Encoding': 'gzip' });
    expect(gzipped.status).toBe(400); // read fine, then refused by validation
    expect(gzipped.body).toMatchObject({ code: 'VALIDATION_FAILED', type: 'urn:aidloop:problem:validation-failed', title: '请求内容不合规', status: 400 });

    const key = await importJWK(privateJwk, 'ES256');
    const unsigned = (claims: (j: SignJWT) => SignJWT) => claims(new SignJWT({ role: 'ADMIN', region: '430681' })
      .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid ?? 'dev' }).setSubject('eve').setIssuer(ISSUER).setAudience(AUDIENCE)).sign(key);
    const noExp = await unsigned((j) => j.setIssuedAt());
    const tooLong = await unsigned((j) => j.setIssuedAt().setExpirationTime('30d'));
    for (const token of [noExp, tooLong]) {
      const res = await fetch(`${api.url}/tasks?region=430681`, { headers: { Authorization: `Bearer ${token}` } });
      const problem = (await res.json()) as { detail: string };
      expect([res.status, res.headers.get('content-type')]).toEqual([401, expect.stringContaining('application/problem+json')]);
      expect(problem.detail).toMatch(/exp .*at most 12 hours/);
    }
  });

  it('answers 409 to a source record another township holds, with nothing about it, and tells the county', async () => {
    const sourceId = `FAULT-X-${randomUUID()}`;
    const owned = await call('clerk', 'POST', '/warnings', warning(sourceId, TOWNSHIP, { detail: '甲镇的案情' }));
    expect(owned.status).toBe(201);
    const probe = await call('otherClerk', 'POST', '/warnings', warning(sourceId, OTHER_TOWNSHIP));
    expect([probe.status, probe.body.code]).toEqual([409, 'RECEIPT_CONFLICT']);
    const leaked = JSON.stringify(probe.body);
    for (const secret of [owned.body.caseId, '甲镇的案情', TOWNSHIP, '1230', 'verifying']) expect(leaked).not.toContain(secret);
    const incidents = await call('county', 'GET', '/incidents?region=430681');
    expect(incidents.body.items).toContainEqual(expect.objectContaining({
      kind: 'RECEIPT_CONFLICT', regionCode: OTHER_TOWNSHIP, ownerRegion: TOWNSHIP, subjectId: owned.body.caseId, actorId: 'clerk-other',
    }));
    expect((await call('otherClerk', 'GET', '/incidents?region=430681')).status).toBe(404); // outside a township's scope
  });

  it('requires an Idempotency-Key on a step that records money, and applies it once when the API dies between apply and answer', async () => {
    const id = await assistingCase();
    const step = { measure: 'TEMPORARY', description: `临时救助 ${randomUUID()}`, amountFen: 50_000 };
    const noKey = await call('clerk', 'POST', `/cases/${id}/actions/record-assistance`, step);
    expect(noKey.status).toBe(400);
    expect(noKey.body.issues).toEqual([expect.objectContaining({ path: 'headers.idempotency-key' })]);

    const key = { 'Idempotency-Key': `pay-${randomUUID()}` };
    const first = call('clerk', 'POST', `/cases/${id}/actions/record-assistance`, step, key).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 150));
    await api.kill();
    await first;
    await api.start();
    const retried = await untilServed(() => call('clerk', 'POST', `/cases/${id}/actions/record-assistance`, step, key));
    expect(retried.status).toBe(200);
    const again = await call('clerk', 'POST', `/cases/${id}/actions/record-assistance`, step, key);
    expect(again.status).toBe(200);
    const items = (again.body.items as { description: string }[]).filter((i) => i.description === step.description);
    expect(items).toHaveLength(1);
  });

  it('survives a PostgreSQL restart mid-steps: 503 with Retry-After meanwhile, then every subject takes its next step', async () => {
    const id = await assistingCase();
    const key = { 'Idempotency-Key': `restart-${randomUUID()}` };
    const step = { measure: 'TEMPORARY', description: `断电 ${randomUUID()}`, amountFen: 10_000 };
    const inFlight = call('clerk', 'POST', `/cases/${id}/actions/record-assistance`, step, key);
    pg.stop();
    const during = await call('county', 'GET', `/cases/${id}`);
    expect([during.status, during.body.code, during.headers.get('retry-after')]).toEqual([503, 'DATABASE_UNAVAILABLE', '5']);
    expect(during.ms).toBeLessThan(6000);
    pg.start();
    await inFlight;
    const applied = await untilServed(() => call('clerk', 'POST', `/cases/${id}/actions/record-assistance`, step, key));
    expect(applied.status).toBe(200);
    expect((applied.body.items as { description: string }[]).filter((i) => i.description === step.description)).toHaveLength(1);
    const next = await untilServed(() => call('clerk', 'POST', `/cases/${id}/actions/report-result`,
      { itemId: 'item-1', result: 'DELIVERED', note: '已发放', amountFen: 10_000 }, { 'Idempotency-Key': randomUUID() }));
    expect(next.status).toBe(200);
    expect(api.alive()).toBe(true);
  });

  it('answers a Temporal outage with a fast 503 and Retry-After, and goes on when Temporal is back', async () => {
    const id = await assistingCase();
    await temporal.stop();
    const started = await call('clerk', 'POST', '/warnings', warning(`FAULT-T-${randomUUID()}`));
    expect([started.status, started.body.code, started.headers.get('retry-after')]).toEqual([503, 'TEMPORAL_UNAVAILABLE', '5']);
    expect(started.ms).toBeLessThan(10_000);
    const step = await call('clerk', 'POST', `/cases/${id}/actions/refer`, { referTo: 'HEALTH', need: '医疗救助' }, { 'Idempotency-Key': randomUUID() }); // a legal step: it must reach Temporal
    expect(step.status).toBe(503);
    expect(step.ms).toBeLessThan(10_000);
    await temporal.start();
    const sourceId = `FAULT-T2-${randomUUID()}`;
    const created = await untilServed(() => call('clerk', 'POST', '/warnings', warning(sourceId)));
    expect([201, 202]).toContain(created.status);
    const caseId = created.body.caseId as string;
    const verified = await untilServed(() => call('clerk', 'POST', `/cases/${caseId}/actions/verify`, { visitedOn: today, findings: '核实' }, { 'Idempotency-Key': `v-${caseId}` }));
    expect([verified.status, verified.body.state]).toEqual([200, 'verified']);
    expect(api.alive()).toBe(true);
  });

  it('records an event PostgreSQL refuses for good, raises an administrator task, and the subject takes its next step', async () => {
    const created = await call('clerk', 'POST', '/warnings', warning(`FAULT-P-${randomUUID()}`));
    const caseId = created.body.caseId as string;
    // Past the API's validation (straight to Temporal): a NUL that PostgreSQL refuses in the projection.
    const handle = client.workflow.getHandle(caseId);
    await handle.executeUpdate(actionUpdate('verify'), { args: [{ actor: principals.clerk, input: { visitedOn: today, findings: 'bad \u0000 text' } }] });
    const recorded = await eventually(async () => {
      const [incident] = await db.query<{ seq: number; reason: string }>(
        `SELECT seq, reason FROM incidents WHERE kind = 'PROJECTION_FAILED' AND subject_id = $1`, [caseId]);
      if (!incident) return undefined;
      const [task] = await db.query(`SELECT region_code FROM tasks WHERE kind = 'PROJECTION_FAILED' AND status = 'OPEN' AND title LIKE '%' || $1 || '%'`, [caseId]);
      const [event] = await db.query(`SELECT event_type FROM subject_events WHERE subject_id = $1 AND seq = $2`, [caseId, incident.seq]);
      return { reason: incident.reason.slice(0, 2), task, event };
    }, (v) => v !== undefined);
    expect(recorded).toEqual({ reason: '22', task: { region_code: '430681' }, event: { event_type: 'PROJECTION_FAILED' } });
    const next = await call('clerk', 'POST', `/cases/${caseId}/actions/dispose`, { outcome: 'DELIVER_POLICY', reason: '落实政策' }, { 'Idempotency-Key': randomUUID() });
    expect(next.status).toBe(200);
    expect((await handle.query(statusQuery)).state).toBe('assisting');
  });

  it('answered nothing but the documented 503 in the 5xx range, and the audit chain verifies', async () => {
    const serverErrors = answers.filter((a) => a.status >= 500 && !(a.status === 503 && ['DATABASE_UNAVAILABLE', 'TEMPORAL_UNAVAILABLE', 'STEP_NOT_CONFIRMED'].includes(a.code ?? '')));
    expect(serverErrors).toEqual([]);
    const owner = createDb(pg.ownerUrl, 1);
    try {
      expect(await verifyAuditLog(owner)).toMatchObject({ ok: true });
    } finally {
      await owner.close();
    }
  });
});
