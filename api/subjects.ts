import type { Workflow } from '@temporalio/client';
import type { Response } from 'express';
import type { SearchAttributePair, UpdateDefinition } from '@temporalio/common';
import { shanghaiDateOf } from '../domain/calendarDate';
import type { Actor } from '../domain/vocabulary';
import type { SubjectType } from '../domain/taskSpec';
import type { ActionRequest } from '../workflows/subjectMessages';
import { startOnce } from '../workflows/startOnce';
import { TIMED_OUT, confirmed } from './confirmed';
import type { ApiDeps } from './deps';
import { HttpError } from './errors';

/**
 * What every durable subject's API does alike (cases, applications, …):
 * start its workflow once per id, send a human step as an Update, and show
 * its tasks.
 */

export interface Received {
  created: boolean;
  /** No worker confirmed receipt in time: the workflow exists and goes on when one is back. */
  pending: boolean;
}

/**
 * Starts a subject's workflow once (with the search attributes it will have
 * once received, when the subject's kind takes them from its start) and waits,
 * at most stepTimeoutMs, until it confirms receipt with `receipt` (skipped
 * when `finished()`: a closed subject answers from the projection).
 */
export async function receive<W extends Workflow>(
  deps: ApiDeps,
  workflow: W,
  workflowId: string,
  args: Parameters<W>,
  receipt: UpdateDefinition<unknown, []>,
  finished: () => Promise<boolean>,
  searchAttributes: SearchAttributePair[] = [],
): Promise<Received> {
  const created = await startOnce(deps.temporal, workflow, { workflowId, taskQueue: deps.taskQueue, args, searchAttributes });
  // A workflow this request just started cannot be closed yet: only a seen-before subject is looked up.
  if (!created && (await finished())) return { created, pending: false };
  const confirmedReceipt = await confirmed(deps, () => deps.temporal.workflow.getHandle(workflowId).executeUpdate(receipt));
  return { created, pending: confirmedReceipt === TIMED_OUT };
}

/** 201 new (with its Location), 200 seen before (the same request again), or 202 when receipt is not confirmed yet: nothing is lost. */
export async function answerReceived(res: Response, received: Received, idField: string, id: string, location: string, view: () => Promise<object>): Promise<void> {
  if (received.pending) {
    res.status(202).location(location).json({ created: received.created, [idField]: id, state: 'receiving' });
    return;
  }
  if (received.created) res.location(location);
  res.status(received.created ? 201 : 200).json({ created: received.created, ...(await view()) });
}

/**
 * A human step: the workflow's validator decides legality against its machine
 * (409 when illegal). With an idempotency key a retried request is the same
 * Temporal update, so the step is applied once whatever the network does.
 */
export async function sendStep(
  deps: ApiDeps,
  workflowId: string,
  action: string,
  update: UpdateDefinition<unknown, [ActionRequest]>,
  request: { actor: Actor; input: unknown; idempotencyKey?: string | undefined },
): Promise<void> {
  const handle = deps.temporal.workflow.getHandle(workflowId);
  const done = await confirmed(deps, () =>
    handle.executeUpdate(update, {
      args: [{ actor: request.actor, input: request.input }],
      ...(request.idempotencyKey ? { updateId: `${action}:${request.idempotencyKey}` } : {}),
    }),
  );
  if (done === TIMED_OUT) {
    throw new HttpError(503, 'STEP_NOT_CONFIRMED',
      `no worker confirmed ${action} within ${deps.stepTimeoutMs} ms; it may still be applied: check it, and retry with the same Idempotency-Key`);
  }
}

interface TaskRow {
  task_id: string;
  kind: string;
  region_code: string;
  department: string | null;
  title: string;
  due_on: string | null;
  status: 'OPEN' | 'DONE';
  opened_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
}

/** A subject's open and completed tasks; an open task past its due date (Asia/Shanghai) is overdue. */
export async function subjectTasks(deps: ApiDeps, type: SubjectType, id: string) {
  const tasks = await deps.db.query<TaskRow>(
    `SELECT task_id, kind, region_code, department, title, due_on, status, opened_at, completed_at, completed_by
       FROM tasks WHERE subject_type = $1 AND subject_id = $2 ORDER BY opened_at, task_id`,
    [type, id],
  );
  const today = shanghaiDateOf((deps.now ?? Date.now)());
  const view = (t: TaskRow) => ({
    taskId: t.task_id,
    kind: t.kind,
    title: t.title,
    regionCode: t.region_code,
    department: t.department,
    dueOn: t.due_on,
    status: t.status,
    openedAt: t.opened_at,
    completedAt: t.completed_at,
    completedBy: t.completed_by,
  });
  return {
    openTasks: tasks.filter((t) => t.status === 'OPEN').map((t) => ({ ...view(t), overdue: t.due_on !== null && t.due_on < today })),
    completedTasks: tasks.filter((t) => t.status === 'DONE').map(view),
  };
}
