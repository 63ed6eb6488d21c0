import { SingleBar, Presets } from 'cli-progress';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { parseArgs } from 'node:util';

/**
 * Uploads a department file (or the low-income registry) to the API, streamed,
 * with a progress bar for the bytes sent and then for the batch's run:
 *   npm run -s feeds -- upload --department MEDICAL_INSURANCE --file examples/medical-2026-08.csv
 *   npm run -s feeds -- upload --department CIVIL_AFFAIRS --file examples/registry.csv        (the 低收入人口库)
 *   npm run -s feeds -- upload --department PUBLIC_SECURITY --kind DEATHS --file deaths.csv --encoding gb18030
 *   npm run -s feeds -- report --batch 3        npm run -s feeds -- rejects --batch 3 > rejects.csv
 * The token comes from --token or AIDLOOP_TOKEN (see `npm run token`); the API from --api or
 * http://127.0.0.1:$AIDLOOP_API_PORT/api/v1. Prints the batch report as JSON; exits 1 when the batch FAILED.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    department: { type: 'string' }, kind: { type: 'string' }, region: { type: 'string' }, file: { type: 'string' },
    encoding: { type: 'string' }, format: { type: 'string' }, batch: { type: 'string' }, api: { type: 'string' }, token: { type: 'string' },
    'no-wait': { type: 'boolean', default: false },
  },
});
const api = values.api ?? `http://127.0.0.1:${process.env.AIDLOOP_API_PORT ?? '3000'}/api/v1`;
const token = values.token ?? process.env.AIDLOOP_TOKEN;
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
if (!token) fail('set --token or AIDLOOP_TOKEN (npm run -s token -- --user … --role … --region …)');
const auth = { Authorization: `Bearer ${token}` };

async function json(res: Response): Promise<Record<string, any>> {
  const body = (await res.json()) as Record<string, any>;
  if (!res.ok) fail(`HTTP ${res.status}: ${JSON.stringify(body.error ?? body)}`);
  return body;
}

async function upload(): Promise<Record<string, any>> {
  const file = values.file ?? fail('--file is required');
  const department = values.department ?? fail('--department is required');
  const size = fs.statSync(file).size;
  const bar = new SingleBar({ format: 'upload   [{bar}] {percentage}% {value}/{total} bytes', stream: process.stderr }, Presets.shades_classic);
  bar.start(size, 0);
  let sent = 0;
  const counting = new Transform({ transform(chunk: Buffer, _e, done) { sent += chunk.length; bar.update(sent); done(null, chunk); } });
  const format = values.format ?? (/\.(nd)?jsonl?$/i.test(file) ? 'ndjson' : 'csv');
  const query = new URLSearchParams({ fileName: path.basename(file), format, ...(values.kind ? { kind: values.kind } : {}),
    ...(values.region ? { region: values.region } : {}), ...(values.encoding ? { encoding: values.encoding } : {}) });
  const res = await fetch(`${api}/feeds/${department}/batches?${query}`, {
    method: 'POST', headers: { ...auth, 'Content-Type': format === 'csv' ? 'text/csv' : 'application/x-ndjson' },
    body: Readable.toWeb(fs.createReadStream(file).pipe(counting)) as ReadableStream, duplex: 'half',
  } as RequestInit);
  bar.stop();
  return json(res);
}

/** Follows the batch's workflow until it is DONE or FAILED. */
async function follow(batchId: string): Promise<Record<string, any>> {
  const bar = new SingleBar({ format: 'raise    [{bar}] {value}/{total} warnings  {phase}', stream: process.stderr }, Presets.shades_classic);
  let started = false;
  for (;;) {
    const b = await json(await fetch(`${api}/feeds/batches/${batchId}`, { headers: auth }));
    const total = b.progress?.warningsRaised ?? b.report.warningsRaised ?? 0;
    if (!started) bar.start(total, 0, { phase: b.state });
    started = true;
    bar.setTotal(total);
    bar.update(b.progress?.warningsDelivered ?? total, { phase: b.progress?.phase ?? b.state });
    if (b.state === 'DONE' || b.state === 'FAILED') {
      bar.stop();
      return b;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(): Promise<void> {
  const command = positionals[0];
  if (command === 'rejects' || command === 'results') {
    const res = await fetch(`${api}/feeds/batches/${values.batch ?? fail('--batch is required')}/${command}.csv`, { headers: auth });
    if (!res.ok || !res.body) fail(`HTTP ${res.status}`);
    for await (const chunk of Readable.fromWeb(res.body as never)) process.stdout.write(chunk as Buffer);
    return;
  }
  let batch: Record<string, any>;
  if (command === 'upload') {
    batch = await upload();
    if (!values['no-wait']) batch = { created: batch.created, ...(await follow(batch.batchId)) };
  } else if (command === 'report') {
    batch = await follow(values.batch ?? fail('--batch is required'));
  } else {
    return fail('usage: feeds upload|report|rejects|results … (see admin/feedsCli.ts)');
  }
  console.log(JSON.stringify(batch, null, 2));
  if (batch.state === 'FAILED') process.exitCode = 1;
}

void main();
