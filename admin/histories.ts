import fs from 'node:fs';
import path from 'node:path';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { loadEnv } from '../config/env';
import { dataConverterOf } from '../temporal.config';
import { historyFromJson, historyToJson, type IHistory } from './historiesJson';

const RUN_ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The file one run's history is written to: `<workflowId>@<runId>.json`, so
 * each run of a workflow that continued as new has its own file (ids may hold
 * characters a file name cannot: encoded; '@' is encoded inside them).
 * Without a run id (the committed fixtures): `<workflowId>.json`.
 */
export const historyFileName = (workflowId: string, runId?: string): string =>
  `${encodeURIComponent(workflowId)}${runId ? `@${runId}` : ''}.json`;

export function writeHistoryFile(file: string, history: IHistory): void {
  fs.writeFileSync(file, JSON.stringify(historyToJson(history), null, 1));
}

export function readHistoryFile(file: string): HistoryAndWorkflowId {
  const name = path.basename(file).replace(/\.json$/, '').replace(new RegExp(`@${RUN_ID}$`, 'i'), '');
  return { workflowId: decodeURIComponent(name), history: historyFromJson(JSON.parse(fs.readFileSync(file, 'utf8'))) };
}

/** The histories in the given files and directories (a directory: each of its *.json files, sorted). */
export function readHistories(paths: string[]): HistoryAndWorkflowId[] {
  return paths.flatMap((p) =>
    fs.statSync(p).isDirectory()
      ? fs.readdirSync(p).filter((f) => f.endsWith('.json')).sort().map((f) => readHistoryFile(path.join(p, f)))
      : [readHistoryFile(p)],
  );
}

/** `workflowId:runId` → both; a bare workflow id → no run id. */
export function parseRunRef(ref: string): { workflowId: string; runId?: string } {
  const m = new RegExp(`^(.*):(${RUN_ID})$`, 'i').exec(ref);
  return m ? { workflowId: m[1] ?? '', runId: m[2] ?? '' } : { workflowId: ref };
}

/** Reads one run's history (live or archived). */
export type ReadRun = (workflowId: string, runId: string) => Promise<IHistory>;

/** Writes each run's history to `outDir`, one file per run; returns the files written. */
export async function exportHistories(read: ReadRun, runs: AsyncIterable<{ workflowId: string; runId: string }>, outDir: string): Promise<string[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for await (const { workflowId, runId } of runs) {
    const file = path.join(outDir, historyFileName(workflowId, runId));
    writeHistoryFile(file, await read(workflowId, runId));
    written.push(file);
  }
  return written;
}

/**
 * Replays histories against the current workflow code; returns the ids that no longer replay, with why.
 * The payload codec opens sealed payloads and passes clear ones (the committed fixtures) through.
 */
export async function replayFailures(bundle: WorkflowBundle, histories: Iterable<HistoryAndWorkflowId>, dataConverter: DataConverter = dataConverterOf(loadEnv())): Promise<string[]> {
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  return failures;
}
