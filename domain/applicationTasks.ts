import type { ApplicationState } from './applicationMachine';
import type { TaskSpec } from './taskSpec';
import { countyOf } from './regionCode';

/**
 * Open steps of an application: the township investigates, reviews the
 * engine's decision and checks objections; the county approves (seeds 001,
 * 003: 镇(街道) 申请审核, 县级民政 审批). Publicity needs no one's action.
 */
export function applicationTasksFor(state: ApplicationState, townshipCode: string): TaskSpec[] {
  const task = (kind: string, regionCode: string, title: string): TaskSpec => ({ key: kind, kind, regionCode, department: null, title, dueOn: null });
  switch (state) {
    case 'investigating':
      return [task('INVESTIGATE_HOUSEHOLD', townshipCode, '家计调查')];
    case 'reviewing':
      return [task('REVIEW_DECISION', townshipCode, '复核认定结果')];
    case 'objectionsReview':
      return [task('RESOLVE_OBJECTIONS', townshipCode, '核查公示异议')];
    case 'approving':
      return [task('APPROVE_APPLICATION', countyOf(townshipCode), '审批救助申请')];
    default:
      return [];
  }
}
