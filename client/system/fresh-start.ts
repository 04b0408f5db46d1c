// `duban up --fresh`: forget the local demo (the dev server's history and the database) to replay the year again.
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { isListening } from '../../db/embedded-postgres';
import type { Config } from '../../worker/config';
import type { Logger } from '../../worker/logger';

/** Refuses anything but the embedded defaults: a configured cluster or database is never wiped. */
export async function wipeLocalState(config: Config, log: Logger): Promise<void> {
  if (config.temporal.address)
    throw new Error('--fresh only works with the local dev server: TEMPORAL_ADDRESS is set');
  if (config.database.explicit)
    throw new Error('--fresh never drops a configured database: DATABASE_URL is set');
  rmSync(path.join(config.dataDir, 'temporal'), { recursive: true, force: true });
  log.info({ dir: path.join(config.dataDir, 'temporal') }, 'removed the dev server state');
  if (!(await isListening('127.0.0.1', 5432))) {
    rmSync(path.join(config.dataDir, 'postgres'), { recursive: true, force: true });
    log.info('removed the embedded Postgres data');
    return;
  }
  const admin = new URL(config.database.url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    log.info({ database: name }, 'dropped the database');
  } finally {
    await client.end();
  }
}
