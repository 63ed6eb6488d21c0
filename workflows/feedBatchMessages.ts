import { defineQuery } from '@temporalio/workflow';

/** Where a batch's run stands, and at its end its report (issue: rows read, rejected, matched, warnings, clues, not matched). */
export interface FeedBatchProgress {
  batchId: string;
  phase: 'MATCHING' | 'OPENING_CASES' | 'ADDING_CLUES' | 'DONE' | 'FAILED';
  rowsValid: number;
  matched: number;
  notMatched: number;
  warningsRaised: number;
  warningsDelivered: number;
  casesOpened: number;
  cluesAttached: number;
  exitReviewsOpened: number;
}

export const feedBatchProgressQuery = defineQuery<FeedBatchProgress>('feedBatchProgress');

export const feedBatchWorkflowId = (batchId: string) => `feed-batch-${batchId}`;
