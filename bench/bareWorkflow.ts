import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** The bare Temporal round the case receipt is measured against: start, then one update answered at once. */
export const bareReceipt = defineUpdate<string>('receipt');

export async function bareWorkflow(): Promise<void> {
  let received = false;
  setHandler(bareReceipt, () => { received = true; return 'received'; });
  await condition(() => received);
}
