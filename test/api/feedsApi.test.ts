import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { eventually, useApiHarness } from '../support/apiHarness';
import { idNumber, uniqueSourceId } from '../support/ids';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { monthlyExchangeWorkflow } from '../../workflows';
import { ownerDb } from '../support/db';

/**
 * Dynamic monitoring over HTTP on the dev server: the registry imported, a 医保
 * file with bad rows cross-matched, its report, rejects and results; a clue
 * about a household with an open case joins it, from a feed and from POST
 * /warnings; the same file twice; GB18030; who may upload what.
 */
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const file = (name: string) => fs.readFileSync(path.join(EXAMPLES, name));
// Persons of examples/registry.csv.
const A = '430681196003045115'; // DIBIAN household, applicant
const D = '430681195511115410'; // DIBAO household

const api = useApiHarness('dev', {
  county: { userId: 'supervisor-feeds', role: 'COUNTY_SUPERVISOR', regionCode: '430681' },
  medical: { userId: 'yb-officer', role: 'DEPARTMENT_OFFICER', regionCode: '430681', department: 'MEDICAL_INSURANCE' },
  labour: { userId: 'rs-officer', role: 'DEPARTMENT_OFFICER', regionCode: '430681', department: 'HUMAN_RESOURCES' },
  otherCounty: { userId: 'yb-linxiang', role: 'DEPARTMENT_OFFICER', regionCode: '430682', department: 'MEDICAL_INSURANCE' },
  clerk: { userId: 'clerk-feeds', role: 'TOWNSHIP_STAFF', regionCode: '430681101' },
});

const upload = (department: string, body: Buffer | string, headers: Record<string, string>, query = '', type = 'text/csv') =>
  request(api.app).post(`/api/v1/feeds/${department}/batches${query}`).set(headers).set('Content-Type', type).send(body);

const batchWhen = (id: string, ok: (b: Record<string, any>) => boolean) =>
  eventually(async () => (await api.get(`/api/v1/feeds/batches/${id}`)).body, ok);
const done = (b: Record<string, any>) => b.state === 'DONE' || b.state === 'FAILED';
const slowly = async <T>(read: () => Promise<T>, ok: (v: T) => boolean) => {
  for (let i = 0; i < 10; i++) {
    const v = await eventually(read, ok);
    if (ok(v)) return v;
  }
  return read();
};

let medicalBatch = '';
let openCaseOfD = '';

