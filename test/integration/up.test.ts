// The README's first command end to end: `duban up` on a real Temporal server and Postgres brings up the
// worker, the API, the mail catcher and the 2023 ledger, and `task show` answers from another process.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { waitUntil } from '../support/wait';

const ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'client', 'cli', 'main.ts');

let tdb: TestDatabase;
let up: ChildProcessWithoutNullStreams | undefined;
let env: NodeJS.ProcessEnv;
let output = '';

beforeAll(async () => {
  tdb = await createTestDatabase();
  // Its own namespace: the ledger's workflow ids must not meet other test files' tasks.
  const namespace = `up-${randomUUID().slice(0, 8)}`;
  const connection = await Connection.connect({ address: process.env.DUBAN_TEST_TEMPORAL_ADDRESS! });
  await connection.workflowService.registerNamespace({
    namespace,
    workflowExecutionRetentionPeriod: msToTs('1 day'),
  });
  await connection.close();
  env = {
    ...process.env,
    DATABASE_URL: tdb.url,
    TEMPORAL_ADDRESS: process.env.DUBAN_TEST_TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: namespace,
    HTTP_PORT: String(await freePort()),
    MAIL_CATCHER_PORT: String(await freePort()),
    DUBAN_DATA_DIR: path.join(ROOT, '.data', `test-up-${process.pid}`),
    DUBAN_SPEED: '21600',
    LOG_LEVEL: 'warn',
  };
});

afterAll(async () => {
  if (up && up.exitCode === null) up.kill('SIGKILL');
  await tdb?.drop();
});

/** Waits until `up` has printed `pattern` (or has exited, which fails the test with its output). */
async function waitForOutput(pattern: RegExp): Promise<void> {
  await waitUntil(
    `\`duban up\` to print ${pattern}`,
    async () => ({ output, exitCode: up!.exitCode }),
    (s) => pattern.test(s.output) || s.exitCode !== null,
    // Migrations, the ledger and 41 workflows before the banner: bounded a little above the suite's default.
    { timeoutMs: 180_000, show: (s) => `exit code ${s.exitCode}, output:\n${s.output}` },
  );
  if (up!.exitCode !== null) throw new Error(`up exited with ${up!.exitCode}:\n${output}`);
}

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { env, cwd: ROOT, encoding: 'utf8' });

test('up starts everything; task show answers from another process; Ctrl-C stops all', async () => {
  up = spawn(process.execPath, ['--import', 'tsx', MAIN, 'up'], { env, cwd: ROOT });
  up.stdout.on('data', (c: Buffer) => (output += c.toString()));
  up.stderr.on('data', (c: Buffer) => (output += c.toString()));
  await waitForOutput(/duban is up\./);
  expect(output).toMatch(/Office token +dbn_/);
  expect(output).toMatch(new RegExp(`Dashboard +http://127\\.0\\.0\\.1:${env.HTTP_PORT}/`));

  const shown = cli('task', 'show', '2023-1-07', '--format', 'json');
  expect(shown.status).toBe(0);
  const state = JSON.parse(shown.stdout) as {
    taskId: string;
    spec: { targets: Array<{ metric: string; value: number }> };
  };
  expect(state.taskId).toBe('2023-1-07');
  expect(state.spec.targets).toEqual(
    expect.arrayContaining([expect.objectContaining({ metric: '新建5G基站', value: 1500 })]),
  );

  const health = await fetch(`http://127.0.0.1:${env.HTTP_PORT}/api/health`);
  expect(health.status).toBe(200);
  // The dashboard is served on the same port.
  const login = await fetch(`http://127.0.0.1:${env.HTTP_PORT}/login`);
  expect(login.status).toBe(200);
  expect(await login.text()).toContain('<html');
  // Every task was started once; a second `tasks start --all` starts nothing.
  const again = cli('tasks', 'start', '--all');
  expect(again.stdout).toMatch(/^0 started, 41 already running or closed/);
  // The assignment emails go out from the workflows after `up` has started them: wait for the first to land.
  const mail = await waitUntil(
    'an assignment email (【交办】) in the mail catcher',
    () => tdb.db.selectFrom('caught_mail').select('subject').execute(),
    (rows) => rows.some((m) => m.subject?.startsWith('【交办】')),
    { show: (rows) => rows.map((m) => m.subject).join(' | ') || 'no mail' },
  );
  expect(mail.some((m) => m.subject?.startsWith('【交办】'))).toBe(true);

  up.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => up!.once('exit', resolve));
  expect(code).toBe(0);
  expect(output).not.toMatch(/did not stop cleanly/);
}, 300_000);

test('bad arguments print the usage and exit 2; unknown tasks are a clear error', () => {
  const unknown = cli('frobnicate');
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
  expect(unknown.stderr).toMatch(/Usage: duban/);
  const bad = cli('task', 'show', '2023-1-07', '--format', 'xml');
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/--format must be table or json/);
  const missing = cli('task', 'start', 'no-such-task');
  expect(missing.status).toBe(1);
  expect(missing.stderr).toMatch(/task no-such-task is not in the catalog/);
});
