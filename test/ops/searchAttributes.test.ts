import { eventually, useApiHarness } from '../support/apiHarness';
import { idNumber, uniqueSourceId } from '../support/ids';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { AIDLOOP_COUNTY, AIDLOOP_OVERDUE, AIDLOOP_STATE, AIDLOOP_SUBJECT_TYPE, AIDLOOP_TOWNSHIP } from '../../workflows/searchAttributes';

const TOWNSHIP = '430681121'; // only this file writes here

const api = useApiHarness('dev', {
  clerk: { userId: 'clerk-search', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
});

/** The workflow ids a visibility query lists (the dev server's visibility lags a moment behind). */
async function listed(query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const w of api.env.client.workflow.list({ query })) ids.push(w.workflowId);
  return ids;
}

describe('search attributes on the dev server', () => {
  it("keeps a case's county, township, type, state and overdue current as it moves", async () => {
    const today = shanghaiDateOf(Date.now());
    const created = await api.post('/warnings', {
      source: 'PROVINCIAL_CLUE', sourceId: uniqueSourceId(), idNumber: idNumber('19470921', 121), townshipCode: TOWNSHIP,
      hardshipType: 'MEDICAL', receivedOn: today, detail: '大额医疗费用支出预警',
    });
    expect(created.status).toBe(201);
    const caseId: string = created.body.caseId;

    const attributes = async () => (await api.env.client.workflow.getHandle(caseId).describe()).typedSearchAttributes;
    const received = await attributes();
    expect({
      county: received.get(AIDLOOP_COUNTY), township: received.get(AIDLOOP_TOWNSHIP), type: received.get(AIDLOOP_SUBJECT_TYPE),
      state: received.get(AIDLOOP_STATE), overdue: received.get(AIDLOOP_OVERDUE),
    }).toEqual({ county: '430681', township: TOWNSHIP, type: 'CASE', state: 'verifying', overdue: false });

    const verifiedHere = `AidloopTownship = '${TOWNSHIP}' AND AidloopState = 'verified'`;
    expect(await listed(verifiedHere)).not.toContain(caseId);
    const verified = await api.post(`/cases/${caseId}/actions/verify`, { visitedOn: today, findings: '入户核实：住院自付费用较高' });
    expect(verified.body.state).toBe('verified');
    expect((await attributes()).get(AIDLOOP_STATE)).toBe('verified');
    expect(await eventually(() => listed(verifiedHere), (ids) => ids.includes(caseId))).toContain(caseId);
    expect(await listed(`AidloopCounty = '430681' AND AidloopSubjectType = 'CASE' AND AidloopState = 'verifying' AND WorkflowId = '${caseId}'`)).toEqual([]);
  });
});
