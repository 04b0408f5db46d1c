// Postgres for `duban up`: the configured server, or an embedded one where nothing listens at the default.
import { ensureDatabase } from '../../db/ensure-database';
import { isListening, startEmbeddedPostgres } from '../../db/embedded-postgres';
import type { Config } from '../../worker/config';
import type { Logger } from '../../worker/logger';
import { redactUrl } from '../../worker/redact';

export interface PostgresHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** Resolves the database URL, starting the embedded server if needed, and creates the database if missing. */
export async function providePostgres(config: Config, log: Logger): Promise<PostgresHandle> {
  let url = config.database.url;
  let stop: () => Promise<void> = async () => undefined;
  let embedded = false;
  if (!config.database.explicit && !(await isListening('127.0.0.1', 5432))) {
    log.info({ dataDir: config.dataDir }, 'nothing listens on 127.0.0.1:5432: starting an embedded Postgres');
    const pg = await startEmbeddedPostgres(config.dataDir, (line) => log.debug({ postgres: line }));
    url = pg.url;
    stop = pg.stop;
    embedded = true;
  }
  const created = await ensureDatabase(url);
  log.info({ database: redactUrl(url), created: created === 'created' }, 'postgres ready');
  return { url, embedded, stop };
}
