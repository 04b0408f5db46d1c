// Worker processes (`worker/main.ts`, as deployed) in numbered slots: started, SIGKILLed, restarted, and
// every exit recorded with its log, so an exit nobody asked for shows up as an unhandled error.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface WorkerExit {
  slot: number;
  incarnation: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the fleet killed or stopped it; false is an exit nobody asked for. */
  expected: boolean;
  logFile: string;
}

interface Running {
  child: ChildProcess;
  incarnation: number;
  ready: boolean;
  expected: boolean;
  logFile: string;
  log: WriteStream;
  exited: Promise<void>;
}

export class WorkerFleet {
  readonly exits: WorkerExit[] = [];
  readonly logFiles: string[] = [];
  kills = 0;
  /** Real instants of the SIGKILLs. */
  readonly killedAt: number[] = [];
  private readonly running = new Map<number, Running>();
  private incarnations = 0;
  private stopping = false;
  private readonly restarts = new Set<NodeJS.Timeout>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly logDir: string,
    readonly size: number,
  ) {}

  startAll(): void {
    for (let slot = 0; slot < this.size; slot++) this.start(slot);
  }

  /** Slots whose worker has connected and is polling. */
  readySlots(): number[] {
    return [...this.running.entries()].filter(([, r]) => r.ready).map(([slot]) => slot);
  }

  /** Waits until `n` workers are polling, or throws after `timeoutMs`. */
  async waitReady(n = this.size, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.readySlots().length < n) {
      if (Date.now() > deadline) throw new Error(`only ${this.readySlots().length} of ${n} workers started`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGKILLs the worker in `slot` (if it is up) and starts a new one after `restartAfterMs`. */
  kill(slot: number, restartAfterMs: number): boolean {
    const r = this.running.get(slot);
    if (!r || !r.ready) return false;
    r.expected = true;
    r.child.kill('SIGKILL');
    this.kills += 1;
    this.killedAt.push(Date.now());
    // The slot frees itself when the exit is seen; the restart waits for that.
    const timer = setTimeout(() => {
      this.restarts.delete(timer);
      void r.exited.then(() => this.start(slot));
    }, restartAfterMs);
    this.restarts.add(timer);
    return true;
  }

  /** SIGTERM (graceful drain) to every worker; SIGKILL after `graceMs`. */
  async stop(graceMs = 20_000): Promise<void> {
    this.stopping = true;
    for (const t of this.restarts) clearTimeout(t);
    await Promise.all(
      [...this.running.values()].map(async (r) => {
        r.expected = true;
        r.child.kill('SIGTERM');
        const timer = setTimeout(() => r.child.kill('SIGKILL'), graceMs);
        await r.exited;
        clearTimeout(timer);
      }),
    );
  }

  /** Last resort on the way out (sync): no process of ours outlives the test. */
  killAllNow(): void {
    this.stopping = true;
    for (const r of this.running.values()) r.child.kill('SIGKILL');
  }

  private start(slot: number): void {
    // One worker per slot: a restart that finds the slot taken (a kill and a crash racing) does nothing.
    if (this.stopping || this.running.has(slot)) return;
    const incarnation = ++this.incarnations;
    const logFile = path.join(this.logDir, `worker-${slot}-${incarnation}.log`);
    const log = createWriteStream(logFile);
    this.logFiles.push(logFile);
    // CHAOS_PROFILE_DIR: each worker writes a V8 CPU profile there when it stops gracefully (a killed one cannot).
    const profile = process.env.CHAOS_PROFILE_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.CHAOS_PROFILE_DIR)}`]
      : [];
    const child = spawn(
      process.execPath,
      [...profile, '--import', 'tsx', path.join(ROOT, 'worker/main.ts')],
      {
        cwd: ROOT,
        env: this.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let resolveExit: () => void = () => undefined;
    const exited = new Promise<void>((resolve) => (resolveExit = resolve));
    const entry: Running = { child, incarnation, ready: false, expected: false, logFile, log, exited };
    this.running.set(slot, entry);
    child.once('exit', (code, signal) => {
      this.exits.push({ slot, incarnation, code, signal, expected: entry.expected, logFile });
      if (this.running.get(slot) === entry) this.running.delete(slot);
      log.end();
      // A worker that died on its own is restarted like a crashed replica would be (and counted as an error).
      if (!entry.expected) setTimeout(() => this.start(slot), 1_000);
      resolveExit();
    });
    let tail = '';
    const tee = (chunk: Buffer) => {
      log.write(chunk);
      if (entry.ready) return;
      tail = (tail + chunk.toString('utf8')).slice(-4096);
      if (tail.includes('"worker running"')) entry.ready = true;
    };
    child.stdout!.on('data', tee);
    child.stderr!.on('data', tee);
  }
}
