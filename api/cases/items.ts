import type { TrackedItem } from '../../domain/caseMachine';
import type { ApiDeps } from '../deps';
import { badRequest } from '../errors';

export interface CaseItemRef {
  caseId: string;
  itemId: string;
}

/** What a subject started from a case answers: a referral to APPLICATION (协助申办), or a temporary-aid item (临时救助). */
const ANSWERS = {
  APPLICATION: { fits: (i: TrackedItem) => i.referTo === 'APPLICATION', what: 'a referral to APPLICATION' },
  EMERGENCY: { fits: (i: TrackedItem) => i.kind === 'ASSISTANCE' && i.measure === 'TEMPORARY', what: 'a TEMPORARY assistance item' },
} as const;

/** The case item must exist and still be open; its result comes back from the subject when it ends. */
export async function requireOpenCaseItem(deps: ApiDeps, from: CaseItemRef, answer: keyof typeof ANSWERS): Promise<void> {
  const [c] = await deps.db.query<{ context: { items: TrackedItem[] } }>('SELECT context FROM cases WHERE case_id = $1', [from.caseId]);
  const item = c?.context.items.find((i) => i.id === from.itemId);
  if (!item || item.result || !ANSWERS[answer].fits(item)) {
    throw badRequest([{ path: 'body.fromCase', message: `must name an open item of an existing case: ${ANSWERS[answer].what}`, code: 'custom' }]);
  }
}
