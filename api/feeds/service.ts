import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Readable } from 'node:stream';
import type { Department } from '../../domain/vocabulary';
import { FEED_KINDS, type FeedKind } from '../../domain/feeds/feedKinds';
import { feedBatchWorkflow } from '../../workflows';
import { feedBatchProgressQuery, feedBatchWorkflowId, type FeedBatchProgress } from '../../workflows/feedBatchMessages';
import type { ApiDeps } from '../deps';
import { HttpError, illegalAction, notFound } from '../errors';
import { sendStep } from '../subjects';
import { exchangeActionUpdate } from '../../workflows/exchangeMessages';
import type { Actor } from '../../domain/vocabulary';
import { shanghaiDateOf } from '../../domain/calendarDate';
import { ingestFeed, type IngestRequest } from './ingest';

interface BatchRow {
  batch_id: string;
  feed_kind: FeedKind;
  department: Department;
  region_code: string;
  content_hash: string;
  file_name: string;
  state: 'STAGED' | 'RUNNING' | 'DONE' | 'FAILED';
  failure_reason: string | null;
  rows_read: number;
  rows_rejected: number;
  report: { match?: { matched: number; notMatched: number; warnings: number } } & Partial<FeedBatchProgress> | null;
  uploaded_by: string;
  uploaded_at: Date;
  finished_at: Date | null;
  exchange_id: string | null;
}

export async function findBatch(deps: ApiDeps, batchId: string): Promise<BatchRow> {
  const [b] = /^\d{1,18}$/.test(batchId) ? await deps.db.query<BatchRow>('SELECT * FROM feed_batches WHERE batch_id = $1', [batchId]) : [];
  if (!b) throw notFound(`feed batch ${batchId}`);
  return b;
}

