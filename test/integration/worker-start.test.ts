// `npm run worker` with a dependency unreachable: it exits 1 at once with one line that names what it could
// not reach and where, instead of a stack trace or a worker that hangs retrying.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';

const MAIN = path.join(__dirname, '..', '..', 'worker', 'main.ts');
let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

function runWorker(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

test('with Temporal down, the worker says where it looked and how to start one', async () => {
  const port = await freePort(); // nothing listens there
  const out = runWorker({ DATABASE_URL: tdb.url, TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
  expect(out.status).toBe(1);
  expect(out.stderr.trim()).toMatch(
    new RegExp(
      `^worker: cannot reach Temporal at 127\\.0\\.0\\.1:${port} \\(.+\\): start a server .*TEMPORAL_ADDRESS`,
    ),
  );
}, 90_000);

test('with Postgres down, the worker names the database (without its password)', async () => {
  const port = await freePort();
  const out = runWorker({
    DATABASE_URL: `postgres://duban:secret@127.0.0.1:${port}/duban_nowhere`,
    TEMPORAL_ADDRESS: process.env.DUBAN_TEST_TEMPORAL_ADDRESS!,
  });
  expect(out.status).toBe(1);
  expect(out.stderr).toContain(
    `worker: cannot prepare the database at postgres://duban:***@127.0.0.1:${port}/duban_nowhere`,
  );
  expect(out.stderr).toContain('ECONNREFUSED');
  expect(out.stderr).not.toContain('secret');
}, 90_000);
