// Once per test run: a real Postgres with a migrated template database, a real Temporal dev server, and the
// real Temporal server's binaries.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { createDb } from '../../db/connect';
import { ensureDatabase } from '../../db/ensure-database';
import { isListening, startEmbeddedPostgres } from '../../db/embedded-postgres';
import { migrateToLatest } from '../../db/migrate';
import { resolveTemporalCli } from '../../worker/temporal-cli';
import { startDevServer } from '../../worker/temporal-dev-server';
import { resolveTemporalServer } from '../../worker/temporal-server-binaries';
import { freePort } from './free-port';

export default async function globalSetup(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const stops: Array<() => Promise<void>> = [];

  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    if (await isListening('127.0.0.1', 5432)) serverUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
    else {
      const dir = path.resolve('.data', 'test-postgres');
      const pg = await startEmbeddedPostgres(dir, () => undefined, await freePort());
      stops.push(pg.stop);
      serverUrl = pg.url;
    }
  }
  const template = new URL(serverUrl);
  template.pathname = `/duban_test_tpl_${process.pid}`;
  await ensureDatabase(template.toString());
  const db = createDb(template.toString(), { max: 1 });
  await migrateToLatest(db);
  await db.destroy();
  process.env.DUBAN_TEST_TEMPLATE_URL = template.toString();

  // The real Temporal server (for the tests of the Postgres-backed engine), built once here rather than by two
  // test files at once.
  await resolveTemporalServer({
    explicitDir: process.env.TEMPORAL_SERVER_BIN_DIR,
    log: (l) => console.log(l),
  });
  if (!process.env.TEMPORAL_ADDRESS) {
    const cli = await resolveTemporalCli({ explicit: process.env.TEMPORAL_CLI, log: (l) => console.log(l) });
    const server = await startDevServer({
      cli: cli.path,
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'duban-temporal-')),
      port: await freePort(),
      headless: true,
    });
    stops.push(server.stop);
    process.env.DUBAN_TEST_TEMPORAL_ADDRESS = server.address;
  } else {
    process.env.DUBAN_TEST_TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS;
  }
  (globalThis as { __dubanStops?: Array<() => Promise<void>> }).__dubanStops = stops;
}
