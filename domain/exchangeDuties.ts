import { addDays, addMonths, type CalendarDate } from './calendarDate';
import type { Department } from './vocabulary';
import type { TaskSpec } from './taskSpec';

/**
 * The monthly data exchange of seed 003 三(二)2: departments apply for shared
 * data 每月10日前; civil affairs pushes newly enrolled whole households
 * (新增整户保家庭) to agriculture and agriculture pushes new 防止返贫监测对象
 * back, 按月 (by the month's end). One set of duties per county per month.
 */
export const DATA_REQUEST_DEPARTMENTS: readonly Department[] = [
  'MEDICAL_INSURANCE', 'HUMAN_RESOURCES', 'HEALTH', 'EMERGENCY_MANAGEMENT', 'EDUCATION',
  'DISABLED_PERSONS_FEDERATION', 'HOUSING', 'AGRICULTURE',
];

export interface ExchangeDuty extends TaskSpec {
  dueOn: CalendarDate;
}

export function exchangeDutiesFor(countyCode: string, month: string, dataRequestDay: number): ExchangeDuty[] {
  const first = `${month}-01`;
  const requestDue = addDays(first, dataRequestDay - 1);
  const monthEnd = addDays(addMonths(first, 1), -1);
  const duty = (key: string, kind: string, department: Department, title: string, dueOn: CalendarDate): ExchangeDuty =>
    ({ key, kind, regionCode: countyCode, department, title, dueOn });
  return [
    ...DATA_REQUEST_DEPARTMENTS.map((d) => duty(`DATA_REQUEST:${d}`, 'DATA_REQUEST', d, '申请共享低收入人口比对数据', requestDue)),
    duty('PUSH_ENROLMENTS', 'PUSH_ENROLMENTS_TO_AGRICULTURE', 'CIVIL_AFFAIRS', '推送新增整户保家庭至农业农村部门', monthEnd),
    duty('PUSH_MONITORING_OBJECTS', 'PUSH_MONITORING_OBJECTS_TO_CIVIL_AFFAIRS', 'AGRICULTURE', '推送新增防止返贫监测对象至民政部门', monthEnd),
  ];
}

/** The open steps: duties not yet done, and one escalation for the county supervisor per overdue duty. */
export function openExchangeTasks(duties: readonly ExchangeDuty[], done: readonly string[], overdue: readonly string[]): TaskSpec[] {
  const open = duties.filter((d) => !done.includes(d.key));
  return [
    ...open,
    ...open.filter((d) => overdue.includes(d.key)).map((d) => ({
      key: `ESCALATION:${d.key}`, kind: 'EXCHANGE_ESCALATION', regionCode: d.regionCode, department: null, title: `督办：${d.title}已逾期`, dueOn: null,
    })),
  ];
}
