// Starts and stops the Temporal CLI dev server, with its state in a file under the data directory.
import path from 'node:path';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { namespaceExists, spawnTemporal, type TemporalProcess } from './temporal-process';

export type DevServer = TemporalProcess;

export interface DevServerOptions {
  cli: string;
  dataDir: string;
  port: number;
  uiPort?: number;
  headless?: boolean;
  namespace?: string;
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

/** Launches `temporal server start-dev`, waits until its frontend answers and the namespace exists. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? (() => undefined);
  const namespace = options.namespace ?? 'default';
  const address = `127.0.0.1:${options.port}`;
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--db-filename',
    path.join(options.dataDir, 'temporal.db'),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
    // A write-ahead log and fewer fsyncs: the store's transactions stay short on a busy machine, where
    // long ones were seen to run past their deadline, be interrupted and cost the server its shard.
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    ...ALL_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${cliTypeName(k.type)}`]),
  ];
  if (options.headless || !options.uiPort) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));

  const server = await spawnTemporal({
    name: 'temporal dev server',
    command: options.cli,
    args,
    dataDir: options.dataDir,
    address,
    ready: (connection) => namespaceExists(connection, namespace),
    startTimeoutMs: options.startTimeoutMs ?? 60_000,
  });
  const uiUrl = options.headless || !options.uiPort ? undefined : `http://127.0.0.1:${options.uiPort}`;
  log(`temporal dev server ready at ${address}${uiUrl ? `, web UI ${uiUrl}` : ''}`);
  return { ...server, uiUrl };
}

/** The CLI spells types as 'Keyword', 'Int', 'KeywordList'. */
function cliTypeName(type: string): string {
  return type
    .toLowerCase()
    .split('_')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
