// Starts and stops the Temporal CLI dev server, with its state in a file under the data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  pid: number | undefined;
  stop(): Promise<void>;
}

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
  mkdirSync(options.dataDir, { recursive: true });
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

  const logFile = openSync(path.join(options.dataDir, 'temporal-server.log'), 'a');
  const child = spawn(options.cli, args, { stdio: ['ignore', logFile, logFile], detached: false });
  let exited: { code: number | null } | undefined;
  child.once('exit', (code) => (exited = { code }));

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) {
      throw new Error(
        `temporal server exited with ${exited.code} before answering; see ${path.join(options.dataDir, 'temporal-server.log')}`,
      );
    }
    if (await frontendReady(address, namespace)) break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(
        `temporal server at ${address} did not answer within ${options.startTimeoutMs ?? 60_000} ms`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const uiUrl = options.headless || !options.uiPort ? undefined : `http://127.0.0.1:${options.uiPort}`;
  log(`temporal dev server ready at ${address}${uiUrl ? `, web UI ${uiUrl}` : ''}`);
  return { address, uiUrl, pid: child.pid, stop: () => stopChild(child) };
}

async function frontendReady(address: string, namespace: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/** SIGTERM, then SIGKILL if the server has not exited within 10 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The CLI spells types as 'Keyword', 'Int', 'KeywordList'. */
function cliTypeName(type: string): string {
  return type
    .toLowerCase()
    .split('_')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
