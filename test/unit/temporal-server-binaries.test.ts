// Finding the Temporal server and its schema tool: TEMPORAL_SERVER_BIN_DIR, then the per-machine cache; a clear
// error naming what is missing, and what to do without Go.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveTemporalServer, serverCacheDir } from '../../worker/temporal-server-binaries';
import { fakeBinary, restoreToolEnvironment } from '../support/fake-binaries';

restoreToolEnvironment();

test('TEMPORAL_SERVER_BIN_DIR wins; a directory without the schema tool is named', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsrv-'));
  const server = fakeBinary(dir, 'temporal-server');
  await expect(resolveTemporalServer({ explicitDir: dir })).rejects.toThrow(
    /TEMPORAL_SERVER_BIN_DIR: .*temporal-sql-tool missing/,
  );
  const sqlTool = fakeBinary(dir, 'temporal-sql-tool');
  await expect(resolveTemporalServer({ explicitDir: dir })).resolves.toEqual({
    server,
    sqlTool,
    source: 'TEMPORAL_SERVER_BIN_DIR',
  });
});

test('then the cache outside the repo; without it and without Go, the error says what to do', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsrv-'));
  process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
  process.env.PATH = path.join(dir, 'empty'); // no Go anywhere
  await expect(resolveTemporalServer({ goDirs: [] })).rejects.toThrow(
    /install Go 1\.23 or newer.*TEMPORAL_SERVER_BIN_DIR.*TEMPORAL_ADDRESS/s,
  );
  expect(serverCacheDir()).toBe(path.join(dir, 'cache', 'duban', 'temporal-server', 'v1.29.1'));
  const server = fakeBinary(serverCacheDir(), 'temporal-server');
  const sqlTool = fakeBinary(serverCacheDir(), 'temporal-sql-tool');
  await expect(resolveTemporalServer({ goDirs: [] })).resolves.toEqual({ server, sqlTool, source: 'cache' });
});
