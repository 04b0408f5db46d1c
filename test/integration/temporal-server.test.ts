// The production-shaped Temporal: `duban temporal-server --engine postgres` sets up Temporal's schema in
// Postgres, registers the namespace and duban's search attributes, and serves them; a workflow and its search
// attributes live in Postgres (persistence and visibility) and are there again after a restart, whose schema
// step finds nothing to do. A Temporal that dies under the command stops it with an error naming the exit.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { standardPorts } from '../../worker/temporal-postgres-server';
import { LEVEL, LIGHT } from '../../workflows/search-attributes';
import { admin } from '../support/database';
import { freePort, freePortBetween } from '../support/free-port';
import { runCli, startCli, type UpProcess } from '../support/up-process';
import { waitUntil } from '../support/wait';

const DATABASE = `duban_test_tsrv_${process.pid}`;
let server: UpProcess | undefined;
let dataDir: string;
let adminUrl: string;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'duban-tsrv-'));
  const admin = new URL(process.env.DUBAN_TEST_TEMPLATE_URL!);
  admin.pathname = '/postgres';
  adminUrl = admin.toString();
});

afterAll(async () => {
  server?.kill();
  await admin(adminUrl, async (client) => {
    for (const name of [DATABASE, `${DATABASE}_visibility`])
      await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  });
  rmSync(dataDir, { recursive: true, force: true });
});

async function query<T>(database: string, text: string, values: unknown[] = []): Promise<T[]> {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

test('temporal-server on Postgres keeps a workflow and its search attributes across a restart', async () => {
  // Temporal's own port layout around the frontend: membership ports 300 below it, all under 32768.
  const port = await freePortBetween(20_400, 32_000, (p) => Object.values(standardPorts(p)));
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  const env = {
    ...process.env,
    DUBAN_DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(port),
    TEMPORAL_SERVER_DATABASE_URL: url.toString(),
    LOG_LEVEL: 'warn',
  };
  const listening = /Temporal \(postgres\) listening at (127\.0\.0\.1:\d+)/;
  server = startCli(env, 'temporal-server', '--engine', 'postgres');
  await server.waitForOutput(listening);
  const address = listening.exec(server.output())![1]!;

  let connection = await Connection.connect({ address });
  let client = new Client({ connection });
  // No worker polls this queue: the workflow stays open, which is all the test needs of it.
  const workflowId = `tsrv-${process.pid}`;
  await client.workflow.start('nobodyRunsThis', {
    workflowId,
    taskQueue: 'nobody-polls-this',
    typedSearchAttributes: [
      { key: LIGHT, value: 'red' },
      { key: LEVEL, value: 2 },
    ],
  });
  const byAttributes = async (c: Client) => {
    const ids: string[] = [];
    for await (const w of c.workflow.list({ query: `DubanLight = 'red' AND DubanLevel = 2` }))
      ids.push(w.workflowId);
    return ids;
  };
  await waitUntil(
    'the workflow listed by its search attributes',
    () => byAttributes(client),
    (ids) => ids.includes(workflowId),
  );
  // It is in Postgres: the execution in the persistence database, its row in the visibility database.
  expect(
    await query(DATABASE, 'select 1 from current_executions where workflow_id = $1', [workflowId]),
  ).toHaveLength(1);
  expect(
    await query(`${DATABASE}_visibility`, 'select 1 from executions_visibility where workflow_id = $1', [
      workflowId,
    ]),
  ).toHaveLength(1);
  await connection.close();

  expect(await server.interrupt()).toBe(0);
  server = startCli(env, 'temporal-server', '--engine', 'postgres');
  await server.waitForOutput(listening);
  connection = await Connection.connect({ address });
  client = new Client({ connection });
  const handle = client.workflow.getHandle(workflowId);
  expect((await handle.describe()).status.name).toBe('RUNNING');
  expect(await byAttributes(client)).toContain(workflowId);
  await handle.terminate('test done');
  await connection.close();
  expect(await server.interrupt()).toBe(0);
  expect(server.output()).not.toMatch(/failed/);
});

test('temporal-server stops with an error naming the exit when its Temporal dies under it', async () => {
  const env = {
    ...process.env,
    DUBAN_DATA_DIR: path.join(dataDir, 'dev'),
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  const dev = startCli(env, 'temporal-server', '--engine', 'dev');
  server = dev;
  await dev.waitForOutput(/Temporal \(dev\) listening at/);
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(dev.pid)], { encoding: 'utf8' })
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((pid) => pid > 0);
  expect(children).toHaveLength(1);
  process.kill(children[0]!, 'SIGKILL');
  // Bounded: without the watch the command would wait for Ctrl-C forever.
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    dev.exited,
    new Promise<string>((r) => {
      timer = setTimeout(() => r('still running 60 s after its Temporal was killed'), 60_000);
    }),
  ]);
  clearTimeout(timer);
  expect(outcome).toBe(1);
  expect(dev.output()).toMatch(
    /temporal dev server exited unexpectedly \(SIGKILL\); see .*temporal-server\.log/,
  );
});

test('temporal-server refuses an unknown engine, naming the option', () => {
  const out = runCli({ ...process.env, DUBAN_DATA_DIR: dataDir }, 'temporal-server', '--engine', 'sqlite');
  expect(out.status).toBe(2);
  expect(out.stderr).toMatch(/--engine: must be dev or postgres, not "sqlite"/);
});
