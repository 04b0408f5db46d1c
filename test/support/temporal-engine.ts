// A Temporal server of either kind for the bench, the chaos year and the tests, all its own: the CLI's dev
// server (sqlite, in a file under `dataDir`) or the real server on Postgres (two databases of its own on the given
// Postgres, dropped by `drop`). Ports are free ones, so runs never collide.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { redactUrl } from '../../worker/redact';
import { resolveTemporalCli } from '../../worker/temporal-cli';
import { startDevServer } from '../../worker/temporal-dev-server';
import {
  startPostgresTemporal,
  visibilityUrl,
  type ServerPorts,
} from '../../worker/temporal-postgres-server';
import type { TemporalProcess } from '../../worker/temporal-process';
import { resolveTemporalServer } from '../../worker/temporal-server-binaries';
import { admin } from './database';
import { freePort, freePortBetween } from './free-port';

export type Engine = 'dev' | 'server';

/** What each engine is called in tables and logs. */
export const ENGINE_LABEL: Record<Engine, string> = {
  dev: 'dev server (sqlite)',
  server: 'Temporal server (Postgres)',
};

export interface EngineOptions {
  dataDir: string;
  /** A URL of the Postgres server the `server` engine keeps its databases on (any database name). */
  postgresUrl: string;
  /** The persistence database's name (visibility: the same + `_visibility`). */
  databaseName: string;
  log?: (line: string) => void;
}

export interface EngineHandle {
  engine: Engine;
  /** Starts the server (again, after `stop`) on the same ports and state. */
  start(): Promise<TemporalProcess>;
  /** Drops the server engine's databases (after it stopped). */
  drop(): Promise<void>;
  /** Where its store is (a directory, or the databases' names). */
  where: string;
  /** Bytes the server's store takes: the sqlite files, or the two databases. */
  storeBytes(): Promise<number>;
}

/**
 * Nine distinct free ports, below the ephemeral range: the server keeps membership ports in a smallint column
 * (at most 32767), and ports the kernel hands out to outgoing connections could be taken before the server binds.
 */
async function freePorts(): Promise<ServerPorts> {
  const seen = new Set<number>();
  while (seen.size < 9) seen.add(await freePortBetween(20_000, 32_767));
  const [frontend, history, matching, worker, fm, hm, mm, wm, http] = [...seen] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    frontend,
    history,
    matching,
    worker,
    frontendMembership: fm,
    historyMembership: hm,
    matchingMembership: mm,
    workerMembership: wm,
    http,
  };
}

export async function temporalEngine(engine: Engine, options: EngineOptions): Promise<EngineHandle> {
  const log = options.log ?? (() => undefined);
  if (engine === 'dev') {
    const cli = await resolveTemporalCli({ explicit: process.env.TEMPORAL_CLI, log });
    const port = await freePort();
    return {
      engine,
      start: () => startDevServer({ cli: cli.path, dataDir: options.dataDir, port, headless: true, log }),
      where: options.dataDir,
      drop: async () => undefined,
      storeBytes: async () =>
        readdirSync(options.dataDir)
          .filter((f) => f.startsWith('temporal.db'))
          .reduce((sum, f) => sum + statSync(path.join(options.dataDir, f)).size, 0),
    };
  }
  const binaries = await resolveTemporalServer({ explicitDir: process.env.TEMPORAL_SERVER_BIN_DIR, log });
  const ports = await freePorts();
  const url = new URL(options.postgresUrl);
  url.pathname = `/${options.databaseName}`;
  const databaseUrl = url.toString();
  const names = [databaseUrl, visibilityUrl(databaseUrl)].map((u) => new URL(u).pathname.slice(1));
  const onAdmin = <T>(fn: (client: pg.Client) => Promise<T>) => admin(options.postgresUrl, fn);

  return {
    engine,
    start: () =>
      startPostgresTemporal({
        binaries,
        databaseUrl,
        dataDir: options.dataDir,
        ports,
        historyShards: 4,
        namespace: 'default',
        log,
      }),
    where: `${names.join(' and ')} on ${redactUrl(options.postgresUrl)}`,
    drop: () =>
      onAdmin(async (client) => {
        for (const name of names) {
          await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
        }
      }),
    storeBytes: () =>
      onAdmin(async (client) => {
        const r = await client.query<{ bytes: string }>(
          'select coalesce(sum(pg_database_size(datname)), 0) as bytes from pg_database where datname = any($1)',
          [names],
        );
        return Number(r.rows[0]!.bytes);
      }),
  };
}
