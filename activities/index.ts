import type { Db } from '../db/pool';
import { createApplicationActivities } from './application';
import { createDeadlineActivities } from './deadlines';
import { createEmergencyActivities } from './emergency';
import { createProjectionActivities } from './projection';

/** Every side effect of the workflows, built with their dependencies. */
export function createActivities(deps: { db: Db }) {
  return {
    ...createDeadlineActivities(deps),
    ...createProjectionActivities(deps),
    ...createApplicationActivities(deps),
    ...createEmergencyActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
