// Temporal for `duban up`: the configured cluster, a server already listening, or one we start (the CLI's dev
// server, or the real server on Postgres with DUBAN_TEMPORAL_ENGINE=postgres).
import { Connection } from '@temporalio/client';
import { isListening } from '../../db/embedded-postgres';
import type { Config } from '../../worker/config';
import type { Logger } from '../../worker/logger';
import { ensureSearchAttributes } from '../../worker/search-attributes';
import { resolveTemporalCli, temporalCliVersion } from '../../worker/temporal-cli';
import { startDevServer } from '../../worker/temporal-dev-server';
import { temporalConnectionOptions } from '../../worker/temporal-connection';
import { standardPorts, startPostgresTemporal } from '../../worker/temporal-postgres-server';
import type { TemporalProcess } from '../../worker/temporal-process';
import { resolveTemporalServer, temporalServerVersion } from '../../worker/temporal-server-binaries';
import path from 'node:path';

export interface TemporalHandle {
  address: string;
  uiUrl: string | undefined;
  started: boolean;
  /** Resolves with what happened if a server started here exits on its own (never, for one found running). */
  died: Promise<string>;
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
      died: new Promise<string>(() => undefined),
      stop: async () => undefined,
    };
  }
  const server = await startOwnTemporal(config, log);
  return {
    address: server.address,
    uiUrl: server.uiUrl,
    started: true,
    died: server.died,
    stop: server.stop,
  };
}

/** The server DUBAN_TEMPORAL_ENGINE names, on TEMPORAL_DEV_PORT, its state under the data directory or in Postgres. */
export async function startOwnTemporal(config: Config, log: Logger): Promise<TemporalProcess> {
  const say = (line: string) => log.info(line);
  if (config.temporal.engine === 'postgres') {
    const binaries = await resolveTemporalServer({ explicitDir: config.temporal.server.binDir, log: say });
    log.info(
      { server: binaries.server, source: binaries.source, version: temporalServerVersion(binaries.server) },
      'temporal server',
    );
    return startPostgresTemporal({
      binaries,
      databaseUrl: config.temporal.server.databaseUrl,
      dataDir: path.join(config.dataDir, 'temporal-server'),
      ports: standardPorts(config.temporal.devPort),
      historyShards: config.temporal.server.historyShards,
      namespace: config.temporal.namespace,
      log: say,
    });
  }
  const cli = await resolveTemporalCli({ explicit: config.temporal.cli, log: say });
  log.info({ cli: cli.path, source: cli.source, version: temporalCliVersion(cli.path) }, 'temporal CLI');
  return startDevServer({
    cli: cli.path,
    dataDir: path.join(config.dataDir, 'temporal'),
    port: config.temporal.devPort,
    uiPort: config.temporal.uiPort,
    namespace: config.temporal.namespace,
    log: say,
  });
}
