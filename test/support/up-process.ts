// `duban up` as a child process, the way a user runs it: its own namespace, the test database, free ports.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { freePort } from './free-port';
import { waitUntil } from './wait';

const ROOT = path.join(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'client', 'cli', 'main.ts');

/** The environment of an `up` on the test database and the suite's Temporal, in a namespace of its own. */
export async function upEnvironment(
  databaseUrl: string,
  extra: NodeJS.ProcessEnv = {},
): Promise<NodeJS.ProcessEnv> {
  // Its own namespace: the ledger's workflow ids must not meet other test files' tasks.
  const namespace = `up-${randomUUID().slice(0, 8)}`;
  const connection = await Connection.connect({ address: process.env.DUBAN_TEST_TEMPORAL_ADDRESS! });
  await connection.workflowService.registerNamespace({
    namespace,
    workflowExecutionRetentionPeriod: msToTs('1 day'),
  });
  await connection.close();
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: process.env.DUBAN_TEST_TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: namespace,
    HTTP_PORT: String(await freePort()),
    MAIL_CATCHER_PORT: String(await freePort()),
    DUBAN_DATA_DIR: path.join(ROOT, '.data', `test-up-${process.pid}-${namespace}`),
    DUBAN_SPEED: '21600',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export interface UpProcess {
  /** Everything printed so far, stdout and stderr. */
  output(): string;
  /** Waits until `up` has printed `pattern`; fails with its output if it exits first. */
  waitForOutput(pattern: RegExp): Promise<void>;
  /** Ctrl-C, then its exit code. */
  interrupt(): Promise<number | null>;
  /** Its exit code, once it exits on its own. */
  exited: Promise<number | null>;
  pid: number | undefined;
  kill(): void;
}

export const startUp = (env: NodeJS.ProcessEnv): UpProcess => startCli(env, 'up');

/** A long-running CLI command (`up`, `temporal-server`) in another process, with `env`. */
export function startCli(env: NodeJS.ProcessEnv, ...args: string[]): UpProcess {
  let output = '';
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env,
    cwd: ROOT,
  });
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    output: () => output,
    async waitForOutput(pattern) {
      await waitUntil(
        `\`duban ${args.join(' ')}\` to print ${pattern}`,
        async () => ({ output, exitCode: child.exitCode }),
        (s) => pattern.test(s.output) || s.exitCode !== null,
        // Migrations, the ledger and 41 workflows before the banner: bounded a little above the suite's default.
        { timeoutMs: 180_000, show: (s) => `exit code ${s.exitCode}, output:\n${s.output}` },
      );
      if (child.exitCode !== null) throw new Error(`${args[0]} exited with ${child.exitCode}:\n${output}`);
    },
    async interrupt() {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
    exited,
    pid: child.pid,
  };
}

/** One CLI command line in another process, with `env`. */
export const runCli = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { env, cwd: ROOT, encoding: 'utf8' });
