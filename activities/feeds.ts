import { WorkflowNotFoundError } from '@temporalio/client';
import type { HardshipType } from '../domain/caseSchemas';
import { countyOf } from '../domain/regionCode';
import type { Actor } from '../domain/vocabulary';
import type { FeedKind } from '../domain/feeds/feedKinds';
import type { Clue } from '../workflows/clueMessages';
import type { CaseInput, VerificationDeadline } from '../workflows/messages';
import { receivedCaseSearchAttributes } from '../workflows/caseStart';
import { startOnce } from '../workflows/startOnce';
import type { ActivityDeps } from '.';
import { verificationDeadline } from './deadlines';
import { matchBatch, registerBatchPersons, type MatchCounts } from './feedMatching';

/** How many case starts or signals one activity sends at once. */
const CONCURRENCY = 16;

export interface RaiseChunk {
  batchId: string;
  disposition: 'NEW_CASE' | 'CLUE';
  afterWarningId: string;
  limit: number;
}
export interface RaisedChunk {
  lastWarningId: string | null;
  count: number;
  newCases: number;
  clues: number;
  exitReviews: number;
}

interface WarningRow {
  warning_id: string;
  feed_kind: FeedKind;
  source_key: string;
  person_ref: string;
  id_number_masked: string;
  township_code: string;
  rule_id: string;
  rule_version: string;
  hardship_type: HardshipType;
  detail: string;
  case_id: string;
  own_case_id: string;
  enrolment_id: string | null;
  uploaded_by: string;
  uploaded_on: string;
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pooled<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  }));
}

