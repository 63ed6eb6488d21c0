import fs from 'node:fs';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { loadEnv, type Env } from './config/env';
import { AesGcmPayloadCodec, parseKeyring } from './config/payloadCodec';

/**
 * Where the service finds Temporal and how it talks to it: the local dev
 * server by default, a cluster via TEMPORAL_ADDRESS with TLS / mTLS and an API
 * key when configured; and the data converter whose codec seals every payload.
 */
export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** TLS (server CA, client certificate pair for mTLS, SNI override); undefined: plaintext. */
  tls?: TLSConfig | true | undefined;
  apiKey?: string | undefined;
  dataConverter: DataConverter;
}

/** The codec every client, worker and replayer of this deployment uses (AIDLOOP_CODEC_KEYS). */
export function dataConverterOf(env: Pick<Env, 'AIDLOOP_CODEC_KEYS' | 'AIDLOOP_CODEC_ACTIVE_KEY'>): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(parseKeyring(env.AIDLOOP_CODEC_KEYS, env.AIDLOOP_CODEC_ACTIVE_KEY))] };
}

function tlsOf(env: Env): TLSConfig | true | undefined {
  const read = (file: string | undefined) => (file ? fs.readFileSync(file) : undefined);
  if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) throw new Error('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (mTLS)');
  const crt = read(env.TEMPORAL_TLS_CERT);
  const key = read(env.TEMPORAL_TLS_KEY);
  const tls: TLSConfig = {
    ...(env.TEMPORAL_TLS_CA ? { serverRootCACertificate: read(env.TEMPORAL_TLS_CA) } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
  if (Object.keys(tls).length > 0) return tls;
  // An API key travels as a bearer token: never over plaintext.
  return env.TEMPORAL_API_KEY ? true : undefined;
}

export function temporalConfig(env: Env = loadEnv()): TemporalConfig {
  return {
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    tls: tlsOf(env),
    apiKey: env.TEMPORAL_API_KEY,
    dataConverter: dataConverterOf(env),
  };
}

export const connectionOptions = (config: TemporalConfig) => ({
  address: config.address,
  ...(config.tls ? { tls: config.tls } : {}),
  ...(config.apiKey ? { apiKey: config.apiKey } : {}),
});

/** A client (CLIs, the worker's activities) with the deployment's TLS, API key and codec (the API's is lazy: api/temporalConnection.ts). */
export async function connectClient(config: TemporalConfig): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(config));
  return new Client({ connection, namespace: config.namespace, dataConverter: config.dataConverter });
}

/** The worker's native connection, with the same TLS and API key. */
export function connectWorker(config: TemporalConfig): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(config));
}
