import fs from 'node:fs';
import path from 'node:path';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { DataConverter } from '@temporalio/common';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import { loadEnv } from '../config/env';
import { dataConverterOf } from '../temporal.config';

const { History } = temporal.api.history.v1;
type IHistory = temporal.api.history.v1.IHistory;

/**
 * Workflow histories as files, for auditors and for the replay tests: the
 * protobuf object as JSON (int64 as strings, enums by name, bytes as base64),
 * one file per workflow named after its id.
 */
export function historyToJson(history: IHistory): unknown {
  return History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
}

export function historyFromJson(json: unknown): temporal.api.history.v1.History {
  return History.fromObject(json as Record<string, unknown>);
}

/** The file a workflow's history is written to (ids may hold characters a file name cannot). */
export const historyFileName = (workflowId: string): string => `${encodeURIComponent(workflowId)}.json`;

export function writeHistoryFile(file: string, history: IHistory): void {
  fs.writeFileSync(file, JSON.stringify(historyToJson(history), null, 1));
}

export function readHistoryFile(file: string): HistoryAndWorkflowId {
  const workflowId = decodeURIComponent(path.basename(file).replace(/\.json$/, ''));
  return { workflowId, history: historyFromJson(JSON.parse(fs.readFileSync(file, 'utf8'))) };
}

/** The histories in the given files and directories (a directory: each of its *.json files, sorted). */
export function readHistories(paths: string[]): HistoryAndWorkflowId[] {
  return paths.flatMap((p) =>
    fs.statSync(p).isDirectory()
      ? fs.readdirSync(p).filter((f) => f.endsWith('.json')).sort().map((f) => readHistoryFile(path.join(p, f)))
      : [readHistoryFile(p)],
  );
}

/** Fetches one workflow's history (the latest run, or `runId`'s). */
export type FetchHistory = (workflowId: string, runId?: string) => Promise<IHistory>;

/**
 * Writes each workflow's history to `outDir`; `workflowId:runId` picks a run.
 * Returns the files written.
 */
export async function exportHistories(fetchHistory: FetchHistory, refs: string[], outDir: string): Promise<string[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const ref of refs) {
    const m = /^(.*):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(ref);
    const [workflowId, runId] = m ? [m[1] ?? '', m[2]] : [ref, undefined];
    const file = path.join(outDir, historyFileName(workflowId));
    writeHistoryFile(file, await fetchHistory(workflowId, runId));
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
