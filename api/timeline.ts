import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { readHistory } from '../activities/archive';
import { decodeHistory } from '../config/historyDecoder';
import type { ApiDeps } from './deps';
import { z } from 'zod';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;

export const TimelineEntry = z.object({
  /** The run of the workflow (a subject that continues as new has several), and the event's id within it. */
  runId: z.string().optional(),
  eventId: z.number().int(),
  at: z.string().nullable(),
  what: z.string(),
  by: z.unknown().optional(),
  payload: z.unknown().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

function decode(payloads: Payloads): unknown[] {
  return (payloads?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p));
}

function timeOf(e: HistoryEvent): string | null {
  const t = e.eventTime;
  if (!t?.seconds) return null;
  return new Date(Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)).toISOString();
}

/** The marker Temporal's core SDK records for a local activity (patch markers are bookkeeping, left out). */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** What a workflow's own history events are called in its timeline. */
export interface TimelineLabels {
  /** The activity that writes the projection (its entries are summarised). */
  projectionActivity: string;
  started: string;
  timerStarted: string;
  timerFired: string;
  completed: string;
  ended: string;
}

/** A projection entry is large; the timeline says what it recorded, for whom, and the state it led to. */
function activityEntry(name: string, input: unknown[], projectionActivity: string): Pick<TimelineEntry, 'what' | 'by' | 'payload'> {
  const [first] = input as [Record<string, unknown> | undefined];
  if (name === projectionActivity && first) {
    const toState = (first.status as { state?: string } | undefined)?.state;
    return {
      what: `record ${String(first.eventType)} (${String(first.fromState)} → ${String(toState)})`,
      by: first.actor,
      payload: { seq: first.seq, eventType: first.eventType, payload: first.payload },
    };
  }
  return { what: `${name} scheduled`, payload: first };
}

/**
 * A subject's Temporal event history as a readable timeline for auditors: who
 * asked for what and when, what the workflow did, which timers ran. Workflow
 * task bookkeeping is left out; everything else is shown.
 */
export function toTimeline(events: HistoryEvent[], labels: TimelineLabels): TimelineEntry[] {
  const updates = new Map<string, { name: string; by: unknown }>();
  const activityNames = new Map<string, string>();
  const out: TimelineEntry[] = [];
  for (const e of events) {
    const base = { eventId: Number(e.eventId), at: timeOf(e) };
    if (e.workflowExecutionStartedEventAttributes) {
      const [input] = decode(e.workflowExecutionStartedEventAttributes.input) as [{ actor?: unknown } | undefined];
      out.push({ ...base, what: labels.started, by: input?.actor, payload: input });
    } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const req = e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest;
      const name = req?.input?.name ?? 'update';
      const [arg] = decode(req?.input?.args) as [{ actor?: unknown; input?: unknown } | undefined];
      updates.set(req?.meta?.updateId ?? '', { name, by: arg?.actor });
      out.push({ ...base, what: `${name} requested`, by: arg?.actor, payload: arg?.input });
    } else if (e.workflowExecutionUpdateCompletedEventAttributes) {
      const a = e.workflowExecutionUpdateCompletedEventAttributes;
      const { name, by } = updates.get(a.meta?.updateId ?? '') ?? { name: 'update', by: undefined };
      const failure = a.outcome?.failure;
      out.push(failure
        ? { ...base, what: `${name} rejected`, by, payload: { message: failure.message } }
        : { ...base, what: `${name} done`, by, payload: decode(a.outcome?.success)[0] });
    } else if (e.activityTaskScheduledEventAttributes) {
      const a = e.activityTaskScheduledEventAttributes;
      const name = a.activityType?.name ?? 'activity';
      activityNames.set(String(e.eventId), name);
      out.push({ ...base, ...activityEntry(name, decode(a.input), labels.projectionActivity) });
    } else if (e.activityTaskCompletedEventAttributes) {
      const name = activityNames.get(String(e.activityTaskCompletedEventAttributes.scheduledEventId)) ?? 'activity';
      out.push({ ...base, what: `${name} completed`, payload: decode(e.activityTaskCompletedEventAttributes.result)[0] });
    } else if (e.activityTaskFailedEventAttributes) {
      const name = activityNames.get(String(e.activityTaskFailedEventAttributes.scheduledEventId)) ?? 'activity';
      out.push({ ...base, what: `${name} failed`, payload: { message: e.activityTaskFailedEventAttributes.failure?.message } });
    } else if (e.markerRecordedEventAttributes?.markerName === LOCAL_ACTIVITY_MARKER) {
      // A local activity leaves only a marker: its name (in plain JSON, written by the SDK's core) and its result.
      const details = e.markerRecordedEventAttributes.details ?? {};
      const [data] = decode(details.data) as [{ activity_type?: string } | undefined];
      out.push({ ...base, what: `${data?.activity_type ?? 'local activity'} completed (local)`, payload: decode(details.result)[0] });
    } else if (e.timerStartedEventAttributes) {
      const seconds = Number(e.timerStartedEventAttributes.startToFireTimeout?.seconds ?? 0);
      out.push({ ...base, what: labels.timerStarted, payload: { firesInSeconds: seconds } });
    } else if (e.timerFiredEventAttributes) {
      out.push({ ...base, what: labels.timerFired });
    } else if (e.workflowExecutionCompletedEventAttributes) {
      out.push({ ...base, what: labels.completed, payload: decode(e.workflowExecutionCompletedEventAttributes.result)[0] });
    } else if (e.workflowExecutionFailedEventAttributes || e.workflowExecutionTerminatedEventAttributes) {
      out.push({ ...base, what: labels.ended });
    }
  }
  return out;
}

/**
 * Every run of a subject's workflow, oldest first, as one timeline: a subject
 * that continues as new (an enrolment, yearly) is walked back run by run
 * through each run's start event.
 */
export async function subjectTimeline(deps: ApiDeps, workflowId: string, labels: TimelineLabels): Promise<TimelineEntry[]> {
  const runs: { runId: string; events: HistoryEvent[] }[] = [];
  let runId: string | undefined;
  do {
    const { history } = await readHistory(deps, workflowId, runId); // live, or archived once Temporal deleted it
    const events = (await decodeHistory(history, deps.temporal.options.loadedDataConverter.payloadCodecs)).events ?? [];
    const started = events[0]?.workflowExecutionStartedEventAttributes;
    runs.unshift({ runId: started?.originalExecutionRunId ?? runId ?? '', events });
    runId = started?.continuedExecutionRunId || undefined;
  } while (runId);
  return runs.flatMap((run) => toTimeline(run.events, labels).map((entry) => ({ runId: run.runId, ...entry })));
}
