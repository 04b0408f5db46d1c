// A worker loads the bundle of its exact workflow code from the cache, and builds a new one when the code changed.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger } from '@temporalio/worker';
import { bundleKey, loadWorkflowBundle, WORKFLOWS_DIR } from '../../worker/workflow-bundle';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'duban-bundle-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test('the key follows every workflow source file, and nothing else', () => {
  const copy = path.join(tmp, 'workflows');
  cpSync(WORKFLOWS_DIR, copy, { recursive: true });
  const before = bundleKey(copy);
  expect(bundleKey(copy)).toBe(before);
  writeFileSync(path.join(copy, 'notes.txt'), 'not code');
  expect(bundleKey(copy)).toBe(before);
  writeFileSync(path.join(copy, 'rules', 'light.ts'), '// changed\n', { flag: 'a' });
  expect(bundleKey(copy)).not.toBe(before);
});

test('the first start builds and keeps the bundle; the next loads the same code from the cache', async () => {
  const cacheDir = path.join(tmp, 'cache');
  const logger = new DefaultLogger('WARN');
  const first = await loadWorkflowBundle({ cacheDir, logger });
  expect(first.source).toBe('built');
  expect(readdirSync(cacheDir)).toEqual([path.basename(first.file!)]);
  const second = await loadWorkflowBundle({ cacheDir, logger });
  expect(second).toMatchObject({ source: 'cache', file: first.file });
  expect(second.bundle.code).toBe(first.bundle.code);
  // 'off' never reads nor writes a cache.
  const off = await loadWorkflowBundle({ cacheDir: 'off', logger });
  expect(off.source).toBe('built');
  expect(off.file).toBeUndefined();
}, 120_000);
