import fs from 'node:fs';
import path from 'node:path';

/**
 * `docker` is absent where the suite runs, so the image is checked by what it
 * would run: each entry command (the Dockerfile's CMD, each compose service's
 * command) is the command of an npm script the README's deployment section
 * runs, on files the image contains; `npm start` (scripts/up.sh) runs the
 * same files.
 */
const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;

/** `["node_modules/.bin/tsx", "api/server.ts"]` → the npm script whose command is `tsx api/server.ts`. */
function scriptOf(command: string[]): string | undefined {
  const [bin, ...args] = command;
  if (bin !== 'node_modules/.bin/tsx') return undefined;
  const line = ['tsx', ...args].join(' ');
  return Object.keys(scripts).find((name) => scripts[name] === line);
}

/** Each service of compose.yaml with its `command:` (a one-line JSON array there). */
function composeCommands(): Record<string, string[]> {
  const services = read('compose.yaml').split(/^services:\s*$/m)[1] ?? '';
  const out: Record<string, string[]> = {};
  let service: string | undefined;
  for (const line of services.split('\n')) {
    const name = /^ {2}([\w-]+):\s*$/.exec(line)?.[1];
    if (name) service = name;
    const command = /^ {4}command: (\[.*\])\s*$/.exec(line)?.[1];
    if (service && command) out[service] = JSON.parse(command) as string[];
  }
  return out;
}

describe('the container image runs what the README and `npm start` run', () => {
  const dockerfile = read('Dockerfile');
  const readme = read('README.md');
  const deploying = readme.slice(readme.indexOf('## Deploying'));

  it('is a multi-stage build whose final stage runs as an unprivileged user in production mode', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/^RUN npx tsc --noEmit$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production$/m);
  });

  it('has a default command and one per compose service, each an npm script the README runs', () => {
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
    expect(scriptOf(cmd)).toBe('api');
    const commands = composeCommands();
    expect(Object.keys(commands).sort()).toEqual(['api', 'migrate', 'schedules', 'worker']);
    for (const [service, command] of Object.entries(commands)) {
      const script = scriptOf(command);
      expect({ service, script }).toEqual({ service, script: service });
      expect(deploying).toContain(`npm run ${service}`);
    }
  });

  it('contains every file those commands run (nothing they need is left out of the image)', () => {
    const copied = [...dockerfile.matchAll(/^COPY --from=build \/app\/(\S+) \.\/\S*$/gm)].map((m) => m[1]);
    for (const command of [...Object.values(composeCommands())]) {
      const entry = command[1] ?? '';
      expect(copied).toContain(entry.split('/')[0]);
      expect(fs.existsSync(path.join(ROOT, entry))).toBe(true);
    }
    expect(read('.dockerignore')).not.toMatch(/^(api|worker|admin|db|config|domain|workflows|activities)\/?$/m);
  });

  it('runs the same entry files as `npm start`', () => {
    const up = read('scripts/up.sh');
    for (const command of Object.values(composeCommands())) expect(up).toContain(`"$TSX" ${command[1]}`);
  });
});
