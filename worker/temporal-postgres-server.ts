// The production-shaped Temporal: the real server with Postgres persistence and Postgres (SQL) visibility, its
// schema set up and upgraded by Temporal's own tool, one process running all four services. The same layout
// scales out by running the services as separate processes against the same databases (see the README).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import pg from 'pg';
import { stringify } from 'yaml';
import { ensureDatabase } from '../db/ensure-database';
import { redactUrl } from './redact';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { ensureSearchAttributes } from './search-attributes';
import type { ServerBinaries } from './temporal-server-binaries';
import { namespaceExists, spawnTemporal, type TemporalProcess } from './temporal-process';

/** Ports of the four services: gRPC for each, membership (ringpop) for each, and the frontend's HTTP API. */
export interface ServerPorts {
  frontend: number;
  history: number;
  matching: number;
  worker: number;
  frontendMembership: number;
  historyMembership: number;
  matchingMembership: number;
  workerMembership: number;
  http: number;
}

/** Temporal's own layout around a frontend port (7233 → 7234, 7235, 7239, 6933…, 7243). */
export function standardPorts(frontend: number): ServerPorts {
  return {
    frontend,
    history: frontend + 1,
    matching: frontend + 2,
    worker: frontend + 6,
    frontendMembership: frontend - 300,
    historyMembership: frontend - 299,
    matchingMembership: frontend - 298,
    workerMembership: frontend - 294,
    http: frontend + 10,
  };
}

export interface PostgresTemporalOptions {
  binaries: ServerBinaries;
  /** The persistence database (created if missing); visibility goes to the same name + `_visibility`. */
  databaseUrl: string;
  dataDir: string;
  ports: ServerPorts;
  /** Fixed when the cluster is first created: it cannot change afterwards. */
  historyShards: number;
  namespace: string;
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

/** Closed workflows stay readable (and replayable) this long; the read model keeps their data for good. */
const RETENTION_DAYS = 30;

export function visibilityUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `${url.pathname.replace(/\/$/, '')}_visibility`;
  return url.toString();
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** Creates both databases if missing and brings their schemas to this server version (idempotent). */
export async function setupTemporalSchema(
  sqlTool: string,
  databaseUrl: string,
  log: (line: string) => void = () => undefined,
): Promise<void> {
  for (const [url, schemaName] of [
    [databaseUrl, 'postgresql/v12/temporal'],
    [visibilityUrl(databaseUrl), 'postgresql/v12/visibility'],
  ] as const) {
    if ((await ensureDatabase(url)) === 'created') log(`created database ${databaseName(url)}`);
    const parsed = new URL(url);
    const env = {
      ...process.env,
      SQL_PLUGIN: 'postgres12',
      SQL_HOST: parsed.hostname,
      SQL_PORT: parsed.port || '5432',
      SQL_USER: decodeURIComponent(parsed.username) || 'postgres',
      SQL_PASSWORD: decodeURIComponent(parsed.password),
      SQL_DATABASE: databaseName(url),
    };
    const run = (args: string[]) => {
      const r = spawnSync(sqlTool, args, { env, encoding: 'utf8' });
      if (r.status !== 0) {
        throw new Error(
          `temporal-sql-tool ${args[0]} on ${redactUrl(url)} failed: ${(r.stderr || r.stdout || '').trim().slice(-2000)}`,
        );
      }
    };
    // The version table first (once), then every versioned step not applied yet.
    if (!(await hasVersionTable(url))) run(['setup-schema', '-v', '0.0']);
    run(['update-schema', '--schema-name', schemaName]);
  }
}

async function hasVersionTable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query(`select to_regclass('public.schema_version') is not null as present`);
    return Boolean(r.rows[0]?.present);
  } finally {
    await client.end();
  }
}

