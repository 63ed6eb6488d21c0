import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/**
 * Temporal payload codec: every payload the client or the worker writes into a
 * history (workflow inputs, updates, queries, results, activity inputs and
 * results) is sealed with AES-256-GCM before it leaves the process, so the
 * findings, illnesses and family circumstances in them are not stored in
 * clear on the Temporal cluster.
 *
 * The sealed payload's metadata names the encoding and the key id; its data
 * is IV ‖ ciphertext ‖ tag of the whole original payload (metadata included).
 * Several keys may be configured: the active one seals, any of them opens, so
 * keys rotate without breaking old histories. A payload without this encoding
 * (the committed replay histories, search attributes) passes through as it is.
 */
export const ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Keyring {
  /** The key id new payloads are sealed with. */
  activeKeyId: string;
  /** Every key that may open a payload, by id (32 bytes each). */
  keys: ReadonlyMap<string, Buffer>;
}

const { Payload: PayloadMessage } = temporal.api.common.v1;
const utf8 = (s: string) => Buffer.from(s, 'utf8');

/**
 * Parses `id:base64key,id:base64key` (each key 32 bytes) with the active id.
 * Throws naming what is wrong; never echoes key material.
 */
export function parseKeyring(spec: string, activeKeyId: string | undefined): Keyring {
  const keys = new Map<string, Buffer>();
  for (const entry of spec.split(',').map((e) => e.trim()).filter(Boolean)) {
    const at = entry.indexOf(':');
    const id = entry.slice(0, at);
    if (at <= 0 || !/^[\w.-]{1,64}$/.test(id)) throw new Error('AIDLOOP_CODEC_KEYS: each entry must be <key id>:<base64 key>');
    const key = Buffer.from(entry.slice(at + 1), 'base64');
    if (key.length !== 32) throw new Error(`AIDLOOP_CODEC_KEYS: key ${id} must be 32 bytes (base64 of 32 random bytes)`);
    if (keys.has(id)) throw new Error(`AIDLOOP_CODEC_KEYS: key id ${id} is given twice`);
    keys.set(id, key);
  }
  const first = keys.keys().next();
  const active = activeKeyId || (first.done ? undefined : first.value); // unset or empty: the first key
  if (!active || !keys.has(active)) throw new Error('AIDLOOP_CODEC_ACTIVE_KEY must name one of the keys in AIDLOOP_CODEC_KEYS');
  return { activeKeyId: active, keys };
}

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keyring: Keyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.keyring.activeKeyId;
    const key = this.keyring.keys.get(keyId) as Buffer;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The key id is authenticated too: a payload moved under another id fails to open.
      cipher.setAAD(utf8(keyId));
      const sealed = Buffer.concat([iv, cipher.update(PayloadMessage.encode(payload).finish()), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { [METADATA_ENCODING_KEY]: utf8(ENCODING), [KEY_ID_METADATA]: utf8(keyId) }, data: sealed };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || Buffer.from(encoding).toString('utf8') !== ENCODING) return payload;
      const keyId = Buffer.from(payload.metadata?.[KEY_ID_METADATA] ?? []).toString('utf8');
      const key = this.keyring.keys.get(keyId);
      if (!key) throw new Error(`payload sealed with unknown codec key ${JSON.stringify(keyId)}`);
      const data = Buffer.from(payload.data ?? []);
      if (data.length < IV_BYTES + TAG_BYTES) throw new Error('sealed payload is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(utf8(keyId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      // final() throws when the tag does not match: a tampered payload never decodes.
      const clear = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return PayloadMessage.decode(clear) as Payload;
    });
  }
}
