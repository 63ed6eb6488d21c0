import { randomInt, randomUUID } from 'node:crypto';
import { addDays, shanghaiDateOf } from '../../domain/calendarDate';
import { idNumberCheckChar } from '../../domain/idNumber';
import { personRefFor } from '../../api/pseudonyms';
import { TEST_PSEUDONYM_KEY, useApiHarness } from '../support/apiHarness';

const T1 = '430681113'; // 三江镇
const T2 = '430681122'; // 白塘镇
const COUNTY = '430681';

const api = useApiHarness('dev', {
  clerk: { userId: 'clerk-qu', role: 'TOWNSHIP_STAFF', regionCode: T1 },
  otherClerk: { userId: 'clerk-gui', role: 'TOWNSHIP_STAFF', regionCode: T2 },
  county: { userId: 'sup-find', role: 'COUNTY_SUPERVISOR', regionCode: COUNTY },
  housing: { userId: 'zhujian-find', role: 'DEPARTMENT_OFFICER', regionCode: COUNTY, department: 'HOUSING' },
});

const today = () => shanghaiDateOf(Date.now());

/** A new resident of the demo county per call. */
function resident(): string {
  const first17 = `430681${randomInt(1950, 2000)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

const warning = (idNumber: string, townshipCode: string, hardshipType = 'MEDICAL') => ({
  source: 'FIELD_VISIT', sourceId: `FIND-${randomUUID()}`, idNumber, townshipCode, hardshipType, receivedOn: today(), detail: '走访发现',
});

const get = (url: string, who: keyof typeof api.as = 'reader') => api.get(`/api/v1${url}`).set(api.as[who]);

/** Every page of a list, following `next`. */
async function allPages(url: string, who: keyof typeof api.as = 'county'): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let next: string | undefined;
  do {
    const res = await get(`${url}${url.includes('?') ? '&' : '?'}limit=3${next ? `&next=${next}` : ''}`, who);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    next = res.body.next;
  } while (next);
  return items;
}

/** A case row written straight into the projection (the list reads only the projection), created at `createdAt`. */
async function insertCase(township: string, createdAt: string): Promise<string> {
  const id = resident();
  const personRef = personRefFor(TEST_PSEUDONYM_KEY, id);
  await api.db.query(`INSERT INTO persons (person_ref, id_number, id_number_masked, birth_date, sex) VALUES ($1, $2, 'masked', '1970-01-01', 'M')
                      ON CONFLICT DO NOTHING`, [personRef, id]);
  const caseId = `case-${randomUUID().replaceAll('-', '')}`;
  await api.db.query(
    `INSERT INTO cases (case_id, source, source_id, person_ref, township_code, hardship_type, received_on, detail, state, context, allowed_actions,
                        verification_due_on, verification_working_days, verification_provisional, verification_overdue, policy_version, version,
                        created_by, created_at, updated_at)
     VALUES ($1, 'DATA_MATCH', $1, $2, $3, 'OTHER', '2026-01-05', 'bulk', 'verifying', '{"items": []}', '{verify}',
             '2026-03-03', 40, false, false, 'test', 1, 'bulk', $4, $4)`,
    [caseId, personRef, township, createdAt]);
  return caseId;
}

describe('find anything: lists, keyset pages, scope', () => {
  it('pages through a list with no row repeated or skipped while rows are inserted meanwhile', async () => {
    const townships = ['430681120', '430681121']; // 神鼎山镇, 罗江镇: this test's own
    // Ties on created_at: the id breaks them; the microseconds must survive the cursor.
    const instants = ['2026-02-01T08:00:00.123456Z', '2026-02-01T08:00:00.123457Z', '2026-02-02T08:00:00Z'];
    const before: string[] = [];
    const inserted: string[] = [];
    for (let i = 0; i < 16; i++) before.push(await insertCase(townships[i % 2] as string, instants[i % 3] as string));

    /** Reads every page of `url` while newer, older and tied rows arrive; the pages must hold `expected` in order, once each. */
    async function pageWhileInserting(url: string, expected: string[]): Promise<void> {
      const seen: string[] = [];
      let next: string | undefined;
      do {
        const [res, ...added] = await Promise.all([
          get(`${url}&limit=4${next ? `&next=${next}` : ''}`, 'county'),
          insertCase(townships[0] as string, new Date().toISOString()),
          insertCase(townships[1] as string, '2026-01-15T00:00:00Z'),
          insertCase(townships[1] as string, instants[1] as string),
        ]);
        inserted.push(...added);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(4);
        seen.push(...res.body.items.map((c: { caseId: string }) => c.caseId));
        next = res.body.next;
      } while (next && seen.length < 300);
      expect(new Set(seen).size).toBe(seen.length); // nothing repeated
      expect(seen.filter((id) => before.includes(id))).toEqual(expected); // nothing skipped, in order
      expect(seen.every((id) => before.includes(id) || inserted.includes(id))).toBe(true);
    }
    const order = async (townshipList: string[]) => (await api.db.query<{ case_id: string }>(
      `SELECT case_id FROM cases WHERE township_code = ANY($1) AND case_id = ANY($2) ORDER BY created_at DESC, case_id DESC`,
      [townshipList, before])).map((r) => r.case_id);

    // One township (one index range), then the county (one range per township, merged).
    await pageWhileInserting(`/cases?region=${townships[0]}`, await order([townships[0] as string]));
    await pageWhileInserting(`/cases?region=${COUNTY}&createdFrom=2026-02-01&createdTo=2026-02-02&state=verifying`, await order(townships));
  });

  it('filters by state, kind, date ranges, overdue and ID number, answering ID numbers masked', async () => {
    const person = resident();
    const [medical, housing, elsewhere] = [
      await api.post('/warnings', warning(person, T1, 'MEDICAL'), api.as.clerk),
      await api.post('/warnings', warning(resident(), T1, 'HOUSING'), api.as.clerk),
      await api.post('/warnings', warning(person, T2, 'MEDICAL'), api.as.otherClerk),
    ];
    expect([medical.status, housing.status, elsewhere.status]).toEqual([201, 201, 201]);

    const mine = await allPages(`/cases?region=${T1}&hardshipType=MEDICAL&state=verifying&receivedFrom=${today()}&receivedTo=${today()}`);
    expect(mine.map((c) => c.caseId)).toContain(medical.body.caseId);
    expect(mine.every((c) => c.hardshipType === 'MEDICAL' && c.state === 'verifying' && c.townshipCode === T1)).toBe(true);
    expect(mine[0]).toMatchObject({ stateLabel: '待入户核实', verificationOverdue: false, idNumber: expect.stringMatching(/^4306\*{10}\d{3}[\dX]$/) });

    const byPerson = await allPages(`/cases?region=${COUNTY}&idNumber=${person}`);
    expect(byPerson.map((c) => c.caseId).sort()).toEqual([medical.body.caseId, elsewhere.body.caseId].sort());
    expect(JSON.stringify(byPerson)).not.toContain(person);
    expect(await allPages(`/cases?region=${T1}&idNumber=${person}&overdue=true`)).toEqual([]);
    expect(await allPages(`/cases?region=${T1}&idNumber=${person}&createdTo=${addDays(today(), -1)}`)).toEqual([]);
    expect((await allPages(`/cases?region=${T1}&idNumber=${person}&overdue=false&updatedFrom=${today()}`)).map((c) => c.caseId)).toEqual([medical.body.caseId]);

    const people = await get(`/persons?idNumber=${person}`, 'county');
    expect(people.status).toBe(200);
    expect(people.body.person.idNumber).toMatch(/^4306\*{10}\d{3}[\dX]$/);
    expect(people.body.cases.map((c: { caseId: string }) => c.caseId).sort()).toEqual([medical.body.caseId, elsewhere.body.caseId].sort());
    expect(JSON.stringify(people.body)).not.toContain(person);
    // The T2 clerk finds the person through the T2 case only.
    const fromT2 = await get(`/persons?idNumber=${person}`, 'otherClerk');
    expect(fromT2.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([elsewhere.body.caseId]);
    expect((await get(`/persons?idNumber=${resident()}`, 'county')).status).toBe(404);
  });

  it('scopes every list to the principal: own township by default, 403 for another, departments only their referrals', async () => {
    await api.post('/warnings', warning(resident(), T2), api.as.otherClerk);
    for (const list of ['/cases', '/applications', '/enrolments', '/emergencies', '/households']) {
      const own = await get(list, 'clerk');
      expect({ list, status: own.status }).toEqual({ list, status: 200 });
      expect(own.body.items.every((i: { townshipCode: string }) => i.townshipCode === T1)).toBe(true);
      expect({ list, status: (await get(`${list}?region=${T2}`, 'clerk')).status }).toEqual({ list, status: 403 });
      expect({ list, status: (await get(`${list}?region=${COUNTY}`, 'clerk')).status }).toEqual({ list, status: 403 });
    }
    expect((await get('/cases', 'otherClerk')).body.items.length).toBeGreaterThan(0);
    expect((await get(`/cases?region=${COUNTY}`, 'housing')).status).toBe(403);
    expect((await get(`/cases?region=${COUNTY}&department=HOUSING`, 'housing')).status).toBe(200);
    expect((await get(`/cases?region=${COUNTY}&department=HEALTH`, 'housing')).status).toBe(403);
  });

  it('refuses a bad page request naming the field', async () => {
    const tooMany = await get('/cases?limit=500', 'county');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.issues.map((i: { path: string }) => i.path)).toEqual(['query.limit']);
    const forged = await get('/cases?next=bm90LWEtY3Vyc29y', 'county');
    expect(forged.status).toBe(400);
    expect(forged.body.issues.map((i: { path: string }) => i.path)).toEqual(['query.next']);
    const wrong = await get('/emergencies?state=flying&idNumber=430681199901011234&createdFrom=yesterday', 'county');
    expect(wrong.status).toBe(400);
    expect(wrong.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['query.createdFrom', 'query.idNumber', 'query.state']);
  });
});

describe('一户一条救助链 and no 重复救助', () => {
  it('flags aid the household already receives this month, records the reason, and shows the whole chain in time order', async () => {
    const applicant = resident();
    const imported = await api.post('/enrolments', {
      reference: `FIND-${randomUUID()}`, applicantIdNumber: applicant, townshipCode: T1, tier: 'DIBAO',
      startOn: addDays(today(), -40), monthlyAmountFen: 45_000,
    }, api.as.county);
    expect(imported.status).toBe(201);
    const enrolmentId: string = imported.body.enrolmentId;
    const householdId: string = imported.body.householdId;

    const caseRes = await api.post('/warnings', warning(applicant, T1, 'INCOME_DROP'), api.as.clerk);
    const caseId: string = caseRes.body.caseId;
    const step = (action: string, body: object) => api.post(`/cases/${caseId}/actions/${action}`, body, api.as.clerk);
    expect((await step('verify', { visitedOn: today(), findings: '收入骤减' })).status).toBe(200);
    expect((await step('dispose', { outcome: 'DELIVER_POLICY', reason: '落实救助' })).status).toBe(200);

    // 低保 already pays 基本生活 this month: a second 基本生活 item is 重复救助 unless the clerk says why.
    const basic = { measure: 'BASIC_LIVING', description: '基本生活救助', amountFen: 30_000 };
    const refused = await step('record-assistance', basic);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'DUPLICATE_AID', measure: 'BASIC_LIVING',
      duplicates: [expect.objectContaining({ source: 'ENROLMENT', subjectId: enrolmentId, measure: 'BASIC_LIVING', amountFen: 45_000 })],
    });
    expect((await get(`/cases/${caseId}`)).body.items).toEqual([]);
    const reason = '低保金不足以覆盖突发支出，经研究给予补充';
    const kept = await step('record-assistance', { ...basic, duplicateReason: reason });
    expect(kept.status).toBe(200);
    expect(kept.body.items).toHaveLength(1);
    expect((await step('record-assistance', { measure: 'MEDICAL', description: '医疗救助' })).status).toBe(200);

    // A first-aid payment to the household is this month's 临时救助.
    const paid = await api.post('/emergencies', {
      reportId: `FIND-${randomUUID()}`, idNumber: applicant, townshipCode: T1, kind: 'FIRE', amountRequestedFen: 50_000, description: '厨房失火',
    }, api.as.clerk);
    expect(paid.body.payment.amountFen).toBe(50_000);
    // With an Idempotency-Key that was never used, it is still a new step, and still a duplicate.
    const temporary = await api.post(`/cases/${caseId}/actions/record-assistance`, { measure: 'TEMPORARY', description: '临时救助' },
      { ...api.as.clerk, 'Idempotency-Key': `tmp-${randomUUID()}` });
    expect(temporary.status).toBe(409);
    expect(temporary.body.duplicates).toEqual([expect.objectContaining({ source: 'EMERGENCY_PAYMENT', subjectId: paid.body.emergencyId })]);

    const chain = await get(`/households/${householdId}/chain?limit=200`, 'clerk');
    expect(chain.status).toBe(200);
    expect(chain.body.next).toBeUndefined();
    const events = chain.body.items as Array<{ at: string; subjectType: string; event: string; amountFen: number | null; by: { userId: string }; details: Record<string, unknown> }>;
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort());
    const find = (type: string, event: string) => events.filter((e) => e.subjectType === type && e.event === event);
    expect(find('ENROLMENT', 'ENROLLED')[0]).toMatchObject({ amountFen: 45_000, by: { userId: 'sup-find' } });
    expect(find('CASE', 'WARNING_RECEIVED')).toHaveLength(1);
    expect(find('CASE', 'RECORD_ASSISTANCE').map((e) => [e.details.measure, e.amountFen, e.by.userId])).toEqual([
      ['BASIC_LIVING', 30_000, 'clerk-qu'], ['MEDICAL', null, 'clerk-qu'],
    ]);
    expect(find('CASE', 'RECORD_ASSISTANCE')[0]?.details).toMatchObject({
      duplicateReason: reason, duplicateOf: [{ source: 'ENROLMENT', subjectId: enrolmentId }],
    });
    expect(find('EMERGENCY', 'PAID')[0]).toMatchObject({ amountFen: 50_000, by: { userId: 'clerk-qu' } });
    expect(JSON.stringify(chain.body)).not.toContain(applicant);

    // Small pages give the same chain; another township does not see it.
    expect((await allPages(`/households/${householdId}/chain`, 'clerk')).map((e) => `${e.subjectId}#${e.seq}`))
      .toEqual(events.map((e) => `${(e as unknown as { subjectId: string }).subjectId}#${(e as unknown as { seq: number }).seq}`));
    expect((await get(`/households/${householdId}/chain`, 'otherClerk')).status).toBe(404);

    // The household is found by its applicant's ID number, masked.
    const households = await allPages(`/households?region=${T1}&idNumber=${applicant}&tier=DIBAO`);
    expect(households).toEqual([expect.objectContaining({ householdId, paidTiers: ['DIBAO'], applicantIdNumber: expect.stringMatching(/^4306\*{10}/) })]);
    expect((await allPages(`/enrolments?region=${T1}&idNumber=${applicant}&tier=DIBAO&origin=IMPORT`)).map((e) => e.enrolmentId)).toEqual([enrolmentId]);
    expect((await allPages(`/emergencies?region=${T1}&idNumber=${applicant}&kind=FIRE&route=FIRST_AID`)).map((e) => e.emergencyId)).toEqual([paid.body.emergencyId]);
  });
});
