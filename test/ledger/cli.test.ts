// The `ledger` commands as a user runs them: output streams, exit codes, and the database they write.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';

const root = path.join(__dirname, '../..');
const report = path.join(root, 'seeds/nanan-2023-government-work-report.txt');

function duban(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['client/cli/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

test('extract prints JSON on stdout and reports unassigned tasks on stderr', () => {
  const out = duban(['ledger', 'extract', report]);
  expect(out.code).toBe(0);
  const tasks = JSON.parse(out.stdout) as Array<{ id: string; leadDepartment: string | null }>;
  expect(tasks.length).toBeGreaterThanOrEqual(40);
  expect(tasks.every((t) => t.leadDepartment === null)).toBe(true);
  expect(out.stderr).toMatch(/41 tasks without an assignment \(leadDepartment null\): 2023-0-01, /);
});

test('extract with the seed assignments reproduces the committed ledger; csv on request', () => {
  const args = ['--assignments', 'seeds/assignments.yaml', '--departments', 'seeds/departments.yaml'];
  const json = duban(['ledger', 'extract', report, ...args]);
  expect(json.code).toBe(0);
  expect(json.stderr).not.toMatch(/without an assignment/);
  expect(JSON.parse(json.stdout)).toEqual(
    JSON.parse(readFileSync(path.join(root, 'seeds/ledger-2023.json'), 'utf8')),
  );
  const csv = duban(['ledger', 'extract', report, '--format', 'csv', ...args]);
  expect(csv.stdout.split('\r\n')[0]).toBe(
    'id,section,title,targets,deadline,lead,co,cadence,policy,priority,source',
  );
  expect(duban(['ledger', 'extract', report, '--format', 'xml']).code).toBe(2);
});

test('load writes the seeds, a second load changes nothing, a bad file exits non-zero', () => {
  const env = { DATABASE_URL: database.url };
  const first = duban(['ledger', 'load'], env);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/tasks\s+41 inserted, 0 updated, 0 unchanged/);
  const second = duban(['ledger', 'load'], env);
  expect(second.stdout).toMatch(/nothing changed/);

  const bad = path.join(mkdtempSync(path.join(os.tmpdir(), 'duban-cli-')), 'bad.json');
  writeFileSync(bad, '[{"id": "2023-0-01"}]');
  const failed = duban(['ledger', 'load', bad], env);
  expect(failed.code).toBe(1);
  expect(failed.stderr).toMatch(/bad\.json: task 2023-0-01: field title: is required/);
  expect(failed.stderr).toMatch(/bad\.json: task 2023-0-01: field deadline: is required/);
});
