import type { CalendarDate } from './calendarDate';
import { countyOf } from './regionCode';
import type { EmergencyState } from './emergencyMachine';
import type { TaskSpec } from './taskSpec';

/**
 * Which human steps of an emergency are open, and whose inbox they sit in. The
 * township where the emergency happened acts (急难发生地, no household-
 * registration restriction: seed 004 七); the county approves amounts above the
 * first-aid limit and supervises late documentation. The projection keeps
 * exactly this set open (see taskSpec.ts), so GET /tasks and
 * GET /supervision/overdue cover emergencies like every other subject.
 */
export type EmergencyTaskKind =
  | 'FIRST_AID_DOCUMENTATION' // 先行救助事后补充说明情况
  | 'FIRST_AID_DOCUMENTATION_ESCALATION' // 补充说明逾期督办
  | 'EMERGENCY_REVIEW' // 乡镇审核
  | 'EMERGENCY_APPROVAL'; // 县级审批

export interface EmergencyTaskPlanInput {
  state: EmergencyState;
  townshipCode: string;
  documentationDueOn: CalendarDate | null;
  documentationOverdue: boolean;
}

function task(kind: EmergencyTaskKind, regionCode: string, title: string, dueOn: CalendarDate | null = null): TaskSpec {
  return { key: kind, kind, regionCode, department: null, title, dueOn };
}

export function openEmergencyTasksFor(p: EmergencyTaskPlanInput): TaskSpec[] {
  const county = countyOf(p.townshipCode);
  switch (p.state) {
    case 'reported':
    case 'paying':
    case 'closed':
    case 'rejected':
      return [];
    case 'documenting': {
      const document = task('FIRST_AID_DOCUMENTATION', p.townshipCode, '先行救助事后补充说明情况', p.documentationDueOn);
      if (!p.documentationOverdue) return [document];
      return [document, task('FIRST_AID_DOCUMENTATION_ESCALATION', county, '督办：先行救助情况说明已逾期')];
    }
    case 'reviewing':
      return [task('EMERGENCY_REVIEW', p.townshipCode, '审核急难社会救助')];
    case 'approving':
      return [task('EMERGENCY_APPROVAL', county, '审批急难社会救助')];
  }
}
