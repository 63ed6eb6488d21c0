import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Client as PgClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { createFeedActivities } from '../activities/feeds';
import { ingestFeed } from '../api/feeds/ingest';
import { personRefFor } from '../api/pseudonyms';
import { loadEnv } from '../config/env';
import { runMigrations } from '../db/migrate';
import { dataConverterOf } from '../temporal.config';
import { createDb } from '../db/pool';
import { seedDemoPolicy } from '../db/seed';
import { maskIdNumber } from '../domain/idNumber';
import { idNumber } from '../test/support/ids';
import { feedBatchWorkflow } from '../workflows';
import { feedBatchWorkflowId } from '../workflows/feedBatchMessages';
import { createWorker } from '../worker/createWorker';
import { startDevServer } from './stack';

/**
 * Dynamic monitoring at county scale (issue 10), measured in one run on one machine:
 *   npx tsx bench/feeds.ts --persons 1000000 --rows 1000000
 * A synthetic registry (persons, 10% monitored through the registry import), a
 * 医保 file; ingest rows/s against a plain COPY of the same file into an
 * unindexed table; matching time; cases raised per second against bare
 * Temporal workflow starts on the same server; the uploader's peak RSS at two
 * file sizes. Talks only to 127.0.0.1: the bench database (BENCH_DATABASE_URL,
 * default aidloop_bench_feeds, reset each run) and a Temporal dev server it
 * starts itself (BENCH_TEMPORAL_PORT, default 7277). Stops after --max-seconds.
 */
const { values } = parseArgs({ options: {
  persons: { type: 'string', default: '1000000' }, rows: { type: 'string', default: '1000000' }, 'max-seconds': { type: 'string', default: '1500' },
} });
const PERSONS = Number(values.persons);
const ROWS = Number(values.rows);
setTimeout(() => { console.error(`bench: stopped after ${values['max-seconds']} s`); process.exit(3); }, Number(values['max-seconds']) * 1000).unref();

const OWNER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://aidloop:aidloop@127.0.0.1:54329/aidloop_bench_feeds';
/** The service's own role, as in production: it owns no table (so it cannot ANALYZE what it loads). */
const APP_URL = process.env.BENCH_APP_DATABASE_URL ?? 'postgres://aidloop_app:aidloop_app@127.0.0.1:54329/aidloop_bench_feeds';
const TEMPORAL_PORT = Number(process.env.BENCH_TEMPORAL_PORT ?? 7277);
const KEY = 'bench-pseudonym-key-0123456789';
const COUNTY = '430681';
const TOWNSHIPS = ['430681101', '430681102', '430681103', '430681104', '430681105'];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidloop-bench-feeds-'));

/** The i-th synthetic person: a valid ID number of the demo county (birth date from i mod 10000, sequence from the rest). */
const id = (i: number): string =>
  idNumber(new Date(Date.UTC(1940, 0, 1) + (i % 10_000) * 86_400_000).toISOString().slice(0, 10), Math.floor(i / 10_000) % 1000);
const monitored = (i: number) => i % 10 === 0;

const time = async <T>(what: string, fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const v = await fn();
  const s = (performance.now() - t) / 1000;
  console.error(`bench: ${what} ${s.toFixed(1)} s`);
  return [v, s];
};

async function writeFile(file: string, header: string, count: number, line: (i: number) => string): Promise<void> {
  await pipeline(Readable.from((function* () {
    yield `${header}\n`;
    let chunk = '';
    for (let i = 0; i < count; i++) {
      chunk += `${line(i)}\n`;
      if (chunk.length > 1 << 16) { yield chunk; chunk = ''; }
    }
    yield chunk;
  })()), fs.createWriteStream(file));
}

