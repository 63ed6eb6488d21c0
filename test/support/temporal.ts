import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { loadEnv } from '../../config/env';
import { dataConverterOf } from '../../temporal.config';
import { workflowBundlerOptions, workflowsPath } from '../../worker/createWorker';
import { AIDLOOP_SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';
import { temporalCliPath, temporalTestServerPath } from './env';

let runtimeInstalled = false;
/** Keep the SDK quiet in test output unless something goes wrong. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}

/** Test clients seal payloads with the codec, as the workers (createWorker's default) open them. */
const client = { dataConverter: dataConverterOf(loadEnv()) };

/**
 * The official servers, installed by scripts/ensure-temporal.sh: the SDK's own
 * download cannot work offline, so both are started from existing paths.
 */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    client,
  });
  // The test server has no start option for search attributes, but implements the operator call that adds them.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(AIDLOOP_SEARCH_ATTRIBUTES.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`]])),
  });
  return env;
}

export function devServerEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalCliPath() }, ui: false, searchAttributes: AIDLOOP_SEARCH_ATTRIBUTES },
    client,
  });
}

let bundle: Promise<WorkflowBundle> | undefined;
/** Bundle the workflow code once per test file. */
export function workflowBundle(): Promise<WorkflowBundle> {
  quietRuntime();
  bundle ??= bundleWorkflowCode({ workflowsPath, ...workflowBundlerOptions, logger: new DefaultLogger('WARN') });
  return bundle;
}
