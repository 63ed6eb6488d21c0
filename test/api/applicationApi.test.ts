import { randomUUID } from 'node:crypto';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { eventually, useApiHarness } from '../support/apiHarness';
import { RecordedHistories, replayFailures } from '../support/histories';
import { dibaoHousehold, member } from '../support/households';
import { idNumber } from '../support/ids';
import { workflowBundle } from '../support/temporal';

/**
 * Applications over HTTP against the official time-skipping test server and
 * PostgreSQL, so that 公示 (days long) passes in the test.
 */
const TOWNSHIP = '430681104'; // 白水镇

const api = useApiHarness('time-skipping', {
  clerk: { userId: 'clerk-zhao', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
  supervisor: { userId: 'supervisor-liu', role: 'COUNTY_SUPERVISOR', regionCode: '430681' },
});
const histories = new RecordedHistories();

let sequence = 300;
/** A fresh applicant of the demo county (a new ID number each time). */
const newApplicant = () => idNumber('19700512', (sequence += 1));
const today = () => shanghaiDateOf(Date.now());


async function apply(applicantIdNumber: string, extra: object = {}) {
  const res = await api.post('/applications', {
    reference: `SQ-${randomUUID()}`, applicantIdNumber, townshipCode: TOWNSHIP, channel: 'SELF', receivedOn: today(), ...extra,
  });
  expect(res.status).toBe(201);
  return res.body as { applicationId: string; householdId: string };
}

const step = async (id: string, action: string, body: object, headers = api.as.clerk) => {
  const res = await api.post(`/applications/${id}/actions/${action}`, body, headers);
  expect({ action, status: res.status, code: res.body.code }).toEqual({ action, status: 200, code: undefined });
  return res.body;
};

describe('applications over HTTP (time-skipping server)', () => {
  it('assesses a household without applying (what-if), explaining each rule with its numbers', async () => {
    const res = await api.post('/eligibility/assess', { townshipCode: TOWNSHIP, household: dibaoHousehold(newApplicant()) });
    expect(res.status).toBe(200);
    expect(res.body.primaryTier).toBe('DIBAO');
    const rule = res.body.rules.find((r: { code: string }) => r.code === 'DIBAO_INCOME_BELOW_STANDARD');
    expect(rule).toMatchObject({ passed: true, tier: 'DIBAO' });
    expect(rule.sentence).toContain('650.00');
    expect(Object.values(res.body.policyVersions).every((v) => String(v).includes('@430681/'))).toBe(true);

    const none = await api.post('/eligibility/assess', {
      townshipCode: TOWNSHIP, household: dibaoHousehold(newApplicant(), { incomes: [{ kind: 'WAGES', amountFen: 2_000_000, period: 'MONTHLY' }] }),
    });
    expect(none.body.primaryTier).toBeNull();

    const bad = await api.post('/eligibility/assess', { townshipCode: '430681999', household: { members: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['body.townshipCode', 'body.household.members']));
  });

  it('takes an application through 家计调查, decision, 公示 with an objection, approval and enrolment', async () => {
    const applicant = newApplicant();
    const { applicationId, householdId } = await apply(applicant);

    const reviewed = await step(applicationId, 'record-investigation', { household: dibaoHousehold(applicant), evidence: '入户调查，工资流水核实' });
    expect(reviewed.state).toBe('reviewing');
    expect(reviewed.decision.primaryTier).toBe('DIBAO');
    expect(reviewed.openTasks.map((t: { kind: string }) => t.kind)).toEqual(['REVIEW_DECISION']);
    expect(JSON.stringify(reviewed)).not.toContain(applicant);

    const publicizing = await step(applicationId, 'confirm-decision', { note: '核实无误，拟纳入低保' });
    expect(publicizing.state).toBe('publicizing');
    expect(publicizing.publicityEndsOn).toBeTruthy();
    await step(applicationId, 'record-objection', { summary: '邻居反映其有经营收入', receivedOn: today() });

    await api.env.sleep('8 days');
    const objections = await eventuallyState(applicationId, 'objectionsReview');
    expect(objections.openTasks.map((t: { kind: string }) => t.kind)).toEqual(['RESOLVE_OBJECTIONS']);
    const approving = await step(applicationId, 'resolve-objections', { upheld: false, finding: '经核查，经营已于去年停止' });
    expect(approving.state).toBe('approving');
    expect(approving.openTasks).toEqual([expect.objectContaining({ kind: 'APPROVE_APPLICATION', regionCode: '430681' })]);

    const enrolled = await step(applicationId, 'approve', { startOn: today(), monthlyAmountFen: 30_000, note: '同意' }, api.as.supervisor);
    expect(enrolled.state).toBe('enrolled');

    const household = await api.get(`/api/v1/households/${householdId}`);
    expect(household.status).toBe(200);
    expect(household.body.enrolments).toEqual([expect.objectContaining({ applicationId, tier: 'DIBAO', monthlyAmountFen: 30_000, status: 'ACTIVE' })]);
    expect(household.body.members).toHaveLength(2);
    expect(household.body.members.every((m: { idNumber: string }) => /\*{10}/.test(m.idNumber))).toBe(true);
    await histories.add('application-enrolled', api.env.client.workflow.getHandle(applicationId));
  });

  it('requires a written reason to override the engine, and records a rejection', async () => {
    const applicant = newApplicant();
    const { applicationId, householdId } = await apply(applicant);
    await step(applicationId, 'record-investigation', { household: dibaoHousehold(applicant), evidence: '入户调查' });
    const tooShort = await api.post(`/applications/${applicationId}/actions/override-decision`, { tier: null, reason: '不符合' });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.issues[0].path).toBe('body.reason');

    const rejected = await step(applicationId, 'override-decision', { tier: null, reason: '调查发现家庭有未申报的商铺租金收入，不符合条件' });
    expect(rejected.state).toBe('rejected');
    expect(rejected.proposal).toMatchObject({ tier: null, overriddenFrom: 'DIBAO' });
    const late = await api.post(`/applications/${applicationId}/actions/approve`, { startOn: today(), monthlyAmountFen: 1 }, api.as.supervisor);
    expect(late.status).toBe(409);

    const household = await api.get(`/api/v1/households/${householdId}`);
    expect(household.body.rejections).toEqual([expect.objectContaining({ applicationId })]);
    // A rejection within a year makes the household a 其他困难人员 candidate when it applies again (seed 001).
    const again = await apply(applicant);
    const decided = await step(again.applicationId, 'record-investigation', {
      household: dibaoHousehold(applicant, { incomes: [{ kind: 'WAGES', amountFen: 220_000, period: 'MONTHLY' }] }),
      evidence: '再次申请，收入已提高',
    });
    expect(decided.decision.primaryTier).toBe('QITA');
  });

  it('answers a case referral (协助申办): the enrolment reports back to the case', async () => {
    const person = newApplicant();
    const warning = await api.post('/warnings', {
      source: 'FIELD_VISIT', sourceId: `MP-${randomUUID()}`, idNumber: person, townshipCode: TOWNSHIP, hardshipType: 'INCOME_DROP', receivedOn: today(),
    });
    const caseId = warning.body.caseId as string;
    await api.post(`/cases/${caseId}/actions/verify`, { visitedOn: today(), findings: '收入骤减' });
    const referred = await api.post(`/cases/${caseId}/actions/dispose`, { outcome: 'MAY_QUALIFY', reason: '可能符合低保', referTo: 'APPLICATION' });
    expect(referred.body.items).toEqual([expect.objectContaining({ id: 'item-1', referTo: 'APPLICATION' })]);

    const wrongItem = await api.post('/applications', {
      reference: `SQ-${randomUUID()}`, applicantIdNumber: person, townshipCode: TOWNSHIP, channel: 'CASE_REFERRAL', receivedOn: today(),
      fromCase: { caseId, itemId: 'item-9' },
    });
    expect(wrongItem.status).toBe(400);
    const { applicationId } = await apply(person, { channel: 'CASE_REFERRAL', fromCase: { caseId, itemId: 'item-1' } });
    await step(applicationId, 'record-investigation', { household: dibaoHousehold(person), evidence: '协助申办' });
    await step(applicationId, 'confirm-decision', { note: '拟纳入低保' });
    await api.env.sleep('8 days');
    await eventuallyState(applicationId, 'approving');
    await step(applicationId, 'approve', { startOn: today(), monthlyAmountFen: 30_000 }, api.as.supervisor);

    const c = await eventually(async () => (await api.get(`/api/v1/cases/${caseId}`)).body, (b) => b.state === 'feedback');
    expect(c.state).toBe('feedback');
    expect(c.items[0]).toMatchObject({ id: 'item-1', result: { result: 'DELIVERED' } });
    await histories.add('application-from-case', api.env.client.workflow.getHandle(applicationId));
  });

  it('refuses a household whose APPLICANT is not the person who applied', async () => {
    const { applicationId } = await apply(newApplicant());
    const res = await api.post(`/applications/${applicationId}/actions/record-investigation`, {
      household: { ...dibaoHousehold(newApplicant()), members: [member({ relation: 'APPLICANT', sequence: 999 })] }, evidence: '错误',
    });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('body.household.members.0.idNumber');
  });

  it('replays the recorded application histories with the current workflow code', async () => {
    expect(histories.all.length).toBe(2);
    expect(await replayFailures(await workflowBundle(), histories.all)).toEqual([]);
  });
});

const eventuallyState = (id: string, state: string) =>
  eventually(async () => (await api.get(`/api/v1/applications/${id}`)).body, (b) => b.state === state);