describe('department feeds (dev server)', () => {
  it('imports the registry: persons, households, categories; a bad row is rejected with its row number', async () => {
    const res = await upload('CIVIL_AFFAIRS', file('registry.csv'), api.as.county, '?fileName=registry.csv');
    expect(res.status).toBe(201);
    const batch = await slowly(async () => (await api.get(`/api/v1/feeds/batches/${res.body.batchId}`)).body, done);
    expect([batch.state, batch.report.rowsRead, batch.report.rowsRejected]).toEqual(['DONE', 7, 1]);
    const rejects = await api.get(`/api/v1/feeds/batches/${res.body.batchId}/rejects.csv`);
    expect(rejects.text).toContain('\n7,');
    expect(rejects.text).toContain('category');
    const monitored = await api.db.query<{ n: number }>(
      `SELECT count(DISTINCT m.person_ref)::int AS n FROM monitored_persons m JOIN persons p USING (person_ref) WHERE p.id_number = ANY($1)`,
      [[A, D, '430681197505055713']]);
    expect(monitored[0]?.n).toBe(2);
  });

  it('cross-matches a 医保 file: rejects per row, warnings by rule, new cases, clues to open cases', async () => {
    const warned = await api.post('/warnings', {
      source: 'PROVINCIAL_CLUE', sourceId: uniqueSourceId(), idNumber: D, townshipCode: '430681101', hardshipType: 'MEDICAL', receivedOn: '2026-08-01', detail: '省级线索',
    }, api.as.clerk);
    expect(warned.status).toBe(201);
    openCaseOfD = warned.body.caseId;

    const res = await upload('MEDICAL_INSURANCE', file('medical-2026-08.csv'), api.as.medical, '?fileName=medical-2026-08.csv');
    expect(res.status).toBe(201);
    medicalBatch = res.body.batchId;
    const batch = await slowly(async () => (await api.get(`/api/v1/feeds/batches/${medicalBatch}`)).body, done);
    expect(batch.state).toBe('DONE');
    expect(batch.report).toEqual({
      rowsRead: 12, rowsRejected: 5, matched: 6, notMatched: 1, warningsRaised: 4, casesOpened: 2, cluesAttached: 2, exitReviewsOpened: 0,
    });

    const rejects = (await api.get(`/api/v1/feeds/batches/${medicalBatch}/rejects.csv`)).text.trim().split('\n').slice(1);
    expect(rejects.map((l) => l.split(',')[0])).toEqual(['8', '9', '10', '11', '12']);
    expect(rejects.join('\n')).toMatch(/checksum[\s\S]*outOfPocketYuan[\s\S]*duplicate key YB-2026-0003: first at row 3[\s\S]*not a known township[\s\S]*outside the batch's region/);
    expect(rejects.join('\n')).not.toContain('430681196003045111');

    const results = (await api.get(`/api/v1/feeds/batches/${medicalBatch}/results.csv`)).text.trim().split('\n').slice(1).map((l) => l.split(','));
    expect(results.map((r) => [r[1], r[4], r[8]])).toEqual([
      ['YB-2026-0002', 'MED-12M-SHARE-50', 'NEW_CASE'],
      ['YB-2026-0003', 'MED-12M-SHARE-50', 'CLUE'],
      ['YB-2026-0004', 'MED-12M-SHARE-50', 'CLUE'],
      ['YB-2026-0006', 'MED-12M-SHARE-50', 'NEW_CASE'],
    ]);
    // The household of A: one case for A's row, B's row joins it; D's row joins D's open case.
    const [aRow, bRow, dRow] = results;
    expect(bRow?.[9]).toBe(aRow?.[9]);
    expect(dRow?.[9]).toBe(openCaseOfD);
    const caseOfA = await eventually(async () => (await api.get(`/api/v1/cases/${aRow?.[9]}`)).body, (c) => c.clues?.length === 1);
    expect([caseOfA.source, caseOfA.sourceId, caseOfA.hardshipType, caseOfA.state]).toEqual(['DATA_MATCH', 'MEDICAL_COSTS:YB-2026-0002', 'MEDICAL', 'verifying']);
    expect(caseOfA.clues[0]).toMatchObject({ sourceId: 'MEDICAL_COSTS:YB-2026-0003', rule: { id: 'MED-12M-SHARE-50', batchId: medicalBatch } });
    expect(caseOfA.clues[0].rule.version).toMatch(/^warning\.rules@430681\/2026-01-01#\d+$/);
    const caseOfD = await eventually(async () => (await api.get(`/api/v1/cases/${openCaseOfD}`)).body, (c) => c.clues?.length === 1);
    expect(caseOfD.clues[0]).toMatchObject({ source: 'DATA_MATCH', sourceId: 'MEDICAL_COSTS:YB-2026-0004', hardshipType: 'MEDICAL' });
  });

  it('attaches a POST /warnings clue about a household with an open case to that case', async () => {
    const caseOfA = (await api.db.query<{ case_id: string }>(`SELECT case_id FROM feed_warnings WHERE batch_id = $1 AND source_key = 'YB-2026-0002'`, [medicalBatch]))[0]?.case_id;
    const sourceId = uniqueSourceId('FIELD');
    const body = { source: 'FIELD_VISIT', sourceId, idNumber: '430681198801015315', townshipCode: '430681101', hardshipType: 'INCOME_DROP', receivedOn: '2026-08-20', detail: '子女失业' };
    const res = await api.post('/warnings', body, api.as.clerk);
    expect([res.status, res.body.created, res.body.caseId]).toEqual([200, false, caseOfA]);
    await api.post('/warnings', body, api.as.clerk); // the same clue again is recorded once
    const c = await eventually(async () => (await api.get(`/api/v1/cases/${caseOfA}`)).body, (v) => v.clues?.length === 2);
    await new Promise((r) => setTimeout(r, 300));
    const again = (await api.get(`/api/v1/cases/${caseOfA}`)).body;
    expect(again.clues.map((x: { sourceId: string }) => x.sourceId)).toEqual(['MEDICAL_COSTS:YB-2026-0003', sourceId]);
    expect(c.clues[1]).toMatchObject({ source: 'FIELD_VISIT', person: { idNumber: '4306**********5315' } });
  });

  it('the same file twice is the same batch; the same rows in another file raise no second warning', async () => {
    const again = await upload('MEDICAL_INSURANCE', file('medical-2026-08.csv'), api.as.medical);
    expect([again.status, again.body.created, again.body.batchId]).toEqual([200, false, medicalBatch]);
    // The same rows as GB18030 with Chinese headers: another file, read correctly, and nothing raised twice.
    const gbk = await upload('MEDICAL_INSURANCE', file('medical-2026-08-gbk.csv'), api.as.medical, '', 'text/csv; charset=gb18030');
    expect(gbk.status).toBe(201);
    const batch = await slowly(async () => (await api.get(`/api/v1/feeds/batches/${gbk.body.batchId}`)).body, done);
    expect([batch.state, batch.report.rowsRead, batch.report.rowsRejected, batch.report.matched, batch.report.warningsRaised]).toEqual(['DONE', 12, 5, 6, 0]);
    const warnings = await api.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM feed_warnings WHERE source_key LIKE 'YB-2026-%'`);
    expect(warnings[0]?.n).toBe(4);
  });

  it('refuses a malformed file with 400 and writes nothing', async () => {
    const before = await api.db.query<{ n: number }>('SELECT count(*)::int AS n FROM feed_batches');
    const noColumn = await upload('MEDICAL_INSURANCE', 'settlementId,idNumber,townshipCode,settledOn\nX,1,2,3\n', api.as.medical);
    expect([noColumn.status, noColumn.body.code]).toEqual([400, 'MALFORMED_FILE']);
    expect(noColumn.body.detail).toContain('outOfPocketYuan');
    const badQuote = await upload('MEDICAL_INSURANCE', 'settlementId,idNumber,townshipCode,settledOn,outOfPocketYuan\n"X,1,2,3,4\n', api.as.medical);
    expect([badQuote.status, badQuote.body.code]).toEqual([400, 'MALFORMED_FILE']);
    const empty = await upload('MEDICAL_INSURANCE', '', api.as.medical);
    expect(empty.status).toBe(400);
    const unknownKind = await upload('PUBLIC_SECURITY', 'a\n', api.as.county);
    expect([unknownKind.status, unknownKind.body.issues?.[0]?.path]).toEqual([400, 'query.kind']);
    const after = await api.db.query<{ n: number }>('SELECT count(*)::int AS n FROM feed_batches');
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('takes NDJSON, one row per line; a line that is no object is a rejected row', async () => {
    const lines = [
      { registrationId: `RS-${uniqueSourceId()}`, idNumber: '430681198801015315', townshipCode: '430681101', registeredOn: '2026-08-15' },
      'not json',
      { registrationId: 'RS-2', idNumber: '430681198801015315', townshipCode: '430681101' },
    ].map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
    const res = await upload('HUMAN_RESOURCES', lines, api.as.labour, '', 'application/x-ndjson');
    expect(res.status).toBe(201);
    const batch = await slowly(async () => (await api.get(`/api/v1/feeds/batches/${res.body.batchId}`)).body, done);
    // C is a member of a 低保边缘 household: the DIBIAN-UNEMPLOYED rule raises a warning, which joins A's open case.
    expect([batch.state, batch.report.rowsRead, batch.report.rowsRejected, batch.report.warningsRaised, batch.report.cluesAttached]).toEqual(['DONE', 3, 2, 1, 1]);
    const rejects = (await request(api.app).get(`/api/v1/feeds/batches/${res.body.batchId}/rejects.csv`).set(api.as.labour)).text;
    expect(rejects).toContain('not valid JSON');
    expect(rejects).toContain('registeredOn is missing');
  });

  it('rejects a row holding text PostgreSQL cannot store (NUL, an unpaired surrogate), keeping the rest of the file', async () => {
    const valid = { idNumber: '430681198801015315', townshipCode: '430681101', registeredOn: '2026-08-16' };
    const lines = [
      { ...valid, registrationId: `RS-${uniqueSourceId()}` },
      { ...valid, registrationId: 'RS-\u0000-1' },
      { ...valid, registrationId: 'RS-\ud800-2' },
      { ...valid, registrationId: `RS-${uniqueSourceId()}`, idNumber: '4306\u000081198801015315' },
    ].map((l) => JSON.stringify(l)).join('\n');
    const res = await upload('HUMAN_RESOURCES', lines, api.as.labour, '', 'application/x-ndjson');
    expect([res.status, res.body.report.rowsRead, res.body.report.rowsRejected]).toEqual([201, 4, 3]);
    const rejects = (await request(api.app).get(`/api/v1/feeds/batches/${res.body.batchId}/rejects.csv`).set(api.as.labour)).text;
    expect(rejects.match(/cannot be stored/g)).toHaveLength(3);
  });

  it('a death notice about a recipient opens the exit review of the enrolment (停发) at once, and a case', async () => {
    const recipient = idNumber('19400101', 901);
    const imported = await api.post('/enrolments', {
      reference: `LEGACY-${uniqueSourceId()}`, applicantIdNumber: recipient, townshipCode: '430681102', tier: 'DIBAO', startOn: '2026-03-01', monthlyAmountFen: 45_000,
    }, api.as.county);
    expect(imported.status).toBe(201);
    const csv = `noticeId,idNumber,townshipCode,diedOn\nSW-${uniqueSourceId()},${recipient},430681102,2026-08-20\n`;
    const res = await upload('PUBLIC_SECURITY', csv, api.as.county, '?kind=DEATHS');
    expect(res.status).toBe(201);
    const batch = await slowly(async () => (await api.get(`/api/v1/feeds/batches/${res.body.batchId}`)).body, done);
    expect([batch.state, batch.report.warningsRaised, batch.report.casesOpened, batch.report.exitReviewsOpened]).toEqual(['DONE', 1, 1, 1]);
    const enrolment = await eventually(async () => (await api.get(`/api/v1/enrolments/${imported.body.enrolmentId}`)).body, (e) => e.state === 'reviewing');
    expect(enrolment.state).toBe('reviewing');
    expect(JSON.stringify(enrolment.context.review.changes)).toContain('停发复核');
    const [w] = await api.db.query<{ rule_id: string; enrolment_id: string }>('SELECT rule_id, enrolment_id FROM feed_warnings WHERE batch_id = $1', [res.body.batchId]);
    expect(w).toEqual({ rule_id: 'RECIPIENT-DEATH', enrolment_id: imported.body.enrolmentId });
  });

  it('completes a department monthly exchange duty by linking the batch of the month', async () => {
    const month = shanghaiDateOf(Date.now()).slice(0, 7);
    await api.env.client.workflow.start(monthlyExchangeWorkflow, { workflowId: `monthly-exchange-feeds-${uniqueSourceId()}`, taskQueue: api.harness.taskQueue, args: [{ countyCode: '430681' }] });
    const exchangeId = `exchange-430681-${month}`;
    await eventually(async () => (await api.get(`/api/v1/exchanges/${exchangeId}`)).status, (s) => s === 200);
    const early = await request(api.app).post(`/api/v1/feeds/batches/${medicalBatch}/actions/complete-exchange-duty`).set(api.as.labour).send({ month });
    expect(early.status).toBe(404); // another department's batch
    // Retried while the exchange is still being received (409); the batch's idempotency key makes that safe.
    const res = await eventually(() => request(api.app).post(`/api/v1/feeds/batches/${medicalBatch}/actions/complete-exchange-duty`).set(api.as.medical).send({ month }),
      (r) => r.status !== 409);
    expect([res.status, res.body.exchangeId, res.body.code]).toEqual([200, exchangeId, undefined]);
    const exchange = (await api.get(`/api/v1/exchanges/${exchangeId}`)).body;
    expect(exchange.context.done).toEqual([{ key: 'DATA_REQUEST:MEDICAL_INSURANCE', note: expect.stringContaining(`批次 ${medicalBatch}`) }]);
  });

  it('marks a batch that cannot be matched FAILED with its reason; it runs again once the cause is fixed', async () => {
    // A broken rules value for one township (written around the API, which would refuse it).
    const owner = ownerDb();
    await owner.query(`INSERT INTO policy_values (region_prefix, key, value, effective_from, source) VALUES ('430681112', 'warning.rules', '[{"id": 1}]', '2026-01-01', 'test')`);
    try {
      const csv = `settlementId,idNumber,townshipCode,settledOn,outOfPocketYuan\nYB-F-1,${A},430681112,2026-08-02,100\n`;
      const res = await upload('MEDICAL_INSURANCE', csv, api.as.medical);
      const failed = await slowly(async () => (await api.get(`/api/v1/feeds/batches/${res.body.batchId}`)).body, (b) => b.state === 'FAILED');
      expect(failed.state).toBe('FAILED');
      expect(failed.failureReason).toMatch(/warning\.rules|id/);
      await owner.query(`DELETE FROM policy_values WHERE region_prefix = '430681112' AND key = 'warning.rules'`);
      const rerun = await request(api.app).post(`/api/v1/feeds/batches/${res.body.batchId}/actions/rerun`).set(api.as.medical).send({});
      expect(rerun.status).toBe(200);
      const batch = await slowly(async () => (await api.get(`/api/v1/feeds/batches/${res.body.batchId}`)).body, done);
      expect([batch.state, batch.failureReason, batch.report.matched]).toEqual(['DONE', null, 1]);
    } finally {
      await owner.query(`DELETE FROM policy_values WHERE region_prefix = '430681112' AND key = 'warning.rules'`);
      await owner.close();
    }
  });

  it('lets a department officer upload only its own feed, in its own region; others do not see its batches', async () => {
    const csv = file('medical-2026-08.csv');
    expect((await upload('MEDICAL_INSURANCE', csv, api.as.labour)).status).toBe(404);
    expect((await upload('MEDICAL_INSURANCE', csv, api.as.otherCounty, '?region=430681')).status).toBe(404);
    expect((await upload('MEDICAL_INSURANCE', csv, api.as.clerk, '?region=430681101')).status).toBe(403);
    expect((await request(api.app).get(`/api/v1/feeds/batches/${medicalBatch}`).set(api.as.labour)).status).toBe(404);
    expect((await request(api.app).get(`/api/v1/feeds/batches/${medicalBatch}/results.csv`).set(api.as.otherCounty)).status).toBe(404);
    expect((await request(api.app).get(`/api/v1/feeds/batches/${medicalBatch}`).set(api.as.medical)).status).toBe(200);
  });
});
