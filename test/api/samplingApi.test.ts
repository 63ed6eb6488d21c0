import { shanghaiDateOf } from '../../domain/calendarDate';
import { drawSample } from '../../domain/sampling';
import { useApiHarness } from '../support/apiHarness';
import { idNumber, uniqueSourceId } from '../support/ids';

const COUNTY = '430626'; // 平江县: only this file writes here, so the population is this file's
const TOWNSHIP = '430626101'; // 安定镇

const api = useApiHarness('dev', {
  supervisor: { userId: 'sup-pj', role: 'COUNTY_SUPERVISOR', regionCode: COUNTY },
  clerk: { userId: 'clerk-ad', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
  reviewerA: { userId: 'rev-a', role: 'AUDITOR', regionCode: COUNTY },
  reviewerB: { userId: 'rev-b', role: 'COUNTY_SUPERVISOR', regionCode: COUNTY },
  otherCounty: { userId: 'sup-ml', role: 'COUNTY_SUPERVISOR', regionCode: '430681' },
});

const today = () => shanghaiDateOf(Date.now());

/** A warning in the township taken to closed (核实无变化 → 结案). */
async function closedCase(n: number): Promise<string> {
  const w = await api.post('/warnings', {
    source: 'DATA_MATCH', sourceId: uniqueSourceId(), idNumber: idNumber('19720101', 200 + n), townshipCode: TOWNSHIP,
    hardshipType: 'INCOME_DROP', receivedOn: today(), detail: '收入骤减',
  }, api.as.clerk);
  expect(w.status).toBe(201);
  expect((await api.post(`/cases/${w.body.caseId}/actions/verify`, { visitedOn: today(), findings: '核实' }, api.as.clerk)).status).toBe(200);
  const closed = await api.post(`/cases/${w.body.caseId}/actions/dispose`, { outcome: 'NO_CHANGE', reason: '核实无变化' }, api.as.clerk);
  expect(closed.body.state).toBe('closed');
  return w.body.caseId;
}

describe('双随机、一公开 (quality review sample)', () => {
  it('draws a reproducible sample with its seed in the audit log, deals reviewers, and takes each reviewer’s finding', async () => {
    const cases = await Promise.all([1, 2, 3, 4, 5].map(closedCase));
    const month = today().slice(0, 7);
    const draw = { county: COUNTY, month, size: 3, reviewers: ['rev-a', 'rev-b'], seed: `${month}-抽查` };

    const drawn = await api.post('/sampling/draws', draw);
    expect(drawn.status).toBe(201);
    expect(drawn.headers.location).toBe(`sampling/draws/${drawn.body.sampleId}`);
    expect(drawn.body).toMatchObject({ county: COUNTY, month, seed: draw.seed, size: 3, population: 5, drawnBy: 'sup-pj' });
    const items = drawn.body.items as { subjectType: string; subjectId: string; reviewer: string; finding: string | null }[];
    expect(items).toHaveLength(3);
    // Anyone with the seed redoes the draw from the population.
    const redo = drawSample(cases.map((id) => ({ subjectType: 'CASE', subjectId: id })), draw.seed, 3, draw.reviewers);
    expect(items.map(({ subjectType, subjectId, reviewer }) => ({ subjectType, subjectId, reviewer })).sort((a, b) => a.subjectId.localeCompare(b.subjectId)))
      .toEqual(redo.map((d) => ({ ...d.member, reviewer: d.reviewer })).sort((a, b) => a.subjectId.localeCompare(b.subjectId)));
    expect(new Set(items.map((i) => i.reviewer))).toEqual(new Set(['rev-a', 'rev-b']));

    const again = await api.post('/sampling/draws', draw);
    expect(again.status).toBe(200);
    expect(again.body.sampleId).toBe(drawn.body.sampleId);

    const [logged] = await api.db.query<{ event_type: string; payload: { seed: string; items: unknown[] }; actor_id: string }>(
      "SELECT event_type, payload, actor_id FROM subject_events WHERE subject_type = 'SAMPLE' AND subject_id = $1 AND seq = 1", [drawn.body.sampleId]);
    expect(logged).toMatchObject({ event_type: 'SAMPLE_DRAWN', actor_id: 'sup-pj', payload: { seed: draw.seed } });
    expect(logged?.payload.items).toHaveLength(3);

    const mine = items.find((i) => i.reviewer === 'rev-a')!;
    const theirs = items.find((i) => i.reviewer === 'rev-b')!;
    const finding = (item: typeof mine) => ({ subjectType: item.subjectType, subjectId: item.subjectId, finding: 'DEFICIENT', note: '核实记录缺少入户照片' });
    const url = `/sampling/draws/${drawn.body.sampleId}/findings`;
    const recorded = await api.post(url, finding(mine), api.as.reviewerA);
    expect(recorded.status).toBe(200);
    expect(recorded.body.items.find((i: { subjectId: string }) => i.subjectId === mine.subjectId)).toMatchObject({ finding: 'DEFICIENT', note: '核实记录缺少入户照片' });
    expect((await api.post(url, finding(theirs), api.as.reviewerA)).status).toBe(403);
    expect((await api.post(url, { ...finding(theirs), finding: 'GOOD' }, api.as.reviewerB)).status).toBe(400);
    expect((await api.post(url, finding(theirs), api.as.clerk)).status).toBe(404);
    const events = await api.db.query("SELECT seq, event_type FROM subject_events WHERE subject_type = 'SAMPLE' AND subject_id = $1 ORDER BY seq", [drawn.body.sampleId]);
    expect(events).toEqual([{ seq: 1, event_type: 'SAMPLE_DRAWN' }, { seq: 2, event_type: 'FINDING_RECORDED' }]);

    expect((await api.get(`/api/v1/sampling/draws/${drawn.body.sampleId}`).set(api.as.reviewerB)).body.items).toHaveLength(3);
    expect((await api.get(`/api/v1/sampling/draws/${drawn.body.sampleId}`).set(api.as.otherCounty)).status).toBe(404);
  });

  it('is a county’s: a clerk may not draw, and a bad request names its fields', async () => {
    const draw = { county: COUNTY, month: today().slice(0, 7), size: 2, reviewers: ['rev-a'] };
    expect((await api.post('/sampling/draws', draw, api.as.clerk)).status).toBe(404);
    expect((await api.post('/sampling/draws', draw, api.as.reviewerA)).status).toBe(403);
    const bad = await api.post('/sampling/draws', { county: TOWNSHIP, month: '2026-1', size: 0, reviewers: [] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toEqual(expect.stringContaining('body.county'));
    for (const field of ['body.month', 'body.size', 'body.reviewers']) expect(JSON.stringify(bad.body)).toContain(field);
  });
});
