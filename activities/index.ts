import type { Client } from '@temporalio/client';
import type { Db } from '../db/pool';
import { createApplicationActivities } from './application';
import { createCaseProjectionActivities } from './caseProjection';
import { createAuditActivities } from './auditMaintenance';
import { createDeadlineActivities } from './deadlines';
import { createEnrolmentActivities } from './enrolment';
import { createEmergencyActivities } from './emergency';
import { createExchangeActivities } from './exchange';
import { createProjectionFailureActivities, guardProjections } from './projectionFailure';
import { createReferralActivities } from './referral';
import { createFeedActivities } from './feeds';
import { createOpenStepCountActivities } from './openStepCounts';

export interface ActivityDeps {
  db: Db;
  /** To start workflows that outlive the one asking (an enrolment after its application). */
  temporal: Client;
  taskQueue: string;
  /** Keys the pseudonyms (case ids of department rows), as the API does. */
  pseudonymKey: string;
}

/** Every side effect of the workflows, built with their dependencies (projection writes refuse bad data for good). */
export function createActivities(deps: ActivityDeps) {
  return guardProjections({
    ...createProjectionFailureActivities(deps),
    ...createDeadlineActivities(deps),
    ...createCaseProjectionActivities(deps),
    ...createApplicationActivities(deps),
    ...createEnrolmentActivities(deps),
    ...createEmergencyActivities(deps),
    ...createExchangeActivities(deps),
    ...createAuditActivities(deps),
    ...createReferralActivities(deps),
    ...createFeedActivities(deps),
    ...createOpenStepCountActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
