import { z } from 'zod';
import { CASE_KIND, type CaseState } from '../../domain/caseMachine';
import { regionName } from '../../domain/regions';
import { SUBJECT_TYPE_LABELS, TASK_KIND_LABELS } from '../../domain/taskLabels';
import type { SubjectType } from '../../domain/taskSpec';

/**
 * What the inbox and the overdue view share: the region-level expression their
 * indexes are built on (migration 011), the columns of a task row, and how a
 * row is shown (with Chinese labels and region names).
 */

export const TaskKindFilter = z.string().regex(/^[A-Z_]{1,60}$/, 'must be a task kind such as VERIFY').optional();

/** `column` cut to the level of `region` (2, 4, 6 or 9 digits), spelled exactly as in the indexes of 011. */
export function atLevelOf(column: string, region: string): string {
  if (![2, 4, 6, 9].includes(region.length)) throw new RangeError(`not a region code: ${region}`);
  return region.length === 9 ? column : `left(${column}, ${region.length})`;
}

export const TASK_COLUMNS = `t.task_id, t.subject_type, t.subject_id, t.case_id, t.kind, t.title, t.region_code,
  t.department, t.due_on, t.opened_at, t.subject_region, t.held_by, t.held_since`;

export interface TaskRow {
  task_id: string;
  subject_type: SubjectType;
  subject_id: string;
  case_id: string | null;
  kind: string;
  title: string;
  region_code: string;
  department: string | null;
  due_on: string | null;
  opened_at: Date;
  subject_region: string;
  held_by: string | null;
  held_since: Date | null;
  case_state: CaseState | null;
}

/**
 * A page of rows joined to their case's state: the page is cut first (an index
 * range scan in sort order), then only its rows are joined.
 */
export const withCaseState = (page: string, order: string) =>
  `WITH page AS (${page}) SELECT page.*, c.state AS case_state FROM page LEFT JOIN cases c USING (case_id) ORDER BY ${order}`;

export function taskView(t: TaskRow) {
  return {
    taskId: t.task_id,
    subjectType: t.subject_type,
    subjectTypeLabel: SUBJECT_TYPE_LABELS[t.subject_type] ?? null,
    subjectId: t.subject_id,
    caseId: t.case_id,
    kind: t.kind,
    kindLabel: TASK_KIND_LABELS[t.kind] ?? null,
    title: t.title,
    regionCode: t.region_code,
    regionName: regionName(t.region_code) ?? null,
    department: t.department,
    dueOn: t.due_on,
    openedAt: t.opened_at,
    subjectRegion: t.subject_region,
    subjectRegionName: regionName(t.subject_region) ?? null,
    caseState: t.case_state,
    caseStateLabel: t.case_state ? CASE_KIND.label(t.case_state) : null,
    heldBy: t.held_by,
    heldSince: t.held_since,
  };
}
