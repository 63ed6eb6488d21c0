import type { Client } from '@temporalio/client';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';

type IHistory = temporal.api.history.v1.IHistory;
/** A Payload message wherever it sits in the history (protobuf objects: fields with defaults on the prototype). */
const isPayload = (v: object): v is Payload =>
  'metadata' in v && 'data' in v && typeof (v as { metadata: unknown }).metadata === 'object';

/** Codecs decode in the reverse order they encode (the SDK's convention). */
async function decodeOne(codecs: readonly PayloadCodec[], payload: Payload): Promise<Payload> {
  let out = [payload];
  for (const codec of [...codecs].reverse()) out = await codec.decode(out);
  return out[0] as Payload;
}

/**
 * A history as read from Temporal holds the payloads as the codec sealed them;
 * readers (the history routes, the export and replay CLIs) see them opened.
 * Every payload anywhere in the history is decoded in place; payloads the
 * codec did not seal (old or committed histories) are left as they are.
 */
export async function decodeHistory<H extends IHistory>(history: H, codecs: readonly PayloadCodec[]): Promise<H> {
  if (codecs.length === 0) return history;
  const visit = async (node: unknown): Promise<void> => {
    if (!node || typeof node !== 'object' || ArrayBuffer.isView(node)) return;
    const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
    for (const [key, value] of entries) {
      if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) continue;
      if (!Array.isArray(value) && isPayload(value)) (node as Record<string | number, unknown>)[key] = await decodeOne(codecs, value);
      else await visit(value);
    }
  };
  await visit(history);
  return history;
}

/** One run's history (the latest run by default), decoded with the client's codecs. */
export async function fetchDecodedHistory(client: Client, workflowId: string, runId?: string): Promise<IHistory> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return decodeHistory(history, client.options.loadedDataConverter.payloadCodecs);
}
