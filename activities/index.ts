import type { Client } from '@temporalio/client';
import type { Db } from '../db/pool';
import { createApplicationActivities } from './application';
import { createDeadlineActivities } from './deadlines';
import { createEnrolmentActivities } from './enrolment';
import { createEmergencyActivities } from './emergency';
import { createExchangeActivities } from './exchange';
import { createFeedActivities } from './feeds';
import { createProjectionActivities } from './projection';

export interface ActivityDeps {
  db: Db;
  /** To start workflows that outlive the one asking (an enrolment after its application). */
  temporal: Client;
  taskQueue: string;
}

/** Every side effect of the workflows, built with their dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createDeadlineActivities(deps),
    ...createProjectionActivities(deps),
    ...createApplicationActivities(deps),
    ...createEnrolmentActivities(deps),
    ...createEmergencyActivities(deps),
    ...createExchangeActivities(deps),
    ...createFeedActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
