import type { Db } from '../../db/pool';

/**
 * A new clue about a person, or about a member of their household, with an
 * open case in the same township belongs to that case (SPEC §2), whichever
 * source it comes from. Another township's open case is not joined (nor named
 * to the sender): that township verifies its own clue. The case this very
 * source record opened comes first (the same clue again).
 */
export async function openCaseAbout(db: Db, personRef: string, townshipCode: string, sameSource: string): Promise<string | null> {
  const [c] = await db.query<{ case_id: string }>(
    `SELECT case_id FROM cases
      WHERE state <> 'closed' AND township_code = $3
        AND person_ref IN (SELECT $1::text UNION
                           SELECT o.person_ref FROM household_members m JOIN household_members o USING (household_id) WHERE m.person_ref = $1)
      ORDER BY case_id = $2 DESC, created_at LIMIT 1`, [personRef, sameSource, townshipCode]);
  return c?.case_id ?? null;
}

/** The clues that joined a case after it opened (its CLUE_ADDED events). */
export async function caseClues(db: Db, caseId: string) {
  const rows = await db.query<{ payload: Record<string, unknown>; occurred_at: Date }>(
    `SELECT payload, occurred_at FROM subject_events WHERE subject_type = 'CASE' AND subject_id = $1 AND event_type = 'CLUE_ADDED' ORDER BY seq`, [caseId]);
  return rows.map(({ payload: p, occurred_at }) => ({
    source: p.source, sourceId: p.sourceId, hardshipType: p.hardshipType, detail: p.detail, receivedOn: p.receivedOn,
    person: { idNumber: p.idNumberMasked }, rule: p.rule ?? null, addedAt: occurred_at,
  }));
}
