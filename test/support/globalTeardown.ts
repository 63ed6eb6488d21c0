import fs from 'node:fs';
import path from 'node:path';
import { TEST_LOG_DIR, fullIdNumbersIn } from './logScan';

/**
 * After the suite: the service's logs must not contain a single full ID number
 * (SPEC §7). Fails the run, naming the file and the masked numbers, if one did.
 */
export default async function globalTeardown(): Promise<void> {
  if (!fs.existsSync(TEST_LOG_DIR)) return;
  const leaks: string[] = [];
  let lines = 0;
  for (const file of fs.readdirSync(TEST_LOG_DIR)) {
    const text = fs.readFileSync(path.join(TEST_LOG_DIR, file), 'utf8');
    lines += text.split('\n').length - 1;
    const found = fullIdNumbersIn(text);
    if (found.length > 0) leaks.push(`${file}: ${found.join(', ')}`);
  }
  if (leaks.length > 0) throw new Error(`full ID numbers in the service logs:\n${leaks.join('\n')}`);
  console.log(`log scan: ${lines} log lines, no full ID number`);
}
