import { WorkflowExecutionAlreadyStartedError, type Client, type Workflow } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';

// For whoever starts a subject's workflow (the API, an activity); not workflow code.

/**
 * Starts the workflow unless one with this id ever ran (a closed subject is
 * not reopened by the same request or a retried activity); returns whether it
 * was created now.
 */
export async function startOnce(
  client: Client,
  workflow: Workflow | string,
  options: { workflowId: string; taskQueue: string; args: unknown[]; searchAttributes?: SearchAttributePair[] },
): Promise<boolean> {
  const { searchAttributes, ...start } = options;
  try {
    await client.workflow.start(workflow, {
      ...start,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      ...(searchAttributes?.length ? { typedSearchAttributes: searchAttributes } : {}),
    } as never);
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}
