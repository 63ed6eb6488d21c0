import fs from 'node:fs';
import { ingestFeed } from '../api/feeds/ingest';
import { createDb } from '../db/pool';

/**
 * The uploading process of bench/feeds.ts, alone in its own process so that
 * its peak RSS is its own: stages one file and prints what it measured.
 * Arguments: database URL, pseudonym key, kind, region, file.
 */
async function main(): Promise<void> {
  const [url, key, kind, region, file] = process.argv.slice(2) as [string, string, 'MEDICAL_COSTS', string, string];
  const db = createDb(url, 2);
  const started = performance.now();
  const result = await ingestFeed(db, key, { kind, regionCode: region, fileName: file, format: 'csv', encoding: 'utf-8', uploadedBy: 'bench' },
    fs.createReadStream(file, { highWaterMark: 64 * 1024 }));
  const seconds = (performance.now() - started) / 1000;
  await db.close();
  console.log(JSON.stringify({ ...result, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

void main();
