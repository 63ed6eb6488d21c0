import { DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { connectClient, temporalConfig } from '../temporal.config';
import { workflowsPath } from '../worker/createWorker';
import { exportHistories, readHistories, replayFailures } from './histories';

const USAGE = [
  'usage: npm run histories:export -- <workflowId[:runId]>... --out <dir>',
  '       npm run histories:replay -- <dir or file.json>...',
].join('\n');

/** `histories:export`: fetches each workflow's history from Temporal (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE) into <dir>. */
export async function exportMain(args: string[]): Promise<number> {
  const outAt = args.indexOf('--out');
  const outDir = outAt >= 0 ? args[outAt + 1] : undefined;
  const refs = args.filter((_, i) => outAt < 0 || (i !== outAt && i !== outAt + 1));
  if (!outDir || refs.length === 0 || refs.some((r) => r.startsWith('--'))) {
    console.error(USAGE);
    return 2;
  }
  const client = await connectClient(temporalConfig());
  try {
    const files = await exportHistories((id, runId) => client.workflow.getHandle(id, runId).fetchHistory(), refs, outDir);
    for (const f of files) console.log(`[aidloop] wrote ${f}`);
    return 0;
  } finally {
    await client.connection.close();
  }
}

/** `histories:replay`: replays the files against the current workflow code; exit 1 if any no longer replays. */
export async function replayMain(args: string[]): Promise<number> {
  if (args.length === 0 || args.some((a) => a.startsWith('--'))) {
    console.error(USAGE);
    return 2;
  }
  const histories = readHistories(args);
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed (when called from a test)
  }
  const bundle = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
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
