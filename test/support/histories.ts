import path from 'node:path';
import type { HistoryAndWorkflowId, WorkflowHandle } from '@temporalio/client';
import { readHistories, writeHistoryFile } from '../../admin/histories';
import { decodeHistory } from '../../config/historyDecoder';

export { replayFailures } from '../../admin/histories';

export const HISTORIES_DIR = path.join(__dirname, '..', 'histories');

/** Histories of the workflows a test file ran, kept for replay against the current code. */
export class RecordedHistories {
  private readonly histories: HistoryAndWorkflowId[] = [];

  async add(name: string, handle: WorkflowHandle): Promise<void> {
    // Opened with the codec: the committed fixtures are kept in clear, readable in review.
    const history = await decodeHistory(await handle.fetchHistory(), handle.client.options.loadedDataConverter.payloadCodecs);
    this.histories.push({ workflowId: handle.workflowId, history });
    // `RECORD_HISTORIES=1 npm test` refreshes the committed fixtures that guard old histories.
    if (process.env.RECORD_HISTORIES === '1') writeHistoryFile(path.join(HISTORIES_DIR, `${name}.json`), history);
  }

  get all(): HistoryAndWorkflowId[] {
    return this.histories;
  }
}

/** The committed histories (protobuf objects as JSON: int64 as strings, bytes as base64). */
export function committedHistories(): HistoryAndWorkflowId[] {
  return readHistories([HISTORIES_DIR]);
}
