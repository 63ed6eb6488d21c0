import type { CaseContext, CaseState } from './caseMachine';
import type { CalendarDate } from './calendarDate';
import { countyOf } from './regionCode';
import type { TaskSpec } from './taskSpec';

/**
 * Which human steps are open for a case in a given state, and whose inbox they
 * sit in. Township staff verify, dispose, assist and report (镇/街道); the county
 * supervises, escalations and 一事一议 go to it; a referral to a department is
 * the department's task on the referral itself (seed 003 四、职责分工). The projection
 * keeps exactly this set open and closes the rest (see taskSpec.ts).
 */
export type TaskKind =
  | 'VERIFY' // 入户核实
  | 'VERIFICATION_ESCALATION' // 核实逾期督办
  | 'DISPOSE' // 分类处置
  | 'DELIBERATE' // 一事一议
  | 'RECORD_ASSISTANCE' // 落实政策
  | 'FOLLOW_UP' // 转介/帮扶事项跟踪
  | 'FEEDBACK'; // 结果反馈

export interface TaskPlanInput {
  state: CaseState;
  context: CaseContext;
  townshipCode: string;
  verificationDueOn: CalendarDate;
  verificationOverdue: boolean;
}

function task(key: string, kind: TaskKind, regionCode: string, title: string, extra: Partial<TaskSpec> = {}): TaskSpec {
  return { key, kind, regionCode, department: null, title, dueOn: null, ...extra };
}

export function openTasksFor(p: TaskPlanInput): TaskSpec[] {
  const county = countyOf(p.townshipCode);
  switch (p.state) {
    case 'warned':
    case 'closed':
      return [];
    case 'verifying': {
      const verify = task('VERIFY', 'VERIFY', p.townshipCode, '入户核实预警信息', { dueOn: p.verificationDueOn });
      if (!p.verificationOverdue) return [verify];
      return [verify, task('VERIFICATION_ESCALATION', 'VERIFICATION_ESCALATION', county, '督办：预警核实已逾期')];
    }
    case 'verified':
      return [task('DISPOSE', 'DISPOSE', p.townshipCode, '分类处置')];
    case 'deliberating':
      return [task('DELIBERATE', 'DELIBERATE', county, '一事一议集体研究')];
    case 'assisting': {
      if (p.context.items.length === 0) return [task('RECORD_ASSISTANCE', 'RECORD_ASSISTANCE', p.townshipCode, '落实救助政策')];
      // An item referred to a department is the referral's own task (referralMachine.ts), not the case's.
      return p.context.items
        .filter((i) => !i.result && (!i.referTo || i.referTo === 'APPLICATION'))
        .map((i) => task(`FOLLOW_UP:${i.id}`, 'FOLLOW_UP', p.townshipCode, `帮扶事项：${i.description}`));
    }
    case 'feedback':
      return [task('FEEDBACK', 'FEEDBACK', p.townshipCode, '向市（县）民政局反馈处理结果')];
  }
}
