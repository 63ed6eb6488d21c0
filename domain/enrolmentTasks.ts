import type { EnrolmentContext, EnrolmentState } from './enrolmentMachine';
import { countyOf } from './regionCode';
import type { TaskSpec } from './taskSpec';

/** The review is the township's (定期复核救助对象家庭状况, seed 003); a late one is escalated to the county. */
export function enrolmentTasksFor(state: EnrolmentState, context: EnrolmentContext, townshipCode: string, reviewOverdue: boolean): TaskSpec[] {
  if (state !== 'reviewing' || !context.review) return [];
  const cycle = context.cycle + 1;
  const review: TaskSpec = {
    key: `REVIEW:${cycle}`,
    kind: context.review.reason === 'ANNUAL' ? 'ANNUAL_REVIEW' : 'CHANGE_REVIEW',
    regionCode: townshipCode,
    department: null,
    title: context.review.reason === 'ANNUAL' ? '救助对象年审复核' : '家庭情况变化复核',
    dueOn: context.review.dueOn,
  };
  if (!reviewOverdue) return [review];
  return [review, { key: `REVIEW_ESCALATION:${cycle}`, kind: 'REVIEW_ESCALATION', regionCode: countyOf(townshipCode), department: null, title: '督办：复核已逾期', dueOn: null }];
}
