import type { Express } from 'express';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { maskIdNumber } from '../../domain/idNumber';
import type { Db } from '../../db/pool';
import { startApiHarness, poster, type ApiHarness } from '../support/apiHarness';
import { dibaoHousehold } from '../support/households';
import { idNumber } from '../support/ids';
import { fullIdNumbersIn } from '../support/logScan';
import { csvCell, yuan } from '../../api/integrity/router';

/**
 * 近亲属备案 and 回避 (four eyes) over HTTP, and the 公示 CSV export, on the
 * time-skipping server: a staff member is refused any step concerning a
 * registered relative of theirs, which another staff member can take.
 */
const TOWNSHIP = '430681104'; // 白水镇
const COUNTY = '430681';

let harness: ApiHarness;
let app: Express;
let db: Db;
let admin: Record<string, string>;
let supervisor: Record<string, string>;
let relatedSupervisor: Record<string, string>;
let clerk: Record<string, string>;
let relatedClerk: Record<string, string>;
let otherTownshipClerk: Record<string, string>;

beforeAll(async () => {
  harness = await startApiHarness('time-skipping');
  ({ app, db } = harness);
  admin = await harness.as({ userId: 'admin-int', role: 'ADMIN', regionCode: '43' });
  supervisor = await harness.as({ userId: 'sup-int', role: 'COUNTY_SUPERVISOR', regionCode: COUNTY });
  relatedSupervisor = await harness.as({ userId: 'sup-int-related', role: 'COUNTY_SUPERVISOR', regionCode: COUNTY });
  clerk = await harness.as({ userId: 'clerk-int', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP });
  relatedClerk = await harness.as({ userId: 'clerk-int-related', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP });
  otherTownshipClerk = await harness.as({ userId: 'clerk-int-other', role: 'TOWNSHIP_STAFF', regionCode: '430681105' });
});
afterAll(() => harness?.stop());

const post = (path: string, body: object, headers: Record<string, string> = clerk) => poster(app, clerk)(path, body, headers);
const today = () => shanghaiDateOf(Date.now());
let sequence = 700;
const newPerson = (birth = '19650101') => idNumber(birth, (sequence += 1));

async function registerRelative(staffUserId: string, relativeIdNumber: string, relation = 'SIBLING') {
  return post('/admin/staff-relatives', { staffUserId, relativeIdNumber, relation }, admin);
}

describe('近亲属备案 (staff relatives)', () => {
  it('registers a relative once (201, then 200), masked, for an ADMIN only', async () => {
    const relative = newPerson();
    const first = await registerRelative('clerk-reg-test', relative, 'SPOUSE');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: true, staffUserId: 'clerk-reg-test', relation: 'SPOUSE', relative: { idNumber: maskIdNumber(relative) } });
    const again = await registerRelative('clerk-reg-test', relative, 'SPOUSE');
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(JSON.stringify([first.body, again.body])).not.toContain(relative);

    expect((await registerRelative('clerk-reg-test', newPerson(), 'COUSIN')).status).toBe(400);
    const bySupervisor = await post('/admin/staff-relatives', { staffUserId: 'clerk-reg-test', relativeIdNumber: newPerson(), relation: 'CHILD' }, supervisor);
    expect(bySupervisor.status).toBe(403);

    const list = await request(app).get('/api/v1/admin/staff-relatives?staff=clerk-reg-test').set(admin);
    expect(list.status).toBe(200);
    expect(list.body.relatives).toEqual([expect.objectContaining({ relation: 'SPOUSE', relative: { idNumber: maskIdNumber(relative) }, registeredBy: 'admin-int' })]);
    expect(fullIdNumbersIn(list.text)).toEqual([]);
    expect((await request(app).get('/api/v1/admin/staff-relatives?staff=clerk-reg-test').set(supervisor)).status).toBe(403);
  });
});