/** The server's configuration: `config/development-postgres12.yaml` of the release, on our ports and databases. */
export function serverConfig(options: PostgresTemporalOptions, dynamicConfigFile: string): object {
  const store = (url: string, maxConns: number) => {
    const parsed = new URL(url);
    return {
      sql: {
        pluginName: 'postgres12',
        databaseName: databaseName(url),
        connectAddr: `${parsed.hostname}:${parsed.port || '5432'}`,
        connectProtocol: 'tcp',
        user: decodeURIComponent(parsed.username) || 'postgres',
        password: decodeURIComponent(parsed.password),
        maxConns,
        maxIdleConns: maxConns,
        maxConnLifetime: '1h',
      },
    };
  };
  const p = options.ports;
  const service = (grpcPort: number, membershipPort: number, httpPort?: number) => ({
    rpc: { grpcPort, membershipPort, bindOnIP: '127.0.0.1', ...(httpPort ? { httpPort } : {}) },
  });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: options.historyShards,
      datastores: {
        'postgres-default': store(options.databaseUrl, 20),
        'postgres-visibility': store(visibilityUrl(options.databaseUrl), 5),
      },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: service(p.frontend, p.frontendMembership, p.http),
      history: service(p.history, p.historyMembership),
      matching: service(p.matching, p.matchingMembership),
      worker: service(p.worker, p.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${p.frontend}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

/** Sets up the schema, writes the configuration, starts the server and waits for the namespace and attributes. */
export async function startPostgresTemporal(options: PostgresTemporalOptions): Promise<TemporalProcess> {
  const log = options.log ?? (() => undefined);
  await setupTemporalSchema(options.binaries.sqlTool, options.databaseUrl, log);
  const configDir = path.join(options.dataDir, 'config');
  mkdirSync(configDir, { recursive: true });
  const dynamicConfigFile = path.join(configDir, 'dynamic.yaml');
  // Dynamic config the server re-reads every 10 s: change it in place on a running server.
  writeFileSync(dynamicConfigFile, stringify({ 'limit.maxIDLength': [{ value: 255 }] }));
  // The file holds the database password: readable by its owner only.
  writeFileSync(path.join(configDir, 'duban.yaml'), stringify(serverConfig(options, dynamicConfigFile)), {
    mode: 0o600,
  });
  const address = `127.0.0.1:${options.ports.frontend}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  const server = await spawnTemporal({
    name: 'temporal server',
    command: options.binaries.server,
    args: ['--root', options.dataDir, '--config', 'config', '--env', 'duban', '--allow-no-auth', 'start'],
    dataDir: options.dataDir,
    address,
    ready: async (connection) => {
      await connection.workflowService.getSystemInfo({});
      return true;
    },
    startTimeoutMs: deadline - Date.now(),
  });
  try {
    await ensureNamespace(address, options.namespace, deadline);
    log(`temporal server (Postgres ${databaseName(options.databaseUrl)}) ready at ${address}`);
    return { ...server, uiUrl: undefined };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/**
 * Registers the namespace and the search attributes once, then waits until the frontend serves both: each
 * service learns of a new namespace, and of its attributes, on its next registry refresh (every 2 s).
 */
async function ensureNamespace(address: string, namespace: string, deadline: number): Promise<void> {
  const connection = await Connection.connect({ address });
  const until = async (what: string, step: () => Promise<boolean>) => {
    for (;;) {
      let last: unknown;
      try {
        if (await step()) return;
      } catch (err) {
        last = err;
      }
      if (Date.now() > deadline) {
        throw new Error(`temporal server at ${address}: ${what} not served in time`, { cause: last });
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  try {
    await until(`namespace ${namespace}`, async () => {
      try {
        return await namespaceExists(connection, namespace);
      } catch (err) {
        if ((err as { code?: number }).code !== NOT_FOUND) throw err;
        await connection.workflowService
          .registerNamespace({
            namespace,
            workflowExecutionRetentionPeriod: msToTs(RETENTION_DAYS * 86_400_000),
          })
          .catch((e: { code?: number }) => {
            if (e.code !== ALREADY_EXISTS) throw e; // another starter won
          });
        return false;
      }
    });
    await until('search attributes', async () => {
      await ensureSearchAttributes(connection, namespace);
      // A query naming them is refused until the frontend maps them: the way to know they are usable.
      await connection.workflowService.countWorkflowExecutions({
        namespace,
        query: ALL_SEARCH_ATTRIBUTES.map((k) => `${k.name} IS NULL`).join(' AND '),
      });
      return true;
    });
  } finally {
    await connection.close();
  }
}

const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;