/** Starts (or, after a failure, starts again) the batch's workflow; a running or finished one is left alone. */
async function runBatch(deps: ApiDeps, batchId: string): Promise<void> {
  await deps.db.query(`UPDATE feed_batches SET state = CASE WHEN state = 'FAILED' THEN 'RUNNING' ELSE state END, failure_reason = NULL WHERE batch_id = $1 AND state <> 'DONE'`, [batchId]);
  try {
    await deps.temporal.workflow.start(feedBatchWorkflow, {
      workflowId: feedBatchWorkflowId(batchId), taskQueue: deps.taskQueue, args: [{ batchId }], workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** An uploaded file: staged, then run by its workflow. The same file again is the same batch (a failed one runs again). */
export async function uploadBatch(deps: ApiDeps, req: IngestRequest, body: Readable) {
  const staged = await ingestFeed(deps.db, deps.pseudonymKey, req, body);
  if (staged.created || staged.state === 'FAILED') await runBatch(deps, staged.batchId);
  return { created: staged.created, ...(await batchView(deps, staged.batchId)) };
}

export async function rerunBatch(deps: ApiDeps, batchId: string) {
  const b = await findBatch(deps, batchId);
  if (b.state !== 'FAILED') throw new HttpError(409, 'ILLEGAL_ACTION', `only a FAILED batch runs again; batch ${batchId} is ${b.state}`, { state: b.state, allowedActions: [] });
  await runBatch(deps, batchId);
  return batchView(deps, batchId);
}

/** The batch and its report; while it runs, its workflow's progress. */
export async function batchView(deps: ApiDeps, batchId: string) {
  const b = await findBatch(deps, batchId);
  let progress: FeedBatchProgress | Partial<FeedBatchProgress> | null = b.report;
  if (b.state === 'RUNNING' || b.state === 'STAGED') {
    try {
      progress = await deps.temporal.workflow.getHandle(feedBatchWorkflowId(batchId)).query(feedBatchProgressQuery);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return {
    batchId: b.batch_id,
    kind: b.feed_kind,
    kindLabel: FEED_KINDS[b.feed_kind].label,
    department: b.department,
    regionCode: b.region_code,
    fileName: b.file_name,
    contentSha256: b.content_hash,
    state: b.state,
    failureReason: b.failure_reason,
    report: {
      rowsRead: b.rows_read,
      rowsRejected: b.rows_rejected,
      matched: progress?.matched ?? b.report?.match?.matched ?? null,
      notMatched: progress?.notMatched ?? b.report?.match?.notMatched ?? null,
      warningsRaised: progress?.warningsRaised ?? b.report?.match?.warnings ?? null,
      casesOpened: progress?.casesOpened ?? null,
      cluesAttached: progress?.cluesAttached ?? null,
      exitReviewsOpened: progress?.exitReviewsOpened ?? null,
    },
    progress: b.state === 'DONE' ? null : progress,
    exchangeId: b.exchange_id,
    uploadedBy: b.uploaded_by,
    uploadedAt: b.uploaded_at,
    finishedAt: b.finished_at,
  };
}

/**
 * The department's monthly data-exchange duty (seed 003 三(二)2: DATA_REQUEST
 * of its department, in the county's exchange of `month`) is completed by this
 * finished batch: the duty's record names the batch and its counts, and the
 * batch names the exchange.
 */
export async function completeExchangeDuty(deps: ApiDeps, batchId: string, month: string | undefined, actor: Actor) {
  const b = await findBatch(deps, batchId);
  if (b.state !== 'DONE') throw new HttpError(409, 'ILLEGAL_ACTION', `batch ${batchId} is ${b.state}: only a finished batch completes an exchange duty`, { state: b.state, allowedActions: [] });
  const exchangeId = `exchange-${b.region_code.slice(0, 6)}-${month ?? shanghaiDateOf(b.uploaded_at.getTime()).slice(0, 7)}`;
  const [e] = await deps.db.query<{ workflow_id: string; state: string }>('SELECT workflow_id, state FROM exchanges WHERE exchange_id = $1', [exchangeId]);
  if (!e) throw notFound(`exchange ${exchangeId}`);
  if (e.state !== 'open') throw illegalAction({ action: 'complete-duty', state: e.state, allowedActions: [] }, 'the exchange is closed');
  const view = await batchView(deps, batchId);
  const note = `批次 ${batchId}（${view.kindLabel}${b.file_name ? `，${b.file_name}` : ''}）：读取 ${b.rows_read} 行，拒收 ${b.rows_rejected} 行，预警 ${view.report.warningsRaised ?? 0} 条`;
  await sendStep(deps, e.workflow_id, 'complete-duty', exchangeActionUpdate('complete-duty'), {
    actor, input: { key: `DATA_REQUEST:${b.department}`, note, batchId }, idempotencyKey: `feed-batch-${batchId}`,
  });
  await deps.db.query('UPDATE feed_batches SET exchange_id = $2 WHERE batch_id = $1', [batchId, exchangeId]);
  return { ...view, exchangeId };
}

/** CSV exports stream from the database page by page (keyset on row number), never the whole batch in memory. */
export async function* csvPages(deps: ApiDeps, batchId: string, what: 'rejects' | 'results'): AsyncIterable<string> {
  const quote = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const sql = what === 'rejects'
    ? `SELECT row_no, source_key, id_number_masked, reason FROM feed_rejects WHERE batch_id = $1 AND row_no > $2 ORDER BY row_no LIMIT 5000`
    : `SELECT w.row_no, w.source_key, p.id_number_masked, w.township_code, w.rule_id, w.rule_version, w.hardship_type, w.priority,
              w.disposition, w.case_id, w.enrolment_id
         FROM feed_warnings w JOIN persons p USING (person_ref) WHERE w.batch_id = $1 AND w.row_no > $2 ORDER BY w.row_no LIMIT 5000`;
  const header = what === 'rejects'
    ? ['row_no', 'source_key', 'id_number_masked', 'reason']
    : ['row_no', 'source_key', 'id_number_masked', 'township_code', 'rule_id', 'rule_version', 'hardship_type', 'priority', 'disposition', 'case_id', 'enrolment_id'];
  yield `\uFEFF${header.join(',')}\n`;
  let after = 0;
  for (;;) {
    const rows = await deps.db.query<Record<string, unknown> & { row_no: number }>(sql, [batchId, after]);
    if (rows.length === 0) return;
    yield rows.map((r) => header.map((h) => quote(r[h])).join(',')).join('\n') + '\n';
    after = rows[rows.length - 1]?.row_no ?? after;
  }
}
