// A Temporal server process of either kind (the CLI's dev server, or the server on Postgres): spawned with its
// output in a log file, waited for until it answers, stopped with SIGTERM and then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';

export interface TemporalProcess {
  address: string;
  uiUrl: string | undefined;
  pid: number | undefined;
  /** The file the server's output goes to (appended to across restarts). */
  logFile: string;
  /**
   * Resolves, with a message naming the exit and the log, if the server exits without `stop()` having been
   * asked: whoever started it must not go on as if Temporal were there (workers would retry in silence).
   */
  died: Promise<string>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** What the errors call it: 'temporal dev server'. */
  name: string;
  command: string;
  args: string[];
  /** The log file's directory. */
  dataDir: string;
  address: string;
  /** Resolves true once the server is usable; called every 250 ms until it is or the deadline passes. */
  ready(connection: Connection): Promise<boolean>;
  startTimeoutMs: number;
}

/** Spawns the server and resolves once `ready` says so; kills it and throws if it exits or never gets there. */
export async function spawnTemporal(options: SpawnOptions): Promise<Omit<TemporalProcess, 'uiUrl'>> {
  mkdirSync(options.dataDir, { recursive: true });
  const logFile = path.join(options.dataDir, 'temporal-server.log');
  const out = openSync(logFile, 'a');
  const child = spawn(options.command, options.args, { stdio: ['ignore', out, out], detached: false });
  let exited: { code: number | null } | undefined;
  let stopping = false;
  const died = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code };
      if (!stopping)
        resolve(`${options.name} exited unexpectedly (${signal ?? `code ${code}`}); see ${logFile}`);
    }),
  );

  const deadline = Date.now() + options.startTimeoutMs;
  for (;;) {
    if (exited) {
      throw new Error(`${options.name} exited with ${exited.code} before answering; see ${logFile}`);
    }
    if (await answers(options.address, options.ready)) break;
    if (Date.now() > deadline) {
      stopping = true;
      await stopChild(child);
      throw new Error(
        `${options.name} at ${options.address} did not answer within ${options.startTimeoutMs} ms; see ${logFile}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = () => {
    stopping = true;
    return stopChild(child);
  };
  return { address: options.address, pid: child.pid, logFile, died, stop };
}

async function answers(address: string, ready: SpawnOptions['ready']): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    return await ready(connection);
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/** True once the namespace can be described (the server is up and knows it). */
export async function namespaceExists(connection: Connection, namespace: string): Promise<boolean> {
  await connection.workflowService.describeNamespace({ namespace });
  return true;
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
