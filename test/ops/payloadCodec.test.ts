import { randomBytes } from 'node:crypto';
import type { temporal } from '@temporalio/proto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCODING, KEY_ID_METADATA, parseKeyring } from '../../config/payloadCodec';
import { decodeHistory } from '../../config/historyDecoder';
import { dataConverterOf } from '../../temporal.config';
import { committedHistories, replayFailures } from '../support/histories';
import { workflowBundle } from '../support/temporal';

const key = () => randomBytes(32).toString('base64');
const codecOf = (spec: string, active?: string) => new AesGcmPayloadCodec(parseKeyring(spec, active));
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');

const FINDINGS = { findings: '入户核实：住院自付费用3.2万元，家庭收入骤减', amountFen: 1250000 };
const clear = (): Payload => defaultPayloadConverter.toPayload(FINDINGS) as Payload;

describe('payload codec (AES-256-GCM)', () => {
  const k1 = key();
  const k2 = key();

  it('seals a payload (nothing of it readable, key id in the metadata) and opens it again', async () => {
    const codec = codecOf(`k1:${k1}`);
    const [sealed] = await codec.encode([clear()]);
    expect(text(sealed?.metadata?.[METADATA_ENCODING_KEY])).toBe(ENCODING);
    expect(text(sealed?.metadata?.[KEY_ID_METADATA])).toBe('k1');
    expect(Buffer.from(sealed?.data ?? []).includes(Buffer.from('住院'))).toBe(false);
    expect(Object.keys(sealed?.metadata ?? {}).sort()).toEqual([METADATA_ENCODING_KEY, KEY_ID_METADATA].sort()); // json/plain is sealed too
    const [opened] = await codec.decode([sealed as Payload]);
    expect(defaultPayloadConverter.fromPayload(opened as Payload)).toEqual(FINDINGS);
    // A fresh IV each time: the same payload never seals to the same bytes.
    const [again] = await codec.encode([clear()]);
    expect(Buffer.from(again?.data ?? []).equals(Buffer.from(sealed?.data ?? []))).toBe(false);
  });

  it('rotates: a new active key seals, the old key still opens what it sealed; a key removed too early is named', async () => {
    const [old] = await codecOf(`k1:${k1}`).encode([clear()]);
    const rotated = codecOf(`k1:${k1},k2:${k2}`, 'k2');
    const [fresh] = await rotated.encode([clear()]);
    expect(text(fresh?.metadata?.[KEY_ID_METADATA])).toBe('k2');
    const opened = await rotated.decode([old as Payload, fresh as Payload]);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([FINDINGS, FINDINGS]);
    await expect(codecOf(`k2:${k2}`).decode([old as Payload])).rejects.toThrow('unknown codec key "k1"');
  });

  it('refuses a tampered payload, and one whose key id was swapped', async () => {
    const codec = codecOf(`k1:${k1},k2:${k1}`, 'k1');
    const [sealed] = (await codec.encode([clear()])) as [Payload];
    const flipped = Buffer.from(sealed.data ?? []);
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    await expect(codec.decode([{ ...sealed, data: flipped }])).rejects.toThrow();
    // Same key material under another id: the key id is authenticated, so this fails too.
    await expect(codec.decode([{ ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: Buffer.from('k2') } }])).rejects.toThrow();
    await expect(codec.decode([{ ...sealed, data: Buffer.alloc(10) }])).rejects.toThrow('truncated');
  });

  it('passes through payloads it did not seal (old histories, search attributes)', async () => {
    const plain = clear();
    expect(await codecOf(`k1:${k1}`).decode([plain])).toEqual([plain]);
  });

  it('rejects a malformed keyring without echoing key material', () => {
    expect(() => parseKeyring('k1:c2hvcnQ=', undefined)).toThrow('key k1 must be 32 bytes');
    expect(() => parseKeyring(`k1:${k1}`, 'k9')).toThrow('AIDLOOP_CODEC_ACTIVE_KEY must name one of the keys');
    expect(() => parseKeyring(`k1:${k1},k1:${k2}`, undefined)).toThrow('given twice');
    expect(() => parseKeyring(k1, undefined)).toThrow(/<key id>:<base64 key>/);
  });

  it('leaves the committed (clear) histories replayable through the codec, and decoding them changes nothing', async () => {
    const histories = committedHistories();
    const converter = dataConverterOf({ AIDLOOP_CODEC_KEYS: `k1:${k1}`, AIDLOOP_CODEC_ACTIVE_KEY: undefined });
    expect(await replayFailures(await workflowBundle(), histories, converter)).toEqual([]);
    const [first] = histories;
    const before = JSON.stringify(first?.history);
    await decodeHistory(first!.history as temporal.api.history.v1.IHistory, converter.payloadCodecs ?? []);
    expect(JSON.stringify(first?.history)).toBe(before);
  });
});
