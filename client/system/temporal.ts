// Temporal for `duban up`: the configured cluster, a dev server already listening, or one we start.
import { Connection } from '@temporalio/client';
import { isListening } from '../../db/embedded-postgres';
import type { Config } from '../../worker/config';
import type { Logger } from '../../worker/logger';
import { ensureSearchAttributes } from '../../worker/search-attributes';
import { resolveTemporalCli, temporalCliVersion } from '../../worker/temporal-cli';
import { startDevServer } from '../../worker/temporal-dev-server';
import { temporalConnectionOptions } from '../../worker/temporal-connection';
import path from 'node:path';

export interface TemporalHandle {
  address: string;
  uiUrl: string | undefined;
  started: boolean;
  stop(): Promise<void>;
}

export async function provideTemporal(config: Config, log: Logger): Promise<TemporalHandle> {
  const devAddress = `127.0.0.1:${config.temporal.devPort}`;
  const address = config.temporal.address ?? devAddress;
  if (config.temporal.address || (await isListening('127.0.0.1', config.temporal.devPort))) {
    const connection = await Connection.connect({
      ...temporalConnectionOptions(config, address),
      connectTimeout: 10_000,
    });
    try {
      const added = await ensureSearchAttributes(connection, config.temporal.namespace).catch(
        (err: Error) => {
          log.warn(
            { err: err.message },
            'cannot register search attributes; register them on the cluster yourself',
          );
          return [];
        },
      );
      if (added.length) log.info({ added }, 'registered search attributes');
    } finally {
      await connection.close();
    }
    log.info({ address }, 'using the Temporal server already running');
    return {
      address,
      uiUrl: config.temporal.address ? undefined : `http://127.0.0.1:${config.temporal.uiPort}`,
      started: false,
      stop: async () => undefined,
    };
  }
  const cli = await resolveTemporalCli({ explicit: config.temporal.cli, log: (line) => log.info(line) });
  log.info({ cli: cli.path, source: cli.source, version: temporalCliVersion(cli.path) }, 'temporal CLI');
  const server = await startDevServer({
    cli: cli.path,
    dataDir: path.join(config.dataDir, 'temporal'),
    port: config.temporal.devPort,
    uiPort: config.temporal.uiPort,
    namespace: config.temporal.namespace,
    log: (line) => log.info(line),
  });
  return { address: server.address, uiUrl: server.uiUrl, started: true, stop: server.stop };
}
