import { temporal } from '@temporalio/proto';

const { History } = temporal.api.history.v1;
export type IHistory = temporal.api.history.v1.IHistory;

/**
 * Workflow histories as JSON, for auditors, the archive and the replay tests:
 * the protobuf object (int64 as strings, enums by name, bytes as base64).
 * Kept apart from admin/histories.ts so the API and the archiver need no worker code.
 */
export function historyToJson(history: IHistory): unknown {
  return History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
}

export function historyFromJson(json: unknown): temporal.api.history.v1.History {
  return History.fromObject(json as Record<string, unknown>);
}
