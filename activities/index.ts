import type { Db } from '../db/pool';
import { createDeadlineActivities } from './deadlines';
import { createProjectionActivities } from './projection';

/** Every side effect of the workflows, built with their dependencies. */
export function createActivities(deps: { db: Db }) {
  return {
    ...createDeadlineActivities(deps),
    ...createProjectionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
