// The bench's child processes: the task worker (worker/main.ts, as in production) and the baseline worker,
// each a separate Node process whose RSS and CPU time the bench reads from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ChildHandle {
  pid: number;
  name: string;
  logFile: string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');

/** Spawns `node --import tsx <script>` and resolves once a stdout line contains `readyText`. */
export async function spawnTsProcess(options: {
  name: string;
  script: string;
  env: Record<string, string>;
  logDir: string;
  readyText: string;
  nodeArgs?: string[];
  timeoutMs?: number;
}): Promise<ChildHandle> {
  const logFile = path.join(options.logDir, `${options.name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(ROOT, options.script)],
    { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr!.pipe(log, { end: false });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.name} not ready after ${options.timeoutMs ?? 120_000} ms; see ${logFile}`));
    }, options.timeoutMs ?? 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (seen !== 'ready') {
        seen = (seen + chunk.toString('utf8')).slice(-4096);
        if (seen.includes(options.readyText)) {
          seen = 'ready';
          clearTimeout(timer);
          resolve();
        }
      }
    });
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited before it was ready; see ${logFile}`));
    });
  });
  return {
    pid: child.pid!,
    name: options.name,
    logFile,
    async stop() {
      if (!exited) {
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.kill('SIGTERM');
        await exit;
        clearTimeout(killer);
      }
      log.end();
    },
  };
}

/** Resident set size of `pid` in MiB (VmRSS from /proc/<pid>/status). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) that `pid` has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds the whole machine has spent busy (not idle or iowait), from /proc/stat. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = v as number[];
  return (user! + nice! + system! + irq! + softirq! + steal!) / TICKS_PER_SECOND;
}
