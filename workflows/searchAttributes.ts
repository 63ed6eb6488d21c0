import { SearchAttributeType, defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';
import { countyOf } from '../domain/regionCode';

/**
 * The search attributes every subject workflow keeps current, so the Temporal
 * UI (and a visibility query) can filter subjects by county, township, type,
 * state and overdue. Registered by scripts/start-temporal-dev.sh and by every
 * server the tests start; upserted by MachineRunner.
 */
export const AIDLOOP_COUNTY = defineSearchAttributeKey('AidloopCounty', SearchAttributeType.KEYWORD);
export const AIDLOOP_TOWNSHIP = defineSearchAttributeKey('AidloopTownship', SearchAttributeType.KEYWORD);
export const AIDLOOP_SUBJECT_TYPE = defineSearchAttributeKey('AidloopSubjectType', SearchAttributeType.KEYWORD);
export const AIDLOOP_STATE = defineSearchAttributeKey('AidloopState', SearchAttributeType.KEYWORD);
export const AIDLOOP_OVERDUE = defineSearchAttributeKey('AidloopOverdue', SearchAttributeType.BOOL);

export const AIDLOOP_SEARCH_ATTRIBUTES = [AIDLOOP_COUNTY, AIDLOOP_TOWNSHIP, AIDLOOP_SUBJECT_TYPE, AIDLOOP_STATE, AIDLOOP_OVERDUE];

/** `temporal server start-dev` arguments registering them (the dev servers the tests and benches spawn). */
export function searchAttributeArgs(): string[] {
  const cliType = { [SearchAttributeType.KEYWORD]: 'Keyword', [SearchAttributeType.BOOL]: 'Bool' } as Record<string, string>;
  return AIDLOOP_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${cliType[key.type]}`]);
}

/** A subject's attributes: its county, its township (none for a county's own subject, e.g. an exchange), type, state, overdue. */
export function subjectSearchAttributes(s: { regionCode: string; subjectType: string; state: string; overdue: boolean }): SearchAttributePair[] {
  const county = countyOf(s.regionCode);
  return [
    { key: AIDLOOP_COUNTY, value: county },
    ...(s.regionCode !== county ? [{ key: AIDLOOP_TOWNSHIP, value: s.regionCode }] : []),
    { key: AIDLOOP_SUBJECT_TYPE, value: s.subjectType },
    { key: AIDLOOP_STATE, value: s.state },
    { key: AIDLOOP_OVERDUE, value: s.overdue },
  ];
}
