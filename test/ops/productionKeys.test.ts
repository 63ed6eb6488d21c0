import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { loadEnv } from '../../config/env';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** Secrets an operator would set in production (none of them a development default). */
const SECRETS = {
  NODE_ENV: 'production',
  AIDLOOP_PSEUDONYM_KEY: randomBytes(24).toString('base64'),
  AIDLOOP_CODEC_KEYS: `2026-11:${randomBytes(32).toString('base64')}`,
  AIDLOOP_JWKS_URL: 'https://idp.example.gov.cn/.well-known/jwks.json',
  AIDLOOP_JWT_ISSUER: 'https://idp.example.gov.cn',
};

/** Starts an entry point as `npm start` / the image does, with this environment on top of the test's. */
function start(entry: string, env: Record<string, string>) {
  return spawnSync(TSX, [entry], {
    cwd: ROOT, encoding: 'utf8', timeout: 60000,
    // Logs to stdout (not the suite's log file); the database and Temporal are never reached: refusal comes first.
    env: { ...process.env, AIDLOOP_LOG_FILE: '', DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none', TEMPORAL_ADDRESS: '127.0.0.1:1', ...env },
  });
}

describe('development keys are refused in production', () => {
  it.each(['api/server.ts', 'worker/main.ts'])('%s exits at start-up naming each development key in use', (entry) => {
    const run = start(entry, { NODE_ENV: 'production' });
    expect(run.status).toBe(1);
    const out = run.stdout + run.stderr;
    expect(out).toContain('Refusing to start with NODE_ENV=production on development keys');
    for (const what of ['AIDLOOP_PSEUDONYM_KEY is the development key', 'AIDLOOP_CODEC_KEYS holds the development codec key', 'development keys of .data/auth', 'development issuer aidloop-dev']) {
      expect(out).toContain(what);
    }
  });

  it('names the one development key left among real secrets', () => {
    const run = start('api/server.ts', { ...SECRETS, AIDLOOP_CODEC_KEYS: `${SECRETS.AIDLOOP_CODEC_KEYS},dev:PiS/pDlQyVVVLArc+i+NtLQogr8YahiHgbt1BIFOwc0=` });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('AIDLOOP_CODEC_KEYS holds the development codec key');
    expect(run.stdout).not.toContain('AIDLOOP_PSEUDONYM_KEY');
    expect(run.stdout).not.toContain(SECRETS.AIDLOOP_PSEUDONYM_KEY); // secrets never echoed
  });

  it('accepts real secrets in production, and the development defaults elsewhere', () => {
    expect(loadEnv(SECRETS).NODE_ENV).toBe('production');
    expect(loadEnv({ NODE_ENV: 'development' }).AIDLOOP_CODEC_KEYS).toMatch(/^dev:/);
  });
});
