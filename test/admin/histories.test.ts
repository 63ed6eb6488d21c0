import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { temporal } from '@temporalio/proto';
import { exportHistories, historyFileName, readHistories, replayFailures } from '../../admin/histories';
import { exportMain, replayMain } from '../../admin/historiesCli';
import { HISTORIES_DIR, committedHistories } from '../support/histories';
import { workflowBundle } from '../support/temporal';

describe('history export and replay for auditors', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidloop-histories-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The runs given, as the export's run selection yields them. */
  async function* runsOf(...runs: [string, string][]) {
    for (const [workflowId, runId] of runs) yield { workflowId, runId };
  }

  it('exports one file per run in the committed fixtures’ format, and reads them back', async () => {
    const committed = new Map(committedHistories().map((h) => [h.workflowId, h.history]));
    const asked: [string, string][] = [];
    const [run1, run2] = ['0196a3c1-7c2e-7b1a-9d3e-2f4a5b6c7d8e', '0196a3c1-7c2e-7b1a-9d3e-2f4a5b6c7d8f'];
    const files = await exportHistories(
      async (workflowId, runId) => {
        asked.push([workflowId, runId]);
        return committed.get(workflowId) as temporal.api.history.v1.IHistory;
      },
      runsOf(['full-loop', run1], ['exchange-month', run1], ['exchange-month', run2]),
      dir,
    );
    expect(asked).toEqual([['full-loop', run1], ['exchange-month', run1], ['exchange-month', run2]]);
    // Two runs of one workflow (a year each, continued as new): two files, neither overwrites the other.
    expect(files.map((f) => path.basename(f))).toEqual([`full-loop@${run1}.json`, `exchange-month@${run1}.json`, `exchange-month@${run2}.json`]);
    for (const file of files) {
      const name = path.basename(file).replace(/@.*/, '');
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, `${name}.json`), 'utf8')));
    }
    const read = readHistories([dir]);
    expect(read.map((h) => h.workflowId).sort()).toEqual(['exchange-month', 'exchange-month', 'full-loop']);
    expect(await replayFailures(await workflowBundle(), read)).toEqual([]);
    fs.rmSync(path.join(dir, `exchange-month@${run2}.json`));
  });

  it('names files after workflow ids that hold path characters, and reads the id back', async () => {
    const history = committedHistories()[0]!.history as temporal.api.history.v1.IHistory;
    const runId = '0196a3c1-7c2e-7b1a-9d3e-2f4a5b6c7d90';
    const [file] = await exportHistories(async () => history, runsOf(['case/a@b c', runId]), dir);
    expect(path.basename(file!)).toBe(historyFileName('case/a@b c', runId));
    expect(readHistories([file!])[0]!.workflowId).toBe('case/a@b c');
    fs.rmSync(file!);
  });

  it('the replay command reports each history that no longer replays and exits 1', async () => {
    const broken = JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, 'verified-in-time.json'), 'utf8'));
    broken.events[0].workflowExecutionStartedEventAttributes.workflowType.name = 'noSuchWorkflow';
    const brokenFile = path.join(dir, 'broken.json');
    fs.writeFileSync(brokenFile, JSON.stringify(broken));
    const errors: string[] = [];
    const logs: string[] = [];
    const err = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
    const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void logs.push(a.join(' ')));
    try {
      expect(await replayMain([dir])).toBe(1);
    } finally {
      err.mockRestore();
      log.mockRestore();
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[aidloop\] does not replay: broken: /);
    expect(logs).toEqual(['[aidloop] 2 of 3 histories replay with the current workflow code']);
    fs.rmSync(brokenFile);
  });

  it('the commands refuse incomplete arguments (exit 2)', async () => {
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await exportMain(['full-loop'])).toBe(2);
      expect(await exportMain(['--out', dir])).toBe(2);
      expect(await exportMain(['--closed-since', 'yesterday', '--out', dir])).toBe(2);
      expect(await exportMain(['--all', 'x', '--out', dir])).toBe(2);
      expect(await replayMain([])).toBe(2);
    } finally {
      err.mockRestore();
    }
  });
});
