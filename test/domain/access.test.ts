import { decide, type Access, type Decision, type Principal } from '../../domain/access';

const TOWNSHIP = '430681101';
const OTHER_TOWNSHIP = '430681102';
const OTHER_COUNTY_TOWNSHIP = '430682100';

const clerk: Principal = { userId: 'c', role: 'TOWNSHIP_STAFF', regionCode: TOWNSHIP };
const supervisor: Principal = { userId: 's', role: 'COUNTY_SUPERVISOR', regionCode: '430681' };
const housing: Principal = { userId: 'h', role: 'DEPARTMENT_OFFICER', regionCode: '430681', department: 'HOUSING' };
const auditor: Principal = { userId: 'a', role: 'AUDITOR', regionCode: '430681' };
const admin: Principal = { userId: 'x', role: 'ADMIN', regionCode: '43' };

const read = (region: string, departments: string[] = []): Access => ({ kind: 'read', region, departments });
const act = (action: string, region: string, departments: string[] = []): Access => ({ kind: 'act', action, region, departments });

describe('access policy: role × request × scope', () => {
  it.each<[string, Principal, Access, Decision]>([
    ['township staff read their township', clerk, read(TOWNSHIP), 'ALLOW'],
    ['township staff read another township: hidden', clerk, read(OTHER_TOWNSHIP), 'HIDDEN'],
    ['township staff verify in their township', clerk, act('verify', TOWNSHIP), 'ALLOW'],
    ['township staff may not approve', clerk, act('approve', TOWNSHIP), 'FORBIDDEN'],
    ['township staff may not deliberate (county 一事一议)', clerk, act('deliberate', TOWNSHIP), 'FORBIDDEN'],
    ['township staff may not import enrolments', clerk, act('import-enrolment', TOWNSHIP), 'FORBIDDEN'],
    ['township staff may not read a history', clerk, { kind: 'audit', region: TOWNSHIP }, 'FORBIDDEN'],
    ['township staff list their inbox', clerk, { kind: 'list', region: TOWNSHIP }, 'ALLOW'],
    ['township staff may not list the county', clerk, { kind: 'list', region: '430681' }, 'FORBIDDEN'],
    ['supervisor reads every township of the county', supervisor, read(OTHER_TOWNSHIP), 'ALLOW'],
    ['supervisor approves in the county', supervisor, act('approve', TOWNSHIP), 'ALLOW'],
    ['supervisor reads a history in scope', supervisor, { kind: 'audit', region: TOWNSHIP }, 'ALLOW'],
    ['supervisor of one county does not see another', supervisor, read(OTHER_COUNTY_TOWNSHIP), 'HIDDEN'],
    ['supervisor may not change policy data', supervisor, { kind: 'admin' }, 'FORBIDDEN'],
    ['department reads a case referred to it', housing, read(TOWNSHIP, ['HOUSING']), 'ALLOW'],
    ['department does not see a case not referred to it', housing, read(TOWNSHIP, ['EDUCATION']), 'HIDDEN'],
    ['department reports the result of its referral', housing, act('report-result', TOWNSHIP, ['HOUSING']), 'ALLOW'],
    ['department may not verify a case referred to it', housing, act('verify', TOWNSHIP, ['HOUSING']), 'FORBIDDEN'],
    ['department lists its own department\'s tasks', housing, { kind: 'list', region: '430681', department: 'HOUSING' }, 'ALLOW'],
    ['department may not list all tasks', housing, { kind: 'list', region: '430681' }, 'FORBIDDEN'],
    ['auditor reads in scope', auditor, read(TOWNSHIP), 'ALLOW'],
    ['auditor reads histories in scope', auditor, { kind: 'audit', region: TOWNSHIP }, 'ALLOW'],
    ['auditor never acts', auditor, act('verify', TOWNSHIP), 'FORBIDDEN'],
    ['auditor outside scope: hidden', auditor, { kind: 'audit', region: OTHER_COUNTY_TOWNSHIP }, 'HIDDEN'],
    ['admin changes policy data', admin, { kind: 'admin' }, 'ALLOW'],
    ['anyone signed in may assess (what-if)', clerk, { kind: 'general' }, 'ALLOW'],
  ])('%s', (_name, principal, access, expected) => {
    expect(decide(principal, access)).toBe(expected);
  });
});
