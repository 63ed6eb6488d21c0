import { parseArgs } from 'node:util';
import { loadEnv } from '../config/env';
import { Principal } from '../domain/access';
import { isRegion } from '../domain/regions';
import { DEV_ISSUER, ensureDevKeys, signToken } from './devKeys';

/**
 * Mints a development bearer token for the embedded default:
 *   npm run -s token -- --user clerk-zhang --role TOWNSHIP_STAFF --region 430681101
 *   npm run -s token -- --user med-officer --role DEPARTMENT_OFFICER --region 430681 --department MEDICAL_INSURANCE
 * `--ensure-keys` only creates the development keys (npm start does this).
 * Every token expires: `--hours` (default 8) may not exceed AIDLOOP_TOKEN_MAX_HOURS (default 12).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      user: { type: 'string' }, role: { type: 'string' }, region: { type: 'string' },
      department: { type: 'string' }, hours: { type: 'string', default: '8' }, 'ensure-keys': { type: 'boolean', default: false },
    },
  });
  const { privateJwk } = await ensureDevKeys();
  if (values['ensure-keys']) return;
  const principal = Principal.safeParse({ userId: values.user, role: values.role, regionCode: values.region, department: values.department });
  if (!principal.success || !isRegion(principal.data.regionCode)) {
    const problems = principal.success ? ['region: not a region of the administrative divisions'] : principal.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    console.error(`usage: token --user ID --role ${'TOWNSHIP_STAFF|COUNTY_SUPERVISOR|DEPARTMENT_OFFICER|AUDITOR|ADMIN'} --region CODE [--department D] [--hours N]\n${problems.join('\n')}`);
    process.exit(2);
  }
  const hours = Number(values.hours);
  const maxHours = loadEnv().AIDLOOP_TOKEN_MAX_HOURS;
  if (!(hours > 0 && hours <= maxHours)) {
    console.error(`--hours must be more than 0 and at most ${maxHours} (AIDLOOP_TOKEN_MAX_HOURS)`);
    process.exit(2);
  }
  console.log(await signToken(privateJwk, principal.data, { issuer: DEV_ISSUER, hours }));
}

void main();
