import { committedHistories, replayFailures } from '../support/histories';
import { workflowBundle } from '../support/temporal';

/**
 * Histories recorded from earlier versions of the workflow code (refresh with
 * `RECORD_HISTORIES=1 npm test -- test/workflows`) must still replay: a change
 * that would break cases already running fails here instead of in production.
 */
describe('replay of committed workflow histories', () => {
  it('replays every committed history with the current workflow code', async () => {
    const histories = committedHistories();
    expect(histories.length).toBeGreaterThanOrEqual(4);
    expect(await replayFailures(await workflowBundle(), histories)).toEqual([]);
  });
});
