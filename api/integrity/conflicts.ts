import { logger } from '../../config/logger';
import type { Actor } from '../../domain/vocabulary';
import type { ApiDeps } from '../deps';
import { HttpError } from '../errors';
import { personRefFor } from '../pseudonyms';

/**
 * 近亲属回避 (four eyes): a staff member may not take a step that concerns a
 * registered relative of theirs (staff_relatives). 409 CONFLICT_OF_INTEREST,
 * nothing written; another staff member must take the step. Logged as a
 * warning with the user id and the subject id only (never an ID number).
 */
export async function assertNoConflictOfInterest(deps: ApiDeps, actor: Actor, personRefs: string[], subjectId?: string): Promise<void> {
  const refs = [...new Set(personRefs.filter(Boolean))];
  if (refs.length === 0) return;
  const [hit] = await deps.db.query<{ relation: string }>(
    'SELECT relation FROM staff_relatives WHERE staff_user_id = $1 AND person_ref = ANY($2) ORDER BY registered_at LIMIT 1',
    [actor.userId, refs],
  );
  if (!hit) return;
  logger.warn({ userId: actor.userId, subjectId: subjectId ?? null, relation: hit.relation }, 'conflict of interest: step refused (近亲属回避)');
  await deps.db.query('INSERT INTO conflict_refusals (staff_user_id, region_code, subject_id, relation) VALUES ($1,$2,$3,$4)',
    [actor.userId, actor.regionCode, subjectId ?? null, hit.relation]);
  throw new HttpError(409, 'CONFLICT_OF_INTEREST',
    'a registered relative of the acting staff member is concerned: another staff member must take this step (近亲属回避)',
    { relation: hit.relation });
}

/** The person refs of a household's members (household_members), with any refs given in `also`. */
export async function householdRefs(deps: ApiDeps, householdId: string, also: string[] = []): Promise<string[]> {
  const rows = await deps.db.query<{ person_ref: string }>('SELECT person_ref FROM household_members WHERE household_id = $1', [householdId]);
  return [...also, ...rows.map((r) => r.person_ref)];
}

/** A person and the members of every household they belong to (whose case concerns them all). */
export async function personAndHouseholdRefs(deps: ApiDeps, personRef: string): Promise<string[]> {
  const rows = await deps.db.query<{ person_ref: string }>(
    `SELECT m.person_ref FROM household_members m
      WHERE m.household_id IN (SELECT household_id FROM household_members WHERE person_ref = $1)`,
    [personRef],
  );
  return [personRef, ...rows.map((r) => r.person_ref)];
}

/**
 * The person refs of the members a step's input names (the household of a
 * 家计调查), so that a step bringing a relative into the household is refused
 * too. Anything else: none.
 */
export function submittedMemberRefs(deps: ApiDeps, input: unknown): string[] {
  const members = (input as { household?: { members?: unknown } } | null | undefined)?.household?.members;
  if (!Array.isArray(members)) return [];
  return members
    .map((m) => (m as { idNumber?: unknown } | null)?.idNumber)
    .filter((id): id is string => typeof id === 'string')
    .map((id) => personRefFor(deps.pseudonymKey, id));
}