export function createFeedActivities({ db, temporal, taskQueue, pseudonymKey }: ActivityDeps) {
  return {
    /** Registers the batch's persons and matches it (one transaction; done once, a retry reads the counts). */
    async prepareFeedBatch(batchId: string): Promise<MatchCounts> {
      return db.withTransaction(async (tx) => {
        const [b] = await tx.query<{ feed_kind: FeedKind; report: { match?: MatchCounts } | null }>(
          'SELECT feed_kind, report FROM feed_batches WHERE batch_id = $1 FOR UPDATE', [batchId]);
        if (!b) throw new Error(`no feed batch ${batchId}`);
        if (b.report?.match) return b.report.match;
        // Right after a bulk load the planner has no statistics and would pick per-row nested loops:
        // matching a batch is set work, so hash and merge joins only.
        await tx.query('SET LOCAL enable_nestloop = off');
        await registerBatchPersons(tx, batchId, b.feed_kind);
        const match = b.feed_kind === 'LOW_INCOME_REGISTRY' ? await registryCounts(tx, batchId) : await matchBatch(tx, db, pseudonymKey, batchId, b.feed_kind);
        await tx.query(`UPDATE feed_batches SET state = 'RUNNING', failure_reason = NULL, report = jsonb_build_object('match', $2::jsonb) WHERE batch_id = $1`,
          [batchId, JSON.stringify(match)]);
        return match;
      });
    },

    /**
     * Raises one chunk of the batch's warnings: starts the case a new warning
     * opens (its id comes from the source row, so a retry or a second worker
     * never starts it twice), or sends the clue to the open case it joins (a
     * case closed meanwhile: the warning opens its own). A death notice about a
     * recipient also opens the enrolment's exit review.
     */
    async raiseFeedWarnings(c: RaiseChunk): Promise<RaisedChunk> {
      const rows = await db.query<WarningRow>(
        `SELECT w.warning_id, w.feed_kind, w.source_key, w.person_ref, p.id_number_masked, w.township_code, w.rule_id, w.rule_version,
                w.hardship_type, w.detail, w.case_id, w.own_case_id, w.enrolment_id, b.uploaded_by,
                (b.uploaded_at AT TIME ZONE 'Asia/Shanghai')::date::text AS uploaded_on
           FROM feed_warnings w JOIN persons p USING (person_ref) JOIN feed_batches b USING (batch_id)
          WHERE w.batch_id = $1 AND w.disposition = $2 AND w.warning_id > $3 ORDER BY w.warning_id LIMIT $4`,
        [c.batchId, c.disposition, c.afterWarningId, c.limit]);
      // The chunk's cases share a few townships and one day of receipt: each pair's deadline is planned once.
      const deadlines = new Map<string, Promise<VerificationDeadline>>();
      const startCase = async (input: CaseInput) => {
        const key = `${input.townshipCode}/${input.receivedOn}`;
        let deadline = deadlines.get(key);
        if (!deadline) deadlines.set(key, (deadline = verificationDeadline(db, input)));
        await startOnce(temporal, 'caseWorkflow', {
          workflowId: input.caseId, taskQueue, args: [{ ...input, deadline: await deadline }], searchAttributes: receivedCaseSearchAttributes(input.townshipCode),
        });
      };
      const out: RaisedChunk = { lastWarningId: rows[rows.length - 1]?.warning_id ?? null, count: rows.length, newCases: 0, clues: 0, exitReviews: 0 };
      await pooled(rows, CONCURRENCY, async (w) => {
        const actor: Actor = { userId: w.uploaded_by, regionCode: countyOf(w.township_code) };
        const caseInput = (caseId: string): CaseInput => ({
          caseId, source: 'DATA_MATCH', sourceId: `${w.feed_kind}:${w.source_key}`, personRef: w.person_ref, idNumberMasked: w.id_number_masked,
          townshipCode: w.township_code, hardshipType: w.hardship_type, receivedOn: w.uploaded_on, detail: w.detail, actor,
        });
        if (c.disposition === 'NEW_CASE') {
          await startCase(caseInput(w.case_id));
          out.newCases += 1;
        } else {
          const clue: Clue = {
            clueId: `${w.feed_kind}:${w.source_key}`, source: 'DATA_MATCH', sourceId: `${w.feed_kind}:${w.source_key}`, hardshipType: w.hardship_type,
            detail: w.detail, receivedOn: w.uploaded_on, personRef: w.person_ref, idNumberMasked: w.id_number_masked,
            rule: { id: w.rule_id, version: w.rule_version, batchId: c.batchId }, actor,
          };
          try {
            await temporal.workflow.getHandle(w.case_id).signal('clue', clue);
            out.clues += 1;
          } catch (err) {
            if (!(err instanceof WorkflowNotFoundError)) throw err;
            await startCase(caseInput(w.own_case_id));
            await db.query(`UPDATE feed_warnings SET disposition = 'NEW_CASE', case_id = $2 WHERE warning_id = $1`, [w.warning_id, w.own_case_id]);
            out.newCases += 1;
          }
        }
        if (w.enrolment_id) {
          try {
            await temporal.workflow.getHandle(w.enrolment_id).executeUpdate('report-change', {
              args: [{ actor, input: { summary: `死亡信息（${w.source_key}）：停发复核` } }], updateId: `death:${w.feed_kind}:${w.source_key}`,
            });
            out.exitReviews += 1;
          } catch (err) {
            // An enrolment that can no longer take a change (ended meanwhile) has nothing to stop.
            if (!(err instanceof WorkflowNotFoundError) && (err as { cause?: { type?: string } }).cause?.type !== 'IllegalAction') throw err;
          }
        }
        await db.query('UPDATE feed_warnings SET raised_at = coalesce(raised_at, now()) WHERE warning_id = $1', [w.warning_id]);
      });
      return out;
    },

    async finishFeedBatch(batchId: string, report: object): Promise<void> {
      await db.query(`UPDATE feed_batches SET state = 'DONE', report = coalesce(report, '{}'::jsonb) || $2::jsonb, finished_at = now() WHERE batch_id = $1`,
        [batchId, JSON.stringify(report)]);
    },

    async failFeedBatch(batchId: string, reason: string): Promise<void> {
      await db.query(`UPDATE feed_batches SET state = 'FAILED', failure_reason = $2, finished_at = now() WHERE batch_id = $1`, [batchId, reason.slice(0, 2000)]);
    },
  };
}

async function registryCounts(tx: Parameters<typeof registerBatchPersons>[0], batchId: string): Promise<MatchCounts> {
  const [c] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM feed_rows WHERE batch_id = $1 AND reject_reason IS NULL', [batchId]);
  return { valid: c?.n ?? 0, matched: c?.n ?? 0, notMatched: 0, warnings: 0 };
}

