// The README's first command end to end: `duban up` on a real Temporal server and Postgres brings up the
// worker, the API, the mail catcher and the 2023 ledger, and `task show` answers from another process.
import { Client, Connection } from '@temporalio/client';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { runCli, startUp, upEnvironment, type UpProcess } from '../support/up-process';
import { waitUntil } from '../support/wait';

let tdb: TestDatabase;
let up: UpProcess | undefined;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  tdb = await createTestDatabase();
  env = await upEnvironment(tdb.url);
});

afterAll(async () => {
  up?.kill();
  await tdb?.drop();
});

const cli = (...args: string[]) => runCli(env, ...args);

test('up starts everything; task show answers from another process; Ctrl-C stops all', async () => {
  up = startUp(env);
  await up.waitForOutput(/duban is up\./);
  const output = up.output();
  expect(output).toMatch(/Office token +dbn_/);
  expect(output).toMatch(new RegExp(`Dashboard +http://127\\.0\\.0\\.1:${env.HTTP_PORT}/`));

  const shown = cli('task', 'show', '2023-1-07', '--format', 'json');
  expect(shown.status).toBe(0);
  const state = JSON.parse(shown.stdout) as {
    taskId: string;
    targets: Array<{ metric: string; value: number }>;
  };
  expect(state.taskId).toBe('2023-1-07');
  expect(state.targets).toEqual(
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
  expect(again.stdout).toMatch(/^bulletin drafter running for 2023$/m);
  // The year's bulletin drafter was started beside the tasks; the CLI lists the bulletins (none before February's close).
  const temporal = new Client({
    connection: await Connection.connect({ address: env.TEMPORAL_ADDRESS! }),
    namespace: env.TEMPORAL_NAMESPACE!,
  });
  const drafter = await temporal.workflow.getHandle('bulletins-2023').describe();
  expect(drafter.status.name).toBe('RUNNING');
  await temporal.connection.close();
  const bulletins = cli('bulletin', 'list', '--format', 'json');
  expect(bulletins.status).toBe(0);
  expect(JSON.parse(bulletins.stdout)).toEqual({ items: expect.any(Array) });
  // The assignment emails go out from the workflows after `up` has started them: wait for the first to land.
  const mail = await waitUntil(
    'an assignment email (【交办】) in the mail catcher',
    () => tdb.db.selectFrom('caught_mail').select('subject').execute(),
    (rows) => rows.some((m) => m.subject?.startsWith('【交办】')),
    { show: (rows) => rows.map((m) => m.subject).join(' | ') || 'no mail' },
  );
  expect(mail.some((m) => m.subject?.startsWith('【交办】'))).toBe(true);

  expect(await up.interrupt()).toBe(0);
  expect(up.output()).not.toMatch(/did not stop cleanly/);
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