/** A 医保 file of `rows` rows: costs spread over the registry; every 100th monitored person has one large settlement. */
const medicalLine = (i: number) => {
  const p = (i * 7919) % PERSONS;
  const big = monitored(p) && p % 1000 === 0 && i < PERSONS;
  const township = TOWNSHIPS[p % TOWNSHIPS.length] as string;
  return `YB${i},${id(p)},${township},2026-0${1 + (i % 8)}-${String(1 + (i % 28)).padStart(2, '0')},${big ? 25000 : (i % 3000) + 0.5}`;
};

async function main(): Promise<void> {
  const pg = new PgClient({ connectionString: OWNER_URL });
  await pg.connect();
  await pg.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await runMigrations(OWNER_URL);
  const db = createDb(APP_URL, 6);
  await seedDemoPolicy(db);

  // The registry: monitored persons through the real import, everyone else straight into persons.
  const registryFile = path.join(dir, 'registry.csv');
  const monitoredCount = Math.ceil(PERSONS / 10);
  await writeFile(registryFile, 'idNumber,householdIdNumber,relation,category,townshipCode,householdAnnualIncomeYuan', monitoredCount,
    (k) => `${id(k * 10)},${id(k * 10)},APPLICANT,${k % 2 ? 'DIBAO' : 'DIBIAN'},${TOWNSHIPS[(k * 10) % TOWNSHIPS.length]},200000`);
  const acts = createFeedActivities({ db, temporal: undefined as never, taskQueue: '', pseudonymKey: KEY });
  const [registry, registrySeconds] = await time('registry import', async () => {
    const staged = await ingestFeed(db, KEY, { kind: 'LOW_INCOME_REGISTRY', regionCode: COUNTY, fileName: 'registry', format: 'csv', encoding: 'utf-8', uploadedBy: 'bench' },
      fs.createReadStream(registryFile));
    await acts.prepareFeedBatch(staged.batchId);
    return staged;
  });
  await time('other persons', () => pipeline(Readable.from((function* () {
    let chunk = '';
    for (let i = 0; i < PERSONS; i++) {
      if (monitored(i)) continue;
      const n = id(i);
      chunk += `${personRefFor(KEY, n)}\t${n}\t${maskIdNumber(n)}\t${n.slice(6, 10)}-${n.slice(10, 12)}-${n.slice(12, 14)}\tM\n`;
      if (chunk.length > 1 << 16) { yield chunk; chunk = ''; }
    }
    yield chunk;
  })()), pg.query(copyFrom('COPY persons (person_ref, id_number, id_number_masked, birth_date, sex) FROM STDIN')))); 

  const medicalFile = path.join(dir, 'medical.csv');
  const smallFile = path.join(dir, 'medical-small.csv');
  const header = 'settlementId,idNumber,townshipCode,settledOn,outOfPocketYuan';
  await writeFile(medicalFile, header, ROWS, medicalLine);
  await writeFile(smallFile, header, Math.ceil(ROWS / 10), (i) => medicalLine(ROWS + i));

  // Baseline: the same file, plain COPY (CSV) into an unindexed table.
  await pg.query('CREATE TABLE bench_plain (a text, b text, c text, d text, e text)');
  const [, plainSeconds] = await time('plain COPY', () => pipeline(fs.createReadStream(medicalFile), pg.query(copyFrom('COPY bench_plain FROM STDIN WITH (FORMAT csv, HEADER true)'))));

  // Ingest, in its own process (its peak RSS), at a tenth of the size and at full size.
  const child = (file: string) => JSON.parse(execFileSync(process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'feedIngestChild.ts'), APP_URL, KEY, 'MEDICAL_COSTS', COUNTY, file],
    { encoding: 'utf8', maxBuffer: 1 << 20 })) as { batchId: string; rowsRead: number; rowsRejected: number; seconds: number; peakRssMb: number };
  const small = child(smallFile);
  const full = child(medicalFile);
  console.error(`bench: ingest ${full.seconds.toFixed(1)} s`);

  // The floor of any stager that keeps a pseudonymous, checked row per input row, measured on the same data:
  // the keyed hashes alone (Node, one per row), and PostgreSQL writing the rows the ingest staged, already made.
  const ids = Array.from({ length: ROWS }, (_, i) => id((i * 7919) % PERSONS));
  const [, hashSeconds] = await time('keyed hashes alone', async () => {
    for (const n of ids) personRefFor(KEY, n);
  });
  const stagedFile = path.join(dir, 'staged.copy');
  await pipeline(pg.query(copyTo(`COPY (SELECT * FROM feed_rows WHERE batch_id = ${Number(full.batchId)}) TO STDOUT`)), fs.createWriteStream(stagedFile));
  await pg.query('CREATE TABLE bench_staged (LIKE feed_rows INCLUDING ALL)');
  const [, stagedCopySeconds] = await time('COPY of the staged rows', () => pipeline(fs.createReadStream(stagedFile), pg.query(copyFrom('COPY bench_staged FROM STDIN'))));

  // Matching, set-based.
  const [match, matchSeconds] = await time('matching', () => acts.prepareFeedBatch(full.batchId));

  // Raising: the batch's workflow on a worker of this process, against bare workflow starts on the same server.
  const dev = await startDevServer(TEMPORAL_PORT);
  const connection = await NativeConnection.connect({ address: dev.address });
  const client = new Client({ connection: dev.connection, dataConverter: dataConverterOf(loadEnv()) });
  const taskQueue = `bench-feeds-${randomUUID()}`;
  const worker = await createWorker({ connection, namespace: 'default', taskQueue, db, temporal: client, pseudonymKey: KEY });
  const [report, raiseSeconds] = await worker.runUntil(time('raising', () =>
    client.workflow.execute(feedBatchWorkflow, { workflowId: feedBatchWorkflowId(`bench-${randomUUID()}-${full.batchId}`), taskQueue, args: [{ batchId: full.batchId }] })));
  const bare = report.casesOpened;
  const [, bareSeconds] = await time('bare starts', async () => {
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < bare) {
        next += 1;
        await client.workflow.start('benchNoop', { workflowId: `bench-noop-${randomUUID()}`, taskQueue: `${taskQueue}-idle`, args: [] });
      }
    }));
  });

  const rate = (n: number, s: number) => Math.round(n / s);
  console.log(JSON.stringify({
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), shared`,
    persons: PERSONS, monitored: monitoredCount, registryImport: { rows: registry.rowsRead, seconds: +registrySeconds.toFixed(1) },
    feedRows: ROWS, fileMb: +(fs.statSync(medicalFile).size / 1e6).toFixed(1),
    plainCopyRowsPerSecond: rate(ROWS, plainSeconds), ingestRowsPerSecond: rate(full.rowsRead, full.seconds),
    ingestVsPlainCopy: +((full.rowsRead / full.seconds) / (ROWS / plainSeconds)).toFixed(2),
    floor: {
      keyedHashesAloneRowsPerSecond: rate(ROWS, hashSeconds), copyOfStagedRowsRowsPerSecond: rate(ROWS, stagedCopySeconds),
      // Both spread perfectly over every core, nothing else running (no parsing, no checks): the best any such
      // stager could do against the plain COPY (which uses one core).
      bestPossibleVsPlainCopy: +(plainSeconds / ((hashSeconds + stagedCopySeconds) / os.cpus().length)).toFixed(2),
    },
    rejected: full.rowsRejected, matchingSeconds: +matchSeconds.toFixed(1), match,
    casesRaised: report.casesOpened, casesPerSecond: rate(report.casesOpened, raiseSeconds), bareStartsPerSecond: rate(bare, bareSeconds),
    uploaderPeakRssMb: { [`${small.rowsRead} rows`]: Math.round(small.peakRssMb), [`${full.rowsRead} rows`]: Math.round(full.peakRssMb) },
  }, null, 2));
  await Promise.all([connection.close(), client.connection.close(), db.close(), pg.end()]);
  await dev.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
