import { condition, defineUpdate, proxyLocalActivities, setHandler, sleep } from '@temporalio/workflow';

/** The bare Temporal round the case receipt is measured against: start, then one update answered at once. */
export const bareReceipt = defineUpdate<string>('receipt');

export async function bareWorkflow(): Promise<void> {
  let received = false;
  setHandler(bareReceipt, () => { received = true; return 'received'; });
  await condition(() => received);
}

/** The bench worker's only activity: does nothing. */
export const bareActivities = { async recordNothing(): Promise<void> {} };

const { recordNothing } = proxyLocalActivities<typeof bareActivities>({ startToCloseTimeout: '30 seconds' });

/**
 * The same round with what any workflow that records its own receipt adds to
 * it: one local activity (here writing nothing) before the update is answered.
 */
export async function bareRecordedWorkflow(): Promise<void> {
  let received = false;
  setHandler(bareReceipt, async () => {
    await recordNothing();
    received = true;
    return 'received';
  });
  await condition(() => received);
}

/**
 * The least a case receipt is in Temporal's terms, with no work of the
 * service's own: started with its search attributes (by the starter), one
 * local activity (writing nothing) before the answer, and the verification
 * timer; the workflow stays open, like a case.
 */
export async function bareReceiptShapedWorkflow(): Promise<void> {
  let received = false;
  setHandler(bareReceipt, async () => {
    await recordNothing();
    received = true;
    return 'received';
  });
  await condition(() => received);
  await sleep('40 days');
}
