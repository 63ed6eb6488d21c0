import { createHash, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { archiveClosedRuns, readHistory } from '../../activities/archive';
import { exportMain, replayMain } from '../../admin/historiesCli';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { AUDIT_SCHEDULE_ID, auditSchedules } from '../../worker/auditSchedule';
import { reconcileSchedules } from '../../worker/schedules';
import { eventually, useApiHarness } from '../support/apiHarness';
import { testAppDatabaseUrl } from '../support/env';
import { idNumber, uniqueSourceId } from '../support/ids';

const TOWNSHIP = '430681104';

const api = useApiHarness('dev', {
  clerk: { userId: 'clerk-archive', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP },
});

/** A case walked to closed: received, verified, nothing changed. */
async function closedCase(): Promise<string> {
  const created = await api.post('/warnings', {
    source: 'DATA_MATCH', sourceId: uniqueSourceId('ARCHIVE'), idNumber: idNumber('19700101', 315), townshipCode: TOWNSHIP,
    hardshipType: 'INCOME_DROP', receivedOn: shanghaiDateOf(Date.now()), detail: '收入骤减预警',
  });
  expect(created.status).toBe(201);
  const caseId: string = created.body.caseId;
  expect((await api.post(`/cases/${caseId}/actions/verify`, { visitedOn: shanghaiDateOf(Date.now()), findings: '入户核实：家庭情况无变化' })).status).toBe(200);
  const closed = await api.post(`/cases/${caseId}/actions/dispose`, { outcome: 'NO_CHANGE', reason: '核实后家庭收入已恢复' });
  expect(closed.body.state).toBe('closed');
  return caseId;
}

describe('history archive: a closed case outlives Temporal', () => {
  let dir: string;
  let keyFile: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidloop-archive-'));
    keyFile = path.join(dir, 'signing-key.pem');
    fs.writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    process.env.AIDLOOP_AUDIT_SIGNING_KEY_FILE = keyFile; // the in-process worker's checkpoints
  });
  afterAll(() => {
    delete process.env.AIDLOOP_AUDIT_SIGNING_KEY_FILE;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('archives the closed run, serves its history and replays it after the server deleted it', async () => {
    const caseId = await closedCase();
    const deps = { db: api.db, temporal: api.env.client };
    const live = await api.get(`/api/v1/cases/${caseId}/history`);
    expect(live.status).toBe(200);
    const { runId } = await api.env.client.workflow.getHandle(caseId).describe();

    // Visibility is eventually consistent: archive until the closed run is listed.
    const archived = await eventually(async () => {
      await archiveClosedRuns(deps);
      return api.db.query<{ history_gz: Buffer; digest: string; status: string; event_count: number }>(
        'SELECT history_gz, digest, status, event_count FROM history_archive WHERE workflow_id = $1 AND run_id = $2', [caseId, runId]);
    }, (rows) => rows.length === 1);
    expect(archived).toHaveLength(1);
    const row = archived[0]!;
    expect(row.status).toBe('COMPLETED');
    const json = gunzipSync(row.history_gz).toString('utf8');
    expect(createHash('sha256').update(json).digest('hex')).toBe(row.digest);
    expect(JSON.parse(json).events).toHaveLength(row.event_count);
    // Its digest is on the audit chain 'archive'.
    const [entry] = await api.db.query<{ chain_key: string; digest: string }>(
      `SELECT chain_key, payload->>'digest' AS digest FROM subject_events WHERE subject_type = 'HISTORY' AND subject_id = $1`, [`${caseId}@${runId}`]);
    expect(entry).toEqual({ chain_key: 'archive', digest: row.digest });
    // Archiving again writes nothing more.
    await archiveClosedRuns(deps);
    expect(await api.db.query('SELECT 1 FROM subject_events WHERE subject_type = $1 AND subject_id = $2', ['HISTORY', `${caseId}@${runId}`])).toHaveLength(1);

    // The server deletes the run (as its retention would).
    await api.env.client.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: caseId, runId } });
    // Deletion is a task the server runs soon after; poll up to a minute.
    let gone = 'still there';
    for (let i = 0; i < 120 && gone === 'still there'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      gone = await api.env.client.workflow.getHandle(caseId, runId).fetchHistory().then(() => 'still there', (err: Error) => err.message);
    }
    expect(gone).not.toBe('still there');
    expect((await readHistory(deps, caseId)).source).toBe('archive');

    const after = await api.get(`/api/v1/cases/${caseId}/history`);
    expect(after.status).toBe(200);
    expect(after.body.events).toEqual(live.body.events);
    expect(after.body.events.map((e: { what: string }) => e.what)).toEqual(expect.arrayContaining(['verify requested', 'dispose requested', 'case closed']));

    // The export CLI writes it from the archive (one file per run), and it replays; the replay CLI also reads it by id.
    const env = { ...process.env, TEMPORAL_ADDRESS: api.env.address, TEMPORAL_NAMESPACE: 'default', DATABASE_URL: testAppDatabaseUrl() };
    const logs: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void logs.push(a.join(' ')));
    try {
      expect(await exportMain([caseId, '--out', dir], env)).toBe(0);
      const file = path.join(dir, `${caseId}@${runId}.json`);
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(JSON.parse(json));
      expect(await replayMain([file], env)).toBe(0);
      expect(await replayMain([caseId], env)).toBe(0);
      const since = new Date(Date.now() - 3600_000).toISOString();
      expect(await exportMain(['--closed-since', since, '--out', path.join(dir, 'since')], env)).toBe(0);
      expect(fs.readdirSync(path.join(dir, 'since'))).toContain(`${caseId}@${runId}.json`);
    } finally {
      log.mockRestore();
    }
    expect(logs).toContain('[aidloop] 1 of 1 histories replay with the current workflow code');
  });

  it('the audit-maintenance schedule archives and signs a checkpoint; reconciling it twice leaves one', async () => {
    const caseId = await closedCase();
    await reconcileSchedules(api.env.client, auditSchedules(api.harness.taskQueue));
    expect(await reconcileSchedules(api.env.client, auditSchedules(api.harness.taskQueue))).toMatchObject({ unchanged: [AUDIT_SCHEDULE_ID] });
    const handle = api.env.client.schedule.getHandle(AUDIT_SCHEDULE_ID);
    const described = await handle.describe();
    expect(described.spec.intervals?.[0]?.every).toBe(3600_000);
    const [before] = await api.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_checkpoints');
    await handle.trigger();
    const rows = await eventually(
      async () => {
        await new Promise((r) => setTimeout(r, 200));
        return api.db.query<{ n: number; archived: boolean }>(
          `SELECT (SELECT count(*)::int FROM audit_checkpoints) AS n,
                  EXISTS (SELECT 1 FROM history_archive WHERE workflow_id = $1) AS archived`, [caseId]);
      },
      ([r]) => r !== undefined && r.n > (before?.n ?? 0) && r.archived,
    );
    expect(rows[0]).toMatchObject({ archived: true });
    expect(rows[0]!.n).toBeGreaterThan(before?.n ?? 0);
    await handle.delete();
  });
});
