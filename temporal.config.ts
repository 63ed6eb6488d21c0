import { loadEnv, type Env } from './config/env';

/** Where the service finds Temporal: the local dev server by default, a cluster via TEMPORAL_ADDRESS. */
export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
}

export function temporalConfig(env: Env = loadEnv()): TemporalConfig {
  return {
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
  };
}
