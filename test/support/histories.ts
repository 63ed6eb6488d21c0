import fs from 'node:fs';
import path from 'node:path';
import type { HistoryAndWorkflowId, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker, type WorkflowBundle } from '@temporalio/worker';

const { History } = temporal.api.history.v1;

export const HISTORIES_DIR = path.join(__dirname, '..', 'histories');

/** Histories of the workflows a test file ran, kept for replay against the current code. */
export class RecordedHistories {
  private readonly histories: HistoryAndWorkflowId[] = [];

  async add(name: string, handle: WorkflowHandle): Promise<void> {
    const history = await handle.fetchHistory();
    this.histories.push({ workflowId: handle.workflowId, history });
    // `RECORD_HISTORIES=1 npm test` refreshes the committed fixtures that guard old histories.
    if (process.env.RECORD_HISTORIES === '1') {
      const json = History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
      fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), JSON.stringify(json, null, 1));
    }
  }

  get all(): HistoryAndWorkflowId[] {
    return this.histories;
  }
}

/** The committed histories (protobuf objects as JSON: int64 as strings, bytes as base64). */
export function committedHistories(): HistoryAndWorkflowId[] {
  return fs
    .readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: History.fromObject(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, f), 'utf8'))) }));
}

/** Replays histories against the current workflow code; returns the ids that no longer replay, with why. */
export async function replayFailures(bundle: WorkflowBundle, histories: Iterable<HistoryAndWorkflowId>): Promise<string[]> {
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  return failures;
}
