// Finding the Temporal CLI: TEMPORAL_CLI, then PATH, then the per-machine cache; a clear error without Go.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliCacheDir, resolveTemporalCli } from '../../worker/temporal-cli';
import { fakeBinary, restoreToolEnvironment } from '../support/fake-binaries';

restoreToolEnvironment();

test('TEMPORAL_CLI wins, and a wrong one is named', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  const bin = fakeBinary(dir, 'my-temporal');
  await expect(resolveTemporalCli({ explicit: bin })).resolves.toEqual({ path: bin, source: 'TEMPORAL_CLI' });
  await expect(resolveTemporalCli({ explicit: path.join(dir, 'nope') })).rejects.toThrow(
    /TEMPORAL_CLI: .*nope does not exist/,
  );
});

test('then `temporal` on PATH, then the cache outside the repo', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  const onPath = fakeBinary(path.join(dir, 'bin'), 'temporal');
  process.env.PATH = path.join(dir, 'bin');
  await expect(resolveTemporalCli()).resolves.toEqual({ path: onPath, source: 'PATH' });
  process.env.PATH = path.join(dir, 'empty');
  process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
  const cached = fakeBinary(cliCacheDir(), 'temporal');
  expect(cached.startsWith(path.join(dir, 'cache', 'duban', 'temporal-cli', 'v1.5.1'))).toBe(true);
  await expect(resolveTemporalCli({ goDirs: [] })).resolves.toEqual({ path: cached, source: 'cache' });
});

test('without a CLI and without Go, the error says what to install', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  process.env.PATH = path.join(dir, 'empty');
  process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
  await expect(resolveTemporalCli({ goDirs: [] })).rejects.toThrow(
    /install Go 1\.23 or newer.*TEMPORAL_CLI.*TEMPORAL_ADDRESS/s,
  );
});
