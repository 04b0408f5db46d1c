// A CPU hog: N busy child processes (one per core by default) that keep every core at 100 % until stopped,
// so that a test run can be tried on a machine that is as busy as a shared CI host. Used by
// `npm run test:under-load`; on its own: `node --import tsx test/load/cpu-hog.ts [procs] [seconds]`.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';

/** The busy loop each process runs: pure CPU, no allocation, no I/O. */
const SPIN = 'for (;;) { for (let i = 0; i < 1e7; i++); }';

export interface CpuHog {
  procs: number;
  stop(): Promise<void>;
}

/** Starts `procs` busy processes at normal priority; `stop` kills them (they also die with this process). */
export function startCpuHog(procs = os.cpus().length): CpuHog {
  const children: ChildProcess[] = Array.from({ length: procs }, () =>
    spawn(process.execPath, ['-e', SPIN], { stdio: 'ignore' }),
  );
  const killAll = () => children.forEach((c) => c.kill('SIGKILL'));
  process.once('exit', killAll);
  return {
    procs,
    async stop() {
      process.off('exit', killAll);
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGKILL');
            }),
        ),
      );
    },
  };
}

if (require.main === module) {
  const procs = Number(process.argv[2] ?? os.cpus().length);
  const seconds = Number(process.argv[3] ?? 600);
  const hog = startCpuHog(procs);
  process.stderr.write(`cpu-hog: ${procs} busy processes for ${seconds} s\n`);
  const done = () => void hog.stop().then(() => process.exit(0));
  setTimeout(done, seconds * 1000);
  process.once('SIGINT', done);
  process.once('SIGTERM', done);
}
