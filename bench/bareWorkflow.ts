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

/** Answers the receipt after one local activity (here writing nothing), as a workflow that records its own receipt does. */
async function receiveRecorded(): Promise<void> {
  let received = false;
  setHandler(bareReceipt, async () => {
    await recordNothing();
    received = true;
    return 'received';
  });
  await condition(() => received);
}

/** The bare round with what any workflow that records its own receipt adds to it. */
export async function bareRecordedWorkflow(): Promise<void> {
  await receiveRecorded();
}

/**
 * The least a case receipt is in Temporal's terms, with no work of the
 * service's own: started with its search attributes (by the starter), one
 * local activity (writing nothing) before the answer, and the verification
 * timer; the workflow stays open, like a case.
 */
export async function bareReceiptShapedWorkflow(): Promise<void> {
  await receiveRecorded();
  await sleep('40 days');
}