describe('回避: a staff member may not act on a registered relative', () => {
  it('refuses an emergency report for the relative (409, nothing written), which another clerk makes', async () => {
    const relative = newPerson('19800202');
    expect((await registerRelative('clerk-int-related', relative, 'PARENT')).status).toBe(201);
    const report = {
      reportId: `INT-${randomUUID()}`, idNumber: relative, townshipCode: TOWNSHIP, kind: 'HOMELESS_OR_STRANDED',
      amountRequestedFen: 50_000, description: '钱物被盗，生活无着',
    };
    const refused = await post('/emergencies', report, relatedClerk);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CONFLICT_OF_INTEREST', relation: 'PARENT' });
    expect(await db.query('SELECT 1 FROM emergencies WHERE report_id = $1', [report.reportId])).toEqual([]);
    expect(await db.query(
      'SELECT 1 FROM emergency_payments pay JOIN emergencies e USING (emergency_id) WHERE e.report_id = $1', [report.reportId])).toEqual([]);

    const accepted = await post('/emergencies', report, clerk);
    expect(accepted.status).toBe(201);
    expect(accepted.body.payment).toMatchObject({ amountFen: 50_000 });
    // Nor may the related clerk take a step on it afterwards.
    const step = await post(`/emergencies/${accepted.body.emergencyId}/actions/document`, { circumstances: '补充说明' }, relatedClerk);
    expect(step.status).toBe(409);
    expect(step.body.code).toBe('CONFLICT_OF_INTEREST');
  });

  it('refuses an application step for a household containing the relative, which another clerk takes', async () => {
    const relative = newPerson('19750303');
    expect((await registerRelative('clerk-int-related', relative, 'SIBLING')).status).toBe(201);
    const applicant = newPerson('19730404');
    const household = dibaoHousehold(applicant);
    household.members[1] = { ...household.members[1]!, idNumber: relative };

    const applied = await post('/applications', {
      reference: `INT-${randomUUID()}`, applicantIdNumber: applicant, townshipCode: TOWNSHIP, channel: 'SELF', receivedOn: today(),
    });
    expect(applied.status).toBe(201);
    const id = applied.body.applicationId as string;

    // The relative is brought into the household by this very step: refused, nothing recorded.
    const investigation = { household, evidence: '入户调查，工资流水核实' };
    const bringsRelative = await post(`/applications/${id}/actions/record-investigation`, investigation, relatedClerk);
    expect(bringsRelative.status).toBe(409);
    expect(bringsRelative.body.code).toBe('CONFLICT_OF_INTEREST');
    expect(await db.query('SELECT 1 FROM household_snapshots WHERE application_id = $1', [id])).toEqual([]);

    const recorded = await post(`/applications/${id}/actions/record-investigation`, investigation, clerk);
    expect(recorded.status).toBe(200);
    expect(recorded.body.state).toBe('reviewing');

    const refused = await post(`/applications/${id}/actions/confirm-decision`, { note: '核实无误' }, relatedClerk);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CONFLICT_OF_INTEREST', relation: 'SIBLING' });
    const confirmed = await post(`/applications/${id}/actions/confirm-decision`, { note: '核实无误' }, clerk);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.state).toBe('publicizing');
  });

  it('refuses importing an enrolment of the relative, which another supervisor imports', async () => {
    const relative = newPerson('19600505');
    expect((await registerRelative('sup-int-related', relative, 'CHILD')).status).toBe(201);
    const body = { reference: `INT-${randomUUID()}`, applicantIdNumber: relative, townshipCode: TOWNSHIP, tier: 'DIBAO', startOn: today(), monthlyAmountFen: 30_000 };
    const refused = await post('/enrolments', body, relatedSupervisor);
    expect(refused.status).toBe(409);
    expect(await db.query('SELECT 1 FROM enrolments WHERE reference = $1', [body.reference])).toEqual([]);
    const imported = await post('/enrolments', body, supervisor);
    expect(imported.status).toBe(201);
    const step = await post(`/enrolments/${imported.body.enrolmentId}/actions/report-change`, { summary: '收入变化' }, relatedSupervisor);
    expect(step.status).toBe(409);
  });
});

describe('公示 CSV export', () => {
  it('lists an imported active enrolment with the ID masked and the amount in yuan, and no full ID number', async () => {
    const applicant = newPerson('19551212');
    const reference = `INT-CSV-${randomUUID()}`;
    const imported = await post('/enrolments', {
      reference, applicantIdNumber: applicant, townshipCode: TOWNSHIP, tier: 'TEKUN', startOn: today(), monthlyAmountFen: 45_678,
    }, supervisor);
    expect(imported.status).toBe(201);

    for (const region of [TOWNSHIP, COUNTY]) {
      const res = await request(app).get(`/api/v1/publicity/enrolments.csv?region=${region}`).set(supervisor);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.text.charCodeAt(0)).toBe(0xfeff);
      const lines = res.text.slice(1).split('\r\n');
      expect(lines[0]).toBe('乡镇代码,乡镇(街道),救助类别代码,救助类别,家庭人口,月救助金额(元),起始日期,申请人身份证号');
      expect(lines).toContain(`${TOWNSHIP},白水镇,TEKUN,特困人员,1,456.78,${today()},${maskIdNumber(applicant)}`);
      expect(fullIdNumbersIn(res.text)).toEqual([]);
      expect(res.text).not.toContain(applicant);
    }

    expect((await request(app).get(`/api/v1/publicity/enrolments.csv?region=${TOWNSHIP}`).set(otherTownshipClerk)).status).toBe(403);
    expect((await request(app).get('/api/v1/publicity/enrolments.csv?region=4306')).status).toBe(401);
    expect((await request(app).get('/api/v1/publicity/enrolments.csv?region=4306').set(supervisor)).status).toBe(400);
  });
});

describe('CSV cells', () => {
  it('quotes separators, quotes and line breaks, neutralises formulas, and writes yuan with two decimals', () => {
    expect(['白水镇', 'a,b', 'say "hi"', 'two\nlines', '=SUM(A1)', 3].map(csvCell))
      .toEqual(['白水镇', '"a,b"', '"say ""hi"""', '"two\nlines"', "'=SUM(A1)", '3']);
    expect([0, 5, 45_678, 100_000].map(yuan)).toEqual(['0.00', '0.05', '456.78', '1000.00']);
  });
});
