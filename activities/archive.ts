import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { isGrpcServiceError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { historyFromJson, historyToJson, type IHistory } from '../admin/historiesJson';
import type { Db } from '../db/pool';
import { recordSubjectEvent } from './subjectEvents';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * The history archive (migration 019): every closed run, each run of a
 * workflow that continued as new separately, copied from Temporal into
 * PostgreSQL before the namespace's retention deletes it, so auditors can read
 * and replay it for as long as the database keeps it. Each archived run's
 * digest is appended to the audit chain 'archive'.
 */

export interface ArchiveDeps {
  db: Db;
  temporal: Client;
}

/** A run as the archiver and the export list it. */
export interface RunRef {
  workflowId: string;
  runId: string;
  workflowType: string;
  status: string;
  startTime: Date;
  closeTime: Date;
}

/** The audit chain of the archive's digests (not a county: the archiver acts for no office). */
export const ARCHIVE_CHAIN = 'archive';
const ARCHIVER = { userId: 'system:archiver', regionCode: '' };

/** How far back the archiver looks before its newest archived close time: visibility is eventually consistent. */
const OVERLAP_MS = 24 * 3600 * 1000;

/** Copies one closed run into the archive; a run archived before is left as it is. Returns whether it was new. */
export async function archiveRun(deps: ArchiveDeps, run: RunRef): Promise<boolean> {
  const history = await deps.temporal.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
  const json = JSON.stringify(historyToJson(history));
  const digest = createHash('sha256').update(json, 'utf8').digest('hex');
  const gz = await gzipAsync(Buffer.from(json, 'utf8'));
  const eventCount = history.events?.length ?? 0;
  return deps.db.withTransaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO history_archive (workflow_id, run_id, namespace, workflow_type, status, start_time, close_time, event_count, history_gz, digest)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (workflow_id, run_id) DO NOTHING RETURNING 1`,
      [run.workflowId, run.runId, deps.temporal.options.namespace, run.workflowType, run.status, run.startTime, run.closeTime, eventCount, gz, digest],
    );
    if (inserted.length === 0) return false;
    const at = new Date();
    await recordSubjectEvent(tx, 'HISTORY', `${run.workflowId}@${run.runId}`, {
      seq: 1, eventType: 'HISTORY_ARCHIVED', fromState: run.status, toState: 'archived', actor: ARCHIVER, chainKey: ARCHIVE_CHAIN,
      payload: { workflowType: run.workflowType, closeTime: run.closeTime.toISOString(), eventCount, digest }, occurredAtMs: at.getTime(), at,
    });
    return true;
  });
}

/** Temporal's closed runs matching a visibility query fragment, as RunRefs. */
export async function* closedRuns(temporal: Client, filter = ''): AsyncIterable<RunRef> {
  const query = `ExecutionStatus != "Running"${filter ? ` AND ${filter}` : ''}`;
  for await (const w of temporal.workflow.list({ query })) {
    if (!w.closeTime) continue;
    yield { workflowId: w.workflowId, runId: w.runId, workflowType: w.type, status: w.status.name, startTime: w.startTime, closeTime: w.closeTime };
  }
}

/**
 * Archives every closed run not archived yet: those closed since a day before
 * the newest archived close time (everything on the first run). Run by the
 * audit maintenance schedule, well within the namespace's retention.
 */
export async function archiveClosedRuns(deps: ArchiveDeps): Promise<{ archived: number; seen: number }> {
  const [mark] = await deps.db.query<{ newest: Date | null }>(
    'SELECT max(close_time) AS newest FROM history_archive WHERE namespace = $1', [deps.temporal.options.namespace]);
  const since = mark?.newest ? new Date(mark.newest.getTime() - OVERLAP_MS) : undefined;
  let archived = 0;
  let seen = 0;
  for await (const run of closedRuns(deps.temporal, since ? `CloseTime >= "${since.toISOString()}"` : '')) {
    seen += 1;
    const [known] = await deps.db.query('SELECT 1 FROM history_archive WHERE workflow_id = $1 AND run_id = $2', [run.workflowId, run.runId]);
    if (!known && (await archiveRun(deps, run))) archived += 1;
  }
  return { archived, seen };
}

const isNotFound = (err: unknown): boolean =>
  err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && err.code === 5 /* NOT_FOUND */);

/** One run's history from the archive (the latest archived run of the workflow without `runId`). */
export async function readArchivedHistory(db: Db, workflowId: string, runId?: string): Promise<{ runId: string; history: IHistory } | undefined> {
  const [row] = await db.query<{ run_id: string; history_gz: Buffer }>(
    `SELECT run_id, history_gz FROM history_archive WHERE workflow_id = $1 AND ($2::text IS NULL OR run_id = $2)
      ORDER BY close_time DESC LIMIT 1`,
    [workflowId, runId ?? null],
  );
  if (!row) return undefined;
  return { runId: row.run_id, history: historyFromJson(JSON.parse((await gunzipAsync(row.history_gz)).toString('utf8'))) };
}

/**
 * A workflow run's history, live or archived: from Temporal while it has the
 * run, from the archive once retention (or an operator) deleted it. Without
 * `runId`: the latest run. What every history route, the export and the
 * replay CLI read.
 */
export async function readHistory(deps: ArchiveDeps, workflowId: string, runId?: string): Promise<{ history: IHistory; source: 'temporal' | 'archive' }> {
  try {
    return { history: await deps.temporal.workflow.getHandle(workflowId, runId).fetchHistory(), source: 'temporal' };
  } catch (err) {
    if (!isNotFound(err)) throw err;
    const archived = await readArchivedHistory(deps.db, workflowId, runId);
    if (!archived) throw err;
    return { history: archived.history, source: 'archive' };
  }
}

/** Archived runs, oldest closed first, page by page (keyset on close time): all, one workflow's, or those closed since a time. */
export async function* archivedRuns(db: Db, filter: { workflowId?: string; closedSince?: Date } = {}): AsyncIterable<{ workflowId: string; runId: string }> {
  let after: [Date, string, string] = [new Date(0), '', ''];
  for (;;) {
    const rows = await db.query<{ workflow_id: string; run_id: string; close_time: Date }>(
      `SELECT workflow_id, run_id, close_time FROM history_archive
        WHERE (close_time, workflow_id, run_id) > ($1, $2, $3) AND ($4::text IS NULL OR workflow_id = $4) AND ($5::timestamptz IS NULL OR close_time >= $5)
        ORDER BY close_time, workflow_id, run_id LIMIT 500`,
      [...after, filter.workflowId ?? null, filter.closedSince ?? null],
    );
    for (const r of rows) yield { workflowId: r.workflow_id, runId: r.run_id };
    const last = rows[rows.length - 1];
    if (!last || rows.length < 500) return;
    after = [last.close_time, last.workflow_id, last.run_id];
  }
}
