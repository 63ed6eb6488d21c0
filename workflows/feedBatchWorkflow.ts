import { ApplicationFailure, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { feedBatchProgressQuery, type FeedBatchProgress } from './feedBatchMessages';

const { prepareFeedBatch, raiseFeedWarnings, finishFeedBatch, failFeedBatch } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** Warnings one activity raises by default; each chunk's case starts run with bounded concurrency inside it. */
const CHUNK = 200;

/**
 * One staged department batch, durably: match it against the monitored
 * population, then open the cases its new warnings call for and send the other
 * clues to the open cases they join, chunk by chunk. Every case id comes from
 * its source row, so a worker that dies mid-batch leaves nothing started twice:
 * the next worker goes on from the last completed chunk. Ends with the report.
 */
export async function feedBatchWorkflow(input: { batchId: string; chunkSize?: number }): Promise<FeedBatchProgress> {
  const chunkSize = input.chunkSize ?? CHUNK;
  const progress: FeedBatchProgress = {
    batchId: input.batchId, phase: 'MATCHING', rowsValid: 0, matched: 0, notMatched: 0, warningsRaised: 0,
    warningsDelivered: 0, casesOpened: 0, cluesAttached: 0, exitReviewsOpened: 0,
  };
  setHandler(feedBatchProgressQuery, () => progress);
  try {
    const match = await prepareFeedBatch(input.batchId);
    Object.assign(progress, { rowsValid: match.valid, matched: match.matched, notMatched: match.notMatched, warningsRaised: match.warnings });
    for (const disposition of ['NEW_CASE', 'CLUE'] as const) {
      progress.phase = disposition === 'NEW_CASE' ? 'OPENING_CASES' : 'ADDING_CLUES';
      let after = '0';
      for (;;) {
        const chunk = await raiseFeedWarnings({ batchId: input.batchId, disposition, afterWarningId: after, limit: chunkSize });
        progress.warningsDelivered += chunk.count;
        progress.casesOpened += chunk.newCases;
        progress.cluesAttached += chunk.clues;
        progress.exitReviewsOpened += chunk.exitReviews;
        if (chunk.lastWarningId === null || chunk.count < chunkSize) break;
        after = chunk.lastWarningId;
      }
    }
    progress.phase = 'DONE';
    await finishFeedBatch(input.batchId, progress);
    return progress;
  } catch (err) {
    progress.phase = 'FAILED';
    const reason = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
    await failFeedBatch(input.batchId, reason);
    throw ApplicationFailure.nonRetryable(`feed batch ${input.batchId} failed: ${reason}`, 'FeedBatchFailed');
  }
}
