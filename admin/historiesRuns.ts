import { archivedRuns, type ArchiveDeps } from '../activities/archive';
import { parseRunRef } from './histories';

/** Which runs `histories:export` writes. */
export type RunSelection = { refs: string[] } | { closedSince: Date } | { all: true };

type Run = { workflowId: string; runId: string };

const quoted = (v: string) => `"${v.replace(/["\\]/g, '\\$&')}"`;

/** Temporal's runs matching a visibility query that the archive does not hold (those came from the archive already). */
async function* liveRunsNotArchived(deps: ArchiveDeps, query: string): AsyncIterable<Run> {
  for await (const w of deps.temporal.workflow.list({ query })) {
    const [known] = await deps.db.query('SELECT 1 FROM history_archive WHERE workflow_id = $1 AND run_id = $2', [w.workflowId, w.runId]);
    if (!known) yield { workflowId: w.workflowId, runId: w.runId };
  }
}

/**
 * Every run a selection names, each once: the archive's first, then those only
 * Temporal has. A bare workflow id means every run of it (each year of an
 * enrolment that continued as new); `workflowId:runId` one run.
 */
export async function* selectRuns(deps: ArchiveDeps, selection: RunSelection): AsyncIterable<Run> {
  if ('refs' in selection) {
    for (const ref of selection.refs) {
      const { workflowId, runId } = parseRunRef(ref);
      if (runId) {
        yield { workflowId, runId };
        continue;
      }
      yield* archivedRuns(deps.db, { workflowId });
      yield* liveRunsNotArchived(deps, `WorkflowId = ${quoted(workflowId)}`);
    }
  } else if ('closedSince' in selection) {
    yield* archivedRuns(deps.db, { closedSince: selection.closedSince });
    yield* liveRunsNotArchived(deps, `ExecutionStatus != "Running" AND CloseTime >= ${quoted(selection.closedSince.toISOString())}`);
  } else {
    yield* archivedRuns(deps.db);
    yield* liveRunsNotArchived(deps, '');
  }
}
