import fs from 'node:fs';
import { DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import { readHistory, type ArchiveDeps } from '../activities/archive';
import { loadEnv } from '../config/env';
import { createDb } from '../db/pool';
import { connectClient, temporalConfig } from '../temporal.config';
import { workflowBundlerOptions, workflowsPath } from '../worker/createWorker';
import { exportHistories, parseRunRef, readHistories, replayFailures } from './histories';
import { selectRuns, type RunSelection } from './historiesRuns';

const USAGE = [
  'usage: npm run histories:export -- (<workflowId[:runId]>... | --closed-since <date> | --all) --out <dir>',
  '       npm run histories:replay -- <dir | file.json | workflowId[:runId]>...',
].join('\n');

/** Temporal (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE) and the archive (DATABASE_URL) for the duration of `fn`. */
async function withSources<T>(env: NodeJS.ProcessEnv, fn: (deps: ArchiveDeps) => Promise<T>): Promise<T> {
  const config = temporalConfig(loadEnv(env));
  const temporal = await connectClient(config);
  const db = createDb(loadEnv(env).DATABASE_URL, 2);
  try {
    return await fn({ db, temporal });
  } finally {
    await Promise.all([temporal.connection.close(), db.close()]);
  }
}

function parseSelection(args: string[]): RunSelection | undefined {
  if (args.length === 1 && args[0] === '--all') return { all: true };
  if (args[0] === '--closed-since') {
    const since = new Date(args[1] ?? '');
    return args.length === 2 && !Number.isNaN(since.getTime()) ? { closedSince: since } : undefined;
  }
  return args.length > 0 && !args.some((a) => a.startsWith('--')) ? { refs: args } : undefined;
}

/**
 * `histories:export`: one file per run (`<workflowId>@<runId>.json`), live from
 * Temporal or from the archive once Temporal no longer has the run.
 */
export async function exportMain(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const outAt = args.indexOf('--out');
  const outDir = outAt >= 0 ? args[outAt + 1] : undefined;
  const selection = parseSelection(args.filter((_, i) => outAt < 0 || (i !== outAt && i !== outAt + 1)));
  if (!outDir || !selection) {
    console.error(USAGE);
    return 2;
  }
  return withSources(env, async (deps) => {
    const read = async (id: string, runId: string) => (await readHistory(deps, id, runId)).history;
    const files = await exportHistories(read, selectRuns(deps, selection), outDir);
    for (const f of files) console.log(`[aidloop] wrote ${f}`);
    console.log(`[aidloop] ${files.length} run(s) exported`);
    return 0;
  });
}

/**
 * `histories:replay`: replays files, or runs read live or from the archive,
 * against the current workflow code; exit 1 if any no longer replays.
 */
export async function replayMain(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args.length === 0 || args.some((a) => a.startsWith('--'))) {
    console.error(USAGE);
    return 2;
  }
  const paths = args.filter((a) => fs.existsSync(a));
  const refs = args.filter((a) => !fs.existsSync(a));
  const histories: HistoryAndWorkflowId[] = readHistories(paths);
  if (refs.length > 0) {
    await withSources(env, async (deps) => {
      for (const ref of refs) {
        const { workflowId, runId } = parseRunRef(ref);
        histories.push({ workflowId, history: (await readHistory(deps, workflowId, runId)).history });
      }
    });
  }
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed (when called from a test)
  }
  const bundle = await bundleWorkflowCode({ workflowsPath, ...workflowBundlerOptions, logger: new DefaultLogger('WARN') });
  const failures = await replayFailures(bundle, histories);
  for (const f of failures) console.error(`[aidloop] does not replay: ${f}`);
  console.log(`[aidloop] ${histories.length - failures.length} of ${histories.length} histories replay with the current workflow code`);
  return failures.length === 0 ? 0 : 1;
}

if (require.main === module) {
  const [command, ...args] = process.argv.slice(2);
  const run = command === 'export' ? exportMain : command === 'replay' ? replayMain : undefined;
  if (!run) {
    console.error(USAGE);
    process.exit(2);
  }
  run(args).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`[aidloop] histories ${command} failed:`, err instanceof Error ? err.message : err);
      process.exit(2);
    },
  );
}
